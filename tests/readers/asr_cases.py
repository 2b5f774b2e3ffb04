"""What each speech-service fixture in tests/data/asr/ holds, written down independently of
the readers: one short dialogue (two speakers, an accented word, a number) that every
fixture carries in its service's shape (see the fixtures' own fields)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "asr"

DISPLAY = "Good morning, Lisbon. Olá! The tram leaves at 9. Perfect.".split()
LEXICAL = "good morning lisbon olá the tram leaves at nine perfect".split()
BARE = "Good morning Lisbon Olá The tram leaves at 9 Perfect".split()
SPOKEN_NINE = [w if w != "9." else "nine." for w in DISPLAY]
#: (start, end) in ms of each of the ten words
TIMES = [(500, 820), (820, 1300), (1360, 2020), (2600, 3010), (3100, 3220), (3220, 3550),
         (3550, 3960), (3960, 4080), (4080, 4600), (5200, 5840)]
CONFIDENCES = [0.98, 0.95, 0.91, 0.87, 0.99, 0.96, 0.97, 0.99, 0.93, 0.94]
#: the turns of the dialogue: (first word, last word + 1, start, end)
TURNS = [(0, 3, 500, 2020), (3, 9, 2600, 4600), (9, 10, 5200, 5840)]
SPEAKERS = ["Speaker 1", "Speaker 2", "Speaker 1"]
CHANNELS = ["Channel 1", "Channel 2", "Channel 1"]


@dataclass(frozen=True)
class Case:
    file: str
    reader: str
    words: list[str]
    labels: list[str] | None  # per turn of TURNS; None: one turn without a speaker
    language: str | None
    timed: bool = True  # every word has its own time in the file
    confidence: bool = True  # words carry CONFIDENCES
    lexical: list[str] | None = None  # what --words lexical reads, where it differs
    first_id: str | None = None  # the service's id of the first speaker

    @property
    def path(self) -> Path:
        return DATA / self.file


CASES = [
    Case("whisper-words.json", "whisper", DISPLAY, None, "en"),
    Case("whisperx-speakers.json", "whisper", DISPLAY, SPEAKERS, "en", confidence=False,
         first_id="SPEAKER_00"),
    Case("faster-whisper-segments.json", "whisper", DISPLAY, None, None, timed=False,
         confidence=False),
    Case("openai-verbose.json", "whisper", BARE, None, "en", confidence=False),
    Case("deepgram-diarized.json", "deepgram", DISPLAY, SPEAKERS, "en", lexical=LEXICAL,
         first_id="0"),
    Case("deepgram-plain.json", "deepgram", LEXICAL, None, None),
    Case("deepgram-multichannel.json", "deepgram", DISPLAY, CHANNELS, "en", lexical=LEXICAL),
    Case("assemblyai-speakers.json", "assemblyai", DISPLAY, SPEAKERS, "en-US", first_id="A"),
    Case("assemblyai-plain.json", "assemblyai", DISPLAY, None, "pt"),
    Case("assemblyai-multichannel.json", "assemblyai", DISPLAY, CHANNELS, "en-US"),
    Case("aws-speakers.json", "aws-transcribe", DISPLAY, SPEAKERS, None, lexical=BARE,
         first_id="spk_0"),
    Case("aws-plain.json", "aws-transcribe", DISPLAY, None, "en-US", lexical=BARE),
    Case("aws-channels.json", "aws-transcribe", DISPLAY, CHANNELS, None, lexical=BARE),
    Case("google-v1-diarized.json", "google-stt", DISPLAY, SPEAKERS, "en-US", first_id="1"),
    Case("google-v2.json", "google-stt", DISPLAY, SPEAKERS, "pt-BR", first_id="1"),
    Case("google-v1-multichannel.json", "google-stt", DISPLAY, CHANNELS, "en-US"),
    Case("google-v1-nowords.json", "google-stt", DISPLAY, None, "en-US", timed=False,
         confidence=False),
    Case("azure-diarized.json", "azure-speech", DISPLAY, SPEAKERS, "en-US", confidence=False,
         lexical=LEXICAL, first_id="1"),
    Case("azure-plain.json", "azure-speech", DISPLAY, None, "en-US", lexical=LEXICAL),
    Case("azure-channels.json", "azure-speech", DISPLAY, CHANNELS, "en-US", lexical=LEXICAL),
    Case("speechmatics-speakers.json", "speechmatics", DISPLAY, SPEAKERS, "en",
         lexical=[w.strip(".,!") for w in SPOKEN_NINE], first_id="S1"),
    Case("speechmatics-plain.json", "speechmatics", SPOKEN_NINE, None, "pt",
         lexical=[w.strip(".,!") for w in SPOKEN_NINE]),
    Case("speechmatics-channels.json", "speechmatics", SPOKEN_NINE, CHANNELS, "en",
         lexical=[w.strip(".,!") for w in SPOKEN_NINE]),
]
BY_FILE = {case.file: case for case in CASES}
