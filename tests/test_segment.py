"""The caption segmentation engine, rule by rule, then as properties over odd transcripts."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import long_transcript, small_transcript
from transconv.errors import MissingTiming, UsageError
from transconv.model import PUNCT, SPACE, TAG, WORD, Speaker, Token, Transcript, Turn
from transconv.segment import CaptionStyle, Cue, segment, speaker_marker
from transconv.segment.units import build_units

#: Control characters (category Cc) and the line/paragraph separators (Zl, Zp).
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_INVISIBLE = re.compile("[\\s\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")


def tokens(text: str, start: int = 0, ms_per_char: int = 50, gap: int = 40) -> list[Token]:
    """Rev-like tokens: timed words, untimed punctuation glued to the previous word."""
    out: list[Token] = []
    t = start
    for match in _TOKEN.finditer(text):
        piece = match.group()
        if piece[0].isalnum() or piece[0] in "'’":
            end = t + max(100, ms_per_char * len(piece))
            out.append(Token(WORD, piece, t, end))
            t = end + gap
        else:
            out.append(Token(PUNCT, piece))
    return out


def turn(speaker: str | None, text: str, start: int = 0, **timing: int) -> Turn:
    toks = tokens(text, start, **timing)
    timed = [t.end for t in toks if t.end is not None]
    return Turn(speaker, start, max(timed, default=start), toks)


def transcript(*turns: Turn) -> Transcript:
    speakers = {"a": Speaker("a", "Alice"), "b": Speaker("b", "Bob")}
    return Transcript(turns=list(turns), speakers=speakers)


def words_of(cues: Iterable[Cue], style: CaptionStyle) -> list[str]:
    """Words shown by ``cues``, speaker markers removed."""
    out: list[str] = []
    for cue in cues:
        text = " ".join(cue.lines)
        if cue.new_speaker:
            marker = speaker_marker(style, cue.speaker_label)
            assert text.startswith(marker)
            text = text[len(marker):]
        out.extend(text.split())
    return out


def check_invariants(cues: list[Cue], style: CaptionStyle) -> None:
    """Every rule a writer relies on, for every cue."""
    previous: Cue | None = None
    for cue in cues:
        assert 1 <= len(cue.lines) <= style.max_lines, cue
        for line in cue.lines:
            assert line and line == line.strip(), cue
            assert len(line) <= style.max_chars, cue
            assert not _FORBIDDEN.search(line), cue
        assert cue.start < cue.end, cue
        assert cue.end - cue.start <= style.max_duration, cue
        assert cue.start >= 0
        if previous is not None:
            assert cue.start - previous.end >= style.min_gap, (previous, cue)
        previous = cue


# --- where cues and lines break ---------------------------------------------------------


def test_cue_breaks_at_sentence_before_clause() -> None:
    text = ("We met at the station at noon. After that, we walked to the museum "
            "and looked at the paintings for hours.")
    cues = segment(transcript(turn(None, text)))
    assert " ".join(cues[0].lines).endswith("noon.")
    assert cues[1].lines[0].startswith("After that,")


def test_cue_breaks_at_clause_before_phrase() -> None:
    text = ("I wanted to go down to the market early in the morning, but the rain "
            "kept falling over the valley for hours")
    cues = segment(transcript(turn(None, text)))
    assert " ".join(cues[0].lines).endswith("morning,")


def test_cue_breaks_before_conjunction_without_comma() -> None:
    text = ("The committee discussed the proposal for the new community garden "
            "and the members voted on the budget for the coming year")
    cues = segment(transcript(turn(None, text)))
    assert " ".join(cues[1].lines).startswith("and the members")


def test_cue_breaks_at_phrase_when_no_punctuation() -> None:
    text = ("the quick brown fox jumped gracefully over the sleeping dog near the old "
            "wooden fence behind the red barn in the valley")
    cues = segment(transcript(turn(None, text)))
    assert cues[1].lines[0].split()[0] in {"over", "near", "behind", "in"}
    for cue in cues[:-1]:
        assert cue.lines[-1].split()[-1] not in {"the", "over", "near", "behind", "in"}


def test_short_text_stays_on_one_line() -> None:
    cues = segment(transcript(turn(None, "Thank you very much.")))
    assert [c.lines for c in cues] == [("Thank you very much.",)]


def test_lines_are_balanced_without_orphan() -> None:
    text = "Everybody in the whole room quietly agreed today."
    assert textwrap.wrap(text, 42)[-1] == "today."  # greedy filling leaves an orphan
    (cue,) = segment(transcript(turn(None, text)))
    assert len(cue.lines) == 2 and all(len(line.split()) >= 3 for line in cue.lines)
    assert abs(len(cue.lines[0]) - len(cue.lines[1])) <= 8


def test_lines_break_before_conjunction() -> None:
    text = "The little dog ran across the yard and into the fire."
    (cue,) = segment(transcript(turn(None, text)))
    assert cue.lines == ("The little dog ran across the yard", "and into the fire.")


def test_line_break_prefers_punctuation() -> None:
    text = "Yes, I remember that whole afternoon, thank you very much."
    (cue,) = segment(transcript(turn(None, text)))
    assert cue.lines == ("Yes, I remember that whole afternoon,", "thank you very much.")


def test_line_break_avoids_article_and_preposition() -> None:
    text = "He put the heavy old suitcase in the back of the car"
    (cue,) = segment(transcript(turn(None, text)), CaptionStyle(max_chars=32))
    assert cue.lines[0].split()[-1] not in {"the", "in", "of", "a"}


def test_never_splits_a_word() -> None:
    text = "extraordinarily complicated administrative responsibilities " * 6
    t = transcript(turn(None, text))
    cues = segment(t, CaptionStyle(max_chars=32))
    assert words_of(cues, CaptionStyle(max_chars=32)) == t.words()


def test_long_word_is_hard_wrapped_not_lost() -> None:
    word = "x" * 100 + "é" * 30
    t = transcript(turn(None, f"Look {word} there."))
    style = CaptionStyle()
    cues = segment(t, style)
    check_invariants(cues, style)
    joined = "".join("".join(c.lines) for c in cues).replace(" ", "")
    assert joined == f"Look{word}there."
    assert any(line == "x" * 42 for c in cues for line in c.lines)


def test_hard_wrapped_pieces_keep_text_order() -> None:
    # the pieces of "0." share out 0..2 ms; the next word claims 0 ms and must not jump ahead
    toks = [Token(WORD, "0", 0, None), Token(PUNCT, "."), Token(WORD, "1", 0, 2),
            Token(WORD, "2", 0, None)]
    style = CaptionStyle(max_chars=1, max_lines=1, min_duration=0, min_gap=0)
    cues = segment(transcript(Turn(None, None, None, toks)), style)
    check_invariants(cues, style)
    assert "".join(c.text for c in cues) == "0.12"


# --- speakers ---------------------------------------------------------------------------


def _two_speakers() -> Transcript:
    return transcript(
        turn("a", "Hello there.", 0),
        turn("b", "Hi Alice.", 2000),
        turn("b", "How are you?", 4000),
        turn(None, "Somebody else talks.", 6000),
    )


@pytest.mark.parametrize(("style", "expected"), [
    ("name", ["Alice: Hello there.", "Bob: Hi Alice.", "How are you?", "Somebody else talks."]),
    ("dash", ["- Hello there.", "- Hi Alice.", "How are you?", "- Somebody else talks."]),
    ("chevrons", [">> Alice: Hello there.", ">> Bob: Hi Alice.", "How are you?",
                  ">> Somebody else talks."]),
    ("none", ["Hello there.", "Hi Alice.", "How are you?", "Somebody else talks."]),
])
def test_speaker_marker_styles(style: str, expected: list[str]) -> None:
    cues = segment(_two_speakers(), CaptionStyle(speaker_style=style))  # type: ignore[arg-type]
    assert [c.text for c in cues] == expected
    assert [c.new_speaker for c in cues] == [True, True, False, True]
    assert [c.speaker_label for c in cues] == ["Alice", "Bob", "Bob", ""]
    assert [c.turn for c in cues] == [0, 1, 2, 3]


def test_speaker_change_starts_new_cue_and_marks_only_first() -> None:
    long = ("This is a long answer that certainly needs more than one caption, "
            "because it keeps going on and on about many different things.")
    cues = segment(transcript(turn("a", "Short.", 0), turn("b", long, 1500)))
    assert cues[0].text == "Alice: Short."
    assert cues[1].text.startswith("Bob: This")
    assert len(cues) > 2 and not any("Bob:" in c.text for c in cues[2:])
    assert [c.new_speaker for c in cues[1:]] == [True] + [False] * (len(cues) - 2)


def test_empty_label_is_unknown_speaker() -> None:
    t = transcript(turn("a", "One.", 0), turn("z", "Two.", 2000), turn("", "Three.", 4000))
    t.speakers["z"] = Speaker("z", "")
    assert [c.text for c in segment(t)] == ["Alice: One.", "Two.", "Three."]


def test_long_speaker_name_is_shortened_to_fit() -> None:
    t = transcript(turn("a", "Hello.", 0))
    t.speakers["a"] = Speaker("a", "Bartholomew Maximilian Fitzgerald-Worthington III")
    style = CaptionStyle(max_chars=32)
    (cue,) = segment(t, style)
    check_invariants([cue], style)
    assert cue.lines[0] == "Bartholomew Maximilian…: Hello."
    assert cue.speaker_label == "Bartholomew Maximilian Fitzgerald-Worthington III"


def test_marker_and_word_share_one_line_when_max_lines_is_one() -> None:
    t = transcript(turn("a", "Incomprehensibilities", 0))
    style = CaptionStyle(max_chars=20, max_lines=1)
    cues = segment(t, style)
    check_invariants(cues, style)
    assert cues[0].lines[0].startswith("Alice: ")


# --- tags, text cleaning ------------------------------------------------------------------


def _tagged() -> Transcript:
    toks = [*tokens("I was saying", 0), Token(TAG, "inaudible", 1500, 1500),
            *tokens("and then", 1600)]
    return transcript(Turn(None, 0, 2500, toks))


def test_tags_kept_as_bracketed_text() -> None:
    (cue,) = segment(_tagged())
    assert cue.text == "I was saying [inaudible] and then"


def test_tags_dropped_when_asked() -> None:
    (cue,) = segment(_tagged(), CaptionStyle(keep_tags=False))
    assert cue.text == "I was saying and then"


def test_control_characters_and_separators_never_reach_a_line() -> None:
    toks = [Token(WORD, "ab\ncd", 0, 300), Token(WORD, "e\u2028f", 400, 700),
            Token(WORD, "g\x07h\u2029", 800, 900), Token(PUNCT, "\r\n"),
            Token(WORD, "i\tj", 1000, 1200), Token(TAG, "cross\ntalk", 1300, 1300)]
    style = CaptionStyle()
    cues = segment(transcript(Turn(None, 0, 1300, toks)), style)
    check_invariants(cues, style)
    assert " ".join(c.text for c in cues).split() == \
        ["ab", "cd", "e", "f", "g", "h", "i", "j", "[cross", "talk]"]


def test_rev_spacing_tokens_and_glued_punctuation() -> None:
    toks = [Token(WORD, "Well", 0, 200), Token(PUNCT, ","), Token(SPACE, " "),
            Token(PUNCT, "“"), Token(WORD, "hello", 300, 500), Token(PUNCT, "”"),
            Token(PUNCT, "."), Token(WORD, "Then", 700, 900), Token(PUNCT, "("),
            Token(WORD, "maybe", 1000, 1200), Token(PUNCT, ")"), Token(WORD, "well", 1300, 1400),
            Token(PUNCT, "-"), Token(WORD, "known", 1400, 1600)]
    (cue,) = segment(transcript(Turn(None, 0, 1600, toks)))
    assert cue.text == "Well, “hello”. Then (maybe) well-known"


def test_whitespace_after_a_dash_or_opening_punctuation_keeps_words_apart() -> None:
    """Found by tests/robustness/test_caption_limits.py: ``-``, ``/`` and ``(`` glued the next
    word to themselves even across a space token ("I was -you know -there")."""
    toks = [Token(WORD, "I", 0, 100), Token(SPACE, " "), Token(WORD, "was", 100, 300),
            Token(SPACE, " "), Token(PUNCT, "-"), Token(SPACE, " "),
            Token(WORD, "you", 400, 500), Token(SPACE, " "), Token(PUNCT, "/"),
            Token(SPACE, " "), Token(PUNCT, "("), Token(SPACE, " "),
            Token(WORD, "know", 600, 800), Token(PUNCT, "("), Token(TAG, "laughs", 800, 900)]
    (cue,) = segment(transcript(Turn(None, 0, 900, toks)))
    assert cue.text == "I was - you / ( know ([laughs]"


# --- timing -------------------------------------------------------------------------------


def test_min_duration_extends_into_silence() -> None:
    cues = segment(transcript(turn(None, "Yes.", 1000), turn(None, "No.", 5000)))
    assert (cues[0].start, cues[0].end) == (1000, 2000)


def test_extension_never_reaches_next_cue() -> None:
    style = CaptionStyle()
    cues = segment(transcript(turn("a", "Yes.", 1000), turn("b", "No way.", 1400)), style)
    assert cues[0].end == 1400 - style.min_gap
    check_invariants(cues, style)


def test_reading_speed_extension() -> None:
    text = "Rapid speech packs many words into a very short time here"
    cues = segment(transcript(turn(None, text, 0, ms_per_char=10, gap=0),
                              turn(None, "Later.", 20000)))
    assert cues[0].end - cues[0].start == len(text) * 1000 // 20
    assert cues[0].end < 20000


def test_reading_speed_extension_stops_at_next_cue() -> None:
    text = "Rapid speech packs many words into a very short time here"
    style = CaptionStyle()
    cues = segment(transcript(turn("a", text, 0, ms_per_char=10, gap=0),
                              turn("b", "Later.", 1500)), style)
    assert cues[0].end == 1500 - style.min_gap


def test_min_gap_between_touching_turns() -> None:
    style = CaptionStyle(min_gap=100)
    t = transcript(Turn("a", 0, 2000, [Token(WORD, "First", 0, 2000)]),
                   Turn("b", 2000, 4000, [Token(WORD, "Second", 2000, 4000)]))
    cues = segment(t, style)
    assert cues[1].start - cues[0].end >= 100
    assert cues[1].start == 2000


def test_max_duration_splits_slow_speech() -> None:
    style = CaptionStyle()
    t = transcript(turn(None, "one two three four five six seven eight nine ten", 0,
                        ms_per_char=400, gap=600))
    cues = segment(t, style)
    assert len(cues) > 1
    check_invariants(cues, style)
    assert words_of(cues, style) == t.words()


def test_single_overlong_word_is_capped() -> None:
    t = transcript(Turn(None, 0, 60000, [Token(WORD, "Hmmmmm", 0, 60000)]))
    (cue,) = segment(t)
    assert (cue.start, cue.end) == (0, 7000)


def test_crosstalk_gives_sorted_non_overlapping_cues() -> None:
    long = ("I was explaining that the whole plan depends on the weather, and if it rains "
            "tomorrow we will have to move everything indoors.")
    t = transcript(turn("a", long, 0), turn("b", "Sure.", 1200), turn("b", "Right.", 1200))
    style = CaptionStyle()
    cues = segment(t, style)
    check_invariants(cues, style)
    assert [c.text for c in cues if c.speaker == "b"] == ["Bob: Sure.", "Right."]
    assert sorted(words_of(cues, style)) == sorted(_plain_words(t))
    assert cues[0].speaker == "a" and cues[1].speaker == "b"


def test_untimed_punctuation_attaches_to_neighbours() -> None:
    toks = [Token(WORD, "Hello", 0, 400), Token(PUNCT, ","), Token(WORD, "world", 500, 900),
            Token(PUNCT, "!")]
    (cue,) = segment(transcript(Turn(None, 0, 900, toks)))
    assert cue.text == "Hello, world!"
    assert cue.start == 0


def test_turn_without_token_times_is_spread_over_turn() -> None:
    greek = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron"
    toks = [Token(WORD, w) for w in greek.split(" ")]
    t = transcript(turn("a", "Before.", 0), Turn("b", 10000, 30000, toks))
    style = CaptionStyle()
    cues = segment(t, style)
    check_invariants(cues, style)
    spread = [c for c in cues if c.speaker == "b"]
    assert len(spread) > 1
    assert spread[0].start == 10000 and spread[-1].start < 30000
    assert words_of(cues, style) == _plain_words(t)


def test_untimed_word_is_interpolated_between_neighbours() -> None:
    toks = [Token(WORD, "one", 0, 400), Token(WORD, "two"), Token(WORD, "three", 2000, 2400),
            Token(PUNCT, "."), Token(WORD, "Four", 9000, 9400)]
    cues = segment(transcript(Turn(None, 0, 9400, toks)))
    assert [c.text for c in cues] == ["one two three.", "Four"]
    assert cues[0].start == 0 and cues[1].start == 9000


def test_long_pause_breaks_the_cue() -> None:
    toks = [*tokens("we went to the", 0), *tokens("market with my sister", 5000)]
    cues = segment(transcript(Turn(None, 0, 6000, toks)))
    assert [c.text for c in cues] == ["we went to the", "market with my sister"]


def test_empty_transcript_gives_no_cues() -> None:
    assert segment(Transcript()) == []


def test_untimed_transcript_raises_missing_timing() -> None:
    t = transcript(Turn("a", None, None, [Token(WORD, "hello")]))
    with pytest.raises(MissingTiming):
        segment(t)


def test_token_times_alone_are_enough() -> None:
    t = transcript(Turn("a", None, None, [Token(WORD, "hello", 500, 900)]))
    (cue,) = segment(t)
    assert cue.start == 500


# --- configuration ------------------------------------------------------------------------


def test_608_style_32_by_4() -> None:
    style = CaptionStyle(max_chars=32, max_lines=4)
    t = long_transcript(0.05)
    cues = segment(t, style)
    check_invariants(cues, style)
    assert max(len(c.lines) for c in cues) >= 3
    assert max(len(line) for c in cues for line in c.lines) > 28
    assert words_of(cues, style) == _plain_words(t)


@pytest.mark.parametrize("bad", [
    {"max_chars": 0}, {"max_lines": 0}, {"max_duration": 0}, {"min_duration": 8000},
    {"max_cps": 0}, {"min_gap": -1}, {"speaker_style": "loud"},
])
def test_style_validation(bad: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        CaptionStyle(**bad)  # type: ignore[arg-type]


def test_small_transcript_reads_naturally() -> None:
    cues = segment(small_transcript())
    assert cues[0].lines == ("Bob Smith: So where did you grow up,", "and what was it like?")
    assert cues[3].text.endswith("[crosstalk]")
    check_invariants(cues, CaptionStyle())


# --- properties ---------------------------------------------------------------------------


def _plain_words(t: Transcript) -> list[str]:
    """The transcript's words as cues show them: punctuation glued, tags bracketed."""
    out: list[str] = []
    for tr in t.turns:
        for tok in tr.tokens:
            if tok.kind == WORD:
                out.append(tok.text)
            elif tok.kind == TAG:
                out.append(f"[{tok.text}]")
            elif tok.kind == PUNCT and out:
                out[-1] += tok.text
    return out


def test_ten_hours_keeps_every_word_and_every_rule() -> None:
    style = CaptionStyle()
    t = long_transcript(10)
    cues = segment(t, style)
    check_invariants(cues, style)
    assert words_of(cues, style) == _plain_words(t)
    # a line ends on an article only when no other break fits (greedy filling: ~4 % of lines)
    article_ends = sum(line.endswith((" the", " a")) for c in cues for line in c.lines[:-1])
    assert article_ends <= len(cues) // 1000


def test_thousands_of_speakers() -> None:
    speakers = {str(i): Speaker(str(i), f"Person {i}") for i in range(3000)}
    turns = [Turn(str(i), i * 700, i * 700 + 500, [Token(WORD, f"w{i}", i * 700, i * 700 + 500)])
             for i in range(3000)]
    style = CaptionStyle()
    cues = segment(Transcript(turns=turns, speakers=speakers), style)
    check_invariants(cues, style)
    assert [c.text for c in cues[:2]] == ["Person 0: w0", "Person 1: w1"]
    assert len(cues) == 3000


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def _expected_stream(tr: Turn, keep_tags: bool) -> str:
    parts: list[str] = []
    for tok in tr.tokens:
        if tok.kind in (WORD, PUNCT):
            parts.append(_visible(tok.text))
        elif tok.kind == TAG and keep_tags:
            label = _visible(tok.text)
            if label:
                parts.append(f"[{label}]")
    return "".join(parts)


_times = st.one_of(st.none(), st.integers(0, 200_000), st.sampled_from([0, 1000, 1000, 5000]))
_texts = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "\n", "a\u2028b", ".", ",", "(", "—", "-", "[", "x" * 10_000,
                     "é" * 5000 + "\u0301" * 3, "and", "the"]),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=40, max_size=200),
)


