"""A caption source's placement and styling survive conversion: the hint vocabulary
(transconv/text/hints.py), each writer that honours it, read back by independent decoders
(pysubs2, webvtt-py, ffmpeg, ttconv) and by transconv itself."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pysubs2
import pytest
import ttconv.model as tm
import webvtt
from lxml import etree
from ttconv.imsc.reader import to_model as ttml_model
from ttconv.isd import ISD
from ttconv.scc.reader import to_model as scc_model
from ttconv.stl.reader import to_model as stl_model

import transconv
from tests.factories import small_transcript
from transconv.model import CaptionTrack, Cue
from transconv.text import hints

#: Top centre and italic; plain bottom centre; middle right.
SRT = (b"1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Top and italic</i>\n\n"
       b"2\n00:00:03,000 --> 00:00:04,000\nPlain bottom\n\n"
       b"3\n00:00:05,000 --> 00:00:06,000\n{\\an6}Middle right\n\n")
VTT = (b"WEBVTT\nLanguage: fr\n\n00:00:01.000 --> 00:00:02.000 align:start line:0\n"
       b"<i>En haut</i>\n\n00:00:03.000 --> 00:00:04.000\nEn bas\n")


def track(data: bytes = SRT) -> CaptionTrack:
    loaded = transconv.loads(data)
    assert isinstance(loaded, CaptionTrack)
    return loaded


def places(loaded: CaptionTrack) -> list[tuple[str, str, bool]]:
    """(region, alignment, italic) of every cue, as the shared helpers read them."""
    return [(hints.region_of(c), hints.align_of(c), hints.is_italic(c)) for c in loaded.cues]


EXPECTED = [("top", "", True), ("bottom", "", False), ("middle", "right", False)]


def test_vocabulary_helpers() -> None:
    assert places(track()) == EXPECTED
    bare = Cue(0, 1, ("x",))
    assert (hints.region_of(bare), hints.align_of(bare), hints.is_italic(bare)) == (
        "bottom", "", False)
    low = Cue(0, 1, ("x",), hints=(("line", "10%"), ("align", "left")))
    assert (hints.region_of(low), hints.align_of(low)) == ("top", "left")
    assert [hints.align_value(v) for v in ("start", "End", "middle", "justify")] == [
        "left", "right", "center", ""]
    assert [hints.color_value(v) for v in ("#FFFF00", "ffff00", "#0f0", "rgb(255, 0, 0)",
                                           "#ff000080", "Yellow", "url(x)")] == [
        "#ffff00", "#ffff00", "#00ff00", "#ff0000", "#ff0000", "yellow", ""]
    assert [hints.percent(v) for v in ("10%", "120%", "x%", "nan%", None, "5")] == [
        10, 100, None, None, None, None]


def test_srt_tags_read_by_pysubs2() -> None:
    text = transconv.dumps(track(), "srt", line_ending="lf").decode()
    events = pysubs2.SSAFile.from_string(text, format_="srt")
    assert [e.text for e in events] == ["{\\an8}{\\i1}Top and italic{\\i0}", "Plain bottom",
                                       "{\\an6}Middle right"]


def test_srt_placement_rendered_by_ffmpeg(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_bytes(transconv.dumps(track(), "srt"))
    out = tmp_path / "out.ass"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), str(out)], check=True)
    dialogue = [line for line in out.read_text().splitlines() if line.startswith("Dialogue")]
    assert "{\\an8}{\\i1}Top and italic{\\i0}" in dialogue[0]
    assert dialogue[1].endswith(",Plain bottom") and "{\\an6}Middle right" in dialogue[2]


def test_facebook_srt_stays_plain() -> None:
    text = transconv.dumps(track(), "facebook-srt").decode()
    assert "{\\an" not in text and "<i>" not in text and "Top and italic" in text


def test_vtt_settings_read_by_webvtt_py() -> None:
    text = transconv.dumps(track(), "vtt").decode()
    captions = webvtt.from_buffer(io.StringIO(text))
    got = [(c.text, c.raw_text, c.settings.line, c.settings.align) for c in captions]
    assert got == [("Top and italic", "<i>Top and italic</i>", "0", None),
                   ("Plain bottom", "Plain bottom", None, None),
                   ("Middle right", "Middle right", "50%,center", "right")]


def test_vtt_to_vtt_keeps_settings_and_language() -> None:
    source = track(VTT)
    text = transconv.dumps(source, "vtt").decode()
    assert text.startswith("WEBVTT\nLanguage: fr\n\n")
    assert "00:00:01.000 --> 00:00:02.000 line:0% align:left\n<i>En haut</i>" in text
    back = track(text.encode())
    assert back.language == "fr"
    assert [set(c.hints) for c in back.cues] == [set(c.hints) for c in source.cues] == [
        {("align", "left"), ("line", "0%"), ("italic", "1")}, set()]
    captions = webvtt.from_buffer(io.StringIO(text))
    assert [(c.settings.line, c.settings.align) for c in captions] == [("0%", "left"),
                                                                      (None, None)]


def _shown(doc: tm.ContentDocument, at: float) -> list[tuple[str, float, str, list[str]]]:
    """(text, region top %, display alignment, styles) of what ttconv shows at ``at``."""
    out = []
    for region in ISD.from_model(doc, at):
        elements = _all(region)
        text = "".join(e.get_text() for e in elements if isinstance(e, tm.Text))
        if not text.strip():
            continue
        styles = {value.value for e in elements if isinstance(e, tm.P | tm.Span)
                  for prop in (tm.StyleProperties.FontStyle, tm.StyleProperties.TextAlign)
                  if (value := e.get_style(prop)) is not None
                  and value.value not in ("normal", "center")}
        origin = region.get_style(tm.StyleProperties.Origin)
        display = region.get_style(tm.StyleProperties.DisplayAlign)
        out.append((text, origin.y.value, display.value, sorted(styles)))
    return out


def _box(doc: tm.ContentDocument, at: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in % of the one region ttconv shows text in at ``at``."""
    for region in ISD.from_model(doc, at):
        if any(isinstance(e, tm.Text) and e.get_text().strip() for e in _all(region)):
            origin = region.get_style(tm.StyleProperties.Origin)
            extent = region.get_style(tm.StyleProperties.Extent)
            return (origin.x.value, origin.y.value, origin.x.value + extent.width.value,
                    origin.y.value + extent.height.value)
    raise AssertionError(f"nothing shown at {at}")


