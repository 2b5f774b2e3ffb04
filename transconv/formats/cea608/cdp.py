"""SMPTE ST 334 caption distribution packets (CDP) carrying 608 pairs, as MCC hex.

MCC stores one ANC packet per video frame: ``61 01`` (DID/SDID of a CEA-708 CDP), the
data count, the CDP, and a checksum. At 29.97 fps a CDP holds 20 ``cc_data`` triplets:
the field-1 608 word (``FC b1 b2``, or ``FC 80 80`` when idle), an unused field 2
(``FD 80 80``) and 18 DTVCC padding triplets (``FA 00 00``). Time-code and service-info
sections are left out (ffmpeg 5.1 misreads CDPs that carry a time code).

MCC shortens the hex with letter aliases for common byte runs. ``U`` is never written:
files disagree on what it stands for. Because the CDP's layout is fixed, only the
sequence counter, the 608 word and the checksum vary per frame, and no alias can span
two of those fields; :func:`payload` therefore assembles each line from precomputed pieces
instead of compressing 77 bytes per frame, and :func:`compress` (the plain greedy
algorithm) is kept as the reference the tests compare it with.
"""

from __future__ import annotations

from typing import Final

#: Alias letter → bytes (``U`` is deliberately absent; see the module docstring).
ALIASES: Final[dict[str, bytes]] = {
    **{chr(ord("G") + n - 1): b"\xfa\x00\x00" * n for n in range(1, 10)},
    "P": b"\xfb\x80\x80",
    "Q": b"\xfc\x80\x80",
    "R": b"\xfd\x80\x80",
    "S": b"\x96\x69",
    "T": b"\x61\x01",
    "Z": b"\x00",
}
_FIXED: Final = tuple((v, k) for k, v in ALIASES.items() if k in "PQRSTZ")

DID_SDID: Final = b"\x61\x01"
CDP_ID: Final = b"\x96\x69"
FRAME_RATE_2997: Final = 0x4F  # code 4 (29.97) + reserved bits
FLAGS: Final = 0x43  # cc_data present, caption service active, reserved bit
CC_COUNT: Final = 20
PADDING: Final = b"\xfa\x00\x00" * (CC_COUNT - 2)
CDP_LENGTH: Final = 9 + 3 * CC_COUNT + 4  # 73
ANC_CHECKSUM: Final = (0x61 + 0x01 + CDP_LENGTH) & 0xFF  # 0xAB


def cdp(sequence: int, word: int) -> bytes:
    """The CDP for one frame carrying the field-1 ``word`` (0x8080 when idle)."""
    seq = (sequence & 0xFFFF).to_bytes(2, "big")
    body = (CDP_ID + bytes([CDP_LENGTH, FRAME_RATE_2997, FLAGS]) + seq
            + bytes([0x72, 0xE0 | CC_COUNT, 0xFC, word >> 8, word & 0xFF])
            + b"\xfd\x80\x80" + PADDING + b"\x74" + seq)
    return body + bytes([-sum(body) & 0xFF])


def packet(sequence: int, word: int) -> bytes:
    """The ANC packet (DID, SDID, DC, CDP, checksum) for one frame."""
    body = cdp(sequence, word)
    return DID_SDID + bytes([len(body)]) + body + bytes([(0x61 + 0x01 + len(body)) & 0xFF])


def compress(data: bytes) -> str:
    """MCC hex for ``data``: greedy, longest ``FA 00 00`` run first, upper-case."""
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        runs = 0
        while runs < 9 and data[i + 3 * runs:i + 3 * runs + 3] == b"\xfa\x00\x00":
            runs += 1
        if runs:
            out.append(chr(ord("G") + runs - 1))
            i += 3 * runs
            continue
        for seq, letter in _FIXED:
            if data.startswith(seq, i):
                out.append(letter)
                i += len(seq)
                break
        else:
            out.append(f"{data[i]:02X}")
            i += 1
    return "".join(out)


def expand(text: str) -> bytes:
    """Bytes of MCC hex (aliases expanded); the inverse of :func:`compress`."""
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in ALIASES:
            out += ALIASES[ch]
            i += 1
        else:
            out.append(int(text[i:i + 2], 16))
            i += 2
    return bytes(out)


