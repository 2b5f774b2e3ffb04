"""A ``-j`` batch outlives a worker that dies (transconv.pool), through the real command.

Two ten-hour inputs go first, one to each worker; each worker is frozen (SIGSTOP) as soon as
its temporary ``.part`` file appears, so it is caught mid-write for certain, and then killed
with SIGKILL, as the out-of-memory killer does. The replacement workers must convert every
other input exactly as ``-j 1`` does, each dead input fails alone with one line, and neither
a temporary file nor a process of the run is left.
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
from typing import Any

import pytest

from tests.processes import group_alive, wait_group_gone
from transconv import output
from transconv.errors import WorkerDied
from transconv.pool import _cause

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0
SMALL = 6
#: Tries of the whole run: a worker may finish its file before it is frozen (a loaded machine).
TRIES = 3
#: MCC is written as it is made (the ``.part`` file lasts), with the same bytes every time.
FORMATS = ["-t", "mcc,srt", "-O", "mcc.deterministic=true"]


def _generate() -> Any:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench/generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return generate


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """Two ten-hour Rev transcripts and SMALL short ones (bench/generate.py)."""
    generate = _generate()
    folder = tmp_path_factory.mktemp("inputs")
    big = folder / "huge.json"
    big.write_text(generate.rev_json(generate._turns(10)), encoding="utf-8")
    huge = [folder / "huge1.json", folder / "huge2.json"]
    for path in huge:
        path.symlink_to(big)
    text = generate.rev_json(generate._turns(1))
    small = []
    for i in range(SMALL):
        path = folder / f"small{i}.json"
        path.write_text(text.replace("Speaker", f"Speaker{i}", 1), encoding="utf-8")
        small.append(path)
    return huge, small


def _command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "transconv", "convert", *args]


def _parts(folder: Path) -> dict[int, Path]:
    """The temporary files in ``folder`` by the pid their names hold."""
    found = {}
    for path in folder.iterdir():
        match = re.fullmatch(r"\..+\.(\d+)-\d+\.part", path.name)
        if match:
            found[int(match[1])] = path
    return found


def _kill_both_workers(args: list[str], out: Path) -> tuple[int, str] | None:
    """Run the batch, freeze each worker on its first temporary file, kill both; the exit
    code and stderr, or None when a worker finished its file before it was frozen."""
    proc = subprocess.Popen(_command(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    frozen: dict[int, Path] = {}
    try:
        deadline = time.monotonic() + TIMEOUT
        while len(frozen) < 2:
            for pid, part in _parts(out).items():
                if pid not in frozen:
                    os.kill(pid, signal.SIGSTOP)
                    frozen[pid] = part
            assert proc.poll() is None, "the run ended before both workers wrote"
            assert time.monotonic() < deadline, "no temporary file appeared"
            time.sleep(0.001)
        caught = all(part.exists() for part in frozen.values())
        for pid in frozen:
            os.kill(pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=TIMEOUT)
        wait_group_gone(proc.pid, 3.0)  # the workers must be gone too, and reaped
    finally:
        if proc.poll() is None or group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(TIMEOUT)
    return (proc.returncode, err.decode()) if caught else None


def test_a_killed_worker_fails_its_input_alone(
        tmp_path: Path, inputs: tuple[list[Path], list[Path]]) -> None:
    huge, small = inputs
    reference = tmp_path / "reference"
    done = subprocess.run(_command([*map(str, small), *FORMATS, "-d", str(reference), "-j", "1"]),
                          capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    for attempt in range(TRIES):
        out = tmp_path / f"out{attempt}"
        out.mkdir()
        ended = _kill_both_workers([*map(str, huge + small), *FORMATS, "-d", str(out), "-j", "2"],
                                   out)
        if ended is not None:
            break
    else:
        pytest.fail(f"a worker finished a ten-hour MCC before it was frozen, {TRIES} times")
    code, err = ended
    assert code == WorkerDied.exit_code
    lines = [line for line in err.splitlines() if "caption(s) shown late" not in line]
    assert sorted(lines) == [
        f"transconv: {path}: the worker converting it died "
        "(killed by signal 9, SIGKILL: out of memory?)" for path in huge]
    assert "Traceback" not in err
    assert sorted(os.listdir(out)) == sorted(os.listdir(reference))  # no .part, no huge*
    for path in reference.iterdir():
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_cause_of_a_death_is_told() -> None:
    assert _cause(-9) == "killed by signal 9, SIGKILL: out of memory?"
    assert _cause(-11) == "killed by signal 11, SIGSEGV"
    assert _cause(143) == "stopped by signal 15, SIGTERM"
    assert _cause(1) == "exited with code 1"


def test_leftovers_are_the_dead_process_own(tmp_path: Path) -> None:
    long = "x" * 250 + ".srt"
    hashed = f".transconv-{output._temporary_base(long)[len('transconv-'):]}"
    names = [".a.srt.4242-0.part", ".a.srt.4242-17.part", ".b.vtt.4242-3.part",
             ".a.srt.42421-0.part", ".a.srt.4242-0.part.x", f"{hashed}.4242-1.part", "a.srt"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    found = sorted(os.path.basename(p) for p in output.leftovers(str(tmp_path), 4242, "a.srt"))
    assert found == [".a.srt.4242-0.part", ".a.srt.4242-17.part"]
    assert [os.path.basename(p) for p in output.leftovers(str(tmp_path), 4242, long)] == [
        f"{hashed}.4242-1.part"]
    every = sorted(os.path.basename(p) for p in output.leftovers(str(tmp_path), 4242))
    assert every == sorted([".a.srt.4242-0.part", ".a.srt.4242-17.part",
                            ".b.vtt.4242-3.part", f"{hashed}.4242-1.part"])
    assert output.leftovers(str(tmp_path / "missing"), 4242) == []


def test_a_format_written_whole_before_the_death_is_reported_written(tmp_path: Path) -> None:
    """The worker died after putting the srt in place (whole: written under a temporary name,
    then moved) and while writing the vtt: the srt is written, the vtt failed; a target that
    was there before the job was handed over is not taken for the job's."""
    from transconv.batch import Job
    from transconv.pool import _died, _local_targets

    targets = (str(tmp_path / "a.srt"), str(tmp_path / "a.vtt"), str(tmp_path / "a.txt"))
    job = Job(3, "a.json", None, ("srt", "vtt", "txt"), (None,) * 3, ({},) * 3, targets,
              (False,) * 3, str(tmp_path), "a", True, {}, None)
    (tmp_path / "a.txt").write_bytes(b"older")  # there before: --force would replace it

    class Dead:
        """What _died reads of a worker: its job, its end, what was there before."""

        def __init__(self) -> None:
            self.job = job
            self.found = frozenset(t for t in _local_targets(job) if os.path.exists(t))
            self.conn = self
            self.process = self
            self.pid = 4242
            self.exitcode = -9

        def close(self) -> None:
            pass

        def join(self) -> None:
            pass

    dead = Dead()
    srt = b"1\r\n00:00:00,000 --> 00:00:01,000\r\nHi\r\n\r\n"
    (tmp_path / "a.srt").write_bytes(srt)
    outcome = _died(dead)  # type: ignore[arg-type]
    message = "a.json: the worker converting it died (killed by signal 9, SIGKILL: out of memory?)"
    assert [(r.format, r.status, r.bytes) for r in outcome.results] == [
        ("srt", "written", len(srt)), ("vtt", "failed", 0), ("txt", "failed", 0)]
    assert outcome.written == [targets[0]] and outcome.errors == [(1, message)]
