"""Bad input, for each reader, through the library and the command line.

The contract (README, "Errors and exit codes"): every input is either converted (where a
lenient reading is safe) or refused with one line naming the file and, where there is one,
the JSON path. The library raises only :class:`TransconvError` subclasses; the command line
prints exactly one line on stderr, exits with 3 and leaves no output file behind.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pytest

import transconv
from tests.robustness.strategies import dotted, paths, replaced
from tests.robustness.support import SAMPLES, cli, files_in, one_line
from transconv.errors import InvalidInput, MissingTiming, TransconvError
from transconv.readers import DEFAULT_MAX_BYTES

DOCS = {shape: json.loads(path.read_text(encoding="utf-8")) for shape, path in SAMPLES.items()}
RAW = {shape: path.read_bytes() for shape, path in SAMPLES.items()}


def _rev(elements: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"monologues": [{"speaker": 1, "elements": elements}], **extra}


def _revai(elements: list[dict[str, Any]]) -> dict[str, Any]:
    return {"monologues": [{"speaker": 0, "elements": elements}]}


def _smartdoc(*segments: dict[str, Any], total: float = 60.0) -> dict[str, Any]:
    return {"totalTimeInSeconds": total,
            "transcript": {"transcripts": list(segments),
                           "speakers": [{"speakerId": "S1", "speakerName": "A"}]}}


# Inputs the readers must refuse: (id, bytes, what the one-line message must contain).
REFUSED: list[tuple[str, bytes, str]] = [
    ("zero-bytes", b"", "empty input"),
    ("whitespace", b" \r\n\t ", "empty input"),
    ("truncated-rev", RAW["rev"][: len(RAW["rev"]) // 2], "not valid JSON"),
    ("truncated-revai", RAW["revai"][:-2], "not valid JSON"),
    ("truncated-smartdoc", RAW["smartdoc"][:300], "not valid JSON"),
    ("array", b"[1, 2]", "top level is an array"),
    ("string", b'"monologues"', "top level is a string"),
    ("number", b"42", "top level is a number"),
    ("null", b"null", "top level is null"),
    ("empty-object", b"{}", "not a transcript this project reads"),
    ("invalid-utf8", b'{"monologues": [{"elements": [{"value": "caf\xe9"}]}]}',
     "not valid UTF-8"),
    ("latin1-file", RAW["rev"].decode("utf-8").encode("latin-1", "replace"), "not valid UTF-8"),
    ("deep-arrays", b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    ("deep-in-field", b'{"monologues": [{"elements": ' + b"[" * 50_000 + b"]" * 50_000 + b"}]}",
     "nested too deeply"),
    ("huge-int-literal", b'{"monologues": [{"elements": [{"ts": ' + b"9" * 5000 + b"}]}]}",
     "number literal is too long"),
    ("huge-time-rev", json.dumps(_rev([{"type": "text", "value": "a",
                                        "timestamp": "99999999:00:00,000"}])).encode(),
     "monologues[0].elements[0].timestamp"),
    ("huge-time-revai", json.dumps(_revai([{"type": "text", "value": "a", "ts": 1e300}])).encode(),
     "monologues[0].elements[0].ts"),
    ("huge-time-smartdoc", json.dumps(_smartdoc({"speakerId": "S1", "start": 1e300, "end": 1.0,
                                                 "displayText": "a"})).encode(),
     "transcript.transcripts[0].start"),
    ("garbled-time", json.dumps(_rev([{"type": "text", "value": "a",
                                       "timestamp": "00:xx:01,000"}])).encode(),
     "monologues[0].elements[0].timestamp"),
    ("frame-time-without-rate", json.dumps(_rev([{"type": "text", "value": "a",
                                                  "timestamp": "00:00:01:15"}])).encode(),
     "monologues[0].elements[0].timestamp"),
    ("monologues-object", b'{"monologues": {"speaker": 1}}', "monologues: expected an array"),
    ("elements-string", b'{"monologues": [{"elements": "hello"}]}',
     "monologues[0].elements: expected an array"),
    ("transcripts-number", b'{"transcript": {"transcripts": 3}}',
     "transcript.transcripts: expected an array"),
]


@pytest.mark.parametrize(("raw", "needle"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_library_refuses_with_one_line_naming_the_place(raw: bytes, needle: str) -> None:
    with pytest.raises(InvalidInput) as info:
        transconv.loads(raw, name="in.json")
    message = str(info.value)
    assert "\n" not in message and message.startswith("in.json: ")
    assert needle in message


#: One of each kind of refusal, for each reader, through the command line (subprocesses are
#: slow, and the library cases above already cover the rest).
CLI_CASES = [c for c in REFUSED if c[0] in {
    "zero-bytes", "whitespace", "truncated-rev", "truncated-revai", "truncated-smartdoc",
    "array", "invalid-utf8", "deep-arrays", "huge-time-revai", "huge-time-smartdoc",
    "garbled-time", "monologues-object"}]


@pytest.mark.parametrize(("raw", "needle"), [c[1:] for c in CLI_CASES],
                         ids=[c[0] for c in CLI_CASES])
def test_cli_refuses_with_exit_3_one_line_and_no_output(tmp_path: Path, raw: bytes,
                                                        needle: str) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(raw)
    out = tmp_path / "out"
    proc = cli("convert", source, "-d", out, "-t", "srt,txt,rev-json")
    assert proc.returncode == 3
    line = one_line(proc)
    assert str(source) in line and needle in line
    assert files_in(out) == []
    proc = cli("convert", "-", "-t", "srt", "-o", out / "stdin.srt", stdin=raw)
    assert proc.returncode == 3 and "<stdin>" in one_line(proc)
    assert files_in(out) == []


# ------------------------------------------------------------------ accepted encodings


@pytest.mark.parametrize("shape", sorted(SAMPLES))
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32"])
def test_bom_and_utf16_are_read_like_utf8(shape: str, encoding: str) -> None:
    text = RAW[shape].decode("utf-8")
    plain = transconv.loads(RAW[shape])
    other = transconv.loads(text.encode(encoding))
    assert other.words() == plain.words()
    assert [(t.start, t.end, t.speaker) for t in other.turns] == \
        [(t.start, t.end, t.speaker) for t in plain.turns]


def test_cli_reads_utf16_with_bom(tmp_path: Path) -> None:
    source = tmp_path / "talk.json"
    source.write_bytes(RAW["smartdoc"].decode("utf-8").encode("utf-16"))
    proc = cli("convert", source, "-t", "txt", "-o", tmp_path / "talk.txt")
    assert proc.returncode == 0, proc.stderr
    assert "Please state your full name" in (tmp_path / "talk.txt").read_text(encoding="utf-8")


# ------------------------------------------------- every field, every wrong JSON type

#: null, a number, a string, an array, an object (the brief's five), per field of each sample.
WRONG: list[Any] = [None, 7, "str", [1], {"k": "v"}]


def _field_cases() -> list[tuple[str, tuple[Any, ...], Any]]:
    cases: list[tuple[str, tuple[Any, ...], Any]] = []
    for shape, doc in DOCS.items():
        for path in paths(doc):
            if path:
                cases.extend((shape, path, value) for value in WRONG)
    return cases


FIELD_CASES = _field_cases()


@pytest.mark.parametrize("shape", sorted(SAMPLES))
def test_every_field_with_every_wrong_type(shape: str) -> None:
    """Each substitution reads leniently into a sane transcript, or is refused naming it.

    "Naming it" means the error's JSON path is the substituted field, one of its parents
    (a list that now holds a number), or lies inside it (the first bad item of an array).
    """
    refused = accepted = 0
    for _, path, value in (c for c in FIELD_CASES if c[0] == shape):
        raw = json.dumps(replaced(DOCS[shape], path, value)).encode()
        field = dotted(path)
        try:
            t = transconv.loads(raw, name="x.json")
        except InvalidInput as exc:
            refused += 1
            assert "\n" not in str(exc)
            assert exc.where and (field.startswith(exc.where) or exc.where.startswith(field)), \
                f"{field} = {value!r}: error names {exc.where!r}: {exc}"
            continue
        accepted += 1
        _assert_sane(t)
    assert refused and accepted  # both paths were exercised


@pytest.mark.parametrize("shape", sorted(SAMPLES))
def test_cli_every_field_with_every_wrong_type(shape: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Each field once more, through the command line, with a wrong type that rotates over
    the five (in-process: a subprocess each would take minutes): exit 0 with a file (and
    warnings naming the file), or exit 3 with one line naming the file, and no file."""
    from transconv import cli as cli_module

    source = tmp_path / "x.json"
    target = tmp_path / "x.srt"
    for index, path in enumerate(paths(DOCS[shape])[1:]):
        value = WRONG[index % len(WRONG)]
        source.write_text(json.dumps(replaced(DOCS[shape], path, value)), encoding="utf-8")
        code = cli_module.main(["convert", str(source), "-t", "srt", "-o", str(target),
                                "--force"])
        captured = capsys.readouterr()
        if code == 0:  # warnings only, each naming the file
            assert all(line.startswith(f"transconv: {source}: ")
                       for line in captured.err.splitlines()), captured.err
            assert target.exists()
            target.unlink()
            continue
        assert code == 3, (dotted(path), value, captured.err)
        assert captured.err.count("\n") == 1 and captured.err.startswith(f"transconv: {source}: ")
        assert not target.exists()
    assert files_in(tmp_path) == ["x.json"]


