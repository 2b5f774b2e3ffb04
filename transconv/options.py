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
import re
import sys
import typing
from collections.abc import Mapping
from typing import Any, Final

from .errors import UsageError


def help_(text: str, unit: str | None = None) -> dict[str, str]:
    """Field metadata: the option's one-line meaning and its unit (the one source that
    ``transconv formats --options`` prints). A field whose unit is ``ms`` or ``s`` also
    takes a duration with a unit from the command line (``7s``, ``700ms``, ``00:00:07.000``);
    a bare number is in the field's own unit."""
    return {"help": text, "unit": unit} if unit else {"help": text}


_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(ms|s|m|h)?|(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?))$")
_SCALE = {"ms": 1, None: 1, "s": 1000, "m": 60_000, "h": 3_600_000}
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def duration_ms(name: str, text: str) -> int:
    """``7s``, ``700ms``, ``1.5s``, ``2m``, ``00:00:07.000`` or ``7000`` (milliseconds)."""
    match = _DURATION.match(text.strip().lower())
    if match is None:
        raise UsageError(f"option {name}: {text!r} is not a duration (7s, 700ms, 00:00:07.000)")
    number, unit, hours, minutes, seconds = match.groups()
    if number is not None:
        return round(float(number) * _SCALE[unit])
    return round(((int(hours or 0) * 60 + int(minutes)) * 60 + float(seconds)) * 1000)


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


def nearest(name: str, known: set[str]) -> str:
    """``" (did you mean max_chars?)"`` for the closest known option name, else ``""``."""
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


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


def _checked(name: str, hint: Any, value: Any, unit: str | None = None) -> Any:
    """``value`` converted from text if need be, refused unless it fits the field's type."""
    if unit in ("ms", "s") and isinstance(value, str) and not _NUMBER.match(value.strip()):
        ms = duration_ms(name, value)  # "7s", "700ms", "00:00:07.000"
        value = ms if unit == "ms" else max(1, round(ms / 1000))
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
        hint = nearest(unknown[0], accepted_names(cls, owner))
        raise UsageError(f"{owner} has no option {', '.join(unknown)}{hint}; "
                         f"options: {', '.join(sorted(option_names(cls)))}")
    units = {f.name: f.metadata.get("unit") for f in dataclasses.fields(cls)}
    converted = {k: _checked(k, hints[k], v, units[k]) for k, v in values.items()}
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
    units = {f.name: f.metadata.get("unit") for f in dataclasses.fields(base)}
    converted = {k: _checked(k, hints[k], v, units[k]) for k, v in values.items()}
    try:
        return dataclasses.replace(base, **converted)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{owner}: {exc}") from None


def _type_text(hint: Any) -> str:
    """A field's type as a person reads it: ``pop-on|roll-up``, ``int``, ``number|none``."""
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return "|".join(map(str, typing.get_args(hint)))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        arms = [_type_text(arm) for arm in typing.get_args(hint)]
        if {"int", "float", "fraction"} & set(arms):
            arms = ["number"] + [a for a in arms if a not in ("int", "float", "fraction")]
        return "|".join(dict.fromkeys(arms))
    if hint is type(None):
        return "none"
    return "fraction" if getattr(hint, "__name__", "") == "Fraction" else getattr(
        hint, "__name__", str(hint))


def describe(options_type: type[Any]) -> list[tuple[str, str, str, str]]:
    """(name, type and allowed values, default, meaning with its unit) for every option
    :func:`option_names` lists, from the fields' types and metadata and the format's own
    defaults (a group's default is the format's: 32 characters a line in SCC)."""
    defaults = options_type()
    groups = _groups(options_type)
    where: dict[str, tuple[Any, Any]] = {f.name: (f, defaults)
                                         for f in dataclasses.fields(options_type)}
    for group in groups:
        instance = getattr(defaults, group)
        where.update({f.name: (f, instance) for f in dataclasses.fields(instance)})
    rows = []
    for name in option_names(options_type):
        found, owner = where[name]
        kind = _type_text(typing.get_type_hints(type(owner))[name])
        meaning = found.metadata.get("help", "")
        if found.metadata.get("unit"):
            meaning += f" [{found.metadata['unit']}]"
        rows.append((name, kind, repr(getattr(owner, name)), meaning))
    return rows
