"""A transcript from a flat list of timed words: the shape every speech recogniser gives.

Speech-to-text services answer with words (text, start, end, confidence, a speaker label),
not with turns. Turning such a list into a :class:`~transconv.model.Transcript` is the same
work for every service, so it is done once, here, for the service readers
(:mod:`transconv.readers.asr`) and for anyone holding words from a source without a reader
(:meth:`Transcript.from_words <transconv.model.Transcript.from_words>`):

* a new turn opens at every change of speaker (and wherever the caller closes one);
* speakers keep the source's label as their id (``spk_0``, ``A``, ``SPEAKER_00``) and are
  named ``Speaker 1``, ``Speaker 2``, … in order of first appearance, unless the source
  names them;
* a word's text is cleaned (control characters removed, NFC) and split on white space,
  the first part taking the word's start and the last its end;
* punctuation a source gives as separate items (AWS, Speechmatics) is attached to the word
  it belongs to, so every source's words read alike (``"Hello,"``);
* confidences above 1 anywhere mean percentages: all are divided by 100.

Times are integer milliseconds; gaps are filled by :func:`transconv.readers.repair.finish`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress, islice, pairwise, repeat
from operator import ne
from typing import Any, Final, Literal

import msgspec

from .errors import UsageError
from .model import PUNCT, WORD, Speaker, Token, Transcript, Turn

__all__ = ["TurnBuilder", "Word", "from_words"]

#: How punctuation given as its own item joins the words: to the word before it, the word
#: after it, both (a hyphen, say), or neither (kept as a punctuation token).
Attach = Literal["previous", "next", "both", "none"]
_CACHE_LIMIT: Final = 200_000
#: Pause that ends a phrase when the channels of a call are merged into one conversation:
#: each side's words are cut into phrases at pauses this long, and phrases sorted by start.
PHRASE_PAUSE: Final = 1000


class Word(msgspec.Struct, frozen=True):
    """One recognised word: its text, start and end in milliseconds, a confidence (0–1) and
    the source's speaker label. Everything but the text may be None."""

    text: str
    start: int | None = None
    end: int | None = None
    confidence: float | None = None
    speaker: str | None = None


