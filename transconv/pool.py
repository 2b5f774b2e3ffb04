"""The worker processes of a ``-j`` batch, which outlive the death of one of them.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: when one of its workers dies
abruptly (the kernel's out-of-memory killer on a huge input, a SIGKILL, a crash in a C
extension) it breaks as a whole — every input not yet finished fails with
``BrokenProcessPool`` — and it cannot say which input the dead worker held.

Here each worker has a pipe of its own and holds one job at a time, so the parent knows
which job each holds. When a worker dies holding one, that input fails alone
(:class:`transconv.errors.WorkerDied`): every format it had not yet put in place fails (an
output that appeared, whole, since the job was handed over is reported written), the
temporary files it was writing are removed (it cannot remove them itself), a new worker is
forked and the batch goes on. The input is not tried again: one that exhausted memory would
only kill again.

The workers are forked (after :func:`transconv.batch._preload`, so they inherit the imported
readers and writers) and call :func:`transconv._signals.init_worker` first. One loop in the
parent, without threads, waits on the workers' pipes and process sentinels
(:func:`multiprocessing.connection.wait`); each outcome is reported as it arrives, after the
worker has been handed its next job. A stop (:class:`transconv._signals.Stopped`, Ctrl-C)
starts nothing more: the workers get SIGTERM (each removes its temporary file), SIGKILL after
:data:`STOP_GRACE` seconds, and are reaped.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from .errors import WorkerDied

if TYPE_CHECKING:
    from .batch import Job, Outcome

#: Forked workers inherit the readers and writers imported before (not on macOS, where
#: forking is unsafe and spawning is the default, nor on Windows, which cannot fork).
_CONTEXT = multiprocessing.get_context(
    "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    else None)

#: How long stopped workers get to remove their temporary files before they are killed.
STOP_GRACE = 5.0


class _Worker:
    """One worker process, the parent's end of its pipe, and the job it holds."""

    def __init__(self, others: list[Connection]) -> None:
        mine, theirs = multiprocessing.Pipe()
        self.conn = mine
        self.job: Job | None = None
        #: The job's local targets that were there before it was handed over (see _died).
        self.found: frozenset[str] = frozenset()
        self.process: BaseProcess = _CONTEXT.Process(
            target=_serve, args=(theirs, [mine, *others]), daemon=True)
        try:
            self.process.start()
        finally:
            theirs.close()  # the worker's end is the worker's alone: its death is an EOF here


def _serve(conn: Connection, inherited: list[Connection]) -> None:
    """A worker's life: take a job, send its outcome back, until told to end (None) or the
    parent is gone (EOF)."""
    from ._signals import init_worker, run_in_worker

    init_worker()
    for other in inherited:  # the parent's ends, copied by the fork: not the worker's
        other.close()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        outcome = run_in_worker(job)
        try:
            conn.send(outcome)
        except OSError:  # the parent is gone
            return


def run(jobs: list[Job], workers: int, report: Callable[[Outcome], None]) -> None:
    """Convert ``jobs`` in ``workers`` forked processes, calling ``report`` in this process
    with each outcome as it arrives; a worker's death fails its job alone (see the module
    docstring)."""
    waiting: Iterator[Job] = iter(jobs)
    pool: list[_Worker] = []
    try:
        for _ in range(workers):
            _hand(pool, None, waiting)
        while busy := [worker for worker in pool if worker.job is not None]:
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                ended = worker.process.sentinel in ready
                if not ended and worker.conn not in ready:
                    continue
                outcome = _receive(worker)
                if outcome is not None:
                    _hand(pool, worker, waiting)  # before reporting: it works meanwhile
                elif ended:
                    outcome = _died(worker)
                    pool.remove(worker)
                    _hand(pool, None, waiting)  # a new worker, if a job is left
                else:
                    continue  # an end of file: its sentinel tells next time
                report(outcome)
    except BaseException:
        _stop(pool)
        raise
    for worker in pool:
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        worker.conn.close()
    for worker in pool:
        worker.process.join()


