"""Cheetah CAP character bytes: the special characters 0x81–0x95 (cheetah-cap.md §5).

Both public readers share this table (it is the CEA-608 special/accented set). Every other
character is written as printable ASCII or folded (:mod:`transconv.text.tables`); 0x96–0xBF
are never written because the readers decode them differently.
"""

from __future__ import annotations

from typing import Final

SPECIAL: Final[dict[str, int]] = {
    "♪": 0x81, "á": 0x82, "é": 0x83, "í": 0x84, "ó": 0x85, "ú": 0x86, "â": 0x87,
    "ê": 0x88, "î": 0x89, "ô": 0x8A, "û": 0x8B, "à": 0x8C, "è": 0x8D, "Ñ": 0x8E,
    "ñ": 0x8F, "ç": 0x90, "¢": 0x91, "£": 0x92, "¿": 0x93, "½": 0x94, "®": 0x95,
}

#: Every character CAP writes → its byte: printable ASCII as itself, and :data:`SPECIAL`.
CODES: Final[dict[str, bytes]] = {
    **{chr(code): bytes((code,)) for code in range(0x20, 0x7F)},
    **{ch: bytes((code,)) for ch, code in SPECIAL.items()},
}