def _assert_sane(t: transconv.Transcript) -> None:
    """What readers promise writers, checked on whatever a lenient read produced."""
    starts = [turn.start for turn in t.turns if turn.start is not None]
    assert starts == sorted(starts)
    for turn in t.turns:
        assert turn.speaker is None or turn.speaker in t.speakers
        if t.is_timed:
            assert turn.start is not None and turn.end is not None
            assert 0 <= turn.start <= turn.end
            if t.duration is not None:
                assert turn.end <= t.duration
        for token in turn.tokens:
            if token.start is not None and token.end is not None:
                assert 0 <= token.start <= token.end
            assert token.confidence is None or 0.0 <= token.confidence <= 1.0


def test_lenient_reads_still_convert() -> None:
    """A sample with a field nulled out still converts to a timed and an untimed format."""
    for shape, doc in DOCS.items():
        for path in paths(doc, per_list=1)[1::7]:
            try:
                t = transconv.loads(json.dumps(replaced(doc, path, None)).encode())
            except InvalidInput:
                continue
            transconv.dumps(t, "txt")
            try:
                transconv.dumps(t, "srt")
            except MissingTiming:
                assert not t.is_timed, shape


# ------------------------------------------------------------- lenient time handling


@pytest.mark.parametrize("value", [-5, -0.001, "-00:00:01,000", math.nan, math.inf, "NaN",
                                   "-Infinity"], ids=repr)
