"""Speech-service responses of the bench words (standard library only), for ``generate.py``.

Each function writes the words of ``generate._turns`` (three speakers, punctuation on the
word before it, tags left out: no service sends them) in one service's response shape, as
compact JSON like the services send: about 100,000 words for ten hours.
"""

from __future__ import annotations

import json
from collections.abc import Callable

Turns = list[tuple[int, list[tuple[str, str, int, int, float]]]]
#: (speaker 0-2, display text, lexical text, start ms, end ms, confidence)
Word = tuple[int, str, str, int, int, float]


def words_of(turns: Turns) -> list[Word]:
    """The bench words, each with the punctuation that follows it."""
    words: list[Word] = []
    for speaker, items in turns:
        for kind, text, start, end, conf in items:
            if kind == "word":
                words.append((speaker - 1, text, text.lower(), start, end, conf))
            elif kind == "punct" and words:
                s, shown, said, a, b, c = words[-1]
                words[-1] = (s, shown + text, said, a, b, c)
    return words


def _s(ms: int) -> float:
    return ms / 1000


def _dump(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False)


def _runs(words: list[Word]) -> list[list[Word]]:
    """The words cut at every change of speaker."""
    runs: list[list[Word]] = []
    for word in words:
        if not runs or runs[-1][0][0] != word[0]:
            runs.append([])
        runs[-1].append(word)
    return runs


def whisper(words: list[Word]) -> str:
    segments = [{"id": i, "seek": 0, "start": _s(run[0][3]), "end": _s(run[-1][4]),
                 "text": " " + " ".join(w[1] for w in run), "tokens": [50364], "temperature": 0.0,
                 "avg_logprob": -0.2, "compression_ratio": 1.2, "no_speech_prob": 0.01,
                 "words": [{"word": " " + w[1], "start": _s(w[3]), "end": _s(w[4]),
                            "probability": w[5]} for w in run]}
                for i, run in enumerate(_runs(words))]
    return _dump({"text": "", "segments": segments, "language": "en"})


def deepgram(words: list[Word]) -> str:
    items = [{"word": w[2], "start": _s(w[3]), "end": _s(w[4]), "confidence": w[5],
              "speaker": w[0], "speaker_confidence": 0.9, "punctuated_word": w[1]} for w in words]
    return _dump({"metadata": {"request_id": "bench", "sha256": "0" * 64, "created":
                               "2026-01-01T00:00:00Z", "duration": _s(words[-1][4] + 1000),
                               "channels": 1, "models": ["bench"], "model_info": {}},
                  "results": {"channels": [{"alternatives": [
                      {"transcript": " ".join(w[1] for w in words), "confidence": 0.9,
                       "words": items}]}]}})


def assemblyai(words: list[Word]) -> str:
    items = [{"text": w[1], "start": w[3], "end": w[4], "confidence": w[5],
              "speaker": "ABC"[w[0]]} for w in words]
    return _dump({"id": "bench", "status": "completed", "audio_url": "https://example.org/a",
                  "language_code": "en_us", "text": " ".join(w[1] for w in words),
                  "words": items, "audio_duration": words[-1][4] // 1000 + 1,
                  "speaker_labels": True})


def aws(words: list[Word]) -> str:
    items: list[dict[str, object]] = []
    for w in words:
        bare = w[1].rstrip(".,?!")
        speaker = f"spk_{w[0]}"
        items.append({"id": len(items), "type": "pronunciation", "alternatives": [
            {"confidence": str(w[5]), "content": bare}], "start_time": str(_s(w[3])),
            "end_time": str(_s(w[4])), "speaker_label": speaker})
        for mark in w[1][len(bare):]:
            items.append({"id": len(items), "type": "punctuation", "alternatives": [
                {"confidence": "0.0", "content": mark}], "speaker_label": speaker})
    return _dump({"jobName": "bench", "accountId": "0", "status": "COMPLETED",
                  "results": {"transcripts": [{"transcript": ""}], "items": items,
                              "language_code": "en-US"}})


def _duration(ms: int) -> str:
    return f"{ms // 1000}.{ms % 1000:03d}s"


def google(words: list[Word]) -> str:
    results = [{"alternatives": [{"transcript": " ".join(w[1] for w in run), "confidence": 0.9,
                                  "words": [{"startOffset": _duration(w[3]),
                                             "endOffset": _duration(w[4]), "word": w[1],
                                             "confidence": w[5], "speakerLabel": str(w[0] + 1)}
                                            for w in run]}],
                "resultEndOffset": _duration(run[-1][4]), "languageCode": "en-us"}
               for run in _runs(words)]
    return _dump({"results": results, "metadata": {"totalBilledDuration": "36000s"}})


def azure(words: list[Word]) -> str:
    phrases = []
    for run in _runs(words):
        start, end = run[0][3], run[-1][4]
        phrases.append({
            "recognitionStatus": "Success", "channel": 0, "speaker": run[0][0] + 1,
            "offsetInTicks": float(start * 10_000),
            "durationInTicks": float((end - start) * 10_000),
            "nBest": [{"confidence": 0.9, "lexical": " ".join(w[2] for w in run),
                       "display": " ".join(w[1] for w in run),
                       "words": [{"word": w[2], "offsetInTicks": float(w[3] * 10_000),
                                  "durationInTicks": float((w[4] - w[3]) * 10_000),
                                  "confidence": w[5]} for w in run]}],
            "locale": "en-US"})
    return _dump({"source": "bench", "durationInTicks": (words[-1][4] + 1000) * 10_000,
                  "combinedRecognizedPhrases": [], "recognizedPhrases": phrases})


def speechmatics(words: list[Word]) -> str:
    results: list[dict[str, object]] = []
    for w in words:
        bare = w[1].rstrip(".,?!")
        speaker = f"S{w[0] + 1}"
        results.append({"type": "word", "start_time": _s(w[3]), "end_time": _s(w[4]),
                        "alternatives": [{"content": bare, "confidence": w[5],
                                          "language": "en", "speaker": speaker}]})
        for mark in w[1][len(bare):]:
            results.append({"type": "punctuation", "start_time": _s(w[4]),
                            "end_time": _s(w[4]), "attaches_to": "previous",
                            "alternatives": [{"content": mark, "confidence": 1.0,
                                              "language": "en", "speaker": speaker}]})
    return _dump({"format": "2.9", "job": {"id": "bench", "created_at": "2026-01-01T00:00:00Z",
                                           "data_name": "bench.wav",
                                           "duration": words[-1][4] // 1000 + 1},
                  "metadata": {"created_at": "2026-01-01T00:00:00Z", "type": "transcription",
                               "transcription_config": {"language": "en",
                                                        "diarization": "speaker"}},
                  "results": results})


#: Service name (as in ``--from``) → the writer of its response.
SERVICES: dict[str, Callable[[list[Word]], str]] = {
    "whisper": whisper, "deepgram": deepgram, "assemblyai": assemblyai,
    "aws-transcribe": aws, "google-stt": google, "azure-speech": azure,
    "speechmatics": speechmatics}
