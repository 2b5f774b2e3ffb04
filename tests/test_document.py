"""The layout both document writers share: spans must say exactly what the model says."""

from __future__ import annotations

from tests.factories import long_transcript
from transconv.formats.documents.layout import LayoutOptions, build, clock
from transconv.model import SPACE, TAG, WORD, Annotation, Token, Transcript, Turn


def test_spans_join_to_the_turn_text() -> None:
    t = long_transcript(0.5)
    t.turns[0].tokens[1:1] = [Token(SPACE, " \t\n "), Token(WORD, "bell\x07ring")]
    layout = build(t, LayoutOptions(timestamps="none"))
    for block, turn in zip(layout.blocks, t.turns, strict=True):
        assert "".join(s.text for s in block.spans) == turn.text().replace("\x07", "")
        assert all(s.text for s in block.spans)
        # bulk: a new span only where the look changes (a tag), never per word
        tags = sum(1 for token in turn.tokens if token.kind == TAG)
        assert len(block.spans) <= 2 * tags + 1


def test_interval_stamps_carry_across_turns() -> None:
    turns = [Turn("1", s, s + 900, [Token(WORD, f"w{s}", s, s + 900)])
             for s in range(0, 100_000, 10_000)]
    layout = build(Transcript(turns), LayoutOptions(timestamps="interval", interval=30))
    stamps = [s.text.strip() for b in layout.blocks for s in b.spans if s.kind == "stamp"]
    assert stamps == ["[00:00:00]", "[00:00:30]", "[00:01:00]", "[00:01:30]"]
    assert all(b.stamp is None for b in layout.blocks)


def test_notes_anchor_to_overlapping_words_and_end_in_the_last_turn() -> None:
    turns = [Turn("1", 0, 2000, [Token(WORD, "a", 0, 900), Token(WORD, "b", 1000, 1900)]),
             Turn("2", 2000, 4000, [Token(WORD, "c", 2000, 2900), Token(WORD, "d", 3000, 3900)])]
    notes = [Annotation("n", "spans turns", 1500, 2500), Annotation("u", "untimed")]
    layout = build(Transcript(turns, annotations=notes), LayoutOptions())
    covered = [s.text for b in layout.blocks for s in b.spans if s.notes == (0,)]
    assert [w.strip() for w in covered] == ["b", "c"]
    assert [b.notes_ending for b in layout.blocks] == [[], [0]]
    assert [n.annotation.id for n in layout.unanchored] == ["u"]


def test_clock_and_title_fallbacks() -> None:
    assert clock(3_723_999) == "01:02:03"
    assert build(Transcript(), LayoutOptions()).title == "Transcript"
    options = LayoutOptions(filename="dir/x.json", created="2024-02-03T04:05:06")
    layout = build(Transcript(), options)
    assert layout.title == "x.json" and ("Date", "2024-02-03") in layout.facts
