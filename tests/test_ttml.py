"""TTML writer: structure by lxml, content read back by ttconv and pycaption, hostile text.

Expected values always come from ``segment(small_transcript())`` so the tests hold whatever
the segmenter's exact line breaks are. The helpers here are shared with test_dfxp.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
import xml.etree.ElementTree as StdET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import transconv
from tests.conftest import require_tool
from tests.factories import long_transcript
from tests.ttml_reference import build_document
from transconv.formats import get, ttml
from transconv.model import WORD, Annotation, Speaker, Token, Transcript, Turn
from transconv.segment import Cue, segment

TT = "http://www.w3.org/ns/ttml"
TTM = "http://www.w3.org/ns/ttml#metadata"
TTP = "http://www.w3.org/ns/ttml#parameter"
TTS = "http://www.w3.org/ns/ttml#styling"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CLOCK = re.compile(r"^\d{2,}:[0-5]\d:[0-5]\d\.\d{3}$")
XML_WS = re.compile(r"[ \t\r\n]+")


def xml_allowed(text: str) -> str:
    """``text`` with only XML 1.0 Chars, computed from the spec production (not the writer)."""
    return "".join(
        c for c in text
        if c in "\t\n\r" or 0x20 <= ord(c) <= 0xD7FF or 0xE000 <= ord(c) <= 0xFFFD
        or ord(c) >= 0x10000
    )


def expected_lines(cue: Cue) -> list[str]:
    """A cue's lines as a reader must see them: forbidden characters gone, XML-space trimmed."""
    lines = (xml_allowed(line).strip(" \t\r\n") for line in cue.lines)
    return [line for line in lines if line]


def words(lines: list[str]) -> list[str]:
    return [w for w in XML_WS.split(" ".join(lines)) if w]


def paragraphs(root: etree._Element, ns: str = TT) -> list[etree._Element]:
    return list(root.iter(f"{{{ns}}}p"))


def p_lines(p: etree._Element) -> list[str]:
    """The lines of a ``<p>``: its text, then each ``<br/>``'s tail."""
    return [p.text or ""] + [br.tail or "" for br in p]


def ms(clock: str) -> int:
    h, m, s = clock.split(":")
    return (int(h) * 3600 + int(m) * 60) * 1000 + round(float(s) * 1000)


def agents(root: etree._Element, ttm: str = TTM) -> dict[str, str]:
    """Declared agent id → its ``ttm:name`` text."""
    return {a.get(XML_ID, ""): a.findtext(f"{{{ttm}}}name", "")
            for a in root.iter(f"{{{ttm}}}agent")}


def check_lxml(doc: str, cues: list[Cue], ns: str = TT, ttm: str = TTM) -> etree._Element:
    """Parse with lxml and check every cue: times, lines and the speaker agent."""
    root = etree.fromstring(doc.encode("utf-8"))
    declared = agents(root, ttm)
    ps = paragraphs(root, ns)
    kept = [c for c in cues if expected_lines(c)]
    assert len(ps) == len(kept)
    for p, cue in zip(ps, kept, strict=True):
        assert list(p.attrib)[:2] == ["begin", "end"]
        assert CLOCK.match(p.get("begin", "")) and CLOCK.match(p.get("end", ""))
        assert ms(p.get("begin", "")) == cue.start and ms(p.get("end", "")) == cue.end
        assert p_lines(p) == expected_lines(cue)
        assert all(child.tag == f"{{{ns}}}br" for child in p)
        ref = p.get(f"{{{ttm}}}agent")
        if cue.speaker is None:
            assert ref is None
        else:
            label = xml_allowed(cue.speaker_label).strip(" \t\r\n")
            assert ref in declared and declared[ref] == (label or f"Speaker {cue.speaker}")
    return root


def read_ttconv(doc: str) -> list[tuple[int, int, list[str]]]:
    """(begin ms, end ms, lines) per ``<p>`` as ttconv's IMSC reader models them."""
    import ttconv.model as tm
    from ttconv.imsc.reader import to_model

    model = to_model(StdET.ElementTree(StdET.fromstring(doc)))
    assert model is not None
    body = model.get_body()
    assert body is not None
    out = []
    for p in (e for div in body for e in div):
        assert isinstance(p, tm.P)
        lines = [""]
        stack: list[Any] = list(p)[::-1]
        while stack:
            node = stack.pop()
            if isinstance(node, tm.Br):
                lines.append("")
            elif isinstance(node, tm.Text):
                lines[-1] += node.get_text()
            else:
                stack.extend(list(node)[::-1])
        out.append((round(p.get_begin() * 1000), round(p.get_end() * 1000), lines))
    return out


