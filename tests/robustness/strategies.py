"""Hypothesis strategies: valid-but-weird transcripts built in the model, and mangled sources.

"Valid" means what readers promise writers (a span never ends before it starts, a timed
transcript's turns are in start order); everything else is left as hostile as a hand-built
``Transcript`` or a careless upstream tool can make it: any Unicode a ``str`` can hold except
lone surrogates (UTF-8 cannot carry them; the readers turn them into U+FFFD), right-to-left
text, combining marks, C0/C1 controls, text that is markup in some caption format, empty and
10 kB words, zero-length and identical times, untimed tokens inside timed turns, thousands of
speakers, and turns whose speaker is not in the table.
"""

from __future__ import annotations

import copy
import json
import math
from typing import Any

from hypothesis import strategies as st

from transconv.model import (
    PUNCT,
    SPACE,
    TAG,
    WORD,
    Annotation,
    Speaker,
    Token,
    TokenKind,
    Transcript,
    Turn,
)

#: Characters that have broken some caption or document format somewhere, plus the scripts
#: and code points (astral, RTL, combining, bidi controls) that stress width and encoding.
HOSTILE = (
    "-->", "<b>", "</c>", "&amp;", "&", "<", ">", "{", "}", "|", "^", "\\", "[", "]", "$",
    "\t", "\n", "\r", "\r\n", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\u2028",
    "\u2029", "\u200b", "\u200d", "\ufeff", "\u00a0", "\u202e", "\u200f", "\u0301", "\u0336",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\U0001f600",
    "\U0001f469\u200d\U0001f52c", "\U0001d518", "\U00020000", "\ufffd", "\uffff", "e\u0301",
    "NOTE", "WEBVTT", "1", "00:00:01,000 --> 00:00:02,000", "\x0c", "'", '"', "\u201c",
)

_ALPHABET = st.characters(exclude_categories=["Cs"])
_PIECE = st.one_of(st.sampled_from(HOSTILE), st.text(_ALPHABET, max_size=4))

#: Display text: usually a few hostile pieces glued together, sometimes empty.
text = st.lists(_PIECE, max_size=4).map("".join)
word_text = st.one_of(
    text,
    st.sampled_from(["hello", "Zoë", "\u05e9\u05dc\u05d5\u05dd", "\u4f1a\u8bae", "x"]),
    st.builds(lambda ch, n: ch * n, st.sampled_from(["w", "é", "\U0001f600", "\u05e9"]),
              st.sampled_from([10_000, 2_500])),
)

#: Upper bound of generated times: just past 100 hours, where two-digit hour fields end.
MAX_TIME = 100 * 3_600_000 + 1234


@st.composite
def _span(draw: st.DrawFn, timed: bool, lower: int,
          top: int = MAX_TIME) -> tuple[int | None, int | None]:
    """A (start, end) pair at or after ``lower``: sometimes missing, zero-length or identical."""
    if not timed or draw(st.integers(0, 9)) == 0:
        return None, None
    far = draw(st.integers(0, 15)) == 0  # now and then a jump towards 100 hours
    lower = min(lower, top)
    start = draw(st.integers(lower, top) if far else st.one_of(
        st.just(lower), st.integers(lower, min(lower + 5_000, top))))
    length = draw(st.sampled_from([0, 0, 1, 33, 400, 2_000, 9_000]))
    end = min(start + length, top)
    which = draw(st.integers(0, 5))
    if which == 0:
        return start, None
    if which == 1:
        return None, end
    return start, end


@st.composite
def _turn(draw: st.DrawFn, timed: bool, lower: int, keys: list[str | None], top: int) -> Turn:
    tokens: list[Token] = []
    cursor = lower
    for _ in range(draw(st.integers(0, 8))):
        kind: TokenKind = draw(st.sampled_from([WORD, WORD, WORD, PUNCT, SPACE, TAG]))
        if kind == SPACE:
            tokens.append(Token(SPACE, draw(st.sampled_from([" ", "\u00a0", "\t", "  "]))))
            continue
        if kind == PUNCT:
            tokens.append(Token(PUNCT, draw(st.sampled_from([".", ",", "?", "—", "…", "¿", ""]))))
            continue
        start, end = draw(_span(timed, cursor, top))
        cursor = max(cursor, end or start or cursor)
        confidence = draw(st.one_of(st.none(), st.floats(0.0, 1.0)))
        tokens.append(Token(kind, draw(word_text), start, end, confidence))
    starts = [t.start for t in tokens if t.start is not None]
    ends = [t.end for t in tokens if t.end is not None]
    if timed and (starts or ends):
        first = min(starts + ends)
        last = max(starts + ends)
        return Turn(draw(st.sampled_from(keys)), first, last, tokens)
    return Turn(draw(st.sampled_from(keys)), None, None, tokens)


