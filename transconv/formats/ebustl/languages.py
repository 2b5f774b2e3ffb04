"""GSI language codes (LC): ISO 639-1 primary subtag → two hex digits of EBU Tech 3264.

European languages from the table in ebu-stl.md §7, the few codes that table leaves out
(Luxembourgish, Occitan, Romansh, Walloon) and common non-European ones from the upper range;
``tests/test_ebustl.py`` checks every entry against ttconv's reader, which maps them back.
Anything else is ``00`` (unknown), which every reader accepts.
"""

from __future__ import annotations

from typing import Final

LANGUAGE_CODES: Final[dict[str, str]] = {
    "sq": "01", "br": "02", "ca": "03", "hr": "04", "cy": "05", "cs": "06", "da": "07",
    "de": "08", "en": "09", "es": "0A", "eo": "0B", "et": "0C", "eu": "0D", "fo": "0E",
    "fr": "0F", "fy": "10", "ga": "11", "gd": "12", "gl": "13", "is": "14", "it": "15",
    "se": "16", "la": "17", "lv": "18", "lb": "19", "lt": "1A", "hu": "1B", "mt": "1C",
    "nl": "1D", "no": "1E", "nb": "1E", "nn": "1E", "oc": "1F", "pl": "20", "pt": "21",
    "ro": "22", "rm": "23", "sr": "24", "sk": "25", "sl": "26", "fi": "27", "sv": "28",
    "tr": "29", "wa": "2B",
    "ru": "56", "el": "70", "zh": "75", "bg": "77", "ar": "7E", "he": "6C", "hi": "6B",
    "ja": "69", "ko": "65", "mk": "63",
}


def language_code(tag: str | None) -> str:
    """The LC field for a BCP 47 tag (``en-GB`` → ``09``); ``00`` when unknown or absent."""
    if not tag:
        return "00"
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return LANGUAGE_CODES.get(primary, "00")
