"""The one fold table and the one table-driven encoder (transconv/text/tables.py, encoder.py).

Each lossy format is only data (its code table); these tests check the shared rules on all
of them: the order a character is resolved in, the decisions where the former per-format
tables disagreed, that every fold chain ends in the table, and that the whole-file pass of
:meth:`Encoder.encode_lines` equals the plain line-by-line definition.
"""

from __future__ import annotations

import random

import pytest

from transconv.formats import cap, ebustl, scc
from transconv.formats.cap import TABLE as CAP
from transconv.formats.cea608.text import TABLE as LINE21
from transconv.formats.ebustl.text import LATIN as EBU
from transconv.text.charsets import encode, repertoire
from transconv.text.encoder import CodeTable, Encoder
from transconv.text.lines import clean_line
from transconv.text.tables import CAPTION_FOLDS, FOLDS

TABLES = {"cap": CAP, "ebu": EBU, "608": LINE21}

AWKWARD_LINES = [
    "plain ASCII line", "Señor Müller ¿qué?", "  spaces  around  ", "tab\there", "", " ",
    "bell\x07 and\x1b escape", "C1\x85control\x9f", "nbsp\u00a0inside", "zero\u200bwidth",
    "e\u0301 composed", "\u0301\u0327 marks first", "x\u0327\u0301 two marks", "ohm \u2126",
    "Å angstrom \u212b", "Ω Greek", "emoji 😀 and 会", "’quotes’ — dash…", "fi ligature ﬁ",
    "line\nbreak inside", "carriage\rreturn", "ǘ ạ Đ ª", "lone \ud800 surrogate",
    "¼ ½ ¾ ♪ ® ¢",
]


@pytest.mark.parametrize(("table", "text", "form"), [
    ("cap", "é", "é"), ("cap", "ü", "u"), ("ebu", "ü", "ü"), ("608", "ü", "ü"),  # itself
    ("cap", "€", "EUR"), ("608", "„", "“"), ("cap", "„", '"'), ("ebu", "„", "“"),  # folds
    ("cap", "―", "-"), ("608", "―", "—"), ("608", "’", "'"),  # chains; 608 prefers 0x27
    ("608", "ǘ", "ü"), ("cap", "ǘ", "u"), ("ebu", "ế", "ê"), ("cap", "ﬁ", "fi"),  # marks
    ("cap", "½", "½"), ("ebu", "\u2126", "\u2126"), ("cap", "¾", "3/4"),
    ("cap", "Αθήνα", "Athina"), ("ebu", "Встреча", "Vstrecha"), ("608", "й", "y"),
    ("cap", "‹x›", "'x'"), ("ebu", "‚x‘", "‘x‘"), ("cap", "co\u00adop", "coop"),
])
def test_resolution_order_and_decisions(table: str, text: str, form: str) -> None:
    forms = [TABLES[table].form(ch) for ch in text]
    assert "".join(f for f in forms if f is not None) == form and None not in forms


def test_no_form_and_marks() -> None:
    assert CAP.form("会") is None and EBU.form("😀") is None
    assert CAP.form("\u0301") == "" and LINE21.form("\u0301") == ""  # a lone mark goes
    assert EBU.encoded("é") == b"\xc2e" and CAP.encoded("会") is None


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_fold_chain_ends_in_the_table(name: str) -> None:
    table = TABLES[name]
    for ch in CAPTION_FOLDS:
        form = table.form(ch)
        assert form is not None and all(c in table.codes for c in form), (name, ch, form)


def test_transcripts_are_not_romanised_but_captions_are() -> None:
    assert encode("Αθήνα ‚so‘ 。", "us-ascii") == b"'so' ."
    assert encode("Αθήνα", "iso-8859-1") == b"?????"
    assert repertoire("us-ascii").form is not None
    assert repertoire("us-ascii").form("θ") == "th"
    assert "θ" not in FOLDS and CAPTION_FOLDS["θ"] == "th"


def test_the_formats_declare_their_table() -> None:
    assert cap.repertoire(cap.Options()).native == frozenset(CAP.codes)
    assert ebustl.repertoire(ebustl.Options()).native == frozenset(EBU.codes)
    assert scc.repertoire(scc.Options()).native == frozenset(LINE21.codes)
    assert "’" not in LINE21.codes  # sent as the basic apostrophe


def test_fallback_must_be_writable() -> None:
    assert Encoder(CAP, "#").encode("会") == b"#"
    assert Encoder(CAP, "").encode("a会b") == b"ab"  # "" omits
    for table, fallback in ((CAP, "😀"), (EBU, "\U000e0001")):
        with pytest.raises(ValueError):
            Encoder(table, fallback)


def test_misfit_is_a_codec_error_handler() -> None:
    table = CodeTable("ascii", {chr(c): bytes((c,)) for c in range(0x80)}, FOLDS)
    misfit = Encoder(table, "?").misfit
    error = UnicodeEncodeError("ascii", "a–Ü会", 1, 4, "no")
    assert misfit(error) == ("-U?", 4)
    with pytest.raises(UnicodeDecodeError):
        misfit(UnicodeDecodeError("ascii", b"\xff", 0, 1, "no"))


def _per_line(table: CodeTable, lines: list[str], fallback: str) -> tuple[list[bytes], int]:
    """The definition: every line cleaned, then encoded alone."""
    encoder = Encoder(table, fallback)
    return [encoder.encode(clean_line(line)) for line in lines], encoder.replaced


def _at_once(table: CodeTable, lines: list[str], fallback: str) -> tuple[list[bytes], int]:
    encoder = Encoder(table, fallback)
    return encoder.encode_lines(lines), encoder.replaced


@pytest.mark.parametrize("name", ["cap", "ebu"])
def test_lines_at_once_match_line_by_line(name: str) -> None:
    table = TABLES[name]
    for fallback in ("?", "#"):
        assert _at_once(table, AWKWARD_LINES, fallback) == _per_line(table, AWKWARD_LINES,
                                                                     fallback)
    for line in AWKWARD_LINES:
        assert _at_once(table, [line], "?") == _per_line(table, [line], "?"), line
    assert _at_once(table, [], "?") == ([], 0)


@pytest.mark.parametrize("name", ["cap", "ebu"])
def test_lines_at_once_match_on_random_mixtures(name: str) -> None:
    rnd = random.Random(5)
    alphabet = "ab c  üñ\u0301\u0303\u0327\n\t\x01\u00a0ΩΩ\u212b😀é’—"
    for _ in range(300):
        lines = ["".join(rnd.choices(alphabet, k=rnd.randrange(8)))
                 for _ in range(rnd.randrange(1, 5))]
        assert _at_once(TABLES[name], lines, "?") == _per_line(TABLES[name], lines, "?"), lines