class TurnBuilder:
    """Words in reading order → turns and speakers (the module's rules).

    The word loop of a ten-hour response calls :meth:`word` a hundred thousand times, so it
    does the common case (one clean ASCII word, the same speaker as before) in a few
    attribute reads; cleaning non-ASCII text is memoised.
    """

    __slots__ = ("_after", "_cache", "_glue", "_largest", "_last_end", "_speaker", "_tokens",
                 "names", "turns")

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        #: speaker id → the name the source gives it (channels: ``Channel 1``)
        self.names: dict[str, str] = {}
        self._tokens: list[Token] | None = None
        self._speaker: str | None = None
        #: punctuation waiting for the next word (None: none), and whether that word joins
        #: the word before it (a hyphen attached to both sides)
        self._after: str | None = None
        self._glue = False
        self._cache: dict[str, list[str]] = {}
        #: the end of the last :meth:`phrase_word` of the channel being read
        self._last_end: int | None = None
        #: the largest confidence added (above 1: the source gave percentages), kept as
        #: words come rather than found by a pass over every token at the end
        self._largest = 0.0

    def close(self) -> None:
        """End the current turn: the next word opens a new one even for the same speaker
        (and the next :meth:`phrase_word` starts a channel afresh)."""
        self._tokens = None
        self._last_end = None

    def phrase_word(self, text: str, start: int | None, end: int | None,
                    confidence: float | None, speaker: str | None) -> None:
        """:meth:`word`, for a word of one channel of a call read as one speaker: a pause
        of :data:`PHRASE_PAUSE` or more before it ends the phrase, so that ``build(merge=
        True)`` interleaves the sides as they spoke rather than one side after the other.
        Call :meth:`close` after each channel."""
        last = self._last_end
        if last is not None and start is not None and start - last >= PHRASE_PAUSE:
            self._tokens = None
        self._last_end = end
        self.word(text, start, end, confidence, speaker)

    def word(self, text: str, start: int | None, end: int | None,
             confidence: float | None, speaker: str | None) -> None:
        """Add one word (its text may hold several, split on white space)."""
        if confidence is not None and confidence > self._largest:
            self._largest = confidence
        if self._after is not None:
            text, start = self._joining(text, start)
        tokens = self._tokens
        if tokens is None or speaker != self._speaker:
            tokens = self._open(speaker)
        if text.isascii() and text.isprintable() and " " not in text:
            if text:
                tokens.append(Token(WORD, text, start, end, confidence))
            return
        parts = self._cache.get(text)
        if parts is None:
            parts = self._split(text)
        if len(parts) == 1:
            tokens.append(Token(WORD, parts[0], start, end, confidence))
            return
        last = len(parts) - 1
        for index, part in enumerate(parts):
            tokens.append(Token(WORD, part, start if index == 0 else None,
                                end if index == last else None, confidence))

    def words(self, texts: Sequence[str], starts: Sequence[int | None],
              ends: Sequence[int | None], confidences: Sequence[float | None],
              speakers: Sequence[str | None]) -> None:
        """:meth:`word` for each position of the parallel lists, in order, with the same
        result; a reader that has checked a whole list of words hands them over at once.

        A ten-hour response is a hundred thousand words: here the tokens are made by one
        C-level ``map`` and added a speaker's run at a time, instead of a method call and
        its tests per word. Each distinct text is checked once; if any is not one clean
        word (several words, empty, controls, not NFC) the words go one by one.
        """
        count = len(texts)
        if not count:
            return
        if self._after is not None:  # punctuation waiting for the first word
            self.word(texts[0], starts[0], ends[0], confidences[0], speakers[0])
            texts, starts, ends, confidences, speakers = (
                texts[1:], starts[1:], ends[1:], confidences[1:], speakers[1:])
            count -= 1
            if not count:
                return
        cache = self._cache
        for text in set(texts):
            if text.isascii() and text.isprintable() and " " not in text and text:
                continue
            parts = cache.get(text)
            if parts is None:
                parts = self._split(text)
            if len(parts) != 1 or parts[0] != text:
                for each in zip(texts, starts, ends, confidences, speakers, strict=True):
                    self.word(*each)
                return
        token: Callable[..., Token] = Token
        self._largest = max(self._largest, max(
            (c for c in confidences if c is not None), default=0.0))
        made = list(map(token, repeat(WORD, count), texts, starts, ends, confidences))
        cuts = [0, *compress(range(1, count), map(ne, speakers, islice(speakers, 1, None))),
                count]
        for first, stop in pairwise(cuts):
            speaker = speakers[first]
            tokens = self._tokens
            if tokens is None or speaker != self._speaker:
                tokens = self._open(speaker)
            tokens.extend(made[first:stop])

    def _joining(self, text: str, start: int | None) -> tuple[str, int | None]:
        """The next word's text and start once waiting punctuation is put before it; a
        word glued to the one before replaces that word (keeping its start)."""
        text = f"{self._after}{text}"
        self._after = None
        if self._glue:
            self._glue = False
            tokens = self._last_tokens()
            if tokens and tokens[-1].kind == WORD:
                last = tokens.pop()
                return last.text + text, last.start
        return text, start

    def _last_tokens(self) -> list[Token] | None:
        """The tokens punctuation attaches to: the open turn's, else the last turn's."""
        if self._tokens is not None:
            return self._tokens
        return self.turns[-1].tokens if self.turns else None

    def punct(self, text: str, attach: Attach = "previous") -> None:
        """Punctuation given as its own item, joined to its word by ``attach``."""
        from .readers.text import clean

        text = "".join(clean(text).split())
        if not text:
            return
        tokens = self._last_tokens()
        if attach in ("previous", "both") and tokens and tokens[-1].kind == WORD:
            last = tokens[-1]
            tokens[-1] = Token(WORD, last.text + text, last.start, last.end, last.confidence)
            if attach == "both":
                self._after, self._glue = "", True
            return
        if attach in ("next", "both"):
            self._after = (self._after or "") + text
            return
        if tokens is None:
            tokens = self._open(self._speaker)
        tokens.append(Token(PUNCT, text, None, None, None))

    def _open(self, speaker: str | None) -> list[Token]:
        tokens: list[Token] = []
        self._tokens = tokens
        self._speaker = speaker
        self.turns.append(Turn(speaker, None, None, tokens))
        return tokens

    def _split(self, text: str) -> list[str]:
        from .readers.text import clean

        parts = clean(text).split()
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[text] = parts
        return parts

    def build(self, *, language: str | None = None, duration: int | None = None,
              merge: bool = False, source: str = "unknown",
              metadata: dict[str, Any] | None = None, title: str | None = None) -> Transcript:
        """The transcript: empty turns dropped, times repaired, speakers named.

        ``merge``: the turns came channel by channel, so they are sorted by start and
        neighbours of one speaker joined (a call's two sides become one conversation).
        """
        from .readers.common import rescale_confidence
        from .readers.repair import finish

        if self._after:
            self._glue = False
            self.punct(self._after, "previous")
        turns = [turn for turn in self.turns if turn.tokens]
        largest = self._largest
        turns = finish(turns, duration)
        if merge:
            turns = _joined(turns)
        transcript = Transcript(turns=turns, speakers=self._speakers(turns), title=title,
                                language=language, duration=duration,
                                metadata=metadata or {}, source=source)
        rescale_confidence(transcript.turns, largest)
        return transcript

    def _speakers(self, turns: list[Turn]) -> dict[str, Speaker]:
        speakers: dict[str, Speaker] = {}
        count = 0
        for turn in turns:
            key = turn.speaker
            if key is None or key in speakers:
                continue
            named = self.names.get(key)
            if named is None:
                count += 1
                named = f"Speaker {count}"
            speakers[key] = Speaker(key, named)
        return speakers


