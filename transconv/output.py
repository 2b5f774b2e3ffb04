"""Writing results safely: atomic replace, no clobbering, names that stay in their folder,
every name of a batch planned before anything is written (:func:`plan`).

A regular file is written to a temporary name beside it and renamed into place, so a failure
leaves nothing half-written; an existing one is replaced only when asked, keeping its
permissions. Anything else that already exists at the path and can be written to — a FIFO,
a terminal or ``/dev/null``, ``/dev/stdout``, a ``/dev/fd/N`` of process substitution, or a
symlink to one of them — is written in place: renaming over it would destroy the device or
the pipe (``-o /dev/null --force`` used to replace ``/dev/null`` with a regular file).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import os
import re
import stat
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import OutputError

if TYPE_CHECKING:
    from .batch import Job

#: Temporary names are unique per process and call; a name left by a crashed process of the
#: same pid is stepped over (``O_EXCL``), a few times at most.
_SERIAL = itertools.count()
_ATTEMPTS = 100

#: Windows device names, with or without an extension: ``COM¹``-``COM³`` and ``LPT¹``-``LPT³``
#: (superscript digits) and ``CONIN$``/``CONOUT$`` are devices too.
_RESERVED = re.compile(r"^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$",
                       re.IGNORECASE)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
#: Bytes a stem may take: a name is at most 255 bytes on every common file system, and the
#: output name adds the format's extension (and a locale) to the stem.
_STEM_BYTES = 200
#: Bytes of a target name beyond which the temporary name is a short hash instead of the
#: name itself plus a suffix (which would pass 255 bytes).
_LONG_NAME = 200


def safe_stem(name: str, fallback: str = "transcript") -> str:
    """A file-name stem derived from ``name`` that cannot leave its folder.

    Path separators, NUL and other characters Windows forbids become ``_``; leading dots and
    trailing dots/spaces are removed; reserved Windows device names get a ``_`` prefix.
    """
    stem = _UNSAFE.sub("_", name).strip().strip(". ").lstrip(".")
    stem = stem.encode("utf-8", "surrogatepass")[:_STEM_BYTES].decode("utf-8", "ignore")
    stem = stem.rstrip(". ")
    if not stem or set(stem) <= {"_"}:
        stem = fallback
    if _RESERVED.match(stem):
        stem = "_" + stem
    return stem


def _temporary_base(name: str) -> str:
    """The part of a temporary name taken from the target's name ``name``: the name itself,
    or a short hash of a long one."""
    if len(os.fsencode(name)) > _LONG_NAME:
        return "transconv-" + hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
    return name


def leftovers(folder: str, pid: int, name: str | None = None) -> list[str]:
    """The temporary files process ``pid`` left in ``folder`` (for the target ``name``, or
    for any target): a worker killed mid-write (SIGKILL, out of memory) cannot remove its
    own, so the batch's parent does. Only that process's: the names hold its pid and a
    serial number (``.<name>.<pid>-<serial>.part``); call it before the dead process is
    reaped, while no other process can have its pid."""
    head = re.escape(f".{_temporary_base(name)}.") if name is not None else r"\..+\."
    pattern = re.compile(rf"{head}{pid}-[0-9]+\.part")
    try:
        with os.scandir(folder or ".") as entries:
            return [entry.path for entry in entries if pattern.fullmatch(entry.name)]
    except OSError:
        return []


def _create_temporary(folder: str, name: str, made: list[str]) -> int:
    """A new file next to the target, opened for writing; its path is put in ``made``
    before it is created, so a stop (a signal) arriving in between still finds it.

    Made with ``O_EXCL`` and mode 0o666 before the umask, so the finished file gets the
    permissions any new file of the user would get (``tempfile.mkstemp`` would leave 0o600).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    name = _temporary_base(name)
    for _ in range(_ATTEMPTS):
        tmp = os.path.join(folder, f".{name}.{os.getpid()}-{next(_SERIAL)}.part")
        made[:] = [tmp]
        try:
            return os.open(tmp, flags, 0o666)
        except FileExistsError:
            made.clear()  # someone else's: not ours to remove
            continue
    raise FileExistsError(f"no free temporary name for {name} in {folder}")