def _hand(pool: list[_Worker], worker: _Worker | None, waiting: Iterator[Job]) -> None:
    """Give the next job, if one is left, to ``worker`` or (None) to a new one. A worker that
    ended since its last outcome (it held no job then) is replaced first; one that dies from
    now on is found by its sentinel, holding the job."""
    job = next(waiting, None)
    if worker is not None:
        worker.job = None
    if job is None:
        return
    if worker is not None and wait([worker.process.sentinel], 0):
        pool.remove(worker)
        worker.conn.close()
        worker.process.join()
        worker = None
    if worker is None:
        worker = _Worker([other.conn for other in pool])
        pool.append(worker)
    worker.job = job
    worker.found = frozenset(t for t in _local_targets(job) if os.path.lexists(t))
    with contextlib.suppress(OSError):
        worker.conn.send(job)


def _receive(worker: _Worker) -> Outcome | None:
    """The outcome the worker has sent, if one is there; it then holds no job."""
    try:
        if not worker.conn.poll():
            return None
        outcome: Outcome = worker.conn.recv()
    except Exception:  # an end of file, or a message cut short by the worker's death
        return None
    worker.job = None
    return outcome


def _died(worker: _Worker) -> Outcome:
    """The failure of the job a dead worker held, every format failed with one message."""
    from .batch import Outcome, Result, failure_line

    job = worker.job
    assert job is not None
    _clean(job, worker.process.pid or 0)  # before it is reaped: see _clean
    worker.conn.close()
    worker.process.join()
    error = failure_line(job.source, WorkerDied(
        f"the worker converting it died ({_cause(worker.process.exitcode)})"))
    outcome = Outcome(job.index, job.source)
    local = set(_local_targets(job))
    for fmt, target in zip(job.formats, job.targets, strict=True):
        if target in local and target not in worker.found and os.path.isfile(target):
            # Put there whole (written under a temporary name, then moved) since the job was
            # handed over: this job's output, finished before the worker died.
            outcome.results.append(Result(fmt, target, "written", os.path.getsize(target)))
            outcome.written.append(target)
        else:
            outcome.results.append(Result(fmt, target, "failed", error=error[1]))
    if len(outcome.written) < len(job.formats):
        outcome.errors.append(error)
    return outcome


def _local_targets(job: Job) -> list[str]:
    """The job's outputs that are files on this machine, named before it runs (not standard
    output, not a URL, not a name the worker makes from the document)."""
    return [target for target, named in zip(job.targets, job.named, strict=True)
            if target is not None and not named and "://" not in target]


def _clean(job: Job, pid: int) -> None:
    """Remove the temporary files the dead worker ``pid`` left for ``job``'s local outputs
    (:func:`transconv.output.leftovers`): the names hold its pid, which no other process can
    have until it is reaped. An output whose name the worker made from the document
    (``named``) is unknown here: any temporary file of that pid in the output folder goes."""
    from .output import leftovers
    from .storage import local_path

    for target, named in zip(job.targets, job.named, strict=True):
        if named and job.outdir is not None:
            folder, name = job.outdir, None
        elif target is not None:
            folder, name = os.path.split(target)
        else:
            continue  # standard output
        if "://" in folder:
            local = local_path(folder)
            if local is None:
                continue  # remote storage: put whole in one request, nothing left over
            folder = local
        for path in leftovers(folder, pid, name):
            with contextlib.suppress(OSError):
                os.unlink(path)


def _cause(code: int | None) -> str:
    """How a worker ended, from its exit code (negative: the signal that killed it)."""
    from ._signals import STOPPING

    if code is not None and code < 0:
        text = f"killed by signal {-code}{_signal_name(-code)}"
        return f"{text}: out of memory?" if -code == getattr(signal, "SIGKILL", 9) else text
    if code is not None and code - 128 in STOPPING:
        return f"stopped by signal {code - 128}{_signal_name(code - 128)}"
    return f"exited with code {code}"


def _signal_name(signum: int) -> str:
    try:
        return f", {signal.Signals(signum).name}"
    except ValueError:
        return ""


def _stop(pool: list[_Worker]) -> None:
    """End the workers: SIGTERM, then SIGKILL after :data:`STOP_GRACE` seconds; then reap
    them, so no zombie outlives the command."""
    processes = [worker.process for worker in pool]
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE
    pending = list(processes)
    while pending and (left := deadline - time.monotonic()) > 0:
        ended = set(wait([process.sentinel for process in pending], left))
        pending = [process for process in pending if process.sentinel not in ended]
    for process in pending:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    if pending:
        wait([process.sentinel for process in pending], 1.0)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(0.1)
    for worker in pool:  # only now: a worker sending its outcome must not see a closed pipe
        worker.conn.close()
