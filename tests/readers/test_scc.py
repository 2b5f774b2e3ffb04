"""SCC reader: files written in the test run by pycaption and ttconv from the script, our own
writer's files read back, the same files read by ttconv, pycaption and ffmpeg, errors
through the command, detection and fuzzing.

608 cannot carry every character of the script, and each peer writer loses the rest its own
documented way (scc.md §10): ttconv's writer knows only the basic and special sets and
sends a space for anything else; pycaption's writer sends extended characters without the
basic fallback, so each one replaces the character before it, and sends ``£`` for a
character it has no code for. :func:`written_by` applies exactly that to the script, and the
words we read must equal the result, character for character. Times: ttconv's writer shows
each caption within a frame of its time; pycaption's starts each load early by its own
estimate, so its captions show up to three frames early. A caption whose load cannot be
sent between the previous caption's end and its own start (the line carries one word a
frame) may show late, by at most the frames it lacked (:func:`late_bound`): pycaption then
starts the load after the previous clear, ttconv leaves the caption out. Ends depend on
each writer's choice of clearing (both drop or move an EDM when the next load needs the
frames), so ends are compared with ttconv's reader on the same file, which is
frame-accurate (scc.md §11).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transconv
from tests.readers.line21 import EDM, EOC, load, pop_on, scc, twice, warnings
from tests.readers.script import SCRIPT, ScriptCue
from tests.test_cea608 import decode_ffmpeg, decode_pycaption, decode_ttconv
from tests.test_cli import one_line_error, run
from transconv.errors import InvalidInput, TransconvError
from transconv.formats.cea608.tables import BASIC, EXTENDED_12, EXTENDED_13, SPECIAL
from transconv.model import CaptionTrack, Cue
from transconv.readers import read
from transconv.readers.captions.cea608 import scc as scc_reader

FRAME = 1001 / 30
PLAIN = set(BASIC) | set(SPECIAL)
EXTENDED = set(EXTENDED_12) | set(EXTENDED_13)
TT = str(Path(sys.executable).with_name("tt"))


def wrap(line: str, width: int = 32) -> list[str]:
    """A script line as rows of at most 32 columns (608's width), cut at spaces."""
    rows, row = [], ""
    for word in line.split():
        if row and len(row) + 1 + len(word) > width:
            rows.append(row)
            row = word
        else:
            row = f"{row} {word}" if row else word
    return [*rows, row]


def screen_script() -> list[ScriptCue]:
    """The script with rows cut to 32 columns, as a 608 writer must lay them out."""
    return [ScriptCue(c.start, c.end, tuple(r for line in c.lines for r in wrap(line)))
            for c in SCRIPT]


def srt_of(cues: list[ScriptCue]) -> str:
    def clock(ms: int) -> str:
        s, milli = divmod(ms, 1000)
        return f"{s // 3600:02}:{s // 60 % 60:02}:{s % 60:02},{milli:03}"
    return "".join(f"{n}\n{clock(c.start)} --> {clock(c.end)}\n" + "\n".join(c.lines) + "\n\n"
                   for n, c in enumerate(cues, 1))


def ttconv_text(text: str) -> str:
    return "".join(ch if ch in PLAIN else " " for ch in text)


def pycaption_text(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in EXTENDED:
            if out:
                out.pop()
            out.append(ch)
        else:
            out.append(ch if ch in PLAIN else "£")
    return "".join(out)


def norm(text: str) -> str:
    """Glyph variants decoders disagree on (scc.md §6.3) made equal; spaces collapsed."""
    for variants, plain in (("’‘", "'"), ("━", "—"), ("\u00a0", " ")):
        for ch in variants:
            text = text.replace(ch, plain)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def peers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The script as SCC, written by pycaption and by ttconv in this run."""
    from pycaption import SCCWriter, SRTReader

    folder = tmp_path_factory.mktemp("peers")
    srt = folder / "script.srt"
    srt.write_text(srt_of(screen_script()), encoding="utf-8")
    pyc = folder / "pycaption.scc"
    pyc.write_text(SCCWriter().write(SRTReader().read(srt.read_text("utf-8"))))
    tt = folder / "ttconv.scc"
    subprocess.run([TT, "convert", "-i", str(srt), "-o", str(tt)], check=True,
                   capture_output=True, timeout=300)
    return {"pycaption": pyc, "ttconv": tt}


MODELS: dict[str, tuple[Callable[[str], str], int]] = {
    # writer → (what it does to the text, frames its captions may show early)
    "ttconv": (ttconv_text, 1),
    "pycaption": (pycaption_text, 3),
}


def late_bound(script: list[ScriptCue], index: int) -> float:
    """Frames cue ``index`` may show late: what its pop-on load needs (ENM, RCL, EOC, EDM
    doubled; a PAC pair a row; basic characters two a word, others a doubled code and a
    fallback) beyond the frames from the previous cue's end to its start, plus one."""
    cue = script[index]
    text = "".join(cue.lines)
    need = 8 + 2 * len(cue.lines) + sum(0.5 if ch in BASIC else 3 for ch in text)
    room = (cue.start - (script[index - 1].end if index else 0)) / FRAME
    return max(0.0, need - room) + 1


@pytest.mark.parametrize("writer", sorted(MODELS))
def test_peer_written_scc_matches_the_script(peers: dict[str, Path], writer: str) -> None:
    model, early = MODELS[writer]
    ours = transconv.load(peers[writer])
    assert isinstance(ours, CaptionTrack) and ours.source == "scc"
    script = screen_script()
    found = []
    for cue in ours.cues:
        nearest = min(script, key=lambda c: abs(c.start - cue.start))
        assert norm(" ".join(cue.lines)) == norm(model(" ".join(nearest.lines))), writer
        frames = (cue.start - nearest.start) / FRAME
        late = late_bound(script, script.index(nearest))
        assert -early - 0.5 <= frames <= late + 0.5, (writer, cue, nearest)
        found.append(nearest)
    assert len(set(map(id, found))) == len(found)  # one cue each
    # a script cue we do not find, the writer did not write: ttconv's reader misses it too
    missed = [c for c in script if all(c is not f for f in found)]
    theirs = decode_ttconv(peers[writer].read_text())
    for cue in missed:
        assert all(abs(start * 1000 // 1000 - cue.start) > 10 * FRAME for start, _, _ in theirs)
    assert len(missed) <= 1


@pytest.mark.parametrize("writer", ["pycaption", "ttconv", "transconv"])
def test_ttconv_pycaption_and_ffmpeg_read_the_same_words(
        peers: dict[str, Path], writer: str, tmp_path: Path) -> None:
    if writer == "transconv":
        path = tmp_path / "ours.scc"
        path.write_bytes(transconv.dumps(_track(screen_script()), "scc"))
    else:
        path = peers[writer]
    ours = transconv.load(path)
    assert isinstance(ours, CaptionTrack)
    text = path.read_text()

    def same(line: str) -> str:  # ffmpeg shows the 608 dash (0x122A) as '-'
        return norm(line).replace("—", "-")

    words = [same(" ".join(c.lines)) for c in ours.cues]
    for decoded in (decode_ttconv(text), decode_pycaption(text), decode_ffmpeg(str(path))):
        assert [same(t) for _, _, t in decoded] == words
    # ttconv counts frames exactly: starts and ends agree within a frame
    for cue, (start, end, _) in zip(ours.cues, decode_ttconv(text), strict=True):
        assert abs(cue.start - start) <= FRAME + 1 and abs(cue.end - end) <= FRAME + 1


def _track(cues: list[ScriptCue]) -> CaptionTrack:
    return CaptionTrack([Cue(c.start, c.end, c.lines) for c in cues])


def _repertoire_rows() -> list[str]:
    """Every 608 character (the transparent space aside: it reads back as a space), in
    rows of 32 that neither start nor end with a space; '’' is sent as the apostrophe."""
    chars = sorted((set(BASIC) | set(SPECIAL) | EXTENDED) - {" ", "\u00a0"})
    return ["".join(chars[i:i + 30]) for i in range(0, len(chars), 30)]


@pytest.mark.parametrize("fmt", ["scc", "mcc"])
def test_round_trip_every_character_and_time(fmt: str) -> None:
    rows = _repertoire_rows()
    cues = [Cue(2_000 + 6_000 * k, 5_000 + 6_000 * k, (rows[k], "next row"))
            for k in range(len(rows))]
    cues.append(Cue(3_600_000, 3_601_500, ("One hour in",)))
    back = transconv.loads(transconv.dumps(CaptionTrack(cues), fmt))
    assert isinstance(back, CaptionTrack) and back.source == fmt
    assert len(back.cues) == len(cues)
    for mine, theirs in zip(cues, back.cues, strict=True):
        assert theirs.lines == tuple(line.replace("’", "'") for line in mine.lines)
        assert abs(theirs.start - mine.start) <= FRAME + 1
        assert abs(theirs.end - mine.end) <= FRAME + 1


@pytest.mark.parametrize("mode", ["roll-up", "paint-on"])
def test_round_trip_roll_up_and_paint_on(mode: str) -> None:
    cues = [Cue(1_000 + 4_000 * k, 3_500 + 4_000 * k, (f"Line number {k} here",))
            for k in range(5)]
    back = transconv.loads(transconv.dumps(CaptionTrack(cues), "scc", mode=mode))
    assert isinstance(back, CaptionTrack)
    assert [c.lines[-1] for c in back.cues] == [c.lines[0] for c in cues]
    for mine, theirs in zip(cues, back.cues, strict=True):
        assert abs(theirs.start - mine.start) <= FRAME + 1  # text arrives on its frame


def test_timecode_offset_is_read_in_drop_frame() -> None:
    cues = [Cue(1_000, 3_000, ("At one second",))]
    data = transconv.dumps(CaptionTrack(cues), "scc", start_timecode="01:00:00;00")
    assert b"\n01:00:0" in data
    plain = transconv.loads(data)
    assert isinstance(plain, CaptionTrack) and plain.drop_frame
    # 01:00:00;00 is frame 107892, 3600.0 s (scc.md §3)
    assert abs(plain.cues[0].start - 3_601_000) <= FRAME + 1
    shifted = transconv.loads(data, timecode_offset="01:00:00;00")
    assert isinstance(shifted, CaptionTrack)
    assert abs(shifted.cues[0].start - 1_000) <= FRAME + 1


def test_detected_without_from_and_not_confused() -> None:
    data = scc([(0, pop_on(["Hi"])), (30, twice(EOC)), (60, twice(EDM))])
    assert transconv.loads(data.encode()).source == "scc"
    assert scc_reader.sniff(data) == 2
    for other in ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi",
                  '{"monologues": []}', "0:00:01.000,0:00:02.000\nHi\n",
                  "File Format=MacCaption_MCC V1.0\n", "00:00:01:00 00:00:02:00 Hi there"):
        assert scc_reader.sniff(other) == 0, other


@pytest.mark.parametrize(("data", "message"), [
    ("00:00:01;00\t9420 9420\n", "line 1: '00:00:01;00\\t9420 9420' is not the SCC header"),
    ("Scenarist_SCC V1.0\n\n00:00:01;00\t9420 94zz\n", "line 3: '94zz' is not a word"),
    ("Scenarist_SCC V1.0\n\n00:00:01;00\t9420 942\n\n00:00:02;00\t942f\n",
     "line 3: '942' is not a word"),
    ("Scenarist_SCC V1.0\n\n00:61:01;00\t9420 9420\n", "line 3: '00:61:01;00' is not an SCC"),
    ("Scenarist_SCC V1.0\n\n00:00:01;45\t9420 9420\n", "line 3: '00:00:01;45' is not an SCC"),
    ("Scenarist_SCC V1.0\n\nhello there\n", "line 3: 'hello there' is not an SCC line"),
])
def test_bad_input_names_its_line(data: str, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        read(data.encode(), name="x.scc", shape="scc")
    assert str(error.value).startswith(f"x.scc: {message}")


def test_command_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.scc"
    bad.write_text("00:00:01;00\t9420 9420\n")
    out = tmp_path / "out.srt"
    proc = run("convert", bad, "--from", "scc", "-t", "srt", "-o", out)
    assert proc.returncode == 3
    assert "bad.scc: line 1:" in one_line_error(proc)
    assert not out.exists()
    good = tmp_path / "good.scc"
    good.write_text(scc([(0, pop_on(["Hi there"])), (30, twice(EOC)), (60, twice(EDM))]))
    proc = run("convert", good, "-t", "srt", "-o", out)
    assert proc.returncode == 0, proc.stderr
    # the caption stands at column 0 of the bottom row: bottom left, {\an1} in SubRip
    assert "00:00:01,001 --> 00:00:02,002\n{\\an1}Hi there" in out.read_text()


def test_a_file_cut_short_is_read_up_to_the_cut() -> None:
    data = scc([(0, pop_on(["Whole caption"])), (30, twice(EOC)), (60, twice(EDM)),
                (90, pop_on(["Cut off"]))]).rstrip("\n")[:-3]
    with warnings() as found:
        track = load(data)
    assert [c.lines for c in track.cues] == [("Whole caption",)]
    assert any("cut short" in w for w in found)


VALID = scc([(0, pop_on(["Hello world", "second row"]) + twice(EOC)), (60, twice(EDM)),
             (70, ["9425", "9425", "94ad", "94ad", "9470", "c8e9", "94a1", "9429", "1c20",
                   "91b7", "92a5", "13bf", "9137", "8080"])])


def _check(data: bytes) -> None:
    began = time.perf_counter()
    with contextlib.suppress(TransconvError):
        read(data, name="f.scc", shape="scc")
    assert time.perf_counter() - began < 2


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes(data: bytes) -> None:
    _check(b"Scenarist_SCC V1.0\n\n" + data)
    _check(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.sampled_from(
    [*list("0123456789abcdef ;:\t\n8"), "", "ffff", "\n00:00:00;00\t"])), max_size=20))
def test_fuzz_mutated_files(edits: list[tuple[int, str]]) -> None:
    text = VALID
    for at, new in edits:
        text = text[:at] + new + text[at + 1:]
    _check(text.encode())

