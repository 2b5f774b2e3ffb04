"""The standard streams of the ``transconv`` command: closed ones, and stdout that breaks.

A command started with a standard stream closed (``>&-``, ``2>&-``, ``<&-``) finds that file
descriptor free, and the first file it opens would take it: an output file would become
"stdout", an error message would land in the data. :func:`guard`, called by the command's
entry point before anything else, puts ``/dev/null`` on every closed one of fds 0-2 and
replaces the Python stream: a closed stdin or stdout by a stream that fails every read or
write with ``EBADF`` (so ``-o -`` fails with exit 5 and ``-`` as input with exit 3), a closed
stderr by ``/dev/null`` (messages vanish; the exit code still tells). The library never calls
it.

:func:`write_stdout` writes the converted bytes whole: an unbuffered stdout
(``PYTHONUNBUFFERED``) takes part of a write to a pipe and returns the count, which
``sys.stdout.buffer.write`` reports and nobody checked (``| head -c 10`` ended with exit 0).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import BinaryIO, TextIO, cast

from .errors import OutputError


class _ClosedBinary(io.RawIOBase):
    """The binary side of a stream that was closed when the command started."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def _fail(self) -> OSError:
        return OSError(errno.EBADF, f"standard {self.what} is closed")

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readinto(self, buffer: object) -> int:
        raise self._fail()

    def write(self, data: object) -> int:
        raise self._fail()


class _ClosedText(io.TextIOBase):
    """A text stream whose every read and write fails with EBADF, as its ``buffer``'s do."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self._binary = _ClosedBinary(what)

    @property
    def buffer(self) -> BinaryIO:
        return cast(BinaryIO, self._binary)

    def read(self, size: int | None = -1) -> str:
        raise self._binary._fail()

    def write(self, text: str) -> int:
        raise self._binary._fail()

    def flush(self) -> None:
        pass  # nothing was ever taken


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def guard() -> None:
    """Keep fds 0-2 taken and their Python streams safe (the command's process only)."""
    for fd, name, flags in ((0, "input", os.O_RDONLY), (1, "output", os.O_WRONLY),
                            (2, "error", os.O_WRONLY)):
        if not _closed(fd):
            continue
        null = os.open(os.devnull, flags)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        if fd == 2:
            sys.stderr = open(fd, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        elif fd == 1:
            sys.stdout = cast(TextIO, _ClosedText(name))
        else:
            sys.stdin = cast(TextIO, _ClosedText(name))


def write_stdout(data: bytes) -> None:
    """Write ``data`` to stdout whole, retrying partial writes; :class:`OutputError` if it
    cannot (a reader that went away, a full disk, a closed stdout)."""
    try:
        stream = sys.stdout.buffer
        view = memoryview(data)
        while view:
            written = stream.write(view)
            if written is None:  # a non-blocking stdout that is full: wait for it
                import select

                select.select([], [stream], [])
                continue
            if not written:
                raise OSError(errno.EIO, "standard output took no more data")
            view = view[written:]
        stream.flush()
    except OSError as exc:
        _silence_stdout()
        raise OutputError(_cannot_write(exc)) from None


def _cannot_write(exc: OSError) -> str:
    if isinstance(exc, BrokenPipeError):
        return "<stdout>: cannot write: the reader went away (broken pipe)"
    return f"<stdout>: cannot write: {exc.strerror or exc}"


def failed_stdout(exc: OSError) -> int:
    """Report a write to stdout that failed outside a conversion (``--version``, the final
    flush) in one line on stderr; the exit code, 5."""
    _silence_stdout()
    with contextlib.suppress(OSError, ValueError):
        print(f"transconv: {_cannot_write(exc)}", file=sys.stderr)
    return OutputError.exit_code


def _silence_stdout() -> None:
    """After a failed write, nothing more goes to stdout (the final flush would fail too)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
