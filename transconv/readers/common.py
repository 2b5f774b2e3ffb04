"""Pieces both readers need: the options, tolerant field access and value coercion.

Source JSON is hand-edited, null-omitting and occasionally wrong-typed (sources.md §7), so the
readers never index a dict directly. Missing and ``null`` mean "absent"; a value of the wrong
JSON type in a structural position (a list where a list must be) raises :class:`InvalidInput`
naming the JSON path, while passthrough fields are never type-checked (§7.12).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from ..errors import InvalidInput, UsageError
from ..model import Token, Turn
from ..timecode import frame_rate
from .text import clean

if TYPE_CHECKING:
    import logging

    from ..timeops import Retiming

WordsChoice = Literal["display", "original", "lexical"]
UnknownChoice = Literal["tag", "drop"]

#: Default input size limit: far above any real export, far below what would exhaust memory.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024

#: What a reader's ``sniff`` says of a document: not its shape, likely, or certainly its shape
#: (see :class:`transconv.formats.Reader`).
NOT, LIKELY, CERTAIN = 0, 1, 2


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How readers interpret a source; ``read(..., **kwargs)`` maps keywords onto these fields.

    ``words``: which form of the words becomes the tokens — ``display`` (the punctuated,
    formatted form: SmartDocumentor's edited words, a speech service's punctuated words) or
    the raw recognised words, called ``original`` or ``lexical`` (one concept, two names:
    SmartDocumentor's ``originalWords``, a speech service's lexical form — Deepgram's
    ``word``, Azure's ``lexical``, Speechmatics' spoken form, AWS and Speechmatics without
    their punctuation items). A source with one form only reads the same either way.
    ``speaker_names``: renames speakers of any input after reading (``{"A": "Alice"}`` or
    ``"A=Alice,B=Bob"``): a key is a speaker's id in the source, else its current label
    (:mod:`.speakernames`).
    ``audio_channel``: of a multichannel speech-service response, ``speakers`` (default)
    reads every channel as one speaker, named ``Channel 1``, ``Channel 2``…; a number reads
    only that channel (counted from 1), with the speakers the service found in it.
    ``unknown``: Rev.ai ``unknown`` elements become an ``inaudible`` tag (``tag``) or vanish
    (``drop``). ``max_bytes``: inputs larger than this are refused before they are read.
    ``frame_rate``: lets ``HH:MM:SS:FF`` times be read (refused without one; §6), and is the
    rate of a caption file whose format does not say it.
    ``encoding``: the text encoding of a caption or text file (detected when None).
    ``channel``: the CEA-608 channel an SCC or MCC file is read from (CC1–CC4).
    ``dash_speakers``: a caption line opening with ``- `` marks a change of speaker (off by
    default: the dash also opens plain dialogue lines).
    ``shift``, ``fps_from``/``fps_to`` and ``timecode_offset``: the time operations of
    :mod:`transconv.timeops`, applied to what was read.
    """

    words: WordsChoice = "display"
    unknown: UnknownChoice = "tag"
    max_bytes: int = DEFAULT_MAX_BYTES
    frame_rate: Fraction | str | None = None
    encoding: str | None = None
    channel: str = "cc1"
    dash_speakers: bool = False
    shift: int | str = 0
    fps_from: Fraction | str | None = None
    fps_to: Fraction | str | None = None
    timecode_offset: str | None = None
    speaker_names: tuple[tuple[str, str], ...] | dict[str, str] | str | None = None
    audio_channel: int | str = "speakers"

    def __post_init__(self) -> None:
        if self.frame_rate is not None and not isinstance(self.frame_rate, Fraction):
            # "29.97" means 30000/1001; timecode.frame_rate knows the NTSC names.
            object.__setattr__(self, "frame_rate", frame_rate(self.frame_rate))
        if self.words not in ("display", "original", "lexical"):
            raise UsageError(f"option words: {self.words!r} is not one of display, original, "
                             "lexical")
        if self.speaker_names is not None:
            from .speakernames import parse_names

            object.__setattr__(self, "speaker_names", parse_names(self.speaker_names))
        object.__setattr__(self, "audio_channel", _audio_channel(self.audio_channel))
        if self.unknown not in ("tag", "drop"):
            raise UsageError(f"option unknown: {self.unknown!r} is not one of tag, drop")
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int) \
                or self.max_bytes < 1:
            raise UsageError(f"option max_bytes: {self.max_bytes!r} is not a positive integer")
        channel = str(self.channel).strip().lower()
        if channel not in ("cc1", "cc2", "cc3", "cc4"):
            raise UsageError(f"option channel: {self.channel!r} is not one of CC1, CC2, CC3, CC4")
        object.__setattr__(self, "channel", channel)

        self.retiming  # noqa: B018 (refuses a bad shift, rate or time code now)

    @property
    def retiming(self) -> Retiming:
        """The time operations the options ask for (none by default)."""
        from ..timeops import Retiming

        return Retiming.of(self.shift, self.fps_from, self.fps_to, self.timecode_offset)


    @property
    def recognised(self) -> bool:
        """Whether the raw recognised words are asked for (``original`` or ``lexical``)."""
        return self.words != "display"

    @property
    def rate(self) -> Fraction | None:
        """``frame_rate`` as the exact Fraction ``__post_init__`` made of it."""
        return self.frame_rate if isinstance(self.frame_rate, Fraction) else None


