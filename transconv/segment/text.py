"""Text rules of caption segmentation: cleaning, break strengths, hard wrapping.

Break strengths follow broadcast practice (Netflix timed-text guides, BBC subtitle
guidelines): break after sentence punctuation, then after clause punctuation or before a
conjunction, then before a preposition, a tag or at a pause; avoid ending a line on an
article, a possessive, a bare preposition or a one-letter word (``a``, ``I``, Greek ``Η``).
The word lists are small and mostly English; other languages still get the punctuation,
pause and one-letter rules, which carry most of the benefit.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from ..model import CLOSING_PUNCT, OPENING_PUNCT, PUNCT, SPACE, TAG, WORD, Token

#: Break strengths, weakest first. ``MARKER`` is the break right after a speaker marker.
AVOID: Final = 0
NONE: Final = 1
PHRASE: Final = 2
CLAUSE: Final = 3
SENTENCE: Final = 4
MARKER: Final = 5

_SENTENCE_END: Final = frozenset(".!?…。！？‼⁇⁈⁉")
_CLAUSE_END: Final = frozenset(",;:—–，、；：")
#: Closing quotes and brackets looked through when finding a unit's last real character.
_TRAILERS: Final = frozenset(")]}”’»\"'")
#: Last characters that need a closer look (:func:`end_strength`).
ENDERS: Final = _SENTENCE_END | _CLAUSE_END | _TRAILERS
#: Punctuation that glues on both sides when no whitespace is given (``well-known``).
GLUE_PUNCT: Final = frozenset({"-", "‐", "‑", "/"})
_ABBREVIATIONS: Final = "mr. mrs. ms. dr. prof. st. vs. e.g. i.e."


def _variants(words: str) -> frozenset[str]:
    """Lower, Title and UPPER forms, so membership needs no ``str.lower`` per word."""
    return frozenset(f(w) for w in words.split() for f in (str.lower, str.capitalize, str.upper))


_CONJUNCTIONS: Final = _variants(
    "and but or nor so yet because although though unless whereas while und oder aber "
    "denn mais donc car pero porque"
)
_PHRASE_STARTS: Final = _variants(
    "to of in on at for with from by about into onto over after before under between "
    "through during without against within across toward towards than who which where "
    "when whose whom if since until as near behind beside along around among upon via"
)
#: Strength a break gets from the word that follows it.
NEXT_WORD: Final[dict[str, int]] = {
    **{w: PHRASE for w in _PHRASE_STARTS},
    **{w: CLAUSE for w in _CONJUNCTIONS},
    **{c: PHRASE for c in OPENING_PUNCT},
}
#: Words that should not end a line: articles, possessives, subject pronouns, titles, and
#: the words a break should come *before* (prepositions, conjunctions).
STICKY: Final = (
    _variants("a an the my your his her its our their this these those i you he she we they "
              + _ABBREVIATIONS)
    | _PHRASE_STARTS
    | _CONJUNCTIONS
)


def end_strength(prev: str, otherwise: int) -> int:
    """Strength of a break after ``prev`` when it ends in punctuation (or ``otherwise``)."""
    last = prev[-1]
    if last in _TRAILERS and len(prev) > 1:
        last = prev[-2]
    if last in _SENTENCE_END:
        return NONE if prev in STICKY else SENTENCE
    if last in _CLAUSE_END:
        return CLAUSE
    return otherwise


#: :func:`after_strength` result meaning "the next word decides".
FOLLOWS: Final = -1


def after_strength(prev: str) -> int:
    """What a break after unit text ``prev`` is worth by itself, or ``FOLLOWS``.

    Depends on ``prev`` alone, so callers cache it per distinct text: a transcript repeats
    a few thousand words a hundred thousand times.
    """
    if prev[-1] in ENDERS:
        return end_strength(prev, FOLLOWS)
    if prev in STICKY or len(prev) == 1:
        return AVOID
    return FOLLOWS


#: What the unit builder needs of a piece of text: (attaches, glues, after, before).
Traits = tuple[bool, bool, int, int]


def piece_traits(piece: str) -> Traits:
    """Everything :func:`~transconv.segment.units.build_units` asks of a non-empty piece.

    ``attaches``: with no whitespace before it, it joins the unit before (closing
    punctuation, ``-``, ``/``); ``glues``: it joins the next piece to itself (opening
    punctuation, ``-``, ``/``); ``after``: :func:`after_strength` of a unit that is just this
    piece; ``before``: the strength a break before it gets from :data:`NEXT_WORD`. All four
    depend on the text alone, so the builder looks them up once per distinct text.
    """
    glue = piece in GLUE_PUNCT
    return (piece[0] in CLOSING_PUNCT or glue, piece[-1] in OPENING_PUNCT or glue,
            after_strength(piece), NEXT_WORD.get(piece, NONE))


def clean_text(text: str) -> str:
    """``text`` with control characters and line/paragraph separators turned into spaces.

    They must never reach a cue line (a newline would end an SRT cue, a C0 byte breaks 608
    and EBU STL), and treating them as spaces keeps the words on either side apart. Lone
    surrogates become U+FFFD so every encoder can handle the result.
    """
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp") or ch.isspace():
            out.append(" ")
        elif cat == "Cs":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def clean_label(text: str) -> str:
    """A one-line label: cleaned and whitespace-collapsed."""
    if not text.isprintable():
        text = clean_text(text)
    return " ".join(text.split())


def simple_tokens(tokens: list[Token]) -> list[Token]:
    """``tokens`` rewritten so that no word or punctuation text holds whitespace or controls.

    Only turns that need it pay for this (see :func:`needs_cleaning`). A token with spaces
    inside becomes several tokens with its time shared out evenly, and whitespace at its
    edges becomes ``space`` tokens, so the unit builder only ever sees one piece per token.
    """
    out: list[Token] = []
    for token in tokens:
        text = token.text
        if token.kind in (TAG, SPACE) or (text.isprintable() and " " not in text):
            out.append(token)
            continue
        cleaned = clean_text(text)
        pieces = cleaned.split()
        if cleaned[:1] == " " or not pieces:
            out.append(Token(SPACE, " "))
        ts, te = token.start, token.end
        count = len(pieces)
        for index, piece in enumerate(pieces):
            if index:
                out.append(Token(SPACE, " "))
            ps, pe = ts, te
            if count > 1 and ts is not None and te is not None and te > ts:
                ps = ts + (te - ts) * index // count
                pe = ts + (te - ts) * (index + 1) // count
            out.append(Token(token.kind if token.kind == PUNCT else WORD, piece, ps, pe,
                             token.confidence))
        if pieces and cleaned[-1] == " ":
            out.append(Token(SPACE, " "))
    return out


def needs_cleaning(tokens: list[Token]) -> bool:
    """True when :func:`simple_tokens` would change ``tokens``: some word or punctuation text
    holds whitespace or a character that must not be shown.

    ``space`` tokens are left out of the first look, one join (every Rev.ai turn has them,
    and counting them sent every turn through the rewrite for nothing); tags, which may hold
    spaces (``inaudible 00:01:05``), are only ruled out by the exact second look.
    """
    joined = "".join([token.text for token in tokens if token.kind != SPACE])
    if " " not in joined and joined.isprintable():
        return False
    return any(token.kind != TAG and token.kind != SPACE
               and (" " in token.text or not token.text.isprintable()) for token in tokens)


def wrap_cut(text: str, width: int) -> int:
    """Where to hard-wrap ``text`` at ``width``: not before a combining mark if avoidable."""
    cut = width
    while cut > 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut
