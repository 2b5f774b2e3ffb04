"""Writing results safely: atomic replace, no clobbering, names that stay in their folder."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable

from .errors import OutputError

#: Temporary names are unique per process and call; a name left by a crashed process of the
#: same pid is stepped over (``O_EXCL``), a few times at most.
_SERIAL = itertools.count()
_ATTEMPTS = 100

_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_stem(name: str, fallback: str = "transcript") -> str:
    """A file-name stem derived from ``name`` that cannot leave its folder.

    Path separators, NUL and other characters Windows forbids become ``_``; leading dots and
    trailing dots/spaces are removed; reserved Windows device names get a ``_`` prefix.
    """
    stem = _UNSAFE.sub("_", name).strip().strip(". ").lstrip(".")
    stem = stem[:200]
    if not stem or set(stem) <= {"_"}:
        stem = fallback
    if _RESERVED.match(stem):
        stem = "_" + stem
    return stem


def _create_temporary(folder: str, name: str) -> tuple[int, str]:
    """A new file next to the target, opened for writing: ``(fd, path)``.

    Made with ``O_EXCL`` and mode 0o666 before the umask, so the finished file gets the
    permissions any new file of the user would get (``tempfile.mkstemp`` would leave 0o600).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        tmp = os.path.join(folder, f".{name}.{os.getpid()}-{next(_SERIAL)}.part")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name} in {folder}")


def existing_target(target: str) -> OutputError:
    """The error for an output file that exists and may not be overwritten."""
    return OutputError(f"{target}: already exists (use --force to overwrite)")


def write_atomic(path: str | os.PathLike[str], data: bytes | Iterable[bytes], *,
                 force: bool = False) -> None:
    """Write ``data`` (bytes, or chunks of bytes written as they come) to ``path`` through a
    temporary file in the same folder and a rename.

    A failure, including one raised while the chunks are made, leaves no partial file. An
    existing file is replaced only with ``force``.
    """
    target = os.fspath(path)
    if not force and os.path.exists(target):
        raise existing_target(target)
    folder, name = os.path.split(target)
    try:
        fd, tmp = _create_temporary(folder or ".", name)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
        if force:
            os.replace(tmp, target)
        else:
            # link() fails if the target appeared meanwhile, so we never clobber by race.
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise existing_target(target) from None
            except OSError:
                os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
