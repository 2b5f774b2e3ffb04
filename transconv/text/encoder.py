"""The one table-driven encoder: a format's byte table, the fold table, and text → bytes.

A lossy format is described by data alone: a :class:`CodeTable`, each character it carries
and its bytes (CAP's one byte, an EBU STL diacritic and letter, a CEA-608 code pair), and
the fold table of :mod:`transconv.text.tables`. From that one table come the format's
:class:`~transconv.text.repertoire.Repertoire` (what the caption pipeline folds into before
layout) and its :class:`Encoder` (what the writer's lines become). Every target resolves a
character the same way, in this order:

1. a character of the table is itself;
2. the fold table's entry, folded again until it is all the table's (``„`` → ``“`` → ``"``);
3. the compatibility decomposition with the combining marks the table lacks dropped from
   the end (``ǘ`` → ``ü`` where there is ``ü``, else ``u``; ``ﬁ`` → ``fi``; ``½`` →
   ``1⁄2`` → ``1/2``), then with every mark dropped;
4. nothing: the writer's fallback (``?``), counted so it can warn once; a combining mark no
   letter can carry is dropped instead, and a control character goes.

Encoding is table look-ups only: each distinct character is resolved once and cached as its
bytes (a Latin-1 string for :meth:`str.translate`); over a file's lines joined by newlines
only the non-ASCII characters are looked up (:func:`~transconv.text.lines.translate_split`).
The plain-text charsets keep Python's codec for what it carries, at C speed, and use
:meth:`Encoder.misfit` as its error handler.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Final

from .lines import join_clean, split_non_ascii, translate_split
from .repertoire import Repertoire, compose, has_marks

#: Folds chained deeper than this are a table error (every chain in the tables ends in two).
_DEPTH: Final = 8
#: Stand-ins in translated text, for a character with no form and a mark that is dropped:
#: private-use characters, which the bytes (as Latin-1 characters) never are.
_MISSING: Final = "\ue000"
_DROPPED: Final = "\ue001"


class CodeTable:
    """A format's characters and their bytes, with the fold table that reaches them.

    ``codes``: every character the format carries → its bytes. ``folds``: what any other
    character becomes (:data:`~transconv.text.tables.FOLDS` or ``CAPTION_FOLDS``).
    """

    def __init__(self, name: str, codes: Mapping[str, bytes], folds: Mapping[str, str]) -> None:
        self.name = name
        self.codes = codes
        self.folds = folds
        self._forms: dict[str, str | None] = {}
        #: Code point → its bytes as Latin-1 characters, or a stand-in (see :class:`Encoder`).
        self.translation = _Translation(self)
        self.ascii_as_itself = all(codes.get(chr(c)) == bytes((c,)) for c in range(0x20, 0x7F))

    def form(self, ch: str) -> str | None:
        """What ``ch`` is written as, in the table's characters; None when it has no form
        (a mark that no letter here carries is ``""``: it is dropped)."""
        return self._form(ch, 0)

    def _form(self, ch: str, depth: int) -> str | None:
        if ch in self.codes:
            return ch
        if ch in self._forms:
            return self._forms[ch]
        found = self._resolve(ch, depth)
        self._forms[ch] = found
        return found

    def _resolve(self, ch: str, depth: int) -> str | None:
        if depth > _DEPTH:
            raise AssertionError(f"{self.name}: the folds of {ch!r} never end")
        folded = self.folds.get(ch)
        if folded is not None:
            found = self._text(folded, depth)
            if found is not None:
                return found
        decomposed = unicodedata.normalize("NFKD", ch)
        while decomposed:  # the marks dropped one by one from the end
            composed = unicodedata.normalize("NFC", decomposed)
            if composed != ch:
                found = self._text(composed, depth)
                if found is not None:
                    return found
            if not unicodedata.combining(decomposed[-1]):
                break
            decomposed = decomposed[:-1]
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if not bare:  # marks alone: nothing to show
            return ""
        return self._text(bare, depth) if bare != ch else None

    def _text(self, text: str, depth: int) -> str | None:
        parts = [self._form(c, depth + 1) for c in text]
        return None if None in parts else "".join(p for p in parts if p is not None)

    def encoded(self, text: str) -> bytes | None:
        """``text``'s bytes, every character through its form; None if one has none."""
        form = self._text(text, 0)
        return None if form is None else b"".join(self.codes[c] for c in form)

    def repertoire(self, fallback: str) -> Repertoire:
        """The repertoire the caption pipeline folds into: the table's characters but
        controls, each other character's :meth:`form`, else ``fallback``."""
        native = frozenset(ch for ch in self.codes if unicodedata.category(ch) != "Cc")
        return Repertoire(self.name, native, self.form, fallback)


