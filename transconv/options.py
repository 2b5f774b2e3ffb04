"""Building a writer's typed options from keyword arguments or command-line text.

Every writer declares a frozen ``Options`` dataclass. Fields whose type is itself a
dataclass are option groups that several writers share: caption writers carry a ``style``
(:class:`~transconv.segment.CaptionStyle`), frame-based writers a ``timing``
(:class:`~transconv.formats.timing.FrameTiming`), SCC and MCC a ``line21``
(:class:`~transconv.formats.cea608.Line21`). Callers give every option flat
(``dumps(t, "srt", max_chars=32)``, ``-O fps=25``): a name that belongs to a group is routed
into it, so no two fields of one writer's options and groups share a name. Values given as
text (from ``-O key=value``) are converted by the field's declared type.

One concept has one name in every format; the names options had before that are still
accepted (:data:`ALIASES`, the one table of them) and mean the option's name of today.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from collections.abc import Mapping
from typing import Any, Final

from .errors import UsageError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _convert(name: str, hint: Any, value: Any) -> Any:
    """Convert command-line text to the field's type; other values pass through."""
    if not isinstance(value, str):
        return value
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        choices = typing.get_args(hint)
        if value not in choices:
            allowed = ", ".join(map(str, choices))
            raise UsageError(f"option {name}: {value!r} is not one of {allowed}")
        return value
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        if value.lower() in ("none", "") and len(args) < len(typing.get_args(hint)):
            return None
        if len(args) == 1:
            return _convert(name, args[0], value)
        return value
    try:
        if hint is bool:
            low = value.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError(value)
        if hint is int:
            return int(value)
        if hint is float:
            return float(value)
        # A Fraction field means its module imported fractions; looked up rather than
        # imported here, so start-up does not pay for fractions and decimal.
        fractions = sys.modules.get("fractions")
        if fractions is not None and hint is fractions.Fraction:
            return fractions.Fraction(value)
    except ValueError:
        raise UsageError(f"option {name}: {value!r} is not a valid {hint.__name__}") from None
    return value


def _fits(hint: Any, value: Any) -> bool:
    """Whether ``value`` is of the declared type ``hint`` (bool is not an int here)."""
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return any(_fits(arm, value) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True  # a type this checker does not know: the dataclass itself decides


def _checked(name: str, hint: Any, value: Any) -> Any:
    """``value`` converted from text if need be, refused unless it fits the field's type."""
    value = _convert(name, hint, value)
    if not _fits(hint, value):
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            fields = ", ".join(f.name for f in dataclasses.fields(hint))
            raise UsageError(f"option {name} is a group of options; give its fields ({fields})")
        wanted = getattr(hint, "__name__", None) or str(hint).replace("typing.", "")
        raise UsageError(f"option {name}: {value!r} is not a valid {wanted}")
    return value


#: Former option names, per format: old name → the name the option has today. Only the
#: formats that had a name accept it, so an old name reaches the same formats it always did.
ALIASES: Final[dict[str, dict[str, str]]] = {
    "scc": {"start": "start_timecode", "drop_frame": "timecode", "replacement": "fallback",
            "align": "horizontal_align"},
    "mcc": {"start": "start_timecode", "replacement": "fallback", "align": "horizontal_align"},
    "cap": {"justification": "horizontal_align", "vertical": "vertical_align"},
    "ebu-stl": {"justification": "horizontal_align"},
    "qt": {"size": "font_size", "justify": "horizontal_align"},
}


def _drop_frame(value: Any) -> Any:
    """SCC's former ``drop_frame`` flag as the time-code mode it chose."""
    flag = _convert("drop_frame", bool, value) if isinstance(value, str) else bool(value)
    return "smpte-df" if flag else "smpte-ndf"


#: Former names whose values changed shape too: old value → today's.
_ALIAS_VALUES: Final = {"drop_frame": _drop_frame}


def _groups(options_type: type[Any]) -> dict[str, type[Any]]:
    """The option groups of ``options_type``: its fields whose type is a dataclass."""
    hints = typing.get_type_hints(options_type)
    return {f.name: hints[f.name] for f in dataclasses.fields(options_type)
            if isinstance(hints[f.name], type) and dataclasses.is_dataclass(hints[f.name])}


def option_names(options_type: type[Any]) -> list[str]:
    """Every option ``options_type`` takes flat, in field order with the groups expanded in
    place, the caption style's rules (which every caption writer shares) last."""
    groups = _groups(options_type)
    names: list[str] = []
    for f in dataclasses.fields(options_type):
        if f.name == "style" and f.name in groups:
            continue
        group = groups.get(f.name)
        names += [g.name for g in dataclasses.fields(group)] if group else [f.name]
    if "style" in groups:
        names += [g.name for g in dataclasses.fields(groups["style"])]
    return names


def accepted_names(options_type: type[Any], owner: str) -> set[str]:
    """Every key ``make_options`` takes for ``owner``: flat names, groups whole, old names."""
    return ({f.name for f in dataclasses.fields(options_type)} | set(option_names(options_type))
            | set(ALIASES.get(owner, ())))


def _build(cls: type[Any], values: Mapping[str, Any], owner: str) -> Any:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise UsageError(f"{owner} has no option {', '.join(unknown)}; "
                         f"options: {', '.join(sorted(option_names(cls)))}")
    converted = {k: _checked(k, hints[k], v) for k, v in values.items()}
    try:
        return cls(**converted)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{owner}: {exc}") from None


def make_options(options_type: type[Any], values: Mapping[str, Any], owner: str) -> Any:
    """An ``options_type`` instance from ``values`` (flat names routed into their groups,
    the former names of ``owner``'s options taken for today's)."""
    fields = {f.name: f for f in dataclasses.fields(options_type)}
    groups = _groups(options_type)
    home = {g.name: group for group, cls in groups.items() for g in dataclasses.fields(cls)}
    renamed = ALIASES.get(owner, {})
    own: dict[str, Any] = {}
    grouped: dict[str, dict[str, Any]] = {group: {} for group in groups}
    given: dict[str, str] = {}
    for key, value in values.items():
        key = name = key.replace("-", "_")
        if key not in fields and key not in home and key in renamed:
            name = renamed[key]
            if key in _ALIAS_VALUES:
                value = _ALIAS_VALUES[key](value)
        if name in given:
            raise UsageError(f"{owner}: {given[name]} and {key} are the same option; give one")
        given[name] = key
        if name not in fields and name in home:
            grouped[home[name]][name] = value
        else:
            own[name] = value  # unknown names too: _build reports them with the full list
    for group, group_values in grouped.items():
        if group_values:
            own[group] = _fill(fields[group], own.get(group), group_values, owner)
    return _build(options_type, own, owner)


def _fill(group_field: dataclasses.Field[Any], base: Any, values: dict[str, Any],
          owner: str) -> Any:
    """The group ``base`` (the field's default when None) with ``values`` set in it."""
    if base is None:
        default = group_field.default_factory
        base = default() if callable(default) else group_field.default
    hints = typing.get_type_hints(type(base))
    converted = {k: _checked(k, hints[k], v) for k, v in values.items()}
    try:
        return dataclasses.replace(base, **converted)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{owner}: {exc}") from None
