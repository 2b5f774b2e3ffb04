"""The Dask engine on a real LocalCluster (two single-threaded worker processes) with inputs
and outputs on a real S3-compatible server: the local engine's bytes, a bad input failing
alone, a worker killed mid-batch, and ``--resume`` after an interrupted run."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import transconv
from tests.processes import read_terminal
from transconv.batch import convert_many
from transconv.engines import dask_engine

from .conftest import (
    command,
    environment,
    files,
    objects,
    put_all,
    rev_json,
    wait_idle,
    write_all,
)

FORMATS = ["srt", "vtt", "ttml", "facebook-srt", "ebu-stl"]


def test_outputs_are_the_local_engines(cluster: Any, s3: Any, bucket: str, tmp_path: Path,
                                       sources: dict[str, bytes]) -> None:
    local_inputs = write_all(tmp_path / "in", sources)
    proc = command("convert", *local_inputs, "-t", ",".join(FORMATS), "-d", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    remote_inputs = put_all(s3, f"{bucket}/in", sources)
    rows = convert_many(remote_inputs, FORMATS, f"{bucket}/out", client=cluster)
    assert len(rows) == len(sources) * len(FORMATS)
    assert {row["status"] for row in rows} == {"written"}
    local = files(tmp_path / "out")
    assert len(local) == len(sources) * len(FORMATS)
    assert objects(s3, f"{bucket}/out") == local  # same names, same bytes
    assert {row["output"].rpartition("/")[2]: row["bytes"] for row in rows} == {
        name: len(data) for name, data in local.items()}


def test_a_bad_input_fails_alone(cluster: Any, s3: Any, bucket: str,
                                 sources: dict[str, bytes]) -> None:
    good = {name: sources[name] for name in ("talk-0.json", "film.srt", "show.vtt")}
    bad = {"broken.srt": b"1\n00:00:01,000 --> 00:00:0X,000\nHello\n",
           "empty.json": b"   "}
    inputs = put_all(s3, f"{bucket}/in", {**good, **bad})
    manifest = f"{bucket}/run.jsonl"
    rows = convert_many(inputs, ["srt", "vtt"], f"{bucket}/out", client=cluster,
                        manifest=manifest)
    failed = {(row["input"].rpartition("/")[2], row["format"]): row["error"]
              for row in rows if row["status"] == "failed"}
    assert failed == {
        ("broken.srt", "srt"): f"{bucket}/in/broken.srt: line 2: '00:00:0X,000' is not a time",
        ("broken.srt", "vtt"): f"{bucket}/in/broken.srt: line 2: '00:00:0X,000' is not a time",
        ("empty.json", "srt"): f"{bucket}/in/empty.json: empty input; expected a JSON transcript",
        ("empty.json", "vtt"): f"{bucket}/in/empty.json: empty input; expected a JSON transcript"}
    written = objects(s3, f"{bucket}/out")
    assert sorted(written) == ["film.srt", "film.vtt", "show.srt", "show.vtt", "talk-0.srt",
                               "talk-0.vtt"]
    for name, data in good.items():
        stem = name.rpartition(".")[0]
        for fmt in ("srt", "vtt"):
            assert written[f"{stem}.{fmt}"] == transconv.dumps(transconv.loads(data), fmt)
    kept = [json.loads(line) for line in s3.cat_file(manifest[5:]).decode().splitlines()]
    assert kept == rows


def test_a_worker_killed_mid_batch(cluster: Any, s3: Any, bucket: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGKILL to a worker that has tasks: its tasks go to the other worker (and to the one
    the nanny starts again); every output is complete and right, and nothing else is in the
    bucket (an object is put whole or not at all). (Each outcome is fetched as its task
    finishes, so the first one arrives while the others run.)"""
    monkeypatch.setattr(dask_engine, "FETCH_AFTER", 0.0)
    inputs = {f"hour-{n}.json": rev_json(1.0, seed=10 + n) for n in range(8)}
    urls = put_all(s3, f"{bucket}/in", inputs)
    killed: list[int] = []

    def kill_one(row: dict[str, Any]) -> None:
        if killed:
            return
        busy = [address for address, keys in cluster.processing().items() if keys]
        pid = cluster.run(os.getpid, workers=busy[:1])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    rows = convert_many(urls, ["srt", "vtt"], f"{bucket}/out", client=cluster,
                        on_record=kill_one)
    assert killed
    assert killed[0] not in cluster.run(os.getpid).values()
    assert sorted((r["input"], r["format"], r["status"]) for r in rows) == sorted(
        (url, fmt, "written") for url in urls for fmt in ("srt", "vtt"))
    written = objects(s3, f"{bucket}/out")
    assert sorted(written) == sorted(f"hour-{n}.{fmt}" for n in range(8)
                                     for fmt in ("srt", "vtt"))
    for name, data in inputs.items():
        track = transconv.loads(data)
        stem = name.rpartition(".")[0]
        assert written[f"{stem}.srt"] == transconv.dumps(track, "srt")
        assert written[f"{stem}.vtt"] == transconv.dumps(track, "vtt")
    cluster.wait_for_workers(2, timeout=60)


