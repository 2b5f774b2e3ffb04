"""Running a batch: one job per input, in this process or in worker processes.

A :class:`Job` holds everything one input needs (it is pickled to a worker), and
:func:`run_job` never raises: every failure becomes a one-line message with its exit code,
so one bad input fails alone, and a :class:`Result` per format (the manifest's line). The
progress bar is drawn only on a terminal. :func:`execute` runs the jobs here or in a ``-j``
pool unless given another :data:`Runner` (the Dask engine, :mod:`transconv.engines`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from ._collector import paused
from ._teardown import spare
from .errors import OutputError, TransconvError
from .formats import FORMATS, Format
from .model import Document

if TYPE_CHECKING:
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
    options: tuple[dict[str, Any], ...]
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
    #: The planner found the targets free (:mod:`transconv.engines.existing`): one already
    #: there is this job's own, from a try on a worker that died, and is written over.
    checked: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one format of one input: a line of the manifest."""

    format: str
    #: The file written or planned (None: standard output).
    output: str | None
    status: str  # "written", "failed" or "skipped" (there already, with --resume)
    bytes: int = 0
    #: Reading the input plus writing this output.
    seconds: float = 0.0
    error: str | None = None


@dataclass(slots=True)
class Outcome:
    index: int
    source: str
    written: list[str] = field(default_factory=list)
    stdout: bytes | None = None
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: (format, message) of every warning; the format is "" for the reader's.
    warnings: list[tuple[str, str]] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)


def has_option(fmt: Format, name: str) -> bool:
    import dataclasses

    return any(f.name == name for f in dataclasses.fields(fmt.options_type()))


def run_job(job: Job, collector: bool = True) -> Outcome:
    """Convert one input to every requested format; failures are recorded, never raised.

    In the command's processes (its own, a worker of its pool or of its own Dask cluster)
    this is the one place the cyclic collector is paused (:mod:`transconv._collector`);
    ``collector=False`` leaves it alone, for a library caller's process or a cluster that is
    not the command's.
    """
    pause = paused() if collector else contextlib.nullcontext()
    if job.verbosity < 0:
        with pause:
            return _convert(job, None)
    from .notices import capture_warnings

    with pause, capture_warnings(logging.INFO if job.verbosity > 0 else logging.WARNING) \
            as found:
        outcome = _convert(job, found)
    outcome.warnings = list(zip(found.formats, found, strict=True))
    return outcome


def _convert(job: Job, found: Notices | None) -> Outcome:
    from .api import _render, dumps
    from .output import existing_target, join, refused, write_atomic

    began = time.perf_counter()
    outcome = Outcome(job.index, job.source)

    def fail(formats: list[int], exc: BaseException) -> None:
        error = failure_line(job.source, exc)
        outcome.errors.append(error)
        seconds = time.perf_counter() - began
        outcome.results.extend(Result(job.formats[n], job.targets[n], "failed",
                                      seconds=seconds, error=error[1]) for n in formats)

    # Outputs that exist (without --force) fail before the input is read, not after a
    # ten-hour conversion; write_atomic still refuses one that appears meanwhile.
    blocked = {n for n, target in enumerate(job.targets) if target and not job.named[n]
               and refused(target, job.force or job.checked)}
    for n in sorted(blocked):
        fail([n], existing_target(str(job.targets[n])))
    if blocked and len(blocked) == len(job.targets):
        return outcome
    try:
        transcript = load_input(job.source, job.stdin, job.read_options)
    except Exception as exc:
        fail([n for n in range(len(job.formats)) if n not in blocked], exc)
        return outcome
    reading = time.perf_counter() - began
    for n, (name, charset, options, target, named) in enumerate(zip(
        job.formats, job.charsets, job.options, job.targets, job.named, strict=True
    )):
        if n in blocked:
            continue
        if found is not None:
            found.writing = name
        began = time.perf_counter()
        try:
            fmt = FORMATS[name]
            if job.source != STDIO and "filename" not in options and has_option(fmt, "filename"):
                # Documents title themselves with the input's name when the source has none.
                options = {**options, "filename": job.stem}
            if target is None:
                outcome.stdout = dumps(transcript, fmt, charset=charset,
                                       resegment=job.resegment, **options)
                size = len(outcome.stdout)
            else:
                if named:
                    target, number = join(job.outdir or "", fmt.output_name(
                        job.stem, transcript, job.locale)), 1
                    while os.path.normcase(target) in job.reserved:
                        number += 1
                        while os.path.normcase(f"{job.stem}-{number}") in job.numbered:
                            number += 1
                        target = join(job.outdir or "", fmt.output_name(
                            f"{job.stem}-{number}", transcript, job.locale))
                size = write_atomic(target, _render(transcript, fmt, charset, options,
                                                    job.resegment),
                                    force=job.force or (job.checked and not named))
                outcome.written.append(target)
            outcome.results.append(Result(name, target, "written", size,
                                          reading + time.perf_counter() - began))
        except Exception as exc:
            error = failure_line(job.source, exc)
            outcome.errors.append(error)
            outcome.results.append(Result(name, target, "failed", 0,
                                          reading + time.perf_counter() - began, error[1]))
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


