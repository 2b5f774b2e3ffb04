"""The General Subtitle Information block: 1024 bytes of fixed-width character fields.

Field order and widths are EBU Tech 3264 §2 as summarised in ebu-stl.md §2. Text fields are
left-aligned and space-padded, numbers right-aligned and zero-padded; a value that does not fit
a numeric field is an error (a silently truncated TNB would make readers stop early), while
text is cut to its field because titles are informational. Text is written in the code page
the block itself declares (CPN ``850``), so ``Zoë`` survives; characters code page 850 lacks
are folded like the subtitles' text (:mod:`transconv.text.tables`), and anything left becomes
``?``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Final

from ...errors import DoesNotFit
from ...text.encoder import CodeTable
from ...text.tables import CAPTION_FOLDS

SIZE: Final = 1024
CODE_PAGE: Final = "850"

#: (name, width) in file order; the widths add up to 1024.
FIELDS: Final[tuple[tuple[str, int], ...]] = (
    ("CPN", 3), ("DFC", 8), ("DSC", 1), ("CCT", 2), ("LC", 2),
    ("OPT", 32), ("OET", 32), ("TPT", 32), ("TET", 32), ("TN", 32), ("TCD", 32),
    ("SLR", 16), ("CD", 6), ("RD", 6), ("RN", 2),
    ("TNB", 5), ("TNS", 5), ("TNG", 3), ("MNC", 2), ("MNR", 2), ("TCS", 1),
    ("TCP", 8), ("TCF", 8), ("TND", 1), ("DSN", 1), ("CO", 3),
    ("PUB", 32), ("EN", 32), ("ECD", 32), ("spare", 75), ("UDA", 576),
)


@dataclass(frozen=True, slots=True)
class GeneralInfo:
    """What the writer knows about the file; everything else in the block is a constant."""

    disk_format: str            # STL25.01 or STL30.01
    display: str                # "0" open subtitling, "1" teletext level 1
    language: str               # two hex digits
    title: str
    episode: str
    created: date
    revised: date
    revision: int
    blocks: int                 # TNB: every TTI block, extension blocks included
    subtitles: int              # TNS
    max_chars: int              # MNC
    max_rows: int               # MNR
    programme_start: str        # TCP, HHMMSSFF
    first_in: str               # TCF, HHMMSSFF
    country: str = ""
    publisher: str = ""
    character_table: str = "00"  # CCT


#: Code page 850, in which the block's text fields are written, as a code table.
_CP850: Final = CodeTable("code page 850", {
    ch: bytes((code,)) for code in range(0x20, 0x100)
    if (ch := bytes((code,)).decode("cp850")).isprintable()}, CAPTION_FOLDS)


def _text(value: str, width: int) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", " ".join(value.split())):
        if not ch.isprintable():
            continue
        encoded = _CP850.encoded(ch) or b"?"
        if len(out) + len(encoded) > width:
            break
        out += encoded
    return bytes(out).ljust(width, b" ")


def _number(name: str, value: int, width: int) -> bytes:
    text = f"{value:0{width}d}"
    if value < 0 or len(text) > width:
        raise DoesNotFit(f"EBU STL cannot record {name}={value}: the field has {width} digits")
    return text.encode("ascii")


def _yymmdd(day: date) -> str:
    return f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"


def build(info: GeneralInfo) -> bytes:
    """The 1024-byte GSI block for ``info``."""
    values: dict[str, bytes] = {
        "CPN": CODE_PAGE.encode("ascii"),
        "DFC": info.disk_format.encode("ascii"),
        "DSC": info.display.encode("ascii"),
        "CCT": info.character_table.encode("ascii"),
        "LC": info.language.encode("ascii"),
        "OPT": _text(info.title, 32),
        "OET": _text(info.episode, 32),
        "CD": _yymmdd(info.created).encode("ascii"),
        "RD": _yymmdd(info.revised).encode("ascii"),
        "RN": _number("RN", info.revision, 2),
        "TNB": _number("TNB", info.blocks, 5),
        "TNS": _number("TNS", info.subtitles, 5),
        "TNG": b"001",
        "MNC": _number("MNC", info.max_chars, 2),
        "MNR": _number("MNR", info.max_rows, 2),
        "TCS": b"1",
        "TCP": info.programme_start.encode("ascii"),
        "TCF": info.first_in.encode("ascii"),
        "TND": b"1",
        "DSN": b"1",
        "CO": _text(info.country, 3),
        "PUB": _text(info.publisher, 32),
    }
    block = b"".join(values.get(name, b"").ljust(width, b" ") for name, width in FIELDS)
    assert len(block) == SIZE, len(block)
    return block
