"""Warnings: the library prints nothing; callers collect them, the command shows them.

Readers and writers report what they repaired or could not carry (a guessed time, a character
a format lacks, a caption shown late) through loggers under ``transconv``. The package logger
has a :class:`logging.NullHandler`, so a library caller sees nothing unless it configures
logging or collects them:

    with transconv.capture_warnings() as found:
        data = transconv.dumps(t, "scc")
    found  # ['CEA-608 has no form for 2 character(s) (☃✈); written as '?'', …]

The command collects the warnings of each input the same way (in the worker that converts
it) and prints them as ``transconv: FILE: FORMAT: message`` above its progress bar.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

PACKAGE = "transconv"
logging.getLogger(PACKAGE).addHandler(logging.NullHandler())


def logger(name: str) -> logging.Logger:
    """The logger of module ``name`` (under the package logger, which prints nothing)."""
    return logging.getLogger(name)


class Notices(list[str]):
    """The warnings collected so far (messages, in order), with the format being written
    when each was raised in :attr:`formats` (``""`` while reading)."""

    def __init__(self) -> None:
        super().__init__()
        self.formats: list[str] = []
        self.writing = ""


class _Collect(logging.Handler):
    def __init__(self, found: Notices, level: int) -> None:
        super().__init__(level)
        self.found = found

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append(record.getMessage())
        self.found.formats.append(self.found.writing)


@contextlib.contextmanager
def capture_warnings(level: int = logging.WARNING) -> Iterator[Notices]:
    """Collect every transconv warning raised in the block (``level=logging.INFO`` adds the
    details the command shows with ``-v``). Only this package's logger is touched, and only
    for the block.

    >>> with transconv.capture_warnings() as found:
    ...     transconv.dumps(t, "scc")
    """
    found = Notices()
    handler = _Collect(found, level)
    package = logging.getLogger(PACKAGE)
    previous = package.level
    package.addHandler(handler)
    if package.getEffectiveLevel() > level:
        package.setLevel(level)
    try:
        yield found
    finally:
        package.removeHandler(handler)
        package.setLevel(previous)
