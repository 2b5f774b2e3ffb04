"""SIGINT, SIGTERM and SIGHUP, for the ``transconv`` command only.

The command's entry point (:mod:`transconv.__main__`) calls :func:`install`: each of the three
signals then raises :class:`Stopped` in the main thread, like Ctrl-C's KeyboardInterrupt, so
the ``finally`` of :func:`transconv.output.write_atomic` removes the temporary file being
written, and the command reports how many inputs finished and exits with 128 + the signal's
number (130, 143, 129). The library never installs a handler: a library caller's signals are
its own.

Worker processes of a ``-j`` batch call :func:`init_worker` first: they ignore SIGINT (Ctrl-C
reaches the whole process group, and only the parent decides), and on SIGTERM or SIGHUP they
remove their temporary file and end at once (:func:`run_in_worker`), never taking the next
input. The parent stops them with SIGTERM when it is stopped itself (:mod:`transconv.pool`).
"""

from __future__ import annotations

import os
import signal
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .batch import Job, Outcome

#: The signals that stop the command (Windows has no SIGHUP).
STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                 if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """The command was asked to stop by ``signum``; ``finished`` inputs were done by then."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = signum
        #: Inputs finished before the stop (set by the batch runner); None if not known.
        self.finished: int | None = None

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process the signal ended."""
        return 128 + self.signum


def _swallow(signum: int, frame: FrameType | None) -> None:
    """A signal after the first: the stop is under way already."""


def _ignore_all() -> None:
    # Not SIG_IGN: a signal already caught by the C handler but not yet run in Python would
    # then raise "OSError: Signal 15 ignored due to race condition".
    for signum in STOPPING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _swallow)


def hold() -> None:
    """Ignore the three signals from now on: the run is over and is being reported."""
    _ignore_all()


def _raise(signum: int, frame: FrameType | None) -> None:
    # A second signal must not interrupt the clean-up the first one started.
    _ignore_all()
    raise Stopped(signum)


def install() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise :class:`Stopped` (the command's process only)."""
    for signum in STOPPING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            # ``nohup`` (SIGHUP) and ``&`` in a script (SIGINT) leave a signal ignored: so
            # it stays.
            signal.signal(signum, _raise)


#: Whether a worker is converting an input (then a signal raises; otherwise it just ends).
_busy = False


def _worker_signal(signum: int, frame: FrameType | None) -> None:
    _ignore_all()
    if _busy:
        raise Stopped(signum)
    os._exit(128 + signum)


def init_worker() -> None:
    """The initializer of a batch's worker processes (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOPPING[1:]:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup's SIGHUP stays ignored
            signal.signal(signum, _worker_signal)


def run_in_worker(job: Job) -> Outcome:
    """:func:`transconv.batch.run_job` in a worker; a stop ends the worker, cleaned up."""
    global _busy
    from .batch import run_job

    try:
        _busy = True
        try:
            return run_job(job)
        finally:
            _busy = False
    except Stopped as stop:
        os._exit(stop.exit_code)
