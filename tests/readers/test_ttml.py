"""The TTML-family reader on files other projects write in the test run, on transconv's own
TTML and DFXP (round trip), and on hand-made documents for every time expression, the
timing tree (inheritance, seq containers, span times), speakers, white space and hints.

Encodings, hostile XML, errors, detection and the fuzz test are in test_ttml_input.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import pysubs2
import pytest

import transconv
from tests.readers.script import SCRIPT, ScriptCue
from transconv.model import CaptionTrack, Cue, Speaker
from transconv.readers.captions.ttml.timing import TimeParams, to_ms

TTML = "http://www.w3.org/ns/ttml"


def doc(body: str, *, params: str = "", head: str = "", ns: str = TTML,
        root: str = 'xml:lang="en"') -> bytes:
    """A TTML document with the usual prefixes bound under the content namespace ``ns``."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="{ns}" xmlns:ttp="{ns}#parameter"'
            f' xmlns:tts="{ns}#styling" xmlns:ttm="{ns}#metadata" {root} {params}>\n'
            f"<head>{head}</head>\n<body>{body}</body>\n</tt>\n").encode()


def cues(data: bytes, **options: object) -> list[tuple[int, int, str]]:
    track = transconv.loads(data, **options)
    assert isinstance(track, CaptionTrack)
    return [(c.start, c.end, " / ".join(c.lines)) for c in track.cues]


def check_script(track: object, tolerance: int, *, speakers: bool = False,
                 script: tuple[ScriptCue, ...] = SCRIPT) -> None:
    """Words and times (± ``tolerance`` ms) of every cue against the script."""
    assert isinstance(track, CaptionTrack)
    assert track.source == "ttml"
    assert len(track.cues) == len(script)
    for cue, want in zip(track.cues, script, strict=True):
        assert " ".join(cue.lines).split() == want.words
        assert abs(cue.start - want.start) <= tolerance, (cue, want)
        assert abs(cue.end - want.end) <= tolerance, (cue, want)
        if speakers:
            assert cue.speaker_label == want.speaker


def srt_of(script: tuple[ScriptCue, ...]) -> str:
    def stamp(ms: int) -> str:
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    return "".join(f"{i}\n{stamp(c.start)} --> {stamp(c.end)}\n" + "\n".join(c.lines) + "\n\n"
                   for i, c in enumerate(script, 1))


@pytest.fixture
def script_srt(tmp_path: Path) -> Path:
    path = tmp_path / "in.srt"
    path.write_text(srt_of(SCRIPT), encoding="utf-8")
    return path


