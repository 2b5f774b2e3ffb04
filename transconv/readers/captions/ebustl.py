"""EBU STL (EBU Tech 3264): one 1024-byte GSI block, then 128-byte TTI blocks.

The layout is the format note's (ebu-stl.md §2–§4); the GSI field widths are the writer's
table (:data:`transconv.formats.ebustl.gsi.FIELDS`), the text decoding is
:mod:`.ebustl_text`. What the reader makes of a file:

* **Frame rate** from the disk format code: ``STL25.01`` is 25 fps; ``STL30.01`` is 30 fps as
  the EBU document says, read as wall-clock labels (``HH:MM:SS`` + ``FF``/30), which is
  exact for 30 fps files and within two frames for 29.97 files written with drop-frame
  labels; with ``frame_rate=29.97`` (``--frame-rate``) the labels are read as 29.97
  drop-frame exactly. ``STL23.01``, ``STL24.01`` and ``STL50.01`` are not EBU codes but are
  written by some tools (and read by ttconv): read with a warning. Any other code is refused.
* **Times** are the file's: TCI and TCO as they stand, so a file authored against a tape
  starting at ``10:00:00:00`` reads ten hours late. The programme start (GSI TCP) is kept
  in ``track.metadata["programme_start"]``; ``--timecode-offset 10:00:00:00`` takes it off
  (read at the file's rate). Not applied by itself because readers differ (ttconv does not
  either) and because TCP is often a nominal value the TCIs do not follow.
* **Subtitles**: the blocks of one subtitle (extension blocks EBN 0, 1, … then FF) are
  joined; user-data and reserved blocks (EBN F0–FE) and comments (CF 1) are skipped;
  subtitles of a cumulative set (CS 1–3) stay separate cues with their own times, so they
  overlap as they do on screen. A subtitle whose out-time is not after its in-time is
  dropped with a warning (as ttconv does).
* **Hints**: justification (JC 1–3) → ``align``; vertical position → ``line`` (the top of
  the first row as a percentage of the 23 teletext rows, or of MNR rows for open
  subtitling); colour, italics, underline from the text field (:mod:`.ebustl_text`).
* **Document**: language from LC, title from OPT (else TPT), description from OET (else
  TET), GSI text decoded in the code page CPN names; the other GSI fields in
  ``metadata["gsi"]``.
* **Bad input**: a file shorter than the GSI block, an unknown disk format code or a time
  code that is not one is an error naming the block (``GSI block``, ``TTI block 12``: the
  twelfth 128-byte block after the GSI). A file cut short inside a TTI block is read up to
  the last whole block, with a warning.
"""

from __future__ import annotations

import struct
from fractions import Fraction
from typing import Final, NamedTuple

from ...errors import InvalidInput, UsageError
from ...formats.ebustl.gsi import FIELDS
from ...formats.ebustl.gsi import SIZE as GSI_SIZE
from ...formats.ebustl.languages import LANGUAGE_CODES
from ...formats.ebustl.tti import LAST_BLOCK, TEXT_SIZE, UNUSED
from ...formats.ebustl.tti import SIZE as TTI_SIZE
from ...model import CaptionTrack
from ...timecode import frame_to_ms, label_to_frame
from ..common import CERTAIN, LIKELY, NOT, ReadOptions, warn
from ..text import clean
from .cues import TrackBuilder
from .ebustl_text import TABLES, CharTable, decode_field

__all__ = ["read", "sniff"]

_GSI: Final = "GSI block"
_NTSC: Final = Fraction(30000, 1001)
#: Disk format code → (frame rate, defined by EBU Tech 3264).
_RATES: Final[dict[bytes, tuple[Fraction, bool]]] = {
    b"STL25.01": (Fraction(25), True), b"STL30.01": (Fraction(30), True),
    b"STL23.01": (Fraction(24000, 1001), False), b"STL24.01": (Fraction(24), False),
    b"STL50.01": (Fraction(50), False)}
_CODE_PAGES: Final = {"437": "cp437", "850": "cp850", "860": "cp860", "863": "cp863",
                      "865": "cp865"}


def _slices() -> dict[str, slice]:
    """GSI field name → its bytes' slice, from the writer's field table."""
    out: dict[str, slice] = {}
    offset = 0
    for name, width in FIELDS:
        out[name] = slice(offset, offset + width)
        offset += width
    return out


