"""The one time parser every reader uses (sources.md §6): any accepted spelling → integer ms.

Sources disagree on how they write times: Rev human JSON uses ``HH:MM:SS,fff`` strings, Rev.ai
float seconds, SmartDocumentor numbers of seconds (or, after a careless export, milliseconds or
.NET ``TimeSpan`` text), and hand-edited files anything in between. Funnelling them all through
one function means one rounding rule (half-even, exact on the decimal digits written) and one
set of error messages.

Missing is not an error: ``None``, ``""``, negatives, NaN and infinities return ``None`` so the
timing repair can fill the gap. Text that is not a time at all raises :class:`TimeParseError`,
whose message quotes the value (shortened) so the reader can add file name and JSON path.

The ``HH:MM:SS,fff`` spelling is on the hot path of a ten-hour Rev file (half a million
values), so it is parsed by slicing and three table lookups, no regex and no ``int()``.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from typing import Final, Literal

from ..errors import UsageError
from ..timecode import frame_to_ms, label_to_frame

Unit = Literal["s", "ms", "ticks"]

#: Milliseconds per unit of a bare number (ticks are 100 ns, so a ratio below one).
_SCALE: Final[dict[str, Fraction]] = {
    "s": Fraction(1000),
    "ms": Fraction(1),
    "ticks": Fraction(1, 10_000),
}

_NUMBER = re.compile(r"[+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ISO = re.compile(
    r"P(?:(?P<d>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?"
)
_SECONDS_FIELD = re.compile(r"(?P<s>\d+)(?:[.,](?P<f>\d+))?")
_MISSING_WORDS: Final = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity",
                                   "+infinity", "-infinity", "null", "none"})

#: ``"HH:MM:SS,"`` / ``"HH:MM:SS."`` → milliseconds, for the hot ``HH:MM:SS,fff`` spelling.
#: Filled a whole hour at a time (3,600 keys) when a new hour shows up, so a ten-hour file
#: misses ten times; every key is valid, so a reader may trust a hit and treat a miss
#: (``KeyError``) as "ask :func:`parse_time`". Bounded, after which the slow path serves.
CLOCK_HEADS: dict[str, int] = {}
_HEADS_LIMIT: Final = 100_000
#: Separator → ``"MM:SS<sep>"`` for every second of an hour (made on first use), and those
#: seconds in milliseconds: :func:`_clock12` builds an hour of keys from them at once.
_MINUTE_SECONDS: dict[str, list[str]] = {}
_MINUTE_SECONDS_MS: Final = [m * 60_000 + s * 1000 for m in range(60) for s in range(60)]
#: ``"000"``–``"999"`` → int, so the hot path needs no ``int()`` call for the milliseconds.
MILLIS: Final[dict[str, int]] = {f"{n:03d}": n for n in range(1000)}
#: ``round(x)`` of a float is trusted when ``-NEAR_HALF < x - round(x) < NEAR_HALF``; nearer
#: to a tie the decimal spelling decides. One chained comparison, no calls: readers run it
#: twice per word.
NEAR_HALF: Final = 0.5 - 1e-6


#: The largest time accepted, in milliseconds (10^12 ms is about 31.7 years).
MAX_MS: Final = 10**12


class TimeParseError(ValueError):
    """A value is present but is not any accepted spelling of a time."""


def _quote(value: object) -> str:
    """The value as the message shows it: strings quoted, JSON literals in JSON spelling."""
    if isinstance(value, bool) or value is None:
        text = "true" if value is True else "false" if value is False else "null"
    else:
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def round_half_even(value: Fraction) -> int:
    """Nearest integer to an exact rational, ties to even (Python's ``round`` on Fraction)."""
    return round(value)


def _float_ms(value: float, scale: int) -> int | None:
    """Milliseconds from a float, rounded half-even on the decimal digits the JSON held.

    ``round(x * 1000)`` is right except where the product lands on a binary neighbour of
    ``.5``; only then is the shortest decimal spelling (what the file said) consulted.
    """
    if not (value >= 0.0) or value == math.inf:
        return None
    if value > MAX_MS:
        return MAX_MS + 1  # refused by the caller; round() would overflow on 1e308 × 1000
    product = value * scale
    nearest = round(product)
    if not -NEAR_HALF < product - nearest < NEAR_HALF:
        exact = Decimal(repr(value)) * scale
        return int(exact.to_integral_value(rounding=ROUND_HALF_EVEN))
    return nearest


def _fraction_ms(digits: str) -> int:
    """Milliseconds from the digits after a decimal separator, any length, half-even."""
    if len(digits) <= 3:
        return int(digits.ljust(3, "0"))
    scale = 10 ** (len(digits) - 3)
    whole: int = int(digits) // scale
    rest: int = int(digits) % scale
    if 2 * rest > scale or (2 * rest == scale and whole % 2):
        whole += 1
    return whole


def _clock12(text: str) -> int | None:
    """``HH:MM:SS,fff`` / ``HH:MM:SS.fff`` by table lookup; ``None`` if not exactly that."""
    try:
        return CLOCK_HEADS[text[:9]] + MILLIS[text[9:]]
    except KeyError:
        pass
    hours = text[:2]
    if not (hours.isdigit() and hours.isascii() and text[2] == ":" and text[5] == ":"
            and len(CLOCK_HEADS) < _HEADS_LIMIT):
        return None
    base = int(hours) * 3_600_000
    # Built from prepared "MM:SS<sep>" halves by C-level concatenation: formatting the
    # 3,600 keys of each hour one by one took three times as long (a ten-hour file needs
    # ten hours of keys before its last word).
    separator = text[8]
    halves = _MINUTE_SECONDS.get(separator)
    if halves is None:
        halves = _MINUTE_SECONDS[separator] = [
            f"{m:02d}:{s:02d}{separator}" for m in range(60) for s in range(60)]
    CLOCK_HEADS.update(zip(map(f"{hours}:".__add__, halves),
                           map(base.__add__, _MINUTE_SECONDS_MS), strict=True))
    return CLOCK_HEADS.get(text[:9], 0) + MILLIS[text[9:]] if text[:9] in CLOCK_HEADS \
        and text[9:] in MILLIS else None


def _number(text: str, unit: Unit) -> int | None:
    """A numeric string in ``unit``; exact decimal arithmetic, so ``"0.0005"`` rounds to 0."""
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise TimeParseError(f"{_quote(text)} is not a number") from None
    if number.adjusted() > 15:  # "1e999999999" would build a billion-digit Fraction
        return MAX_MS + 1
    exact = Fraction(number)
    return round_half_even(exact * _SCALE[unit])


def _iso_duration(text: str) -> int:
    match = _ISO.fullmatch(text)
    if match is None or not any(match.groupdict().values()) or text.endswith("T"):
        raise TimeParseError(f"{_quote(text)} is not an ISO 8601 duration such as PT1M2.5S")
    total = Fraction(0)
    for name, factor in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)):
        part = match.group(name)
        if part:
            total += Fraction(Decimal(part.replace(",", "."))) * factor
    return round_half_even(total)