@st.composite
def transcripts(draw: st.DrawFn, max_turns: int = 6, max_time: int = MAX_TIME) -> Transcript:
    """A model transcript with everything the module docstring lists, times up to
    ``max_time`` ms."""
    timed = draw(st.booleans()) or draw(st.booleans())
    many = draw(st.integers(0, 7)) == 0
    count = 2_000 if many else draw(st.integers(0, 4))
    speakers = {str(i): Speaker(str(i), draw(text) if i < 4 else f"S{i}",
                                draw(st.sampled_from(["", "Dr. ", "\u202e"])), "")
                for i in range(count)}
    keys: list[str | None] = [*list(speakers)[:50], None, "ghost", ""]
    turns: list[Turn] = []
    cursor = 0
    for _ in range(draw(st.integers(0, max_turns))):
        turn = draw(_turn(timed, cursor, keys, max_time))
        if turn.start is not None:
            cursor = turn.start
        turns.append(turn)
    if many and turns:
        # a few hundred speakers of the big table say one word each (all of them would only
        # make the document writers slow, not find more)
        for i, key in enumerate(list(speakers)[::10]):
            at = None if turns[-1].start is None else cursor + i
            turns.append(Turn(key, at, at, [Token(WORD, f"w{i}", at, at)]))
    notes = [Annotation(str(i), draw(text), *draw(_span(timed, 0, max_time)))
             for i in range(draw(st.integers(0, 2)))]
    return Transcript(
        turns=turns,
        speakers=speakers,
        title=draw(st.one_of(st.none(), text)),
        description=draw(st.one_of(st.none(), text)),
        language=draw(st.sampled_from([None, "en", "fr-CA", "he", "zh-Hant", "x", "-",
                                       "../../etc", "en\x00", ""])),
        duration=draw(st.one_of(st.none(), st.integers(0, max_time))),
        annotations=notes,
        metadata=draw(st.sampled_from([{}, {"taskId": "t-1", "n": [1, None, {"x": "\u05e9"}]},
                                       {"n": "\ud800", "k\udc00": {"x\ud800": ["\udfff"]}}])),
        source=draw(st.sampled_from(["rev", "revai", "smartdoc", "unknown"])),
    )


# ------------------------------------------------------------------ mangled source JSON

#: Replacement values of every JSON type, chosen to hit number/string/container handling.
ODD: list[Any] = [None, 0, -1, -0.5, 1.5, 1e300, math.nan, math.inf, "", " ", "x", "-1",
                  "00:00:01,000", "99:99:99,999", "PT2S", "NaN", [], [None], [1, "a"], {},
                  {"a": None}, True, False, "\u202e\U0001f600", "\x00", "9" * 400,
                  "\ud800", {"x\ud800": "\udc00"}, "a\ufffeb\x85c"]


def paths(node: Any, prefix: tuple[Any, ...] = (), per_list: int = 2) -> list[tuple[Any, ...]]:
    """JSON paths of every value in ``node``; only the first ``per_list`` items of an array."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key), per_list)
    elif isinstance(node, list):
        for index, value in enumerate(node[:per_list]):
            found += paths(value, (*prefix, index), per_list)
    return found


def replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A deep copy of ``doc`` with the value at ``path`` replaced by ``value``."""
    if not path:
        return value
    out = copy.deepcopy(doc)
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


def dotted(path: tuple[Any, ...]) -> str:
    """``("monologues", 0, "speaker")`` → ``"monologues[0].speaker"`` (the readers' spelling)."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


@st.composite
def mutated_sources(draw: st.DrawFn, doc: Any) -> bytes:
    """``doc`` with a few values replaced, deleted or duplicated, serialised as JSON bytes."""
    out = copy.deepcopy(doc)
    candidates = paths(out)[1:]
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(candidates))
        try:
            parent = out
            for step in path[:-1]:
                parent = parent[step]
            key = path[-1]
            action = draw(st.integers(0, 4))
            if action == 0:  # a copy: a shared [] mutated twice could end up inside itself
                parent[key] = copy.deepcopy(draw(st.sampled_from(ODD)))
            elif action == 1 and isinstance(parent, dict):
                del parent[key]
            elif action == 2 and isinstance(parent, list):
                parent.insert(key, copy.deepcopy(parent[key]))  # a duplicate entry (same id)
            elif action == 3 and isinstance(parent, dict):
                parent[f"{key}\ud800"] = parent[key]  # a key UTF-8 cannot carry
            else:
                parent[key] = copy.deepcopy(draw(st.one_of(st.sampled_from(ODD), text)))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or retyped this path's parent
    return json.dumps(out, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