_SLICES: Final = _slices()
#: LC → a BCP 47 primary tag: the first tag the writer's table gives each code (``1E`` is
#: ``no``, not ``nb``).
_LANGUAGES: Final = {code: tag for tag, code in reversed(LANGUAGE_CODES.items())}
#: GSI fields kept in the track's metadata when not blank.
_KEPT: Final = ("CPN", "DFC", "DSC", "CCT", "LC", "TPT", "TET", "TN", "TCD", "SLR", "CD", "RD",
                "RN", "TNB", "TNS", "TNG", "MNC", "MNR", "TCS", "TCP", "TCF", "TND", "DSN",
                "CO", "PUB", "EN", "ECD")
_HEAD = struct.Struct("<BHBB4s4sBBB")


class _Head(NamedTuple):
    """A TTI block's fields before its text (ebu-stl.md §3)."""

    group: int
    subtitle: int
    extension: int
    cumulative: int
    time_in: bytes
    time_out: bytes
    position: int
    justification: int
    comment: int


_TELETEXT_ROWS: Final = 23
_ALIGN: Final = {1: "left", 2: "center", 3: "right"}
_COMMENT: Final = 1
_FIRST_RESERVED: Final = 0xF0  # EBN F0–FD reserved, FE user data


def sniff(head: bytes) -> int:
    """Certain when the disk format code is an EBU one and a code page number precedes it;
    likely for the ``STLnn.01`` codes others write. Spruce STL (text, also ``.stl``) starts
    with ``//``, ``$`` or a time code, never like this."""
    dfc = head[3:11]
    if len(dfc) < 8 or dfc[:3] != b"STL" or dfc[5:] != b".01" or not dfc[3:5].isdigit():
        return NOT
    return CERTAIN if head[:3].isdigit() and _RATES.get(dfc, (0, False))[1] else LIKELY


class _Header:
    """What the GSI block says that reading the TTI blocks needs."""

    def __init__(self, gsi: bytes, options: ReadOptions, source: str) -> None:
        fields = {name: gsi[where] for name, where in _SLICES.items()}
        rate, defined = _RATES.get(fields["DFC"], (Fraction(0), False))
        if not rate:
            raise InvalidInput(f"disk format code {_shown(fields['DFC'])} is not STL25.01 "
                               "or STL30.01", where=_GSI)
        if not defined:
            warn(source, _GSI, f"disk format code {fields['DFC'].decode()} is not an EBU "
                               f"one; read at {float(rate):g} fps")
        self.drop = rate == 30 and options.rate == _NTSC
        self.rate = _NTSC if self.drop else rate
        code_page = fields["CPN"].decode("latin-1")
        codec = _CODE_PAGES.get(code_page)
        if codec is None:
            warn(source, _GSI, f"code page {code_page!r} is not one EBU STL names; "
                               "GSI text read as code page 850")
        self.text = {name: clean(raw.decode(codec or "cp850")).strip(" \x00")
                     for name, raw in fields.items()}
        cct = self.text["CCT"]
        table = TABLES.get(cct)
        if table is None:
            warn(source, _GSI, f"character code table {cct!r} is not 00-04; text read as "
                               "Latin (00)")
        self.table: CharTable = table or TABLES["00"]
        self.teletext = self.text["DSC"] != "0"
        mnr = self.text["MNR"]
        self.rows = int(mnr) if not self.teletext and _digits(mnr) and int(mnr) else \
            _TELETEXT_ROWS

    def ms(self, label: bytes, what: str, where: str) -> int:
        """Milliseconds of a binary ``HH MM SS FF`` time code at the file's rate."""
        hh, mm, ss, ff = label
        try:
            if hh <= 23:  # EBU STL time codes are of one day
                frame = label_to_frame(hh, mm, ss, ff, self.rate, self.drop)
                return frame_to_ms(frame, self.rate)
        except UsageError:
            pass
        raise InvalidInput(f"{what} {hh:02}:{mm:02}:{ss:02}:{ff:02} is not a time code at "
                           f"{float(self.rate):g} fps", where=where)

    def track_facts(self) -> dict[str, object]:
        text = self.text
        metadata: dict[str, object] = {}
        tcp = text["TCP"]
        if len(tcp) == 8 and _digits(tcp):
            metadata["programme_start"] = ":".join(tcp[i:i + 2] for i in range(0, 8, 2))
        metadata["gsi"] = {name: text[name] for name in _KEPT if text[name]}
        return {
            "title": text["OPT"] or text["TPT"] or None,
            "description": text["OET"] or text["TET"] or None,
            "language": _LANGUAGES.get(text["LC"].upper()),
            "metadata": metadata,
            "frame_rate": self.rate,
            "drop_frame": self.drop,
        }


