"""Ending the ``transconv`` command without freeing its heap object by object.

At exit the interpreter frees the last transcript (a quarter of a million tokens for ten
hours) one object at a time, then tears every module down, spending time on memory the
operating system reclaims anyway. The command's entry point therefore flushes its streams
and leaves with :func:`os._exit`, and the batch runner hands the transcript it is done with
to :func:`spare` instead of letting it go. Only the command does this: a library caller's
process is never touched, and worker processes (another pid) and earlier inputs of a batch
free theirs as usual, so memory stays bounded by one transcript.

It stays only while it saves at least 5 % of a typical one-file conversion: it does for the
1-hour bench file, not quite for the 10-hour one (bench/README.md has every series). With
the installed command → srt, against the same code ending through ``sys.exit``, medians of
41 alternating runs: 0.160 s against 0.170 s for the 1-hour bench file (6 %; 8 % as the
median of the per-pair ratios), 0.550 s against 0.574 s for the 10-hour one (4 %). From
``run()`` returning to the process being reaped took 2.6 ms against 15.8 ms for 1 hour
(module teardown, the same for any input) and 8.8 ms against 18.3 ms for 10 hours, whose
transcript also takes 17-21 ms to free object by object.
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
    Output still buffered for stdout that cannot be written (``>/dev/full``, a reader gone)
    turns a success into exit 5 with one line on stderr; after a failure the first failure's
    code stands.
    """
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as exc:
        if code == 0:
            from ._streams import failed_stdout

            code = failed_stdout(exc)
    except ValueError:  # closed by the caller: nothing more can be written to it anyway
        pass
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
    os._exit(code)