def _seconds_field(text: str, original: str) -> int:
    match = _SECONDS_FIELD.fullmatch(text)
    if match is None:
        raise TimeParseError(f"{_quote(original)} is not hh:mm:ss,fff")
    fraction = match.group("f")
    return int(match.group("s")) * 1000 + (_fraction_ms(fraction) if fraction else 0)


def _clock(text: str, original: str, frame_rate: Fraction | None) -> int:
    """``[d.]H:M:S[.,frac]``, ``M:S[.,frac]`` or (with a frame rate) ``HH:MM:SS:FF``."""
    parts = text.split(":")
    if len(parts) == 4 or ";" in text:
        if frame_rate is None:
            raise TimeParseError(
                f"{_quote(original)} looks like a frame time code; set a frame rate to read it"
            )
        drop = ";" in text
        try:
            hh, mm, ss, ff = (int(p) for p in text.replace(";", ":").split(":"))
            return frame_to_ms(label_to_frame(hh, mm, ss, ff, frame_rate, drop), frame_rate)
        except (ValueError, UsageError):
            raise TimeParseError(f"{_quote(original)} is not a valid HH:MM:SS:FF") from None
    if len(parts) == 3:
        head, minutes, seconds = parts
        days = "0"
        if "." in head:  # .NET TimeSpan "d.hh:mm:ss"
            days, _, head = head.partition(".")
        if not (days.isdigit() and head.isdigit() and minutes.isdigit()) or int(minutes) > 59:
            raise TimeParseError(f"{_quote(original)} is not hh:mm:ss,fff")
        ms = _seconds_field(seconds, original)
        if ms >= 60_000:
            raise TimeParseError(f"{_quote(original)} is not hh:mm:ss,fff")
        return (int(days) * 24 + int(head)) * 3_600_000 + int(minutes) * 60_000 + ms
    if len(parts) == 2 and parts[0].isdigit():
        ms = _seconds_field(parts[1], original)
        if ms >= 60_000:
            raise TimeParseError(f"{_quote(original)} is not mm:ss,fff")
        return int(parts[0]) * 60_000 + ms
    raise TimeParseError(f"{_quote(original)} is not hh:mm:ss,fff")


