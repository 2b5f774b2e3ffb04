"""Running a batch: one job per input, in this process or in worker processes.

A :class:`Job` holds everything one input needs (it is pickled to a worker), and
:func:`run_job` never raises: every failure becomes a one-line message with its exit code,
so one bad input fails alone. The progress bar is drawn only on a terminal.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from ._collector import paused
from ._teardown import spare
from .errors import OutputError, TransconvError
from .formats import FORMATS, Format
from .model import Document

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .notices import Notices

STDIO = "-"
STDIN_NAME = "<stdin>"


def load_input(source: str, stdin: bytes | None, read_options: dict[str, Any]) -> Document:
    """The transcript or caption track in ``source``; stdin was read once, up front, and
    arrives as bytes."""
    from . import load

    if source == STDIO:
        return load(stdin or b"", name=STDIN_NAME, **read_options)
    return load(source, **read_options)


def failure_line(source: str, exc: BaseException) -> tuple[int, str]:
    """(exit code, one-line message naming the file) for any failure."""
    if isinstance(exc, TransconvError):
        code, text = exc.exit_code, str(exc)
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        code, text = OutputError.exit_code, f"{where}{exc.strerror or exc}"
    else:
        code, text = 1, f"internal error: {type(exc).__name__}: {exc}"
    name = STDIN_NAME if source == STDIO else source
    text = " ".join(text.split())
    return code, text if not name or text.startswith(f"{name}:") else f"{name}: {text}"



@dataclass(frozen=True, slots=True)
class Job:
    """One input and everything needed to convert it, picklable for worker processes."""

    index: int
    source: str
    stdin: bytes | None
    formats: tuple[str, ...]
    charsets: tuple[str | None, ...]
    options: tuple[dict[str, str], ...]
    #: One per format: an output path, or None for stdout.
    targets: tuple[str | None, ...]
    #: One per format: whether the format names its file in ``outdir`` itself, from the
    #: document (:meth:`Format.output_name`), instead of the target given.
    named: tuple[bool, ...]
    outdir: str | None
    stem: str
    force: bool
    read_options: dict[str, Any]
    locale: str | None
    #: Paths other outputs of the run will have, which a name made from the document must
    #: not take (see ``named``).
    reserved: frozenset[str] = frozenset()
    #: Stems ``<stem>-<number>`` other inputs have, which a renamed output must not take.
    numbered: frozenset[str] = frozenset()
    #: Warnings to collect: -1 none (``-q``), 0 warnings, 1 details too (``-v``).
    verbosity: int = 0
    #: Rebuild a caption input's cues from its words instead of keeping them.
    resegment: bool = False


@dataclass(slots=True)
class Outcome:
    index: int
    source: str
    written: list[str] = field(default_factory=list)
    stdout: bytes | None = None
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: (format, message) of every warning; the format is "" for the reader's.
    warnings: list[tuple[str, str]] = field(default_factory=list)


def has_option(fmt: Format, name: str) -> bool:
    import dataclasses

    return any(f.name == name for f in dataclasses.fields(fmt.options_type()))


def run_job(job: Job) -> Outcome:
    """Convert one input to every requested format; failures are recorded, never raised.

    Runs only in the command's processes (its own, or a worker of its pool), so this is the
    one place the cyclic collector is paused (:mod:`transconv._collector`); the library
    calls inside never touch it.
    """
    if job.verbosity < 0:
        with paused():
            return _convert(job, None)
    from .notices import capture_warnings

    with paused(), capture_warnings(logging.INFO if job.verbosity > 0 else logging.WARNING) \
            as found:
        outcome = _convert(job, found)
    outcome.warnings = list(zip(found.formats, found, strict=True))
    return outcome


def _convert(job: Job, found: Notices | None) -> Outcome:
    from .api import dump, dumps
    from .output import existing_target, refused

    outcome = Outcome(job.index, job.source)
    # Outputs that exist (without --force) fail before the input is read, not after a
    # ten-hour conversion; write_atomic still refuses one that appears meanwhile.
    blocked = {n for n, target in enumerate(job.targets)
               if target and not job.named[n] and refused(target, job.force)}
    for n in sorted(blocked):
        outcome.errors.append(failure_line(job.source, existing_target(str(job.targets[n]))))
    if blocked and len(blocked) == len(job.targets):
        return outcome
    try:
        transcript = load_input(job.source, job.stdin, job.read_options)
    except Exception as exc:
        outcome.errors.append(failure_line(job.source, exc))
        return outcome
    for n, (name, charset, options, target, named) in enumerate(zip(
        job.formats, job.charsets, job.options, job.targets, job.named, strict=True
    )):
        if n in blocked:
            continue
        if found is not None:
            found.writing = name
        try:
            fmt = FORMATS[name]
            if job.source != STDIO and "filename" not in options and has_option(fmt, "filename"):
                # Documents title themselves with the input's name when the source has none.
                options = {**options, "filename": job.stem}
            if target is None:
                outcome.stdout = dumps(transcript, fmt, charset=charset,
                                       resegment=job.resegment, **options)
                continue
            if named:
                target, number = os.path.join(job.outdir or "", fmt.output_name(
                    job.stem, transcript, job.locale)), 1
                while os.path.normcase(target) in job.reserved:
                    number += 1
                    while os.path.normcase(f"{job.stem}-{number}") in job.numbered:
                        number += 1
                    target = os.path.join(job.outdir or "", fmt.output_name(
                        f"{job.stem}-{number}", transcript, job.locale))
            dump(transcript, target, fmt, force=job.force, charset=charset,
                 resegment=job.resegment, **options)
            outcome.written.append(target)
        except Exception as exc:
            outcome.errors.append(failure_line(job.source, exc))
    spare(transcript)  # the command's last transcript is never freed object by object
    return outcome


class Progress:
    """A one-line bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = total > 1 and stream.isatty()

    def _draw(self, label: str) -> None:
        import shutil

        width = 24
        filled = width * self.done // self.total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label}"
        cols = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r\x1b[K" + line[: max(cols - 1, 10)])
        self.stream.flush()

    def advance(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            self._draw(label)

    def say(self, message: str) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
        self.stream.write(message + "\n")
        if self.enabled and self.done:
            self._draw("")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _preload(jobs: list[Job]) -> None:
    """Import the readers and the run's writers once, before the workers are forked, so each
    worker inherits them instead of importing them again (msgspec and lxml among them)."""
    from . import api, readers  # noqa: F401

    for name in dict.fromkeys(name for job in jobs for name in job.formats):
        FORMATS[name].load()


def execute(jobs: list[Job], workers: int, progress: Progress) -> list[Outcome]:
    """Run the jobs, in worker processes with ``workers`` > 1; the outcomes in input order.

    When the command is stopped (:class:`transconv._signals.Stopped`, Ctrl-C's
    KeyboardInterrupt) nothing more is started: the workers are stopped with SIGTERM (each
    removes its temporary file), killed if they have not ended within a few seconds, and the
    exception goes on with ``finished`` set to the number of inputs done.
    """
    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        name = STDIN_NAME if outcome.source == STDIO else outcome.source
        for fmt, message in outcome.warnings:
            message = message.removeprefix(f"{name}: ")  # a reader's names the file already
            progress.say(f"transconv: {name}: {fmt + ': ' if fmt else ''}{message}")
        progress.advance(os.path.basename(outcome.source))
        for _, message in outcome.errors:
            progress.say(f"transconv: {message}")

    try:
        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                report(run_job(job))
        else:
            _in_pool(jobs, min(workers, len(jobs)), report)
    except KeyboardInterrupt as exc:
        from ._signals import Stopped

        stop = exc if isinstance(exc, Stopped) else Stopped()
        stop.finished = len(outcomes)
        progress.close()
        raise stop from None
    progress.close()
    return sorted(outcomes, key=lambda o: o.index)


#: How long stopped workers get to remove their temporary files before they are killed.
STOP_GRACE = 5.0


def _in_pool(jobs: list[Job], workers: int, report: Callable[[Outcome], None]) -> None:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from ._signals import init_worker, run_in_worker

    _preload(jobs)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=init_worker)
    try:
        futures = [pool.submit(run_in_worker, job) for job in jobs]
        for future in as_completed(futures):
            report(future.result())
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers: SIGTERM, then SIGKILL after
    :data:`STOP_GRACE` seconds; then reap them. Waits on the processes' sentinels, so a
    worker the pool's own thread reaped first is no trouble."""
    import time
    from multiprocessing.connection import wait

    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE
    pending = {process.sentinel: process for process in processes}
    while pending and (left := deadline - time.monotonic()) > 0:
        for ended in wait(list(pending), left):
            pending.pop(ended, None)
    for process in pending.values():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    if pending:
        wait(list(pending), 1.0)
    for process in processes:  # reap them: no zombie outlives the command
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(0.1)
