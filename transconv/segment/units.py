"""Tokens → display units: the unbreakable pieces the caption segmenter lays out.

A *unit* is what may never be split across lines or cues: a word together with the
punctuation glued to it (``"store,"``, ``"(laughs"``), a bracketed tag, or the visible speaker
marker. Each unit carries a start and end in ms and the strength of the break after it, so
layout only compares small integers and never looks at words again.

This is the hottest loop of segmentation (one iteration per token of a ten-hour file), so it
is written flat: parallel lists instead of an object per unit, one piece per token (turns
with spaces or control characters inside tokens are rewritten first, by
:func:`~transconv.segment.text.simple_tokens`), and no Python-level call on the common path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from operator import gt
from typing import Final

from ..model import SPACE, TAG, WORD, Token
from .text import (
    MARKER,
    NONE,
    PHRASE,
    SENTENCE,
    Traits,
    clean_label,
    piece_traits,
    simple_tokens,
    wrap_cut,
)

#: Start/end of a unit that has no time yet (real times are clamped to >= 0).
UNTIMED: Final = -1


@dataclass(slots=True)
class Units:
    """A turn's units as parallel lists.

    ``strength[k]`` is the lexical strength of the break after unit ``k``; pauses are added
    by the layout step, which sees the times. ``lens`` caches the text lengths. ``timed``
    is false when some unit's times are still ``UNTIMED`` and :func:`fill_times` must run.
    """

    texts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    strength: list[int] = field(default_factory=list)
    lens: list[int] = field(default_factory=list)
    timed: bool = True


def build_units(
    tokens: list[Token], keep_tags: bool, width: int, marker: str = "", first_width: int = 0,
    traits: dict[str, Traits] | None = None, fold: Callable[[str], str] | None = None,
) -> Units:
    """The units of one turn, in order, with the speaker ``marker`` (if any) as unit 0.

    Spacing follows :func:`transconv.model.join_tokens` with one deliberate difference: a
    word directly after closing punctuation starts a new unit (``"here." "Then"`` with no
    space token between them reads as two words, not ``here.Then``). Units wider than
    ``width`` are hard-wrapped; ``first_width`` (when set) is the width for the first real
    unit, used when a one-line cue must hold the marker and the first word together.
    Starts are made non-decreasing within the turn, so the final sort can never reorder the
    cues of one turn, and every end is at least its start; units without any time get
    ``UNTIMED``. Rare repairs (rewriting words that hold whitespace or controls, wrapping,
    clamping) run after the loop, only when a C-speed check finds them needed, which keeps
    the loop itself short. ``traits`` caches
    :func:`~transconv.segment.text.piece_traits` across the turns of one transcript.

    ``fold`` (the caption pipeline's fold into a format's repertoire) rewrites each unit's
    text once the units are made: spacing and gluing are decided on the source characters
    (an em dash between two words stays a word apart even where it is written ``-``), and
    the widths are measured on what will be written.
    """
    traits = {} if traits is None else traits
    units, tags, plain = _scan(tokens, keep_tags, marker, traits)
    if not plain:  # a word holds whitespace or a control: rewrite the turn, scan again
        units, tags, _ = _scan(simple_tokens(tokens), keep_tags, marker, traits)
    if not units.texts:
        return units
    strength = units.strength
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
    lens = units.lens = list(map(len, units.texts))
    if max(lens) > width or (first_width and lens[first] > first_width):
        _hard_wrap(units, width, first, first_width)
        units.lens = list(map(len, units.texts))
    starts = units.starts  # _hard_wrap may have replaced the lists
    if units.timed and (starts[0] < 0 or any(map(gt, starts, islice(starts, 1, None)))):
        _clamp(starts, units.ends)
    return units


def _scan(
    tokens: list[Token], keep_tags: bool, marker: str, traits: dict[str, Traits],
) -> tuple[Units, list[int], bool]:
    """The token loop of :func:`build_units`: its units before any repair, the indices of
    its tag units, and false when some word may hold whitespace or a control character.

    Written for speed (one iteration per token of a ten-hour file). Each piece's traits
    come from one look-up in ``traits`` instead of four set and two dict look-ups, which
    took the loop from 0.46 to 0.36 µs a word. Whether a word must be cleaned is
    checked after the loop on the units' text joined (words are all in it, and
    tags add only their own spaces), not before it on every token, which cost a fifth of the
    loop; the caller scans again after :func:`~transconv.segment.text.simple_tokens` when it
    finds any (a tag holding a format character is a false alarm that only costs that).
    ``tests/segment_reference.py`` keeps the plain loop; the tests compare the two.
    """
    units = Units()
    texts, starts, ends, strength = units.texts, units.starts, units.ends, units.strength
    if marker:
        texts.append(marker)
        starts.append(0)
        ends.append(0)
        strength.append(MARKER)
    tags: list[int] = []  # indices of tag units
    tag_spaces = 0  # spaces the kept tags bring to the units' text
    timed = True
    cur = ""  # the unit being built
    cs: int | None = None
    ce: int | None = None
    own: int | None = NONE  # after_strength(cur), None once pieces were joined into cur
    space = True  # a break opportunity is pending before the next piece
    glue = False  # the previous piece wants to attach the next one (no whitespace between)
    add_text, add_start, add_end, add_strength = (
        texts.append, starts.append, ends.append, strength.append)
    known = traits.get
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
            tag_spaces += piece.count(" ")
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
        trait = known(piece)
        if trait is None:
            trait = traits[piece] = piece_traits(piece)
        attaches, glues, after, before = trait
        if cur and (glue or (not space and attaches)):
            cur += piece
            own = None
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
                if own is None:
                    joined = known(cur)
                    if joined is None:
                        joined = traits[cur] = piece_traits(cur)
                    own = joined[2]
                add_strength(before if own < 0 else own)
            cur = piece
            cs = ts
            ce = te
            own = after
        glue = glues
        space = kind == TAG
    if not cur:
        return Units(), [], True
    if cs is None:
        timed = False
        cs = ce = UNTIMED
    add_text(cur)
    add_start(cs)
    add_end(ce or cs)
    add_strength(SENTENCE)
    units.timed = timed
    text = "".join(texts[1:] if marker else texts)
    return units, tags, text.count(" ") == tag_spaces and text.isprintable()


def _fold(units: Units, first: int, fold: Callable[[str], str]) -> None:
    """Fold every unit's text after the marker; a unit folded to nothing goes, its break
    strength kept by the unit before it where that one is weaker."""
    texts = units.texts
    for k in range(first, len(texts)):
        texts[k] = " ".join(fold(texts[k]).split())
    if "" not in texts:
        return
    kept = Units(timed=units.timed)
    for k, text in enumerate(texts):
        if text:
            kept.texts.append(text)
            kept.starts.append(units.starts[k])
            kept.ends.append(units.ends[k])
            kept.strength.append(units.strength[k])
        elif len(kept.texts) > first:
            kept.strength[-1] = max(kept.strength[-1], units.strength[k])
    units.texts, units.starts, units.ends, units.strength = (
        kept.texts, kept.starts, kept.ends, kept.strength)


def _hard_wrap(units: Units, width: int, first: int, first_width: int) -> None:
    """Split every unit wider than a line into full-width pieces sharing out its time.

    A word is never lost: a 10 kB "word" becomes a run of pieces. The break between pieces
    is ``NONE``; the last piece keeps the unit's own break.
    """
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    strength: list[int] = []
    for k, text in enumerate(units.texts):
        limit = first_width if k == first and first_width else width
        start, end = units.starts[k], units.ends[k]
        if len(text) <= limit:
            texts.append(text)
            starts.append(start)
            ends.append(end)
            strength.append(units.strength[k])
            continue
        pieces: list[str] = []
        at = 0  # cut by position: slicing off the rest each time was quadratic in the length
        while len(text) - at > limit:
            cut = wrap_cut(text[at:at + limit + 1], limit)
            pieces.append(text[at:at + cut].strip())  # only a tag can hold a space
            at += cut
            limit = width
        pieces.append(text[at:].strip())
        pieces = [piece for piece in pieces if piece]
        count = len(pieces)
        span = end - start
        for index, piece in enumerate(pieces):
            texts.append(piece)
            starts.append(start + span * index // count)
            ends.append(start + span * (index + 1) // count)
            strength.append(NONE if index + 1 < count else units.strength[k])
    units.texts, units.starts, units.ends, units.strength = texts, starts, ends, strength


def _clamp(starts: list[int], ends: list[int]) -> None:
    """Make starts non-negative and non-decreasing, and every end at least its start."""
    last = 0
    for j, start in enumerate(starts):
        if start < last:
            starts[j] = start = last
        last = start
        if ends[j] < start:
            ends[j] = start


def fill_times(units: Units, first: int, before: int, after: int | None, ms_per_char: int) -> None:
    """Give untimed units times between their timed neighbours, in proportion to length.

    ``before`` is the latest known time before the turn (its start, or the previous turn's
    end) and ``after`` its end if known; a run with no later anchor is spread at
    ``ms_per_char``. Starts stay non-decreasing, as :func:`build_units` guarantees for
    timed units.
    """
    texts, starts, ends = units.texts, units.starts, units.ends
    n = len(texts)
    anchor = before
    k = first
    while k < n:
        if starts[k] != UNTIMED:
            anchor = max(anchor, ends[k])
            k += 1
            continue
        run_end = k
        while run_end < n and starts[run_end] == UNTIMED:
            run_end += 1
        chars = [len(texts[j]) + 1 for j in range(k, run_end)]
        total = sum(chars)
        if run_end < n:
            stop = max(starts[run_end], anchor)
        elif after is not None and after > anchor:
            stop = after
        else:
            stop = anchor + total * ms_per_char
        span = stop - anchor
        acc = 0
        for j, size in zip(range(k, run_end), chars, strict=True):
            starts[j] = anchor + span * acc // total
            acc += size
            ends[j] = anchor + span * acc // total
        anchor = stop
        k = run_end
    _clamp(starts, ends)
    units.timed = True