def parse_time(value: object, unit: Unit = "s", frame_rate: Fraction | None = None) -> int | None:
    """Integer milliseconds from any accepted time spelling, or ``None`` when missing.

    ``unit`` says what a bare number means (seconds unless the field name says ``ms`` or
    ``ticks``); clock strings always mean hours/minutes/seconds. Frame time codes
    (``00:00:12:15``) are refused unless ``frame_rate`` is given, because ``15`` could be
    frames at any rate. Rounding is half-even on the exact decimal value written. Times past
    :data:`MAX_MS` (about 31 years) are refused as implausible rather than carried as
    300-digit integers.
    """
    ms = _parse(value, unit, frame_rate)
    if ms is not None and ms > MAX_MS:
        raise TimeParseError(f"{_quote(value)} is too large to be a media time")
    return ms


def _parse(value: object, unit: Unit, frame_rate: Fraction | None) -> int | None:
    kind = type(value)
    if kind is str:
        text: str = value  # type: ignore[assignment]
        if len(text) == 12 and (text[8] == "," or text[8] == "."):
            fast = _clock12(text)
            if fast is not None:
                return fast
        return _parse_text(text, unit, frame_rate)
    if kind is float:
        number: float = value  # type: ignore[assignment]
        if unit == "s":
            return _float_ms(number, 1000)
        if not (number >= 0.0) or number == math.inf:
            return None
        if number > MAX_MS:
            return MAX_MS + 1
        return round_half_even(Fraction(Decimal(repr(number))) * _SCALE[unit])
    if kind is int:
        whole: int = value  # type: ignore[assignment]
        if whole < 0:
            return None
        return whole * 1000 if unit == "s" else round_half_even(whole * _SCALE[unit])
    if value is None:
        return None
    raise TimeParseError(f"{_quote(value)} is not a time")


def _parse_text(text: str, unit: Unit, frame_rate: Fraction | None) -> int | None:
    stripped = text.strip()
    if not stripped or stripped.lower() in _MISSING_WORDS:
        return None
    if len(stripped) > 64:  # no real time is this long; spares int() its 4300-digit limit
        raise TimeParseError(f"{_quote(text)} is not a time")
    if stripped[0] == "-":
        probe = stripped[1:]
        if probe and (probe[0].isdigit() or probe[0] in ".P"):
            return None  # a negative time of any spelling means "missing"
    if _NUMBER.fullmatch(stripped):
        return _number(stripped, unit)
    if stripped[0] == "P":
        return _iso_duration(stripped)
    if ":" in stripped:
        return _clock(stripped, text, frame_rate)
    raise TimeParseError(f"{_quote(text)} is not a time (seconds or hh:mm:ss,fff)")
