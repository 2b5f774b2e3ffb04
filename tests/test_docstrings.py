"""Every public function says what it does and shows an example; -v shows details."""

from __future__ import annotations

import inspect
import subprocess
import sys

import transconv
from tests.robustness.support import SAMPLES


def test_every_public_function_has_a_docstring_with_an_example() -> None:
    functions = [name for name in transconv.__all__
                 if inspect.isfunction(getattr(transconv, name))]
    assert {"load", "loads", "dumps", "dump", "convert", "represent", "negotiate"} <= set(
        functions)
    missing = [name for name in functions
               if ">>>" not in (inspect.getdoc(getattr(transconv, name)) or "")]
    assert missing == []


def test_verbose_names_the_late_captions() -> None:
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(SAMPLES["rev"]),
                           "-t", "scc", "-o", "/dev/null", "-v"], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0
    assert "caption(s) shown late" in proc.stderr
    assert "the caption due at 00:00:01;06 was shown 6 frame(s) late" in proc.stderr