def _all(element: tm.ContentElement) -> list[tm.ContentElement]:
    return [element, *(e for child in element for e in _all(child))]


@pytest.mark.parametrize("fmt", ["ttml", "dfxp"])
def test_ttml_regions_read_by_ttconv(fmt: str) -> None:
    data = transconv.dumps(track(), fmt)
    doc = ttml_model(etree.ElementTree(etree.fromstring(data)))
    assert _shown(doc, 1.5) == [("Top and italic", 10.0, "before", ["italic"])]
    assert _shown(doc, 3.5) == [("Plain bottom", 70.0, "after", [])]
    assert _shown(doc, 5.5) == [("Middle right", 40.0, "center", ["end"])]


def test_ttml_of_a_transcript_is_unchanged_in_shape() -> None:
    data = transconv.dumps(small_transcript(), "ttml").decode()
    assert '<body style="s1" region="bottom">' in data
    assert 'region="top"' not in data and "fontStyle" not in data


def test_scc_rows_read_by_ttconv() -> None:
    doc = scc_model(transconv.dumps(track(), "scc").decode())
    top, bottom, middle = (_shown(doc, at)[0] for at in (1.5, 3.5, 5.5))
    assert top[0] == "Top and italic" and top[1] < 15  # row 1
    assert bottom[0] == "Plain bottom" and bottom[1] > 80  # row 15
    assert middle[0] == "Middle right" and 40 < middle[1] < 55  # row 8
    assert _box(doc, 5.5)[2] == pytest.approx(90, abs=1)  # ends at column 32
    assert _box(doc, 1.5)[0] > 30  # a centred row


@pytest.mark.parametrize("display", ["teletext", "open"])
def test_ebu_stl_position_read_by_ttconv(display: str) -> None:
    doc = stl_model(io.BytesIO(transconv.dumps(track(), "ebu-stl", display=display)))
    italic = ["italic"] if display == "open" else []  # teletext has no italics
    assert _shown(doc, 1.5) == [("Top and italic", 10.0, "before", italic)]
    assert _shown(doc, 3.5) == [("Plain bottom", 10.0, "after", [])]
    middle = _shown(doc, 5.5)
    assert middle[0][0] == "Middle right" and middle[0][3] == ["end"]
    assert 40 < _box(doc, 5.5)[3] < 60  # the rows end near the middle


@pytest.mark.parametrize(("fmt", "options", "italic"), [
    ("srt", {}, True), ("vtt", {}, True), ("ttml", {}, True), ("dfxp", {}, True),
    ("scc", {}, False), ("scc", {"mode": "paint-on"}, False), ("mcc", {}, False),
    ("ebu-stl", {"display": "open"}, True), ("cap", {}, True), ("spruce-stl", {}, True),
    ("avid-dvd", {}, True)])
def test_round_trip_keeps_placement(fmt: str, options: dict[str, object], italic: bool,
                                    ) -> None:
    back = track(transconv.dumps(track(), fmt, **options))
    assert [c.lines for c in back.cues] == [("Top and italic",), ("Plain bottom",),
                                            ("Middle right",)]
    got = [(region, align or "center", slanted) for region, align, slanted in places(back)]
    assert got == [("top", "center", italic), ("bottom", "center", False),
                   ("middle", "right", False)]


