"""Joining a running cluster the way a user does: ``dask scheduler`` and ``dask worker`` as
processes of their own, then ``transconv convert … --engine dask --scheduler
tcp://127.0.0.1:PORT``; every process stopped afterwards, none left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.processes import group_alive

from .conftest import command, environment, files, free_port, put_all, write_all


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process's group (the worker's nanny and its worker), SIGKILL if it
    has not ended in 20 s; then the group must be empty."""
    for sig, wait in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 5.0)):
        if (not group_alive(process.pid)):
            break
        os.killpg(process.pid, sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            continue
        deadline = time.monotonic() + wait
        while group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
    process.wait(5)
    assert (not group_alive(process.pid)), "a process of the cluster outlived the test"


@pytest.fixture
def separate_cluster(s3_endpoint: str, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    started: list[subprocess.Popen[bytes]] = []
    logs = tmp_path / "logs"
    logs.mkdir()
    try:
        for name, args in (
                ("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]),
                ("worker", ["worker", address, "--host", "127.0.0.1", "--nworkers", "1",
                            "--nthreads", "1", "--no-dashboard"])):
            with (logs / f"{name}.log").open("wb") as log:
                started.append(subprocess.Popen(
                    [sys.executable, "-m", "dask", *args], stdout=log, stderr=log,
                    stdin=subprocess.DEVNULL, env=environment(), cwd=tmp_path,
                    start_new_session=True))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for process in reversed(started):
            _stop(process)


def test_convert_on_a_cluster_joined_by_address(separate_cluster: str, s3: Any, bucket: str,
                                                tmp_path: Path,
                                                sources: dict[str, bytes]) -> None:
    put_all(s3, f"{bucket}/in", sources)
    local = write_all(tmp_path / "in", sources)
    proc = command("convert", *local, "-t", "srt,vtt,ttml", "-d", tmp_path / "local")
    assert proc.returncode == 0, proc.stderr
    manifest = tmp_path / "run.jsonl"
    proc = command("convert", f"{bucket}/in/*", "-t", "srt,vtt,ttml", "-d", tmp_path / "out",
                   "--engine", "dask", "--scheduler", separate_cluster, "--manifest", manifest)
    assert proc.returncode == 0, proc.stderr
    assert files(tmp_path / "out") == files(tmp_path / "local")
    rows = [json.loads(line) for line in manifest.read_text().splitlines()]
    assert sorted((row["input"], row["format"], row["status"]) for row in rows) == sorted(
        (f"{bucket}/in/{name}", fmt, "written") for name in sources
        for fmt in ("srt", "vtt", "ttml"))


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.srt").write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    port = free_port()
    proc = command("convert", tmp_path / "a.srt", "-t", "vtt", "-d", tmp_path / "out",
                   "--scheduler", f"tcp://127.0.0.1:{port}", timeout=60,
                   env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"transconv: --scheduler tcp://127.0.0.1:{port}: "
                                  "cannot connect: ")
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert not (tmp_path / "out" / "a.vtt").exists()
