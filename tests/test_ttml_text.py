"""The TTML text path (:func:`ttml.document_text`) against the lxml tree path it replaces."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import small_transcript
from tests.test_ttml import hostile_transcript
from tests.ttml_reference import build_document
from transconv.formats import ttml
from transconv.model import WORD, Speaker, Token, Transcript, Turn
from transconv.segment import Cue, segment

STYLE_NS = dataclasses.replace(ttml.TTAF1, tts=ttml.TTAF1.tt + "#style")
FLAVOURS = [
    {"namespaces": ttml.TTML1, "profile": "ttml1", "styling": True},
    {"namespaces": ttml.TTML1, "profile": "imsc1", "styling": True},
    {"namespaces": ttml.TTAF1, "profile": "ttml1", "styling": False},
    {"namespaces": STYLE_NS, "profile": "ttml1", "styling": True},
]


def tree_text(transcript: Transcript, cues: list[Cue], pretty: bool, notes: bool = True,
              **flavour: object) -> str:
    root = build_document(transcript, cues, notes=notes, **flavour)  # type: ignore[arg-type]
    return ttml.serialize(root, pretty=pretty)


def fast_text(transcript: Transcript, cues: list[Cue], pretty: bool, notes: bool = True,
              **flavour: object) -> str:
    return ttml.document_text(transcript, cues, notes=notes, pretty=pretty,
                              **flavour)  # type: ignore[arg-type]


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("pretty", [True, False])
@pytest.mark.parametrize("notes", [True, False])
def test_same_text_as_the_tree(flavour: dict[str, object], pretty: bool, notes: bool) -> None:
    for transcript in (small_transcript(), hostile_transcript()):
        cues = segment(transcript)
        assert fast_text(transcript, cues, pretty, notes, **flavour) == tree_text(
            transcript, cues, pretty, notes, **flavour)


@pytest.mark.parametrize("pretty", [True, False])
def test_no_cues_merged_cues_and_odd_times(pretty: bool) -> None:
    t = Transcript(speakers={"1": Speaker("1", "Ann"), "x y": Speaker("x y", "Bo")})
    cues = [Cue(-50, -10, ("neg\r&",), "1", "Ann", True),
            Cue(1000, 2000, ("Ann: <hi>",), "1", "Ann", True),
            Cue(1000, 2000, ("Bo: \"yo\"", "two\nlines"), "x y", "Bo", True),
            Cue(2500, 3000, ("\x00\x0b",), "1", "Ann", True),
            Cue(360_000_000, 360_000_000, ("late",), None, "", False)]
    assert fast_text(t, cues, pretty) == tree_text(t, cues, pretty)
    assert fast_text(t, [], pretty) == tree_text(t, [], pretty)
    assert fast_text(t, cues[3:4], pretty) == tree_text(t, cues[3:4], pretty)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8), st.text(max_size=10),
       st.booleans())
def test_any_text_is_written_as_lxml_writes_it(texts: list[str], name: str, pretty: bool) -> None:
    tokens = [Token(WORD, w, 100 * i, 100 * i + 50) for i, w in enumerate(texts)]
    t = Transcript(turns=[Turn("s", 0, tokens[-1].end, tokens)],
                   speakers={"s": Speaker("s", name)}, title=name)
    cues = segment(t)
    assert fast_text(t, cues, pretty) == tree_text(t, cues, pretty)


def test_escape_text_matches_lxml() -> None:
    assert ttml.escape_text("a&b<c>d\re\"f'g\th\ni") == "a&amp;b&lt;c&gt;d&#13;e\"f'g\th\ni"
    assert ttml.clean("ok\x00\ud800\ufffe\t\n") == "ok\t\n"
