"""An existing caption track laid out again for another format, and its transcript view.

A caption file that comes in already has its cues, and their timing is the author's: a
conversion keeps every cue's start and end. :func:`relayout` only re-breaks a cue's lines
where the target's lines are narrower or fewer, with the segmenter's own line-breaking
rules, and splits a cue in two (or more) only when its text cannot fit one, sharing the
cue's time by characters. It never merges cues. Lines that already fit are kept as the
author broke them.

:func:`transcript_of` is the other direction, used when a caption track is asked for a
transcript (txt, docx, …) or rebuilt from its words (``resegment``): cues become turns by
speaker, and each cue's time is spread over its words by characters.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import TAG, WORD, CaptionTrack, Cue, Token, Transcript, Turn
from ..text.lines import clean_line
from ..text.repertoire import Folder
from . import CaptionStyle, speaker_marker
from .layout import layout_lines
from .text import FOLLOWS, NONE, after_strength, wrap_cut


def relayout(track: CaptionTrack, style: CaptionStyle, folder: Folder | None = None,
             *, mark_speakers: bool = False) -> CaptionTrack:
    """``track`` with every cue's lines folded (when ``folder``) and fitted to ``style``.

    ``mark_speakers``: the target shows a speaker only in the text (SubRip, SCC, …), so a
    cue that opens a speaker's turn and does not show who speaks (the source said it apart
    from the text: a WebVTT voice, a TTML agent) gets the style's marker, as a transcript's
    cues do; a cue that already shows a mark is left as the author wrote it.
    """
    cues: list[Cue] = []
    for cue in sorted(track.cues, key=lambda c: (c.start, c.end)):
        lines = [clean_line(line) for line in cue.lines]
        if mark_speakers and cue.new_speaker and cue.speaker_label and lines \
                and not _marked(lines[0], cue.speaker_label):
            marker = speaker_marker(style, cue.speaker_label)
            lines[0] = f"{marker} {lines[0]}" if marker else lines[0]
        if folder is not None:
            lines = [clean_line(folder.fold(line)) for line in lines]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if len(lines) <= style.max_lines and max(map(len, lines)) <= style.max_chars:
            # Cues are frozen: one whose lines are kept as they are is shared, not copied
            # (dataclasses.replace was a sixth of a ten-hour SubRip → WebVTT conversion).
            kept = tuple(lines)
            cues.append(cue if kept == cue.lines else dataclasses.replace(cue, lines=kept))
        else:
            cues.extend(_refit(cue, lines, style))
    speakers = track.speakers
    if folder is not None:
        speakers = {key: dataclasses.replace(s, name=folder.fold(s.name),
                                             prefix=folder.fold(s.prefix),
                                             suffix=folder.fold(s.suffix))
                    for key, s in speakers.items()}
    return dataclasses.replace(track, cues=cues, speakers=speakers)


def _marked(line: str, label: str) -> bool:
    """Whether ``line`` opens with a speaker mark: chevrons, a dash, or the name."""
    return line.startswith((">>", "-", "–", "—")) or line.casefold().startswith(
        f"{label.casefold()}:")


def _words(lines: list[str], width: int) -> list[str]:
    """The cue's words, any wider than a line hard-wrapped into pieces that fit."""
    words: list[str] = []
    for word in " ".join(lines).split():
        while len(word) > width:
            cut = wrap_cut(word, width)
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    return words


def _refit(cue: Cue, lines: list[str], style: CaptionStyle) -> list[Cue]:
    """The cue re-broken for ``style``: one cue when its words fit, else consecutive cues
    that share its time by characters."""
    width = style.max_chars
    words = _words(lines, width)
    lens = list(map(len, words))
    strength = [NONE if (s := after_strength(w)) == FOLLOWS else s for w in words]
    groups: list[tuple[int, int]] = []  # (first word, last word) of each cue, greedy
    first, rows, used = 0, 1, -1
    for i, size in enumerate(lens):
        if used + 1 + size <= width:
            used += 1 + size
            continue
        if i > first and rows < style.max_lines:
            rows, used = rows + 1, size
            continue
        if i > first:
            groups.append((first, i - 1))
        first, rows, used = i, 1, size
    groups.append((first, len(words) - 1))
    texts = [layout_lines(words, lens, strength, a, b, width) for a, b in groups]
    total = sum(chars for _, chars in texts) or 1
    span = max(cue.end - cue.start, len(groups))
    out: list[Cue] = []
    done = 0
    for index, (part, chars) in enumerate(texts):
        start = cue.start + span * done // total
        done += chars
        end = cue.start + span * done // total if index < len(texts) - 1 else cue.end
        out.append(dataclasses.replace(cue, start=start, end=max(end, start + 1), lines=part,
                                       new_speaker=cue.new_speaker and index == 0))
    return out