def test_negative_and_nan_times_count_as_missing(value: Any) -> None:
    """A time that cannot be a media time is dropped and filled from its neighbours."""
    doc = _revai([{"type": "text", "value": "one", "ts": 1.0, "end_ts": 1.5},
                  {"type": "punct", "value": " "},
                  {"type": "text", "value": "two", "ts": value, "end_ts": value},
                  {"type": "punct", "value": " "},
                  {"type": "text", "value": "three", "ts": 3.0, "end_ts": 3.5}])
    t = transconv.loads(json.dumps(doc, allow_nan=True).encode())
    tokens = [tok for tok in t.tokens() if tok.kind == "word"]
    assert [tok.text for tok in tokens] == ["one", "two", "three"]
    assert tokens[1].start is not None and tokens[1].end is not None
    assert 1500 <= tokens[1].start <= tokens[1].end <= 3000


def test_all_times_nan_reads_untimed_and_timed_formats_refuse(tmp_path: Path) -> None:
    doc = _revai([{"type": "text", "value": "hi", "ts": -1, "end_ts": -2}])
    t = transconv.loads(json.dumps(doc).encode())
    assert not t.is_timed and t.words() == ["hi"]
    assert transconv.dumps(t, "txt").strip() == b"Speaker 0:\r\nhi".strip()
    with pytest.raises(MissingTiming, match="no times"):
        transconv.dumps(t, "srt")
    source = tmp_path / "untimed.json"
    source.write_text(json.dumps(doc))
    proc = cli("convert", source, "-t", "vtt", "-o", tmp_path / "untimed.vtt")
    assert proc.returncode == 3 and "no times" in one_line(proc)
    assert files_in(tmp_path) == ["untimed.json"]


