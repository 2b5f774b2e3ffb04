"""The format-neutral model: a transcript (words) and a caption track (cues).

Readers build one of the two documents; writers only read them. A :class:`Transcript` holds
speakers, turns of timed tokens, annotations and passthrough metadata; a
:class:`CaptionTrack` holds cues (times, display lines, speaker, hints) with the same
speakers and metadata. The segmenter turns a transcript into a track; caption readers build
a track directly, so a caption file's own timing survives a conversion.

Times are integer milliseconds (or ``None`` where the source gave none and nothing could be
inferred); readers convert once, at the edge, so no writer ever sees seconds, strings or
source-specific quirks. Classes use ``__slots__`` because a ten-hour transcript holds a quarter
of a million tokens and both memory and construction time matter. :class:`Token` is a msgspec
struct (already a dependency of the readers): it is built in C and never tracked by the cyclic
collector (it holds only strings and numbers), which makes the Rev reader about 15 % faster
than a slots dataclass did (measured on the ten-hour bench file).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Final, Literal

import msgspec

TokenKind = Literal["word", "punct", "space", "tag"]
WORD: Final = "word"
PUNCT: Final = "punct"
SPACE: Final = "space"
TAG: Final = "tag"

#: The reader a document came from: a registry reader name (``rev``, ``srt``, ``whisper``, …)
#: or ``unknown`` for a document built in code.
SourceShape = str

#: Punctuation that attaches to the preceding token (no space before it).
CLOSING_PUNCT: Final = frozenset(".,;:!?)]}…”’%")
#: Punctuation that attaches to the following token (no space after it).
OPENING_PUNCT: Final = frozenset("([{“‘¿¡")


class Token(msgspec.Struct, frozen=True, gc=False):
    """One unit of a turn: a word, punctuation, explicit whitespace or a tag.

    A ``tag`` holds the bare tag text (``inaudible``), never brackets; writers decide how to
    render it. ``confidence`` is 0..1 or ``None``. Frozen: a token is a value that several
    turns (or the same turn) may share (see :data:`SPACE_TOKEN`), so code that retimes or
    rescales one builds a new token and puts it in the turn's list. Freezing costs the Rev
    reader nothing measurable (``transconv.load`` of the ten-hour bench file, the median over
    six processes of each one's median of five loads: 268 ms frozen, 264 ms not, 275 ms with
    the tokens still mutated in place).
    """

    kind: TokenKind
    text: str
    start: int | None = None
    end: int | None = None
    confidence: float | None = None


#: The token of a plain single space with no time, shared by every place a reader puts one.
#: Half the elements of a Rev.ai-style file are such spaces: sharing them is a hundred
#: thousand fewer objects in a ten-hour transcript (measured: 10 % of the Rev reader's time).
#: So tokens are values (frozen): change a transcript by replacing tokens in a turn's list.
SPACE_TOKEN: Final = Token(SPACE, " ")


@dataclass(slots=True)
class Speaker:
    """A person in the transcript. ``id`` is the source's key; names are never merged."""

    id: str
    name: str = ""
    prefix: str = ""
    suffix: str = ""

    @property
    def label(self) -> str:
        """Display label: prefix, name and suffix joined by one space where neither side
        brings its own (``Dr.`` + ``Ana Souza`` + ``PhD`` → ``Dr. Ana Souza PhD``, never
        ``Dr.Ana SouzaPhD``) and the suffix does not open with punctuation (``, Esq.``),
        whitespace collapsed."""
        text = ""
        for part in (self.prefix, self.name, self.suffix):
            if (part and text and not text[-1].isspace() and not part[0].isspace()
                    and part[0] not in CLOSING_PUNCT and text[-1] not in OPENING_PUNCT):
                text += " "
            text += part
        return " ".join(text.split())


@dataclass(slots=True)
class Turn:
    """One speaker's uninterrupted run of speech. ``speaker`` is a key of ``speakers`` or None."""

    speaker: str | None
    start: int | None
    end: int | None
    tokens: list[Token] = field(default_factory=list)

    def text(self) -> str:
        """The turn's display text, tags rendered as ``[tag]``, spacing normalised."""
        return join_tokens(self.tokens)


@dataclass(slots=True)
class Annotation:
    """An editor's note over a time range. Never caption text."""

    id: str
    text: str
    start: int | None = None
    end: int | None = None
    author: str | None = None
    created: str | None = None
    modified: str | None = None