def existing_target(target: str) -> OutputError:
    """The error for an output file that exists and may not be overwritten."""
    return OutputError(f"{target}: already exists (use --force to overwrite)")


def is_special(target: str) -> bool:
    """Whether ``target`` (followed through symlinks) exists and is not a regular file or a
    folder: a FIFO, a device or a socket, written in place rather than replaced."""
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def refused(target: str, force: bool) -> bool:
    """Whether writing ``target`` must be refused: it exists (a file, a folder or a link,
    even a dangling one) and is not written in place, and ``force`` is not given."""
    if force:
        return False
    if "://" in target:  # cheap test first: fsspec is imported only for a remote path
        from . import storage

        if storage.is_remote(target):
            return storage.exists(target)
        target = storage.local_path(target) or target
    return os.path.lexists(target) and not is_special(target)


def join(folder: str, name: str) -> str:
    """``name`` in ``folder``: a URL's folder is joined with ``/`` on every system."""
    if "://" in folder:
        return f"{folder.rstrip('/')}/{name}"
    return os.path.join(folder, name)


def makedirs(folder: str) -> None:
    """Create the output folder (and its parents), local or remote, if it is missing."""
    if "://" in folder:
        from . import storage

        if storage.is_remote(folder):
            storage.makedirs(folder)
            return
        folder = storage.local_path(folder) or folder
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create: {exc.strerror or exc}") from None


def write_atomic(path: str | os.PathLike[str], data: bytes | Iterable[bytes], *,
                 force: bool = False) -> int:
    """Write ``data`` (bytes, or chunks of bytes written as they come) to ``path`` through a
    temporary file in the same folder and a rename; the number of bytes written.

    A failure, including one raised while the chunks are made, leaves no partial file. An
    existing file is replaced only with ``force``, and keeps its permission bits; a FIFO or a
    device is written in place (see the module docstring). The temporary file goes on any
    exception, KeyboardInterrupt included; no signal handler is installed here. A URL
    (``s3://…``) is put whole by :func:`transconv.storage.write`; ``file://`` is local.
    """
    target = os.fspath(path)
    if not target:
        raise OutputError("the output path is empty")
    if "://" in target:
        from . import storage

        if storage.is_remote(target):
            return storage.write(target, data, force=force)
        target = storage.local_path(target) or target
    if is_special(target):
        return _write_in_place(target, data)
    if os.path.isdir(target):
        raise OutputError(f"{target}: is a folder")
    if refused(target, force):
        raise existing_target(target)
    folder, name = os.path.split(target)
    made: list[str] = []  # the temporary file, once it may exist
    try:
        try:
            fd = _create_temporary(folder or ".", name, made)
        except OSError as exc:
            made.clear()
            raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
        tmp = made[0]
        size = 0
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                size += len(chunk)
                handle.write(chunk)
        if force:
            _keep_mode(target, tmp)
            os.replace(tmp, target)
        else:
            # link() fails if the target appeared meanwhile, so we never clobber by race.
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise existing_target(target) from None
            except OSError:
                os.replace(tmp, target)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        # Also on KeyboardInterrupt, and on the command's SIGTERM/SIGHUP (transconv._signals).
        for tmp in made:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    return size


def _keep_mode(target: str, tmp: str) -> None:
    """Give the replacement the permission bits of the regular file it replaces (a 0600
    transcript stays 0600); a symlink is replaced by a file with the usual permissions."""
    with contextlib.suppress(FileNotFoundError):
        old = os.lstat(target)
        if stat.S_ISREG(old.st_mode):
            os.chmod(tmp, stat.S_IMODE(old.st_mode))


