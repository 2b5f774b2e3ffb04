"""PDF writer: extract the text with pypdf and pdftotext, render a page, compare with the model."""

from __future__ import annotations

import copy
import io
import re
import subprocess
import time
from collections import Counter
from pathlib import Path

import msgspec
import pytest
from pypdf import PdfReader

import transconv
from tests.conftest import require_tool
from tests.factories import long_transcript
from transconv.formats import FORMATS
from transconv.formats.documents import fonts as pdffonts
from transconv.model import WORD, Speaker, Token, Transcript, Turn

FIXED = "2024-01-01T00:00:00Z"
_FOOTER = re.compile(r"^Page \d+$")


def _expected(t: Transcript) -> list[str]:
    """The words of the turns as the PDF shows them: "Label:" then the turn's text."""
    words: list[str] = []
    for turn in t.turns:
        label = t.speaker_label(turn.speaker)
        words += (f"{label}:" if label else "").split() + turn.text().split()
    return words


def _body_words(pages: list[str], title: str) -> list[str]:
    """Words of every page with the running header and the page-number footer removed."""
    words: list[str] = []
    for text in pages:
        for line in text.splitlines():
            if line.strip() == title or _FOOTER.match(line.strip()):
                continue
            words += line.split()
    return words


def _pypdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _pdftotext_pages(data: bytes, tmp_path: Path) -> list[str]:
    tool = require_tool("pdftotext")
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    out = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return out.split("\f")


def _without_notes(t: Transcript) -> Transcript:
    t = copy.deepcopy(t)
    t.annotations = []
    return t


def test_registered() -> None:
    assert FORMATS["pdf"].binary
    assert transconv.dumps(Transcript(), "pdf").startswith(b"%PDF-")


@pytest.mark.parametrize("extractor", ["pypdf", "pdftotext"])
def test_words_come_back_in_order(transcript: Transcript, extractor: str,
                                  tmp_path: Path) -> None:
    t = _without_notes(transcript)
    data = transconv.dumps(t, "pdf", timestamps="none")
    pages = _pypdf_pages(data) if extractor == "pypdf" else _pdftotext_pages(data, tmp_path)
    words = _body_words(pages, "Interview 12")
    expected = _expected(t)
    assert words[-len(expected):] == expected  # the turns end the document, every word intact
    head = " ".join(words[:-len(expected)])
    for part in ("A test interview", "Dr. Alice Martin", "Zoë Ångström (guest)"):
        assert part in head


def test_many_pages_keep_reading_order(tmp_path: Path) -> None:
    t = long_transcript(0.15)
    data = transconv.dumps(t, "pdf", timestamps="none")
    pages = _pdftotext_pages(data, tmp_path)
    reader_pages = _pypdf_pages(data)
    assert len(reader_pages) >= 3
    for number, text in enumerate(reader_pages, start=1):
        lines = [line.strip() for line in text.splitlines()]
        assert "Long" in lines and f"Page {number}" in lines  # running header and page number
    expected = _expected(t)
    assert _body_words(pages, "Long")[-len(expected):] == expected


def test_annotation_is_a_numbered_note(transcript: Transcript) -> None:
    data = transconv.dumps(transcript, "pdf", timestamps="none")
    text = " ".join(" ".join(_pypdf_pages(data)).split())
    first = transcript.turns[0].text()
    note = "[1] jdoe, 2024-05-01: Check spelling of surname"
    assert f"{first}[1]" in text  # marker right after the annotated words
    assert text.index(first) < text.index(note) < text.index(transcript.turns[1].text())


def test_timestamps_and_tags(transcript: Transcript) -> None:
    per_turn = " ".join(_pypdf_pages(transconv.dumps(transcript, "pdf")))
    assert "[00:00:01] Bob Smith:" in per_turn
    assert "[crosstalk]" in per_turn
    inline = " ".join(_pypdf_pages(transconv.dumps(transcript, "pdf", timestamps="interval",
                                                   interval=5)))
    assert "[00:00:05] then Montréal" in " ".join(inline.split())
    assert "[00:00:01] Bob" not in inline


def test_metadata_and_determinism(transcript: Transcript, monkeypatch: pytest.MonkeyPatch) -> None:
    first = transconv.dumps(transcript, "pdf", created=FIXED, paper="a4")
    unfixed = transconv.dumps(transcript, "pdf")
    later = time.time() + 86_400 * 3  # reportlab dates and IDs come from time.time()
    monkeypatch.setattr(time, "time", lambda: later)
    assert transconv.dumps(transcript, "pdf", created=FIXED, paper="a4") == first
    assert transconv.dumps(transcript, "pdf") != unfixed
    reader = PdfReader(io.BytesIO(first))
    info = reader.metadata
    assert (info.title, info.author, info.subject) == (
        "Interview 12", "transconv", "A test interview")
    assert info["/CreationDate"] == "D:20240101000000+00'00'"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "Date: 2024-01-01" in reader.pages[0].extract_text()


