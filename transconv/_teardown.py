"""Ending the ``transconv`` command without freeing its heap object by object.

At exit the interpreter frees the last transcript (a quarter of a million tokens for ten
hours) one object at a time, then tears every module down: about 30 ms of a ten-hour
conversion (measured), spent returning memory the operating system reclaims anyway. The
command's entry point therefore flushes its streams and leaves with :func:`os._exit`, and
the batch runner hands the transcript it is done with to :func:`spare` instead of letting
it go. Only the command does this: a library caller's process is never touched, and worker
processes (another pid) and earlier inputs of a batch free theirs as usual, so memory stays
bounded by one transcript.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

#: The pid of the command that will exit without teardown; None in a library caller.
_OWNER: int | None = None
#: The one object kept for the exit (the last input's transcript).
_spared: list[object] = []


def arm() -> None:
    """Called by the command's entry point: this process will end with :func:`exit_now`."""
    global _OWNER
    _OWNER = os.getpid()


def spare(obj: object) -> None:
    """Keep ``obj`` (releasing the one kept before) if this process ends without teardown."""
    if os.getpid() == _OWNER:
        _spared[:] = [obj]


def exit_now(code: int) -> NoReturn:
    """Flush stdout and stderr, then end the process with ``code`` and no teardown.

    Output files are closed by then (written through a temporary file and a rename), and
    the worker pool of a batch has been shut down, so nothing is lost but the freeing.
    """
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe or stream: nothing more can be written to it anyway
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
