"""The exceptions transconv raises. Every failure a caller can cause is one of these.

Each message is one line and, where it concerns input, names the source and the place in it
(``interview.json: monologues[3].elements[12].timestamp: '00:xx' is not hh:mm:ss,fff``), so the
command line can print it as it is.
"""

from __future__ import annotations


class TransconvError(Exception):
    """Base class of every error transconv raises on purpose."""

    exit_code = 1


class UsageError(TransconvError, ValueError):
    """The caller asked for something that does not exist (format, option, value)."""

    exit_code = 2


class InvalidInput(TransconvError, ValueError):
    """The input cannot be read: not JSON, not a known shape, or a field is unusable.

    ``source`` names the input (file name or ``<stdin>``) and ``where`` the place in it
    (a JSON path such as ``monologues[3].elements[12].timestamp``); both may be empty.
    """

    exit_code = 3

    def __init__(self, message: str, *, source: str = "", where: str = "") -> None:
        self.source = source
        self.where = where
        self.detail = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        return ": ".join(part for part in (self.source, self.where, self.detail) if part)

    def with_source(self, source: str) -> InvalidInput:
        """The same error, attributed to ``source`` (used once the file name is known)."""
        if not self.source:
            self.source = source
            self.args = (self._compose(),)
        return self


class MissingTiming(InvalidInput):
    """A timed format was asked for, but the transcript carries no times at all."""


class NotAcceptable(TransconvError, LookupError):
    """No format (or charset) satisfies the request: the HTTP 406 case.

    ``available`` lists the media types (or charsets) that could have been chosen.
    """

    exit_code = 4

    def __init__(self, message: str, available: list[str]) -> None:
        self.available = available
        super().__init__(f"{message}; available: {', '.join(available)}")


class DoesNotFit(TransconvError, ValueError):
    """The transcript cannot be written in the format asked for: it runs past the last time
    code the format can hold (23:59:59 in EBU STL and CAP, 99:59:59 in SCC and MCC), has
    more captions than one file can count, or would make an MCC stream longer than its
    ``max_hours``. Nothing is wrong with the input or the request as such; another format,
    a smaller part of the transcript, or (for MCC) another ``span`` or limit will do."""

    exit_code = 6


class OutputError(TransconvError, OSError):
    """The output cannot be written (exists without --force, unsafe name, I/O failure)."""

    exit_code = 5


class WorkerDied(TransconvError):
    """The worker process converting an input died (out of memory, a signal, a crash in an
    extension): that input fails alone, in a ``-j`` pool (:mod:`transconv.pool`) as on a
    Dask cluster (:mod:`transconv.engines.dask_engine`)."""


class NotImplementedFormat(UsageError):
    """Formerly: the format is registered but its writer is not implemented yet.

    No longer raised (every registered format is implemented); kept because it is part of
    the public API, so code that catches it keeps working.
    """
