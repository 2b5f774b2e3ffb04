"""DOCX writer: read the file back with python-docx and compare it with the model."""

from __future__ import annotations

import copy
import io
import itertools
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import msgspec
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm

import transconv
from tests.conftest import require_tool
from tests.factories import long_transcript
from transconv.formats import FORMATS
from transconv.model import WORD, Speaker, Token, Transcript, Turn

FIXED = "2024-01-01T00:00:00Z"


def _read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _turn_paragraphs(document: docx.document.Document) -> list[docx.text.paragraph.Paragraph]:
    return [p for p in document.paragraphs if p.style.name == "Transcript"]


def _runs(paragraph: docx.text.paragraph.Paragraph, style: str) -> list[str]:
    return [r.text for r in paragraph.runs if r.style.name == style]


def _body_text(paragraph: docx.text.paragraph.Paragraph) -> str:
    return "".join(r.text for r in paragraph.runs
                   if r.style.name not in ("Speaker", "Timestamp"))


def _untimed(t: Transcript) -> Transcript:
    t = copy.deepcopy(t)
    for turn in t.turns:
        turn.start = turn.end = None
        turn.tokens = [msgspec.structs.replace(token, start=None, end=None)
                       for token in turn.tokens]
    for note in t.annotations:
        note.start = note.end = None
    t.duration = None
    return t


def test_registered() -> None:
    assert FORMATS["docx"].binary
    assert transconv.dumps(Transcript(), "docx")[:2] == b"PK"


def test_words_and_speakers_round_trip(transcript: Transcript) -> None:
    document = _read(transconv.dumps(transcript, "docx"))
    paragraphs = _turn_paragraphs(document)
    assert len(paragraphs) == len(transcript.turns)
    for p, turn in zip(paragraphs, transcript.turns, strict=True):
        assert [s.strip() for s in _runs(p, "Speaker")] == [
            transcript.speaker_label(turn.speaker) + ":"]
        assert _body_text(p) == turn.text()
    words = [w for p in paragraphs for w in _body_text(p).split() if w != "[crosstalk]"]
    assert words == transcript.words()
    text = "\n".join(p.text for p in paragraphs)
    for sample in ("Montréal", "Straßenfest", "συνάντηση", "Встреча", "会议八点开始。", "Zoë"):
        assert sample in text
    speakers = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert speakers == ["Dr. Alice Martin", "Bob Smith", "Zoë Ångström (guest)"]


def test_a_long_speaker_list_is_listed_in_order_before_the_transcript() -> None:
    speakers = {str(i): Speaker(str(i), f"Person {i} & <co>") for i in range(300)}
    turns = [Turn(str(i), i * 1000, i * 1000 + 900,
                  [Token(WORD, "hello", i * 1000, i * 1000 + 500)]) for i in range(300)]
    document = _read(transconv.dumps(Transcript(speakers=speakers, turns=turns), "docx"))
    listed = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert listed == [f"Person {i} & <co>" for i in range(300)]
    headings = [(p.text, p.style.name) for p in document.paragraphs]
    first, last = headings.index(("Person 0 & <co>", "List Bullet")), len(listed) - 1
    assert headings[first - 1] == ("Speakers", "Heading 1")
    assert headings[first + last + 1] == ("Transcript", "Heading 1")
    assert document.element.body[-1].tag == qn("w:sectPr")  # the section stays last


def test_title_block_and_core_properties(transcript: Transcript) -> None:
    document = _read(transconv.dumps(transcript, "docx", created=FIXED, author="Court Reporting"))
    first = document.paragraphs[0]
    assert (first.style.name, first.text) == ("Title", "Interview 12")
    texts = [p.text for p in document.paragraphs[:6]]
    assert "A test interview" in texts
    assert f"Duration: 00:00:{transcript.duration // 1000:02}" in texts
    assert "Date: 2024-01-01" in texts
    props = document.core_properties
    assert (props.title, props.subject, props.author) == (
        "Interview 12", "A test interview", "Court Reporting")
    assert props.created.year == 2024 and props.language == "en"
    assert document.sections[0].header.paragraphs[0].text == "Interview 12"


def test_title_falls_back_to_file_name(transcript: Transcript) -> None:
    transcript.title = None
    document = _read(transconv.dumps(transcript, "docx", filename="/in/interview-7.json"))
    assert document.paragraphs[0].text == "interview-7.json"


def test_styles_are_real_word_styles(transcript: Transcript) -> None:
    document = _read(transconv.dumps(transcript, "docx"))
    styles = document.styles
    assert styles["Transcript"].type == WD_STYLE_TYPE.PARAGRAPH
    assert styles["Transcript"].base_style.name == "Normal"
    for name in ("Speaker", "Tag", "Timestamp"):
        assert styles[name].type == WD_STYLE_TYPE.CHARACTER
    assert styles["Speaker"].font.bold is True
    assert styles["Tag"].font.italic is True
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)
    tagged = [r for p in _turn_paragraphs(document) for r in p.runs if r.style.name == "Tag"]
    assert [r.text for r in tagged] == ["[crosstalk]"]


