"""The one fold table: what a character becomes where a format cannot carry it.

Every lossy target reads it through its code table (:mod:`transconv.text.encoder`): the
plain-text charsets (US-ASCII, ISO 8859-1, windows-1252), CEA-608, Cheetah CAP, the EBU STL
character tables and code page 850 of the EBU STL header. An entry is consulted only for a
character the target lacks, so ``«`` → ``"`` fires for US-ASCII but never for Latin-1 or
608, which carry ``«``. A replacement may itself hold characters some targets lack: it is
folded again, so ``„`` becomes ``“`` where ``“`` exists (608, EBU STL, windows-1252 carries
``„`` itself) and ``"`` elsewhere. Every chain ends in ASCII. Multi-character replacements
are deliberate (``…`` → ``...``, ``™`` → ``TM``): single-character "best fit" tables give
text that reads as corrupted. A character with no entry is decomposed next (``ü`` → ``u``
where there is no ``ü``), see :class:`~transconv.text.encoder.CodeTable`.

There are two tables, and only where the targets must differ: :data:`FOLDS` for every
target, and :data:`CAPTION_FOLDS`, which adds a romanisation of Greek and Cyrillic for the
caption repertoires (608, CAP, EBU STL, the frame-text formats in an 8-bit charset).

Where the four former tables (plain-text charsets and CAP; CEA-608; EBU STL) disagreed, and
what a subtitler expects instead:

=====================  =====================================  ==================================
character              before                                 now, and why
=====================  =====================================  ==================================
‚ (low single quote)   ``,`` text and CAP; ‘ 608; ``'`` EBU   ‘ where carried, else ``'``: it
                                                              opens a quotation (German ‚so‘);
                                                              a comma misreads
„ ‟ ‛                  ASCII quotes; “ ‘ in 608               “ ‘ where carried (EBU STL too),
                                                              else ASCII quotes
‹ ›                    ``'`` text and CAP; ``<`` ``>`` 608    ``'``: quotation marks, and ``<``
                       and EBU STL                            starts markup in SRT, WebVTT, TTML
― (horizontal bar)     ``-``; — in 608                        — where carried, else ``-``
Greek, Cyrillic        romanised in 608 only; ``?`` or        romanised in every caption
                       omitted elsewhere                      repertoire: a viewer reads
                                                              ``Athina``, not ``??????``; never
                                                              in a transcript's charset, whose
                                                              text is a record (a romanisation
                                                              would be a guess shown as words)
× ± ‰ § ¶ † ‡ ¬ ¯ ¨ ¸  608 only; ``?`` or omitted elsewhere   the 608 forms everywhere: one
· ´ ª º, the grave                                            table
accent, ₽ ₹ ₩ ₪ ₺,
East Asian 。、「」,
ħ ĸ ŋ ſ ĳ
µ (micro sign)         ``m`` in 608 (read as Greek mu)        ``u`` (``uF``), not milli
soft hyphen U+00AD     US-ASCII: a space between letters;     removed: it is invisible, and
                       CAP: ``?``                             ``co-op`` stays one word
й ї ў                  608: ``i`` ``i`` ``u`` (mark dropped)  the romanisation's ``y yi w``
ǘ ế (two marks)        every mark dropped: ``u`` ``e``        the marks the target lacks, from
                                                              the end: ``ü`` ``ê`` where carried
a lone combining mark  ``?`` in 608; dropped elsewhere        dropped: the letter before stays
=====================  =====================================  ==================================
"""

from __future__ import annotations

from typing import Final


def _same(chars: str, replacement: str) -> dict[str, str]:
    return dict.fromkeys(chars, replacement)


#: Punctuation, symbols and spaces (charsets-negotiation.md §3.2 step 3, with the decisions
#: above).
PUNCTUATION: Final[dict[str, str]] = {
    **_same("\u2018\u2019\u2032\u2039\u203a`\u00b4", "'"),
    **_same("\u201a\u201b", "\u2018"),
    **_same("\u201c\u201d\u2033\u00ab\u00bb\u00a8", '"'),
    **_same("\u201e\u201f", "\u201c"),
    **_same("\u2010\u2011\u2012\u2013\u2014\u2212\u00ac\u00af", "-"),
    "\u2015": "\u2014",
    "\u2026": "...",
    **_same("".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000\u00a0", " "),
    # Line and paragraph separators would break the one-line-per-entry layouts.
    **_same("\u2028\u2029", " "),
    # Invisible formatting (zero-width and bidirectional controls, the soft hyphen) has no
    # visible form.
    **_same("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad", ""),
    **_same("".join(map(chr, range(0x202A, 0x202F))) + "\u2066\u2067\u2068\u2069", ""),
    "\u2022": "*", "\u00b7": ".", "\u2044": "/", "\u00d7": "x", "\u00b1": "+/-",
    "\u2030": "%o", "\u00a7": "S", "\u00b6": "P", "\u2020": "+", "\u2021": "+", "\u00b8": ",",
    "\u00b5": "u",  # the micro sign as in "uF"; Greek mu is "m"
    "\u00aa": "a", "\u00ba": "o", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3",
    "\u00bc": "1/4", "\u00be": "3/4",
    "\u2122": "TM", "\u00a9": "(c)", "\u00ae": "(R)",
    # currency
    "\u20ac": "EUR", "\u20bd": "RUB", "\u20b9": "INR", "\u20a9": "KRW", "\u20aa": "ILS",
    "\u20ba": "TRY",
    # East Asian punctuation that has a plain equivalent
    "\u3002": ".", "\u3001": ",", "\uff0c": ",", "\uff1a": ":", "\uff1b": ";", "\uff01": "!",
    "\uff1f": "?", "\uff08": "(", "\uff09": ")",
    **_same("\u300c\u300e", "\u201c"), **_same("\u300d\u300f", "\u201d"),
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
    "\u0126": "H", "\u0127": "h", "\u0138": "k", "\u014a": "NG", "\u014b": "ng",
    "\u017f": "s", "\u0132": "IJ", "\u0133": "ij",
}

#: Both tables together: what a character that does not fit becomes, in every target.
FOLDS: Final[dict[str, str]] = {**PUNCTUATION, **LETTERS}

#: Greek letters (accents are dropped by decomposition first) → Latin, after ELOT 743
#: simplified.
GREEK: Final[dict[str, str]] = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
    ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r",
     "s", "s", "t", "y", "f", "ch", "ps", "o",
     "A", "V", "G", "D", "E", "Z", "I", "Th", "I", "K", "L", "M", "N", "X", "O", "P", "R",
     "S", "T", "Y", "F", "Ch", "Ps", "O"], strict=True))

#: Cyrillic letters → Latin (a plain scientific-style transliteration).
CYRILLIC: Final[dict[str, str]] = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "'", "y", "'", "e", "yu", "ya",
     "ye", "i", "yi", "g", "w"], strict=True))
CYRILLIC.update({
    upper: (latin[:1].upper() + latin[1:]) for upper, latin in
    ((k.upper(), v) for k, v in list(CYRILLIC.items()))
})

#: The caption repertoires' table: :data:`FOLDS` and the romanisations.
CAPTION_FOLDS: Final[dict[str, str]] = {**FOLDS, **GREEK, **CYRILLIC}

#: Code points removed before any encoding: C0 controls except TAB, LF and CR; DEL; C1.
CONTROL_STRIP: Final[dict[int, None]] = dict.fromkeys(
    [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + list(range(0x7F, 0xA0))
)
