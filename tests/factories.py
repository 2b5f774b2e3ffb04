"""Transcripts built directly in the model, so writer tests do not depend on the readers."""

from __future__ import annotations

import random

from transconv.formats.cea608 import Settings
from transconv.model import (
    PUNCT,
    TAG,
    WORD,
    Annotation,
    CaptionTrack,
    Speaker,
    Token,
    Transcript,
    Turn,
)

_SENTENCES = [
    "So where did you grow up, and what was it like?",
    "Mostly in Lyon, then Montréal for university.",
    "Der Müller sagte: „Das Straßenfest beginnt um acht.“",
    "That’s the café where we met — about 1984, I think.",
    "Well, I don't know; maybe we should ask Zoë and François.",
    "Η συνάντηση ξεκινά στις οκτώ.",
    "Встреча начинается в восемь часов.",
    "会议八点开始。",
    "It was a long day. We worked late, but it was worth it!",
]


def _turn(speaker: str | None, text: str, start: int, ms_per_char: int = 60,
          tag: str | None = None) -> Turn:
    tokens: list[Token] = []
    t = start
    for word in text.split():
        end = t + max(80, ms_per_char * len(word))
        tokens.append(Token(WORD, word, t, end, 0.9))
        t = end + 40
    if tag:
        tokens.append(Token(TAG, tag, t, t, None))
    return Turn(speaker, start, tokens[-1].end if tokens else start, tokens)


def small_transcript() -> Transcript:
    """Three speakers, accents, Greek/Cyrillic/CJK, a tag and an annotation; about 40 s."""
    speakers = {
        "1": Speaker("1", "Alice Martin", "Dr. ", ""),
        "2": Speaker("2", "Bob Smith"),
        "3": Speaker("3", "Zoë Ångström", "", " (guest)"),
    }
    turns = []
    t = 1000
    order = ["2", "1", "3", "1", "2", "3", "1", "2", "1"]
    for i, (spk, sentence) in enumerate(zip(order, _SENTENCES, strict=True)):
        turn = _turn(spk, sentence, t, tag="crosstalk" if i == 3 else None)
        turns.append(turn)
        t = (turn.end or t) + 500
    return Transcript(
        turns=turns,
        speakers=speakers,
        title="Interview 12",
        description="A test interview",
        language="en",
        duration=t,
        annotations=[Annotation("a1", "Check spelling of surname", 1000, 4000, "jdoe",
                                "2024-05-01T12:00:00Z", None)],
        source="rev",
    )


def long_transcript(hours: float = 10.0, seed: int = 7) -> Transcript:
    """A deterministic transcript of ``hours`` (≈ 10,000 words an hour, 3 speakers)."""
    rng = random.Random(seed)
    vocabulary = ("the and of to a in that it is was for on are with as I his they be at one "
                  "have this from or had by word but what some we can out other were all there "
                  "when up use your how said an each she which do their time if will way about "
                  "many then them write would like so these her long make thing see him two has "
                  "look more day could go come did number sound no most people my over know "
                  "water than call first who may down side been now find café naïve Zoë "
                  "Müller façade déjà-vu").split()
    speakers = {str(i): Speaker(str(i), name) for i, name in
                enumerate(["Interviewer", "Alice Martin", "Bob Smith"], start=1)}
    total = int(hours * 3_600_000)
    turns: list[Turn] = []
    t = 0
    while t < total:
        spk = str(rng.randint(1, 3))
        tokens: list[Token] = []
        start = t
        for _ in range(rng.randint(20, 120)):
            word = rng.choice(vocabulary)
            end = t + rng.randint(150, 600)
            tokens.append(Token(WORD, word, t, end, round(rng.random(), 2)))
            t = end + rng.randint(0, 200)
            r = rng.random()
            if r < 0.08:
                tokens.append(Token(PUNCT, rng.choice(".,?!"), None, None, None))
            elif r < 0.085:
                tokens.append(Token(TAG, rng.choice(["inaudible", "crosstalk", "laughter"]),
                                    t, t, None))
        turns.append(Turn(spk, start, tokens[-1].end if tokens[-1].end else t, tokens))
        t += rng.randint(200, 1500)
    return Transcript(turns=turns, speakers=speakers, title="Long", language="en",
                      duration=t, source="rev")


def track_for(transcript: Transcript, settings: Settings | None = None) -> CaptionTrack:
    """``transcript`` as the caption pipeline hands it to the CEA-608 encoder."""
    from transconv.formats.cea608 import repertoire
    from transconv.pipeline import caption_track

    settings = settings or Settings()
    return caption_track(transcript, repertoire(settings), settings.style)