def _write_in_place(target: str, data: bytes | Iterable[bytes]) -> int:
    """Write to an existing FIFO or device as it is (opened without creating anything)."""
    size = 0
    try:
        with open(target, "wb", buffering=0) as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                size += len(chunk)
                view = memoryview(chunk)
                while view:  # a pipe may take part of a write
                    written = handle.write(view)
                    if not written:
                        raise OSError(f"{target} took no more data")
                    view = view[written:]
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return size


class OutputNames:
    """Every output name of a run, planned before anything is written and all different.

    An input whose names (``<stem><suffix>`` for each format of the run) would repeat one
    planned already, or whose stem another input has, gets the stem ``<stem>-2`` (``-3``, …):
    ``a.json`` and ``a.youtube.json`` with ``-t txt,youtube`` would both write
    ``a.youtube.txt``, and two ``x.json`` from different folders both ``x.srt``.
    """

    def __init__(self, outdir: str | None, suffixes: list[str]) -> None:
        self.outdir, self.suffixes = outdir or "", suffixes
        self.stems: set[str] = set()
        self.taken: set[str] = set()
        #: Planned names by each part before a dot (``a.en.srt`` under ``a`` and ``a.en``).
        self.heads: dict[str, list[str]] = {}
        #: Claimed stems of the shape ``<stem>-<number>``, by ``<stem>``.
        self.siblings: dict[str, set[str]] = {}

    def _key(self, name: str) -> str:
        return os.path.normcase(name)  # one file on a case-insensitive file system

    def claim(self, stem: str) -> str:
        candidate, n = stem, 1
        while self._key(candidate) in self.stems or any(
                self._key(candidate + suffix) in self.taken for suffix in self.suffixes):
            n += 1
            candidate = f"{stem}-{n}"
        self.stems.add(self._key(candidate))
        base, dash, number = self._key(candidate).rpartition("-")
        if dash and number.isdigit():
            self.siblings.setdefault(base, set()).add(self._key(candidate))
        for suffix in self.suffixes:
            name = self._key(candidate + suffix)
            self.taken.add(name)
            for at, char in enumerate(name):
                if char == ".":
                    self.heads.setdefault(name[:at], []).append(name)
        return candidate

    def numbered(self, stem: str) -> frozenset[str]:
        """The claimed stems ``<stem>-<number>``, which a renamed output must not take."""
        return frozenset(self.siblings.get(self._key(stem), ()))

    def under(self, stem: str) -> frozenset[str]:
        """The planned paths whose names start with ``<stem>.``: the only ones a name that a
        format makes from ``stem`` (``<stem>.<locale>.srt``) can meet."""
        return frozenset(join(self.outdir, name)
                         for name in self.heads.get(self._key(stem), ()))


def stem_suffix(path: str) -> tuple[str, str]:
    """A file name's stem and suffix with pathlib's rule ("..json" → "." and ".json"), without
    importing pathlib (a tenth of the command's start-up)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        return name[:dot], name[dot:]
    return name, ""


def plan(sources: list[str], shared: Job, suffixes: list[str],
         output: str | None = None) -> list[Job]:
    """One job per source, made from ``shared`` (what every input has alike): each gets its
    index, stem and targets, every name of the run different (:class:`OutputNames`);
    without an output folder every target is ``output`` (None: stdout)."""
    names = OutputNames(shared.outdir, suffixes)
    jobs: list[Job] = []
    for index, source in enumerate(sources):
        stem = safe_stem(stem_suffix(source)[0] if source != "-" else "stdin")
        targets: tuple[str | None, ...] = (output,) * len(shared.formats)
        if shared.outdir is not None:
            stem = names.claim(stem)
            targets = tuple(join(shared.outdir, stem + suffix) for suffix in suffixes)
        jobs.append(dataclasses.replace(
            shared, index=index, source=source, stem=stem, targets=targets,
            stdin=shared.stdin if source == "-" else None))
    if any(shared.named):  # a name made from the document must not be one planned here
        jobs = [dataclasses.replace(job, reserved=names.under(job.stem),
                                    numbered=names.numbered(job.stem)) for job in jobs]
    return jobs
