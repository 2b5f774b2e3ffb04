"""A CEA-608 decoder: byte pairs with their frames in, the cues each channel showed out.

Line 21 carries commands, not captions, so this models what a caption decoder does with
them (47 CFR 15.119 / CEA-608) and records what its screen shows:

- two fields, each with two data channels: field 1 carries CC1/CC2, field 2 CC3/CC4. A
  control code's first byte names its channel (bit 0x08: the second one); text pairs go to
  the channel the field's last code named. XDS packets (field 2, first byte 0x01-0x0F) and
  text mode (TR, RTD) are not captions and are skipped;
- a code repeated in the next frame counts once (encoders send every code twice), a third
  copy counts again, so two intended identical specials (``♪♪``) sent as four words stay two;
- odd parity is checked: a text byte that fails shows as the solid block, as on a TV, and a
  code that fails is dropped (its doubled copy then acts); :attr:`Decoder.bad` counts them;
- per channel, the three modes: pop-on (RCL, text into the non-displayed memory, EOC swaps
  the memories), roll-up (RU2/3/4: text on the base row, CR scrolls the window up) and
  paint-on (RDC: text straight onto the screen); EDM, ENM, BS, DER, TO1-3, PACs (row,
  indent, colour, italics, underline), mid-row codes (a styled space), and the basic,
  special and extended characters (an extended one replaces the character before it).

What becomes a cue: whatever the displayed memory shows, from the frame it appears to the
frame it is erased or replaced. Pop-on: from the EOC that shows a caption to the EDM or the
next EOC. Text that arrives on the screen (roll-up, paint-on) extends the cue on screen;
when shown text is changed (a CR scrolls, BS or DER erases, a character overwrites one) the
cue as it stood ends when the next text arrives, and a new cue with the whole screen
starts there. So roll-up gives one cue per row, each showing the visible rows, from its
first character to the next row's first character.
"""

from __future__ import annotations

import array
import sys
from typing import Final

from .chars import BASIC_CHARS, EXTENDED_CHARS, ODD, PAC_ROWS, PLACEHOLDER, SPECIAL_CHARS, TEXT
from .screen import COLUMNS, ITALIC, ROWS, UNDERLINE, Memory, Shown

#: Channel modes.
NONE, POP_ON, ROLL_UP, PAINT_ON, TEXT_MODE = range(5)

#: One cue a channel showed: first frame, frame it went, lines and hints.
Cue = tuple[int, int, tuple[str, ...], tuple[tuple[str, str], ...]]

_NULL: Final = 0x8080


