"""Helpers shared by the robustness tests: the active hypothesis profile and the CLI runner.

The CLI is always run in a subprocess, as a user runs it, so that what is checked is what a
user sees: the exit status, the bytes on stderr and the files left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = {
    "rev": ROOT / "samples" / "rev-interview.json",
    "revai": ROOT / "samples" / "revai-meeting.json",
    "smartdoc": ROOT / "samples" / "smartdoc-deposition.json",
}


def fuzz_settings(**overrides: object) -> settings:
    """The profile named by ``HYPOTHESIS_PROFILE`` (``ci`` by default), with ``overrides``."""
    profile = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    return settings(profile, **overrides)  # type: ignore[arg-type]


def examples(ci: int) -> int:
    """``ci`` examples under the ci profile (a test's own budget); the profile's otherwise."""
    name = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    return ci if name == "ci" else settings.get_profile(name).max_examples


def cli(*args: str | Path, stdin: bytes | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m transconv`` with ``args``; never raises on a non-zero exit."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    return subprocess.run([sys.executable, "-m", "transconv", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, check=False, timeout=120, env=env)


def one_line(proc: subprocess.CompletedProcess[bytes]) -> str:
    """The single stderr line of a failed run (asserting there is exactly one, no traceback)."""
    text = proc.stderr.decode("utf-8", "replace")
    assert text.count("\n") == 1 and text.endswith("\n"), f"stderr is not one line: {text!r}"
    assert "Traceback" not in text and "internal error" not in text, text
    assert text.startswith("transconv: "), text
    return text.rstrip("\n")


def files_in(folder: Path) -> list[str]:
    """Every file under ``folder`` (relative, sorted), hidden temporaries included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
