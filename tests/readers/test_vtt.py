"""The WebVTT reader: files written by other projects in the test run, hand-made odd files,
round trips, word times from inline time stamps, fuzzing and the command's errors."""

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
from transconv.errors import InvalidInput, TransconvError
from transconv.model import CaptionTrack
from transconv.readers.captions import sbv, srt, vtt
from transconv.segment.relayout import transcript_of

from . import subtitle_peers as peers
from .script import SCRIPT

HEAD = "WEBVTT\n\n"


def read(text: str, **options: object) -> CaptionTrack:
    track = transconv.loads(text.encode("utf-8"), shape="vtt", name="in.vtt", **options)
    assert isinstance(track, CaptionTrack)
    return track


WRITERS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "pysubs2": (lambda folder: peers.pysubs2_file(folder, "vtt"), "marks"),
    "pycaption": (lambda folder: peers.pycaption_file(folder, "vtt"), "marks"),
    "webvtt-py": (lambda folder: peers.webvtt_file(folder, "vtt"), "voices"),
    "ffmpeg": (lambda folder: peers.ffmpeg_file(folder, "vtt"), "marks"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_peer_files(writer: str, tmp_path: Path) -> None:
    make, speakers = WRITERS[writer]
    track = transconv.load(make(tmp_path))  # detected from the content
    assert track.source == "vtt"
    peers.assert_script(track, speakers=speakers)


def test_voices_name_every_cue(tmp_path: Path) -> None:
    track = transconv.load(peers.webvtt_file(tmp_path, "vtt"))
    assert [c.speaker_label for c in track.cues] == [cue.speaker for cue in SCRIPT]
    assert [s.name for s in track.speakers.values()] == ["Anna", "Jürgen"]


# Hand-made files, one odd case each.

def test_header_blocks_and_identifiers() -> None:
    text = ("WEBVTT - My film\nKind: captions\nLanguage: de_DE\n\n"
            "STYLE\n::cue(v[voice=\"Anna\"]) { color: yellow }\n\n"
            "REGION\nid:top\nwidth:40%\n\n"
            "NOTE a comment\nover two lines\n\n"
            "cue-1\n00:01.000 --> 00:02.000\nOne\n\n"
            "NOTE between cues\n\n"
            "2\n00:00:03.000 --> 00:00:04.000\nNOTE this is text, not a note\n\n"
            "00:00:05.000 --> 00:00:06.000\nThree\n")
    track = read(text)
    assert (track.title, track.language) == ("- My film", "de-DE")
    assert [(c.start, c.end, c.lines) for c in track.cues] == [
        (1000, 2000, ("One",)), (3000, 4000, ("NOTE this is text, not a note",)),
        (5000, 6000, ("Three",))]


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_line_endings_and_bom(nl: str) -> None:
    text = HEAD + "00:00:01.000 --> 00:00:02.000\nOne\ntwo\n\n00:00:03.000 --> 00:00:04.000\nx\n"
    for bom in (b"", b"\xef\xbb\xbf"):
        track = transconv.loads(bom + text.replace("\n", nl).encode(), name="noext")
        assert track.source == "vtt"
        assert [c.lines for c in track.cues] == [("One", "two"), ("x",)]


def test_settings_kept_as_hints() -> None:
    cue = read(HEAD + "00:00:01.000 --> 00:00:02.000 align:middle line:10% position:20%,"
               "line-left size:80% region:top vertical:rl junk\nText\n").cues[0]
    assert cue.hints == (("align", "center"), ("line", "10%"), ("position", "20%"),
                         ("size", "80%"), ("vertical", "rl"))


@pytest.mark.parametrize(("settings", "hints"), [
    ("align:start line:0", (("align", "left"), ("line", "0%"))),
    ("align:end line:-1", (("align", "right"), ("region", "bottom"))),
    ("line:3", (("line", "15%"),)),
    ("line:50%,center", (("region", "middle"),)),
    ("line:90%,end position:bad size:x align:justify vertical:up", (("region", "bottom"),)),
])
def test_settings_in_the_shared_vocabulary(settings: str, hints: tuple[tuple[str, str], ...],
                                           ) -> None:
    cue = read(HEAD + f"00:00:01.000 --> 00:00:02.000 {settings}\nText\n").cues[0]
    assert cue.hints == hints


@pytest.mark.parametrize(("body", "lines", "hints"), [
    ("Fish &amp; chips &lt;3 &gt; &#233;t&#xE9;", ("Fish & chips <3 > été",), ()),
    ("A&nbsp;B&lrm;C&rlm;D", ("A B\u200eC\u200fD",), ()),
    ("<c.yellow.bg_blue>Coloured</c> <lang en>text</lang> <u>under</u>",
     ("Coloured text under",), ()),
    ("<i>All\nitalic</i>", ("All", "italic"), (("italic", "1"),)),
    ("<b>Bold</b> not", ("Bold not",), ()),
    ("<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>です", ("漢字です",), ()),
    ("Broken <3 heart", ("Broken <3 heart",), ()),
    ("<00:00:01.500>No <bad>stamp</bad>", ("No stamp",), (("word-times", "1000 0:500"),)),
])
def test_markup(body: str, lines: tuple[str, ...], hints: tuple[tuple[str, str], ...]) -> None:
    cue = read(HEAD + f"00:00:01.000 --> 00:00:02.000\n{body}\n").cues[0]
    assert (cue.lines, cue.hints) == (lines, hints)


def test_voices() -> None:
    track = read(HEAD + "00:00:01.000 --> 00:00:02.000\n<v Anna>Hello &amp; bye</v>\n\n"
                 "00:00:02.000 --> 00:00:03.000\n<v.loud Bob Smith>Hi!\n\n"
                 "00:00:03.000 --> 00:00:04.000\nNo voice here.\n\n"
                 "00:00:04.000 --> 00:00:05.000\n<v Tom &amp; Jerry>Chase\n")
    assert [(c.speaker_label, c.lines) for c in track.cues] == [
        ("Anna", ("Hello & bye",)), ("Bob Smith", ("Hi!",)),
        ("Bob Smith", ("No voice here.",)), ("Tom & Jerry", ("Chase",))]


def test_two_voices_split_the_cue() -> None:
    track = read(HEAD + "00:00:10.000 --> 00:00:12.000\n<v Anna>Are you coming?</v>\n"
                 "<v Bob>Yes!</v>\n\n00:00:12.000 --> 00:00:14.000\n"
                 "<v Anna>One <00:00:13.000><v Bob>two\n")
    assert [(c.start, c.end, c.speaker_label, c.lines) for c in track.cues] == [
        (10000, 11600, "Anna", ("Are you coming?",)), (11600, 12000, "Bob", ("Yes!",)),
        (12000, 13000, "Anna", ("One",)), (13000, 14000, "Bob", ("two",))]
    turns = transcript_of(track).turns
    assert [(track.speakers[t.speaker].name, [w.text for w in t.tokens]) for t in turns] == [
        ("Anna", ["Are", "you", "coming?"]), ("Bob", ["Yes!"]), ("Anna", ["One"]),
        ("Bob", ["two"])]


def test_inline_time_stamps_time_the_words() -> None:
    track = read(HEAD + "00:00:01.000 --> 00:00:05.000\n<v Anna>Never <00:00:02.000>drink "
                 "<00:00:03.500>liquid\n<00:04.000>nitrogen [laughs]\n")
    cue = track.cues[0]
    assert cue.lines == ("Never drink liquid", "nitrogen [laughs]")
    tokens = transcript_of(track).turns[0].tokens
    assert [(t.text, t.start) for t in tokens] == [
        ("Never", 1000), ("drink", 2000), ("liquid", 3500), ("nitrogen", 4000),
        ("laughs", 4500)]
    assert tokens[-1].kind == "tag" and tokens[-1].end == 5000
    shifted = read(HEAD + "00:00:01.000 --> 00:00:05.000\nNever <00:00:02.000>drink\n",
                   shift="10s")
    assert [(t.text, t.start) for t in transcript_of(shifted).turns[0].tokens] == [
        ("Never", 11000), ("drink", 12000)]


def test_missing_and_extra_blank_lines() -> None:
    with transconv.capture_warnings() as found:
        track = read("WEBVTT\n00:00:01.000 --> 00:00:02.000\nOne\n"
                     "00:00:03.000 --> 00:00:04.000\nTwo\n\n\nmore of two\n\n"
                     "id\n00:00:05.000 --> 00:00:06.000\nThree\n")
    assert [c.lines for c in track.cues] == [("One",), ("Two", "more of two"), ("Three",)]
    assert any("line 4: no blank line before this cue" in w for w in found)
    assert any("line 8: a blank line inside a cue's text" in w for w in found)


@pytest.mark.parametrize(("line", "start", "end"), [
    ("00:01.000 --> 00:02.500", 1000, 2500),
    ("01:00:01.000 --> 01:00:02.500", 3601000, 3602500),
    ("100:00:00.000 --> 100:00:01.000", 360000000, 360001000),
    ("00:00:01,000 --> 00:00:02,5", 1000, 2500),
])
def test_time_shapes(line: str, start: int, end: int) -> None:
    cue = read(HEAD + f"{line}\nText\n").cues[0]
    assert (cue.start, cue.end) == (start, end)


@pytest.mark.parametrize(("text", "where", "message"), [
    (HEAD + "00:00:01.000 --> 00:00:02.000\nOne\n\n00:01:02.5OO --> 00:01:03.000\nTwo\n",
     "line 6", "'00:01:02.5OO' is not a time"),
    (HEAD + "00:00:01.000 --> 00:00:02.x00 align:start\nOne\n", "line 3",
     "'00:00:02.x00' is not a time"),
    ("1\n00:00:01,000 --> 00:00:02,000\nOne\n", "line 1", "is not the WebVTT signature"),
    ("WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nOne\n", "line 1",
     "is not the WebVTT signature"),
])
def test_errors_name_the_line(text: str, where: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        read(text)
    assert str(caught.value).startswith(f"in.vtt: {where}: ")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_sniff() -> None:
    assert vtt.sniff("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n") == 2
    assert vtt.sniff("WEBVTT") == 2 and vtt.sniff("WEBVTT\tTitle\n") == 2
    others = ["1\n00:00:01,000 --> 00:00:02,000\nOne\n", "0:00:01.000,0:00:02.000\nOne\n",
              '{"monologues": []}', "WEBVTTX\n", " WEBVTT\n", "webvtt\n"]
    assert [vtt.sniff(other) for other in others] == [0] * len(others)
    text = HEAD + "00:00:01.000 --> 00:00:02.000\nOne\n"
    assert srt.sniff(text) == 0 and sbv.sniff(text) == 0


# Round trips.

def _script_track() -> CaptionTrack:
    return read(HEAD + "".join(
        f"{peers._clock(cue.start, '.')} --> {peers._clock(cue.end, '.')}\n<v {cue.speaker}>"
        + "\n".join(lines) + "\n\n"
        for cue, lines in zip(SCRIPT, peers.marked(), strict=True)))


@pytest.mark.parametrize("fmt", ["vtt", "srt", "facebook-srt"])
def test_round_trip(fmt: str) -> None:
    track = _script_track()
    peers.assert_script(track, speakers="voices")
    again = transconv.loads(transconv.dumps(track, fmt), shape=fmt)
    assert isinstance(again, CaptionTrack)
    peers.assert_script(again, speakers="voices" if fmt == "vtt" else "marks")


def test_transcript_keeps_voices() -> None:
    transcript = transcript_of(_script_track())
    assert [transcript.speakers[t.speaker].name for t in transcript.turns] == [
        "Anna", "Jürgen", "Anna", "Jürgen", "Anna"]
    assert "Tonight:" in transcript.words()  # a voice names the speaker: no guessing
    again = transconv.loads(transconv.dumps(_script_track(), "rev-json"))
    assert again.words() == transcript.words()
    assert [s.name for s in again.speakers.values()] == ["Anna", "Jürgen"]


# Robustness.

_SOURCE = transconv.dumps(_script_track(), "vtt").decode("utf-8")


def _mutate(cut: int, junk: str, where: int) -> bytes:
    return (_SOURCE[:cut] + junk + _SOURCE[where:]).encode("utf-8", "surrogatepass")


_JUNK = st.text(alphabet=st.sampled_from(list("<>&;v.: \n-0123456789abcWEBVTT/")), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.binary(max_size=2000),
                 st.builds(_mutate, st.integers(0, 700), _JUNK, st.integers(0, 700)),
                 st.builds(_mutate, st.integers(0, 700), st.text(max_size=30),
                           st.integers(0, 700))))
def test_fuzz_only_transconv_errors(data: bytes) -> None:
    began = time.perf_counter()
    with contextlib.suppress(TransconvError):
        track = transconv.loads(data, shape="vtt", name="f.vtt")
        assert isinstance(track, CaptionTrack)
        transcript_of(track)
    with contextlib.suppress(TransconvError):
        transconv.loads(data, name="f.vtt")
    assert time.perf_counter() - began < 2


def test_many_tags_stay_linear() -> None:
    body = "".join(f"<00:00:{i % 60:02}.000><c>w{i}</c> " for i in range(50_000))
    began = time.perf_counter()
    track = read(HEAD + f"00:00:00.000 --> 00:01:00.000\n<v A>{body}<v B>end\n")
    assert len(transcript_of(track).words()) == 50_001
    voices = "".join(f"<v {'AB'[i % 2]}><v {'AB'[i % 2]}>w{i} " for i in range(20_000))
    track = read(HEAD + f"00:00:00.000 --> 00:01:00.000\n{voices}\n")
    assert len(track.cues) == 20_000 and track.cues[-1].speaker_label == "B"
    assert time.perf_counter() - began < 5


def test_command_bad_file(tmp_path: Path) -> None:
    out = tmp_path / "x.srt"
    for name, text, where in (
            ("bad.vtt", HEAD + "00:00:01.000 --> 00:00:02.000\nOne\n\n00:01:02.5OO --> "
             "00:01:03.000\nTwo\n", "line 6: '00:01:02.5OO' is not a time"),
            ("plain.srt", "1\n00:00:01,000 --> 00:00:02,000\nOne\n", "line 1: ")):
        bad = tmp_path / name
        bad.write_text(text, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(bad),
                               "--from", "vtt", "-o", str(out)],
                              capture_output=True, timeout=60, check=False)
        assert proc.returncode == 3
        err = proc.stderr.decode()
        assert err.count("\n") == 1 and "Traceback" not in err
        assert f"{name}: {where}" in err
        assert not out.exists()
