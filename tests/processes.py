"""Helpers for tests that watch the command's processes and its terminal."""

from __future__ import annotations

import os
import time


def group_alive(pgid: int) -> bool:
    """Whether any process of the process group ``pgid`` is still there."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_group_gone(pgid: int, seconds: float) -> None:
    """Fail unless every process of the group ``pgid`` is gone (and reaped) within
    ``seconds``."""
    deadline = time.monotonic() + seconds
    while group_alive(pgid):
        assert time.monotonic() < deadline, "a process of the run is still alive"
        time.sleep(0.02)


def read_terminal(leader: int) -> bytes:
    """Everything written to a pseudo-terminal until its other side is closed by all."""
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # Linux reports the closed side as EIO
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
