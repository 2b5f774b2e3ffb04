"""What the speech-service readers share: times in each service's units, word errors with
their JSON path, language tags, channel choice and error responses.

A response is a hundred thousand words for ten hours, so the per-word helpers take the
common spelling of each unit inline (float seconds scaled and rounded, integer
milliseconds, whole ticks) and hand anything else to the one time parser
(:func:`~transconv.readers.timeparse.parse_time`), which decides every odd case the same
way for every reader. Building a JSON path for each word would cost more than reading it,
so a bad value raises :class:`Bad` naming only its field, and the reader's loop adds the
path of the word it was at (:meth:`Bad.at`).
"""

from __future__ import annotations

from math import isnan
from typing import Any

from ...errors import InvalidInput
from ..common import ReadOptions, confidence_value, type_name
from ..text import clean
from ..timeparse import NEAR_HALF, TimeParseError, parse_time
from .languages import LANGUAGE_NAMES


class Bad(Exception):
    """A word's field holds something that is not what the field holds."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def at(self, where: str) -> InvalidInput:
        """The one-line error, at the word ``where`` (the JSON path of the word)."""
        path = f"{where}.{self.field}" if self.field else where
        return InvalidInput(self.message, where=path)


def seconds(value: Any, field: str) -> int | None:
    """Float seconds (or a numeric string: AWS writes ``"1.53"``) → milliseconds."""
    if type(value) is float and 0.0 <= value < 1e9:
        scaled = value * 1000.0
        ms = round(scaled)
        if -NEAR_HALF < scaled - ms < NEAR_HALF:
            return ms
    elif type(value) is str:
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if 0.0 <= number < 1e9:
            scaled = number * 1000.0
            ms = round(scaled)
            if -NEAR_HALF < scaled - ms < NEAR_HALF:
                return ms
    return _parse(value, "s", field)


def millis(value: Any, field: str) -> int | None:
    """Integer milliseconds (AssemblyAI, Azure's ``…Milliseconds`` fields)."""
    if type(value) is int and value >= 0:
        return value
    return _parse(value, "ms", field)


def ticks(value: Any, field: str) -> int | None:
    """100-nanosecond ticks (Azure); written as whole numbers, often as floats."""
    if (type(value) is int or (type(value) is float and value.is_integer())) \
            and 0 <= value < 1e16:
        return round(value / 10_000)
    return _parse(value, "ticks", field)


def proto_ms(value: Any, field: str) -> int | None:
    """:func:`duration` for the common ``"1.300s"`` in one call (the word loop's case)."""
    if type(value) is str and value[-1:] == "s":
        try:
            scaled = float(value[:-1]) * 1000.0
        except ValueError:
            scaled = -1.0
        if 0.0 <= scaled < 1e12:
            ms = round(scaled)
            if -NEAR_HALF < scaled - ms < NEAR_HALF:
                return ms
    return duration(value, field)


def duration(value: Any, field: str) -> int | None:
    """A protobuf Duration as Google's JSON writes it (``"1.300s"``), or as an object
    (``{"seconds": "1", "nanos": 300000000}``, as some client libraries give it)."""
    if type(value) is str and value.endswith("s"):
        return seconds(value[:-1], field)
    if type(value) is dict:
        try:
            whole = int(value.get("seconds") or 0)
            nanos = int(value.get("nanos") or 0)
        except (TypeError, ValueError):
            raise Bad(field, f"{_short(value)} is not a duration") from None
        if whole < 0 or nanos < 0:
            return None
        return whole * 1000 + round(nanos / 1_000_000)
    return _parse(value, "s", field)


def _parse(value: Any, unit: Any, field: str) -> int | None:
    try:
        return parse_time(value, unit)
    except TimeParseError as exc:
        raise Bad(field, str(exc)) from None


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def confidence(value: Any) -> float | None:
    """A confidence: floats in 0..1 as they are, anything else by the common rule."""
    if type(value) is float and 0.0 <= value <= 1.0:
        return value
    return confidence_value(value)


def label(value: Any, field: str) -> str | None:
    """A speaker or channel label as a string key (``0`` and ``"0"`` alike); None if absent."""
    if type(value) is str:
        text = value.strip()
        return (text if text.isprintable() else clean(text)) or None
    if type(value) is int:
        return str(value)
    if value is None:
        return None
    if type(value) is float and value.is_integer():
        return str(int(value))
    raise Bad(field, f"expected a label, got {type_name(value)}")


def text(value: Any, field: str) -> str:
    """A word's text; numbers spelled, null empty, anything else refused."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise Bad(field, f"expected text, got {type_name(value)}")


def record(value: Any) -> dict[str, Any]:
    """A word (or phrase) object; null reads as an empty one."""
    if type(value) is dict:
        return value
    if value is None:
        return {}
    raise Bad("", f"expected an object, got {type_name(value)}")


def plain_confidences(values: list[Any]) -> bool:
    """Whether :func:`confidence` keeps every value as it is (floats in 0..1, or all None)."""
    kinds = set(map(type, values))
    if kinds == {float}:  # a NaN fails the last test (the word path makes it None)
        return min(values) >= 0.0 and max(values) <= 1.0 and not isnan(sum(values))
    return kinds == {type(None)}


def plain_texts(values: list[Any]) -> bool:
    """Whether every value is a string (:func:`text` keeps it as it is)."""
    return set(map(type, values)) == {str}


def labels_of(values: list[Any], field: str) -> list[str | None] | None:
    """:func:`label` of each value, each distinct value labelled once; None when a value is
    not hashable or not a label, for the reader's word-by-word path to name the word."""
    try:
        labels = {value: label(value, field) for value in set(values)}
    except (TypeError, Bad):
        return None
    return list(map(labels.__getitem__, values))


def language_tag(value: object) -> str | None:
    """A BCP 47 tag from what services write: ``en-US``, ``en_us`` (AssemblyAI), ``en-us``
    (Google) or a name (``english``: the OpenAI API's Whisper) → ``en-US`` / ``en``."""
    if not isinstance(value, str) or not value.strip():
        return None
    raw = clean(value.strip())
    named = LANGUAGE_NAMES.get(raw.casefold())
    if named is not None:
        return named
    parts = raw.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part)
    return "-".join(out)


def chosen_channel(options: ReadOptions, count: int, service: str) -> int | None:
    """The channel index (from 0) the options ask for, or None to read every channel as
    its own speaker; refuses a channel the response does not have."""
    wanted = options.audio_channel
    if wanted == "speakers" or not isinstance(wanted, int):
        return None
    if wanted > count:
        raise InvalidInput(f"audio channel {wanted} asked for, but the {service} response "
                           f"has {count} channel{'s' if count != 1 else ''}")
    return wanted - 1


def refuse(service: str, what: str) -> InvalidInput:
    """The error for a file that holds a service's error response, not a transcript."""
    what = " ".join(str(what).split()) or "no details given"
    if len(what) > 300:
        what = what[:297] + "..."
    return InvalidInput(f"this is a {service} error response, not a transcript: {what}")