def test_resume_after_an_interrupted_run(cluster: Any, s3: Any, bucket: str,
                                         sources: dict[str, bytes],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "FETCH_AFTER", 0.0)  # interrupted while tasks run
    inputs = {f"part-{n}.json": rev_json(0.2, seed=20 + n) for n in range(10)}
    urls = put_all(s3, f"{bucket}/in", inputs)
    manifest = f"{bucket}/run.jsonl"
    seen: list[dict[str, Any]] = []

    def stop_after_four(row: dict[str, Any]) -> None:
        seen.append(row)
        if len(seen) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        convert_many(urls, ["srt", "vtt"], f"{bucket}/out", client=cluster,
                     manifest=manifest, on_record=stop_after_four)
    wait_idle(cluster)
    before = objects(s3, f"{bucket}/out")
    assert 4 <= len(before) < 20
    assert len(s3.cat_file(manifest[5:]).decode().splitlines()) == 4
    proc = command("convert", f"{bucket}/in/*.json", "-t", "srt,vtt", "-d", f"{bucket}/out",
                   "--scheduler", cluster.scheduler.address, "--manifest", manifest,
                   "--resume")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in s3.cat_file(manifest[5:]).decode().splitlines()][4:]
    status = {row["output"].rpartition("/")[2]: row["status"] for row in rows}
    assert sorted(status) == sorted(f"part-{n}.{fmt}" for n in range(10)
                                    for fmt in ("srt", "vtt"))
    assert {name for name, state in status.items() if state == "skipped"} == set(before)
    assert {name for name, state in status.items() if state == "written"} == \
        set(status) - set(before)
    after = objects(s3, f"{bucket}/out")
    for name, data in inputs.items():
        track = transconv.loads(data)
        stem = name.rpartition(".")[0]
        for fmt in ("srt", "vtt"):
            assert after[f"{stem}.{fmt}"] == transconv.dumps(track, fmt)


def test_outcomes_of_tasks_finishing_together_are_fetched_together(
        cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twelve small inputs finish within a moment of each other: their outcomes come in a
    request (one each cost every task a worker's wake-up), every one reported once,
    the bad one's failure with them."""
    sources = {f"clip-{n}.srt": b"1\n00:00:01,000 --> 00:00:02,500\nClip %d.\n" % n
               for n in range(11)}
    inputs = write_all(tmp_path / "in", {**sources, "bad.srt": b"no captions here\n"})
    requests: list[int] = []
    gather = cluster.gather

    def counted(futures: list[Any]) -> Any:
        requests.append(len(futures))
        return gather(futures)

    monkeypatch.setattr(cluster, "gather", counted)
    monkeypatch.setattr(dask_engine, "FETCH_AFTER", 30.0)  # grouped however slow the run
    rows = convert_many(inputs, ["srt"], str(tmp_path / "out"), client=cluster)
    assert sorted((r["input"], r["status"]) for r in rows) == sorted(
        (path, "failed" if path.endswith("bad.srt") else "written") for path in inputs)
    assert requests == [12]  # one request, when the last task ends the wait
    assert {p.name for p in (tmp_path / "out").iterdir()} == {f"clip-{n}.srt"
                                                              for n in range(11)}


def test_the_progress_bar_follows_the_cluster(cluster: Any, tmp_path: Path,
                                              sources: dict[str, bytes]) -> None:
    """On a terminal: the cluster named, a bar counting the inputs as the cluster finishes
    them, and a bad input's message above it."""
    inputs = write_all(tmp_path / "in", {**sources, "bad.srt": b"no captions here\n"})
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "transconv", "convert", *inputs, "-t", "srt", "-d",
             str(tmp_path / "out"), "--scheduler", cluster.scheduler.address],
            stdout=subprocess.DEVNULL, stderr=follower, env=environment())
        os.close(follower)
        shown_bytes = read_terminal(leader)
        assert proc.wait(60) == 3
    finally:
        os.close(leader)
    shown = shown_bytes.decode()
    total = len(inputs)
    assert f"transconv: Dask scheduler {cluster.scheduler.address}, 2 workers" in shown
    assert [f"{n}/{total}" in shown for n in range(1, total + 1)] == [True] * total
    assert f"transconv: {inputs[0]}: not a format this project reads" in shown
    assert len(list((tmp_path / "out").iterdir())) == total - 1


