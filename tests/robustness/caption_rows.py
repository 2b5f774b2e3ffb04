"""Independent decoders from a caption file's bytes to what a viewer sees: rows per caption.

:func:`decode` turns the output of any caption writer into a list of captions, each a list
of display rows, written from the format notes (and third-party readers where one exists)
and never with transconv code: SubRip through ``srt``, WebVTT through webvtt-py, TTML and
DFXP through lxml; SCC and MCC through the small CEA-608 decoder below (a screen with
displayed and non-displayed memory, doubled codes ignored, extended characters overwriting
their fallback); Cheetah CAP, EBU STL and the line-oriented text formats by their byte
layouts and grammars. The property test in ``test_caption_limits.py`` measures these rows.

A row is counted in characters as the viewer sees them: a 608 special or extended character
is one column, an EBU STL diacritic byte and its letter are one character, a WebVTT or XML
entity is the character it stands for.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# ------------------------------------------------------------------------ the result


@dataclass
class Decoded:
    """Captions in display order, each a list of rows (top to bottom).

    ``bounded`` is false where the format has no caption of its own to count rows in (608
    roll-up shows a moving window: each row is reported as a caption of its own).
    """

    captions: list[list[str]] = field(default_factory=list)
    bounded: bool = True


def _text(data: bytes, encoding: str = "utf-8") -> str:
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


# -------------------------------------------------------------- third-party readers


def _srt(data: bytes) -> Decoded:
    import srt

    cues = srt.parse(_text(data), ignore_errors=False)
    return Decoded([cue.content.split("\n") for cue in cues])


def _vtt(data: bytes) -> Decoded:
    import webvtt

    # webvtt-py removes the tags (the voice span) but leaves the entities to the caller.
    captions = webvtt.from_string(_text(data)).captions
    return Decoded([html.unescape(caption.text).split("\n") for caption in captions])


def _ttml(data: bytes) -> Decoded:
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    out: list[list[str]] = []
    for p in root.iter("{*}p"):
        rows = [p.text or ""]
        for child in p:
            assert etree.QName(child).localname == "br", f"unexpected <{child.tag}> in <p>"
            rows.append(child.tail or "")
        out.append(rows)
    return Decoded(out)


# --------------------------------------------------------------------- CEA-608 (line 21)

#: scc.md §6.1: the basic set is ASCII but for these positions.
_BASIC_DIFF = {0x2A: "á", 0x5C: "é", 0x5E: "í", 0x5F: "ó", 0x60: "ú", 0x7B: "ç", 0x7C: "÷",
               0x7D: "Ñ", 0x7E: "ñ", 0x7F: "█"}
#: scc.md §6.2: special characters, second byte 0x30-0x3F after 0x11 (one column each).
_SPECIAL = dict(zip(range(0x30, 0x40), "®°½¿™¢£♪à\u00a0èâêîôû", strict=True))
#: scc.md §6.3: extended characters after 0x12 and 0x13 (each replaces the cell before it).
_EXTENDED = {
    0x12: dict(zip(range(0x20, 0x40), "ÁÉÓÚÜü‘¡*’—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»", strict=True)),
    0x13: dict(zip(range(0x20, 0x40), "ÃãÍÌìÒòÕõ{}\\^_|~ÄäÖöß¥¤¦ÅåØø┌┐└┘", strict=True)),
}
#: scc.md §5.2: PAC first byte → (upper row, lower row).
_PAC_ROWS = {0x11: (1, 2), 0x12: (3, 4), 0x15: (5, 6), 0x16: (7, 8), 0x17: (9, 10),
             0x10: (11, 11), 0x13: (12, 13), 0x14: (14, 15)}
_RCL, _BS, _DER, _RU2, _RU3, _RU4, _RDC, _EDM, _CR, _ENM, _EOC = (
    0x20, 0x21, 0x24, 0x25, 0x26, 0x27, 0x29, 0x2C, 0x2D, 0x2E, 0x2F)

Screen = dict[int, dict[int, str]]


def _basic(byte: int) -> str:
    return _BASIC_DIFF.get(byte, chr(byte))


def _odd_parity(byte: int) -> bool:
    return bin(byte).count("1") % 2 == 1


class Line21:
    """A CEA-608 caption decoder for one channel of field 1 (scc.md §5-§7).

    Feed it the words of consecutive frames with :meth:`word`; :meth:`gap` marks a break in
    the frames (a code then never counts as the repeat of the one before the break).
    """

    def __init__(self, channel: int = 1) -> None:
        self.base = 0x10 if channel == 1 else 0x18
        self.mode = ""
        self.depth = 0
        self.displayed: Screen = {}
        self.hidden: Screen = {}
        self.row, self.col = 15, 0
        self.previous: tuple[int, int] | None = None  # the last code acted on, if just before
        self.out = Decoded()

    def gap(self) -> None:
        self.previous = None

    def word(self, b1: int, b2: int) -> None:
        assert _odd_parity(b1) and _odd_parity(b2), f"parity {b1:02x}{b2:02x}"
        b1, b2 = b1 & 0x7F, b2 & 0x7F
        if 0x10 <= b1 <= 0x1F:
            if self.previous == (b1, b2):  # the doubled copy of the code just acted on
                self.previous = None
                return
            self.previous = (b1, b2)
            self._code(b1 - (self.base - 0x10), b2)
            return
        self.previous = None
        for byte in (b1, b2):
            if byte >= 0x20:
                self._put(_basic(byte))
            else:
                assert byte == 0, f"control byte {byte:02x} outside a code"

    def finish(self) -> Decoded:
        if self.mode == "roll-up":
            self._emit_row()
        elif self.mode == "paint-on":
            self._emit(self.displayed)
        return self.out

    # -- memory

    def _memory(self) -> Screen:
        return self.hidden if self.mode == "pop-on" else self.displayed

    def _put(self, ch: str) -> None:
        assert self.mode, "text before any mode was selected"
        self._memory().setdefault(self.row, {})[self.col] = ch
        self.col += 1

    @staticmethod
    def _rows(screen: Screen) -> list[str]:
        rows = []
        for number in sorted(screen):
            cells = screen[number]
            if not cells:
                continue
            first, last = min(cells), max(cells)
            rows.append("".join(cells.get(c, " ") for c in range(first, last + 1)))
        return [row for row in rows if row.strip()]

    def _emit(self, screen: Screen) -> None:
        rows = self._rows(screen)
        if rows:
            self.out.captions.append(rows)

    def _emit_row(self) -> None:
        rows = self._rows({self.row: self.displayed.get(self.row, {})})
        if rows:
            self.out.captions.append(rows)

    # -- codes

    def _code(self, b1: int, b2: int) -> None:
        if b1 == 0x14 and 0x20 <= b2 <= 0x2F:
            self._control(b2)
        elif b1 == 0x17 and 0x21 <= b2 <= 0x23:
            self.col += b2 - 0x20  # tab offset
        elif b1 == 0x11 and 0x30 <= b2 <= 0x3F:
            self._put(_SPECIAL[b2])
        elif b1 == 0x11 and 0x20 <= b2 <= 0x2F:
            self._put(" ")  # a mid-row code shows as a space
        elif b1 in _EXTENDED and 0x20 <= b2 <= 0x3F:
            if self.col > 0:  # the extended character replaces the cell to its left
                self.col -= 1
                self._memory().get(self.row, {}).pop(self.col, None)
            self._put(_EXTENDED[b1][b2])
        elif b1 in _PAC_ROWS and 0x40 <= b2 <= 0x7F:
            row = _PAC_ROWS[b1][1 if b2 & 0x20 else 0]
            if self.mode == "roll-up" and row != self.row:
                moved = self.displayed.pop(self.row, {})
                self.displayed = {row: moved}
            self.row = row
            self.col = ((b2 & 0x0E) >> 1) * 4 if b2 & 0x10 else 0
        else:
            raise AssertionError(f"unknown code {b1:02x}{b2:02x}")

    def _control(self, b2: int) -> None:
        if b2 == _RCL:
            self.mode = "pop-on"
        elif b2 == _RDC:
            self.mode = "paint-on"
        elif b2 in (_RU2, _RU3, _RU4):
            if self.mode != "roll-up":
                self.displayed = {}
            self.mode, self.depth = "roll-up", b2 - _RU2 + 2
        elif b2 == _EOC:
            self.displayed, self.hidden = self.hidden, self.displayed
            self._emit(self.displayed)
        elif b2 == _EDM:
            if self.mode == "paint-on":
                self._emit(self.displayed)
            elif self.mode == "roll-up":
                self._emit_row()
            self.displayed = {}
        elif b2 == _ENM:
            self.hidden = {}
        elif b2 == _CR:
            assert self.mode == "roll-up", "CR outside roll-up"
            self._emit_row()
            top = self.row - self.depth + 1
            self.displayed = {r - 1: cells for r, cells in self.displayed.items()
                              if top < r <= self.row}
            self.col = 0
        elif b2 == _BS:
            if self.col > 0:
                self.col -= 1
                self._memory().get(self.row, {}).pop(self.col, None)
        elif b2 == _DER:
            cells = self._memory().get(self.row, {})
            for c in [c for c in cells if c >= self.col]:
                del cells[c]
        else:
            raise AssertionError(f"unexpected control code 14{b2:02x}")


def _scc(data: bytes) -> Decoded:
    text = data.decode("ascii")
    lines = text.split("\r\n")
    assert lines[0] == "Scenarist_SCC V1.0"
    decoder = Line21()
    for line in lines[1:]:
        if not line:
            continue
        label, words = line.split("\t")
        assert re.fullmatch(r"\d\d:\d\d:\d\d[:;]\d\d", label), label
        decoder.gap()  # a line starts at a gap, a command or a full line; never mid-code
        for word in words.split(" "):
            decoder.word(int(word[:2], 16), int(word[2:], 16))
    return decoder.finish()


#: mcc.md §4: the letters that stand for byte runs (``U`` is never written).
_MCC_ALIASES = {**{chr(ord("G") + n - 1): "FA0000" * n for n in range(1, 10)},
                "P": "FB8080", "Q": "FC8080", "R": "FD8080", "S": "9669", "T": "6101",
                "Z": "00"}


def _mcc_packets(text: str) -> Iterator[bytes]:
    for line in text.split("\r\n"):
        if not re.match(r"\d\d:\d\d:\d\d:\d\d\t", line):
            continue
        payload = line.split("\t", 1)[1]
        hexed = "".join(_MCC_ALIASES.get(ch, ch) for ch in payload)
        yield bytes.fromhex(hexed)


def _mcc(data: bytes) -> Decoded:
    text = data.decode("ascii")
    assert text.startswith("File Format=MacCaption_MCC V1.0\r\n")
    assert "\r\nTime Code Rate=30DF\r\n" in text
    decoder = Line21()
    for packet in _mcc_packets(text):
        assert packet[:2] == b"\x61\x01", "not a CDP packet"
        cdp = packet[3:3 + packet[2]]
        assert len(cdp) == packet[2] == cdp[2] and sum(cdp) % 256 == 0, "bad CDP"
        assert cdp[:2] == b"\x96\x69" and cdp[7] == 0x72
        count = cdp[8] & 0x1F
        triplets = [cdp[9 + 3 * k:12 + 3 * k] for k in range(count)]
        field1 = [t for t in triplets if t[0] == 0xFC]
        assert len(field1) == 1, "one field-1 pair per frame"
        decoder.word(field1[0][1], field1[0][2])
    return decoder.finish()


# ------------------------------------------------------------------------ Cheetah CAP

#: cheetah-cap.md §5: the special bytes 0x81-0x95.
_CAP_SPECIAL = dict(zip(range(0x81, 0x96), "♪áéíóúâêîôûàèÑñç¢£¿½®", strict=True))


def _cap(data: bytes) -> Decoded:
    assert data[:2] == b"\xea\x22" and data[2] <= 3
    out: list[list[str]] = []
    at = 128
    while at < len(data):
        length, flags = data[at], data[at + 1]
        block = data[at:at + length]
        assert len(block) == length and block[-1] == 0
        text = block[19 if flags & 0x20 else 15:-1]
        rows: list[str] = []
        for raw in re.split(b"\x00+", text):
            chars = []
            for byte in raw:
                if 0x20 <= byte <= 0x7E:
                    chars.append(chr(byte))
                elif byte in _CAP_SPECIAL:
                    chars.append(_CAP_SPECIAL[byte])
                else:
                    assert byte < 0x20 or byte >= 0xC0, f"byte {byte:02x} is not CAP text"
            rows.append("".join(chars))
        out.append([row for row in rows if row])
        at += length
    return Decoded(out)


# --------------------------------------------------------------------------- EBU STL

#: ebu-stl.md §5: the single bytes of character code table 00 that are written.
_EBU_SINGLE = {
    0xA0: "\u00a0", 0xA1: "¡", 0xA2: "¢", 0xA3: "£", 0xA5: "¥", 0xA7: "§", 0xA8: "¤",
    0xA9: "‘", 0xAA: "“", 0xAB: "«", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓",
    0xB0: "°", 0xB1: "±", 0xB2: "²", 0xB3: "³", 0xB4: "×", 0xB5: "µ", 0xB6: "¶", 0xB7: "·",
    0xB8: "÷", 0xB9: "’", 0xBA: "”", 0xBB: "»", 0xBC: "¼", 0xBD: "½", 0xBE: "¾", 0xBF: "¿",
    0xD0: "—", 0xD1: "¹", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD5: "♪", 0xD6: "¬", 0xD7: "¦",
    0xDC: "⅛", 0xDD: "⅜", 0xDE: "⅝", 0xDF: "⅞",
    0xE0: "\u2126", 0xE1: "Æ", 0xE4: "Ħ", 0xE6: "Ĳ", 0xE7: "Ŀ", 0xE8: "Ł", 0xE9: "Ø",
    0xEA: "Œ", 0xEC: "Þ", 0xED: "Ŧ", 0xEE: "Ŋ", 0xEF: "ŉ",
    0xF0: "ĸ", 0xF1: "æ", 0xF2: "đ", 0xF3: "ð", 0xF4: "ħ", 0xF5: "ı", 0xF6: "ĳ", 0xF7: "ŀ",
    0xF8: "ł", 0xF9: "ø", 0xFA: "œ", 0xFB: "ß", 0xFC: "þ", 0xFD: "ŧ", 0xFE: "ŋ",
    0xFF: "\u00ad",
}
#: ebu-stl.md §5: non-spacing diacritic bytes (written before their letter) and the spacing
#: accent the byte stands for when a space follows it.
_EBU_MARK = {0xC1: "\u0300", 0xC2: "\u0301", 0xC3: "\u0302", 0xC4: "\u0303", 0xC5: "\u0304",
             0xC6: "\u0306", 0xC7: "\u0307", 0xC8: "\u0308", 0xCA: "\u030a", 0xCB: "\u0327",
             0xCD: "\u030b", 0xCE: "\u0328", 0xCF: "\u030c"}
_EBU_SPACING = {0xC1: "`", 0xC2: "´", 0xC3: "^", 0xC4: "~", 0xC5: "¯", 0xC6: "˘", 0xC7: "˙",
                0xC8: "¨", 0xCA: "˚", 0xCB: "¸", 0xCD: "˝", 0xCE: "˛", 0xCF: "ˇ"}


def _ebu_row(raw: bytes) -> str:
    """One row of a text field: control codes show as spaces (ttconv), the row is trimmed."""
    chars: list[str] = []
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte in _EBU_MARK:
            follower = raw[i + 1]
            if follower == 0x20:
                chars.append(_EBU_SPACING[byte])
            else:
                composed = unicodedata.normalize("NFC", chr(follower) + _EBU_MARK[byte])
                assert len(composed) == 1, f"diacritic {byte:02x} on {chr(follower)!r}"
                chars.append(composed)
            i += 2
            continue
        if 0x20 <= byte <= 0x7E:
            chars.append(chr(byte))
        elif byte < 0x20 or 0x80 <= byte <= 0x9F:
            chars.append(" ")  # a control code takes a cell and shows nothing
        else:
            assert byte in _EBU_SINGLE, f"byte {byte:02x} is not written in CCT 00"
            chars.append(_EBU_SINGLE[byte])
        i += 1
    return "".join(chars).strip(" ")


def _ebu_stl(data: bytes) -> Decoded:
    assert len(data) % 128 == 0 and data[3:6] == b"STL" and data[12:14] == b"00"
    fields: dict[int, bytes] = {}
    order: list[int] = []
    for at in range(1024, len(data), 128):
        block = data[at:at + 128]
        number = int.from_bytes(block[1:3], "little")
        if number not in fields:
            fields[number] = b""
            order.append(number)
        assert block[15] == 0, "comment block"
        fields[number] += block[16:].split(b"\x8f", 1)[0]
    out: list[list[str]] = []
    for number in order:
        rows = [_ebu_row(raw) for raw in fields[number].split(b"\x8a")]
        out.append([row for row in rows if row])
    return Decoded(out)


# ------------------------------------------------------------- line-oriented text files

_STAMP = re.compile(r"\[\d{2,}:\d\d:\d\d\.\d{3}\]")
_SMPTE = r"\d\d:\d\d:\d\d[:;]\d\d"


def _qt(data: bytes, encoding: str) -> Decoded:
    lines = _text(data, encoding).split("\r\n")
    assert lines[0].startswith("{QTtext}") and lines[-1] == ""
    out: list[list[str]] = []
    current: list[str] | None = None
    for line in lines[1:-1]:
        if _STAMP.fullmatch(line):
            if current:
                out.append(current)
            current = []
        elif line:
            assert current is not None, "text before the first stamp"
            current.append(line)
    assert not current, "the file must end on a stamp"
    return Decoded(out)


def _spruce(data: bytes, encoding: str) -> Decoded:
    out: list[list[str]] = []
    for line in _text(data, encoding).split("\r\n")[:-1]:
        if line.startswith(("//", "$")) or not line:
            continue
        match = re.fullmatch(rf"{_SMPTE}\t,\t{_SMPTE}\t,\t(.*)", line)
        assert match, repr(line)
        out.append(match.group(1).split("|"))
    return Decoded(out)


def _avid_ds(data: bytes, encoding: str) -> Decoded:
    lines = _text(data, encoding).split("\r\n")
    body = lines[lines.index("<begin subtitles>") + 1:lines.index("<end subtitles>")]
    out: list[list[str]] = []
    current: list[str] | None = None
    for line in body:
        if current is None:
            assert re.fullmatch(rf"{_SMPTE} {_SMPTE}", line), repr(line)
            current = []
        elif line:
            current.append(line)
        else:
            out.append(current)
            current = None
    assert current is None
    return Decoded(out)


def _sonic_rows(text: str) -> list[str]:
    """Avid DVD text: ``|`` between rows, ``\\|`` a literal pipe, ``\\\\`` a backslash."""
    rows, row = [], []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            row.append(next(chars))
        elif ch == "|":
            rows.append("".join(row))
            row = []
        else:
            row.append(ch)
    rows.append("".join(row))
    return rows


def _avid_dvd(data: bytes, encoding: str) -> Decoded:
    out: list[list[str]] = []
    for line in _text(data, encoding).split("\r\n")[:-1]:
        if line.startswith("$") or not line:
            continue
        match = re.fullmatch(rf"\d+\t{_SMPTE}\t{_SMPTE}\t([^\t]*)", line)
        assert match, repr(line)
        out.append(_sonic_rows(match.group(1)))
    return Decoded(out)


def _rev_txt(data: bytes) -> Decoded:
    """Rev caption text: per speaker a ``Name (MM:SS):`` header, then one line per cue."""
    text = _text(data)
    out: list[list[str]] = []
    if not text:
        return Decoded(out)
    assert text.endswith("\r\n")
    for block in text[:-2].split("\r\n\r\n"):
        header, *cues = block.split("\r\n")
        assert re.fullmatch(r".* \((\d\d:)?\d\d:\d\d\):", header), repr(header)
        assert cues and all(cues), "a speaker without cues, or an empty cue"
        out += [[cue] for cue in cues]
    return Decoded(out)


def _encoding(options: dict[str, object]) -> str:
    encoding = str(options.get("encoding", "utf-8"))
    return {"us-ascii": "ascii", "windows-1252": "cp1252"}.get(encoding, encoding)


_DECODERS: dict[str, Callable[[bytes, dict[str, object]], Decoded]] = {
    "srt": lambda data, _: _srt(data),
    "facebook-srt": lambda data, _: _srt(data),
    "vtt": lambda data, _: _vtt(data),
    "ttml": lambda data, _: _ttml(data),
    "dfxp": lambda data, _: _ttml(data),
    "scc": lambda data, _: _scc(data),
    "mcc": lambda data, _: _mcc(data),
    "cap": lambda data, _: _cap(data),
    "ebu-stl": lambda data, _: _ebu_stl(data),
    "rev-txt": lambda data, _: _rev_txt(data),
    "qt": lambda data, o: _qt(data, _encoding(o)),
    "spruce-stl": lambda data, o: _spruce(data, _encoding(o)),
    "avid-ds": lambda data, o: _avid_ds(data, _encoding(o)),
    "avid-dvd": lambda data, o: _avid_dvd(data, _encoding(o)),
}
CAPTION_FORMATS = tuple(_DECODERS)


def decode(name: str, data: bytes, options: dict[str, object]) -> Decoded:
    """The captions and rows of ``data``, written as caption format ``name`` with
    ``options`` (the encoding and the 608 mode matter here)."""
    decoded = _DECODERS[name](data, options)
    if options.get("mode") == "roll-up":
        decoded.bounded = False
    return decoded