#: A word, or a bracketed tag that may hold spaces (``[door slams]``).
_WORDS = re.compile(r"\[[^\[\]\n]*\]|\S+")
#: Marks that are no words when they open a line: speaker-change chevrons, a dialogue dash.
_MARKS = frozenset((">>", ">>>", "-", "–", "—"))


def transcript_of(track: CaptionTrack) -> Transcript:
    """The track as a transcript: consecutive cues of one speaker make a turn; words are
    timed within their cue by characters; ``[laughter]``-style words become tags; the
    visible speaker marker a segmenter put in front of a cue is not a word."""
    turns: list[Turn] = []
    for cue in sorted(track.cues, key=lambda c: (c.start, c.end)):
        text = " ".join(cue.lines)
        words = _WORDS.findall(text)
        label = cue.speaker_label
        skip = 0
        for marker in (f"{label}:", f">> {label}:", f">>{label}:") if label else ():
            count = len(marker.split())
            if words[:count] == marker.split():
                skip = count
                break
        marks = _line_marks(cue.lines, words)
        hinted = _hinted_words(cue, text, words) if cue.hints else None
        if hinted is not None:
            tokens = [token for i, token in enumerate(hinted) if i >= skip and i not in marks]
        else:
            words = [word for i, word in enumerate(words) if i >= skip and i not in marks]
            tokens = _timed_words(words, cue.start, cue.end)
        if not tokens:
            continue
        if turns and turns[-1].speaker == cue.speaker and not cue.new_speaker:
            turn = turns[-1]
            turn.tokens.extend(tokens)
            turn.end = max(turn.end or cue.end, cue.end)
        else:
            turns.append(Turn(cue.speaker, cue.start, cue.end, tokens))
    return Transcript(turns=turns, speakers=track.speakers, title=track.title,
                      description=track.description, language=track.language,
                      duration=track.duration, annotations=track.annotations,
                      metadata=track.metadata, source=track.source,
                      encoding=track.encoding)


def _hinted_words(cue: Cue, text: str, words: list[str]) -> list[Token] | None:
    """The cue's words timed by its ``word-times`` hint (a WebVTT reader's inline time
    stamps), None without one.

    The hint is the cue's length when read, then ``word:offset`` pairs: the word counted in
    ``text`` split at spaces, and its start in milliseconds after the cue's; offsets are
    scaled to the cue's length now (a frame-rate change keeps them right). Words between two
    timed ones share that time by characters, as in a cue without times.
    """
    value = next((value for name, value in cue.hints if name == "word-times"), None)
    if value is None:
        return None
    try:
        length, *pairs = (int(number) for item in value.split() for number in item.split(":"))
        offsets = dict(zip(pairs[::2], pairs[1::2], strict=True))
    except ValueError:
        return None
    span = max(cue.end - cue.start, 0)
    starts = {0: cue.start}  # word index in ``words`` -> its start
    spaces = last = 0
    for index, match in enumerate(_WORDS.finditer(text)):
        spaces += text.count(" ", last, match.start())
        last = match.start()
        if spaces in offsets:
            offset = min(max(offsets.pop(spaces), 0), length)
            starts[index] = cue.start + span * offset // max(length, 1)
    bounds = sorted(starts.items())
    tokens: list[Token] = []
    for (first, begin), (stop, end) in zip(bounds, [*bounds[1:], (len(words), cue.end)],
                                           strict=True):
        tokens.extend(_timed_words(words[first:stop], begin, max(end, begin)))
    return tokens


def _line_marks(lines: tuple[str, ...], words: list[str]) -> set[int]:
    """The places in ``words`` of the marks that open a line (``- ``, ``>>``): a dialogue
    dash or a speaker change, no word; a dash inside a line is the author's punctuation."""
    marks: set[int] = set()
    at = 0
    for line in lines:
        count = len(_WORDS.findall(line))
        if count and at < len(words) and words[at] in _MARKS:
            marks.add(at)
        at += count
    if at != len(words):  # a bracketed tag across two lines: judge every word alone
        return {i for i, word in enumerate(words) if word in _MARKS}
    return marks


def _timed_words(words: list[str], start: int, end: int) -> list[Token]:
    """``words`` as tokens sharing ``start..end`` by their characters."""
    total = sum(map(len, words)) or 1
    span = max(end - start, 0)
    tokens: list[Token] = []
    done = 0
    for word in words:
        begin = start + span * done // total
        done += len(word)
        finish = start + span * done // total
        tag = word[1:-1].strip() if word[0] == "[" and word[-1] == "]" else ""
        tokens.append(Token(TAG, tag, begin, finish) if tag
                      else Token(WORD, word, begin, finish))
    return tokens
