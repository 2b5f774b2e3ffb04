"""The manifest: one JSON line per input and format, written as results arrive.

Each line has ``input``, ``format``, ``output``, ``bytes``, ``seconds`` (reading the input
plus writing that output), ``status`` (``written``, ``failed``, or ``skipped`` for an output
that ``--resume`` found in place) and ``error`` (the one-line message, or null). A local
manifest is flushed after every input, so an interrupted batch leaves the lines of what it
finished; a remote one (``s3://…``) cannot be appended to and is put whole at the end. With
``--resume`` the lines are appended to the earlier run's, so the last line of an input and
format is the one that stands.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import IO, Any

from ..batch import Outcome
from ..errors import OutputError

FIELDS = ("input", "format", "output", "bytes", "seconds", "status", "error")


def records(outcome: Outcome) -> list[dict[str, Any]]:
    """The manifest's lines for one input."""
    rows = [{"input": outcome.source, "format": r.format, "output": r.output,
             "bytes": r.bytes, "seconds": round(r.seconds, 4), "status": r.status,
             "error": r.error} for r in outcome.results]
    if not rows:  # refused before any format was tried (stdin over the size limit)
        rows = [{"input": outcome.source, "format": None, "output": None, "bytes": 0,
                 "seconds": 0.0, "status": "failed", "error": message}
                for _, message in outcome.errors]
    return rows


def earlier_outputs(path: str | None) -> dict[tuple[str, str], str]:
    """(input, format) → output of the lines of an earlier manifest that wrote or found it;
    how ``--resume`` finds the files a format named from the document (facebook-srt's
    ``<stem>.<locale>.srt``). A line cut short by a stop is passed over."""
    if path is None:
        return {}
    text = _text(path)
    found: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and row.get("status") in ("written", "skipped") \
                and row.get("output"):
            found[str(row.get("input")), str(row.get("format"))] = str(row["output"])
    return found


class Manifest:
    """The manifest being written (nothing at all when ``path`` is None)."""

    def __init__(self, path: str | None, append: bool = False) -> None:
        self.path = path
        self.remote = False
        self.lines: list[str] = []
        self.handle: IO[str] | None = None
        if path is None:
            return
        if "://" in path:
            from ..storage import is_remote, local_path

            self.remote = is_remote(path)
            path = self.path = local_path(path) or path
        if self.remote:
            if append:
                self.lines = [f"{line}\n" for line in _text(path).splitlines()]
            return
        try:
            cut = append and _cut_short(path)
            self.handle = open(path, "a" if append else "w", encoding="utf-8")  # noqa: SIM115
            if cut:  # the last line of a stopped run ends here, not inside the next one
                self.handle.write("\n")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None

    def add(self, outcome: Outcome) -> list[dict[str, Any]]:
        """Record one input's lines (flushed); they are returned too."""
        rows = records(outcome)
        if self.path is None:
            return rows
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        if self.handle is None:
            self.lines.append(text)
            return rows
        try:
            self.handle.write(text)
            self.handle.flush()
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
        return rows

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        elif self.remote and self.path is not None:
            from ..storage import write

            write(self.path, "".join(self.lines).encode("utf-8"), force=True)
            self.remote = False

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _text(path: str) -> str:
    """An earlier manifest, local or remote; empty when there is none (yet)."""
    from ..storage import is_remote, local_path, read_bytes

    try:
        if is_remote(path):
            return read_bytes(path, 1 << 30).decode("utf-8", "replace")
        with open(local_path(path) or path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except (OSError, ValueError):  # InvalidInput is a ValueError
        return ""


def _cut_short(path: str) -> bool:
    """Whether the file at ``path`` exists and its last line has no line end."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            if handle.tell() == 0:
                return False
            handle.seek(-1, 2)
            return handle.read(1) != b"\n"
    except FileNotFoundError:
        return False