def test_runs_are_built_in_bulk() -> None:
    t = long_transcript(0.1)
    document = _read(transconv.dumps(t, "docx", timestamps="none"))
    paragraphs = _turn_paragraphs(document)
    assert len(paragraphs) == len(t.turns)
    for p, turn in zip(paragraphs, t.turns, strict=True):
        tags = sum(1 for token in turn.tokens if token.kind == "tag")
        assert len(p.runs) <= 2 + 2 * tags  # speaker, then text stretches split only by tags
        assert _body_text(p) == turn.text()


def test_annotation_is_a_comment_over_its_words(transcript: Transcript) -> None:
    document = _read(transconv.dumps(transcript, "docx", created=FIXED))
    comments = list(document.comments)
    assert len(comments) == 1
    comment = comments[0]
    assert (comment.text, comment.author, comment.initials) == (
        "Check spelling of surname", "jdoe", "J")
    assert comment.timestamp.isoformat().startswith("2024-05-01T12:00:00")
    # the range covers the first turn's words (the note spans 1.0–4.0 s)
    p = _turn_paragraphs(document)[0]._p
    inside, covered = False, []
    for element in p.iter():
        if element.tag == qn("w:commentRangeStart"):
            inside = True
        elif element.tag == qn("w:commentRangeEnd"):
            inside = False
        elif element.tag == qn("w:t") and inside:
            covered.append(element.text)
    assert "".join(covered) == transcript.turns[0].text()


def test_untimed_note_hangs_on_the_title(transcript: Transcript) -> None:
    t = _untimed(transcript)
    document = _read(transconv.dumps(t, "docx"))
    assert [c.text for c in document.comments] == ["Check spelling of surname"]
    title = document.paragraphs[0]._p
    assert title.find(f".//{qn('w:commentRangeStart')}") is not None
    assert not any("Duration" in p.text for p in document.paragraphs)
    paragraphs = _turn_paragraphs(document)
    assert not any(_runs(p, "Timestamp") for p in paragraphs)
    assert [_body_text(p) for p in paragraphs] == [turn.text() for turn in t.turns]


def test_timestamp_modes(transcript: Transcript) -> None:
    def stamps(**options: object) -> list[list[str]]:
        doc = _read(transconv.dumps(transcript, "docx", **options))
        return [[s.strip() for s in _runs(p, "Timestamp")] for p in _turn_paragraphs(doc)]

    per_turn = stamps()
    assert per_turn[0] == ["[00:00:01]"] and all(len(s) == 1 for s in per_turn)
    assert stamps(timestamps="none") == [[]] * len(transcript.turns)
    inline = [s for row in stamps(timestamps="interval", interval=5) for s in row]
    seconds = [int(s[1:3]) * 3600 + int(s[4:6]) * 60 + int(s[7:9]) for s in inline]
    assert seconds[0] == 1 and len(seconds) >= 5
    assert all(b // 5 > a // 5 for a, b in itertools.pairwise(seconds))


def test_page_setup_and_line_numbers(transcript: Transcript) -> None:
    document = _read(transconv.dumps(transcript, "docx", paper="a4", line_numbers=True,
                                     font="Times New Roman", font_size=12))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    numbering = section._sectPr.find(qn("w:lnNumType"))
    assert numbering is not None and numbering.get(qn("w:restart")) == "newPage"
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 12
    letter = _read(transconv.dumps(transcript, "docx")).sections[0]
    assert abs(letter.page_width - Mm(215.9)) < Mm(1)


def test_bad_options_are_usage_errors(transcript: Transcript) -> None:
    with pytest.raises(transconv.UsageError):
        transconv.dumps(transcript, "docx", interval=0)
    with pytest.raises(transconv.UsageError):
        transconv.dumps(transcript, "docx", created="yesterday")


def test_fixed_date_gives_identical_bytes(transcript: Transcript,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = transconv.dumps(transcript, "docx", created=FIXED)
    unfixed = transconv.dumps(transcript, "docx")
    later = time.time() + 86_400 * 3  # zip entry times come from time.time()
    monkeypatch.setattr(time, "time", lambda: later)
    assert transconv.dumps(transcript, "docx", created=FIXED) == first
    assert transconv.dumps(transcript, "docx") != unfixed  # the clock shift is visible
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 1, 1, 0, 0, 0)}


def test_opens_in_libreoffice(transcript: Transcript, tmp_path: Path) -> None:
    office = require_tool("soffice")  # LibreOffice, as a second reader besides python-docx
    source = tmp_path / "t.docx"
    source.write_bytes(transconv.dumps(transcript, "docx"))
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=120)
    text = (tmp_path / "t.txt").read_text(encoding="utf-8-sig")
    for turn in transcript.turns:
        assert turn.text() in text