def test_an_input_that_kills_every_worker_fails_alone() -> None:
    """The scheduler gives up on a task after its workers died ``allowed-failures`` times
    (KilledWorker): that input fails, each of its formats recorded, with one line."""
    from distributed.scheduler import KilledWorker

    from transconv.batch import Job
    from transconv.engines.dask_engine import _outcome

    job = Job(7, "s3://b/huge.json", None, ("srt", "vtt"), (None, None), ({}, {}),
              ("s3://b/out/huge.srt", "s3://b/out/huge.vtt"), (False, False), "s3://b/out",
              "huge", False, {}, None)
    died = KilledWorker("transconv-x-7", "tcp://127.0.0.1:1", 3)

    outcome = _outcome(died, job)
    message = ("s3://b/huge.json: every worker that took it died converting it "
               "(too little memory for this input?)")
    assert outcome.errors == [(1, message)]
    assert [(r.format, r.output, r.status, r.error) for r in outcome.results] == [
        ("srt", "s3://b/out/huge.srt", "failed", message),
        ("vtt", "s3://b/out/huge.vtt", "failed", message)]


def _worker_settings() -> tuple[str | None, float, bool, str]:
    import sys

    import dask

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"), round(sys.getswitchinterval(), 6),
            bool(dask.config.get("distributed.worker.profile.enabled")),
            dask.config.get("distributed.admin.tick.interval"))


def test_a_cluster_started_here_is_tuned_for_conversions(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its workers run without the profiler and the nanny's malloc trimming, with a 50 ms
    GIL switch interval and calmer periodic callbacks; this process's settings and
    environment are left as they were."""
    import sys

    import dask
    import distributed  # noqa: F401 - its settings join Dask's on import

    from transconv.engines.dask_engine import _connected

    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")  # as an earlier cluster's nanny did
    before = (sys.getswitchinterval(), dask.config.get("distributed.worker.preload"),
              dict(os.environ))
    with _connected(None, None, 1) as client:
        assert list(client.run(_worker_settings).values()) == [(None, 0.05, False, "1s")]
    assert (sys.getswitchinterval(), dask.config.get("distributed.worker.preload"),
            dict(os.environ)) == before


FORKED = '''
import json, os, sys
from transconv.batch import Job
from transconv.engines.dask_engine import _connected

def seen():
    return [os.getppid(), "transconv.formats.vtt" in sys.modules]

if __name__ == "__main__":
    job = Job(0, "a.srt", None, ("vtt",), (None,), ({},), ("a.vtt",), (False,), ".", "a",
              False, {}, None)
    with _connected(None, None, 2, [job] if sys.argv[1] == "fork" else None) as client:
        print(json.dumps([os.getpid(), list(client.run(seen).values())]))
'''


@pytest.mark.parametrize("how", ["fork", "spawn"])
def test_the_commands_cluster_forks_its_workers_from_a_preloaded_server(
        tmp_path: Path, how: str) -> None:
    """The command's own cluster (``fork_server``): each worker is a fork of one server
    process, with the batch's writer imported before any task; a library caller's cluster
    spawns its workers from its own process, which gets no fork server."""
    script = tmp_path / "forked.py"
    script.write_text(FORKED)
    proc = subprocess.run([sys.executable, str(script), how], capture_output=True, text=True,
                          env=environment(), timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    parent, workers = json.loads(proc.stdout)
    assert len(workers) == 2
    if how == "fork":
        assert {ppid for ppid, _ in workers} != {parent} and len({w[0] for w in workers}) == 1
        assert all(preloaded for _, preloaded in workers)
    else:
        assert workers == [[parent, False], [parent, False]]
