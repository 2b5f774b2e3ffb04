"""Deterministic benchmark inputs (standard library only, fixed seed).

Writes, for each length in hours: a Rev transcript JSON (text/punct/tag elements with
``hh:mm:ss,fff`` timestamps, pretty-printed like Rev's API), a SmartDocumentor export of the
same words, and the same content as SRT for the peer libraries. At 10 hours that is about
100,000 words, 218,000 Rev elements and 1,500 turns from three speakers.

The same words as each speech service's response (``asr-<service>-Nh.json``, see
``bench/asr.py``).

And three shapes that once took quadratic time, scaled the same way: ``mono-Nh.json`` (Rev:
the same words as one monologue), ``word-Nh.json`` (Rev: one word of 40,000 characters an
hour) and ``notes-Nh.json`` (SmartDocumentor: the same words with 2,000 annotations an hour).

    python bench/generate.py [--hours 1 10] [--out bench/data]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

try:  # run as a script (bench/ on sys.path) or imported as bench.generate
    from asr import SERVICES, words_of
except ImportError:  # pragma: no cover
    from bench.asr import SERVICES, words_of

SEED = 20261123
WORDS_PER_HOUR = 10_000
SPEAKERS = [(1, "Interviewer"), (2, "Alice Martin"), (3, "Bob Smith")]
VOCABULARY = (
    "the and of to a in that it is was for on are with as I his they be at one have this "
    "from or had by word but what some we can out other were all there when up use your how "
    "said an each she which do their time if will way about many then them write would like "
    "so these her long make thing see him two has look more day could go come did number "
    "sound no most people my over know water than call first who may down side been now "
    "find café naïve Zoë Müller façade déjà-vu Ångström über Straße"
).split()
TAGS = ["inaudible", "crosstalk", "laughter"]
WORD_CHARS_PER_HOUR = 40_000
NOTES_PER_HOUR = 2_000


def _clock(ms: int, sep: str = ",") -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours:02}:{mins:02}:{secs:02}{sep}{millis:03}"


def _turns(hours: int) -> list[tuple[int, list[tuple[str, str, int, int, float]]]]:
    """(speaker id, [(kind, text, start, end, confidence)]) per turn; kind word/punct/tag."""
    rng = random.Random(SEED + hours)
    total_words = hours * WORDS_PER_HOUR
    turns = []
    t = 500
    words = 0
    while words < total_words:
        speaker = SPEAKERS[rng.randrange(3)][0]
        items: list[tuple[str, str, int, int, float]] = []
        for _ in range(min(rng.randint(30, 110), total_words - words)):
            duration = rng.randint(120, 420)
            items.append(("word", rng.choice(VOCABULARY), t, t + duration,
                          round(rng.uniform(0.6, 1.0), 2)))
            t += duration + rng.randint(0, 120)
            words += 1
            roll = rng.random()
            if roll < 0.18:
                items.append(("punct", rng.choice(".,.,?!"), 0, 0, 0.0))
            elif roll < 0.19:
                items.append(("tag", rng.choice(TAGS), t, t, 0.0))
        turns.append((speaker, items))
        t += rng.randint(300, 1500)
    return turns


def rev_json(turns: list[tuple[int, list[tuple[str, str, int, int, float]]]]) -> str:
    monologues = []
    names = dict(SPEAKERS)
    for index, (speaker, items) in enumerate(turns):
        elements: list[dict[str, object]] = []
        for kind, text, start, end, _conf in items:
            if kind == "word":
                if elements:
                    elements.append({"type": "punct", "value": " "})
                elements.append({"type": "text", "value": text, "timestamp": _clock(start),
                                 "end_timestamp": _clock(end)})
            elif kind == "punct":
                elements.append({"type": "punct", "value": text})
            else:
                elements.append({"type": "punct", "value": " "})
                elements.append({"type": "tag", "value": text, "timestamp": _clock(start)})
        monologues.append({"id": index + 1, "speaker": speaker, "speaker_name": names[speaker],
                           "elements": elements})
    doc = {"speakers": [{"id": i, "name": n} for i, n in SPEAKERS], "monologues": monologues}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def smartdoc_json(turns: list[tuple[int, list[tuple[str, str, int, int, float]]]],
                  hours: int) -> str:
    segments = []
    for speaker, items in turns:
        # Segments of up to ~25 words, as an editor's sentence-sized blocks.
        block: list[tuple[str, int, int, float]] = []
        for kind, text, start, end, conf in [*items, ("end", "", 0, 0, 0.0)]:
            if kind == "word":
                block.append((text, start, end, conf))
            elif kind == "punct" and block:
                word, start0, end0, conf0 = block[-1]
                block[-1] = (word + text, start0, end0, conf0)
            if block and (kind == "end" or len(block) >= 25):
                start_s, end_s = block[0][1] / 1000, block[-1][2] / 1000
                segments.append({
                    "speakerId": f"S{speaker}", "start": start_s, "end": end_s,
                    "duration": round(end_s - start_s, 3), "confidence": 0.9,
                    "displayText": " ".join(w for w, *_ in block),
                    "displayWords": [{"text": w, "offsetInSeconds": s / 1000,
                                      "durationInSeconds": (e - s) / 1000, "confidence": c}
                                     for w, s, e, c in block],
                })
                block = []
    doc = {
        "taskId": "bench-0001", "displayName": f"Benchmark {hours} h", "description": "",
        "totalTimeInSeconds": (turns[-1][1][-1][3] + 1000) / 1000, "taskNumber": 1,
        "transcript": {
            "transcripts": segments,
            "speakers": [{"speakerId": f"S{i}", "speakerName": n, "speakerPrefix": "",
                          "speakerSuffix": ""} for i, n in SPEAKERS],
            "annotations": [],
        },
        "metadata": {"generator": "bench/generate.py"},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def srt(turns: list[tuple[int, list[tuple[str, str, int, int, float]]]]) -> str:
    out: list[str] = []
    index = 0
    for _speaker, items in turns:
        words = [(text, start, end) for kind, text, start, end, _ in items if kind == "word"]
        for i in range(0, len(words), 8):
            chunk = words[i:i + 8]
            index += 1
            out.append(f"{index}\r\n{_clock(chunk[0][1])} --> {_clock(chunk[-1][2])}\r\n"
                       f"{' '.join(w for w, _, _ in chunk[:4])}\r\n"
                       f"{' '.join(w for w, _, _ in chunk[4:])}\r\n\r\n")
    return "".join(out)


def monologue(turns: list[tuple[int, list[tuple[str, str, int, int, float]]]]) -> str:
    """The same words as one turn of the first speaker (Rev JSON)."""
    return rev_json([(SPEAKERS[0][0], [item for _, items in turns for item in items])])


def one_word(hours: int) -> str:
    """One word of ``WORD_CHARS_PER_HOUR`` letters an hour, in one turn (Rev JSON)."""
    rng = random.Random(SEED + 100 + hours)
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in
                   range(hours * WORD_CHARS_PER_HOUR))
    return rev_json([(SPEAKERS[0][0], [("word", word, 500, 1500, 0.9)])])


def with_notes(turns: list[tuple[int, list[tuple[str, str, int, int, float]]]],
               hours: int) -> str:
    """The SmartDocumentor export with ``NOTES_PER_HOUR`` annotations an hour, spread over
    the words, each over one to five seconds."""
    rng = random.Random(SEED + 200 + hours)
    doc = json.loads(smartdoc_json(turns, hours))
    end = turns[-1][1][-1][3]
    count = hours * NOTES_PER_HOUR
    doc["transcript"]["annotations"] = [
        {"uniqueId": f"n-{i}", "content": f"Check this passage with the speaker ({i + 1})",
         "start": (start := (i * end // count + rng.randrange(1000)) / 1000),
         "end": start + rng.randint(1, 5), "createdByUserName": rng.choice(["rkhan", "jdoe"]),
         "createdBy": None, "createdOn": "2026-01-05T10:00:00Z", "modifiedByUserName": None,
         "modifiedBy": None, "modifiedOn": None}
        for i in range(count)]
    return json.dumps(doc, ensure_ascii=False, indent=2)


def generate(hours: list[int], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for h in hours:
        turns = _turns(h)
        for name, text in ((f"rev-{h}h.json", rev_json(turns)),
                           (f"smartdoc-{h}h.json", smartdoc_json(turns, h)),
                           (f"peer-{h}h.srt", srt(turns)),
                           (f"mono-{h}h.json", monologue(turns)),
                           (f"word-{h}h.json", one_word(h)),
                           (f"notes-{h}h.json", with_notes(turns, h)),
                           *((f"asr-{name}-{h}h.json", write(words_of(turns)))
                             for name, write in SERVICES.items())):
            path = out / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8", newline="")
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    args = parser.parse_args()
    for path in generate(args.hours, args.out):
        print(f"{path} {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
