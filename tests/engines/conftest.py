"""A real S3-compatible server on loopback (moto's standalone server) and a real Dask
cluster of two single-threaded worker processes, shared by the engine tests.

The server's address and its test credentials go into the environment before the cluster
starts, so the workers (spawned processes) find the store the way a user's workers do:
through the store's own configuration, not through anything the task carries.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import transconv
from tests.factories import long_transcript

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment() -> dict[str, str]:
    """The environment for a subprocess: this worktree first on the path."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


def command(*args: str | Path, timeout: float = 90,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``transconv`` in a subprocess, as a user runs it (``env``: added variables)."""
    return subprocess.run([sys.executable, "-m", "transconv", *map(str, args)],
                          capture_output=True, text=True, env={**environment(), **(env or {})},
                          timeout=timeout, check=False)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    settings = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL_S3": endpoint}
    try:
        with pytest.MonkeyPatch.context() as patch:  # put back as it was after the session
            for name, value in settings.items():
                patch.setenv(name, value)
            yield endpoint
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint: str) -> Any:
    import s3fs

    fs = s3fs.S3FileSystem(skip_instance_cache=True)
    return fs


@pytest.fixture
def bucket(s3: Any) -> str:
    """A fresh bucket for one test: ``s3://<name>``."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    s3.mkdir(name)
    return f"s3://{name}"


@pytest.fixture(scope="session")
def cluster(s3_endpoint: str) -> Iterator[Any]:
    """A client of a LocalCluster: 2 worker processes of one thread each."""
    import logging

    from distributed import Client, LocalCluster

    from transconv.engines.dask_engine import LOCAL_ONLY

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      silence_logs=logging.ERROR, **LOCAL_ONLY) as local, \
            Client(local) as client:
        yield client


def rev_json(hours: float, seed: int) -> bytes:
    """A Rev JSON transcript of ``hours`` (three speakers, accents, tags)."""
    return transconv.dumps(long_transcript(hours=hours, seed=seed), "rev-json")


@pytest.fixture(scope="session")
def sources() -> dict[str, bytes]:
    """Six inputs of a few minutes: Rev JSON, and SubRip and WebVTT made from them."""
    found: dict[str, bytes] = {}
    for n in range(4):
        found[f"talk-{n}.json"] = rev_json(0.05 + 0.02 * n, seed=n)
    track = transconv.loads(found["talk-0.json"])
    found["film.srt"] = transconv.dumps(track, "srt")
    found["show.vtt"] = transconv.dumps(transconv.loads(found["talk-1.json"]), "vtt")
    return found


def put_all(s3: Any, folder: str, files: dict[str, bytes]) -> list[str]:
    """Upload ``files`` under the URL ``folder``; their URLs, sorted."""
    for name, data in files.items():
        s3.pipe_file(f"{folder.removeprefix('s3://')}/{name}", data)
    return sorted(f"{folder}/{name}" for name in files)


def write_all(folder: Path, files: dict[str, bytes]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return sorted(str(folder / name) for name in files)


def objects(s3: Any, folder: str) -> dict[str, bytes]:
    """Every object under the URL ``folder``: name → bytes."""
    prefix = folder.removeprefix("s3://")
    s3.invalidate_cache()
    return {path.rpartition("/")[2]: s3.cat_file(path) for path in s3.find(prefix)}


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def _executing(dask_worker: Any) -> int:
    return int(dask_worker.state.executing_count)


def wait_idle(client: Any, timeout: float = 30) -> None:
    """Until no worker runs a task: a cancelled task that had started runs on to its end,
    writes included (the scheduler forgets it at once; the worker does not)."""
    deadline = time.monotonic() + timeout
    while any(client.processing().values()) or any(client.run(_executing).values()):
        assert time.monotonic() < deadline, "the cluster did not go idle"
        time.sleep(0.1)
