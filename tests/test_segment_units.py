"""The unit builder against its plain version (``tests/segment_reference.py``).

:func:`~transconv.segment.units.build_units` looks up each piece's traits in one cache and
checks for words to clean after its loop; the plain version asks every question of every
token and checks before. They must give equal units for any tokens, style and fold.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import long_transcript, small_transcript
from tests.segment_reference import build_units_plain
from transconv.model import PUNCT, SPACE, TAG, WORD, Token
from transconv.segment.units import build_units

#: Pieces that reach every branch: closing, opening and gluing punctuation, sentence and
#: clause ends behind quotes, sticky words, conjunctions, spaces and controls inside words,
#: format characters (not printable, left alone by cleaning), separators, long words.
_PIECES = [
    "", " ", "  ", "\n", "\t", "a", "I", "the", "and", "to", "Mr.", "e.g.", "word", "words",
    ".", ",", "!", "?", "…", ")", "]", "”", "%", "(", "[", "“", "¿", "-", "/", "—", "–",
    "well-", "(laughs", "done.)", "said,", "yes.”", "two words", " lead", "trail ", "a\nb",
    "x\x00y", "\x07", "zero\u200bwidth", "soft\u00adhyphen", "a\u2028b", "\ud800", "e\u0301",
    "x" * 70, "é" * 45 + "\u0301",
]
_times = st.one_of(st.none(), st.integers(-50, 20_000))


@st.composite
def _token(draw: st.DrawFn) -> Token:
    kind = draw(st.sampled_from([WORD, WORD, WORD, PUNCT, SPACE, TAG]))
    text = draw(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)))
    return Token(kind, text, draw(_times), draw(_times))  # type: ignore[arg-type]


def _drop_vowels(text: str) -> str:
    return "".join(ch for ch in text if ch not in "aeioué")


_FOLDS: list[Callable[[str], str] | None] = [None, str.upper, _drop_vowels]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    turns=st.lists(st.lists(_token(), max_size=30), min_size=1, max_size=4),
    keep_tags=st.booleans(),
    width=st.integers(1, 60),
    marker=st.sampled_from(["", "-", "Bob:", ">> Ana Souza:"]),
    first_width=st.integers(0, 40),
    fold=st.sampled_from(_FOLDS),
)
def test_same_units_as_the_plain_loop(
    turns: list[list[Token]], keep_tags: bool, width: int, marker: str, first_width: int,
    fold: Callable[[str], str] | None,
) -> None:
    fast_cache: dict[str, tuple[bool, bool, int, int]] = {}
    plain_cache: dict[str, int] = {}  # both caches shared across turns, as segment() does
    for tokens in turns:
        fast = build_units(tokens, keep_tags, width, marker, first_width, fast_cache, fold)
        plain = build_units_plain(tokens, keep_tags, width, marker, first_width, plain_cache,
                                  fold)
        assert fast == plain


def test_same_units_on_long_and_small_transcripts() -> None:
    for transcript in (small_transcript(), long_transcript(hours=0.5)):
        fast_cache: dict[str, tuple[bool, bool, int, int]] = {}
        plain_cache: dict[str, int] = {}
        for turn in transcript.turns:
            fast = build_units(turn.tokens, True, 42, "Ana:", 0, fast_cache)
            plain = build_units_plain(turn.tokens, True, 42, "Ana:", 0, plain_cache)
            assert fast == plain
            assert fast.texts  # real words were compared
