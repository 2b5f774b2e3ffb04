"""Cheetah CAP: a golden file built by hand from cheetah-cap.md, a reader of our own that
decodes every field back, structural checks, splitting, determinism and a ten-hour file.

No installable program reads CAP (cheetah-cap.md §9), so :func:`parse` below follows the two
public readers' rules as the note describes them: walk blocks by their length byte, an out-time
when flag bit 0x20 is set, text from offset 19 to the byte before the last, ``00`` = line
break, ``81``–``95`` special characters, other bytes below 0x20 or from 0xC0 skipped.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import transconv
from tests.factories import long_transcript, small_transcript
from transconv.formats import by_filename, cap, get
from transconv.formats.timing import FrameTiming
from transconv.model import WORD, CaptionTrack, Speaker, Token, Transcript, Turn
from transconv.segment import Cue, segment
from transconv.text.tables import CYRILLIC, GREEK

GOLDEN = Path(__file__).parent / "data" / "cap" / "golden.cap"

#: The special-character table of cheetah-cap.md §5, typed in from the note.
SPECIALS = dict(zip(range(0x81, 0x96), "♪áéíóúâêîôûàèÑñç¢£¿½®", strict=True))

GOLDEN_CUES = [
    Cue(1000, 3500, ("Hello world!", "Señor Müller ¿qué?")),
    Cue(4000, 6990, ("♪ Ça va — très bien… ’Zoë’",)),
    Cue(3_725_033, 3_727_000, ("½ £5 ® ¢ 会", "ñ Ñ ç á í ó ú â ê î ô û à")),
]


def hand_built() -> bytes:
    """GOLDEN_CUES laid out byte by byte from cheetah-cap.md §3–§6 (not by the writer)."""
    header = (
        b"\xea\x22"             # magic: EA 22 (the variable-length-block variant)
        b"\x01\x00"             # unknown bytes every writer sets to 01 00 (byte 2 must be <= 3)
        b"\x03\x00"             # caption count, uint16 little-endian: 3 blocks
        b"\x09\xa8\xaf\x4f"     # unknown constant copied by Subtitle Edit and URUWorks
    ).ljust(128, b"\x00")       # zero padding to the 128-byte header
    style = b"\x12\x01\x00\x00\x00\x00" + b"\x03\x0f\x10"  # unknown constants; J=centre,
    #                                                        V=row 15 (bottom), H=0x10 (centre)
    block1 = (
        b"\x33"                 # L = 51 (19 + 31 text bytes + final 00): the note's example
        b"\x62"                 # flag: out-time present (0x20), more than one line
        b"\x00\x00\x01\x00"     # in  00:00:01:00  (1.000 s)
        b"\x00\x00\x03\x0f"     # out 00:00:03:15  (3.500 s = 3 s + 15/30)
        + style
        + b"Hello world!" + b"\x00"                  # line 1, then 00 = line break
        + b"Se\x8for Muller \x93qu\x83?"             # ñ=8F, ü→u, ¿=93, é=83
        + b"\x00"               # final byte of every block, not text
    )
    block2 = (
        b"\x30"                 # L = 48 (19 + 28 text bytes + final 00)
        b"\x61"                 # flag: out-time present, one line
        b"\x00\x00\x04\x00"     # in  00:00:04:00
        b"\x00\x00\x07\x00"     # out 6.990 s: 990 ms is frame 29.7 → 30, carried into 7 s
        + style
        + b"\x81 Ca va - tr\x8ds bien... 'Zoe'"    # ♪=81, Ç→C (only ç is in the table),
        #                                            — → -, è=8D, … → ..., ’ → ', ë→e
        + b"\x00"
    )
    block3 = (
        b"\x38"                 # L = 56 (19 + 10 + 1 + 25 text bytes + final 00)
        b"\x62"                 # flag: out-time present, two lines
        b"\x01\x02\x05\x01"     # in  01:02:05:01  (3725.033 s: 33 ms is frame 0.99 → 1)
        b"\x01\x02\x07\x00"     # out 01:02:07:00
        + style
        + b"\x94 \x925 \x95 \x91 ?" + b"\x00"        # ½=94 £=92 ®=95 ¢=91; 会 has no form → ?
        + b"\x8f \x8e \x90 \x82 \x84 \x85 \x86 \x87 \x88 \x89 \x8a \x8b \x8c"
        + b"\x00"
    )
    return header + block1 + block2 + block3


def parse(data: bytes) -> dict[str, Any]:
    """Every field of a CAP file, checking the structure the note requires on the way."""
    header = data[:128]
    assert header[:2] == b"\xea\x22" and header[2] <= 3 and header[3] == 0
    assert header[6:10] == b"\x09\xa8\xaf\x4f" and header[10:] == bytes(118)
    count = int.from_bytes(header[4:6], "little")
    captions = []
    pos = 128
    while pos < len(data):
        length = data[pos]
        block = data[pos:pos + length]
        assert len(block) == length >= 20, "block runs past the end of the file"
        flag = block[1]
        assert flag in (0x61, 0x62) and flag & 0x20
        assert block[-1] == 0
        raw = block[19:-1]
        assert raw[:1] != b"\x00" and raw[-1:] != b"\x00"
        assert not any(0x96 <= b <= 0xBF or (0 < b < 0x20) or b >= 0xC0 or b in (0x7F, 0x80)
                       for b in raw), raw
        lines = [
            "".join(SPECIALS.get(b, chr(b)) for b in part)
            for part in raw.split(b"\x00") if part
        ]
        assert (flag == 0x61) == (len(lines) == 1)
        captions.append({
            "flag": flag, "in": tuple(block[2:6]), "out": tuple(block[6:10]),
            "style": block[10:19], "lines": lines,
        })
        pos += length
    assert pos == len(data), "blocks must tile the file exactly"
    assert count == len(captions)
    return {"count": count, "captions": captions}


def ms(tc: tuple[int, ...]) -> int:
    """A time code as the readers compute it: wall-clock H:M:S plus FF/30 s."""
    hh, mm, ss, ff = tc
    assert mm < 60 and ss < 60 and ff < 30, tc
    return ((hh * 60 + mm) * 60 + ss) * 1000 + ff * 1000 // 30


def folded(line: str) -> str:
    """What the note says a reader should get back for our test texts (Greek and Cyrillic
    romanised, as the one fold table does for every caption format)."""
    table = {"ü": "u", "ë": "e", "Ë": "E", "Å": "A", "ö": "o", "ß": "ss", "’": "'", "„": '"',
             "“": '"', "—": "-", "…": "...", "。": ".", **GREEK, **CYRILLIC}
    return "".join(ch if ch.isascii() or ch in SPECIALS.values()
                   else table.get(ch, table.get(unicodedata.normalize("NFD", ch)[0], "?"))
                   for ch in " ".join(line.split()))


def test_registry_and_sniff() -> None:
    fmt = get("cap")
    assert fmt.binary and by_filename("x.cap") is fmt
    assert cap.sniff(GOLDEN.read_bytes())
    assert not cap.sniff(b"\xea\x10" + bytes(200)) and not cap.sniff(b"\xea\x22\x01")


def test_golden_file_byte_exact() -> None:
    expected = hand_built()
    assert GOLDEN.read_bytes() == expected
    assert cap.render(CaptionTrack(GOLDEN_CUES), cap.Options()) == expected


def test_golden_reads_back() -> None:
    parsed = parse(GOLDEN.read_bytes())
    assert parsed["count"] == 3
    first, second, third = parsed["captions"]
    assert first["lines"] == ["Hello world!", "Señor Muller ¿qué?"]
    assert (ms(first["in"]), ms(first["out"])) == (1000, 3500)
    assert second["lines"] == ["♪ Ca va - très bien... 'Zoe'"]
    assert (ms(second["in"]), ms(second["out"])) == (4000, 7000)
    assert third["lines"] == ["½ £5 ® ¢ ?", "ñ Ñ ç á í ó ú â ê î ô û à"]
    assert ms(third["in"]) == 3_725_033
    assert third["style"] == b"\x12\x01\x00\x00\x00\x00\x03\x0f\x10"


def test_round_trip_small_transcript() -> None:
    t = small_transcript()
    options = cap.Options()
    cues = segment(t, options.style)
    parsed = parse(transconv.dumps(t, "cap"))
    captions = parsed["captions"]
    assert len(captions) == len(cues)
    previous = 0
    for cue, caption in zip(cues, captions, strict=True):
        start, end = ms(caption["in"]), ms(caption["out"])
        assert previous <= start < end
        previous = end
        assert abs(start - cue.start) <= 34 and abs(end - cue.end) <= 34, (cue, caption)
        assert caption["lines"] == [folded(line) for line in cue.lines]
        assert all(len(line) <= 32 for line in caption["lines"])
    shown = " ".join(" ".join(c["lines"]) for c in captions)
    for word in ("Muller", "Zoe", "Angstrom", "Montréal", "François", "café", "That's",
                 "Strassenfest"):
        assert word in shown, word


def test_placement_and_offset() -> None:
    cue = Cue(0, 2000, ("Left top",))
    data = cap.render(CaptionTrack([cue]), cap.Options(
        horizontal_align="left", vertical_align="top",
        timing=FrameTiming(start_timecode="01:00:00:00")))
    caption = parse(data)["captions"][0]
    assert caption["style"][6:] == b"\x01\x01\x02"
    assert caption["in"] == (1, 0, 0, 0) and caption["out"] == (1, 0, 2, 0)
    right = parse(cap.render(CaptionTrack([cue]),
        cap.Options(horizontal_align="right")))["captions"][0]
    assert right["style"][6:] == b"\x02\x0f\x1e"


def test_drop_frame_labels() -> None:
    cue = Cue(600_000, 601_000, ("ten minutes",))
    caption = parse(cap.render(CaptionTrack([cue]),
        cap.Options(timing=FrameTiming(timecode="smpte-df"))))["captions"][0]
    assert caption["in"] == (0, 10, 0, 0)  # drop-frame labels track the wall clock


def test_long_caption_is_split_not_truncated() -> None:
    lines = ("a" * 100, "b" * 100, "c" * 100)
    data = cap.render(CaptionTrack([Cue(0, 3000, lines), Cue(3000, 4000, ("next",))]),
        cap.Options())
    captions = parse(data)["captions"]
    assert [c["lines"] for c in captions] == [["a" * 100, "b" * 100], ["c" * 100], ["next"]]
    times = [(ms(c["in"]), ms(c["out"])) for c in captions]
    assert times == [(0, 1500), (1500, 3000), (3000, 4000)]
    huge = parse(cap.render(CaptionTrack([Cue(0, 3000, ("x" * 600,))]), cap.Options()))["captions"]
    assert "".join(c["lines"][0] for c in huge) == "x" * 600
    assert all(len(c["lines"][0]) <= 235 for c in huge)


def test_deterministic() -> None:
    assert transconv.dumps(small_transcript(), "cap") == transconv.dumps(small_transcript(), "cap")


def test_bad_options() -> None:
    for bad in ({"timecode": "smpte-ndf"}, {"vertical": "middle"}, {"fallback": "é"},
                {"start_timecode": "x"}):
        with pytest.raises(transconv.UsageError):
            transconv.dumps(small_transcript(), "cap", **bad)


def test_empty_transcript_text() -> None:
    data = cap.render(CaptionTrack([Cue(0, 1000, ("  ", "\u200b"))]), cap.Options())
    assert parse(data)["count"] == 0 and len(data) == 128


def test_fallback_and_warning(caplog: pytest.LogCaptureFixture) -> None:
    cue = Cue(0, 1000, ("x\u0301 😀 会 ﬁ © e\u0301 ¼ Ω",))
    with caplog.at_level(logging.WARNING):
        data = cap.render(CaptionTrack([cue]), cap.Options(fallback="#"))
    assert parse(data)["captions"][0]["lines"] == ["x # # fi (c) é 1/4 O"]  # Greek romanised
    assert "3 character(s)" in caplog.text


def test_ten_hours_without_drift() -> None:
    t = long_transcript(10)
    options = cap.Options()
    cues = segment(t, options.style)
    data = cap.render(CaptionTrack(cues), options)  # speed is measured in bench/, not here
    captions = parse(data)["captions"]
    assert len(captions) == len(cues)
    assert all(abs(ms(c["in"]) - cue.start) <= 34 for c, cue in zip(captions, cues, strict=True))


def long_named_speaker() -> Transcript:
    """A speaker whose name must be shortened, then a one-letter word that fits beside it."""
    words = ["I", "see", "what", "you", "mean", "now", "and", "then"]
    tokens = [Token(WORD, word, 1000 + 400 * i, 1300 + 400 * i) for i, word in enumerate(words)]
    return Transcript(turns=[Turn("1", 1000, 4300, tokens)],
                      speakers={"1": Speaker("1", "Maximilianeoberhausenwittgensteinova")})


def test_a_shortened_speaker_name_keeps_the_32_columns() -> None:
    for style in ("name", "chevrons"):
        data = transconv.dumps(long_named_speaker(), "cap", speaker_style=style)
        lines = parse(data)["captions"][0]["lines"]
        assert "...:" in lines[0] and all(len(line) <= 32 for line in lines), lines