@st.composite
def _tokens(draw: st.DrawFn) -> Token:
    kind = draw(st.sampled_from([WORD, WORD, WORD, PUNCT, SPACE, TAG]))
    start = draw(_times)
    end = draw(st.one_of(st.none(), st.just(start), st.integers(0, 200_000)))
    return Token(kind, draw(_texts), start, end)  # type: ignore[arg-type]


@st.composite
def _transcripts(draw: st.DrawFn) -> Transcript:
    keys = draw(st.lists(st.text(max_size=3), max_size=6))
    speakers = {k: Speaker(k, draw(st.text(max_size=60))) for k in keys}
    turns = draw(st.lists(
        st.builds(Turn, st.one_of(st.none(), st.sampled_from([*keys, "", "missing"])),
                  _times, _times, st.lists(_tokens(), max_size=25)),
        max_size=12))
    return Transcript(turns=turns, speakers=speakers)


_styles = st.builds(
    CaptionStyle,
    max_chars=st.integers(1, 60), max_lines=st.integers(1, 4),
    max_duration=st.integers(1000, 10_000), min_duration=st.integers(0, 1000),
    max_cps=st.floats(1, 40), min_gap=st.integers(0, 200),
    speaker_style=st.sampled_from(["name", "dash", "chevrons", "none"]),
    keep_tags=st.booleans(),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(_transcripts(), _styles)
def test_property_weird_transcripts(t: Transcript, style: CaptionStyle) -> None:
    timed = any(tr.start is not None or tr.end is not None for tr in t.turns) or any(
        tok.start is not None or tok.end is not None for tok in t.tokens())
    if not timed and t.turns:
        with pytest.raises(MissingTiming):
            segment(t, style)
        return
    cues = segment(t, style)
    check_invariants(cues, style)
    # per turn, the visible characters of the cues are exactly the turn's, in order
    shown: dict[int, list[str]] = {}
    for cue in cues:
        assert 0 <= cue.turn < len(t.turns)
        text = " ".join(cue.lines)
        if cue.new_speaker:
            marker = speaker_marker(style, cue.speaker_label)
            assert text.startswith(marker)
            text = text[len(marker):]
        shown.setdefault(cue.turn, []).append(_visible(text))
    for index, tr in enumerate(t.turns):
        assert "".join(shown.get(index, [])) == _expected_stream(tr, style.keep_tags)


def test_a_huge_word_is_cut_into_line_wide_pieces_never_before_a_combining_mark() -> None:
    word = "e\u0301a" * 20_000  # 60,000 characters, a combining acute on every other letter
    units = build_units([Token(WORD, word, 0, 60_000)], True, 32)
    assert "".join(units.texts) == word
    assert all(len(piece) <= 32 for piece in units.texts)
    assert not any(unicodedata.combining(piece[0]) for piece in units.texts)
    assert units.starts == sorted(units.starts) and units.ends[-1] == 60_000
