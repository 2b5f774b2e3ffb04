"""Hand-written fold tables for the lossy plain-text charsets (see charsets.py).

They are consulted only for characters the target charset cannot hold, so an entry such as
``«`` → ``"`` only ever fires for us-ascii (Latin-1 and windows-1252 keep ``«``). Every
replacement is plain ASCII, which every target encodes; multi-character replacements are
deliberate (``…`` → ``...``, ``™`` → ``TM``) because single-character "best fit" tables
produce text that reads as corrupted.
"""

from __future__ import annotations

from typing import Final


def _same(chars: str, replacement: str) -> dict[str, str]:
    return dict.fromkeys(chars, replacement)


#: Punctuation, symbols and spaces (charsets-negotiation.md §3.2 step 3).
PUNCTUATION: Final[dict[str, str]] = {
    **_same("\u2018\u2019\u201b\u2032\u2039\u203a", "'"),
    **_same("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    "\u201a": ",",
    **_same("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
    **_same("".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000\u00a0", " "),
    # Line and paragraph separators would break the one-line-per-entry layouts.
    **_same("\u2028\u2029", " "),
    # Invisible formatting (zero-width and bidirectional controls) has no visible form.
    **_same("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff", ""),
    **_same("".join(map(chr, range(0x202A, 0x202F))) + "\u2066\u2067\u2068\u2069", ""),
    "\u2022": "*",
    "\u2044": "/",
    "\u2122": "TM",
    "\u00a9": "(c)",
    "\u00ae": "(R)",
    "\u20ac": "EUR",
}

#: Letters that have no Unicode decomposition (§3.2 step 4).
LETTERS: Final[dict[str, str]] = {
    "\u00df": "ss", "\u1e9e": "SS",
    "\u00c6": "AE", "\u00e6": "ae",
    "\u0152": "OE", "\u0153": "oe",
    "\u00d8": "O", "\u00f8": "o",
    "\u0141": "L", "\u0142": "l",
    "\u0110": "D", "\u0111": "d",
    "\u00d0": "D", "\u00f0": "d",
    "\u00de": "Th", "\u00fe": "th",
    "\u0131": "i",
}

#: Both tables together: what a character that does not fit becomes.
FOLDS: Final[dict[str, str]] = {**PUNCTUATION, **LETTERS}

#: Code points removed before any encoding: C0 controls except TAB, LF and CR; DEL; C1.
CONTROL_STRIP: Final[dict[int, None]] = dict.fromkeys(
    [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + list(range(0x7F, 0xA0))
)
