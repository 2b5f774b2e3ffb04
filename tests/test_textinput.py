"""Reading text inputs: encodings (BOM, UTF-8, UTF-16, a detector's guess), detection, errors."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

import transconv
from transconv.errors import InvalidInput, UsageError
from transconv.model import CaptionTrack
from transconv.readers.detection import hinted
from transconv.readers.textinput import decode_text

TEXT = "0:00:01.000,0:00:02.000\nDéjà vu, señor — ça va?\n\n0:00:03.000,0:00:04.000\nÜber café\n"
WORDS = ["Déjà", "vu,", "señor", "—", "ça", "va?", "Über", "café"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32"])
def test_unicode_with_a_bom_or_utf16_without_one(encoding: str) -> None:
    raw = TEXT.encode(encoding)
    track = transconv.loads(raw)
    assert isinstance(track, CaptionTrack) and track.words() == WORDS


def test_utf8_is_taken_without_a_word() -> None:
    text, encoding = decode_text(TEXT.encode(), "x.sbv")
    assert (text, encoding) == (TEXT, "utf-8")


@pytest.mark.parametrize(("encoding", "sample"), [
    ("cp1252", "Déjà vu, señor — ça va? Über café, naïve façade, Ærø"),
    ("shift_jis", "こんにちは、世界。今日はいい天気ですね。字幕のテストです。"),
    ("gb18030", "你好，世界。今天天气很好。这是一个字幕测试文件。"),
    ("iso8859_7", "Καλημέρα κόσμε, αυτό είναι ένα τεστ υποτίτλων στα ελληνικά."),
])
def test_legacy_encodings_are_guessed_and_the_guess_is_said(
        encoding: str, sample: str, caplog: pytest.LogCaptureFixture) -> None:
    text = "".join(f"0:00:0{i}.000,0:00:0{i}.900\n{sample}\n\n" for i in range(1, 6))
    with caplog.at_level(logging.WARNING):
        track = transconv.loads(text.encode(encoding), name="legacy.sbv")
    assert isinstance(track, CaptionTrack)
    assert " ".join(track.cues[0].lines) == sample
    assert "legacy.sbv: not UTF-8; read as" in caplog.text and "a guess" in caplog.text


def test_a_forced_encoding_is_not_second_guessed(caplog: pytest.LogCaptureFixture) -> None:
    raw = TEXT.encode("cp1252", "replace")
    with caplog.at_level(logging.WARNING):
        track = transconv.loads(raw, encoding="latin-1")
    assert track.encoding == "iso8859-1" and caplog.text == ""
    with pytest.raises(InvalidInput, match=r"line 2: not valid utf-8 \(byte 0xe9\)"):
        transconv.loads(raw, encoding="utf-8")
    with pytest.raises(UsageError, match="unknown encoding"):
        transconv.loads(raw, encoding="klingon")


def test_the_extension_is_a_hint_not_a_verdict() -> None:
    assert hinted("a.SBV") is not None and hinted("a.sbv").name == "sbv"  # type: ignore[union-attr]
    assert hinted("a.unknown") is None
    track = transconv.loads(TEXT.encode(), name="mislabelled.srt")  # content wins
    assert track.source == "sbv"


def test_json_goes_to_the_json_readers_whatever_the_name() -> None:
    raw = b'{"monologues": [{"speaker": 1, "elements": []}]}'
    assert transconv.loads(raw, name="x.sbv").source in ("rev", "revai")


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "empty input"),
    (b"   \n\n", "empty input"),
    (b"Just some prose, no captions at all.\n", "not a format this project reads"),
    (b"\x00\x01\x02\xff\xfe\x00garbage", "not"),
])
def test_unreadable_text_is_one_line(raw: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        transconv.loads(raw, name="in.txt")
    assert str(info.value).startswith("in.txt: ") and message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_forced_reader_names_the_line_it_cannot_read() -> None:
    with pytest.raises(InvalidInput) as info:
        transconv.loads(b"Hello\n0:00:01.000,0:00:02.000\nx\n", shape="sbv", name="in.sbv")
    assert str(info.value).startswith("in.sbv: line 1: 'Hello' is not a SubViewer time line")


def test_info_names_the_format_and_the_encoding(tmp_path: Path) -> None:
    src = tmp_path / "a.sbv"
    src.write_bytes(TEXT.encode("utf-16"))
    proc = subprocess.run([sys.executable, "-m", "transconv", "info", str(src), "--json"],
                          capture_output=True, check=True)
    import json

    facts = json.loads(proc.stdout)
    assert facts["format"] == "sbv" and facts["encoding"] == "utf-16-le"
    assert facts["cues"] == 2 and facts["words"] == len(WORDS) and facts["turns"] is None
    assert facts["duration_ms"] == 4_000


def test_bad_input_from_the_command_is_exit_3_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "bad.sbv"
    src.write_bytes(b"0:00:01.000,0:00:02.000\nfine\n\n0:00:03.000,0:00:02.000\nbackwards\n")
    out = tmp_path / "bad.srt"
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(src), "-o",
                           str(out)], capture_output=True)
    assert proc.returncode == 3 and not out.exists()
    assert proc.stderr.decode().strip() == (
        f"transconv: {src}: line 4: the cue ends (0:00:02.000) before it starts")