@dataclass(slots=True)
class Transcript:
    """A whole transcript: speakers, turns in time order, notes and passthrough metadata."""

    turns: list[Turn] = field(default_factory=list)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    title: str | None = None
    description: str | None = None
    language: str | None = None
    duration: int | None = None
    annotations: list[Annotation] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    source: SourceShape = "unknown"
    #: The text encoding the input was read in (None for JSON read as UTF-8 and binary input).
    encoding: str | None = None

    def speaker_label(self, key: str | None) -> str:
        """The display label for a speaker key; empty for the unknown speaker."""
        return speaker_label(self.speakers, key)

    def tokens(self) -> Iterator[Token]:
        for turn in self.turns:
            yield from turn.tokens

    def words(self) -> list[str]:
        """Every word token's text, in order (what tests compare against decoders)."""
        return [t.text for t in self.tokens() if t.kind == WORD]

    @classmethod
    def from_words(cls, words: Iterable[Any], **facts: Any) -> Transcript:
        """A transcript from timed words in reading order, for sources without a reader.

        Each word is a :class:`transconv.Word` or a mapping with ``text``, ``start``,
        ``end`` (milliseconds; seconds with ``unit="s"``), ``confidence`` and ``speaker``.
        A new turn opens at every change of speaker; speakers are named ``Speaker 1``, …
        in order of appearance unless ``speakers={"A": "Alice"}`` names them;
        ``language``, ``title`` and ``duration`` may be given. See :mod:`transconv.words`.

        >>> t = Transcript.from_words([{"text": "Hi,", "start": 0, "end": 300, "speaker": "A"},
        ...                            {"text": "you.", "start": 300, "end": 700}])
        >>> [turn.text() for turn in t.turns]
        ['Hi,', 'you.']
        """
        from .words import from_words

        return from_words(words, **facts)

    @property
    def is_timed(self) -> bool:
        """True when at least one turn carries a start time."""
        return any(turn.start is not None for turn in self.turns)

    @property
    def end(self) -> int:
        """The latest end time of any turn (0 when untimed)."""
        return max((t.end for t in self.turns if t.end is not None), default=0)


def speaker_label(speakers: dict[str, Speaker], key: str | None) -> str:
    """The display label of speaker ``key``: empty for the unknown speaker (None), ``Speaker
    <key>`` for a key the table does not list (readers keep such keys rather than drop them)."""
    if key is None:
        return ""
    speaker = speakers.get(key)
    return speaker.label if speaker is not None else f"Speaker {key}"


def render_token(token: Token) -> str:
    """Display text of one token: tags in square brackets, everything else verbatim."""
    return f"[{token.text}]" if token.kind == TAG else token.text


def join_tokens(tokens: list[Token]) -> str:
    """Join tokens into display text with the spacing rules of the source notes.

    Text is appended as given; between two content tokens that do not already touch
    whitespace one space is inserted, except before closing or after opening punctuation.
    Runs of whitespace collapse to one space and the result is trimmed.

    Every plain-text writer runs this over every token, so it is written flat: a tag is
    rendered inline (as :func:`render_token` does), and only a content token directly after
    another content token looks at characters; ``last`` is the final character of the
    previous token and matters only then.
    """
    parts: list[str] = []
    append = parts.append
    last = ""
    prev_content = False
    closing, opening = CLOSING_PUNCT, OPENING_PUNCT
    for token in tokens:
        kind = token.kind
        text = token.text
        if kind == WORD:
            if not text:
                continue
        elif kind == TAG:
            text = f"[{text}]"
        else:
            if text:
                append(text)
                prev_content = False
            continue
        if (prev_content and not last.isspace() and not text[0].isspace()
                and text[0] not in closing and last not in opening):
            append(" ")
        append(text)
        last = text[-1]
        prev_content = True
    return " ".join("".join(parts).split())


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption: when it shows and the lines it shows.

    ``lines`` are final display lines (the visible speaker marker included where the style
    adds one); ``speaker`` is the speaker key and ``speaker_label`` its display name ('' when
    unknown; control characters removed); ``new_speaker`` is true on the first cue after a
    change of speaker. ``turn`` is the index in ``transcript.turns`` the text comes from, so
    writers can group cues by paragraph (-1 when not built from a transcript). ``hints`` are
    a source's placement and styling (``("align", "left")``, ``("line", "10%")``, …) as
    name-value pairs that writers may honour and never need.
    """

    start: int
    end: int
    lines: tuple[str, ...]
    speaker: str | None = None
    speaker_label: str = ""
    new_speaker: bool = False
    turn: int = -1
    hints: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(slots=True)
class CaptionTrack:
    """Cues in time order with the document facts writers print (title, language, notes)."""

    cues: list[Cue] = field(default_factory=list)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    title: str | None = None
    description: str | None = None
    language: str | None = None
    duration: int | None = None
    annotations: list[Annotation] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    source: SourceShape = "unknown"
    #: The text encoding the input was read in (None for binary input or a built track).
    encoding: str | None = None
    #: The rate the source's time codes count frames at (SCC: 30000/1001), when it has one;
    #: a time-code offset given in frames is read at this rate.
    frame_rate: Fraction | None = None
    drop_frame: bool = False

    def speaker_label(self, key: str | None) -> str:
        """The display label for a speaker key; empty for the unknown speaker."""
        return speaker_label(self.speakers, key)

    def words(self) -> list[str]:
        """Every word the cues show, in order, as the track's transcript view counts them:
        speaker marks and bracketed tags are no words."""
        from .segment.relayout import transcript_of  # the one rule of what a word is

        return transcript_of(self).words()

    @property
    def end(self) -> int:
        """The latest cue end (0 for an empty track)."""
        return max((cue.end for cue in self.cues), default=0)

    @classmethod
    def of(cls, transcript: Transcript, cues: list[Cue]) -> CaptionTrack:
        """The cues of ``transcript`` with its document facts."""
        return cls(cues, transcript.speakers, transcript.title, transcript.description,
                   transcript.language, transcript.duration, transcript.annotations,
                   transcript.metadata, transcript.source, transcript.encoding)


#: A document a writer takes: words, or cues.
Document = Transcript | CaptionTrack