class Channel:
    """One caption channel's decoder state and the cues it has shown."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.mode = NONE
        self.displayed, self.hidden = Memory(), Memory()
        self.row, self.col, self.style = ROWS, 0, 0
        self.depth = 2
        self.cues: list[Cue] = []
        self.since: int | None = None  # the frame the displayed text appeared
        self.before: Shown | None = None  # the screen before a change, until text follows
        self.loaded = False  # text was loaded in pop-on since the last EOC/ENM

    # --- what the screen shows --------------------------------------------------------

    def _emit(self, shown: Shown | None, end: int) -> None:
        if shown is not None and self.since is not None and end > self.since:
            self.cues.append((self.since, end, shown[0], shown[1]))

    def _close(self, frame: int) -> None:
        """The screen changes at ``frame`` (EDM, EOC): the cue on it ends."""
        if self.since is not None:
            self._emit(self.before if self.before is not None else self.displayed.snapshot(),
                       frame)
        self.since, self.before = None, None

    def _changing(self) -> None:
        """Shown text is about to be erased or replaced: keep the screen as it stood."""
        if self.since is not None and self.before is None:
            self.before = self.displayed.snapshot()

    def _arrived(self, frame: int) -> None:
        """Text arrived on the screen at ``frame``."""
        if self.before is not None:
            self._emit(self.before, frame)
            self.before, self.since = None, frame
        elif self.since is None:
            self.since = frame

    def finish(self, frame: int) -> None:
        """The data ends: what is still shown ends at ``frame``."""
        self._close(frame)

    # --- text ---------------------------------------------------------------------------

    def text(self, frame: int, text: str) -> None:
        """Printable characters at the cursor."""
        mode = self.mode
        if mode == POP_ON:
            cells, styles = self.hidden.row(self.row)
            col, end = self.col, self.col + len(text)
            if end <= COLUMNS:  # the usual case: the text fits the row
                cells[col:end] = text
                styles[col:end] = (self.style,) * len(text)
                self.col = end
            else:
                for ch in text:
                    col = self.col if self.col < COLUMNS else COLUMNS - 1
                    cells[col], styles[col] = ch, self.style
                    self.col = col + 1
            self.loaded = True
        elif mode in (ROLL_UP, PAINT_ON):
            for ch in text:
                self._put_shown(frame, ch)

    def _put_shown(self, frame: int, ch: str, replaces: bool = False) -> None:
        cells, styles = self.displayed.row(self.row)
        col = self.col if self.col < COLUMNS else COLUMNS - 1
        if not replaces and cells[col] != " ":
            self._changing()
        cells[col] = ch
        styles[col] = self.style
        self.col = col + 1
        self._arrived(frame)

    def _put(self, frame: int, ch: str, replaces: bool = False) -> None:
        if self.mode == POP_ON:
            cells, styles = self.hidden.row(self.row)
            col = self.col if self.col < COLUMNS else COLUMNS - 1
            cells[col], styles[col] = ch, self.style
            self.col = col + 1
            self.loaded = True
        elif self.mode in (ROLL_UP, PAINT_ON):
            self._put_shown(frame, ch, replaces)

    def _memory(self) -> Memory:
        return self.hidden if self.mode == POP_ON else self.displayed

    # --- codes ----------------------------------------------------------------------------

    def code(self, frame: int, first: int, second: int) -> None:
        """A two-byte code; ``first`` without its channel bit (0x10-0x17)."""
        if second >= 0x40:
            self._pac(first, second)
        elif first == 0x14 or first == 0x15:
            if second < 0x30:
                self._command(frame, second)
        elif first == 0x11:
            if second < 0x30:
                self._mid_row(frame, second)
            else:
                self._put(frame, SPECIAL_CHARS[second])
        elif first == 0x12 or first == 0x13:
            ch = EXTENDED_CHARS.get((first, second))
            if ch is not None:
                if self.col > 0:
                    self.col -= 1
                self._put(frame, ch, replaces=True)
        elif first == 0x17 and 0x21 <= second <= 0x23:
            self.col = min(self.col + second - 0x20, COLUMNS - 1)
        # 0x10/0x17 background and foreground attributes, alternate character sets: no text

    def _pac(self, first: int, second: int) -> None:
        rows = PAC_ROWS.get(first)
        if rows is None:
            return
        row = rows[1] if second & 0x20 else rows[0]
        if self.mode == ROLL_UP:
            row = max(row, self.depth)
            if row != self.row:  # the window moves with its base row
                shift = row - self.row
                self.displayed.move_rows({r: r + shift for r in self._window()})
        self.row = row
        low = second & 0x1F
        underline = UNDERLINE if low & 1 else 0
        if low >= 0x10:
            self.col, self.style = (low - 0x10) // 2 * 4, underline
        else:
            colour = low >> 1
            self.col = 0
            self.style = (ITALIC if colour == 7 else colour) | underline

    def _mid_row(self, frame: int, second: int) -> None:
        """A style change that takes a column, shown as a space."""
        kind = (second & 0x0E) >> 1
        underline = UNDERLINE if second & 1 else 0
        # italics keep the colour; a colour ends italics
        style = (self.style & 7) | ITALIC if kind == 7 else kind
        self.style = style | underline
        self._put(frame, " ")

    def _window(self) -> range:
        return range(self.row - self.depth + 1, self.row + 1)

    def _command(self, frame: int, second: int) -> None:
        if second == 0x20:  # RCL
            self.mode = POP_ON
        elif second == 0x29:  # RDC
            self.mode = PAINT_ON
        elif 0x25 <= second <= 0x27:  # RU2-RU4
            depth = second - 0x23
            if self.mode != ROLL_UP:
                self._close(frame)
                self.displayed.clear()
                self.hidden.clear()
                self.mode, self.row, self.col, self.style = ROLL_UP, ROWS, 0, 0
            elif depth < self.depth:  # rows above the smaller window are erased
                self._changing()
                self.depth = depth
                self.displayed.move_rows({r: r for r in self._window()})
            self.depth = depth
            self.row = max(self.row, depth)
        elif second == 0x2C:  # EDM
            self._close(frame)
            self.displayed.clear()
        elif second == 0x2E:  # ENM
            self.hidden.clear()
            self.loaded = False
        elif second == 0x2F:  # EOC
            self._close(frame)
            self.displayed, self.hidden = self.hidden, self.displayed
            self.loaded = False
            if not self.displayed.blank():
                self.since = frame
        elif second == 0x2D:  # CR
            if self.mode == ROLL_UP:
                self._changing()
                self.displayed.move_rows({r: r - 1 for r in self._window()
                                          if r > self.row - self.depth + 1})
                self.col = 0
        elif second == 0x21:  # BS
            self._erase(1)
        elif second == 0x24:  # DER
            self._erase(0)
        elif second == 0x2A or second == 0x2B:  # TR, RTD: text service
            self.mode = TEXT_MODE

    def _erase(self, back: int) -> None:
        """BS (``back`` 1: the cell left of the cursor) or DER (0: cursor to row end)."""
        if self.mode == NONE or self.mode == TEXT_MODE:
            return
        if back:
            if self.col == 0:
                return
            self.col = min(self.col, COLUMNS) - 1
            cells_erased = range(self.col, self.col + 1)
        else:
            cells_erased = range(min(self.col, COLUMNS), COLUMNS)
        memory = self._memory()
        cells = memory.chars.get(self.row)
        if cells is None or all(cells[c] == " " for c in cells_erased):
            return
        if memory is self.displayed:
            self._changing()
        for c in cells_erased:
            cells[c] = " "


def words_of(data: bytes) -> array.array[int]:
    """Two-byte words (first byte high), as the decoder takes them; a last odd byte is left
    out."""
    words = array.array("H")
    words.frombytes(data[:len(data) & ~1])
    if sys.byteorder == "little":
        words.byteswap()
    return words


class _Field:
    """One field's stream: the channel its text goes to, and the last code (doubling)."""

    __slots__ = ("current", "last", "last_frame")

    def __init__(self, channel: Channel) -> None:
        self.current: Channel | None = channel
        self.last = -1
        self.last_frame = -2


