"""Property test: mangled sources either read into a sane transcript or raise InvalidInput.

Starting from our fixtures and samples, hypothesis deletes keys, nulls values, shuffles arrays
and swaps values for ones of the wrong type. Whatever comes out, the reader must not raise
anything but :class:`InvalidInput` (never ``KeyError``/``TypeError``/…), and a transcript it
returns must keep the model's promises: turns sorted by start, times non-negative and
``end >= start``, within the media duration, every word timed in a timed transcript, speaker
keys resolvable, confidences in 0..1.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transconv.errors import InvalidInput
from transconv.model import TAG, WORD, Transcript
from transconv.readers import read

ROOT = Path(__file__).parent
SOURCES = [
    ROOT / "data" / "sources" / "rev-spec-example.json",
    ROOT / "data" / "sources" / "revai-spec-example.json",
    ROOT / "data" / "sources" / "smartdoc-spec-example.json",
    ROOT / "data" / "sources" / "edge-08-times.json",
    ROOT / "data" / "sources" / "edge-13-annotations.json",
    ROOT.parent / "samples" / "smartdoc-deposition.json",
    ROOT.parent / "samples" / "revai-meeting.json",
    ROOT.parent / "samples" / "rev-interview.json",
    ROOT / "data" / "sources" / "edge-07-speakers.json",
    ROOT / "data" / "sources" / "edge-09-unicode.json",
]
DOCS = [json.loads(p.read_text(encoding="utf-8")) for p in SOURCES]

ODD_VALUES: list[Any] = [None, 0, -1, 1.5, -2.5, 1e308, math.nan, math.inf, "", " ", "x",
                         "00:00:01,000", "00:xx", "PT2S", "12.5", [], {}, [None], {"a": 1},
                         True, False, "S1", 2]


def mangle(node: Any, rng: random.Random, rate: float) -> Any:
    """A copy of ``node`` with random deletions, nulls, shuffles and wrong-typed values."""
    if rng.random() < rate / 4:
        return rng.choice(ODD_VALUES)
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            roll = rng.random()
            if roll < rate / 2:
                continue  # delete the key
            if roll < rate:
                out[key] = None
                continue
            out[key] = mangle(value, rng, rate)
        return out
    if isinstance(node, list):
        items = [mangle(v, rng, rate) for v in node if rng.random() >= rate / 3]
        if rng.random() < rate:
            rng.shuffle(items)
        if rng.random() < rate / 3:
            items.insert(rng.randrange(len(items) + 1), rng.choice(ODD_VALUES))
        return items
    return node


def check(t: Transcript) -> None:
    starts = [turn.start for turn in t.turns]
    if t.is_timed:
        assert all(s is not None for s in starts)
        assert starts == sorted(starts)  # type: ignore[type-var]
    for turn in t.turns:
        assert turn.speaker is None or turn.speaker in t.speakers
        if turn.start is None:
            assert turn.end is None and not t.is_timed
            continue
        assert turn.end is not None and 0 <= turn.start <= turn.end
        if t.duration is not None:
            assert turn.end <= t.duration
        for token in turn.tokens:
            if token.kind in (WORD, TAG):
                assert token.start is not None and token.end is not None
            if token.start is not None and token.end is not None:
                assert 0 <= token.start <= token.end
                assert turn.start <= token.start and token.end <= turn.end
    for token in t.tokens():
        assert token.confidence is None or 0.0 <= token.confidence <= 1.0
        assert token.text
    for note in t.annotations:
        for value in (note.start, note.end):
            assert value is None or value >= 0
    t.turns and t.turns[0].text()  # joining works


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(DOCS))), st.randoms(use_true_random=False),
       st.sampled_from([0.02, 0.08, 0.25, 0.5]), st.booleans())
def test_mangled_sources_read_sanely_or_raise_invalid_input(
        which: int, rng: random.Random, rate: float, wrap: bool) -> None:
    doc = mangle(DOCS[which], rng, rate)
    if wrap:
        doc = {"data": doc}
    raw = json.dumps(doc).encode("utf-8")
    try:
        t = read(raw, name="fuzz.json")
    except InvalidInput as exc:
        assert "\n" not in str(exc)
        assert str(exc).startswith("fuzz.json: ")
        return
    check(t)