def _digits(text: str) -> bool:
    """ASCII digits only (code page 850 has ``²``, which ``str.isdigit`` accepts)."""
    return text.isascii() and text.isdigit()


def _shown(raw: bytes) -> str:
    return repr(raw.decode("latin-1"))


class _Subtitles:
    """The TTI blocks' subtitles into a track builder: extension blocks joined, comments
    and user data skipped, bad times refused by block number."""

    def __init__(self, header: _Header, builder: TrackBuilder, source: str) -> None:
        self.header = header
        self.builder = builder
        self.source = source
        self.pending: list[bytes] = []
        self.pending_head = _Head(0, -1, 0, 0, b"", b"", 0, 0, 0)
        self.pending_block = 0
        self.unknown = 0

    def block(self, number: int, raw: bytes, offset: int) -> None:
        """Take TTI block ``number`` (1-based), which starts at ``offset`` in ``raw``."""
        head = _Head._make(_HEAD.unpack_from(raw, offset))
        if _FIRST_RESERVED <= head.extension < LAST_BLOCK:
            return
        text = raw[offset + TTI_SIZE - TEXT_SIZE:offset + TTI_SIZE]
        cut = text.find(UNUSED)
        if self.pending and head.subtitle != self.pending_head.subtitle:
            self.unfinished()
        self.pending.append(text if cut < 0 else text[:cut])
        self.pending_head, self.pending_block = head, number
        if head.extension == LAST_BLOCK:
            self.finish()

    def unfinished(self) -> None:
        """A subtitle whose last extension block never came (the next subtitle started, or
        the file ended): every block repeats the times, so it is kept, with a warning."""
        warn(self.source, f"TTI block {self.pending_block}",
             "the subtitle's last extension block (EBN FF) is missing")
        self.finish()

    def finish(self) -> None:
        """The pending blocks as one subtitle, timed by the last of them."""
        field = b"".join(self.pending)
        self.pending = []
        head = self.pending_head
        if head.comment == _COMMENT:
            return
        where = f"TTI block {self.pending_block}"
        start = self.header.ms(head.time_in, "time code in", where)
        end = self.header.ms(head.time_out, "time code out", where)
        if end <= start:
            warn(self.source, where, "the subtitle ends before it starts; skipped")
            return
        decoded = decode_field(field, self.header.table)
        self.unknown += decoded.unknown
        hints: list[tuple[str, str]] = []
        if head.justification in _ALIGN:
            hints.append(("align", _ALIGN[head.justification]))
        rows = self.header.rows
        if 0 <= head.position <= rows:
            hints.append(("line", f"{max(head.position - 1, 0) * 100 // rows}%"))
        self.builder.add(start, end, decoded.lines, hints=(*hints, *decoded.hints))


def read(raw: bytes, options: ReadOptions, source: str) -> CaptionTrack:
    """The subtitles of an EBU STL file."""
    if len(raw) < GSI_SIZE:
        raise InvalidInput(f"the file has {len(raw)} bytes, fewer than the {GSI_SIZE} of the "
                           "GSI block", where=_GSI)
    header = _Header(raw[:GSI_SIZE], options, source)
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    subtitles = _Subtitles(header, builder, source)
    whole, rest = divmod(len(raw) - GSI_SIZE, TTI_SIZE)
    for index in range(whole):
        subtitles.block(index + 1, raw, GSI_SIZE + index * TTI_SIZE)
    if subtitles.pending:
        subtitles.unfinished()
    if rest:
        warn(source, f"TTI block {whole + 1}", f"cut short ({rest} of {TTI_SIZE} bytes); "
                                               "read up to the last whole block")
    if subtitles.unknown:
        warn(source, "", f"{subtitles.unknown} byte(s) are no character of code table "
                         f"{header.text['CCT'] or '00'} ({header.table.name}); read as U+FFFD")
    return builder.track(**header.track_facts())
