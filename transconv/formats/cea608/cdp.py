"""SMPTE ST 334 caption distribution packets (CDP) carrying 608 pairs, as MCC hex.

MCC stores one ANC packet per video frame: ``61 01`` (DID/SDID of a CEA-708 CDP), the
data count, the CDP, and a checksum. At 29.97 fps a CDP holds 20 ``cc_data`` triplets:
the field-1 608 word (``FC b1 b2``, or ``FC 80 80`` when idle), an unused field 2
(``FD 80 80``) and 18 DTVCC padding triplets (``FA 00 00``). Time-code and service-info
sections are left out (ffmpeg 5.1 misreads CDPs that carry a time code).

MCC shortens the hex with letter aliases for common byte runs. ``U`` is never written:
files disagree on what it stands for. Because the CDP's layout is fixed, only the
sequence counter, the 608 word and the checksum vary per frame, and no alias can span
from a fixed byte into one of those fields; a payload is therefore a fixed-width layout
(:data:`IDLE_PAYLOAD`, :data:`DATA_PAYLOAD`) with those fields' hex filled in, except on
the ``00`` bytes (written ``Z`` plus a filler byte that the writer then removes) and the
few lines where an alias forms inside or across the fields (:func:`aliased_lines`). The MCC
writer fills the layouts a minute of lines at a time; :func:`compress` (the plain greedy
algorithm) writes the aliased lines and is the reference the tests compare the layouts with.
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


# --- fixed-width layouts: every line of a minute at once -------------------------------

#: What the layouts write after the letter that stands for a ``00`` byte (``Z``), so that
#: every byte takes two columns; the writer removes it from a whole minute at once
#: (``bytes.replace``, at memory speed).
FILLER: Final = b"\x00"
#: Per byte value: the first and the second column of its MCC hex (``Z`` + filler for 00).
HIGH_DIGIT: Final = b"Z" + bytes(ord(f"{b:02X}"[0]) for b in range(1, 256))
LOW_DIGIT: Final = FILLER + bytes(ord(f"{b:02X}"[1]) for b in range(1, 256))
_IS_80: Final = bytes(b == 0x80 for b in range(256))

#: The payload of a frame without a field-1 word (``FC 80 80`` is ``Q``) and of one with a
#: word, as :func:`compress` writes them where no alias forms in the counter (``{c}``, four
#: columns), the word (``{w}``, four) or the checksum (``{k}``, two): every other byte of
#: the CDP is fixed, and no alias can reach across a field's edge (the test suite compares
#: the layouts with :func:`compress` on every counter).
IDLE_PAYLOAD: Final = "T49S494F43{c}72F4QROO74{c}{k}AB"
DATA_PAYLOAD: Final = "T49S494F43{c}72F4FC{w}ROO74{c}{k}AB"
FIELD_WIDTHS: Final = {"c": 4, "w": 4, "k": 2}


def counter_columns() -> list[bytes]:
    """The four columns of ``{c}`` for every counter, twice over (a slice may wrap).

    Column bytes are ASCII digits, ``Z`` or the filler; 64 KiB each, built from repeats.
    """
    high = b"".join(bytes([HIGH_DIGIT[hi]]) * 256 for hi in range(256))
    low = b"".join(bytes([LOW_DIGIT[hi]]) * 256 for hi in range(256))
    return [high * 2, low * 2, HIGH_DIGIT * 512, LOW_DIGIT * 512]


def checksums(words: bytes) -> bytes:
    """The CDP checksum of line ``i`` (counter ``i mod 65536``) carrying word ``i``.

    ``words`` holds the words big-endian, two bytes a line. The checksum is
    ``(base(counter) − first byte − second byte) mod 256``; the subtraction is done on
    all lines at once, as big integers with 16 bits a line, each lane topped up by 512 so
    that no lane ends negative: ``words`` read little-endian is first + 256 × second a
    lane, so adding 255 × second leaves first + second (measured: about 20 ms for a
    million lines; table look-ups line by line, even through C-level ``map``, took
    0.13 s for the 400,000 lines carrying words alone).
    """
    count = len(words) // 2
    fixed = sum(CDP_ID + bytes([CDP_LENGTH, FRAME_RATE_2997, FLAGS, 0x72, 0xE0 | CC_COUNT,
                                0xFC]) + b"\xfd\x80\x80" + PADDING + b"\x74")
    # base(counter) + 512 for a whole cycle: a row of 256 low bytes, shifted per high byte
    row = bytes(-2 * lo & 0xFF for lo in range(256))
    turns = bytes(range(256)) * 2
    cycle = bytearray(2 * 65_536)
    cycle[0::2] = b"".join(row.translate(turns[base:base + 256])
                           for base in (-(fixed + 2 * hi) & 0xFF for hi in range(256)))
    cycle[1::2] = b"\x02" * 65_536
    base = (bytes(cycle) * (count // 65_536 + 1))[:2 * count]
    second = bytearray(2 * count)
    second[0::2] = words[1::2]
    lanes = (int.from_bytes(base, "little") - int.from_bytes(words, "little")
             + 255 * int.from_bytes(second, "little"))
    return lanes.to_bytes(2 * count, "little")[0::2]


def idle_lines(words: bytes) -> bytes:
    """Per line: 1 where the word is ``80 80`` (written as ``Q``), else 0."""
    first = int.from_bytes(words[0::2].translate(_IS_80), "big")
    second = int.from_bytes(words[1::2].translate(_IS_80), "big")
    return (first & second).to_bytes(len(words) // 2, "big")


def aliased_lines(words: bytes, checks: bytes) -> list[int]:
    """Lines the layouts cannot write, ascending: an alias of two or three bytes forms across
    the counter, the checksum or the word (``96 69``, ``61 01``, ``FA 00 00``, ``FB``–``FD
    80 80``), so :func:`compress` writes them. A handful in a ten-hour file.

    A lone ``00`` byte is not among them: the layouts write it as ``Z`` plus the filler,
    which the writer removes from each minute in one pass.
    """
    count = len(checks)
    exact: list[int] = []
    for q in (0x9669, 0x6101):
        exact += range(q, count, 65_536)
    for lo, check in ((0x96, 0x69), (0x61, 0x01)):
        column = checks[lo::256]
        at = column.find(check)
        while at >= 0:
            exact.append(lo + 256 * at)
            at = column.find(check, at + 1)
    for q, check in ((0xFA00, 0x00), (0xFB80, 0x80), (0xFC80, 0x80), (0xFD80, 0x80)):
        exact += (i for i in range(q, count, 65_536) if checks[i] == check)
    for pair in (b"\x96\x69", b"\x61\x01"):
        at = words.find(pair)
        while at >= 0:
            if at % 2 == 0:
                exact.append(at // 2)
            at = words.find(pair, at + 1)
    return sorted(set(exact))