def _audio_channel(value: object) -> int | str:
    """``speakers`` or a channel number from 1 (``"2"`` accepted as 2)."""
    if isinstance(value, str) and value.strip().lower() == "speakers":
        return "speakers"
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text.isdigit():
        text = int(text)
    if isinstance(text, int) and not isinstance(text, bool) and text >= 1:
        return text
    raise UsageError(f"option audio_channel: {value!r} is not 'speakers' or a channel "
                     "number from 1")


def type_name(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def items(value: object, where: str) -> list[Any]:
    """A JSON array field: ``None`` → empty, an array → itself, anything else → InvalidInput."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise InvalidInput(f"expected an array, got {type_name(value)}", where=where)


def mapping(value: object, where: str) -> dict[str, Any]:
    """A JSON object field: ``None`` → empty, an object → itself, anything else → InvalidInput."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise InvalidInput(f"expected an object, got {type_name(value)}", where=where)


def text_value(value: object, where: str) -> str:
    """Display text from a JSON value: strings cleaned, numbers spelled, null → ``""``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    raise InvalidInput(f"expected text, got {type_name(value)}", where=where)


def optional_text(value: object, *, collapse: bool = True) -> str | None:
    """A free-text field (title, description) or None; not type-checked (§7.12): junk → None.

    ``collapse`` folds runs of whitespace (right for a title, not for a description).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = text_value(value, "")
    text = " ".join(text.split()) if collapse else text.strip()
    return text or None


def stamp(value: object) -> str | None:
    """An audit field (author, ISO 8601 datetime) passed through as text; null → None."""
    if value is None:
        return None
    return clean(value) if isinstance(value, str) else str(value)


def key_value(value: object, where: str) -> str | None:
    """A speaker id as a string key (``1`` and ``"1"`` are the same speaker); null → None."""
    if value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        return clean(stripped) if stripped else None
    if isinstance(value, bool):
        raise InvalidInput(f"expected an id, got {type_name(value)}", where=where)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    raise InvalidInput(f"expected an id, got {type_name(value)}", where=where)


def confidence_value(value: object) -> float | None:
    """A confidence as a float (percentages are rescaled later, document-wide); junk → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


def rescale_confidence(turns: Iterable[Turn], largest: float) -> None:
    """Percentages → 0..1 when any confidence exceeds 1 (§5, §7.11); values past 100 → None.

    A token with a confidence is replaced in its turn by a rescaled copy (tokens are frozen).
    """
    if largest <= 1.0:
        return
    for turn in turns:
        turn.tokens = [
            token if (value := token.confidence) is None
            else Token(token.kind, token.text, token.start, token.end,
                       value / 100.0 if value <= 100.0 else None)
            for token in turn.tokens]


_LANGUAGE_KEYS = ("language", "languageCode", "language_code", "locale", "lang")


def language_of(*sources: object) -> str | None:
    """The first language tag found in ``sources`` (dicts), ``en_US`` spelled ``en-US``."""
    for source in sources:
        if not isinstance(source, dict):
            continue
        for key in _LANGUAGE_KEYS:
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return clean(value.strip()).replace("_", "-")
    return None


@functools.cache
def _logger() -> logging.Logger:
    """The readers' logger, made on the first finding: importing :mod:`logging` is some
    5 ms of every conversion's start-up, and most inputs produce no finding at all."""
    from ..notices import logger  # the package logger prints nothing (see notices)

    return logger("transconv.readers")


def warn(source: str, where: str, message: str) -> None:
    """Log a non-fatal finding in the same ``source: where: message`` shape as errors."""
    _logger().warning("%s", ": ".join(part for part in (source, where, message) if part))
