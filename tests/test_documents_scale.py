"""Documents of unusual shapes — one huge turn, one huge word, thousands of notes — are whole.

The writers were quadratic in these shapes (see ``bench/``, which measures them; nothing here
is timed): these tests check the documents they now write hold every word and every note.
"""

from __future__ import annotations

import io
import random
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

import transconv
from tests.conftest import require_tool
from transconv.formats.documents import pdflines
from transconv.formats.documents.anchors import TurnNotes, WordNotes
from transconv.model import SPACE, WORD, Annotation, Speaker, Token, Transcript, Turn

FIXED = "2024-01-01T00:00:00Z"
VOCABULARY = "the and of to in that café naïve Zoë Straße über x".split()


def _monologue(words: int, seed: int = 3) -> Transcript:
    rng = random.Random(seed)
    tokens: list[Token] = []
    t = 0
    for i in range(words):
        if i:
            tokens.append(Token(SPACE, " "))
        tokens.append(Token(WORD, f"{rng.choice(VOCABULARY)}{i}", t, t + 300))
        t += 350
    return Transcript(turns=[Turn("1", 0, t, tokens)],
                      speakers={"1": Speaker("1", "Alice Martin")})


def _annotated(turn_count: int, notes: int, seed: int = 5) -> Transcript:
    rng = random.Random(seed)
    turns, t = [], 0
    for _ in range(turn_count):
        tokens: list[Token] = []
        start = t
        for i in range(rng.randint(5, 40)):
            if i:
                tokens.append(Token(SPACE, " "))
            tokens.append(Token(WORD, rng.choice(VOCABULARY), t, t + 300))
            t += 350
        turns.append(Turn(str(rng.randint(1, 2)), start, t, tokens))
        t += 800
    annotations = [Annotation(f"n{i}", f"note {i}", at, at + rng.choice([0, 400, 5000]),
                              "Ed Jones", "2025-03-04")
                   for i, at in enumerate(sorted(rng.randrange(t) for _ in range(notes)))]
    return Transcript(turns=turns, annotations=annotations,
                      speakers={"1": Speaker("1", "Alice"), "2": Speaker("2", "Bob")})


# -- the sweep that anchors notes answers exactly what the full scan answered


def _brute_turn(items: list[tuple[int, int, int]], lo: int, hi: int) -> list[tuple[int, int, int]]:
    return [item for item in items if item[1] <= hi and item[2] >= lo]


def _brute_word(items: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, ...]:
    return tuple(i for i, s, e in items if (start < e and end > s) or start <= s <= end)


@pytest.mark.parametrize("seed", range(40))
def test_the_sweep_matches_the_full_scan(seed: int) -> None:
    rng = random.Random(seed)
    starts = sorted(rng.randint(-50, 1000) for _ in range(rng.randint(0, 60)))
    items = [(i, s, s + rng.choice([0, 0, 5, 30, 200, -3])) for i, s in enumerate(starts)]
    turns, words = TurnNotes(items), WordNotes(items)
    at = 0
    for _ in range(200):
        at += rng.randint(-40, 60) if rng.random() < 0.2 else rng.randint(0, 20)
        width = rng.choice([0, 3, 20, 100, -5])
        assert turns(at, at + width) == _brute_turn(items, at, at + width)
        assert words(at, at + width) == _brute_word(items, at, at + width)


# -- DOCX: every note is a comment, numbered in order, over the right words


def test_docx_thousands_of_notes_are_all_comments() -> None:
    t = _annotated(300, 3000)
    data = transconv.dumps(t, "docx", created=FIXED)
    document = docx.Document(io.BytesIO(data))
    comments = list(document.comments)
    assert len(comments) == 3000
    assert [c.comment_id for c in comments] == list(range(3000))
    assert [c.text for c in comments] == [f"note {i}" for i in range(3000)]
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    for name in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert xml.count(f"<w:{name} ") == 3000


def test_docx_notes_in_one_long_turn() -> None:
    t = _monologue(6000)
    end = t.turns[0].end or 0
    t.annotations = [Annotation(f"n{i}", f"note {i}", i * end // 2000, i * end // 2000 + 700)
                     for i in range(2000)]
    document = docx.Document(io.BytesIO(transconv.dumps(t, "docx", created=FIXED)))
    assert len(list(document.comments)) == 2000
    (turn,) = [p for p in document.paragraphs if p.style.name == "Transcript"]
    assert turn.text.split()[:3] == ["[00:00:00]", "Alice", "Martin:"]
    assert turn.text.split()[3:] == t.words()


# -- PDF: a long turn is cut into paragraphs at line ends, with the lines it had whole


def _pdf_lines(data: bytes, tmp_path: Path) -> list[list[str]]:
    """Each page's lines (``pdftotext -layout``), the running header and footer dropped."""
    tool = require_tool("pdftotext")
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    text = subprocess.run([tool, "-layout", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    return [[line.rstrip() for line in page.splitlines()
             if line.strip() and not re.fullmatch(r"Page \d+|Transcript", line.strip())]
            for page in text.split("\f") if page.strip()]


def test_pdf_monologue_has_every_word_in_order(tmp_path: Path) -> None:
    t = _monologue(12_000)
    data = transconv.dumps(t, "pdf", created=FIXED)
    words = [w for page in _pdf_lines(data, tmp_path) for line in page for w in line.split()]
    start = words.index("Martin:") + 1
    assert words[start:] == t.words()
    assert words.count("Martin:") == 1  # the continuation paragraphs repeat no speaker


@pytest.mark.parametrize("options", [{}, {"line_numbers": True}, {"timestamps": "none"},
                                     {"paper": "a4", "font_size": 8}])
def test_pdf_long_turn_keeps_the_lines_and_pages_it_had_whole(
        options: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = _monologue(4_000)
    t.turns.append(Turn("1", t.turns[0].end, None, [Token(WORD, "Done.")]))
    chunked = transconv.dumps(t, "pdf", created=FIXED, **options)
    assert len(t.turns[0].text()) > pdflines.LONG_TURN_CHARS
    monkeypatch.setattr(pdflines, "LONG_TURN_CHARS", 10**9)  # one paragraph, as before
    whole = transconv.dumps(t, "pdf", created=FIXED, **options)
    assert chunked != whole
    assert _pdf_lines(chunked, tmp_path) == _pdf_lines(whole, tmp_path)


@pytest.mark.parametrize("speaker", ["1", None])
def test_pdf_one_huge_word_is_all_there(speaker: str | None) -> None:
    word = "".join(random.Random(9).choice("abcdefghij") for _ in range(60_000))
    t = Transcript(turns=[Turn(speaker, 0, 1000, [Token(WORD, word, 0, 1000)])],
                   speakers={"1": Speaker("1", "Alice")})
    data = transconv.dumps(t, "pdf", created=FIXED, timestamps="none")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    text = "".join(line for page in pages for line in page.splitlines()
                   if not re.fullmatch(r"Page \d+|Transcript", line.strip()))
    assert word in text
