"""Writing results safely: atomic replace, no clobbering, names that stay in their folder."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import OutputError

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


def write_atomic(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A failure leaves no partial file. An existing file is replaced only with ``force``.
    """
    target = Path(path)
    if not force and target.exists():
        raise OutputError(f"{target}: already exists (use --force to overwrite)")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if force:
            os.replace(tmp, target)
        else:
            # link() fails if the target appeared meanwhile, so we never clobber by race.
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise OutputError(f"{target}: already exists (use --force to overwrite)") from None
            except OSError:
                os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
