"""Closed, full and broken standard streams, in real subprocesses (``sh -c '... >&-'``).

Every case ends with its exit code and, where stderr exists, one line and no traceback;
no error text ever lands in stdout's data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell redirections")

COMMAND = [sys.executable, "-m", "transconv"]


def _rev(words: int) -> bytes:
    elements = []
    for i in range(words):
        t = 500 + 400 * i
        elements += [{"type": "text", "value": f"word{i}", "ts": t / 1000,
                      "end_ts": (t + 300) / 1000}, {"type": "punct", "value": " "}]
    doc = {"monologues": [{"speaker": 1, "elements": elements}]}
    return json.dumps(doc).encode("utf-8")


def _sh(redirect: str, *args: str, cwd: Path, env: dict[str, str] | None = None,
        stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``transconv ARGS REDIRECT`` through sh, so the redirection closes a real descriptor."""
    script = f'exec "$@" {redirect}'
    return subprocess.run(["sh", "-c", script, "sh", *COMMAND, *args], input=stdin,
                          capture_output=True, cwd=cwd, timeout=60, check=False,
                          env={**os.environ, **(env or {})})


def _one_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert "Traceback" not in text
    return text


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_bytes(_rev(20))
    return path


def test_closed_stdout_with_dash_o_is_an_output_error(tmp_path: Path, small: Path) -> None:
    proc = _sh(">&-", "convert", str(small), "-t", "srt", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 5
    assert "standard output is closed" in _one_line(proc.stderr)


def test_closed_stderr_still_converts_and_keeps_errors_out_of_stdout(
        tmp_path: Path, small: Path) -> None:
    proc = _sh("2>&-", "convert", str(small), "-t", "srt", "-o", "out.srt", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == b""
    assert (tmp_path / "out.srt").read_bytes().startswith(b"1\r\n")
    (tmp_path / "bad.json").write_bytes(b"{")
    proc = _sh("2>&-", "convert", "bad.json", "-t", "srt", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 3 and proc.stdout == b""
    proc = _sh("2>&-", "convert", str(small), "bad.json", "-t", "srt", "-d", "out",
               cwd=tmp_path)
    assert proc.returncode == 3 and proc.stdout == b""
    assert (tmp_path / "out" / "in.srt").exists()


def test_closed_stdin_read_as_dash_is_an_input_error(tmp_path: Path) -> None:
    proc = _sh("<&-", "convert", "-", "-t", "srt", "-o", "out.srt", cwd=tmp_path)
    assert proc.returncode == 3
    assert _one_line(proc.stderr) == "transconv: <stdin>: cannot read: standard input is closed\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_a_reader_that_goes_away_is_an_output_error(tmp_path: Path, unbuffered: str) -> None:
    """``-o - | head -c 10``: most of the output never left, so the run did not succeed
    (with PYTHONUNBUFFERED a partial write used to pass for a whole one: exit 0)."""
    source = tmp_path / "in.json"
    source.write_bytes(_rev(6000))  # about 400 kB of SubRip, far past a pipe's 64 KiB
    proc = subprocess.Popen([*COMMAND, "convert", str(source), "-t", "srt", "-o", "-"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": unbuffered})
    assert proc.stdout is not None and proc.stderr is not None
    assert len(proc.stdout.read(10)) == 10
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(60) == 5
    assert "broken pipe" in _one_line(err)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--version"], ["formats"], ["--help"]])
@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_a_full_stdout_is_an_output_error(tmp_path: Path, args: list[str],
                                          unbuffered: str) -> None:
    proc = _sh(">/dev/full", *args, cwd=tmp_path, env={"PYTHONUNBUFFERED": unbuffered})
    assert proc.returncode == 5
    assert "No space left on device" in _one_line(proc.stderr)


def test_closed_stdout_for_version_is_an_output_error(tmp_path: Path) -> None:
    proc = _sh(">&-", "--version", cwd=tmp_path)
    assert proc.returncode == 5
    assert "standard output is closed" in _one_line(proc.stderr)
