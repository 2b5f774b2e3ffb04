"""SMPTE ST 334 caption distribution packets (CDP) carrying 608 pairs, as MCC hex.

MCC stores one ANC packet per video frame: ``61 01`` (DID/SDID of a CEA-708 CDP), the
data count, the CDP, and a checksum. At 29.97 fps a CDP holds 20 ``cc_data`` triplets:
the field-1 608 word (``FC b1 b2``, or ``FC 80 80`` when idle), an unused field 2
(``FD 80 80``) and 18 DTVCC padding triplets (``FA 00 00``). Time-code and service-info
sections are left out (ffmpeg 5.1 misreads CDPs that carry a time code).

MCC shortens the hex with letter aliases for common byte runs. ``U`` is never written:
files disagree on what it stands for. Because the CDP's layout is fixed, only the
sequence counter, the 608 word and the checksum vary per frame, and no alias can span
two of those fields; :class:`Packer` therefore assembles each payload from precomputed
pieces instead of compressing 77 bytes per frame, and :func:`compress` (the plain greedy
algorithm) is kept as the reference the tests compare it with.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Iterable
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
#: Two or three bytes as an int → their alias (S, T; G, P, Q, R).
_TWO: Final = {int.from_bytes(v, "big"): k for k, v in ALIASES.items() if len(v) == 2}
_THREE: Final = {int.from_bytes(v, "big"): k for k, v in ALIASES.items() if len(v) == 3}

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
    """Fast MCC payloads: ``compress(packet(sequence, word))`` from cached pieces.

    A payload is four pieces, so that a writer can lay out a million frames with list
    slicing and one join instead of formatting each, and without a new string per frame:
    the *head* (everything through the counter, by counter, :meth:`heads`), the *middle*
    (the 608 triplet, field 2 and the padding, by word, :meth:`middle`), the counter's
    high byte again (:meth:`highs`) and the *end* (its low byte and both checksums, by
    counter and word, :meth:`ends`), each a string shared through a table.
    """

    def __init__(self) -> None:
        hexes = ["Z"] + [f"{b:02X}" for b in range(1, 256)]
        self._hex = hexes
        self._end = f"{ANC_CHECKSUM:02X}"
        head = compress(DID_SDID + bytes([CDP_LENGTH]) + CDP_ID
                        + bytes([CDP_LENGTH, FRAME_RATE_2997, FLAGS]))
        mid = "72" + f"{0xE0 | CC_COUNT:02X}"
        self._pre = [head + p + mid for p in _pair_table()]
        self._post = compress(b"\xfd\x80\x80" + PADDING) + "74"
        fixed = (CDP_ID + bytes([CDP_LENGTH, FRAME_RATE_2997, FLAGS, 0x72, 0xE0 | CC_COUNT,
                                 0xFC]) + b"\xfd\x80\x80" + PADDING + b"\x74")
        self._sum = sum(fixed)
        self._middles: dict[int, str] = {}
        self._first: list[str] = []  # per counter: its high byte's hex, "" if aliases may form
        self._keys: list[int] = []  # per counter: its key into the doubled ends table
        self._sums: list[int] = []  # per word: its two bytes' sum mod 256
        self._ends: dict[str, list[str]] = {}  # by line end: see ends()

    def _footer(self, hi: int, lo: int, check: int) -> str:
        """Counter and checksum (then the ANC checksum), where an alias may cover them.

        Only ``96 69`` or ``61 01`` as the counter, or a three-byte alias (``FA 00 00``,
        ``FB``/``FC``/``FD 80 80``) as all three bytes, differ from the high byte's hex
        followed by the cached (low byte, checksum) pair; the byte after (the ANC checksum,
        ``AB``) can start no alias.
        """
        hexes = self._hex
        if (hi << 8 | lo) in _TWO:
            return _TWO[hi << 8 | lo] + hexes[check] + self._end
        three = _THREE.get(hi << 16 | lo << 8 | check)
        if three is not None:
            return three + self._end
        return hexes[hi] + _TWO.get(lo << 8 | check, hexes[lo] + hexes[check]) + self._end

    def heads(self) -> list[str]:
        """Per counter (0–65535): the payload up to and including the counter (and 72 F4)."""
        return self._pre

    def middle(self, word: int) -> str:
        """The payload's part for ``word``: its ``FC`` triplet, field 2 and the padding."""
        text = self._middles.get(word)
        if text is None:
            text = compress(bytes([0xFC, word >> 8, word & 0xFF])) + self._post
            self._middles[word] = text
        return text

    def highs(self) -> list[str]:
        """Per counter: its high byte's hex, the piece between the middle and the end.

        Empty where an alias could start there (high byte ``FA``–``FF``, counter ``96 69``
        or ``61 01``): :meth:`ends` then covers the whole counter.
        """
        self._tables()
        return self._first

    def ends(self, counters: Iterable[int], words: Iterable[int], end: str = "") -> list[str]:
        """Per (counter, word) pair: the payload after :meth:`highs`, then ``end``.

        The MCC writer's idle table (once per counter) and, inlined in :meth:`scatter`, its
        hot loop (once per frame carrying data), so it is two list lookups and a
        subtraction per pair, and the result is shared, not built: the CDP checksum is
        ``(fixed part by counter − word's byte sum) mod 256``, and a per-counter key minus
        the byte sum indexes a table holding every (low byte, checksum) string twice, so
        the subtraction needs no ``mod``.
        Counters with no high byte key into a stretch of empty strings and are finished
        by :meth:`_footer`.
        """
        self._tables()
        table = self._ends.get(end)
        if table is None:
            suffix = self._end + end
            with_end = [p + suffix for p in _pair_table()]
            table = []
            for lo in range(256):
                row = with_end[lo << 8:(lo + 1) << 8]
                table += row
                table += row
            table += [""] * 512
            self._ends[end] = table
        keys, sums, rare = self._keys, self._sums, self._rare
        return [table[keys[q] - sums[w]] or rare(q, w) + end
                for q, w in zip(counters, words, strict=True)]

    def scatter(self, first: int, lines: Iterable[int], words: Iterable[int],
                middles: list[str], ends: list[str], end: str = "") -> None:
        """Store the pieces of data frames into a writer's lists of idle pieces.

        Line ``i`` of the lists has counter ``(first + i) mod 65536``; for each
        (line, word) pair, ``middles[line]`` becomes :meth:`middle` of the word and
        ``ends[line]`` the :meth:`ends` piece. One loop with no per-pair counter
        arithmetic: the per-counter keys are sliced for the lines once.
        """
        self.ends((), (), end)  # build the tables
        table, sums, rare, known = self._ends[end], self._sums, self._rare, self._middles
        q = first & 0xFFFF
        n = len(ends)
        keys = self._keys[q:q + n]
        if len(keys) < n:  # the counter wraps
            keys += self._keys[:n - len(keys)]
        for i, w in zip(lines, words, strict=True):
            middles[i] = known.get(w) or self.middle(w)
            ends[i] = table[keys[i] - sums[w]] or rare((q + i) & 0xFFFF, w) + end

    def _rare(self, counter: int, word: int) -> str:
        """The end for a counter with no high byte piece (see :meth:`_footer`)."""
        hi, lo = counter >> 8, counter & 0xFF
        check = -(self._sum + 2 * (hi + lo) + (word >> 8) + (word & 0xFF)) & 0xFF
        return self._footer(hi, lo, check)

    def _tables(self) -> None:
        """Per-counter and per-word tables for :meth:`ends` (built on first use)."""
        if self._keys:
            return
        hexes, fixed = self._hex, self._sum
        # Built a high byte (256 counters) at a time with C-level maps and list repeats.
        first: list[str] = []
        for hi in range(256):
            first += [hexes[hi] if hi < 0xFA else ""] * 256
        first[0x9669] = first[0x6101] = ""
        self._first = first
        # key = low byte × 512 + 256 + the checksum's fixed part mod 256; past 256 × 512: ""
        bases = [lo * 512 + 256 for lo in range(256)]
        twice = [-2 * lo for lo in range(256)]
        keys: list[int] = []
        for hi in range(0xFA):
            part = -(fixed + 2 * hi)
            keys += map(operator.add, bases,
                        map(operator.and_, map(operator.add, twice, itertools.repeat(part)),
                            itertools.repeat(0xFF)))
        keys += [256 * 512 + 256] * ((256 - 0xFA) * 256)
        keys[0x9669] = keys[0x6101] = 256 * 512 + 256
        self._keys = keys
        doubled = list(range(256)) * 2
        sums: list[int] = []
        for hi in range(256):
            sums += doubled[hi:hi + 256]
        self._sums = sums

    def payload(self, sequence: int, word: int) -> str:
        """``compress(packet(sequence, word))``, without compressing 77 bytes."""
        seq = sequence & 0xFFFF
        return (self._pre[seq] + self.middle(word) + self.highs()[seq]
                + self.ends([seq], [word])[0])

    def fill(self, payloads: list[str], indices: list[int], words: list[int]) -> None:
        """``payloads[i] = payload(i, w)`` for each pair, with the writer's batch methods."""
        counters = [i & 0xFFFF for i in indices]
        highs = self.highs()
        for i, q, w, rest in zip(indices, counters, words, self.ends(counters, words),
                                 strict=True):
            payloads[i] = self._pre[q] + self.middle(w) + highs[q] + rest


@functools.cache
def _pair_table() -> tuple[str, ...]:
    """MCC hex of every two-byte value (see :func:`_pairs`), built once."""
    return tuple(_pairs(["Z"] + [f"{b:02X}" for b in range(1, 256)]))


def _pairs(hexes: list[str]) -> list[str]:
    """MCC hex of every two-byte value (``S`` and ``T`` where those aliases apply)."""
    pairs = [hexes[a] + hexes[b] for a in range(256) for b in range(256)]
    for value, letter in _TWO.items():
        pairs[value] = letter
    return pairs
