"""What one server runs with: the folder, the tokens, the limits.

The settings are plain data so that they can cross into uvicorn's worker processes
(``--workers N`` spawns fresh interpreters that import the app by name): the command writes
them as JSON into one environment variable, and each worker rebuilds them from it
(:func:`from_environment`). Tokens travel the same way, never on a command line where ``ps``
would show them.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from ..errors import UsageError

#: The environment variable the command hands the settings to its workers in.
ENVIRONMENT = "TRANSCONV_SERVE_SETTINGS"
#: Inputs (attachments and uploads) larger than this are refused with 413. Smaller than the
#: library's 512 MiB: 32 clients uploading that much at once would need 16 GiB.
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Settings:
    """One server's configuration (see ``transconv serve --help``)."""

    root: str
    tokens: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Bytes of converted bodies kept for reuse; a body over an eighth of it is not kept.
    cache_bytes: int = 64 * 1024 * 1024
    #: Parsed documents kept for reuse (each may hold tens of MB of objects).
    cache_documents: int = 4
    #: Conversions running at once; more wait, so cached answers keep flowing meanwhile.
    conversions: int = 2
    #: The host names (Host header less the port) a request may name; empty means any.
    #: A server bound to loopback without a token answers loopback names only (DNS
    #: rebinding).
    allowed_hosts: tuple[str, ...] = field(default=())

    def to_environment(self) -> str:
        return json.dumps(asdict(self))


def from_environment() -> Settings:
    """The settings the command left for this worker process."""
    raw = os.environ.get(ENVIRONMENT)
    if not raw:
        raise UsageError(f"{ENVIRONMENT} is not set: start the server with transconv serve")
    values = json.loads(raw)
    values["tokens"] = tuple(values.get("tokens", ()))
    values["allowed_hosts"] = tuple(values.get("allowed_hosts", ()))
    return Settings(**values)


def read_tokens(path: str) -> tuple[str, ...]:
    """The tokens of a token file: one per line; blank lines and ``#`` comments skipped."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"--token-file {path}: cannot read: {reason}") from None
    tokens = tuple(t for t in (line.strip() for line in lines) if t and not t.startswith("#"))
    if not tokens:
        raise UsageError(f"--token-file {path}: holds no token")
    short = [t for t in tokens if len(t) < 16]
    if short:
        raise UsageError(f"--token-file {path}: a token is shorter than 16 characters")
    return tokens


#: Host names (the Host header less its port) a loopback-only server answers to.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