class Decoder:
    """Pairs of both fields in; each channel's cues (:attr:`channels`) out."""

    def __init__(self) -> None:
        self.channels = [Channel(n) for n in range(1, 5)]
        self.fields = (_Field(self.channels[0]), _Field(self.channels[2]))
        self.bad = 0  # words with a byte that failed the parity check
        self.words = 0  # words that were not null padding

    def pair(self, field: int, frame: int, word: int) -> None:
        """The two bytes (``word = first << 8 | second``, parity bits included) that field
        ``field`` (0 or 1) carried at ``frame``."""
        text = TEXT[word]
        stream = self.fields[field]
        if text is not None:
            self.words += 1
            stream.last = -1
            if stream.current is not None:
                stream.current.text(frame, text)
            return
        if word != _NULL:
            self._other(stream, field, frame, word)

    def _other(self, stream: _Field, field: int, frame: int, word: int) -> None:
        first, second = word >> 8, word & 0xFF
        b1, b2 = first & 0x7F, second & 0x7F
        self.words += 1
        if not (ODD[first] and ODD[second]):
            self.bad += 1
            stream.last = -1
            if b1 >= 0x20 and stream.current is not None:  # text: the bad byte as a block
                stream.current.text(frame, (BASIC_CHARS[b1] if ODD[first] else PLACEHOLDER)
                                    + (BASIC_CHARS[b2] if ODD[second] else PLACEHOLDER))
            return  # a code that cannot be trusted is dropped
        if b1 >= 0x10:
            if word == stream.last and frame - stream.last_frame <= 1:
                stream.last = -1  # the doubled copy
                return
            stream.last, stream.last_frame = word, frame
            if b2 < 0x20:
                return
            channel = self.channels[2 * field + (1 if b1 & 0x08 else 0)]
            stream.current = channel
            channel.code(frame, b1 & 0x17, b2)
        elif b1:  # XDS (0x01-0x0F): not captions until the next caption code
            stream.current, stream.last = None, -1
        else:
            self.words -= 1  # a null byte with a non-printing second byte

    def finish(self, frame: int) -> None:
        """The data ends at ``frame``: close what each channel still shows."""
        for channel in self.channels:
            channel.finish(frame)
