"""WebVTT writer: header, voices, escaping, NOTE placement, and webvtt-py reading it back."""

from __future__ import annotations

import html
import json
import os
import random
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

import transconv
from tests.conftest import require_tool
from tests.factories import small_transcript
from transconv.formats import vtt as vtt_writer
from transconv.model import WORD, Annotation, CaptionTrack, Speaker, Token, Transcript, Turn
from transconv.segment import Cue, segment
from transconv.text.clock import clock as srt_clock
from transconv.text.lines import payload_lines

HOUR = 3_600_000
TIMING = re.compile(r"\d{2,}:\d{2}:\d{2}\.\d{3} --> \d{2,}:\d{2}:\d{2}\.\d{3}")


def make(turns: Iterable[tuple[str | None, list[str], int]],
         names: dict[str, str] | None = None, **fields: object) -> Transcript:
    """A transcript of ``(speaker, words, start_ms)`` turns, 300 ms per word."""
    built = []
    for speaker, words, start in turns:
        tokens = [Token(WORD, w, start + 300 * i, start + 300 * i + 250, 0.9)
                  for i, w in enumerate(words)]
        built.append(Turn(speaker, start, tokens[-1].end, tokens))
    speakers = {k: Speaker(k, v) for k, v in (names or {}).items()}
    return Transcript(turns=built, speakers=speakers, **fields)  # type: ignore[arg-type]


def vtt(t: Transcript, **options: Any) -> str:
    data = transconv.dumps(t, "vtt", **options)
    assert not data.startswith(b"\xef\xbb\xbf")
    return data.decode("utf-8")


def test_small_transcript_read_back_by_webvtt_py() -> None:
    t = small_transcript()
    text = vtt(t)
    assert text.startswith("WEBVTT Interview 12\n\n") and text.endswith("</v>\n")
    assert "\r" not in text
    cues = segment(t)
    captions = webvtt.from_string(text).captions
    assert len(captions) == len(cues)
    for cue, cap in zip(cues, captions, strict=True):
        assert (cap.start_time.in_milliseconds(), cap.end_time.in_milliseconds()) == (
            cue.start, cue.end)
        assert cap.voice == cue.speaker_label  # voice on every cue, not only on changes
        assert cap.identifier is None  # no cue ids by default
        expected = "\n".join(" ".join(line.split()) for line in cue.lines)
        assert html.unescape(cap.text) == expected
    words = " ".join(html.unescape(c.text) for c in captions).split()
    it = iter(words)
    assert all(any(w == d for d in it) for w in t.words())


def test_escaping_and_voice_sanitising() -> None:
    t = make([("1", ["Fish", "&", "chips", "<3", "<b>yum</b>", "a-->b", "x>y"], 1000),
              ("2", ["line\n\nbreak", "\x07bell", "NOTE", "WEBVTT"], 5000),
              (None, ["nobody"], 9000)],
             {"1": "Tom & <Jerry>\x01", "2": ".loud"})
    text = vtt(t)
    for line in text.split("\n"):
        if "-->" in line:
            assert TIMING.fullmatch(line), line
    assert "\x07" not in text and "\x01" not in text
    flat = text.replace("\n", " ")
    assert "Fish &amp; chips &lt;3 &lt;b&gt;yum&lt;/b&gt; a--&gt;b x&gt;y" in flat
    assert re.search(r"&(?!amp;|lt;|gt;)", text) is None  # no bare ampersand anywhere
    captions = webvtt.from_string(text).captions
    assert len(captions) == len(segment(t))
    assert captions[0].voice == "Tom and Jerry"
    assert captions[0].raw_text.startswith("<v Tom and Jerry>")
    assert any(c.voice == ".loud" and c.raw_text.startswith("<v .loud>") for c in captions)
    unnamed = [c for c in captions if "nobody" in c.text]
    assert unnamed and unnamed[0].voice is None and "<v" not in unnamed[0].raw_text
    for cap in captions:
        assert all(line.strip() for line in cap.raw_text.split("\n"))


def test_header_title_rules() -> None:
    base = [("1", ["hi"], 0)]
    assert vtt(make(base, title="Bad --> title")).startswith("WEBVTT\n\n")
    assert vtt(make(base, title="Two\nlines\x00")).startswith("WEBVTT Two lines\n\n")
    assert vtt(make(base)).startswith("WEBVTT\n\n")


def test_annotations_become_notes_before_the_first_cue_at_or_after_them() -> None:
    t = make([("1", ["one"], 1000), ("1", ["two"], 5000), ("1", ["three"], 9000)],
             {"1": "Ann"},
             annotations=[
                 Annotation("late", "after everything", 60_000),
                 Annotation("mid", "check --> this\n\nplease", 4000, 6000, "jdoe"),
                 Annotation("untimed", "general note"),
                 Annotation("exact", "at five", 5000),
             ])
    text = vtt(t)
    blocks = text.rstrip("\n").split("\n\n")
    kinds = [b.split("\n")[0] if b.startswith("NOTE") else b.split("\n")[1] for b in blocks[1:]]
    assert kinds == [
        "NOTE", "<v Ann>Ann: one</v>",
        "NOTE 00:00:04.000–00:00:06.000 jdoe", "NOTE 00:00:05.000", "<v Ann>two</v>",
        "<v Ann>three</v>", "NOTE 00:01:00.000",
    ]
    assert "NOTE\ngeneral note" in text
    assert "check → this\nplease" in text
    assert text.count("-->") == 3  # only the timing lines
    parsed = webvtt.from_string(text)
    assert [c.text for c in parsed.captions] == ["Ann: one", "two", "three"]
    assert vtt(t, notes=False).count("NOTE") == 0