@pytest.mark.parametrize("fmt", ["srt", "vtt", "ttml", "scc", "ebu-stl", "cap",
                                 "spruce-stl", "avid-dvd", "qt", "avid-ds"])
def test_a_track_without_hints_writes_as_before(fmt: str) -> None:
    plain = track(SRT.replace(b"{\\an8}<i>", b"").replace(b"</i>", b"")
                  .replace(b"{\\an6}", b""))
    assert all(not c.hints for c in plain.cues)
    if fmt in ("srt", "vtt", "qt"):  # no hints: exactly what the writer writes without styling
        assert transconv.dumps(plain, fmt) == transconv.dumps(plain, fmt, styling=False)
    back = track(transconv.dumps(plain, fmt))
    assert {hints.region_of(c) for c in back.cues} == {"bottom"}
    assert not any(hints.is_italic(c) for c in back.cues)


#: Faces switched on, added to, swapped and dropped; alignment changed and restored.
FACES = CaptionTrack(cues=[
    Cue(1000, 2000, ("Top and italic",), hints=(("region", "top"), ("italic", "1"))),
    Cue(2000, 3000, ("Bold too",), hints=(("italic", "1"), ("bold", "1"))),
    Cue(3500, 4000, ("Left underlined",), hints=(("align", "left"), ("underline", "1"))),
    Cue(4500, 5000, ("Plain again",)),
    Cue(5500, 6000, ("Right",), hints=(("align", "right"), ("region", "middle"))),
])
QT_STAMP = re.compile(r"^\[\d{2}:\d{2}:\d{2}\.\d{1,4}\]$")
QT_DESCRIPTOR = re.compile(r"\{(plain|italic|bold|underline|justify:(left|center|right))\}")


def test_qt_descriptors_stand_where_the_faces_change() -> None:
    text = transconv.dumps(FACES, "qt").decode()
    lines = text.split("\r\n")
    assert lines.pop() == ""  # ends in CRLF
    # The structural checks of the format note: the magic, stamp lines, the final stamp.
    assert lines[0].startswith("{QTtext} ") and "{justify:center}" in lines[0]
    assert sum(bool(QT_STAMP.match(line)) for line in lines) == 9 and QT_STAMP.match(lines[-1])
    assert lines[1:] == [
        "[00:00:01.000]", "{italic}Top and italic",
        "[00:00:02.000]", "{bold}Bold too",  # adjacent: the sample ends at the next stamp
        "[00:00:03.000]", "",
        "[00:00:03.500]", "{plain}{underline}{justify:left}Left underlined",
        "[00:00:04.000]", "",
        "[00:00:04.500]", "{plain}{justify:center}Plain again",
        "[00:00:05.000]", "",
        "[00:00:05.500]", "{justify:right}Right",
        "[00:00:06.000]"]
    for line in lines[1:]:  # descriptors open a text line and nothing else is braced
        rest = QT_DESCRIPTOR.sub("", line) if line.startswith("{") else line
        assert "{" not in rest and "}" not in rest, line
    plain = transconv.dumps(FACES, "qt", styling=False).decode()
    assert "{italic}" not in plain and plain.count("{justify:") == 1


def test_qt_round_trip_keeps_alignment_and_faces() -> None:
    back = track(transconv.dumps(FACES, "qt"))
    assert [c.lines for c in back.cues] == [c.lines for c in FACES.cues]
    faces = [(hints.align_of(c), hints.is_italic(c), hints.is_bold(c), hints.is_underline(c))
             for c in back.cues]
    assert faces == [("center", True, False, False), ("center", True, True, False),
                     ("left", False, False, True), ("center", False, False, False),
                     ("right", False, False, False)]
    # A text track is a strip the movie places: no vertical region is written or read.
    assert {hints.region_of(c) for c in back.cues} == {"bottom"}
    assert places(track(transconv.dumps(track(), "qt"))) == [
        ("bottom", "center", True), ("bottom", "center", False), ("bottom", "right", False)]


def test_avid_ds_carries_no_styling() -> None:
    bare = CaptionTrack(cues=[replace(c, hints=()) for c in FACES.cues])
    text = transconv.dumps(FACES, "avid-ds").decode()
    assert text == transconv.dumps(bare, "avid-ds").decode()
    lines = text.split("\r\n")
    # The structural checks of the format note: one of each marker, one line per title.
    assert lines.count("<begin subtitles>") == lines.count("<end subtitles>") == 1
    times = [line for line in lines
             if re.fullmatch(r"\d{2}:\d{2}:\d{2}[:;]\d{2} \d{2}:\d{2}:\d{2}[:;]\d{2}", line)]
    assert times[0] == "00:00:01:00 00:00:02:00" and len(times) == 5
    assert not any(mark in text for mark in ("{", "<i>", "$Italic", "$HorzAlign"))
    back = track(text.encode())
    assert [c.lines for c in back.cues] == [c.lines for c in FACES.cues]
    assert not any(c.hints for c in back.cues)
