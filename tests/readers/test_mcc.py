"""MCC reader: files built byte by byte from mcc.md at every Time Code Rate, both versions,
every alias letter, the ANC/CDP checksums, field 2, ffmpeg's reading of the same files,
errors, detection and fuzzing. (Our writer's MCC read back: tests/readers/test_scc.py.)
"""

from __future__ import annotations

import contextlib
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transconv
from tests.readers.line21 import EDM, EOC, pop_on, twice, warnings, word
from tests.test_cea608 import decode_ffmpeg
from tests.test_cli import one_line_error, run
from transconv.errors import InvalidInput, TransconvError
from transconv.model import CaptionTrack
from transconv.readers import read
from transconv.readers.captions.cea608 import mcc as mcc_reader

#: Time Code Rate → (rate, drop-frame, CDP frame-rate byte, cc_count) (mcc.md §2, §5).
RATES = {
    "24": (Fraction(24), False, 0x2F, 25), "25": (Fraction(25), False, 0x3F, 24),
    "30": (Fraction(30), False, 0x5F, 20), "30DF": (Fraction(30000, 1001), True, 0x4F, 20),
    "50": (Fraction(50), False, 0x6F, 12), "60": (Fraction(60), False, 0x8F, 10),
    "60DF": (Fraction(60000, 1001), True, 0x7F, 10),
}
ALIASES = [("FA0000" * n, chr(ord("G") + n - 1)) for n in range(9, 0, -1)] + [
    ("FB8080", "P"), ("FC8080", "Q"), ("FD8080", "R"), ("9669", "S"), ("6101", "T"),
    ("E1000000", "U"), ("00", "Z")]


