"""Building a writer's typed options from keyword arguments or command-line text.

Every writer declares a frozen ``Options`` dataclass; caption writers carry a ``style``
(:class:`~transconv.segment.CaptionStyle`). Callers may pass segmentation rules flat
(``dumps(t, "srt", max_chars=32)``): names that belong to the style are routed into it.
Values given as text (from ``-O key=value``) are converted by the field's declared type.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from collections.abc import Mapping
from typing import Any

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


def _build(cls: type[Any], values: Mapping[str, Any], owner: str) -> Any:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise UsageError(
            f"{owner} has no option {', '.join(unknown)}; options: {', '.join(sorted(names))}"
        )
    converted = {k: _convert(k, hints[k], v) for k, v in values.items()}
    try:
        return cls(**converted)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{owner}: {exc}") from None


def make_options(options_type: type[Any], values: Mapping[str, Any], owner: str) -> Any:
    """An ``options_type`` instance from ``values``, style fields routed into ``style``."""
    fields = {f.name: f for f in dataclasses.fields(options_type)}
    own: dict[str, Any] = {}
    style_values: dict[str, Any] = {}
    style_field = fields.get("style")
    style_names: set[str] = set()
    if style_field is not None:
        style_type = typing.get_type_hints(options_type)["style"]
        style_names = {f.name for f in dataclasses.fields(style_type)}
    for key, value in values.items():
        key = key.replace("-", "_")
        if key in fields:
            own[key] = value
        elif key in style_names:
            style_values[key] = value
        else:
            own[key] = value  # let _build report it with the full list
    if style_values and style_field is not None:
        base: Any = own.get("style")
        if base is None:
            default = style_field.default_factory
            base = default() if callable(default) else style_field.default
        hints = typing.get_type_hints(type(base))
        converted = {k: _convert(k, hints[k], v) for k, v in style_values.items()}
        try:
            own["style"] = dataclasses.replace(base, **converted)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"{owner}: {exc}") from None
    return _build(options_type, own, owner)