def read_pycaption(doc: str, lang: str = "en") -> list[tuple[int, int, str]]:
    """(start ms, end ms, text) per caption as pycaption's DFXPReader reads them."""
    from pycaption import DFXPReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        captions = DFXPReader().read(doc).get_captions(lang)
    return [(c.start // 1000, c.end // 1000, c.get_text()) for c in captions]


def check_readers(doc: str, cues: list[Cue]) -> None:
    """ttconv and pycaption both see every cue's words and times (±1 ms)."""
    kept = [c for c in cues if expected_lines(c)]
    by_ttconv = read_ttconv(doc)
    assert len(by_ttconv) == len(kept)
    for (begin, end, lines), cue in zip(by_ttconv, kept, strict=True):
        assert abs(begin - cue.start) <= 1 and abs(end - cue.end) <= 1
        assert words(lines) == words(expected_lines(cue))
        assert len(lines) == len(expected_lines(cue))
    by_pycaption = read_pycaption(doc)
    assert len(by_pycaption) == len(kept)
    for (start, end, text), cue in zip(by_pycaption, kept, strict=True):
        assert abs(start - cue.start) <= 1 and abs(end - cue.end) <= 1
        assert words(text.split("\n")) == words(expected_lines(cue))
        if cue.new_speaker and cue.speaker_label:
            assert text.startswith(cue.speaker_label)  # the visible speaker marker survives


@pytest.fixture
def cues(transcript: Transcript) -> list[Cue]:
    return segment(transcript)


def test_root_namespace_and_head(transcript: Transcript, cues: list[Cue]) -> None:
    doc = get("ttml").write(transcript, ttml.Options())
    assert doc.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="http://www.w3')
    root = check_lxml(doc, cues)
    assert root.tag == f"{{{TT}}}tt" and root.prefix is None
    assert root.get(f"{{{TTP}}}timeBase") == "media" and root.get(XML_LANG) == "en"
    assert root.get(f"{{{TTP}}}profile") is None
    head, body = list(root)
    assert head.tag == f"{{{TT}}}head" and body.tag == f"{{{TT}}}body"
    assert root.findtext(f".//{{{TTM}}}title") == "Interview 12"
    assert root.findtext(f".//{{{TTM}}}desc") == "A test interview"
    assert sorted(agents(root).values()) == ["Bob Smith", "Dr. Alice Martin",
                                             "Zoë Ångström (guest)"]
    assert all(CLOCK.match(p.get("begin", "")) for p in paragraphs(root))
    region = root.find(f".//{{{TT}}}region")
    assert region is not None and region.get(f"{{{TTS}}}displayAlign") == "after"
    assert body.get("region") == region.get(XML_ID)
    style = root.find(f".//{{{TT}}}style")
    assert style is not None and body.get("style") == style.get(XML_ID)
    for timed in (body, *body):  # timing only on <p>: a begin on div shifts every cue
        assert timed.get("begin") is None and timed.get("end") is None


def test_no_whitespace_inside_paragraphs(transcript: Transcript, cues: list[Cue]) -> None:
    doc = get("ttml").write(transcript, ttml.Options())
    assert "xml:space" not in doc
    assert any(len(c.lines) > 1 for c in cues)
    for match in re.finditer(r"<p [^>]*>(.*?)</p>", doc):
        inner = match.group(1)
        assert "\n" not in inner and not inner.startswith(" ")
        assert "<br/> " not in inner and " <br/>" not in inner


def test_annotations_in_metadata(transcript: Transcript) -> None:
    root = etree.fromstring(get("ttml").write(transcript, ttml.Options()).encode())
    notes = root.findall(f"{{{TT}}}head/{{{TT}}}metadata/{{{ttml.NOTES_NS}}}note")
    assert [(n.get("id"), n.get("begin"), n.get("end"), n.get("author"), n.text)
            for n in notes] == [("a1", "00:00:01.000", "00:00:04.000", "jdoe",
                                 "Check spelling of surname")]
    off = get("ttml").write(transcript, ttml.Options(notes=False))
    assert "Check spelling" not in off and ttml.NOTES_NS not in off


def test_read_back_by_ttconv_and_pycaption(transcript: Transcript, cues: list[Cue]) -> None:
    check_readers(get("ttml").write(transcript, ttml.Options()), cues)


def test_tt_convert_cli_to_srt(transcript: Transcript, cues: list[Cue], tmp_path: Path) -> None:
    venv_tt = Path(sys.executable).with_name("tt")
    tt = str(venv_tt) if venv_tt.exists() else require_tool("tt")
    src, out = tmp_path / "in.ttml", tmp_path / "out.srt"
    src.write_bytes(transconv.dumps(transcript, "ttml"))
    subprocess.run([tt, "convert", "-i", str(src), "-o", str(out), "--otype", "SRT", "--config",
                    '{"general":{"progress_bar":false,"log_level":"WARN"}}'],
                   check=True, capture_output=True, timeout=60)
    stamps = re.findall(r"(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})",
                        out.read_text("utf-8"))
    got = [(ms(f"{a}:{b}:{c}.{d}"), ms(f"{e}:{f}:{g}.{h}")) for a, b, c, d, e, f, g, h in stamps]
    assert len(got) == len(cues)
    for (start, end), cue in zip(got, cues, strict=True):
        assert abs(start - cue.start) <= 1 and abs(end - cue.end) <= 1


def test_imsc1_profile(transcript: Transcript, cues: list[Cue]) -> None:
    doc = get("ttml").write(transcript, ttml.Options(profile="imsc1"))
    root = check_lxml(doc, cues)
    assert root.get(f"{{{TTP}}}profile") == ttml.IMSC1_TEXT_PROFILE
    assert root.get(f"{{{TTP}}}cellResolution") == "32 15"
    assert root.get(f"{{{TTS}}}extent") is None  # on <tt> IMSC allows only px; we use %
    regions = list(root.iter(f"{{{TT}}}region"))
    assert len(regions) == 1
    x, y = (float(v.rstrip("%")) for v in regions[0].get(f"{{{TTS}}}origin", "").split())
    w, h = (float(v.rstrip("%")) for v in regions[0].get(f"{{{TTS}}}extent", "").split())
    assert min(x, y) >= 0 and x + w <= 100 and y + h <= 100  # inside the root container
    assert "px" not in doc
    check_readers(doc, cues)


def test_registry_and_dumps(transcript: Transcript) -> None:
    fmt = get("ttml")
    assert fmt.media_type == "application/ttml+xml"
    data = transconv.dumps(transcript, "ttml", max_lines=3, profile="imsc1")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = etree.fromstring(data)
    three = segment(transcript, transconv.segment.CaptionStyle(max_lines=3))
    assert len(paragraphs(root)) == len(three)
    with pytest.raises(transconv.UsageError):
        transconv.dumps(transcript, "ttml", profile="smpte")


def test_clock_never_rounds_up() -> None:
    assert ttml.clock(0) == "00:00:00.000"
    assert ttml.clock(59_999) == "00:00:59.999"
    assert ttml.clock(3_723_004) == "01:02:03.004"
    assert ttml.clock(360_000_000) == "100:00:00.000"
    assert ttml.clock(-5) == "00:00:00.000"


def test_simultaneous_cues_merge_into_one_paragraph() -> None:
    t = Transcript(speakers={"1": Speaker("1", "Ann"), "x y": Speaker("x y", "Bo")})
    cues = [Cue(1000, 2000, ("Ann: hi",), "1", "Ann", True),
            Cue(1000, 2000, ("Bo: yo",), "x y", "Bo", True),
            Cue(2500, 3000, ("\x00\x0b",), "1", "Ann", True)]  # nothing writable: no <p>
    root = build_document(t, cues)
    (p,) = paragraphs(root)
    assert p_lines(p) == ["Ann: hi", "Bo: yo"]
    ids = p.get(f"{{{TTM}}}agent", "").split()
    assert [agents(root)[i] for i in ids] == ["Ann", "Bo"]
    assert ids[0] == "spk1" and not ids[1][0].isdigit() and " " not in ids[1]


def hostile_transcript() -> Transcript:
    nasty = ["</p><script>alert('x')</script>", "&amp;", "]]>", "<![CDATA[x]]>", "&nbsp;",
             "a\x00b\x07c\x0bd\x0ce\x1ff", "\ufffe\uffff", "\ud800lone", "“q” 'single' \"double\"",
             "w" * 10_000, "<?pi x?>", "<!--", "\u00a0nbsp\u2028", "tab\there", "😀"]
    tokens = [Token(WORD, w, 1000 + 500 * i, 1400 + 500 * i) for i, w in enumerate(nasty)]
    key = '</p><x y="'
    return Transcript(
        turns=[Turn(key, 1000, tokens[-1].end, tokens),
               Turn("2", 9000, 9500, [Token(WORD, "ok\x01", 9000, 9500)])],
        speakers={key: Speaker(key, "</ttm:name><script>&lt;\x0b"),
                  "2": Speaker("2", 'Q"uote & <b>')},
        title="]]><!-- \x00 -->", description="<desc/>&amp;\ud800", language='en"><x',
        annotations=[Annotation("n&1", "<b>&amp;</b>\x0c]]>", 0, 10, '"a"<b>')],
    )


def test_hostile_transcript_stays_well_formed_and_lossless() -> None:
    t = hostile_transcript()
    cues = segment(t)
    doc = get("ttml").write(t, ttml.Options())
    root = check_lxml(doc, cues)  # well-formed, every line exact minus forbidden characters
    assert not [e for e in root.iter() if etree.QName(e).localname in ("script", "x", "b")]
    assert not [e for e in root.iter() if not isinstance(e.tag, str)]  # no comments or PIs
    text = "".join("".join(p_lines(p)) for p in paragraphs(root))
    assert "w" * 10_000 in text and "]]>" in text and "&amp;" in text and "😀" in text
    assert root.findtext(f".//{{{TTM}}}title") == "]]><!--  -->"
    assert root.findtext(f".//{{{TTM}}}desc") == "<desc/>&amp;"
    assert root.get(XML_LANG) == 'en"><x'
    assert sorted(agents(root).values()) == sorted(["</ttm:name><script>&lt;", 'Q"uote & <b>'])
    note = root.find(f".//{{{ttml.NOTES_NS}}}note")
    assert note is not None and note.text == "<b>&amp;</b>]]>" and note.get("author") == '"a"<b>'
    expected = [words(expected_lines(c)) for c in cues if expected_lines(c)]
    assert [words(lines) for _, _, lines in read_ttconv(doc)] == expected
    assert [words(text.split("\n")) for _, _, text in read_pycaption(doc, 'en"><x')] == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8), st.text(max_size=10))