def label(frame: int, code: str) -> str:
    """``HH:MM:SS:FF`` of ``frame`` at ``code``'s rate (drop-frame: mcc.md §2 / scc.md §3)."""
    nominal = round(RATES[code][0])
    if RATES[code][1]:
        drop = nominal // 15
        tens, rest = divmod(frame, 600 * nominal - 9 * drop)
        frame += 9 * drop * tens + (drop * ((rest - drop) // (60 * nominal - drop))
                                    if rest >= drop else 0)
    ff, ss = frame % nominal, frame // nominal % 60
    return f"{frame // nominal // 3600:02}:{frame // nominal // 60 % 60:02}:{ss:02}:{ff:02}"


def compress(data: bytes) -> str:
    """Upper-case hex with every alias used wherever it fits (greedy, longest first)."""
    hexed, out, i = data.hex().upper(), [], 0
    while i < len(hexed):
        for run_hex, letter in ALIASES:
            if hexed.startswith(run_hex, i) and i % 2 == 0:
                out.append(letter)
                i += len(run_hex)
                break
        else:
            out.append(hexed[i:i + 2])
            i += 2
    return "".join(out)


def packet(code: str, counter: int, field1: str, field2: str = "8080",
           time_code: bool = False) -> bytes:
    """One ANC packet: a CDP carrying a pair for each field (mcc.md §3, §5, §6)."""
    _, _, rate_byte, count = RATES[code]
    seq = counter.to_bytes(2, "big")
    flags = 0x43 | (0x80 if time_code else 0)
    body = bytes([0x96, 0x69, 0, rate_byte, flags]) + seq
    if time_code:  # a time code section: lets the U alias (E1 00 00 00) occur
        body += bytes([0x71, 0xE1, 0, 0, 0])
    body += bytes([0x72, 0xE0 | count, 0xFC]) + bytes.fromhex(field1)
    padding = b"\xfa\x00\x00" * (count - 2)
    if time_code:  # and a 708 slot written FB 80 80 (alias P), as some encoders pad
        padding = b"\xfb\x80\x80" + padding[3:]
    body += bytes([0xFD]) + bytes.fromhex(field2) + padding
    body += b"\x74" + seq
    body = body[:2] + bytes([len(body) + 1]) + body[3:]
    cdp = body + bytes([-sum(body) & 0xFF])
    return bytes([0x61, 0x01, len(cdp)]) + cdp + bytes([(0x62 + len(cdp)) & 0xFF])


def mcc(code: str, field1: list[str], field2: list[str] | None = None, first: int = 0,
        version: str = "1.0", suffix: str = "", time_code: bool = False) -> str:
    """An MCC file: one line a frame from ``first``, each carrying the next words."""
    field2 = field2 or []
    head = [f"File Format=MacCaption_MCC V{version}", "", "// a comment", "",
            "UUID=00000000-0000-0000-0000-000000000000", "Creation Program=test",
            f"Time Code Rate={code}", ""]
    n = max(len(field1), len(field2))
    lines = [f"{label(first + k, code)}{suffix}\t" + compress(packet(
        code, k, field1[k] if k < len(field1) else "8080",
        field2[k] if k < len(field2) else "8080", time_code)) for k in range(n)]
    return "\r\n".join(head + lines) + "\r\n"


def caption(text: str, show: int, clear: int) -> list[str]:
    """Words from frame 0: the load, idle frames, EOC at ``show``, EDM at ``clear``."""
    words = pop_on([text])
    words += ["8080"] * (show - len(words)) + twice(EOC)
    return words + ["8080"] * (clear - len(words)) + twice(EDM)


def load(data: str, **options: object) -> CaptionTrack:
    document = read(data.encode(), name="t.mcc", **options)  # type: ignore[arg-type]
    assert isinstance(document, CaptionTrack) and document.source == "mcc"
    return document


@pytest.mark.parametrize("code", sorted(RATES))
def test_every_time_code_rate(code: str) -> None:
    rate, drop, _, _ = RATES[code]
    first = round(rate) * 59  # so drop-frame files cross the first minute's skipped labels
    data = mcc(code, caption("Rate test", 30, 120), first=first,
               version="2.0" if code == "60DF" else "1.0")
    track = load(data)
    assert [c.lines for c in track.cues] == [("Rate test",)]
    assert track.frame_rate == rate and track.drop_frame == drop
    assert track.cues[0].start == transconv.timecode.frame_to_ms(first + 30, rate)
    assert track.cues[0].end == transconv.timecode.frame_to_ms(first + 120, rate)


def test_version_2_field_suffix_and_every_alias(tmp_path: Path) -> None:
    data = mcc("30DF", caption("Alias and suffix", 40, 90), version="2.0", suffix=".0",
               time_code=True)
    # the 18 padding triplets (OO) written with other letters on other lines: G-O all used
    spellings = ["GHIJKH", "LMJ", "NJJG", "ON"]  # 17 triplets each: P is the first
    lines = data.split("\r\n")
    for k, line in enumerate(lines):
        if "\t" in line:
            lines[k] = line.replace("ON", spellings[k % 4])
    data = "\r\n".join(lines)
    payloads = "".join(line.split("\t")[1] for line in lines if "\t" in line)
    assert set("GHIJKLMNOPQRSTUZ") <= set(payloads)
    with warnings() as found:
        assert [c.lines for c in load(data).cues] == [("Alias and suffix",)]
    assert found == []


def test_field_two_is_cc3() -> None:
    enm, rcl, eoc, edm = (word(0x15, c) for c in (0x2E, 0x20, 0x2F, 0x2C))
    field2 = [*twice(enm), *twice(rcl), *pop_on(["Third channel"])[4:], *twice(eoc),
              *(["8080"] * 20), *twice(edm)]
    data = mcc("30DF", caption("First channel", 30, 60), field2)
    assert [c.lines for c in load(data).cues] == [("First channel",)]
    third = load(data, channel="cc3")
    assert [c.lines for c in third.cues] == [("Third channel",)]


def test_a_bad_checksum_skips_the_packet_with_a_warning() -> None:
    data = mcc("30DF", caption("Checked", 30, 60)).split("\r\n")
    at = next(i for i, line in enumerate(data) if "\t" in line and "942F" in line)
    line = data[at]
    data[at] = line[:-2] + f"{(int(line[-2:], 16) + 1) & 0xFF:02X}"  # the ANC checksum
    cdp_bad = data[at + 1].replace("942F", "942E")  # the copy: the CDP sum no longer holds
    assert cdp_bad != data[at + 1]
    with warnings() as found:
        track = load("\r\n".join(data))
    assert track.cues[0].start == transconv.timecode.frame_to_ms(31, Fraction(30000, 1001))
    assert any("1 packet(s) skipped" in w and f"line {at + 1}" in w for w in found)
    data[at + 1] = cdp_bad
    with warnings() as found:
        assert load("\r\n".join(data)).cues == []  # neither EOC arrives
    assert any("2 packet(s) skipped" in w for w in found)


def test_the_cdp_only_anc_checksum_is_accepted() -> None:
    lines = mcc("30DF", caption("GStreamer style", 30, 60)).split("\r\n")
    for k, line in enumerate(lines):
        if "\t" in line:
            lines[k] = line[:-2] + "Z"  # the CDP's own sum, 00
    assert [c.lines for c in load("\r\n".join(lines)).cues] == [("GStreamer style",)]


def test_ffmpeg_reads_the_same_words(tmp_path: Path) -> None:
    path = tmp_path / "hand.mcc"
    path.write_text(mcc("30DF", caption("Made by hand", 30, 90)), newline="")
    ours = transconv.load(path)
    assert isinstance(ours, CaptionTrack)
    ffmpeg = decode_ffmpeg(str(path))
    assert [t for _, _, t in ffmpeg] == [" ".join(c.lines) for c in ours.cues]
    assert abs(ffmpeg[0][0] - ours.cues[0].start) <= 34
    written = tmp_path / "ours.mcc"
    track = CaptionTrack([transconv.model.Cue(1_000 + 3_000 * k, 3_000 + 3_000 * k,
                                              (f"Caption {k} ½ ♪ Müller",)) for k in range(4)])
    written.write_bytes(transconv.dumps(track, "mcc"))
    ours = transconv.load(written)
    assert isinstance(ours, CaptionTrack)
    assert [t for _, _, t in decode_ffmpeg(str(written))] == [
        " ".join(c.lines) for c in ours.cues] == [c.lines[0] for c in track.cues]


def test_cut_short_is_read_up_to_the_cut() -> None:
    data = mcc("30DF", caption("Before the cut", 30, 60) + pop_on(["Lost"])).rstrip()[:-7]
    with warnings() as found:
        track = load(data)
    assert [c.lines for c in track.cues] == [("Before the cut",)]
    assert any("cut short" in w for w in found)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("MacCaption_MCC V1.0", "MacCaption_MCC V3.0"), "line 1: "),
    (lambda t: t.replace("Time Code Rate=30DF", "Time Code Rate=29"), "line 7: Time Code Rate"),
    (lambda t: t.replace("00:00:00:05\t", "00:00:00:45\t"), "is not a time code"),
    (lambda t: t.replace("00:00:00:05\tT", "00:00:00:05\tV"), "is not hex with MCC aliases"),
    (lambda t: t.replace("00:00:00:05\tT", "00:00:00:05\tTF"), "odd number of hex digits"),
    (lambda t: t.replace("// a comment", "a stray line"), "line 3: 'a stray line' is not"),
])
def test_bad_input_names_its_line(edit: object, message: str) -> None:
    data = edit(mcc("30DF", caption("x", 30, 60)))  # type: ignore[operator]
    with pytest.raises(InvalidInput, match=message):
        read(data.encode(), name="t.mcc", shape="mcc")