#: Runs jobs, handing each outcome to the callback as it comes: this process or a ``-j``
#: pool (:func:`local`), or a cluster (:mod:`transconv.engines.dask_engine`).
Runner = Callable[[list[Job], Callable[[Outcome], None]], None]


def local(workers: int, collector: bool = True) -> Runner:
    """Jobs in this process, or with ``workers`` > 1 in a pool of worker processes
    (:mod:`transconv.pool`: a worker that dies fails its input alone)."""
    def run(jobs: list[Job], report: Callable[[Outcome], None]) -> None:
        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                report(run_job(job, collector))
        else:
            from . import pool

            _preload(jobs)
            pool.run(jobs, workers, report)
    return run


def execute(jobs: list[Job], workers: int, progress: Progress, *, runner: Runner | None = None,
            on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Run the jobs, by ``runner`` (default: :func:`local` with ``workers``); the outcomes in
    input order. ``on_outcome`` sees each one as it arrives (the manifest).

    When the command is stopped (:class:`transconv._signals.Stopped`, Ctrl-C's
    KeyboardInterrupt) nothing more is started: the workers are stopped with SIGTERM (each
    removes its temporary file), killed if they have not ended within a few seconds, and the
    exception goes on with ``finished`` set to the number of inputs done.
    """
    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
        name = STDIN_NAME if outcome.source == STDIO else outcome.source
        for fmt, message in outcome.warnings:
            message = message.removeprefix(f"{name}: ")  # a reader's names the file already
            progress.say(f"transconv: {name}: {fmt + ': ' if fmt else ''}{message}")
        progress.advance(os.path.basename(outcome.source))
        for _, message in outcome.errors:
            progress.say(f"transconv: {message}")

    try:
        (runner or local(workers))(jobs, report)
    except KeyboardInterrupt as exc:
        from ._signals import Stopped

        stop = exc if isinstance(exc, Stopped) else Stopped()
        stop.finished = len(outcomes)
        progress.close()
        raise stop from None
    progress.close()
    return sorted(outcomes, key=lambda o: o.index)


def convert_many(inputs: str | list[str], formats: str | list[str], outdir: str,
                 client: Any = None, **keywords: Any) -> list[dict[str, Any]]:
    """Convert many inputs (paths, URLs, remote globs) to every format in ``outdir``, here,
    in worker processes or on a Dask cluster (``client``); the manifest's records.

    >>> convert_many("s3://archive/in/*.json", "srt,vtt", "s3://archive/out", client=client)

    Importable without Dask; the keywords are :func:`transconv.engines.library.convert_many`'s.
    """
    from .engines.library import convert_many as run

    return run(inputs, formats, outdir, client, **keywords)
