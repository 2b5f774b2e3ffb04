"""What a caption format can show, and folding a document's text into it before layout.

Every caption format declares a :class:`Repertoire`: the characters it carries natively and
what any other character becomes there (``ß`` → ``ss`` in US-ASCII, ``€`` → ``EUR`` on
line 21, ``?`` where nothing fits). The caption pipeline folds the transcript's words and
speaker names into the repertoire *before* the segmenter measures them, so a line planned at
the limit is the line written: folding after layout let ``die Straße ist groß`` grow past
the row it was planned for.

A repertoire's ``form`` is the format's own knowledge: for every lossy format its code table
with the one fold table (:class:`~transconv.text.encoder.CodeTable`); this module only
applies it, the same way for every format: whitespace it lacks becomes a space,
control characters go, text is composed (NFC) first, and a character with no form becomes the
fallback (``""`` omits it). A :class:`Folder` is the ``str.translate`` table that caches
each character's form; it counts what had none so the writer can warn once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_MARK: Final = re.compile(f"[{_MARKS}]")
#: A character and the combining marks after it: composed per cluster, never the whole text,
#: so NFC's singleton mappings (the ohm sign becomes Greek omega) never touch a lone symbol.
_CLUSTER: Final = re.compile(f"[^{_MARKS}][{_MARKS}]+")


def _compose(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", match.group())


def compose(text: str) -> str:
    """``text`` with every letter composed with the combining marks after it (NFC by
    cluster): what every fold and encoder looks characters up as."""
    return _CLUSTER.sub(_compose, text) if _MARK.search(text) else text


def has_marks(chars: Iterable[str]) -> bool:
    """Whether any of ``chars`` is a combining mark :func:`compose` would compose."""
    return any(_MARK.match(ch) for ch in chars)


#: Stands for a character omitted (a repertoire whose fallback is empty) until the context
#: decides: a space between two letters or digits, nothing elsewhere. Control characters
#: fold to "" first, so a real NUL never reaches it.
_OMITTED: Final = "\x00"
_GLUED: Final = re.compile(r"(?<=[^\W_])\x00+(?=[^\W_])")


#: The Unicode text a character becomes in a format, or None when it has none there.
Form = Callable[[str], str | None]


@dataclass(frozen=True)
class Repertoire:
    """The characters a caption format can carry.

    ``native``: every character written as itself (None: every character, nothing folds).
    ``form``: what a character outside ``native`` becomes (every character of the result
    native). ``fallback``: written for a character with no form (``""`` omits it).
    """

    name: str
    native: frozenset[str] | None = None
    form: Form | None = None
    fallback: str = "?"

    @property
    def lossless(self) -> bool:
        return self.native is None

    def carries(self, text: str) -> bool:
        """Whether every character of ``text`` is native (always, when lossless)."""
        return self.native is None or self.native.issuperset(text)


#: Formats that carry any Unicode text (SubRip, WebVTT, TTML, UTF-8 and UTF-16 files).
UNICODE: Final = Repertoire("unicode")


class Folder(dict[int, str]):
    """A ``str.translate`` table into one repertoire that works out each form on first use.

    ``replaced`` counts the characters that had no form and became the fallback (or were
    omitted), by character, for the writer's warning.
    """

    def __init__(self, repertoire: Repertoire) -> None:
        super().__init__()
        if repertoire.native is None:
            raise ValueError(f"{repertoire.name} carries every character; nothing folds")
        self.repertoire = repertoire
        self.native = repertoire.native
        self.replaced: dict[str, int] = {}
        #: A character that folds to something else: any that is not native.
        self.pattern = re.compile(f"[^{re.escape(''.join(sorted(self.native)))}]")
        self._unchanged = bytes(b for b in range(256) if chr(b) in self.native)

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        form = self._form(ch)
        if form is None:
            form = self.repertoire.fallback or _OMITTED
            self.replaced[ch] = self.replaced.get(ch, 0) + 1
        self[code] = form
        return form

    def _form(self, ch: str) -> str | None:
        if ch in self.native:
            return ch
        if ch.isspace():
            return " "
        if unicodedata.category(ch) == "Cc":
            return ""
        form = self.repertoire.form
        found = form(ch) if form is not None else None
        if found is not None and not self.native.issuperset(found):
            raise AssertionError(f"{self.repertoire.name}: form {found!r} of {ch!r} is not "
                                 "in the repertoire")
        return found

    def needs_folding(self, text: str) -> bool:
        """Whether :meth:`fold` would change ``text``.

        Latin-1 text (nearly all) is checked by deleting every unchanged byte, in C:
        about four times faster than the pattern search (measured on 1.2 MB).
        """
        try:
            data = text.encode("latin-1")
        except UnicodeEncodeError:
            return self.pattern.search(text) is not None
        return bool(data.translate(None, self._unchanged))

    def fold(self, text: str) -> str:
        """``text`` in the repertoire (each letter composed with its marks first)."""
        if not self.needs_folding(text):
            return text
        text = compose(text).translate(self)
        if _OMITTED in text:
            # between two letters or digits an omitted character still separates them:
            # "job😀see" is two words, never "jobsee"
            text = _GLUED.sub(" ", text).replace(_OMITTED, "")
        return text

    def unmapped(self) -> tuple[int, str]:
        """How many characters had no form, and the first twenty of them (for a warning)."""
        return sum(self.replaced.values()), "".join(list(self.replaced)[:20])