class _Translation(dict[int, str]):
    """Code point → its bytes as a Latin-1 string, worked out on first use (for translate)."""

    def __init__(self, table: CodeTable) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        form = self.table.form(ch)
        if form is None:
            value = "" if unicodedata.category(ch) == "Cc" else _MISSING
        elif form or not unicodedata.combining(ch):
            value = b"".join(self.table.codes[c] for c in form).decode("latin-1")
        else:
            value = _DROPPED
        self[code] = value
        return value


class _Texts(dict[int, str]):
    """Code point → its form as text, or the fallback (a codec error handler's translate)."""

    def __init__(self, table: CodeTable, fallback: str) -> None:
        super().__init__()
        self.table = table
        self.fallback = fallback

    def __missing__(self, code: int) -> str:
        form = self.table.form(chr(code))
        value = self[code] = self.fallback if form is None else form
        return value


class Encoder:
    """Text → a format's bytes through its :class:`CodeTable`; ``replaced`` counts the
    characters that became ``fallback`` (``""`` omits them) or were dropped, for the
    writer's one warning."""

    __slots__ = ("_fallback", "_texts", "fallback", "replaced", "table")

    def __init__(self, table: CodeTable, fallback: str) -> None:
        encoded = table.encoded(fallback)
        if encoded is None:
            raise ValueError(f"fallback {fallback!r} cannot itself be written in {table.name}")
        self.table = table
        self.fallback = fallback
        self._fallback = encoded.decode("latin-1")  # its bytes, as translated text holds them
        self._texts = _Texts(table, fallback)
        self.replaced = 0

    def encode(self, text: str) -> bytes:
        """``text`` in the table (a letter and its combining marks composed first)."""
        return self._bytes(compose(text).translate(self.table.translation))

    def encode_lines(self, lines: Sequence[str]) -> list[bytes]:
        """The bytes of every line, cleaned (:func:`~transconv.text.lines.clean_line`):
        all lines at once, joined by newlines, which cleaning takes out of every line and
        composition never crosses (measured on the ten-hour benchmark: 60 ms a line at a
        time, 10 ms at once)."""
        if not lines:
            return []
        text = join_clean(lines)
        if not self.table.ascii_as_itself:
            return self._bytes(compose(text).translate(self.table.translation)).split(b"\n")
        parts = split_non_ascii(text)
        if has_marks(set(parts[1::2])):
            parts = split_non_ascii(compose(text))
        return self._bytes(translate_split(parts, self.table.translation)).split(b"\n")

    def misfit(self, error: UnicodeError) -> tuple[str, int]:
        """A codec error handler: the characters a codec cannot encode as their forms (the
        table's characters, which it can) or the fallback."""
        if not isinstance(error, UnicodeEncodeError):
            raise error
        return error.object[error.start:error.end].translate(self._texts), error.end

    def _bytes(self, out: str) -> bytes:
        """Translated text → bytes: the stand-ins counted, then the fallback or nothing."""
        missing, dropped = out.count(_MISSING), out.count(_DROPPED)
        if missing or dropped:
            self.replaced += missing + dropped
            out = out.replace(_MISSING, self._fallback).replace(_DROPPED, "")
        return out.encode("latin-1")
