"""Files anywhere fsspec reaches: ``s3://``, ``gs://``, ``az://``, ``http(s)://`` (read only),
``memory://`` and the rest, for every place a path is accepted.

Only a path with a scheme other than ``file://`` comes here, and fsspec is imported only
then, so a local conversion never pays for it (``file://`` URLs are plain local paths). The
filesystem's own package (s3fs, gcsfs, adlfs) is the user's to install, and credentials and
endpoints come from fsspec's and the store's own configuration (``FSSPEC_S3_ENDPOINT_URL``,
``AWS_*`` variables, ``~/.config/fsspec``): read the same way by every Dask worker, so no
secret travels with a task.

An output is never partial. On an object store a put is all or nothing (the object appears
only once it is complete), so the bytes go in one put; without ``force`` an S3 put is
conditional (``If-None-Match: *``), so a file that appears meanwhile is kept, as locally.
Elsewhere (memory, SFTP, …) the bytes go to a temporary name beside the target and are
moved into place. Transient storage errors (time-outs, dropped connections, throttling,
a store's 5xx) are retried a few times with back-off; a missing file or a refusal is not.
Every failure leaves as a one-line :class:`~transconv.errors.TransconvError`.
"""

from __future__ import annotations

import functools
import importlib
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .errors import InvalidInput, OutputError, UsageError

