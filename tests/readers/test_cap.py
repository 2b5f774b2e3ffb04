"""The Cheetah CAP reader: the hand-built golden file, blocks built byte by byte from
cheetah-cap.md (with and without out-time, styles, placement, the old fixed-record variant),
round trips through our writer with every option, bad input and a fuzz test.

No other program that reads CAP can be installed (cheetah-cap.md §9), so agreement is with
the note: the golden file (tests/data/cap/golden.cap) was typed in from it byte by byte.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transconv
from tests.readers.script import SCRIPT
from transconv.errors import InvalidInput, TransconvError
from transconv.model import CaptionTrack, Cue
from transconv.readers.captions import cap

GOLDEN = Path(__file__).parents[1] / "data" / "cap" / "golden.cap"
HEADER = (b"\xea\x22\x01\x00" + b"\x00\x00" + b"\x09\xa8\xaf\x4f").ljust(128, b"\x00")
STYLE = b"\x12\x01\x00\x00\x00\x00"


def block(tc_in: tuple[int, ...], tc_out: tuple[int, ...] | None, text: bytes, *,
          place: bytes = b"\x03\x0f\x10", flag: int = 0x61) -> bytes:
    """One caption block as cheetah-cap.md §4 lays it out (no out-time: flag 41/42)."""
    if tc_out is None:
        body = bytes((flag & ~0x20, *tc_in)) + b"\x02\x01\x00\x00" + b"\x00\x00" + place
    else:
        body = bytes((flag, *tc_in, *tc_out)) + STYLE + place
    body += text + b"\x00"
    return bytes((len(body) + 1,)) + body


def track_of(data: bytes, **options: str) -> CaptionTrack:
    track = transconv.loads(data, **options)
    assert isinstance(track, CaptionTrack) and track.source == "cap"
    return track


def test_golden_file() -> None:
    track = track_of(GOLDEN.read_bytes())
    assert [(c.start, c.end, c.lines) for c in track.cues] == [
        (1000, 3500, ("Hello world!", "Señor Muller ¿qué?")),
        (4000, 7000, ("♪ Ca va - très bien... 'Zoe'",)),
        (3_725_033, 3_727_000, ("½ £5 ® ¢ ?", "ñ Ñ ç á í ó ú â ê î ô û à"))]
    assert track.frame_rate == 30 and not track.drop_frame
    assert track.cues[0].hints == (("align", "center"), ("line", "93%"))


def test_every_special_byte() -> None:
    specials = bytes(range(0x81, 0x96))
    track = track_of(HEADER + block((0, 0, 1, 0), (0, 0, 2, 15), b"x" + specials))
    assert track.cues[0].lines == ("x♪áéíóúâêîôûàèÑñç¢£¿½®",)
    assert (track.cues[0].start, track.cues[0].end) == (1000, 2500)


def test_blocks_without_out_time_style_codes_and_placement(
        caplog: pytest.LogCaptureFixture) -> None:
    data = HEADER + b"".join((
        block((0, 0, 1, 0), None, b"\xd0In italics\x00\x00\x00\x00second line",
              place=b"\x01\x01\x02"),
        block((0, 0, 3, 6), None, b"right \x14code\xc5s \x96 \xbf", place=b"\x02\x08\x1e"),
        block((0, 0, 5, 0), None, b"last"),
    )) + b"\x00" * 7  # zero padding after the last block
    with caplog.at_level(logging.WARNING):
        cues = track_of(data, name="x.cap").cues
    assert [(c.start, c.end, c.lines) for c in cues] == [
        (1000, 3200, ("In italics", "second line")),
        (3200, 5000, ("right codes – ¿",)),
        (5000, 7000, ("last",))]
    assert cues[0].hints == (("align", "left"), ("line", "0%"), ("italic", "1"))
    assert cues[1].hints == (("align", "right"), ("line", "46%"))
    assert "x.cap: 2 byte(s) are not CAP characters" in caplog.text


def test_old_fixed_record_variant() -> None:
    def record(tc_in: tuple[int, ...], tc_out: tuple[int, ...], one: bytes, two: bytes
               ) -> bytes:
        out = bytearray(178)
        out[0:8] = bytes((*tc_in, *tc_out))
        out[0x1A:0x1A + len(one)] = one
        out[0x40:0x40 + len(two)] = two
        return bytes(out)

    data = b"\xea\x10".ljust(128, b"\x00") + record((0, 0, 1, 0), (0, 0, 2, 0), b"Old",
                                                    b"variant") + record(
        (0, 1, 0, 15), (0, 1, 2, 0), b"One line", b"")
    cues = track_of(data).cues
    assert [(c.start, c.end, c.lines) for c in cues] == [
        (1000, 2000, ("Old", "variant")), (60_500, 62_000, ("One line",))]


# --- round trips through our writer -----------------------------------------------------------

#: SCRIPT's words as CAP carries them: ASCII and the special characters, the rest folded.
FOLDED = {"—": "-", "€": "EUR", "Æ": "AE", "ø": "o", "Ø": "O", "ï": "i"}


def script_track() -> CaptionTrack:
    return CaptionTrack([Cue(c.start, c.end, c.lines) for c in SCRIPT])


def expected_words(fallback: str = "?") -> list[list[str]]:
    table = {**FOLDED, "¡": fallback}
    return [" ".join(cue.lines).translate(str.maketrans(table)).split() for cue in SCRIPT]


OPTIONS: list[tuple[dict[str, str], dict[str, str], Fraction]] = [
    ({}, {}, Fraction(30)),
    ({"timecode": "smpte-df"}, {}, Fraction(15)),  # wall-clock reading: within two frames
    ({"timecode": "smpte-df"}, {"frame_rate": "29.97"}, Fraction(30000, 1001)),
    ({"fps": "29.97"}, {"frame_rate": "29.97"}, Fraction(30000, 1001)),
    ({"start_timecode": "01:00:00:00"}, {"timecode_offset": "01:00:00:00"}, Fraction(30)),
    ({"min_gap_frames": "2"}, {}, Fraction(10)),
    ({"horizontal_align": "left", "vertical_align": "top"}, {}, Fraction(30)),
    ({"horizontal_align": "right", "fallback": "#"}, {}, Fraction(30)),
]


@pytest.mark.parametrize(("write", "read", "tolerance"), OPTIONS)
def test_round_trip_script(write: dict[str, str], read: dict[str, str],
                           tolerance: Fraction) -> None:
    track = track_of(transconv.dumps(script_track(), "cap", **write), **read)
    frame = 1000 / tolerance
    assert [" ".join(c.lines).split() for c in track.cues] == expected_words(
        write.get("fallback", "?"))
    for cue, expected in zip(track.cues, SCRIPT, strict=True):
        assert abs(cue.start - expected.start) <= frame, (cue, expected)
        assert abs(cue.end - expected.end) <= frame, (cue, expected)
    hints = dict(track.cues[0].hints)
    assert hints["align"] == write.get("horizontal_align", "center")
    assert hints["line"] == ("0%" if write.get("vertical_align") == "top" else "93%")


def test_every_character_round_trips() -> None:
    chars = [chr(c) for c in range(0x21, 0x7F)] + list("♪áéíóúâêîôûàèÑñç¢£¿½®")
    lines = ["".join(chars[i:i + 30]) for i in range(0, len(chars), 30)]
    cues = [Cue(1000 * (2 * i + 1), 1000 * (2 * i + 2), (line,)) for i, line in enumerate(lines)]
    read = track_of(transconv.dumps(CaptionTrack(cues), "cap")).cues
    assert [c.lines for c in read] == [(line,) for line in lines]


def test_long_caption_split_into_blocks_reads_back_whole() -> None:
    lines = ("a" * 100, "b" * 100, "c" * 100)
    data = transconv.dumps(CaptionTrack([Cue(0, 3000, lines), Cue(3000, 4000, ("next",))]),
                           "cap", max_chars=100, max_lines=3)
    cues = track_of(data).cues
    assert [line for cue in cues[:-1] for line in cue.lines] == list(lines)
    assert cues[0].start == 0 and cues[-2].end == 3000 and cues[-1].lines == ("next",)
    assert all(a.end == b.start for a, b in itertools.pairwise(cues))


# --- detection -----------------------------------------------------------------------------

def test_sniff() -> None:
    assert cap.sniff(GOLDEN.read_bytes()) == 2 and cap.sniff(HEADER) == 2
    assert cap.sniff(b"\xea\x10" + bytes(200)) == 1
    assert cap.sniff(b"\xea\x22\x04" + bytes(200)) == 0
    spruce = Path(__file__).parents[1] / "data" / "spruce-stl" / "golden.stl"
    ebu = transconv.dumps(script_track(), "ebu-stl", creation_date="2026-01-02")
    for other in (spruce.read_bytes(), ebu, b"1\n00:00:01,000 --> 00:00:02,000\nHi\n",
                  b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", b'{"monologues": []}',
                  b"0:00:01.000,0:00:02.000\nHi\n", b""):
        assert cap.sniff(other) == 0, other[:20]
    assert transconv.loads(GOLDEN.read_bytes()).source == "cap"


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    (HEADER[:100], "header: the file has 100 bytes, fewer than the 128 of the header"),
    (b"\xea\x33".ljust(200, b"\x00"), "header: not a Cheetah CAP file"),
    (HEADER + block((0, 0, 1, 0), (0, 0, 2, 0), b"ok") + block((0, 0, 3, 30), (0, 0, 4, 0),
                                                               b"bad"),
     "block 2: in-time 00:00:03:30 is not a time code"),
    (HEADER + block((0, 0, 1, 0), (0, 0, 2, 0), b"ok") + b"\x05\x61\x00\x00\x01\x00",
     "block 2: the block has 5 bytes, too few for its times and style"),
    (HEADER + block((0, 0, 1, 0), (25, 0, 2, 0), b"late"), "block 1: out-time 25:00:02:00"),
])
def test_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        transconv.loads(data, shape="cap", name="bad.cap")
    assert str(caught.value).startswith(f"bad.cap: {message}")


def test_cut_short_reads_up_to_the_cut(caplog: pytest.LogCaptureFixture) -> None:
    data = HEADER + block((0, 0, 1, 0), (0, 0, 2, 0), b"whole") + block(
        (0, 0, 3, 0), (0, 0, 4, 0), b"cut off here")[:-5]
    with caplog.at_level(logging.WARNING):
        cues = track_of(data, name="cut.cap").cues
    assert [c.lines for c in cues] == [("whole",)]
    assert "cut.cap: block 2: cut short (27 of 32 bytes)" in caplog.text


def test_command_exit_3_names_the_block_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cap"
    bad.write_bytes(HEADER + block((0, 0, 1, 0), (0, 0, 2, 0), b"ok")
                    + block((0, 0, 3, 0), (0, 99, 4, 0), b"bad"))
    out = tmp_path / "out.srt"
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(bad), "-o",
                           str(out)], capture_output=True, timeout=60, check=False)
    assert proc.returncode == 3
    error = proc.stderr.decode()
    assert error.strip().endswith("bad.cap: block 2: out-time 00:99:04:00 is not a time code")
    assert error.count("\n") == 1 and not out.exists()


# --- fuzz ------------------------------------------------------------------------------------

VALID = transconv.dumps(script_track(), "cap")


def survives(data: bytes) -> None:
    began = time.perf_counter()
    with contextlib.suppress(TransconvError):
        transconv.loads(data, shape="cap")
    assert time.perf_counter() - began < 2


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1200), st.booleans())
def test_fuzz_random_bytes(tail: bytes, with_header: bool) -> None:
    survives((HEADER + tail) if with_header else tail)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=40),
       st.integers(0, len(VALID)))
def test_fuzz_mutated_file(changes: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(VALID)
    for where, value in changes:
        data[where] = value
    survives(bytes(data[:cut]))