@pytest.mark.parametrize("shape", ["rev", "revai", "smartdoc"])
def test_end_before_start_is_swapped_inside_the_media(shape: str) -> None:
    if shape == "rev":
        doc = _rev([{"type": "text", "value": "a", "timestamp": "00:00:05,000",
                     "end_timestamp": "00:00:02,000"}])
    elif shape == "revai":
        doc = _revai([{"type": "text", "value": "a", "ts": 5.0, "end_ts": 2.0}])
    else:
        doc = _smartdoc({"speakerId": "S1", "start": 5.0, "end": 2.0, "displayText": "a"})
    t = transconv.loads(json.dumps(doc).encode())
    assert (t.turns[0].start, t.turns[0].end) == (2000, 5000)


def test_overlapping_turns_are_kept_in_start_order() -> None:
    doc = {"monologues": [
        {"speaker": 1, "elements": [{"type": "text", "value": "late", "ts": 4.0, "end_ts": 6.0}]},
        {"speaker": 2, "elements": [{"type": "text", "value": "early", "ts": 1.0, "end_ts": 5.0}]},
        {"speaker": 1, "elements": [{"type": "text", "value": "same", "ts": 4.0, "end_ts": 4.5}]},
    ]}
    t = transconv.loads(json.dumps(doc).encode())
    assert [turn.text() for turn in t.turns] == ["early", "late", "same"]  # stable for ties
    srt = transconv.dumps(t, "srt").decode()
    assert srt.index("early") < srt.index("late") < srt.index("same")


def test_unknown_and_duplicate_speaker_ids() -> None:
    doc = {"speakers": [{"id": 1, "name": "Ann"}, {"id": 1, "name": "Duplicate"},
                        {"id": "2", "name": "Bob"}],
           "monologues": [
               {"id": 5, "speaker": 9, "elements": [{"type": "text", "value": "ghost"}]},
               {"id": 5, "speaker": "1", "elements": [{"type": "text", "value": "ann"}]},
               {"speaker": 2, "elements": [{"type": "text", "value": "bob"}]},
               {"elements": [{"type": "text", "value": "nobody"}]}]}
    t = transconv.loads(json.dumps(doc).encode())
    assert [t.speaker_label(turn.speaker) for turn in t.turns] == \
        ["Speaker 9", "Ann", "Bob", ""]
    smart = _smartdoc({"speakerId": "S7", "start": 1, "end": 2, "displayText": "who"},
                      {"speakerId": "S1", "start": 3, "end": 4, "displayText": "me"})
    smart["transcript"]["speakers"].append({"speakerId": "S1", "speakerName": "Again"})
    t = transconv.loads(json.dumps(smart).encode())
    assert [t.speaker_label(turn.speaker) for turn in t.turns] == ["Speaker S7", "A"]


# ------------------------------------------------------------------- size limits


def test_whitespace_100mb_is_refused_as_empty(tmp_path: Path) -> None:
    source = tmp_path / "blank.json"
    with source.open("wb") as handle:
        handle.write(b" " * 100_000_000)
    with pytest.raises(InvalidInput, match="empty input"):
        transconv.load(source)
    proc = cli("convert", source, "-t", "srt", "-o", tmp_path / "blank.srt")
    assert proc.returncode == 3 and "empty input" in one_line(proc)
    assert files_in(tmp_path) == ["blank.json"]


