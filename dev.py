#!/usr/bin/env python3
"""Fresh-machine set-up and the two quick-start jobs, with nothing but Python and pip.

    python3 dev.py samples   # set up .venv, convert every file in samples/ (transcripts and
                             # captions) to every format in out/
    python3 dev.py test      # set up .venv (and the test tools), run the whole test suite

Set-up is idempotent: the virtual environment is created once and reinstalled only when
pyproject.toml changes. As root on Debian, ``test`` also installs the system tools the tests
use to decode our output independently (ffmpeg, poppler-utils with poppler-data, LibreOffice
Writer) with apt-get, and with npm (when present) the W3C WebVTT validator.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
SYSTEM_TOOLS = {"ffmpeg": "ffmpeg", "pdftoppm": "poppler-utils", "pdftotext": "poppler-utils",
                "soffice": "libreoffice-writer-nogui", "chromium": "chromium"}
#: Data the tools need that Debian only recommends (installs here skip recommendations):
#: poppler's CID-to-Unicode maps, without which pdftotext drops the text of CJK fonts.
SYSTEM_DATA = {"/usr/share/poppler/cidToUnicode": "poppler-data"}
#: The W3C WebVTT validator (the code behind the online validator), from the npm registry.
NODE_TOOLS = ["webvtt-parser@2.2.0"]


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True)


def setup(extras: str) -> None:
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    target = f".[{extras}]" if extras else "."
    # "compat" editable mode is a plain .pth path entry: no import hook slowing every start-up.
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target,
        "--config-settings", "editable_mode=compat")
    stamp.write_text(digest)


def system_tools() -> None:
    missing = sorted({pkg for tool, pkg in SYSTEM_TOOLS.items() if shutil.which(tool) is None}
                     | {pkg for path, pkg in SYSTEM_DATA.items() if not Path(path).exists()})
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                       check=True, env=env, stdout=subprocess.DEVNULL)
    else:
        print(f"note: {', '.join(missing)} not installed; tests that need them fail in CI "
              "and are skipped elsewhere", file=sys.stderr)


def node_tools() -> None:
    """Install the npm validators under .venv/node when npm is there (tests find them)."""
    target = VENV / "node"
    stamp = target / ".installed"
    wanted = " ".join(NODE_TOOLS)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    npm = shutil.which("npm")
    if npm is None:
        print("note: npm not installed; the W3C WebVTT validator test needs it", file=sys.stderr)
        return
    target.mkdir(parents=True, exist_ok=True)
    run(npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", target, *NODE_TOOLS)
    stamp.write_text(wanted)


def samples() -> int:
    setup("")
    out = ROOT / "out"
    inputs = sorted(str(p) for p in (ROOT / "samples").iterdir() if p.is_file())
    return subprocess.call([str(BIN / "transconv"), "convert", *inputs, "-d", str(out),
                            "-t", "all", "--force"])


def test(args: list[str]) -> int:
    setup("test")
    system_tools()
    node_tools()
    return subprocess.call([str(PYTHON), "-m", "pytest", "-q", *args], cwd=ROOT)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("samples", "test", "setup"):
        print(__doc__, file=sys.stderr)
        return 2
    if sys.argv[1] == "setup":
        setup("test")
        return 0
    return samples() if sys.argv[1] == "samples" else test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