def tool(name: str) -> str:
    """An external writer; CI installs every one, so a missing one fails the test."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is required to write this test's input"
    return found


# --- files written by other projects in the test run --------------------------------------

@pytest.mark.parametrize(("writer", "tolerance"), [
    ({}, 1),
    ({"time_format": "frames", "fps": "25/1"}, 40),
    ({"time_format": "clock_time_with_frames", "fps": "25/1",
      "profile_signaling": "content_profiles"}, 40),
    ({"time_format": "frames", "fps": "30000/1001"}, 34),
])
def test_ttconv_output(script_srt: Path, tmp_path: Path, writer: dict[str, str],
                       tolerance: int) -> None:
    out = tmp_path / "out.ttml"
    config = {"general": {"progress_bar": False, "log_level": "WARN"}, "imsc_writer": writer}
    subprocess.run([tool("tt"), "convert", "-i", str(script_srt), "-o", str(out),
                    "--config", json.dumps(config)], check=True, capture_output=True, timeout=120)
    if "fps" in writer:
        assert b"ttp:frameRate" in out.read_bytes()
    check_script(transconv.load(out), tolerance)


def test_pycaption_dfxp(script_srt: Path) -> None:
    from pycaption import DFXPWriter, SRTReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = DFXPWriter().write(SRTReader().read(script_srt.read_text(encoding="utf-8")))
    track = transconv.loads(text.encode("utf-8"))
    check_script(track, 1)
    assert isinstance(track, CaptionTrack) and track.language == "en"


def test_pysubs2_ttml(script_srt: Path) -> None:
    subs = pysubs2.SSAFile.from_string(script_srt.read_text(encoding="utf-8"))
    text = subs.to_string("ttml")
    assert "&#233;" in text  # pysubs2 writes character references: decoded by the parser
    check_script(transconv.loads(text.encode("utf-8")), 1)


def test_ffmpeg_ttml(script_srt: Path, tmp_path: Path) -> None:
    out = tmp_path / "ff.ttml"
    subprocess.run([tool("ffmpeg"), "-nostdin", "-loglevel", "error", "-y", "-i",
                    str(script_srt), "-c:s", "ttml", str(out)], check=True, timeout=120)
    check_script(transconv.load(out), 1)


# --- round trip: transconv's own TTML and DFXP ---------------------------------------------

def script_track() -> CaptionTrack:
    keys: dict[str | None, str] = {}
    made = [Cue(c.start, c.end, c.lines, keys.setdefault(c.speaker, str(len(keys) + 1)),
                c.speaker or "") for c in SCRIPT]
    speakers = {key: Speaker(key, name or "") for name, key in keys.items()}
    return CaptionTrack(made, speakers, title="Le café", language="fr")


@pytest.mark.parametrize(("fmt", "options"), [
    ("ttml", {}), ("ttml", {"profile": "imsc1"}), ("ttml", {"pretty": False}), ("dfxp", {}),
    ("dfxp", {"legacy": True}), ("dfxp", {"legacy": True, "legacy_styling": "style"})])
def test_round_trip(fmt: str, options: dict[str, object]) -> None:
    data = transconv.dumps(script_track(), fmt, **options)
    track = transconv.loads(data)
    check_script(track, 1, speakers=True)
    assert isinstance(track, CaptionTrack)
    assert (track.title, track.language) == ("Le café", "fr")
    assert sorted(s.name for s in track.speakers.values()) == ["Anna", "Jürgen"]
    assert [c.lines for c in track.cues] == [c.lines for c in SCRIPT]


# --- time expressions ---------------------------------------------------------------------

PARAMS = TimeParams(Fraction(25), 25, 2, Fraction(10000))


@pytest.mark.parametrize(("expression", "ms"), [
    ("01:02:03:04", 3_723_160), ("01:02:03:04.1", 3_723_180), ("01:02:03.456", 3_723_456),
    ("01:02:03", 3_723_000), ("100:00:00.5", 360_000_500), ("1.5s", 1_500), ("20f", 800),
    ("10000t", 1_000), ("12345t", 1_235), ("1h", 3_600_000), ("2.5m", 150_000),
    ("500ms", 500), ("0.0005s", 1), ("0.0004s", 0), (" 3s ", 3_000)])
def test_time_expressions(expression: str, ms: int) -> None:
    seconds = PARAMS.seconds(expression)
    assert seconds is not None and to_ms(seconds) == ms


@pytest.mark.parametrize("expression", [
    "1.5", "1,5s", "01:02", "01:60:00", "00:00:00:25", "00:00:00:01.2", "-1s", "1.5x", "1 s",
    "", "s", "00:00:01.", "1e3s"])
def test_not_time_expressions(expression: str) -> None:
    assert PARAMS.seconds(expression) is None


def test_frames_sub_frames_and_ticks_in_a_document() -> None:
    body = ('<div><p begin="00:00:01:05.1" end="00:00:02:00">a</p>'
            '<p begin="75f" end="100f">b</p><p begin="250t" end="300t">c</p></div>')
    got = cues(doc(body, params='ttp:frameRate="25" ttp:subFrameRate="2"'))
    # 1 s + (5 + 1/2) frames of 40 ms; ticks default to frames × sub-frames = 50 per second
    assert got == [(1220, 2000, "a"), (3000, 4000, "b"), (5000, 6000, "c")]
    track = transconv.loads(doc(body, params='ttp:frameRate="25" ttp:subFrameRate="2"'))
    assert isinstance(track, CaptionTrack) and track.frame_rate == 25


def test_tick_rate_declared_and_default() -> None:
    body = '<div><p begin="10000000t" end="25000000t">a</p></div>'
    assert cues(doc(body, params='ttp:tickRate="10000000"')) == [(1000, 2500, "a")]
    assert cues(doc('<div><p begin="3t" end="4t">a</p></div>')) == [(3000, 4000, "a")]


def test_frame_rate_multiplier_ntsc() -> None:
    params = 'ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"'
    body = ('<div><p begin="300f" end="00:00:20:15">a</p>'
            '<p begin="01:00:00:00" end="01:00:01:00">b</p></div>')
    # media time: 300 frames of 1001/30000 s; clock frames add to the clock seconds
    assert cues(doc(body, params=params)) == [(10_010, 20_501, "a"),
                                              (3_600_000, 3_601_000, "b")]
    track = transconv.loads(doc(body, params=params))
    assert isinstance(track, CaptionTrack) and track.frame_rate == Fraction(30000, 1001)


def test_smpte_time_base_counts_time_code_labels() -> None:
    body = '<div><p begin="01:00:00:00" end="01:00:01:00">a</p></div>'
    ndf = 'ttp:timeBase="smpte" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"'
    assert cues(doc(body, params=ndf)) == [(3_603_600, 3_604_601, "a")]
    track = transconv.loads(doc(body, params=ndf + ' ttp:dropMode="dropNTSC"'))
    assert isinstance(track, CaptionTrack) and track.drop_frame
    assert [(c.start, c.end) for c in track.cues] == [(3_599_996, 3_600_997)]


def test_default_frame_rate_is_30_or_the_callers() -> None:
    assert cues(doc('<div><p begin="15f" end="30f">a</p></div>')) == [(500, 1000, "a")]
    assert cues(doc('<div><p begin="15f" end="30f">a</p></div>'),
                frame_rate="25") == [(600, 1200, "a")]


# --- the timing tree ----------------------------------------------------------------------

def test_begin_offsets_accumulate_and_parents_clip() -> None:
    body = ('<div begin="10s"><div begin="5s" dur="4s">'
            '<p begin="1s" end="3s">inside</p><p begin="3s" end="9s">clipped</p>'
            '<p begin="5s" end="6s">never</p></div></div>')
    got = cues(f'<tt xmlns="{TTML}"><body begin="1s">{body}</body></tt>'.encode())
    assert got == [(17_000, 19_000, "inside"), (19_000, 20_000, "clipped")]


def test_end_and_dur_the_earlier_wins_and_end_is_from_the_sync_base() -> None:
    body = ('<div begin="2s"><p begin="1s" end="4s" dur="10s">a</p>'
            '<p begin="5s" dur="1.5s" end="20s">b</p></div>')
    assert cues(doc(body)) == [(3000, 6000, "a"), (7000, 8500, "b")]


def test_seq_container() -> None:
    body = ('<div timeContainer="seq" begin="1s"><p dur="2s">one</p><p dur="2s">two</p>'
            '<p begin="1s" dur="1s">three</p></div>')
    assert cues(doc(body)) == [(1000, 3000, "one"), (3000, 5000, "two"), (6000, 7000, "three")]


def test_seq_spans_inside_a_paragraph() -> None:
    body = ('<div><p begin="1s" end="10s" timeContainer="seq"><span dur="1s">Hello</span> '
            '<span dur="2s">world</span></p></div>')
    assert cues(doc(body)) == [(1000, 2000, "Hello"), (2000, 4000, "world")]


def test_word_timed_spans_become_one_cue_per_word() -> None:
    body = ('<div><p begin="1s" end="4s"><span begin="0s" end="1s">Good</span> '
            '<span begin="1s" end="2s">evening</span> <span begin="2s" end="3s">all</span>'
            '</p></div>')
    assert cues(doc(body)) == [(1000, 2000, "Good"), (2000, 3000, "evening"), (3000, 4000, "all")]


def test_a_late_span_cuts_the_paragraph_where_the_display_changes() -> None:
    body = '<div><p begin="1s" end="5s">Hello <span begin="1s" end="2s">big</span> world</p></div>'
    assert cues(doc(body)) == [(1000, 2000, "Hello world"), (2000, 3000, "Hello big world"),
                               (3000, 5000, "Hello world")]


def test_open_ends_close_at_the_next_cue(caplog: pytest.LogCaptureFixture) -> None:
    body = '<div><p begin="1s">a</p><p begin="4s">b</p><p begin="4s">c</p></div>'
    assert cues(doc(body)) == [(1000, 4000, "a"), (4000, 7000, "b"), (4000, 7000, "c")]
    assert "3 cue(s) have no end" in caplog.text


def test_empty_and_backward_intervals_show_nothing(caplog: pytest.LogCaptureFixture) -> None:
    body = ('<div><p begin="2s" end="1s">back</p><p begin="1s" end="1s">empty</p>'
            '<p begin="1s" end="2s">  </p><p begin="3s" end="4s">kept</p></div>')
    assert cues(doc(body)) == [(3000, 4000, "kept")]
    assert "line 4: <p> ends before it begins" in caplog.text


# --- speakers, text, hints ----------------------------------------------------------------

AGENTS = ('<metadata><ttm:title>Show</ttm:title><ttm:desc>Pilot</ttm:desc>'
          '<ttm:agent xml:id="a1" type="person"><ttm:name type="alias">Annie</ttm:name>'
          '<ttm:name type="full">Anna Berg</ttm:name></ttm:agent>'
          '<ttm:agent xml:id="actor2" type="person"><ttm:name type="full">Jürgen K</ttm:name>'
          '</ttm:agent><ttm:agent xml:id="c2" type="character"><ttm:actor agent="actor2"/>'
          '</ttm:agent></metadata>')


def test_agents_name_the_speakers(caplog: pytest.LogCaptureFixture) -> None:
    body = ('<div ttm:agent="a1"><p begin="1s" end="2s">Hi.</p>'
            '<p begin="2s" end="3s" ttm:agent="c2">Hello.</p>'
            '<p begin="3s" end="4s" ttm:agent="a1 c2">Both!</p>'
            '<p begin="4s" end="5s" ttm:agent="ghost">Boo.</p></div>')
    track = transconv.loads(doc(body, head=AGENTS))
    assert isinstance(track, CaptionTrack)
    assert [c.speaker_label for c in track.cues] == ["Anna Berg", "Jürgen K",
                                                    "Anna Berg & Jürgen K", "ghost"]
    assert [c.new_speaker for c in track.cues] == [True, True, True, True]
    assert (track.title, track.description) == ("Show", "Pilot")
    assert "ttm:agent 'ghost' is not defined" in caplog.text


def test_span_agents_split_a_paragraph_by_speaker() -> None:
    body = ('<div><p begin="1s" end="3s"><span ttm:agent="a1">- Coffee?</span><br/>'
            '<span ttm:agent="c2">- Please.</span></p></div>')
    track = transconv.loads(doc(body, head=AGENTS))
    assert isinstance(track, CaptionTrack)
    assert [(c.start, c.end, c.lines, c.speaker_label) for c in track.cues] == [
        (1000, 3000, ("- Coffee?",), "Anna Berg"), (1000, 3000, ("- Please.",), "Jürgen K")]


def test_whitespace_default_and_preserve() -> None:
    body = ('<div><p begin="1s" end="2s">\n   Two   words\n   and more<br/>\n  next  </p>'
            '<p begin="2s" end="3s" xml:space="preserve">line one\nline two</p>'
            '<p begin="3s" end="4s" xml:space="preserve">a<span xml:space="default">b\nc'
            '</span></p></div>')
    assert cues(doc(body)) == [(1000, 2000, "Two words and more / next"),
                               (2000, 3000, "line one / line two"), (3000, 4000, "ab c")]


def test_markup_that_is_not_text() -> None:
    body = ('<div><metadata><ttm:desc>not shown</ttm:desc></metadata>'
            '<p begin="1s" end="2s">a <!-- note --><?pi x?><set tts:color="red"/>b'
            '<x:thing xmlns:x="urn:x">hidden</x:thing> c &amp; &lt;d&gt; &#169;</p></div>')
    assert cues(doc(body)) == [(1000, 2000, "a b c & <d> ©")]


def test_style_and_region_hints() -> None:
    head = ('<styling><style xml:id="base" tts:color="yellow"/>'
            '<style xml:id="it" style="base" tts:fontStyle="italic"/></styling>'
            '<layout><region xml:id="top" tts:origin="10% 10%" tts:extent="80% 20%" '
            'tts:textAlign="left"/></layout>')
    body = ('<div region="top"><p begin="1s" end="2s" style="it">a</p>'
            '<p begin="2s" end="3s"><span tts:fontWeight="bold">b</span> '
            '<span tts:fontWeight="bold" tts:textDecoration="underline">c</span></p></div>')
    track = transconv.loads(doc(body, head=head))
    assert isinstance(track, CaptionTrack)
    assert [dict(c.hints) for c in track.cues] == [
        {"region": "top", "align": "left", "italic": "1", "color": "yellow"},
        {"region": "top", "align": "left", "bold": "1"}]


@pytest.mark.parametrize("ns", [TTML, "http://www.w3.org/2006/10/ttaf1",
                                "http://www.w3.org/2006/04/ttaf1"])
def test_dfxp_draft_namespaces(ns: str) -> None:
    body = '<div><p begin="1s" end="2s" ttm:agent="a1">Hi<br/>there</p></div>'
    track = transconv.loads(doc(body, ns=ns, head=AGENTS))
    assert isinstance(track, CaptionTrack) and track.source == "ttml"
    assert [(c.lines, c.speaker_label) for c in track.cues] == [(("Hi", "there"), "Anna Berg")]


def test_ebu_tt_d_prefixed_document() -> None:
    data = f'''<?xml version="1.0" encoding="UTF-8"?>
<tt:tt xmlns:tt="{TTML}" xmlns:ttp="{TTML}#parameter" xmlns:tts="{TTML}#styling"
 xmlns:ebuttm="urn:ebu:tt:metadata" xmlns:ebutts="urn:ebu:tt:style"
 ttp:timeBase="media" ttp:cellResolution="50 30" xml:lang="de">
 <tt:head><tt:metadata><ebuttm:documentMetadata><ebuttm:conformsToStandard>
 urn:ebu:tt:distribution:2014-01</ebuttm:conformsToStandard></ebuttm:documentMetadata>
 </tt:metadata><tt:styling><tt:style xml:id="s1" tts:fontStyle="italic"
 ebutts:linePadding="0.5c"/></tt:styling><tt:layout><tt:region xml:id="r1"
 tts:origin="10% 80%" tts:extent="80% 15%"/></tt:layout></tt:head>
 <tt:body><tt:div><tt:p xml:id="sub1" region="r1" begin="00:00:01.000" end="00:00:02.500">
 <tt:span style="s1">Guten Abend</tt:span><tt:br/><tt:span>und willkommen.</tt:span>
 </tt:p></tt:div></tt:body></tt:tt>'''.encode()
    track = transconv.loads(data)
    assert isinstance(track, CaptionTrack) and track.language == "de"
    assert [(c.start, c.end, c.lines) for c in track.cues] == [
        (1000, 2500, ("Guten Abend", "und willkommen."))]
    assert ("region", "bottom") in track.cues[0].hints  # r1 stands at 80 % of the height


def test_smpte_tt_document() -> None:
    params = ('ttp:timeBase="smpte" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001" '
              'ttp:dropMode="dropNTSC" xmlns:smpte="http://www.smpte-ra.org/schemas/2052-1/2010/'
              'smpte-tt"')
    head = '<metadata><smpte:information xmlns:m608="urn:x"/></metadata>'
    body = '<div><p begin="00:00:10:00" end="00:00:12:15">Caption</p></div>'
    track = transconv.loads(doc(body, params=params, head=head), timecode_offset="00:00:05:00")
    assert isinstance(track, CaptionTrack)
    assert [(c.start, c.end, c.lines) for c in track.cues] == [(5005, 7508, ("Caption",))]


def test_clock_time_base_reads_as_media_and_odd_ones_warn(caplog: pytest.LogCaptureFixture,
                                                         ) -> None:
    body = '<div><p begin="00:00:01:15" end="00:00:02.000">a</p></div>'
    assert cues(doc(body, params='ttp:timeBase="clock" ttp:clockMode="utc"')) == [
        (1500, 2000, "a")]
    assert caplog.text == ""
    pal = 'ttp:timeBase="smpte" ttp:dropMode="dropPAL" ttp:frameRate="25"'
    assert cues(doc(body, params=pal)) == [(1600, 2000, "a")]
    assert cues(doc(body, params='ttp:timeBase="tape"')) == [(1500, 2000, "a")]
    assert "read as non-drop time code" in caplog.text
    assert "ttp:timeBase='tape' is not media, smpte or clock; read as media" in caplog.text
