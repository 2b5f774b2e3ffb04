"""The command's exit without teardown: what is kept, and that nothing written is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transconv import _teardown


def test_spare_keeps_nothing_in_a_library_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_teardown, "_OWNER", None)
    monkeypatch.setattr(_teardown, "_spared", [])
    _teardown.spare(object())
    assert _teardown._spared == []


def test_spare_keeps_only_the_last_object_in_the_armed_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_teardown, "_OWNER", None)
    monkeypatch.setattr(_teardown, "_spared", [])
    _teardown.arm()
    first, second = object(), object()
    _teardown.spare(first)
    _teardown.spare(second)
    assert _teardown._spared == [second]
    monkeypatch.setattr(_teardown, "_OWNER", os.getpid() + 1)  # as a forked worker sees it
    _teardown.spare(first)
    assert _teardown._spared == [second]


def test_exit_now_flushes_buffered_output_and_keeps_the_code(tmp_path: Path) -> None:
    script = ("import sys\nfrom transconv import _teardown\n"
              "sys.stdout.write('x' * 100_000)\nsys.stderr.write('done')\n"
              "_teardown.exit_now(3)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60,
                          check=False, cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stdout == b"x" * 100_000 and proc.stderr == b"done"