def test_options_ids_voices_crlf_and_hours() -> None:
    t = make([("1", ["late"], 101 * HOUR + 2)], {"1": "Ann"})
    text = vtt(t, cue_ids=True, voices=False, line_ending="crlf")
    end = srt_clock(segment(t)[0].end, ".")
    assert text == f"WEBVTT\r\n\r\n1\r\n101:00:00.002 --> {end}\r\nAnn: late\r\n"
    cap = webvtt.from_string(text).captions[0]
    assert cap.identifier == "1" and cap.start_time.in_milliseconds() == 101 * HOUR + 2


def test_writer_sorts_and_keeps_end_after_start() -> None:
    cues = [Cue(5000, 5000, ("b",)), Cue(1000, 900, ("a",), "1", "Ann", True),
            Cue(2000, 3000, ("\x00", ""))]
    assert vtt_writer.render(CaptionTrack(cues), vtt_writer.Options()) == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:01.001\n<v Ann>a</v>\n\n"
        "00:00:05.000 --> 00:00:05.001\nb\n"
    )


_CHECK = """
const { WebVTTParser } = require('webvtt-parser');
const docs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(docs.map(d => {
  const tree = new WebVTTParser().parse(d);
  return {cues: tree.cues.length, errors: tree.errors.map(e => `${e.line}: ${e.message}`)};
})));
"""
_NASTY = [*"<>&;-\n\r\t .:0123456789v", "-->", "&amp;", "<v>", "NOTE", "WEBVTT", "é",
          "\u2028", "\x00", "\x85", "<3", "</v>"]


def _random_transcript(rng: random.Random) -> Transcript:
    def word() -> str:
        return "".join(rng.choice(_NASTY) for _ in range(rng.randint(1, 6)))

    turns = [(rng.choice(["1", "2", None]), [word() for _ in range(rng.randint(1, 30))],
              rng.randint(0, 4 * HOUR)) for _ in range(rng.randint(1, 6))]
    turns.sort(key=lambda turn: turn[2])
    notes = [Annotation(str(i), word() + "\n\n" + word(), rng.choice([None, 0, 5000, 9 * HOUR]))
             for i in range(rng.randint(0, 3))]
    return make(turns, {"1": word(), "2": word()}, title=word(), annotations=notes)


def test_w3c_validator() -> None:
    """The W3C parser (npm ``webvtt-parser``, installed by dev.py under .venv/node) finds
    no error in our WebVTT, hostile text included."""
    node = require_tool("node")
    modules = Path(__file__).resolve().parent.parent / ".venv" / "node" / "node_modules"
    env = {**os.environ, "NODE_PATH": os.pathsep.join(
        p for p in (str(modules), os.environ.get("NODE_PATH", "")) if p)}
    probe = subprocess.run([node, "-e", "require('webvtt-parser')"], capture_output=True,
                           env=env)
    if probe.returncode:
        if os.environ.get("CI"):
            pytest.fail("npm package webvtt-parser is required in CI (dev.py installs it)")
        pytest.skip("npm package webvtt-parser not installed (python3 dev.py test installs it)")
    hostile = small_transcript()
    hostile.turns.append(Turn("9", 30_000, 31_000, [Token(WORD, "Fish & chips <3 -->", 30_000,
                                                           31_000)]))
    hostile.speakers["9"] = Speaker("9", "Tom & <Jerry>")
    rng = random.Random(2024)
    transcripts = [small_transcript(), hostile, *(_random_transcript(rng) for _ in range(40))]
    result = subprocess.run([node, "-e", _CHECK], input=json.dumps([vtt(t) for t in transcripts]),
                            capture_output=True, text=True, check=True, env=env)
    for t, report in zip(transcripts, json.loads(result.stdout), strict=True):
        assert report["errors"] == [], vtt(t)
        assert report["cues"] == len([c for c in segment(t) if payload_lines(c.lines)])


_ANY_TEXT = st.text(st.one_of(st.characters(codec="utf-8"),
                              st.sampled_from(list("<>&;-\n\r\t .:0123456789v"))),
                    min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_ANY_TEXT, min_size=1, max_size=8), min_size=1, max_size=4),
       _ANY_TEXT, st.sampled_from([None, "T", "a --> b", "x\ny"]))
def test_any_text_reads_back_as_written(turn_words: list[list[str]], name: str,
                                        title: str | None) -> None:
    t = make([("1" if i % 2 else None, words, 10_000 * i) for i, words in enumerate(turn_words)],
             {"1": name}, title=title)
    text = vtt(t)
    cues = [c for c in segment(t) if payload_lines(c.lines)]
    captions = webvtt.from_string(text).captions
    assert len(captions) == len(cues)
    for cue, cap in zip(cues, captions, strict=True):
        assert html.unescape(cap.text) == "\n".join(payload_lines(cue.lines))
        assert cap.voice == (vtt_writer.voice_name(cue.speaker_label) or None)
    for line in text.split("\n"):
        assert "-->" not in line or TIMING.fullmatch(line)