class Packer:
    """Fast MCC payloads: the compressed packet for (sequence, word) from cached pieces."""

    def __init__(self) -> None:
        hexes = ["Z"] + [f"{b:02X}" for b in range(1, 256)]
        self._hex = hexes
        pair = [hexes[a] + hexes[b] for a in range(256) for b in range(256)]
        pair[0x9669], pair[0x6101] = "S", "T"
        self._pair = pair
        end = f"{ANC_CHECKSUM:02X}"
        self._pair_end = [p + end for p in pair]
        self._end = end
        head = compress(DID_SDID + bytes([CDP_LENGTH]) + CDP_ID
                        + bytes([CDP_LENGTH, FRAME_RATE_2997, FLAGS]))
        mid = "72" + f"{0xE0 | CC_COUNT:02X}"
        self._pre = [head + p + mid for p in pair]
        self._post = compress(b"\xfd\x80\x80" + PADDING) + "74"
        fixed = (CDP_ID + bytes([CDP_LENGTH, FRAME_RATE_2997, FLAGS, 0x72, 0xE0 | CC_COUNT,
                                 0xFC]) + b"\xfd\x80\x80" + PADDING + b"\x74")
        self._sum = sum(fixed)
        self._triplets: dict[int, str] = {}
        self._neg: list[int] = []  # per counter: minus the checksum's fixed part (lazy)
        self._first: list[str] = []  # per counter: its high byte's hex, "" if aliases may form

    def _triplet(self, word: int) -> str:
        text = self._triplets.get(word)
        if text is None:
            text = self._triplets[word] = compress(bytes([0xFC, word >> 8, word & 0xFF]))
        return text

    def _footer(self, hi: int, lo: int, check: int) -> str:
        """Counter and checksum (then the ANC checksum), where an alias may cover them."""
        if hi < 0xFA and (hi << 8 | lo) not in (0x9669, 0x6101):
            return self._hex[hi] + self._pair_end[lo << 8 | check]
        three = compress(bytes([hi, lo, check]))
        if len(three) == 1:
            return three + self._end
        if (hi << 8 | lo) in (0x9669, 0x6101):
            return self._pair[hi << 8 | lo] + self._hex[check] + self._end
        return self._hex[hi] + self._pair_end[lo << 8 | check]

    def payload(self, sequence: int, word: int) -> str:
        """``compress(packet(sequence, word))``, without compressing 77 bytes."""
        seq = sequence & 0xFFFF
        hi, lo = seq >> 8, seq & 0xFF
        check = -(self._sum + 2 * (hi + lo) + (word >> 8) + (word & 0xFF)) & 0xFF
        return (self._pre[seq] + self._triplet(word) + self._post
                + self._footer(hi, lo, check))

    def fill(self, payloads: list[str], indices: list[int], words: list[int]) -> None:
        """``payloads[i] = payload(i, w)`` for each pair: the per-frame hot loop, inlined."""
        pre, post, pair_end, footer = self._pre, self._post, self._pair_end, self._footer
        # per word: its triplet text and byte sum; per counter: what the checksum needs
        per_word = {w: (self._triplet(w), (w >> 8) + (w & 0xFF)) for w in set(words)}
        if not self._neg:
            self._neg = [-(self._sum + 2 * ((q >> 8) + (q & 0xFF))) for q in range(65_536)]
            self._first = [self._hex[q >> 8] if q >> 8 < 0xFA and q not in (0x9669, 0x6101)
                           else "" for q in range(65_536)]
        neg, head = self._neg, self._first
        for i, word in zip(indices, words, strict=True):
            seq = i & 0xFFFF
            triplet, wsum = per_word[word]
            check = (neg[seq] - wsum) & 0xFF
            first = head[seq]
            if first:
                tail = first + pair_end[(seq & 0xFF) << 8 | check]
            else:
                tail = footer(seq >> 8, seq & 0xFF, check)
            payloads[i] = pre[seq] + triplet + post + tail
