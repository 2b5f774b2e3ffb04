"""SIGINT, SIGTERM and SIGHUP stop the command cleanly, in real subprocesses.

Each run converts ten-hour transcripts to MCC (a streamed writer: the temporary ``.part``
file exists for a good fraction of a second) and is signalled as soon as a ``.part`` file
appears. Afterwards: the exit code is 128 + the signal, stderr is one line saying how many
inputs finished, no ``.part`` file is left, every output kept is whole, and no process of
the run (it has its own session, so its own process group) is still alive.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import transconv
from tests.processes import group_alive, wait_group_gone

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30.0


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A ten-hour Rev transcript (bench/generate.py) and its MCC, converted in-process."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench/generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    folder = tmp_path_factory.mktemp("big")
    source = folder / "rev-10h.json"
    source.write_text(generate.rev_json(generate._turns(10)), encoding="utf-8")
    transconv.convert(source, folder / "reference.mcc")
    return source, (folder / "reference.mcc").read_bytes()


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _stopped(args: list[str], folder: Path, signum: int, *, group: bool = False
             ) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``transconv convert ARGS`` in its own session, send ``signum`` (to the parent
    alone, or to its whole process group as a terminal does) once a ``.part`` file appears
    in ``folder``; then check that the run ended and no process of it remains."""
    proc = subprocess.Popen([sys.executable, "-m", "transconv", "convert", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + TIMEOUT
        while not _parts(folder):
            assert proc.poll() is None, "the run ended before writing"
            assert time.monotonic() < deadline, "no temporary file appeared"
            time.sleep(0.002)
        if group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        _, err = proc.communicate(timeout=TIMEOUT)
        wait_group_gone(proc.pid, 3.0)  # the workers, if any, must be gone too (and reaped)
    finally:
        if proc.poll() is None or group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(TIMEOUT)
    text = err.decode()
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert "Traceback" not in text
    return proc, text


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129),
                                              (signal.SIGINT, 130)])
def test_a_signal_mid_write_leaves_no_temporary_file(
        tmp_path: Path, big: tuple[Path, bytes], signum: int, code: int) -> None:
    source, _ = big
    proc, line = _stopped([str(source), "-o", str(tmp_path / "out.mcc")], tmp_path, signum)
    assert proc.returncode == code
    assert line == "transconv: interrupted: 0 of 1 input finished\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("signum", "code", "group"), [
    (signal.SIGTERM, 143, False),  # kill PID: the parent alone
    (signal.SIGINT, 130, True),    # Ctrl-C: the whole foreground group
    (signal.SIGHUP, 129, True),    # the terminal hangs up: the whole group
])
def test_a_stopped_batch_stops_its_workers_and_keeps_whole_outputs(
        tmp_path: Path, big: tuple[Path, bytes], signum: int, code: int, group: bool) -> None:
    source, reference = big
    count = 6
    inputs = []
    for i in range(count):
        link = tmp_path / f"in{i}.json"
        link.symlink_to(source)
        inputs.append(str(link))
    out = tmp_path / "out"
    out.mkdir()
    proc, line = _stopped([*inputs, "-t", "mcc", "-d", str(out), "-j", "2"], out, signum,
                          group=group)
    assert proc.returncode == code
    match = re.fullmatch(rf"transconv: interrupted: (\d+) of {count} inputs finished\n", line)
    assert match, line
    finished = int(match[1])
    kept = sorted(out.iterdir())
    assert _parts(out) == []
    assert finished < count and len(kept) < count  # the rest was never converted
    # A worker may finish its file just before it is stopped, before the parent hears.
    assert len(kept) >= finished
    for path in kept:
        assert path.read_bytes() == reference, path.name
