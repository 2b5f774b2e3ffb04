"""Output digests: every format × option variant × input, to prove a refactor changes no byte.

The pipeline rework (one caption pipeline, cue tracks, families as packages) must leave every
output byte-identical except where a defect fix changes it on purpose. This module computes
a SHA-256 per (input, variant) and compares it with a recorded set:

    python -m tests.golden record tests/data/golden.json '<small>' '<german>' '<mixed>' \
        samples/*.json tests/data/sources/*.json
    python -m tests.golden check tests/data/golden.json …the same inputs…

``tests/test_golden.py`` runs the check over the recorded inputs; the same command runs it
over the generated bench files (``--defaults``: each format's defaults only):

    python bench/generate.py --out bench/data --hours 1 10
    python -m tests.golden check bench/golden.json --defaults bench/data/rev-*.json \
        bench/data/smartdoc-*.json

Differences a fix explains are listed, with their reason, in ``EXPECTED_CHANGES`` of the test.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import transconv
from tests.factories import small_transcript
from transconv.errors import TransconvError

#: Fixed values where a writer would otherwise put today's date or a random id.
_FIXED: dict[str, dict[str, Any]] = {
    "docx": {"created": "2024-01-01T00:00:00Z"},
    "pdf": {"created": "2024-01-01T00:00:00Z"},
    "mcc": {"deterministic": True},
    "ebu-stl": {"creation_date": "2024-01-01"},
}

#: Option variants beyond each format's defaults: every encoding/charset option and mode.
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "txt": [{"charset": "windows-1252"}, {"charset": "us-ascii"}, {"charset": "utf-16"},
            {"charset": "iso-8859-1"}],
    "youtube": [{"charset": "us-ascii"}],
    "srt": [{"max_chars": 32}, {"speaker_style": "chevrons"}],
    "vtt": [{"max_chars": 32, "max_lines": 3}],
    "scc": [{"mode": "roll-up"}, {"mode": "paint-on"}],
    "mcc": [{"mode": "roll-up"}],
    "ttml": [{"max_chars": 32}],
    "dfxp": [],
    "qt": [{"encoding": "us-ascii"}, {"encoding": "us-ascii", "max_chars": 32}],
    "rev-txt": [],
    "cap": [{"max_chars": 32}],
    "spruce-stl": [{"encoding": "us-ascii"}, {"encoding": "us-ascii", "max_chars": 32},
                   {"encoding": "windows-1252"}, {"encoding": "utf-16"}],
    "avid-ds": [{"encoding": "us-ascii", "max_chars": 32}, {"encoding": "iso-8859-1"}],
    "avid-dvd": [{"encoding": "us-ascii", "max_chars": 32}, {"encoding": "windows-1252"}],
    "facebook-srt": [],
    "ebu-stl": [{"max_chars": 32}],
}


def variants(defaults_only: bool = False) -> Iterable[tuple[str, str, dict[str, Any]]]:
    """(label, format, options) for every format's default and its listed variants."""
    for name in transconv.FORMATS:
        base = _FIXED.get(name, {})
        yield name, name, dict(base)
        for extra in [] if defaults_only else VARIANTS.get(name, []):
            label = name + "?" + "&".join(f"{k}={v}" for k, v in sorted(extra.items()))
            yield label, name, {**base, **extra}


def digest_of(transcript: transconv.Transcript, fmt: str, options: dict[str, Any]) -> str:
    """The SHA-256 of the output, or ``error:<class>`` when the writer refuses."""
    try:
        data = transconv.dumps(transcript, fmt, **options)
    except TransconvError as exc:
        return f"error:{type(exc).__name__}"
    return hashlib.sha256(data).hexdigest()


def _german() -> transconv.Transcript:
    """The line whose folded form outgrew the planned row (ß→ss, …→...)."""
    text = ("die Straße ist groß, die Größe übermäßig. Der Preis: 5 € … ™ "
            "„Grüße“ — und so weiter, weiß der Fuß.")
    return _transcript_of([("1", text)])


def _mixed(seed: int = 16) -> transconv.Transcript:
    """Seeded words from many scripts and symbol blocks, the folding tables' hard cases."""
    rng = random.Random(seed)
    alphabet = ("abcdefghijklmnopqrstuvwxyz ÀÉÎÕÜàéîõüßçñøåæœłđþ ΑΒΓαβγ АБВабв שלום مرحبا "
                "会议开始 …–—‘’“”«»€£¥™©®½¼ ﬁﬂ ＡＢ①② 👩‍💻🙂 \u00a0\u200b\u2028\ufeff {}<>[]&")
    sentences = []
    for _ in range(40):
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))).strip() or "x"
                 for _ in range(rng.randint(3, 18))]
        sentences.append((str(rng.randint(1, 3)), " ".join(words)))
    return _transcript_of(sentences)


def _transcript_of(turns: list[tuple[str, str]]) -> transconv.Transcript:
    from transconv.model import WORD, Speaker, Token, Turn

    speakers = {"1": Speaker("1", "Ana Souza", "Dr. ", ""), "2": Speaker("2", "Jörg Weiß"),
                "3": Speaker("3", "Zoë Ångström", "", " (guest)")}
    built, t = [], 1000
    for speaker, text in turns:
        tokens = []
        for word in text.split():
            tokens.append(Token(WORD, word, t, t + 60 * len(word) + 80, 0.9))
            t += 60 * len(word) + 120
        built.append(Turn(speaker, tokens[0].start, tokens[-1].end, tokens))
        t += 700
    return transconv.Transcript(turns=built, speakers=speakers, language="de", duration=t)


#: Inputs built here rather than read, by name.
BUILT = {"<small>": small_transcript, "<german>": _german, "<mixed>": _mixed}


def digests(paths: Iterable[str | Path], defaults_only: bool = False,
            ) -> dict[str, dict[str, str]]:
    """``{input name: {variant label: digest}}`` (path names, or :data:`BUILT`'s)."""
    table: dict[str, dict[str, str]] = {}
    for path in paths:
        name = str(path)
        transcript = BUILT[name]() if name in BUILT else transconv.load(path)
        table[name if name in BUILT else Path(path).name] = {
            label: digest_of(transcript, fmt, options)
            for label, fmt, options in variants(defaults_only)}
    return table


def differences(recorded: dict[str, dict[str, str]],
                now: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(input, variant) pairs whose digest is not the recorded one (or was not recorded)."""
    return [(name, label) for name, rows in now.items() for label, value in rows.items()
            if recorded.get(name, {}).get(label) != value]


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in ("record", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    logging.disable(logging.WARNING)  # writers' warnings are not what is compared
    defaults_only = "--defaults" in argv
    argv = [arg for arg in argv if arg != "--defaults"]
    command, table_path, inputs = argv[0], Path(argv[1]), argv[2:]
    now = digests(inputs, defaults_only)
    if command == "record":
        table_path.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        return 0
    changed = differences(json.loads(table_path.read_text()), now)
    for name, label in changed:
        print(f"changed: {name} {label}")
    print(f"{len(changed)} of {sum(map(len, now.values()))} outputs differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
