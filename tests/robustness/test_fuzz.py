"""Fuzzing: weird model transcripts through every writer, mangled sources through the readers.

Every writer either produces output that an independent decoder accepts (see
:mod:`tests.robustness.decoders`) or raises one of the project's own errors; anything else
(``IndexError``, lxml's ``ValueError``, a decoder rejecting the bytes) is a bug. The SCC and
MCC writers are in the matrix like every other format.

Example counts come from the hypothesis profile (``HYPOTHESIS_PROFILE``; ``ci`` by default,
``long`` for a deliberate hunt, see conftest.py).
"""

from __future__ import annotations

import contextlib
import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

import transconv
from tests.robustness.decoders import DECODERS, check
from tests.robustness.strategies import MAX_TIME, mutated_sources, transcripts
from tests.robustness.support import SAMPLES, examples, fuzz_settings
from transconv.errors import InvalidInput, TransconvError
from transconv.formats import FORMATS
from transconv.model import WORD, Token, Transcript, Turn

NAMES = list(FORMATS)
#: Document writers take a fixed creation date so a failure replays byte for byte.
FIXED = {"docx": {"created": "2024-01-01T00:00:00Z"}, "pdf": {"created": "2024-01-01T00:00:00Z"}}
#: MCC writes one line per frame up to the last cue, so hundred-hour times would make each
#: example a ten-million-line file; its fuzzing stays within ten minutes (the ten-hour case
#: is tests/test_mcc.py's).
TIME_LIMIT = {"mcc": 600_000}
#: The slowest writers get fewer examples under the ci profile.
FEWER = {"docx": 5, "pdf": 5, "mcc": 6}


@pytest.fixture(autouse=True)
def _quiet(caplog: pytest.LogCaptureFixture) -> None:
    """Writers warn about folded characters on every example; keep the report readable."""
    caplog.set_level(logging.ERROR)


def test_every_format_has_a_decoder() -> None:
    assert set(NAMES) <= set(DECODERS)


def _write_or_refuse(name: str, transcript: Transcript) -> bytes | None:
    try:
        return transconv.dumps(transcript, name, **FIXED.get(name, {}))
    except TransconvError as exc:
        assert "\n" not in str(exc)
        return None


@pytest.mark.parametrize("name", NAMES)
def test_writer_output_decodes_or_is_refused(name: str) -> None:
    profile = fuzz_settings(max_examples=examples(FEWER[name])) if name in FEWER \
        else fuzz_settings()

    @profile
    @given(transcripts(max_time=TIME_LIMIT.get(name, MAX_TIME)))
    def run(transcript: Transcript) -> None:
        data = _write_or_refuse(name, transcript)
        if data is not None:
            check(name, data, transcript)

    run()


@pytest.mark.parametrize("shape", sorted(SAMPLES))
def test_mutated_sources_read_and_write_or_are_refused(shape: str) -> None:
    """Mangled samples: refused with :class:`InvalidInput` naming a place, or read into a
    transcript that the text, SubRip and Rev JSON writers turn into decodable output."""
    doc = json.loads(SAMPLES[shape].read_text(encoding="utf-8"))

    @fuzz_settings(max_examples=examples(30))
    @given(mutated_sources(doc))
    def run(raw: bytes) -> None:
        try:
            transcript = transconv.loads(raw, name="m.json")
        except InvalidInput as exc:
            assert "\n" not in str(exc) and str(exc).startswith("m.json: ")
            return
        for name in ("txt", "srt", "rev-json"):
            data = _write_or_refuse(name, transcript)
            if data is not None:
                check(name, data, transcript)

    run()


@fuzz_settings()
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda s: s.encode("utf-8",
                                                                            "surrogatepass")))
def test_arbitrary_bytes_never_escape_as_foreign_exceptions(raw: bytes) -> None:
    with contextlib.suppress(InvalidInput):
        transconv.loads(raw)


def test_scc_time_codes_never_pass_99_hours() -> None:
    """Found by the long profile; kept as an explicit case because ci's examples miss it."""
    at = 100 * 3_600_000 - 1_376
    t = Transcript(turns=[Turn(None, at, at, [Token(WORD, "hello", at, None)])])
    data = _write_or_refuse("scc", t)
    if data is not None:
        check("scc", data, t)


def test_a_control_between_combining_marks_reads_back_in_canonical_order() -> None:
    """Found by the long profile: the reader removes the BEL and then normalises, so the two
    marks come back in canonical order; the visible text is the same."""
    t = Transcript(turns=[Turn(None, 0, 900, [Token(WORD, "º\u0301\x07\u0336", 0, 900)])])
    data = _write_or_refuse("rev-json", t)
    assert data is not None
    check("rev-json", data, t)
    (word,) = transconv.loads(data).words()
    assert word == "º\u0336\u0301"


def test_a_lone_combining_mark_after_a_word_stays_apart() -> None:
    """Found by the long profile: a word that is only a combining mark must not be compared
    as if it had composed with the word before it once the space between them is gone."""
    t = Transcript(turns=[Turn(None, None, None, [Token(WORD, "hello"), Token(WORD, "\u0301")])])
    data = _write_or_refuse("docx", t)
    assert data is not None
    check("docx", data, t)