def _joined(turns: list[Turn]) -> list[Turn]:
    """Neighbouring turns of one speaker joined (turns already sorted by start)."""
    joined: list[Turn] = []
    for turn in turns:
        if joined and joined[-1].speaker == turn.speaker:
            last = joined[-1]
            last.tokens.extend(turn.tokens)
            last.end = max(last.end or 0, turn.end or 0)
        else:
            joined.append(turn)
    return joined


def _field(word: object, name: str) -> Any:
    if isinstance(word, Word):
        return getattr(word, name)
    if isinstance(word, Mapping):
        return word.get(name)
    raise UsageError(f"a word must be a transconv.Word or a mapping, not {type(word).__name__}")


def from_words(words: Iterable[Word | Mapping[str, Any]], *,
               speakers: Mapping[str, str] | None = None, language: str | None = None,
               title: str | None = None, duration: int | None = None,
               unit: Literal["ms", "s"] = "ms") -> Transcript:
    """A :class:`Transcript` from timed words in reading order (see the module docstring).

    Each word is a :class:`Word` or a mapping with the same keys (``text``, ``start``,
    ``end``, ``confidence``, ``speaker``); times are milliseconds, or seconds with
    ``unit="s"``. ``speakers`` names speaker labels (others are ``Speaker 1``, …).

    >>> t = from_words([{"text": "Hello,", "start": 0, "end": 400, "speaker": "A"},
    ...                 {"text": "hi.", "start": 500, "end": 800, "speaker": "B"}])
    >>> [(t.speaker_label(turn.speaker), turn.text()) for turn in t.turns]
    [('Speaker 1', 'Hello,'), ('Speaker 2', 'hi.')]
    """
    from .errors import InvalidInput
    from .readers.common import confidence_value, key_value
    from .readers.timeparse import TimeParseError, parse_time

    if unit not in ("ms", "s"):
        raise UsageError(f"unit: {unit!r} is not one of ms, s")
    builder = TurnBuilder()
    for index, word in enumerate(words):
        text = _field(word, "text")
        if not isinstance(text, str):
            raise UsageError(f"word {index}: text must be a string")
        try:
            start = parse_time(_field(word, "start"), unit)
            end = parse_time(_field(word, "end"), unit)
            speaker = key_value(_field(word, "speaker"), f"word {index}")
        except (TimeParseError, InvalidInput) as exc:
            raise UsageError(f"word {index}: {exc}") from None
        builder.word(text, start, end, confidence_value(_field(word, "confidence")), speaker)
    builder.names.update({str(k): str(v) for k, v in (speakers or {}).items()})
    return builder.build(language=language, title=title, duration=duration)
