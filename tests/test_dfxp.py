"""DFXP writer: the TTML 1 document by default, the 2006/10 draft flavour on request."""

from __future__ import annotations

import xml.etree.ElementTree as StdET

import pytest
from lxml import etree

import transconv
from tests.test_ttml import (
    TT,
    TTM,
    agents,
    check_lxml,
    check_readers,
    expected_lines,
    hostile_transcript,
    paragraphs,
    read_pycaption,
    words,
)
from transconv.formats import get, ttml
from transconv.formats.ttml import dfxp
from transconv.model import Transcript
from transconv.segment import Cue, segment

LEGACY = "http://www.w3.org/2006/10/ttaf1"


@pytest.fixture
def cues(transcript: Transcript) -> list[Cue]:
    return segment(transcript)


def test_default_is_the_ttml_document(transcript: Transcript, cues: list[Cue]) -> None:
    doc = get("dfxp").write(transcript, dfxp.Options())
    assert doc == get("ttml").write(transcript, ttml.Options())
    root = check_lxml(doc, cues)
    assert root.tag == f"{{{TT}}}tt" and root.prefix is None
    check_readers(doc, cues)  # ttconv and pycaption both read it


def test_registry_entry(transcript: Transcript) -> None:
    fmt = get("dfxp")
    assert fmt.media_type == "application/ttaf+xml"
    assert fmt.extension == ".dfxp"
    data = transconv.dumps(transcript, "dfxp", legacy=True)
    assert etree.fromstring(data).tag == f"{{{LEGACY}}}tt"


def test_legacy_namespaces_and_no_styling(transcript: Transcript, cues: list[Cue]) -> None:
    doc = get("dfxp").write(transcript, dfxp.Options(legacy=True))
    root = check_lxml(doc, cues, ns=LEGACY, ttm=f"{LEGACY}#metadata")
    assert root.prefix is None and root.nsmap == {
        None: LEGACY, "ttp": f"{LEGACY}#parameter", "ttm": f"{LEGACY}#metadata",
        "tc": ttml.NOTES_NS}
    assert root.get(f"{{{LEGACY}#parameter}}timeBase") == "media"
    assert "http://www.w3.org/ns/ttml" not in doc
    assert root.find(f".//{{{LEGACY}}}styling") is None and "tts:" not in doc
    assert sorted(agents(root, f"{LEGACY}#metadata").values()) == [
        "Bob Smith", "Dr. Alice Martin", "Zoë Ångström (guest)"]


def test_legacy_read_by_pycaption_rejected_by_ttconv(transcript: Transcript,
                                                     cues: list[Cue]) -> None:
    """Why legacy is opt-in: pycaption reads it, strict ttconv refuses the draft namespace."""
    doc = get("dfxp").write(transcript, dfxp.Options(legacy=True))
    got = read_pycaption(doc)
    assert len(got) == len(cues)
    for (start, end, text), cue in zip(got, cues, strict=True):
        assert abs(start - cue.start) <= 1 and abs(end - cue.end) <= 1
        assert words(text.split("\n")) == words(expected_lines(cue))
    from ttconv.imsc.reader import to_model

    assert to_model(StdET.ElementTree(StdET.fromstring(doc))) is None  # "not the root element"


@pytest.mark.parametrize("flavour", ["styling", "style"])
def test_legacy_styling_namespace_is_chosen(transcript: Transcript, flavour: str) -> None:
    doc = get("dfxp").write(transcript, dfxp.Options(legacy=True, legacy_styling=flavour))  # type: ignore[arg-type]
    root = etree.fromstring(doc.encode())
    assert root.nsmap["tts"] == f"{LEGACY}#{flavour}"
    region = root.find(f".//{{{LEGACY}}}region")
    assert region is not None and region.get(f"{{{LEGACY}#{flavour}}}displayAlign") == "after"
    assert len(read_pycaption(doc)) == len(segment(transcript))


def test_legacy_ignores_styling_choice_when_not_legacy(transcript: Transcript) -> None:
    doc = get("dfxp").write(transcript, dfxp.Options(legacy_styling="style"))
    assert etree.fromstring(doc.encode()).nsmap["tts"] == "http://www.w3.org/ns/ttml#styling"


def test_hostile_legacy_dfxp_is_well_formed() -> None:
    t = hostile_transcript()
    cues = segment(t)
    doc = get("dfxp").write(t, dfxp.Options(legacy=True))
    root = check_lxml(doc, cues, ns=LEGACY, ttm=f"{LEGACY}#metadata")
    assert not [e for e in root.iter() if etree.QName(e).localname == "script"]
    assert len(paragraphs(root, LEGACY)) == len([c for c in cues if expected_lines(c)])
    assert root.find(f".//{{{TTM}}}agent") is None  # no TTML 1 namespace leaks in


def test_bad_legacy_styling_is_a_usage_error() -> None:
    with pytest.raises(transconv.UsageError):
        dfxp.Options(legacy=True, legacy_styling="css")  # type: ignore[arg-type]
