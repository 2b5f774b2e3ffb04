"""The Dask engine against itself and against ``-j 2``, and what one task costs the cluster.

    python bench/cluster.py                       # 400 one-hour inputs → srt + vtt, 3 runs
    python bench/cluster.py --inputs 100 --runs 1

Whole ``transconv convert`` processes, timed from spawn to exit as in ``bench/run.py`` (the
local cluster's start and stop included), each measure paired with the one it is compared
to and judged on the median of the pairs' ratios:

- ``--engine dask -j 2`` (a LocalCluster of two single-threaded worker processes) against
  ``-j 1`` (one): throughput ≥ 1.7 ×;
- ``--engine dask -j 2`` against the local engine's ``-j 2``: time ≤ 1.2 ×;
- and, for the record, ``-j 2`` against ``-j 1``: what the machine gave two processes then.

Then, in this process, the cost of one task beyond its conversion: a thousand inputs of
one caption each, converted by the local engine here and by the Dask engine on a cluster of
one worker and of two (already started), the difference per input being the scheduling
overhead (submit, schedule, send, run, report back). ``bench/README.md`` extrapolates it to
a 100-worker cluster. Named ``cluster.py``: a ``dask.py`` here would stand in for Dask itself.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import HERE, PY, TRANSCONV, Verdicts, measure_paired, ratio_note

from transconv.batch import Job, Outcome, local
from transconv.engines.dask_engine import runner
from transconv.output import plan

TINY = b"1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n"


def batch_cmd(inputs: list[str], out: Path, *flags: str) -> list[str]:
    return [*TRANSCONV, "convert", *inputs, "-t", "srt,vtt", "-d", str(out), "-q", *flags]


def tiny_jobs(folder: Path, count: int) -> list[Job]:
    """``count`` one-caption SubRip inputs → srt, planned as the command plans them."""
    (folder / "in").mkdir(parents=True)
    sources = []
    for n in range(count):
        path = folder / "in" / f"t{n:04}.srt"
        path.write_bytes(TINY)
        sources.append(str(path))
    shared = Job(0, "", None, ("srt",), (None,), ({},), (), (False,), str(folder / "out"), "",
                 True, {}, None, verbosity=-1)
    (folder / "out").mkdir()
    return plan(sources, shared, [".srt"])


def per_input(run: object, jobs: list[Job]) -> float:
    """Seconds per input of ``run`` (a Runner) on ``jobs``."""
    done: list[Outcome] = []
    start = time.perf_counter()
    run(jobs, done.append)  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    assert len(done) == len(jobs) and not any(o.errors for o in done)
    return elapsed / len(jobs)


def overhead(folder: Path, count: int) -> dict[str, float]:
    """Per-input seconds: here, and on clusters of one and two workers (warmed up first);
    and the CPU this process (the scheduler and the client) spent per input on them."""
    from distributed import Client, LocalCluster

    from transconv.engines.dask_engine import LOCAL_ONLY, _own_workers

    jobs = tiny_jobs(folder, count)
    found = {"local": statistics.median(per_input(local(1, collector=False), jobs)
                                        for _ in range(3))}
    config = importlib.import_module("dask.config")
    for workers in (1, 2):
        with config.set(_own_workers(config)):  # the workers the command starts
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   silence_logs=logging.ERROR, **LOCAL_ONLY)
        with cluster, Client(cluster) as client:
            on_cluster = runner(client=client)
            per_input(on_cluster, jobs[:100])  # imports and connections made once
            times, cpu = [], []
            for _ in range(3):
                before = os.times()
                times.append(per_input(on_cluster, jobs))
                after = os.times()
                cpu.append((after.user - before.user + after.system - before.system) / count)
            found[f"dask-{workers}"] = statistics.median(times)
            found[f"central-{workers}"] = statistics.median(cpu)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description="the Dask engine's throughput and overhead")
    parser.add_argument("--inputs", type=int, default=400, help="one-hour inputs (400)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tiny", type=int, default=1000, help="inputs for the overhead")
    args = parser.parse_args()
    data = HERE / "data"
    subprocess.run([PY, str(HERE / "generate.py"), "--out", str(data), "--hours", "1"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([PY, "-m", "compileall", "-q", str(HERE.parent / "transconv")], check=True)
    out = Path(tempfile.mkdtemp(prefix="transconv-cluster-"))
    verdicts = Verdicts()
    try:
        (out / "in").mkdir()
        inputs = []
        for n in range(args.inputs):
            link = out / "in" / f"in{n:03}.json"
            os.link(data / "rev-1h.json", link)
            inputs.append(str(link))
        print(f"# {args.inputs} × 1 h → srt + vtt ({args.runs} runs each, paired)")
        dask = {n: batch_cmd(inputs, out / f"d{n}", "--engine", "dask", "-j", str(n))
                for n in (1, 2)}
        local_two = batch_cmd(inputs, out / "j2", "-j", "2")
        one, two, gains = measure_paired(dask[1], dask[2], args.runs, (out / "d1", out / "d2"))
        print(f"  dask, 1 worker   {one}\n"
              f"  dask, 2 workers  {two}   throughput {ratio_note(gains)}")
        dask_two, j2, costs = measure_paired(dask[2], local_two, args.runs,
                                             (out / "d2", out / "j2"))
        print(f"  dask, 2 workers  {dask_two}\n  local -j 2       {j2}   time {ratio_note(costs)}")
        pool_one, pool_two, pool = measure_paired(
            batch_cmd(inputs, out / "j1", "-j", "1"), local_two, args.runs,
            (out / "j1", out / "j2"))
        print(f"  local -j 1       {pool_one}\n  local -j 2       {pool_two}   throughput "
              f"{ratio_note(pool)}  (what the machine gave two processes meanwhile)")
        verdicts.check("dask 2 workers / 1 worker, throughput", statistics.median(gains), 1.7,
                       at_least=True)
        verdicts.check("dask 2 workers / local -j 2, time", statistics.median(costs), 1.2)
        task = one.median / args.inputs  # start-up included: an upper bound
        print(f"  one input on one worker: {task * 1000:.0f} ms (start-up spread over all)")

        print(f"\n# overhead per input: {args.tiny} one-caption SubRip inputs → srt, in process")
        cost = overhead(out / "tiny", args.tiny)
        for name in ("local", "dask-1", "dask-2"):
            print(f"  {name:<8} {cost[name] * 1000:7.2f} ms per input, "
                  f"{1 / cost[name]:7.0f} inputs/s")
        print(f"  scheduler and client, CPU per input: {cost['central-1'] * 1000:.2f} ms (1 "
              f"worker), {cost['central-2'] * 1000:.2f} ms (2 workers)")
        print(f"  dask with 1 worker against -j 1: "
              f"{(one.median - pool_one.median) / args.inputs * 1000:+.1f} ms per one-hour "
              "input (the cluster's start and stop spread over all)")
        extra = cost["dask-1"] - cost["local"]
        print(f"  scheduling overhead: {extra * 1000:.2f} ms per input (dask, 1 worker, "
              "less the same conversion here)")
        central = max(cost["central-1"], cost["central-2"])
        print(f"  the scheduler and client can carry at most {1 / central:.0f} tasks/s; 100 "
              f"workers on {task * 1000:.0f} ms inputs ask {100 / task:.0f} tasks/s")
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "cluster.json").write_text(json.dumps({
            "inputs": args.inputs, "runs": args.runs, "dask1": one.median,
            "dask2": two.median, "local_j2": j2.median, "local_j1": pool_one.median,
            "gains": gains, "costs": costs, "pool_gains": pool,
            "per_input": cost, "verdicts": verdicts.rows}, indent=1))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(verdicts.summary())
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
