"""The page layout the DOCX and PDF writers share: what goes on the page, not how it is drawn.

Both documents have the same shape — a title block, then one paragraph per turn — and must
agree on it (same words, same timestamps, same note anchors), so those decisions are made
here once and each writer only maps a :class:`Layout` onto its library.

Text is cut into :class:`Span` stretches that share one look and one set of notes, never one
per word: a ten-hour transcript has ~100k words, and per-word runs or flowables would cost
more than everything else the writers do.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from ...model import (
    CLOSING_PUNCT,
    OPENING_PUNCT,
    TAG,
    WORD,
    Annotation,
    Token,
    Transcript,
    Turn,
    join_tokens,
)
from ...options import help_
from .anchors import Item, TurnNotes, WordNotes

TimestampMode = Literal["none", "turn", "interval"]
PaperSize = Literal["letter", "a4"]
SpanKind = Literal["text", "tag", "stamp"]


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """Options every document writer takes; each writer's ``Options`` extends these.

    ``timestamps``: ``none``; ``turn`` puts ``[hh:mm:ss]`` before each turn (the default, as
    legal and research transcripts cite by time); ``interval`` puts one inline every
    ``interval`` seconds. ``title`` overrides the transcript's; ``filename`` (the input's name)
    is the fallback title. ``created`` (ISO 8601) fixes every date and ID the file embeds so
    identical input gives identical bytes; ``None`` means now. ``date`` is the date shown in
    the title block (default: the day of ``created``).
    """

    title: str | None = field(
        default=None, metadata=help_(
            "the document's title (default: the transcript's, else the input's name)"))
    filename: str | None = field(
        default=None, metadata=help_('the input file name, the title when the transcript has none'))
    timestamps: TimestampMode = field(
        default="turn", metadata=help_(
            'where times appear: none, one per turn, or every interval seconds inline'))
    interval: int = field(
        default=30, metadata=help_('seconds between inline times when timestamps=interval', 's'))
    paper: PaperSize = field(default="letter", metadata=help_('paper size'))
    font_size: float = field(default=11.0, metadata=help_('body text size', 'pt'))
    line_numbers: bool = field(
        default=False, metadata=help_('number the lines, as legal transcripts are'))
    author: str = field(
        default="transconv", metadata=help_(
            "the document's author and the author of notes without one"))
    date: str | None = field(
        default=None, metadata=help_(
            'the date shown in the title block (default: the day of created)'))
    created: str | None = field(
        default=None, metadata=help_(
            'an ISO 8601 time that fixes every date and id in the file, so the same input '
            'gives the same bytes (default: now)'))

    def __post_init__(self) -> None:
        # What a page cannot hold (controls, lone surrogates) goes from the text options too:
        # python-docx refuses a whole document over one control in the author's name.
        for name in ("title", "filename", "author", "date"):
            value = getattr(self, name)
            if isinstance(value, str) and value != _clean(value):
                object.__setattr__(self, name, _clean(value))
        if self.interval <= 0:
            raise ValueError("interval must be a positive number of seconds")
        if not 4 <= self.font_size <= 72:
            raise ValueError("font_size must be between 4 and 72 points")
        if self.created is not None:
            parse_created(self.created)


def parse_created(text: str) -> dt.datetime:
    """An aware UTC datetime from ISO 8601 text (naive input is taken as UTC)."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"created: {text!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


@dataclass(slots=True)
class Span:
    """A stretch of one turn's text with one look; ``notes`` are indexes into Layout.notes."""

    kind: SpanKind
    text: str
    notes: tuple[int, ...] = ()


@dataclass(slots=True)
class Block:
    """One turn: ``speaker`` is the bold lead-in (``"Dr. Alice Martin:"``, '' if unknown)."""

    speaker: str
    stamp: str | None
    spans: list[Span]
    notes_ending: list[int] = field(default_factory=list)  # notes whose anchor ends here


@dataclass(slots=True)
class Note:
    """An annotation with its footnote number; unanchored ones belong to the title block."""

    number: int
    annotation: Annotation
    anchored: bool = False

    @property
    def byline(self) -> str:
        who = self.annotation.author or ""
        when = (self.annotation.created or "")[:10]
        return ", ".join(p for p in (who, when) if p)


@dataclass(slots=True)
class Layout:
    """Everything a writer draws, in order; ``facts`` are (label, value) lines of the title."""

    title: str
    description: str
    facts: list[tuple[str, str]]
    speakers: list[str]
    blocks: list[Block]
    notes: list[Note]
    created: dt.datetime
    language: str | None

    @property
    def unanchored(self) -> list[Note]:
        return [n for n in self.notes if not n.anchored]


_has_space = re.compile(r"\s").search


#: Code points XML 1.0 (so DOCX) cannot carry and a PDF text layer cannot map: C0/C1 controls
#: other than TAB, LF and CR, lone surrogates, and the non-characters U+FFFE and U+FFFF.
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Those of them that separate words (VT, FF, the information separators, NEL): a space.
_SEPARATORS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")


def _clean(text: str) -> str:
    """``text`` without what no document format can hold (see ``_UNFIT``).

    Every string that reaches a page goes through here — words, but also the title, speaker
    names, notes and the language tag — because python-docx refuses the whole document over
    one such character in any of them. Separating controls become a space so that the words
    on either side stay apart.
    """
    if text.isprintable():
        return text
    return _UNFIT.sub(lambda m: " " if m.group() in _SEPARATORS else "", text)


def _clean_opt(text: str | None) -> str | None:
    return None if text is None else _clean(text)


def escape(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` as entities: DOCX XML and PDF paragraph markup.

    Not ``xml.sax.saxutils.escape``: importing that module imports ``urllib.request``, a
    twentieth of a second on every run of a writer that needs three replacements.
    """
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def clock(ms: int) -> str:
    """``hh:mm:ss`` of a time, truncated to the second (what a reader looks up in media)."""
    seconds = max(ms, 0) // 1000
    return f"{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}"


def build(transcript: Transcript, options: LayoutOptions) -> Layout:
    """Lay out ``transcript`` for a document writer."""
    created = (parse_created(options.created) if options.created
               else dt.datetime.now(dt.UTC).replace(microsecond=0))
    title = (options.title or transcript.title
             or (os.path.basename(options.filename) if options.filename else "") or "Transcript")
    facts: list[tuple[str, str]] = []
    duration = transcript.duration or transcript.end
    if duration:
        facts.append(("Duration", clock(duration)))
    facts.append(("Date", options.date or created.date().isoformat()))
    ordered = sorted(transcript.annotations,
                     key=lambda a: (a.start is None, a.start or 0))
    notes = [Note(i + 1, replace(a, text=_clean(a.text), author=_clean_opt(a.author),
                                 created=_clean_opt(a.created)))
             for i, a in enumerate(ordered)]
    builder = _SpanBuilder(notes, options)
    blocks = [builder.block(transcript, turn) for turn in transcript.turns]
    last: dict[int, int] = {}
    for b, block in enumerate(blocks):
        for span in block.spans:
            for i in span.notes:
                last[i] = b
    for i, b in sorted(last.items()):
        notes[i].anchored = True
        blocks[b].notes_ending.append(i)
    return Layout(_clean(title), _clean(transcript.description or ""), facts,
                  [_clean(s.label) for s in transcript.speakers.values()], blocks, notes,
                  created, _clean_opt(transcript.language))


def _plain_spans(tokens: list[Token]) -> list[Span] | None:
    """The spans of a turn without tags, notes or inline stamps — most turns — from
    :func:`join_tokens`, the model's own joining rule, in one flat pass; ``None`` for a turn
    the general walk in :meth:`_SpanBuilder.block` must take (a tag, or a character that
    needs cleaning). That walk, per token, was the largest cost of the layout, and the
    layout a large part of a DOCX."""
    for token in tokens:
        if token.kind == TAG:
            return None
    text = join_tokens(tokens)
    if not text.isprintable():
        return None
    return [Span("text", text)] if text else []


class _SpanBuilder:
    """Walks the turns once, carrying the interval-stamp clock across them."""

    def __init__(self, notes: list[Note], options: LayoutOptions) -> None:
        self.notes = notes
        # In start order: the layout numbers the notes by start.
        timed = [(i, n.annotation.start, n.annotation.end) for i, n in enumerate(notes)]
        self.turn_notes = TurnNotes([(i, start, start if end is None else end)
                                     for i, start, end in timed if start is not None])
        self.per_turn = options.timestamps == "turn"
        self.step = options.interval * 1000 if options.timestamps == "interval" else 0
        self.next_stamp = 0

    def _candidates(self, turn: Turn) -> list[Item]:
        if not self.turn_notes.items or turn.start is None:
            return []
        return self.turn_notes(turn.start, turn.end if turn.end is not None else turn.start)

    def block(self, transcript: Transcript, turn: Turn) -> Block:
        label = transcript.speaker_label(turn.speaker)
        stamp = f"[{clock(turn.start)}]" if self.per_turn and turn.start is not None else None
        candidates = self._candidates(turn)
        touching = WordNotes(candidates) if candidates else None
        plain = None if candidates or self.step else _plain_spans(turn.tokens)
        spans: list[Span] = [] if plain is None else plain
        parts: list[str] = []
        key: tuple[SpanKind, tuple[int, ...]] = ("text", ())
        at_space = True  # start of the turn counts as "after a space": leading blanks drop
        prev = ""
        prev_content = False
        notes: tuple[int, ...] = ()

        def emit(text: str, new_key: tuple[SpanKind, tuple[int, ...]]) -> None:
            nonlocal key, parts, at_space
            words = text.split()
            if not words:
                if at_space:
                    return
                squashed, at_space = " ", True
            else:
                squashed = " ".join(words)
                if text[0].isspace() and not at_space:
                    squashed = " " + squashed
                at_space = text[-1].isspace()
                if at_space:
                    squashed += " "
            if new_key != key:
                if parts:
                    spans.append(Span(key[0], "".join(parts), key[1]))
                parts = []
                key = new_key
            parts.append(squashed)

        for token in turn.tokens if plain is None else ():
            text = f"[{token.text}]" if token.kind == TAG else token.text
            if not text:
                continue
            if not text.isprintable():
                text = _clean(text)
                if not text:
                    continue  # nothing but controls: nothing to show, and no text[0]
            content = token.kind == WORD or token.kind == TAG
            if self.step and token.start is not None and token.start >= self.next_stamp:
                if not at_space:
                    emit(" ", key if not key[1] else ("text", ()))
                emit(f"[{clock(token.start)}]", ("stamp", ()))
                self.next_stamp = (token.start // self.step + 1) * self.step
                prev, prev_content = "]", True
            if touching is not None and token.start is not None:
                notes = touching(token.start, token.end if token.end is not None
                                 else token.start)
            new_key: tuple[SpanKind, tuple[int, ...]] = (
                "tag" if token.kind == TAG else "text", notes)
            if (content and prev_content and not prev[-1].isspace() and not text[0].isspace()
                    and text[0] not in CLOSING_PUNCT and prev[-1] not in OPENING_PUNCT):
                if key == new_key:  # fast path: most gaps sit inside one plain stretch
                    if not at_space:
                        parts.append(" ")
                        at_space = True
                else:  # the gap joins the previous span unless a note would stretch over it
                    emit(" ", key if key[1] in ((), notes) else ("text", ()))
            if key == new_key and _has_space(text) is None:
                parts.append(text)  # fast path: a bare word continuing the current span
                at_space = False
            else:
                emit(text, new_key)
            prev, prev_content = text, content
        if parts:
            spans.append(Span(key[0], "".join(parts), key[1]))
        while spans and not spans[-1].text.strip():
            spans.pop()
        if spans:
            spans[-1].text = spans[-1].text.rstrip()
        label = _clean(label)
        return Block(f"{label}:" if label else "", stamp, spans)
