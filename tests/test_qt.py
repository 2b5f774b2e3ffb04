"""QuickTime timed text: golden bytes, the grammar of simple-caption-formats.md §1, read-back."""

from __future__ import annotations

import re
from pathlib import Path

import transconv
from transconv.formats import by_filename, get
from transconv.formats.frametext import clean_line, qt
from transconv.model import CaptionTrack, Transcript
from transconv.segment import Cue, segment

DATA = Path(__file__).parent / "data" / "qt"

GOLDEN_CUES = [
    Cue(1000, 3500, ("Alice: Hello and welcome.",), "1", "Alice", True),
    Cue(3600, 6000, ("[MUSIC]", "[12] back\\slash"), None, "", True),
    Cue(6000, 8990, ("Zoë: Ça va? Ελληνικά — “quoted”",), "2", "Zoë", True),
    Cue(3723004, 3725999, ("Bob: Two lines,", "second | pipe ^Bold {brace}"), "3", "Bob", True),
]

HEADER = re.compile(r"^\{QTtext\}( \{[A-Za-z-]+(:[^{}\r\n]*)?\})*$")
STAMP = re.compile(r"^\[(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})\]$")
STAMP_PREFIX = re.compile(r"^\[\d{2}:\d{2}:\d{2}\.\d+\]")


def shown(cue: Cue) -> list[str]:
    """The lines a cue should show: cleaned of controls and doubled spaces, none empty."""
    return [line for line in map(clean_line, cue.lines) if line]


def stamp_ms(line: str) -> int:
    match = STAMP.match(line)
    assert match, line
    hh, mm, ss, ms = map(int, match.groups())
    return ((hh * 60 + mm) * 60 + ss) * 1000 + ms


def lines_of(text: str) -> list[str]:
    """The file's lines, after checking every line ends in CRLF and nothing else breaks."""
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    assert not any("\r" in line or "\n" in line for line in lines)
    return lines


def check_grammar(text: str) -> None:
    lines = lines_of(text)
    assert HEADER.match(lines[0]), lines[0]
    assert "{timeScale:1000}" in lines[0] and "{timeStamps:absolute}" in lines[0]
    stamps = [stamp_ms(line) for line in lines[1:] if STAMP.match(line)]
    assert stamps == sorted(stamps), "stamps must not decrease"
    assert STAMP.match(lines[-1]), "the file must end on a stamp"
    assert STAMP.match(lines[1]), "the first sample starts with a stamp"
    for line in lines[1:]:
        if STAMP.match(line) or line == "":
            continue
        assert "{" not in line and "}" not in line, line
        assert not STAMP_PREFIX.match(line), line


def read_back(text: str) -> list[tuple[int, int, list[str]]]:
    """Samples with text as (start, end, lines), the way QuickTime builds them."""
    samples: list[tuple[int, list[str]]] = []
    for line in lines_of(text)[1:]:
        if STAMP.match(line):
            samples.append((stamp_ms(line), []))
        elif line:
            samples[-1][1].append(line)
    return [(start, samples[i + 1][0], body)
            for i, (start, body) in enumerate(samples[:-1]) if body]


def test_golden_bytes() -> None:
    expected = (DATA / "golden.qt.txt").read_bytes()
    assert qt.render(CaptionTrack(GOLDEN_CUES), qt.Options()).encode("utf-8") == expected


def test_write_is_render_of_the_segmenter_cues(transcript: Transcript) -> None:
    options = qt.Options()
    assert (get("qt").write(transcript, options)
            == qt.render(CaptionTrack(segment(transcript, options.style)), options))


def test_grammar_and_exact_read_back(transcript: Transcript) -> None:
    options = qt.Options(language=2, horizontal_align="left", font="Helvetica Neue")
    text = get("qt").write(transcript, options)
    assert isinstance(text, str)
    check_grammar(text)
    assert "{language:2}" in text.splitlines()[0]
    cues = sorted(segment(transcript, options.style), key=lambda c: c.start)
    got = read_back(text)
    assert [(s, e) for s, e, _ in got] == [(c.start, c.end) for c in cues]  # ms: exact
    assert [body for _, _, body in got] == [shown(c) for c in cues]


def test_accents_survive_utf8_and_fold_in_ascii(transcript: Transcript) -> None:
    text = get("qt").write(transcript, qt.Options())
    assert isinstance(text, str)
    for word in ("Zoë Ångström", "Montréal", "συνάντηση", "Встреча", "会议八点开始"):
        assert word in text
    data = get("qt").write(transcript, qt.Options(encoding="us-ascii"))
    assert isinstance(data, bytes) and max(data) < 0x80
    decoded = data.decode("ascii")
    assert "Zoe Angstrom" in decoded and "Montreal" in decoded
    check_grammar(decoded)


def test_hazards_are_neutralised() -> None:
    cues = [Cue(0, 1000, ("[00:00:07.12] said {loudly}", "\x07tab\there"))]
    lines = lines_of(qt.render(CaptionTrack(cues), qt.Options()))
    assert lines[1:] == ["[00:00:00.000]", "[ 00:00:07.12] said (loudly)", "tab here",
                         "[00:00:01.000]"]


def test_overlap_is_cut_at_next_start_and_adjacent_cues_share_a_stamp() -> None:
    cues = [Cue(3000, 6000, ("B",)), Cue(1000, 5000, ("A",)), Cue(6000, 7000, ("C",))]
    lines = lines_of(qt.render(CaptionTrack(cues), qt.Options()))
    assert lines[1:] == ["[00:00:01.000]", "A", "[00:00:03.000]", "B", "[00:00:06.000]", "C",
                         "[00:00:07.000]"]


def test_hours_beyond_99() -> None:
    assert qt.stamp(100 * 3_600_000 + 5) == "[100:00:00.005]"


def test_registry_entry(transcript: Transcript) -> None:
    fmt = get("qt")
    assert fmt.media_type == "application/x-quicktime-timedtext"
    assert by_filename("talk.qt.txt") is fmt
    data = transconv.dumps(transcript, "qt", max_chars=32)
    assert data.startswith(b"{QTtext} ")
    check_grammar(data.decode("utf-8"))


def test_ten_hours_render_in_well_under_a_second() -> None:
    cues = [Cue(i * 2500, i * 2500 + 2200, ("a caption line of some length", "and a second"))
            for i in range(14_400)]
    text = qt.render(CaptionTrack(cues), qt.Options())
    assert text.count("\r\n") == 1 + 14_400 * 5 - 1


def test_no_cues_still_ends_on_a_stamp() -> None:
    text = qt.render(CaptionTrack([Cue(0, 1000, ("\x07",))]), qt.Options())
    check_grammar(text)
    assert lines_of(text)[1:] == ["[00:00:00.000]"]

