"""The plain unit builder: the token loop as it was before the per-piece cache.

The reference version of :func:`transconv.segment.units.build_units`, which looks up what it
needs of each piece of text in one cache and checks for text to clean after the loop instead
of before it; the tests require the two to give the same units on any tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from operator import gt

from transconv.model import CLOSING_PUNCT, OPENING_PUNCT, SPACE, TAG, WORD, Token
from transconv.segment.text import (
    GLUE_PUNCT,
    MARKER,
    NEXT_WORD,
    NONE,
    PHRASE,
    SENTENCE,
    after_strength,
    clean_label,
    needs_cleaning,
    simple_tokens,
)
from transconv.segment.units import UNTIMED, Units, _clamp, _fold, _hard_wrap


def build_units_plain(
    tokens: list[Token], keep_tags: bool, width: int, marker: str = "", first_width: int = 0,
    after: dict[str, int] | None = None, fold: Callable[[str], str] | None = None,
) -> Units:
    """The units of one turn, in order, with the speaker ``marker`` (if any) as unit 0.

    Spacing follows :func:`transconv.model.join_tokens` with one deliberate difference: a
    word directly after closing punctuation starts a new unit (``"here." "Then"`` with no
    space token between them reads as two words, not ``here.Then``). Units wider than
    ``width`` are hard-wrapped; ``first_width`` (when set) is the width for the first real
    unit, used when a one-line cue must hold the marker and the first word together.
    Starts are made non-decreasing within the turn, so the final sort can never reorder the
    cues of one turn, and every end is at least its start; units without any time get
    ``UNTIMED``. Rare repairs (wrapping, clamping) run after the loop, only when a C-speed
    check finds them needed, which keeps the loop itself short. ``after`` caches
    :func:`~transconv.segment.text.after_strength` across the turns of one transcript.

    ``fold`` (the caption pipeline's fold into a format's repertoire) rewrites each unit's
    text once the units are made: spacing and gluing are decided on the source characters
    (an em dash between two words stays a word apart even where it is written ``-``), and
    the widths are measured on what will be written.
    """
    units = Units()
    texts, starts, ends, strength = units.texts, units.starts, units.ends, units.strength
    if marker:
        texts.append(marker)
        starts.append(0)
        ends.append(0)
        strength.append(MARKER)
    if needs_cleaning(tokens):
        tokens = simple_tokens(tokens)
    tags: list[int] = []  # indices of tag units
    timed = True
    cur = ""  # the unit being built
    cs: int | None = None
    ce: int | None = None
    space = True  # a break opportunity is pending before the next piece
    glue = False  # the previous piece wants to attach the next one (no whitespace between)
    add_text, add_start, add_end, add_strength = (
        texts.append, starts.append, ends.append, strength.append)
    after = {} if after is None else after
    next_word, cached = NEXT_WORD.get, after.get
    closing, opening, glue_punct = CLOSING_PUNCT, OPENING_PUNCT, GLUE_PUNCT
    for token in tokens:
        kind = token.kind
        piece = token.text
        if kind == WORD:
            if not piece:
                continue
        elif kind == SPACE:
            space = True
            glue = False  # whitespace given: "-", "/" or "(" attach nothing across it
            continue
        elif kind == TAG:
            if not keep_tags:
                space = True
                continue
            piece = clean_label(piece)
            if not piece:
                continue
            piece = f"[{piece}]"
            space = True
            if not (cur and glue):
                tags.append(len(texts) + 1 if cur else len(texts))
        elif not piece:
            continue
        ts = token.start
        te = token.end
        if ts is None:
            ts = te
        elif te is None or te < ts:
            te = ts
        if cur and (glue or (not space and (piece[0] in closing or piece in glue_punct))):
            cur += piece
            if cs is None:
                cs, ce = ts, te
            elif te is not None and (ce is None or te > ce):
                ce = te
        else:
            if cur:
                if cs is None:
                    timed = False
                    cs = ce = UNTIMED
                add_text(cur)
                add_start(cs)
                add_end(ce or cs)
                s = cached(cur)
                if s is None:
                    s = after[cur] = after_strength(cur)
                add_strength(next_word(piece, NONE) if s < 0 else s)
            cur = piece
            cs = ts
            ce = te
        glue = piece[-1] in opening or piece in glue_punct
        space = kind == TAG
    if not cur:
        return Units()
    if cs is None:
        timed = False
        cs = ce = UNTIMED
    add_text(cur)
    add_start(cs)
    add_end(ce or cs)
    add_strength(SENTENCE)
    units.timed = timed
    for index in tags:  # a tag is a phrase of its own
        if index > 0 and strength[index - 1] < PHRASE:  # (MARKER is stronger)
            strength[index - 1] = PHRASE
        if strength[index] < PHRASE:
            strength[index] = PHRASE
    first = 1 if marker else 0
    if fold is not None:
        _fold(units, first, fold)
        if len(units.texts) == first:
            return Units()
        texts = units.texts
    lens = units.lens = list(map(len, texts))
    if max(lens) > width or (first_width and lens[first] > first_width):
        _hard_wrap(units, width, first, first_width)
        units.lens = list(map(len, units.texts))
    starts = units.starts  # _hard_wrap may have replaced the lists
    if timed and (starts[0] < 0 or any(map(gt, starts, islice(starts, 1, None)))):
        _clamp(starts, units.ends)
    return units
