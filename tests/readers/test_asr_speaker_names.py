"""``speaker_names`` / ``--speaker-names``: speakers of every input renamed after reading,
by the source's speaker id or by the current label."""

from __future__ import annotations

import json
from pathlib import Path

import pysrt
import pytest

import transconv
from tests.readers.asr_cases import DATA
from tests.robustness.support import SAMPLES
from tests.test_cli import run
from transconv import UsageError
from transconv.model import CaptionTrack, Transcript
from transconv.segment.relayout import transcript_of


def _labels(t: Transcript) -> list[str]:
    return [t.speaker_label(turn.speaker) for turn in t.turns]


@pytest.mark.parametrize(("file", "names"), [
    ("deepgram-diarized.json", "0=Alice, 1=Bob"),           # Deepgram's speaker numbers
    ("deepgram-diarized.json", "speaker 1=Alice,Speaker 2=Bob"),  # current labels
    ("assemblyai-speakers.json", "A=Alice,B=Bob"),
    ("aws-speakers.json", "spk_0=Alice,spk_1=Bob"),
    ("speechmatics-speakers.json", {"S1": "Alice", "S2": "Bob"}),
    ("whisperx-speakers.json", (("SPEAKER_00", "Alice"), ("Speaker 2", "Bob"))),
    ("aws-channels.json", "Channel 1=Alice,ch_1=Bob"),
])
def test_speech_services(file: str, names: object) -> None:
    t = transconv.load(DATA / file, speaker_names=names)
    assert _labels(t) == ["Alice", "Bob", "Alice"]
    srt = pysrt.from_string(transconv.dumps(t, "srt").decode())
    assert [cue.text.split(":")[0] for cue in srt] == ["Alice", "Bob", "Alice"]


def test_rev_by_id_and_by_label() -> None:
    by_id = transconv.load(SAMPLES["rev"], speaker_names="2=Host")
    by_label = transconv.load(SAMPLES["rev"], speaker_names="interviewer=Host")
    for t in (by_id, by_label):
        assert t.speakers["2"].label == "Host"
        assert t.speakers["1"].label == "Hélène Dubois"
    assert _labels(by_id) == _labels(by_label)


def test_smartdoc_id_and_label_with_prefix() -> None:
    t = transconv.load(SAMPLES["smartdoc"],
                       speaker_names="S1=Counsel,Ms. Margaret O’Connell (witness)=Witness")
    assert t.speakers["S1"].label == "Counsel"  # the prefix and suffix go with the old name
    assert t.speakers["S2"].label == "Witness"


SBV = ("0:00:01.000,0:00:03.500\nAnna: Good evening, and welcome.\n\n"
       "0:00:04.000,0:00:06.000\nJürgen: Thank you.\n\n"
       "0:00:06.500,0:00:08.000\nAnna: Shall we?\n")


def test_caption_input_renames_cues_and_their_markers() -> None:
    track = transconv.loads(SBV.encode(), speaker_names="anna=Ann Lee,2=Jo")
    assert isinstance(track, CaptionTrack)
    assert [cue.speaker_label for cue in track.cues] == ["Ann Lee", "Jo", "Ann Lee"]
    assert [cue.lines[0] for cue in track.cues] == [
        "Ann Lee: Good evening, and welcome.", "Jo: Thank you.", "Ann Lee: Shall we?"]
    view = transcript_of(track)
    assert view.words()[:4] == ["Good", "evening,", "and", "welcome."]
    srt = pysrt.from_string(transconv.dumps(track, "srt").decode())
    assert [cue.text for cue in srt][1] == "Jo: Thank you."


def test_a_key_that_names_no_speaker_is_a_warning() -> None:
    with transconv.capture_warnings() as found:
        t = transconv.load(DATA / "assemblyai-speakers.json", speaker_names="Z=Zed,A=Alice")
    assert _labels(t)[0] == "Alice"
    assert any("no speaker 'Z' to name 'Zed'" in str(w) for w in found)


@pytest.mark.parametrize("bad", ["Alice", "=Alice", "A=", 42])
def test_bad_names_are_usage_errors(bad: object) -> None:
    with pytest.raises(UsageError, match="speaker names"):
        transconv.load(DATA / "assemblyai-speakers.json", speaker_names=bad)


def test_command_line(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    proc = run("convert", DATA / "google-v2.json", "-o", target,
               "--speaker-names", "1=Ana,Speaker 2=Bruno")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert [m["speaker_name"] for m in doc["monologues"]] == ["Ana", "Bruno", "Ana"]
    proc = run("convert", DATA / "google-v2.json", "-o", tmp_path / "x.srt",
               "--speaker-names", "nonsense")
    assert proc.returncode == 2
