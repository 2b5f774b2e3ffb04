"""The five plain-text charsets: byte-exact folding, control stripping, and an independent
decode of every output by iconv (charsets-negotiation.md §2–§4)."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import require_tool
from transconv.errors import UsageError
from transconv.text.charsets import CHARSETS, canonical, encode, fold

CODEC = {"utf-8": "utf-8", "utf-16": "utf-16", "windows-1252": "cp1252",
         "iso-8859-1": "latin-1", "us-ascii": "ascii"}
ICONV = {"utf-8": "UTF-8", "utf-16": "UTF-16", "windows-1252": "WINDOWS-1252",
         "iso-8859-1": "ISO-8859-1", "us-ascii": "ASCII"}

#: Accents, curly quotes, dashes, ellipsis, euro, ł, Ω, CJK, emoji, Œ, ™, bullet, NBSP, ½,
#: ß and a BEL control character.
STRESS = "Café “quoted” ‘it’s’ – — … € ł Ω 中 😀 Œ ™ •\u00a0½ ß\x07"

STRESS_BYTES = {
    "windows-1252": (b"Caf\xe9 \x93quoted\x94 \x91it\x92s\x92 \x96 \x97 \x85 \x80 l ? ? ? "
                     b"\x8c \x99 \x95\xa0\xbd \xdf"),
    "iso-8859-1": b"Caf\xe9 \"quoted\" 'it's' - - ... EUR l ? ? ? OE TM *\xa0\xbd \xdf",
    "us-ascii": b"Cafe \"quoted\" 'it's' - - ... EUR l OE TM * 1/2 ss",
}


@pytest.mark.parametrize("charset", sorted(STRESS_BYTES))
def test_stress_string_is_folded_byte_exactly(charset: str) -> None:
    assert encode(STRESS, charset) == STRESS_BYTES[charset]


def test_utf8_has_no_bom_and_drops_only_the_control() -> None:
    data = encode(STRESS, "utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data == STRESS[:-1].encode("utf-8")
    assert data[:5] == b"Caf\xc3\xa9"


def test_utf16_is_bom_little_endian() -> None:
    assert encode("Hi", "utf-16") == bytes.fromhex("fffe48006900")
    data = encode(STRESS, "utf-16")
    assert data[:8] == bytes.fromhex("fffe430061006600")
    assert data.decode("utf-16") == STRESS[:-1]


@pytest.mark.parametrize(("label", "name"), [
    ("utf-8", "utf-8"), ("UTF8", "utf-8"), ("utf-16", "utf-16"), ("cp1252", "windows-1252"),
    ("Windows-1252", "windows-1252"), ("latin1", "iso-8859-1"), ("ISO-8859-1", "iso-8859-1"),
    ("l1", "iso-8859-1"), ("ascii", "us-ascii"), ("US-ASCII", "us-ascii"),
    ("koi8-r", None), ("utf-16-le", None), ("no-such-charset", None), ("", None),
])
def test_aliases_resolve_through_python_codecs(label: str, name: str | None) -> None:
    assert canonical(label) == name


def test_unsupported_charset_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="koi8-r"):
        encode("x", "koi8-r")


# One row per fold rule of §3.2; (text, charset, expected decoded result).
FOLDS = [
    ("\u201b\u2032", "iso-8859-1", "''"), ("\u201f\u2033", "iso-8859-1", '""'),
    ("\u201a", "iso-8859-1", "'"),  # a quotation mark, not a comma (text/tables.py)
    ("\u2015\u2212\u2012", "iso-8859-1", "---"), ("\u2015", "windows-1252", "\u2014"),
    ("a\u00adb \u00d7 \u00b5", "us-ascii", "ab x u"), ("\u01d8", "iso-8859-1", "\u00fc"),
    ("\u2026", "windows-1252", "\u2026"), ("\u2026", "iso-8859-1", "..."),
    ("a\u2003b\u3000c\u202fd", "us-ascii", "a b c d"),
    ("a\u00a0b", "us-ascii", "a b"), ("a\u00a0b", "iso-8859-1", "a\u00a0b"),
    ("a\u200bb\u2060c\u200dd", "iso-8859-1", "abcd"),
    ("\u2039x\u203a", "iso-8859-1", "'x'"), ("\u2039x\u203a", "windows-1252", "\u2039x\u203a"),
    ("\u00abx\u00bb", "us-ascii", '"x"'), ("\u00abx\u00bb", "iso-8859-1", "\u00abx\u00bb"),
    ("1\u20442", "iso-8859-1", "1/2"), ("\u00bd", "us-ascii", "1/2"),
    ("\u2122", "iso-8859-1", "TM"), ("\u2122", "windows-1252", "\u2122"),
    ("\u00a9 \u00ae", "us-ascii", "(c) (R)"), ("\u00a9", "iso-8859-1", "\u00a9"),
    ("\u20ac5", "iso-8859-1", "EUR5"), ("\u20ac5", "us-ascii", "EUR5"),
    ("\u20ac5", "windows-1252", "\u20ac5"),
    ("\u2022", "iso-8859-1", "*"), ("\u2022", "windows-1252", "\u2022"),
    ("Stra\u00dfe", "us-ascii", "Strasse"), ("Stra\u00dfe", "iso-8859-1", "Stra\u00dfe"),
    ("\u00c6sir \u00e6", "us-ascii", "AEsir ae"), ("\u0152uvre", "iso-8859-1", "OEuvre"),
    ("\u0152uvre", "windows-1252", "\u0152uvre"),
    ("\u00d8 \u00f8 \u0141 \u0142 \u0110 \u0111", "us-ascii", "O o L l D d"),
    ("\u00d0 \u00de\u00f3r \u0131", "us-ascii", "D Thor i"),
    ("\u0100 \u0150 \u0219 \u0159", "windows-1252", "A O s r"),
    ("\ufb01x \u00b2", "us-ascii", "fix 2"), ("\u00b2", "iso-8859-1", "\u00b2"),
    ("\uff21\uff42", "iso-8859-1", "Ab"),
    ("e\u0301", "iso-8859-1", "\u00e9"),  # NFC first: the target's own é
    ("\u03a9 \u221e \u2264", "windows-1252", "? ? ?"),  # no misleading best fit (∞→8, Ω→O)
    ("x\u2028y\u2029z", "us-ascii", "x y z"),
    ("\u4e2d x", "us-ascii", "x"), ("a\u4e2db", "us-ascii", "a b"),
    ("job\U0001f600see", "us-ascii", "job see"),
    ("x\u4e2d.", "us-ascii", "x."),
    ("a \u4e2d \U0001f600 b", "us-ascii", "a b"), ("a \u4e2d\n", "us-ascii", "a\n"),
    ("\u4e2d", "iso-8859-1", "?"), ("\U0001f600", "windows-1252", "?"),
]


@pytest.mark.parametrize(("text", "charset", "expected"), FOLDS)
def test_fold_rules(text: str, charset: str, expected: str) -> None:
    assert fold(text, charset) == expected


def test_the_notes_us_ascii_example() -> None:
    text = "Café naïve Ångström “don’t” – Łódź ß Æ œ ½ ™ 中文 😀 … Dvořák"
    expected = 'Cafe naive Angstrom "don\'t" - Lodz ss AE oe 1/2 TM ... Dvorak'
    assert fold(text, "us-ascii") == expected


@pytest.mark.parametrize("charset", CHARSETS)
def test_controls_are_stripped_and_lines_kept(charset: str) -> None:
    text = "\x00a\x1fb\x7fc\x85d\x9fe\tf\r\ng"
    assert fold(text, charset) == "abcde\tf\r\ng"
    data = encode("\x80\x81\x8d\x8f\x90\x9d", charset)
    assert data in (b"", b"\xff\xfe")


@pytest.mark.parametrize("charset", CHARSETS)
def test_lone_surrogates_and_leading_feff_never_raise(charset: str) -> None:
    data = encode("\ufeffa\ud800b", charset)
    decoded = data.decode(CODEC[charset])
    assert decoded in ("a?b", "a b")  # an omitted character never glues two letters
    assert not data.startswith(b"\xef\xbb\xbf")


def _allowed(data: bytes, charset: str) -> None:
    """The output is valid in ``charset`` and holds no control other than TAB, LF, CR."""
    text = data.decode(CODEC[charset])  # strict: raises on any byte outside the charset
    assert not any((ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 for c in text)
    if charset == "us-ascii":
        assert max(data, default=0) < 0x80
    if charset == "iso-8859-1":
        assert not any(0x80 <= b < 0xA0 for b in data)
    if charset == "utf-16":
        assert data[:2] == b"\xff\xfe"
    if charset == "utf-8":
        assert not data.startswith(b"\xef\xbb\xbf")


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(exclude_categories=())), st.sampled_from(CHARSETS))
def test_encoding_never_raises_nor_leaves_the_target(text: str, charset: str) -> None:
    data = encode(text, charset)
    _allowed(data, charset)
    folded = data.decode(CODEC[charset])
    assert fold(folded, charset) == folded  # folding is idempotent


@pytest.mark.parametrize("charset", CHARSETS)
def test_iconv_decodes_every_output_to_the_folded_text(charset: str) -> None:
    iconv = require_tool("iconv")
    sample = STRESS + "\nZoë Łódź “x” ½\n"
    proc = subprocess.run([iconv, "-f", ICONV[charset], "-t", "UTF-8"],
                          input=encode(sample, charset), capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == fold(sample, charset)


def test_iconv_rejects_what_we_never_emit() -> None:
    """The cross-check is meaningful: iconv does fail on a non-ASCII byte."""
    iconv = require_tool("iconv")
    proc = subprocess.run([iconv, "-f", "ASCII", "-t", "UTF-8"], input=b"Caf\xe9",
                          capture_output=True, check=False)
    assert proc.returncode != 0