def test_command_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mcc"
    bad.write_text(mcc("30DF", caption("x", 30, 60)).replace("00:00:00:05\tT", "00:00:00:05\tV"))
    out = tmp_path / "out.srt"
    proc = run("convert", bad, "-t", "srt", "-o", out)
    assert proc.returncode == 3
    assert "bad.mcc: line 14:" in one_line_error(proc)
    assert not out.exists()


def test_sniff() -> None:
    assert mcc_reader.sniff(mcc("30DF", ["8080"])) == 2
    for other in ("Scenarist_SCC V1.0\n", "WEBVTT\n", "1\n00:00:01,000 --> 00:00:02,000\nx\n"):
        assert mcc_reader.sniff(other) == 0


VALID = mcc("30DF", caption("Fuzz me", 30, 40)[:50])


def _check(data: bytes) -> None:
    began = time.perf_counter()
    with contextlib.suppress(TransconvError):
        read(data, name="f.mcc", shape="mcc")
    assert time.perf_counter() - began < 2


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes(data: bytes) -> None:
    _check(b"File Format=MacCaption_MCC V1.0\r\nTime Code Rate=30DF\r\n" + data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.sampled_from(
    [*"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:\t\r\n", "", "FC9420", "T4"])), max_size=20))
def test_fuzz_mutated_files(edits: list[tuple[int, str]]) -> None:
    text = VALID
    for at, new in edits:
        text = text[:at] + new + text[at + 1:]
    _check(text.encode())


def test_a_cdp_too_short_for_its_flags_is_skipped() -> None:
    # a time code section flagged in a CDP that ends right after its header
    body = bytes([0x96, 0x69, 11, 0x4F, 0xC3, 0, 1, 0x74, 0, 1])
    cdp = body + bytes([-sum(body) & 0xFF])
    anc = bytes([0x61, 0x01, len(cdp)]) + cdp + bytes([(0x62 + len(cdp)) & 0xFF])
    data = (mcc("30DF", caption("Kept", 30, 60)).rstrip()
            + f"\r\n00:00:10:00\t{anc.hex().upper()}\r\n")
    with warnings() as found:
        assert [c.lines for c in load(data).cues] == [("Kept",)]
    assert any("sections are not where its flags say" in w for w in found)
