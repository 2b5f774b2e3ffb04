"""The Dask engine: a batch's jobs as tasks on a ``distributed`` cluster.

One task per input, with every format asked for, so an input is read once. A task carries
the job (paths and options: a few hundred bytes), and the worker reads the input and writes
the outputs itself, straight from and to storage: no input or output byte passes through
the client, which gets back the outcome (names, sizes, messages). The task is the local
engine's :func:`transconv.batch.run_job`, which never raises, so a bad input fails alone; a
worker that dies is the scheduler's to handle (its tasks go to another worker, up to
``distributed.scheduler.allowed-failures`` times), and a task that kills every worker it
meets fails its input alone. Transient storage errors are retried inside the task
(:mod:`transconv.storage`).

The client keeps a window of tasks in flight (a few per worker thread) and, each time half
of them have finished, submits as many again in one message, so a batch of hundreds of
thousands of inputs never sits whole in the scheduler. Outcomes are fetched in groups: those
of the tasks that end within :data:`FETCH_AFTER` of each other in one request, so the
manifest and the progress bar follow the cluster at most that much behind. Fetching each on
its own cost a request to the scheduler and a wake-up of the worker holding it, whose task
then waits for the GIL. Each future tells its end through a callback into one queue, which
the client waits on with a time-out; ``distributed.wait(…, "FIRST_COMPLETED")`` would set a
waiter on every future in flight at each call. On two workers sharing two cores with the
scheduler, 400 one-hour inputs: a task took 1.11-1.12 × its CPU time with each outcome
fetched on its own, 1.06-1.07 × now (1.06 × when the whole batch is fetched at its end), and
the client and scheduler spent 1.55-1.79 s of CPU against 0.86-0.90 s now.

Without a scheduler address or a client, a ``LocalCluster`` of single-threaded worker
processes is started on this machine for the batch and closed after it. Dask is imported
only here, and only when a batch runs.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import logging
import multiprocessing
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from queue import Empty, SimpleQueue
from typing import Any

from ..batch import Job, Outcome, Result, Runner, failure_line, run_job
from ..errors import UsageError, WorkerDied

#: A cluster started here listens on loopback only, with no dashboard; its scheduler's
#: HTTP endpoints (health, metrics) take a free port instead of Dask's 8787, which another
#: cluster on the machine may hold.
LOCAL_ONLY: dict[str, Any] = {"host": "127.0.0.1", "dashboard_address": None,
                              "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"}}
#: glibc's trim threshold, which Dask's nanny sets to 64 KiB for its workers.
TRIM = "MALLOC_TRIM_THRESHOLD_"
#: Intervals of the periodic callbacks of a cluster started here (see :func:`_own_workers`).
CALM: dict[str, str] = {"distributed.admin.tick.interval": "1s",
                        "distributed.worker.memory.monitor-interval": "1s",
                        "distributed.admin.system-monitor.interval": "2s"}
#: Tasks in flight per worker thread, and at least this many: enough that no worker waits
#: for the client between two tasks.
PER_THREAD = 4
MIN_IN_FLIGHT = 32
#: Seconds the outcome of a finished task may wait to be fetched with the outcomes of the
#: tasks finishing meanwhile (see the module's docstring).
FETCH_AFTER = 0.5


def run_task(job: Job, collector: bool) -> Outcome:
    """One input on a worker (a module function, so it is sent by name, not by value)."""
    return run_job(job, collector)


def runner(*, scheduler: str | None = None, client: Any = None, workers: int | None = None,
           collector: bool = False, fork_server: bool = False,
           note: Callable[[str], None] | None = None) -> Runner:
    """A :data:`transconv.batch.Runner` on the cluster of ``client``, or at ``scheduler``,
    or on a local cluster of ``workers`` single-threaded processes (default: one per core).

    ``collector`` pauses the cyclic collector in each task, as the command's own processes
    do; ``fork_server`` starts a local cluster's workers from a fork server
    (:func:`_start_fork_server`). Both only for a cluster the command starts itself: each
    changes its process for good.
    """
    def run(jobs: list[Job], report: Callable[[Outcome], None]) -> None:
        if not jobs:
            return
        with _connected(scheduler, client, workers, jobs if fork_server else None) as active:
            if note is not None:
                count = len(active.nthreads())
                note(f"transconv: Dask scheduler {active.scheduler.address}, "
                     f"{count} worker{'' if count == 1 else 's'}")
            _run(active, jobs, report, collector)
    return run


@contextlib.contextmanager
def _connected(scheduler: str | None, client: Any, workers: int | None,
               preload: list[Job] | None = None) -> Iterator[Any]:
    """The client to run on: ``client``, one joined to ``scheduler``, or one of a local
    cluster started here (its workers forked from a fork server preloaded for ``preload``'s
    formats, when given, and the platform has one)."""
    if client is not None:
        yield client
        return
    forked = not scheduler and preload is not None and _start_fork_server(preload)
    dask = _distributed()
    if scheduler:
        try:
            # how long to try: Dask's own setting, distributed.comm.timeouts.connect
            joined = dask.Client(scheduler)
        except (OSError, TimeoutError, ValueError) as exc:
            message = " ".join(str(exc).split()) or type(exc).__name__
            raise UsageError(f"--scheduler {scheduler}: cannot connect: {message}") from None
        with joined:
            yield joined
        return
    config = importlib.import_module("dask.config")
    spawning = config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    settings = _own_workers(config)
    if forked:
        settings["distributed.worker.multiprocessing-method"] = "forkserver"
    with _environment_kept([*spawning, "PYTHONHASHSEED", "__DASK_PARENT_PID"]):
        with config.set(settings):
            cluster = dask.LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                        threads_per_worker=1, processes=True,
                                        silence_logs=logging.ERROR, **LOCAL_ONLY)
        with cluster, dask.Client(cluster) as own:
            yield own


def _start_fork_server(jobs: list[Job]) -> bool:
    """Start this process's fork server, preloaded with Dask and the batch's writers, before
    this process imports Dask itself (Linux only; False elsewhere).

    Dask spawns each worker as a fresh interpreter that imports ``distributed`` and then
    transconv's readers and writers: about half a second for two, and only after this
    process has imported ``distributed`` too. A fork server is a single-threaded process
    made for forking (unlike this one, which runs Dask's event loop in a thread by then):
    started first, it imports the same modules side by side with this process, and each
    worker is then a fork of it, with everything imported. Start and stop of a cluster of
    two: 0.78-0.85 s → 0.44-0.47 s. The server is this process's until it ends, and its
    preload list the process's too: only the command asks for it (``fork_server``).
    """
    if sys.platform != "linux" or "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    from ..formats import FORMATS

    formats = dict.fromkeys(name for job in jobs for name in job.formats)
    multiprocessing.get_context("forkserver").set_forkserver_preload([
        "distributed", "transconv.cli", "transconv.api", "transconv.readers", __name__,
        "transconv.engines.worker",
        *(f"transconv.formats.{FORMATS[name].module}" for name in formats)])
    forkserver.ensure_running()
    return True


@contextlib.contextmanager
def _environment_kept(names: list[str]) -> Iterator[None]:
    """Put this process's variables ``names`` back as they were once the cluster is closed.

    A nanny writes its worker's variables (``OMP_NUM_THREADS``, ``PYTHONHASHSEED``, …, and
    ``__DASK_PARENT_PID`` for the workers' process titles) into the environment of the
    process that starts it, where they would outlive the batch (a
    library caller's process is not ours to change) and reach the workers of any cluster
    started later; the trim threshold one left is taken out while ours starts.
    """
    saved = {name: os.environ.get(name) for name in names}
    os.environ.pop(TRIM, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _own_workers(config: Any) -> dict[str, Any]:
    """Dask settings for the workers of a cluster started here, each measured on one-hour
    inputs (a worker that a nanny starts again after a crash keeps the last two, but Dask
    turns its profiler back on):

    - no statistical profiler: it samples every thread's stack each 10 ms, and cost 15-40 %
      of each conversion (read and srt 0.050 s with it, 0.043 s without, 0.039 s in the
      local engine); with no dashboard nobody sees its profile;
    - no ``MALLOC_TRIM_THRESHOLD_`` of 64 KiB from the nanny, which had the allocator give
      memory back and fault it in again for every transcript (system time 1.1 s against
      0.7 s for 200 inputs);
    - :mod:`.worker` loaded in each worker: the task keeps the GIL 50 ms at a time;
    - fewer wake-ups of every event loop (the scheduler's, the nannies' and the workers'):
      the loop health tick each second instead of each 20 ms, the memory monitor each
      second instead of each 100 ms, the system monitor (for a dashboard there is none of)
      each 2 s. Each wake-up of a worker's loop takes the GIL from its task, and on a
      machine whose cores the workers fill, every wake-up here takes a core from one.
      An idle cluster of two went from 33 to 7 ms of CPU a second here and from 17 to 3
      ms in each worker (52 context switches a second to 4); 400 one-hour inputs: a
      task's time over its CPU time 1.074-1.083 against 1.086-1.101, the client's and
      scheduler's CPU 1.15-1.29 s against 1.39-1.50 s.
    """
    environ = dict(config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop(TRIM, None)
    preload = list(config.get("distributed.worker.preload", default=[]) or [])
    return {"distributed.worker.profile.enabled": False,
            "distributed.nanny.pre-spawn-environ": environ,
            "distributed.worker.preload": [*preload, "transconv.engines.worker"],
            **CALM}


def _distributed() -> Any:
    """The ``distributed`` package (untyped, so held as ``Any``), or how to install it."""
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise UsageError("the dask engine needs dask and distributed: "
                         "pip install 'transconv[dask]'") from None


def _run(client: Any, jobs: list[Job], report: Callable[[Outcome], None],
         collector: bool) -> None:
    threads = sum(client.nthreads().values()) or 1
    window = max(MIN_IN_FLIGHT, PER_THREAD * threads)
    batch = uuid.uuid4().hex[:12]
    queue = iter(jobs)
    running: dict[str, Job] = {}
    futures: dict[str, Any] = {}  # of the tasks in flight
    completed: SimpleQueue[Any] = SimpleQueue()  # each task's future, once it has ended

    def submit(count: int) -> None:
        """The next ``count`` inputs as tasks, in one message to the scheduler."""
        chunk = list(itertools.islice(queue, count))
        if not chunk:
            return
        keys = [f"transconv-{batch}-{job.index}" for job in chunk]
        running.update(zip(keys, chunk, strict=True))
        for future in client.map(run_task, chunk, [collector] * len(chunk), key=keys,
                                 pure=False):
            futures[future.key] = future
            future.add_done_callback(completed.put)

    submit(window)
    finished: list[Any] = []  # tasks ended whose outcomes are not fetched yet
    since = 0.0  # when the first of them ended
    freed = 0  # places in the window since it was last refilled
    try:
        while futures or finished:
            if futures:
                left = None if not finished else max(0.0, since + FETCH_AFTER - time.monotonic())
                done = _ended(completed, left)
                if done and not finished:
                    since = time.monotonic()
                for future in done:
                    del futures[future.key]
                finished += done
                freed += len(done)
                if freed >= window // 2 or not futures:  # by halves: a message for many
                    submit(freed)
                    freed = 0
            if finished and (not futures or len(finished) >= window // 2
                             or time.monotonic() >= since + FETCH_AFTER):
                for future, value in _results(client, finished):
                    report(_outcome(value, running.pop(future.key)))
                    future.release()
                finished = []
    except BaseException:
        with contextlib.suppress(Exception):
            client.cancel([*futures.values(), *finished], force=True)
        raise


def _ended(completed: SimpleQueue[Any], timeout: float | None) -> list[Any]:
    """The futures that have ended, waiting up to ``timeout`` seconds (None: for ever) for
    the first of them."""
    try:
        done = [completed.get(timeout=timeout)]
    except Empty:
        return []
    while not completed.empty():
        done.append(completed.get_nowait())
    return done


def _results(client: Any, done: list[Any]) -> Iterator[tuple[Any, Any]]:
    """Each finished future with its outcome, or a failed one with its exception.

    The outcomes of a batch come in one request: fetching each on its own cost the client
    and the scheduler about a millisecond of CPU per task, taken from the workers' cores.
    """
    ready: list[Any] = []
    failed: list[Any] = []
    for future in done:  # one look each: the client's thread may change a status meanwhile
        (ready if future.status == "finished" else failed).append(future)
    try:
        values = client.gather(ready) if ready else []
    except Exception:  # one result lost with its worker: ask for each on its own
        values = [_settled(future) for future in ready]
    yield from zip(ready, values, strict=True)
    for future in failed:
        yield future, _settled(future)


def _settled(future: Any) -> Any:
    """A future's result, or the exception it ended with."""
    try:
        return future.result()
    except Exception as exc:  # the task's error, a worker dying under it, a cancellation
        return exc


def _outcome(result: Outcome | BaseException, job: Job) -> Outcome:
    """The task's outcome; a task that failed (a worker dying under it every time) becomes
    its input's failure, every format failed with one message."""
    if isinstance(result, Outcome):
        return result
    exc = result
    if type(exc).__name__ == "KilledWorker":
        exc = WorkerDied("every worker that took it died converting it "
                         "(too little memory for this input?)")
    error = failure_line(job.source, exc)
    return Outcome(job.index, job.source, errors=[error], results=[
        Result(fmt, target, "failed", error=error[1])
        for fmt, target in zip(job.formats, job.targets, strict=True)])
