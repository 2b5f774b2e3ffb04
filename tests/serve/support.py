"""The real server in a subprocess (``python -m transconv serve``), and folders to serve.

Every test talks HTTP to a uvicorn process on a free loopback port (``--port 0``: the
command binds it and names it on its first line), exactly as a client would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
API = "/api/v1/attachments"
SMARTDOC = "/api/v1.0/external/sdtask/GetExportData/Transcript"
TASK_ID = "c2d6e1b0-5b8e-4a7e-9d0f-2f1a7b3c9e15"
#: Two cues of a SubViewer caption file (a format every transconv reads).
CLIP_EN = ("0:00:01.000,0:00:03.000\nHello there.\n\n"
           "0:00:04.000,0:00:06.500\nSecond cue here.\n\n"
           "0:00:07.000,0:00:09.000\nThird and last.\n")
CLIP_FR = "0:00:01.000,0:00:03.000\nBonjour à tous.\n\n0:00:04.000,0:00:06.500\nDeuxième.\n"
SECRET = "TOP-SECRET-MARKER"


def command_env() -> dict[str, str]:
    """This checkout first on the path of the server process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def make_root(base: Path, media: bytes | None = None) -> Path:
    """A served folder: two transcripts, two captions of one media, a burned-in video, and
    a secret file beside the four folders and one outside ROOT (that must never be sent)."""
    root = base / "root"
    for folder in ("transcripts", "captions", "media", "burnedin"):
        (root / folder).mkdir(parents=True)
    shutil.copy(SAMPLES / "rev-interview.json", root / "transcripts" / "interview.json")
    shutil.copy(SAMPLES / "smartdoc-deposition.json", root / "transcripts" / "depo.json")
    export = json.loads((SAMPLES / "smartdoc-deposition.json").read_text(encoding="utf-8"))
    export["taskId"] = "task-two"
    export["externalId"] = "case-77"
    (root / "transcripts" / "second.json").write_text(json.dumps(export), encoding="utf-8")
    (root / "captions" / "clip-en.sbv").write_text(CLIP_EN, encoding="utf-8")
    (root / "captions" / "clip.fr.sbv").write_text(CLIP_FR, encoding="utf-8")
    data = media if media is not None else bytes(range(256)) * 400
    (root / "media" / "clip.webm").write_bytes(data)
    (root / "burnedin" / "promo.mp4").write_bytes(data[:5000])
    (root / "secret.json").write_text(f'{{"monologues": [], "x": "{SECRET}"}}')
    (base / "outside.json").write_text(f'{{"monologues": [], "x": "{SECRET}"}}')
    return root


class Server:
    """A running ``transconv serve``; :attr:`url` is its base address."""

    def __init__(self, root: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "transconv", "serve", str(root), "--port", "0", "--quiet",
             *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=command_env())
        self.lines: list[str] = []
        self._started = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        if not self._started.wait(60):
            self.stop()
            raise AssertionError(f"server did not start: {self.stderr}")
        start = next((line for line in self.lines if " at http://" in line), "")
        found = re.search(r"at (http://[^ ]+?)/?$", start)
        assert found, self.lines
        self.url = found.group(1)

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            if " at http://" in line:
                self._started.set()
        self._started.set()

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]

    def stop(self, signum: int = signal.SIGTERM) -> int:
        """Stop it with ``signum``; its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        return self.wait()

    def wait(self) -> int:
        """Wait for it to end (killing it after 30 s); its exit code."""
        try:
            code = self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(10)
        self._reader.join(10)
        return code


@contextmanager
def serving(root: Path, *args: str) -> Iterator[Server]:
    server = Server(root, *args)
    try:
        yield server
    finally:
        server.stop()


def big_rev(path: Path, minutes: int) -> None:
    """A Rev transcript of ``minutes`` minutes, 160 words a minute, two speakers."""
    monologues = []
    t = 0
    for minute in range(minutes):
        elements = []
        for word in range(160):
            start, t = t, t + 350
            text = f"word{minute}x{word}"
            elements.append({"type": "text", "value": text,
                             "timestamp": _clock(start), "end_timestamp": _clock(t)})
            elements.append({"type": "punct", "value": " " if word % 12 else ". "})
        monologues.append({"speaker": minute % 2 + 1, "elements": elements})
    doc = {"speakers": [{"id": 1, "name": "Ana"}, {"id": 2, "name": "Ben"}],
           "monologues": monologues}
    path.write_text(json.dumps(doc), encoding="utf-8")


def _clock(ms: int) -> str:
    s, milli = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02}:{m:02}:{s:02},{milli:03}"


def wait_until(predicate: object, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")
