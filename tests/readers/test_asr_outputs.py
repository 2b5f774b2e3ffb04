"""Every speech-service fixture converted to SRT, SCC, DOCX and Rev JSON and read back by
decoders that are not ours (pysrt, pycaption and ffmpeg, python-docx, the json module):
the words, their speakers and the times of the dialogue survive the whole way."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pysrt
import pytest

import transconv
from tests.readers.asr_cases import CASES, Case
from tests.test_cea608 import decode_ffmpeg, decode_pycaption, norm

IDS = [case.file for case in CASES]
FRAME_MS = 1001 / 30


def _strip_markers(text: str, labels: list[str]) -> str:
    for label in set(labels):
        text = text.replace(f"{label}:", " ")
    return " ".join(text.split())


def _labels(case: Case) -> list[str]:
    return case.labels or []


def _first_start(case: Case) -> float:
    return 0.0 if case.file == "google-v1-nowords.json" else 0.5


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_srt_read_by_pysrt(case: Case) -> None:
    t = transconv.load(case.path)
    cues = pysrt.from_string(transconv.dumps(t, "srt").decode("utf-8"))
    text = " ".join(cue.text for cue in cues)
    assert _strip_markers(text, _labels(case)).split() == case.words
    assert cues[0].start.ordinal == _first_start(case) * 1000
    if case.labels:
        assert [cue.text.split(":")[0] for cue in cues] == case.labels
        assert [cue.start.ordinal for cue in cues] == [500, 2600, 5200]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_scc_read_by_pycaption_and_ffmpeg(case: Case, tmp_path: Path) -> None:
    t = transconv.load(case.path)
    scc = transconv.dumps(t, "scc").decode("ascii")
    path = tmp_path / "out.scc"
    path.write_text(scc, encoding="ascii")
    for decoded in (decode_pycaption(scc), decode_ffmpeg(str(path))):
        text = norm(" ".join(body for _, _, body in decoded))
        assert _strip_markers(text, _labels(case)).split() == [norm(w) for w in case.words]
        # the first caption's bytes take their time to load from the stream's first frame,
        # so it is shown late by that much (README, SCC/MCC); the others are on time
        assert _first_start(case) * 1000 - 2 * FRAME_MS <= decoded[0][0] <= 1400
        if case.labels:
            starts = [start for start, _, body in decoded if ":" in body][1:]
            assert all(abs(a - b) <= 2 * FRAME_MS for a, b in zip(starts, [2600, 5200],
                                                                   strict=True))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_docx_read_by_python_docx(case: Case) -> None:
    import io

    t = transconv.load(case.path)
    document = docx.Document(io.BytesIO(transconv.dumps(t, "docx")))
    paragraphs = [p for p in document.paragraphs if p.style.name == "Transcript"]
    speakers = [" ".join(r.text for r in p.runs if r.style.name == "Speaker").strip()
                for p in paragraphs]
    body = " ".join("".join(r.text for r in p.runs
                            if r.style.name not in ("Speaker", "Timestamp"))
                    for p in paragraphs)
    assert body.split() == case.words
    if case.labels:
        assert speakers == [f"{label}:" for label in case.labels]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_rev_json_read_by_the_json_module(case: Case) -> None:
    t = transconv.load(case.path)
    doc = json.loads(transconv.dumps(t, "rev-json"))
    elements = [e for m in doc["monologues"] for e in m["elements"] if e["type"] == "text"]
    assert [e["value"] for e in elements] == case.words
    assert elements[0]["timestamp"] == ("00:00:00,000" if not case.timed and case.file.startswith(
        "google") else "00:00:00,500")
    if case.timed:
        assert elements[-1]["end_timestamp"] == "00:00:05,840"
    if case.labels:
        assert [m["speaker_name"] for m in doc["monologues"]] == case.labels
    assert transconv.loads(json.dumps(doc).encode()).words() == case.words  # and back
