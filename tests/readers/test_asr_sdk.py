"""Each fixture parses with the service's own Python SDK response model, which proves its
shape (field names and types) is the service's, not one made up to suit our reader.

No SDK models the AWS Transcribe or Azure batch output files or openai-whisper's result
(whose package needs torch); those fixtures follow the services' published examples."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

from tests.readers.asr_cases import DATA


def _doc(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["deepgram-diarized.json", "deepgram-plain.json",
                                  "deepgram-multichannel.json"])
def test_deepgram_sdk(name: str) -> None:
    from deepgram.types.listen_v1response import ListenV1Response

    response = ListenV1Response.model_validate(_doc(name))
    channels = response.results.channels
    assert len(channels) == response.metadata.channels
    words = [w for c in channels for w in c.alternatives[0].words]  # type: ignore[union-attr]
    assert words[0].word == "good" and words[0].start == 0.5 and words[0].confidence == 0.98
    if name == "deepgram-diarized.json":
        assert words[3].speaker == 1
        assert response.results.utterances[1].speaker == 1  # type: ignore[index]
        paragraphs = channels[0].alternatives[0].paragraphs  # type: ignore[index]
        assert paragraphs.paragraphs[2].sentences[0].text == "Perfect."  # type: ignore[union-attr,index]


@pytest.mark.parametrize("name", ["assemblyai-speakers.json", "assemblyai-plain.json",
                                  "assemblyai-multichannel.json"])
def test_assemblyai_sdk(name: str) -> None:
    from assemblyai.types import TranscriptResponse, TranscriptStatus

    validate = getattr(TranscriptResponse, "model_validate", None) or TranscriptResponse.parse_obj
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        response = validate(_doc(name))
    assert response.status == TranscriptStatus.completed
    assert response.words[0].text == "Good" and response.words[0].start == 500
    if name == "assemblyai-speakers.json":
        assert [u.speaker for u in response.utterances] == ["A", "B", "A"]
    if name == "assemblyai-multichannel.json":
        assert {w.channel for w in response.words} == {"1", "2"}


@pytest.mark.parametrize("name", ["google-v1-diarized.json", "google-v1-multichannel.json",
                                  "google-v1-nowords.json"])
def test_google_v1_sdk(name: str) -> None:
    from google.cloud import speech_v1

    # from_json refuses unknown fields, so every key of the fixture is the API's own
    response = speech_v1.LongRunningRecognizeResponse.from_json(
        (DATA / name).read_text(encoding="utf-8"))
    first = response.results[0]
    assert first.language_code == "en-us"
    if name != "google-v1-nowords.json":
        word = first.alternatives[0].words[0]
        assert word.word == "Good" and word.start_time.total_seconds() == 0.5
    if name == "google-v1-diarized.json":
        assert [w.speaker_tag for w in response.results[-1].alternatives[0].words][:4] == [
            1, 1, 1, 2]
    if name == "google-v1-multichannel.json":
        assert [r.channel_tag for r in response.results] == [1, 2, 1]


def test_google_v2_sdk() -> None:
    from google.cloud import speech_v2

    results = speech_v2.BatchRecognizeResults.from_json(
        (DATA / "google-v2.json").read_text(encoding="utf-8"))
    word = results.results[1].alternatives[0].words[0]
    assert (word.word, word.speaker_label, word.start_offset.total_seconds()) == (
        "Olá!", "2", 2.6)


@pytest.mark.parametrize("name", ["speechmatics-speakers.json", "speechmatics-plain.json",
                                  "speechmatics-channels.json"])
def test_speechmatics_sdk(name: str) -> None:
    from speechmatics.batch._models import Transcript

    transcript = Transcript.from_dict(_doc(name))
    assert transcript.format == "2.9"
    assert transcript.results[0].alternatives[0].content == "Good"  # type: ignore[index]
    assert "Olá!" in transcript.transcript_text
    if name == "speechmatics-speakers.json":
        entity = next(r for r in transcript.results if r.type == "entity")
        assert entity.spoken_form[0].alternatives[0].content == "nine"  # type: ignore[index]


def test_openai_verbose_json_sdk() -> None:
    from openai.types.audio import TranscriptionVerbose

    response = TranscriptionVerbose.model_validate(_doc("openai-verbose.json"))
    assert response.language == "english"
    assert response.words[0].word == "Good" and response.words[0].start == 0.5  # type: ignore[index]
    assert len(response.segments) == 3  # type: ignore[arg-type]
