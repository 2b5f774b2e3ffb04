"""One fixed script of cues that peers' writers turn into the files our readers are tested on.

Every caption reader's test writes this script with another project's writer (pysubs2,
pycaption, ttconv, ffmpeg, webvtt-py) in the test run, reads the file back with ours and
compares words, speakers and times with :data:`SCRIPT`. The words cover what readers get
wrong: accented Latin letters, the CEA-608 special characters, quotes and dashes, a long
two-line caption and a one-word one, a caption that starts past the first hour.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScriptCue:
    start: int  # ms
    end: int
    lines: tuple[str, ...]
    speaker: str | None = None

    @property
    def words(self) -> list[str]:
        return " ".join(self.lines).split()


SCRIPT: tuple[ScriptCue, ...] = (
    ScriptCue(1_000, 3_500, ("Good evening, and welcome.",), "Anna"),
    ScriptCue(3_600, 6_200, ("Tonight: the café on Rue de la Paix", "and its crème brûlée."),
              "Anna"),
    ScriptCue(6_500, 7_000, ("Señor!",), "Jürgen"),
    ScriptCue(7_200, 10_000, ("¿Qué pasa? ¡Nada!", "♪ la la la ♪"), "Jürgen"),
    ScriptCue(10_100, 12_000, ("It costs ½ of £10 — or 5 €?",), "Anna"),
    ScriptCue(65_000, 68_440, ("Naïve façade, Ærø and Øresund.",), "Jürgen"),
    ScriptCue(3_601_000, 3_604_000, ("One hour in: \"quoted\" and 'single'.",), "Anna"),
)


def script_words(script: tuple[ScriptCue, ...] = SCRIPT) -> list[str]:
    """Every word of the script, in order."""
    return [word for cue in script for word in cue.words]
