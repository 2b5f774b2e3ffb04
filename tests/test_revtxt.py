"""Rev caption text: golden bytes, the layout the module documents, times read back."""

from __future__ import annotations

import re
from pathlib import Path

import transconv
from transconv.formats import get, revtxt
from transconv.formats.frametext import clean_line
from transconv.model import WORD, CaptionTrack, Speaker, Token, Transcript, Turn
from transconv.segment import Cue, segment

DATA = Path(__file__).parent / "data" / "rev-txt"

GOLDEN_CUES = [
    Cue(1000, 3500, ("Hello and welcome.",), "1", "Alice", True),
    Cue(3600, 6000, ("So where did you", "grow up?"), "1", "Alice", False),
    Cue(6000, 8990, ("Mostly in Lyon — Montréal.",), "2", "Zoë Ångström", True),
    Cue(9000, 9500, ("[MUSIC]",), None, "", True),
    Cue(3723004, 3725999, ("Two lines,", "second."), "3", "Bob", True),
]

HEADER = re.compile(r"^(\S.*) \((?:(\d{2,}):)?([0-5]\d):([0-5]\d)\):$")


def blocks(text: str) -> list[tuple[str, int, list[str]]]:
    """(speaker, start ms, cue lines) per speaker block, checking the layout line by line."""
    assert text.endswith("\r\n") and not text.startswith("\r\n")
    out: list[tuple[str, int, list[str]]] = []
    for chunk in text[:-2].split("\r\n\r\n"):
        lines = chunk.split("\r\n")
        match = HEADER.match(lines[0])
        assert match, lines[0]
        hh, mm, ss = (int(g or 0) for g in match.groups()[1:])
        assert len(lines) > 1 and all(line.strip() == line and line for line in lines[1:])
        assert not any(HEADER.match(line) for line in lines[1:])
        assert not any("\t" in line or "\r" in line or "\n" in line for line in lines)
        out.append((match[1], ((hh * 60 + mm) * 60 + ss) * 1000, lines[1:]))
    return out


def test_golden_bytes() -> None:
    expected = (DATA / "golden.txt").read_bytes()
    assert revtxt.render(CaptionTrack(GOLDEN_CUES), revtxt.Options()).encode("utf-8") == expected


def test_write_is_render_of_the_segmenter_cues(transcript: Transcript) -> None:
    options = revtxt.Options()
    assert options.style.speaker_style == "none"
    out = get("rev-txt").write(transcript, options)
    assert out == revtxt.render(CaptionTrack(segment(transcript, options.style)), options)


def test_layout_and_read_back(transcript: Transcript) -> None:
    text = get("rev-txt").write(transcript, revtxt.Options())
    cues = sorted(segment(transcript, revtxt.Options().style), key=lambda c: c.start)
    got = blocks(text)
    assert sum(len(lines) for _, _, lines in got) == len(cues)  # one cue per line
    position = 0
    for speaker, start, lines in got:
        first = cues[position]
        assert speaker == (first.speaker_label or revtxt.UNKNOWN_SPEAKER)
        assert 0 <= first.start - start < 1000  # truncated to the second
        for line in lines:
            cue = cues[position]
            assert cue.speaker_label == first.speaker_label
            words = " ".join(part for part in map(clean_line, cue.lines) if part)
            marker = f"{clean_line(cue.speaker_label)}:"
            if cue.speaker_label and words.startswith(marker):  # the header already names them
                words = words[len(marker):].lstrip()
            assert line == words
            assert not line.startswith(f"{speaker}:")
            position += 1


def test_speaker_marker_is_not_repeated_and_hours_appear_from_one_hour() -> None:
    cues = [Cue(59 * 60_000 + 59_999, 3_600_500, ("Alice: Hi there.",), "1", "Alice", True),
            Cue(3_600_500, 3_601_000, (">> Bob: Hello.",), "2", "Bob", True)]
    assert revtxt.render(CaptionTrack(cues), revtxt.Options()) == (
        "Alice (59:59):\r\nHi there.\r\n\r\nBob (01:00:00):\r\nHello.\r\n")
    assert revtxt.render(CaptionTrack(cues[:1]), revtxt.Options(time_style="hms")).startswith(
        "Alice (00:59:59):\r\n")


def test_accents_survive_utf8(transcript: Transcript) -> None:
    data = transconv.dumps(transcript, "rev-txt")
    text = data.decode("utf-8")
    for word in ("Zoë Ångström (guest) (", "Montréal", "Straßenfest", "Встреча", "会议八点开始"):
        assert word in text
    blocks(text)


def test_registry_entry() -> None:
    fmt = get("rev-txt")
    assert fmt.media_type == "text/x-rev-transcript" and "caption" in fmt.kinds


def test_ten_hours_of_cues_all_render() -> None:
    cues = [Cue(i * 2500, i * 2500 + 2200, ("a caption line of some length", "and a second"),
                str(i // 7 % 3), f"Speaker {i // 7 % 3}", i % 7 == 0) for i in range(14_400)]
    text = revtxt.render(CaptionTrack(cues), revtxt.Options())
    # speed is measured in bench/, never in a timed unit test
    assert sum(len(lines) for _, _, lines in blocks(text)) == 14_400



def test_a_spoken_name_and_colon_is_never_taken_for_the_marker() -> None:
    """Found by tests/robustness/test_caption_limits.py: every cue of a speaker that began
    with ``Name:`` lost it, also mid-turn and with no marker in the style at all."""
    words = "Ann: is my name. Long pause here. Ann: again, said Ann".split()
    starts = [i * 400 + (3000 if i >= 7 else 0) for i in range(len(words))]  # a pause: 2 cues
    tokens = [Token(WORD, w, at, at + 300) for w, at in zip(words, starts, strict=True)]
    t = Transcript(turns=[Turn("1", 0, 8000, tokens)], speakers={"1": Speaker("1", "Ann")})
    assert blocks(transconv.dumps(t, "rev-txt").decode()) == [
        ("Ann", 0, ["Ann: is my name. Long pause here.", "Ann: again, said Ann"])]
    named = transconv.dumps(t, "rev-txt", speaker_style="name").decode()
    assert blocks(named) == [("Ann", 0, ["Ann: is my name. Long pause here.",
                                         "Ann: again, said Ann"])]