T = TypeVar("T")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)(?:://|::)")
#: Stores where one put is atomic: the object is visible only once complete.
ATOMIC_PUT = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oss"})
#: Stores whose fsspec filesystem takes ``mode="create"`` (a conditional, exclusive put).
EXCLUSIVE_PUT = frozenset({"s3", "s3a"})
READ_ONLY = frozenset({"http", "https"})
#: Tries of one storage call, and the first pause between them (doubled each time).
ATTEMPTS = 4
BACKOFF = 0.2
#: Errors that trying again cannot mend.
_PERMANENT = (FileNotFoundError, FileExistsError, PermissionError, IsADirectoryError,
              NotADirectoryError)
_GLOB = re.compile(r"[*?\[]")


def scheme(path: str) -> str | None:
    """The URL scheme of ``path`` (the first of a chained ``simplecache::s3://``), or None."""
    match = _SCHEME.match(path)
    return match.group(1).lower() if match else None


def local_path(path: str) -> str | None:
    """The local path a ``file://`` URL names; None for anything else."""
    if scheme(path) != "file" or not path.lower().startswith("file://"):
        return None
    rest = path[len("file://"):]
    return rest.removeprefix("localhost") or "/"


def is_remote(path: str) -> bool:
    """Whether ``path`` is read and written through fsspec."""
    return scheme(path) is not None and local_path(path) is None


def _filesystem(url: str) -> tuple[Any, str]:
    """fsspec's filesystem for ``url`` (cached by fsspec, so asking again costs nothing) and
    the path within it; fsspec is untyped, so it is held as ``Any``."""
    try:
        core: Any = importlib.import_module("fsspec.core")
    except ImportError:
        raise UsageError(f"{url}: remote paths need fsspec (pip install 'transconv[s3]', "
                         "or fsspec with the store's package)") from None
    try:
        fs, path = core.url_to_fs(url)
        return fs, str(path)
    except ImportError as exc:  # "Install s3fs to access S3"
        raise UsageError(f"{url}: {_first_line(exc)}") from None
    except ValueError as exc:  # an unknown protocol
        raise UsageError(f"{url}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.splitlines()[0].split())


def transient(exc: BaseException) -> bool:
    """Whether a storage call that raised ``exc`` may succeed when tried again."""
    return isinstance(exc, OSError) and not isinstance(exc, _PERMANENT)


def retrying(action: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``action()``, tried again after a pause while it fails transiently."""
    for attempt in range(attempts):
        try:
            return action()
        except Exception as exc:
            if attempt == attempts - 1 or not transient(exc):
                raise
            time.sleep(BACKOFF * 2 ** attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return _first_line(exc)


def read_bytes(url: str, limit: int) -> bytes:
    """The object at ``url``, at most ``limit + 1`` bytes of it (one ranged get), so an
    oversized input is refused without being fetched whole; the caller checks the length."""
    fs, path = _filesystem(url)
    try:
        data = retrying(lambda: fs.cat_file(path, start=0, end=limit + 1))
    except Exception as exc:
        raise InvalidInput(f"cannot read: {_reason(exc)}") from None
    return bytes(data)


def exists(url: str) -> bool:
    fs, path = _filesystem(url)
    try:
        return bool(retrying(lambda: fs.exists(path)))
    except Exception as exc:
        raise OutputError(f"{url}: cannot check: {_reason(exc)}") from None


def write(url: str, data: bytes | Iterable[bytes], *, force: bool = False) -> int:
    """Put ``data`` at ``url`` whole or not at all; the number of bytes written.

    An existing object is replaced only with ``force``.
    """
    from .output import existing_target

    protocol = scheme(url) or ""
    if protocol in READ_ONLY:
        raise OutputError(f"{url}: cannot write: {protocol} is read-only")
    payload = data if isinstance(data, bytes) else b"".join(data)
    fs, path = _filesystem(url)
    try:
        if not force and retrying(lambda: fs.exists(path)):
            raise existing_target(url)
        if protocol in ATOMIC_PUT:
            mode = {} if force or protocol not in EXCLUSIVE_PUT else {"mode": "create"}
            retrying(lambda: fs.pipe_file(path, payload, **mode))
        else:
            _through_temporary(fs, path, payload)
    except OutputError:
        raise
    except FileExistsError:  # the conditional put found an object made meanwhile
        raise existing_target(url) from None
    except Exception as exc:
        raise OutputError(f"{url}: cannot write: {_reason(exc)}") from None
    return len(payload)


def _through_temporary(fs: Any, path: str, payload: bytes) -> None:
    """Write beside the target under a unique hidden name, then move it into place."""
    folder, _, name = path.rpartition("/")
    temporary = f"{folder}/.{name}.{uuid.uuid4().hex[:12]}.part" if folder else \
        f".{name}.{uuid.uuid4().hex[:12]}.part"
    try:
        retrying(lambda: fs.pipe_file(temporary, payload))
        retrying(lambda: fs.mv(temporary, path))
    except BaseException:
        try:
            if fs.exists(temporary):
                fs.rm_file(temporary)
        except Exception:  # the first failure is the one to report
            pass
        raise


def makedirs(url: str) -> None:
    fs, path = _filesystem(url)
    try:
        retrying(lambda: fs.makedirs(path, exist_ok=True))
    except Exception as exc:
        raise OutputError(f"{url}: cannot create: {_reason(exc)}") from None


def listing(url: str) -> dict[str, int]:
    """The files directly in the folder ``url``: name → size (one listing, however many
    files; empty when the folder does not exist yet)."""
    fs, path = _filesystem(url)
    try:
        fs.invalidate_cache(path)
        entries = retrying(lambda: fs.ls(path, detail=True))
    except FileNotFoundError:
        return {}
    except Exception as exc:
        raise OutputError(f"{url}: cannot list: {_reason(exc)}") from None
    return {str(entry["name"]).rstrip("/").rpartition("/")[2]: int(entry.get("size") or 0)
            for entry in entries if entry.get("type") == "file"}


def expand(paths: Iterable[str]) -> list[str]:
    """The paths with every remote glob (``s3://bucket/in/*.json``) replaced by the files it
    matches, sorted (a shell expands local globs, never remote ones). A glob matching
    nothing stays as it is, and fails as a missing input does. http(s) URLs are never
    globbed: ``?`` starts their query."""
    found: list[str] = []
    for path in paths:
        if not is_remote(path) or scheme(path) in READ_ONLY or not _GLOB.search(path):
            found.append(path)
            continue
        fs, pattern = _filesystem(path)
        try:
            matches = retrying(functools.partial(fs.glob, pattern, detail=True))
        except Exception as exc:
            raise InvalidInput(f"cannot list: {_reason(exc)}", source=path) from None
        files = sorted(fs.unstrip_protocol(name) for name, info in matches.items()
                       if info.get("type") == "file")
        found.extend(files or [path])
    return found
