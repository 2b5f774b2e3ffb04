"""The library prints nothing; its warnings are collected on request."""

from __future__ import annotations

import logging
import subprocess
import sys

import transconv
from transconv.model import WORD, Token, Transcript, Turn

SNOWMAN = Transcript(turns=[Turn(None, 0, 1000, [Token(WORD, "☃✈", 0, 900)])])


def test_a_library_call_prints_nothing() -> None:
    # Writer warnings used to reach stderr through logging's last-resort handler.
    code = ("import transconv; from tests.test_notices import SNOWMAN; "
            "transconv.dumps(SNOWMAN, 'scc'); transconv.dumps(SNOWMAN, 'cap')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert proc.stdout == b"" and proc.stderr == b""


def test_warnings_are_collected_and_the_logger_left_as_it_was() -> None:
    package = logging.getLogger("transconv")
    level, handlers = package.level, list(package.handlers)
    with transconv.capture_warnings() as found:
        transconv.dumps(SNOWMAN, "cap")
    assert found == ["CAP has no form for 2 character(s) (☃✈); written as '?'"]
    assert (package.level, package.handlers) == (level, handlers)