def test_first_page_renders(transcript: Transcript, tmp_path: Path) -> None:
    from PIL import Image

    tool = require_tool("pdftoppm")
    path = tmp_path / "t.pdf"
    path.write_bytes(transconv.dumps(transcript, "pdf", line_numbers=True))
    subprocess.run([tool, "-r", "40", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True, capture_output=True)
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    width, height = image.size
    assert (width, height) == (340, 440)  # Letter at 40 dpi
    dark = sum(count for value, count in enumerate(image.histogram()) if value < 160)
    assert dark > 0.01 * width * height  # text is drawn, not a blank page


def test_every_character_has_a_glyph(transcript: Transcript) -> None:
    fonts = pdffonts.load(None, None, "en")
    text = "".join(turn.text() for turn in transcript.turns) + "".join(
        s.label for s in transcript.speakers.values())
    cid = {"STSong-Light", "HeiseiMin-W3", "HYSMyeongJo-Medium"}
    for char in set(text) - {" "}:
        name = fonts.font_for(char, "regular")
        if name in cid:
            assert pdffonts._cjk_kind(ord(char)) is not None, char
        else:
            assert ord(char) in fonts.main_cover, char
    assert fonts.font_for("あ", "regular") == "HeiseiMin-W3"
    assert fonts.font_for("한", "bold") == "HYSMyeongJo-Medium"
    assert pdffonts.load(None, None, "ja").font_for("会", "regular") == "HeiseiMin-W3"


def test_right_to_left_keeps_every_character() -> None:
    hebrew, arabic = "שלום עולם", "مرحبا بالعالم"
    turn = Turn("1", 0, 2000, [Token(WORD, w, 0, 100) for w in (hebrew + " " + arabic).split()])
    data = transconv.dumps(Transcript([turn], title="RTL"), "pdf", timestamps="none")
    text = "".join(_pypdf_pages(data))
    got = Counter(c for c in text if "\u0590" <= c <= "\u06ff")
    assert got == Counter(c for c in hebrew + arabic if not c.isspace())


def test_untimed_and_line_numbers(transcript: Transcript) -> None:
    t = copy.deepcopy(transcript)
    for turn in t.turns:
        turn.start = turn.end = None
        turn.tokens = [msgspec.structs.replace(token, start=None, end=None)
                       for token in turn.tokens]
    for note in t.annotations:
        note.start = note.end = None
    t.duration = None
    text = "\n".join(_pypdf_pages(transconv.dumps(t, "pdf", line_numbers=True)))
    assert "Duration" not in text and "[00:" not in text
    assert "Notes" in text and "Check spelling of surname" in text  # unanchored: title block
    assert text.index("Check spelling") < text.index("Transcript")
    body = text[text.index("Transcript"):]
    numbers = [int(w) for w in body.split() if w.isdigit()]
    assert numbers[:len(t.turns)] == list(range(1, len(t.turns) + 1))


def test_markup_characters_and_unknown_speaker_survive() -> None:
    tokens = [Token(WORD, w, 0, 100) for w in ("AT&T", "<b>bold</b>", "a<b", "x>y")]
    t = Transcript([Turn("1", 0, 500, tokens), Turn(None, None, None, [Token(WORD, "anon")])],
                   speakers={"1": Speaker("1", "Smith & <Co>")}, title="A&B <t>")
    words = _body_words(_pypdf_pages(transconv.dumps(t, "pdf", timestamps="none")), "A&B <t>")
    assert words[-len(_expected(t)):] == _expected(t)


def test_caller_font_is_embedded_and_bad_font_is_a_usage_error(transcript: Transcript) -> None:
    path = Path(pdffonts.__file__).parents[2] / "fonts" / "DejaVuSans-Bold.ttf"
    data = transconv.dumps(transcript, "pdf", font=str(path))
    reader = PdfReader(io.BytesIO(data))
    fonts = {str(f.get_object()["/BaseFont"]) for f in
             reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVuSans-Bold" in name for name in fonts)
    assert not any(name.endswith("+DejaVuSans") for name in fonts)  # the bundled regular
    with pytest.raises(transconv.UsageError):
        transconv.dumps(transcript, "pdf", font="/nonexistent/font.ttf")
