"""The speech-service readers on the fixtures of tests/data/asr/: words in order, times in
ms, speakers, confidences and language; the lexical form; channels; detection; errors."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import transconv
from tests.readers.asr_cases import BY_FILE, CASES, CONFIDENCES, DATA, TIMES, TURNS, Case
from tests.test_cli import run
from transconv import InvalidInput, UsageError
from transconv.model import WORD, Transcript
from transconv.readers.jsoninput import detect, unwrap

IDS = [case.file for case in CASES]


def _words(t: Transcript) -> list[tuple[str, int | None, int | None, float | None]]:
    return [(k.text, k.start, k.end, k.confidence) for k in t.tokens() if k.kind == WORD]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_words_times_speakers_and_language(case: Case) -> None:
    t = transconv.load(case.path)
    assert isinstance(t, Transcript)
    assert t.source == case.reader
    assert t.language == case.language
    words = _words(t)
    assert [w[0] for w in words] == case.words
    if case.timed:
        assert [(w[1], w[2]) for w in words] == TIMES
    else:  # times at the segment's bounds only: the words are spread between them
        assert words[-1][2] == 5840
        assert all(a[2] is not None and b[1] is not None and a[2] <= b[1]
                   for a, b in itertools.pairwise(words))
    if case.confidence:
        assert [w[3] for w in words] == CONFIDENCES
    assert all(w[3] is None or 0 <= w[3] <= 1 for w in words)
    if case.labels is None:
        assert [turn.speaker for turn in t.turns] == [None]
        assert t.turns[0].end == 5840
    else:
        assert [t.speaker_label(turn.speaker) for turn in t.turns] == case.labels
        assert [(turn.start, turn.end) for turn in t.turns] == [(s, e) for _, _, s, e in TURNS]
        assert [len(turn.tokens) for turn in t.turns] == [b - a for a, b, _, _ in TURNS]
    if case.first_id is not None:
        assert t.turns[0].speaker == case.first_id


@pytest.mark.parametrize("case", [c for c in CASES if c.lexical], ids=lambda c: c.file)
def test_lexical_words(case: Case) -> None:
    t = transconv.load(case.path, words="lexical")
    assert t.words() == case.lexical
    assert transconv.load(case.path, words="original").words() == case.lexical  # one concept


def test_lexical_reads_the_same_where_a_service_has_one_form() -> None:
    for name in ("whisper-words.json", "assemblyai-speakers.json", "google-v2.json"):
        path = DATA / name
        assert transconv.load(path, words="lexical").words() == transconv.load(path).words()


@pytest.mark.parametrize("case", [c for c in CASES if c.labels is not None
                                  and c.labels[0] == "Channel 1"], ids=lambda c: c.file)
def test_one_channel_alone(case: Case) -> None:
    first = transconv.load(case.path, audio_channel=1)
    second = transconv.load(case.path, audio_channel="2")
    assert first.words() == case.words[:3] + case.words[9:]
    assert second.words() == case.words[3:9]
    assert len({turn.speaker for turn in first.turns}) == 1  # the channel's one voice
    with pytest.raises(InvalidInput, match=r"audio channel 3 asked for, but .* has 2 channels"):
        transconv.load(case.path, audio_channel=3)


def test_audio_channel_option_is_checked() -> None:
    with pytest.raises(UsageError, match="audio_channel"):
        transconv.load(DATA / "aws-channels.json", audio_channel="left")
    with pytest.raises(UsageError, match="audio_channel"):
        transconv.load(DATA / "aws-channels.json", audio_channel=0)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_detection_never_confuses_two_services(case: Case) -> None:
    doc, _ = unwrap(json.loads(case.path.read_text(encoding="utf-8")))
    assert detect(doc) == case.reader
    from transconv.formats import READERS
    from transconv.readers.detection import function

    claims = [r.name for r in READERS if r.input == "json" and r.sniff
              and function(r.sniff)(doc) > 0]
    assert claims == [case.reader]  # no other reader (Rev, SmartDocumentor too) claims it


def test_other_json_sources_are_not_taken_for_a_service() -> None:
    from tests.robustness.support import SAMPLES

    for shape in ("rev", "smartdoc"):
        doc, _ = unwrap(json.loads(Path(SAMPLES[shape]).read_text(encoding="utf-8")))
        assert detect(doc) == shape


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_forced_by_name(case: Case) -> None:
    assert transconv.load(case.path, shape=case.reader).words() == case.words


def test_forced_reader_refuses_another_service() -> None:
    with pytest.raises(InvalidInput, match="not a Deepgram document: no 'results' or 'err_code'"):
        transconv.load(DATA / "assemblyai-plain.json", shape="deepgram")
    with pytest.raises(InvalidInput, match="the top level is an array"):
        transconv.load(DATA / "faster-whisper-segments.json", shape="deepgram")


ERRORS = [
    ({"err_code": "INVALID_AUTH", "err_msg": "Invalid credentials.", "request_id": "x"},
     "this is a Deepgram error response, not a transcript: INVALID_AUTH: Invalid credentials."),
    ({"id": "t1", "status": "error", "audio_url": "https://example.org/a.mp3",
      "error": "Download error, unable to download https://example.org/a.mp3"},
     "this is a AssemblyAI error response, not a transcript: Download error"),
    ({"error": "Authentication error, API token missing/invalid"},
     "AssemblyAI error response, not a transcript: Authentication error"),
    ({"TranscriptionJob": {"TranscriptionJobName": "x", "TranscriptionJobStatus": "FAILED",
                           "FailureReason": "The media format is not supported."}},
     "AWS Transcribe error response, not a transcript: job failed: The media format"),
    ({"error": {"code": 403, "message": "Permission denied on the project.",
                "status": "PERMISSION_DENIED"}},
     "Google Speech-to-Text error response, not a transcript: 403 PERMISSION_DENIED: Perm"),
    ({"self": "https://x/speechtotext/v3.2/transcriptions/1", "status": "Failed",
      "properties": {"error": {"code": "InvalidData", "message": "Audio is not valid."}}},
     "Azure Speech error response, not a transcript: InvalidData: Audio is not valid."),
    ({"code": 404, "error": "Job not found"},
     "Speechmatics error response, not a transcript: 404 Job not found"),
]


@pytest.mark.parametrize(("doc", "message"), ERRORS, ids=[m.split()[3] for _, m in ERRORS])
def test_error_responses_say_what_they_are(doc: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        transconv.loads(json.dumps(doc).encode())
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_unfinished_jobs_say_so() -> None:
    job = {"TranscriptionJob": {"TranscriptionJobName": "x",
                                "TranscriptionJobStatus": "IN_PROGRESS"}}
    with pytest.raises(InvalidInput, match=r"job description .status IN_PROGRESS"):
        transconv.loads(json.dumps(job).encode())
    with pytest.raises(InvalidInput, match=r"not finished .status: processing"):
        transconv.loads(b'{"id": "t", "status": "processing", "audio_url": "u", "text": null}')


NOT_A_TIME = "is not a time (seconds or hh:mm:ss,fff)"
BAD = [
    ("deepgram-diarized.json", ["results", "channels", 0, "alternatives", 0, "words", 4, "start"],
     "oops", f"results.channels[0].alternatives[0].words[4].start: 'oops' {NOT_A_TIME}"),
    ("assemblyai-speakers.json", ["words", 2, "end"], [1],
     "words[2].end: [1] is not a time"),
    ("aws-speakers.json", ["results", "items", 1, "end_time"], "1:xx",
     "results.items[1].end_time: '1:xx' is not hh:mm:ss,fff"),
    ("google-v2.json", ["results", 1, "alternatives", 0, "words", 0, "startOffset"], "soon",
     f"results[1].alternatives[0].words[0].startTime: 'soon' {NOT_A_TIME}"),
    ("azure-diarized.json", ["recognizedPhrases", 2, "nBest", 0, "displayWords", 0,
                             "offsetInTicks"], "x",
     f"recognizedPhrases[2].nBest[0].displayWords[0].offsetInTicks: 'x' {NOT_A_TIME}"),
    ("speechmatics-speakers.json", ["results", 3, "alternatives"], {"content": "x"},
     "results[3].alternatives: expected an array"),
    ("whisper-words.json", ["segments", 1, "words", 2, "word"], {"a": 1},
     "segments[1].words[2].word: expected text, got an object"),
    ("faster-whisper-segments.json", [2, "start"], True, "[2].start: true is not a time"),
    ("whisperx-speakers.json", ["segments", 0, "words", 0, "speaker"], [],
     "segments[0].words[0].speaker: expected a label, got an array"),
]


@pytest.mark.parametrize(("file", "path", "value", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_values_name_their_json_path(file: str, path: list[object], value: object,
                                         message: str) -> None:
    doc = json.loads((DATA / file).read_text(encoding="utf-8"))
    target = doc
    for step in path[:-1]:
        target = target[step]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(InvalidInput) as info:
        transconv.loads(json.dumps(doc).encode(), name="in.json")
    assert str(info.value) == f"in.json: {message}"


def test_bad_file_via_the_command_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"err_code": "INVALID_AUTH", "err_msg": "Invalid."}))
    target = tmp_path / "out.srt"
    proc = run("convert", source, "-o", target)
    assert proc.returncode == 3
    assert "this is a Deepgram error response" in proc.stderr.decode()
    assert len(proc.stderr.decode().strip().splitlines()) == 1
    assert not target.exists()


def test_command_reads_a_channel_and_the_lexical_words(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    proc = run("convert", DATA / "deepgram-multichannel.json", "-o", target, "-t", "txt",
               "--audio-channel", "2", "--words", "lexical", "--from", "deepgram")
    assert proc.returncode == 0, proc.stderr
    body = target.read_text(encoding="utf-8")
    assert "olá the tram leaves at nine" in body
    assert "lisbon" not in body.lower()


def test_aws_speakers_from_the_segments_of_older_outputs() -> None:
    doc = json.loads((DATA / "aws-speakers.json").read_text(encoding="utf-8"))
    for item in doc["results"]["items"]:
        item.pop("speaker_label", None)
    t = transconv.loads(json.dumps(doc).encode())
    assert [t.speaker_label(turn.speaker) for turn in t.turns] == BY_FILE[
        "aws-speakers.json"].labels


def test_azure_display_text_spread_when_it_differs_from_the_words() -> None:
    doc = json.loads((DATA / "azure-plain.json").read_text(encoding="utf-8"))
    best = doc["recognizedPhrases"][1]["nBest"][0]
    best["display"] = "Olá! The tram leaves at 9:00 sharp."
    t = transconv.loads(json.dumps(doc).encode())
    words = [k for k in t.tokens() if k.kind == WORD]
    assert [k.text for k in words][3:10] == "Olá! The tram leaves at 9:00 sharp.".split()
    assert words[3].start == 2600 and words[9].end == 4600


def test_deepgram_paragraphs_and_utterances_when_channels_hold_no_words() -> None:
    doc = json.loads((DATA / "deepgram-diarized.json").read_text(encoding="utf-8"))
    best = doc["results"]["channels"][0]["alternatives"][0]
    best["words"] = []
    t = transconv.loads(json.dumps(doc).encode())
    assert t.words() == BY_FILE["deepgram-diarized.json"].words
    assert [t.speaker_label(turn.speaker) for turn in t.turns] == ["Speaker 1", "Speaker 2",
                                                                    "Speaker 1"]
    del best["paragraphs"]
    t = transconv.loads(json.dumps(doc).encode())
    assert [(k.text, k.start, k.end) for k in t.tokens()][:2] == [("Good", 500, 820),
                                                                  ("morning,", 820, 1300)]


def test_speechmatics_punctuation_attaches_as_told() -> None:
    doc = json.loads((DATA / "speechmatics-plain.json").read_text(encoding="utf-8"))
    mark = {"type": "punctuation", "start_time": 2.6, "end_time": 2.6, "attaches_to": "next",
            "alternatives": [{"content": "¡", "confidence": 1.0, "language": "pt"}]}
    hyphen = dict(mark, attaches_to="both", alternatives=[{"content": "-", "confidence": 1.0,
                                                           "language": "pt"}])
    results = doc["results"]
    at = next(i for i, r in enumerate(results) if r["alternatives"][0]["content"] == "Olá")
    results.insert(at, mark)
    tram = next(i for i, r in enumerate(results) if r["alternatives"][0]["content"] == "tram")
    results.insert(tram, hyphen)
    t = transconv.loads(json.dumps(doc).encode())
    assert "¡Olá! The-tram leaves" in t.turns[0].text()


def test_from_words_builds_a_transcript() -> None:
    t = Transcript.from_words(
        [{"text": "Hello,", "start": 0.0, "end": 0.4, "speaker": "A", "confidence": 0.9},
         transconv.Word("there.", 0.4, 0.9, speaker="A"),  # type: ignore[arg-type]
         {"text": "Hi!", "start": 1.2, "end": 1.5, "speaker": "B"}],
        speakers={"B": "Bob"}, language="en", unit="s")
    assert [(t.speaker_label(turn.speaker), turn.text(), turn.start, turn.end)
            for turn in t.turns] == [("Speaker 1", "Hello, there.", 0, 900),
                                     ("Bob", "Hi!", 1200, 1500)]
    assert t.language == "en"
    assert transconv.dumps(t, "srt").startswith(b"1\r\n00:00:00,000 --> ")
    with pytest.raises(UsageError, match="word 0: "):
        Transcript.from_words([{"text": "x", "start": "soon"}])