def test_one_gigabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A sparse 1 GiB file: the size check comes from stat(), so nothing is read."""
    source = tmp_path / "huge.json"
    with source.open("wb") as handle:
        handle.truncate(1 << 30)
    assert DEFAULT_MAX_BYTES < 1 << 30
    with pytest.raises(InvalidInput, match=r"input is 1,073,741,824 bytes, over the "
                                           r"536,870,912-byte limit .*max_bytes"):
        transconv.load(source)
    proc = cli("convert", source, "-t", "srt", "-o", tmp_path / "huge.srt")
    assert proc.returncode == 3
    line = one_line(proc)
    assert "huge.json" in line and "over the 536,870,912-byte limit" in line
    assert "--max-bytes" in line
    assert files_in(tmp_path) == ["huge.json"]


def test_limit_is_configurable(tmp_path: Path) -> None:
    source = tmp_path / "talk.json"
    source.write_bytes(RAW["revai"])
    with pytest.raises(InvalidInput, match="over the 1,000-byte limit"):
        transconv.load(source, max_bytes=1000)
    assert transconv.load(source, max_bytes=len(RAW["revai"])).words()
    proc = cli("convert", source, "--max-bytes", "1000", "-t", "srt", "-o", tmp_path / "a.srt")
    assert proc.returncode == 3 and "1,000-byte limit" in one_line(proc)
    proc = cli("convert", "-", "--max-bytes", "1000", "-t", "srt", "-o", tmp_path / "b.srt",
               stdin=RAW["revai"])
    assert proc.returncode == 3 and "<stdin>: input is over the 1,000-byte" in one_line(proc)
    proc = cli("info", "-", "--max-bytes", "1000", stdin=RAW["revai"])
    assert proc.returncode == 3 and "1,000-byte limit" in one_line(proc)
    assert files_in(tmp_path) == ["talk.json"]
    proc = cli("convert", source, "--max-bytes", str(len(RAW["revai"])), "-t", "srt",
               "-o", tmp_path / "c.srt")
    assert proc.returncode == 0, proc.stderr


def test_library_raises_nothing_but_its_own_errors_on_garbage() -> None:
    """Odd Python-side arguments are usage errors, not TypeErrors."""
    for bad in (12, None, 3.5, object()):
        with pytest.raises(TransconvError):
            transconv.load(bad)  # type: ignore[arg-type]
    with pytest.raises(TransconvError):
        transconv.loads(b"{}", shape="nonsense")
    with pytest.raises(TransconvError):
        transconv.loads(RAW["rev"], max_bytes=-1)


def test_lone_surrogates_in_passthrough_metadata_and_keys_are_written() -> None:
    t = transconv.Transcript(metadata={"n": "\ud800", "k\udc00": {"x\ud800": 1}})
    data = transconv.dumps(t, "rev-json")
    assert transconv.loads(data).metadata == {"n": "\ufffd", "k\ufffd": {"x\ufffd": 1}}


def test_a_surrogate_key_inside_a_smartdoc_segment_is_read() -> None:
    raw = json.dumps({"transcript": {"transcripts": [{"x\ud800": 1, "displayWords": [
        {"text": "hi", "offsetInSeconds": 0.5, "durationInSeconds": 1, "q\udc00": 2}]}]}})
    assert transconv.loads(raw.encode()).words() == ["hi"]


def _closed() -> io.BytesIO:
    handle = io.BytesIO(b"{}")
    handle.close()
    return handle


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda t: transconv.loads(None), transconv.UsageError, "loads() takes bytes or str"),
    (lambda t: transconv.loads(b"{}", shape=["rev"]), transconv.UsageError,
     "unknown input format"),
    (lambda t: transconv.dumps(t, None), transconv.UsageError, "a format is a name"),
    (lambda t: transconv.dumps(t, "txt", charset=123), transconv.UsageError,
     "unsupported charset"),
    (lambda t: transconv.load("a\0b"), transconv.InvalidInput, "embedded null byte"),
    (lambda t: transconv.load(_closed()), transconv.InvalidInput, "closed file"),
    (lambda t: transconv.dump(t, None), transconv.UsageError, "a path is text"),
    (lambda t: transconv.represent(t, accept=5), transconv.UsageError, "accept is text"),
])
def test_library_misuse_raises_the_projects_errors(call: Any, error: type[Exception],
                                                    message: str) -> None:
    t = transconv.load(SAMPLES["rev"])
    with pytest.raises(error, match=re.escape(message)):
        call(t)


def test_library_calls_that_used_to_crash_now_work(tmp_path: Path) -> None:
    t = transconv.loads('{"monologues": [{"elements": [{"type": "text", "value": "a\ud800",'
                        ' "ts": 0.5, "end_ts": 1.0}]}]}')
    assert t.words() == ["a\ufffd"]  # a lone surrogate in str input reads as U+FFFD
    transconv.dump(t, os.fsencode(tmp_path / "x.srt"))  # a bytes path
    assert (tmp_path / "x.srt").read_bytes().startswith(b"1\r\n")
    sample = transconv.load(SAMPLES["rev"])
    assert transconv.dumps(sample, "docx", author="a\x01b", created="2024-01-01T00:00:00Z")
    assert transconv.dumps(sample, "pdf", author="\udcffok", created="2024-01-01T00:00:00Z")