def test_any_text_round_trips_through_lxml(texts: list[str], name: str) -> None:
    tokens = [Token(WORD, w, 100 * i, 100 * i + 50) for i, w in enumerate(texts)]
    t = Transcript(turns=[Turn("s", 0, tokens[-1].end, tokens)],
                   speakers={"s": Speaker("s", name)}, title=name)
    check_lxml(get("ttml").write(t, ttml.Options()), segment(t))


def test_ten_hours_keep_every_cue() -> None:
    t = long_transcript(10)
    cues = segment(t)
    doc = ttml.serialize(build_document(t, cues))  # speed is measured in bench/
    assert len(paragraphs(etree.fromstring(doc.encode()))) == len(cues)


def test_bare_transcript_and_bad_options() -> None:
    t = Transcript(turns=[Turn(None, 0, 900, [Token(WORD, "hi", 0, 900)])])
    root = etree.fromstring(get("ttml").write(t, ttml.Options()).encode())
    assert root.get(XML_LANG) == ""  # TTML 1 requires xml:lang on <tt>; empty means unknown
    assert root.find(f"{{{TT}}}head/{{{TT}}}metadata") is None  # nothing to declare
    (p,) = paragraphs(root)
    assert p.get(f"{{{TTM}}}agent") is None and p_lines(p) == ["hi"]
    with pytest.raises(transconv.UsageError):
        ttml.Options(profile="dfxp")  # type: ignore[arg-type]
    with pytest.raises(transconv.UsageError):
        build_document(t, segment(t), namespaces=ttml.TTAF1, profile="imsc1")
    with pytest.raises(transconv.MissingTiming):
        get("ttml").write(Transcript(turns=[Turn(None, None, None, [Token(WORD, "x")])]),
                   ttml.Options())
