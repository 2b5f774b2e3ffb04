"""The attachments: the files in ROOT's four folders, found by id, kept fresh by ``stat``.

An attachment's **id** is its file name less its extension (``interview.json`` →
``interview``; a two-part ending the registry knows goes whole: ``clip.qt.txt`` → ``clip``,
while ``clip.fr.vtt`` → ``clip.fr``). Ids are unique across the four folders; a caption
whose id is a media id followed by ``-`` or ``.`` belongs to that media (``clip-en``,
``clip.fr`` → ``clip``; the longest such media id wins).

Security rests on one rule: **a request's id is only ever a key into the index built by
listing the folders**; no path is ever made from it. ``..``, ``/``, NUL or any encoding of
them can only fail to be a key. Hidden files, sub-folders, symbolic links leading outside
ROOT and files that are not regular files are not attachments.

Freshness without a watcher thread: each look-up stats the four folders (a few
microseconds) and lists them again only when one changed. A folder changed in the last
two seconds is listed again on every look-up, because file systems stamp times with a
coarse clock and a second change inside one tick would otherwise go unseen.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

from ..errors import UsageError
from ..formats import FORMATS, READERS

AttachmentKind = Literal["transcript", "caption", "media", "burnedin"]
#: Folder under ROOT → the kind of the attachments in it.
FOLDERS: Final[dict[str, AttachmentKind]] = {
    "transcripts": "transcript", "captions": "caption", "media": "media",
    "burnedin": "burnedin"}
#: A time stamp this recent (seconds) may be followed by a change with the same stamp.
UNSETTLED: Final = 2.0
#: Endings of two parts or more that make up an extension as a whole.
_LONG_SUFFIXES: Final = sorted(
    {s for f in FORMATS.values() for s in f.name_suffixes if s.count(".") > 1}
    | {s for r in READERS for s in r.extensions if s.count(".") > 1}, key=len, reverse=True)
#: Names editors and downloads leave behind while writing: never attachments.
_TEMPORARY: Final = (".tmp", ".part", ".crdownload", ".swp", "~")


@dataclass(frozen=True, slots=True)
class Attachment:
    """One file: its id, kind, file name, folder and real path."""

    id: str
    kind: AttachmentKind
    name: str
    folder: str
    path: str

    @property
    def relative(self) -> str:
        """The name errors and the page show: ``captions/clip-en.srt`` (never ROOT)."""
        return f"{self.folder}/{self.name}"

    @property
    def suffix(self) -> str:
        """The file's extension as the id leaves it: ``.json``, ``.qt.txt``, ``.mp4``."""
        return self.name[len(self.id):]

    @property
    def converts(self) -> bool:
        """Whether it is read and converted (transcripts, captions) or sent as it is."""
        return self.kind in ("transcript", "caption")


def attachment_id(name: str) -> str:
    """The id of a file name: less its extension (a known two-part one whole)."""
    lower = name.lower()
    for suffix in _LONG_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)]
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


def settled(mtime_ns: int, ctime_ns: int, now: float | None = None) -> bool:
    """Whether nothing has touched the object for long enough to trust its time stamps."""
    recent = max(mtime_ns, ctime_ns) / 1e9
    return (time.time() if now is None else now) - recent > UNSETTLED


class Conflict(UsageError):
    """Two files give one id: refused at start-up; while serving, that id answers 409."""


class Index:
    """The attachments under ``root``, listed again when a folder changes."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self._lock = threading.Lock()
        self._stamps: tuple[tuple[int, int, int], ...] | None = None
        self._by_id: dict[str, Attachment] = {}
        self._conflicts: dict[str, tuple[str, ...]] = {}
        self._order: list[Attachment] = []
        self._owner: dict[str, str] = {}

    # ----------------------------------------------------------------------- freshness

    def _folder_stamps(self) -> tuple[tuple[int, int, int], ...] | None:
        """(inode, mtime, ctime) of each folder; None when one changed too recently."""
        stamps = []
        now = time.time()
        for folder in FOLDERS:
            try:
                st = os.stat(os.path.join(self.root, folder))
            except OSError:
                stamps.append((0, 0, 0))
                continue
            if not settled(st.st_mtime_ns, st.st_ctime_ns, now):
                return None
            stamps.append((st.st_ino, st.st_mtime_ns, st.st_ctime_ns))
        return tuple(stamps)

    def refresh(self) -> None:
        """List the folders again if any of them changed since the last listing."""
        stamps = self._folder_stamps()
        if stamps is not None and stamps == self._stamps:
            return
        with self._lock:
            by_id, conflicts = self._scan()
            self._by_id, self._conflicts = by_id, conflicts
            self._order = sorted(by_id.values(), key=lambda a: (list(FOLDERS).index(a.folder),
                                                                 a.id))
            self._owner = _owners(self._order)
            self._stamps = stamps

    def _entries(self, folder: str) -> Iterator[Attachment]:
        kind = FOLDERS[folder]
        base = os.path.join(self.root, folder)
        try:
            entries = list(os.scandir(base))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.endswith(_TEMPORARY):
                continue
            real = os.path.realpath(entry.path)
            if os.path.commonpath([real, self.root]) != self.root or not os.path.isfile(real):
                continue  # a sub-folder, a special file, or a link leading out of ROOT
            yield Attachment(attachment_id(name), kind, name, folder, real)

    def _scan(self) -> tuple[dict[str, Attachment], dict[str, tuple[str, ...]]]:
        by_id: dict[str, Attachment] = {}
        seen: dict[str, list[str]] = {}
        for folder in FOLDERS:
            for attachment in self._entries(folder):
                seen.setdefault(attachment.id, []).append(attachment.relative)
                by_id.setdefault(attachment.id, attachment)
        conflicts = {i: tuple(sorted(names)) for i, names in seen.items() if len(names) > 1}
        for duplicate in conflicts:
            del by_id[duplicate]
        return by_id, conflicts

    # ------------------------------------------------------------------------- queries

    def check(self) -> None:
        """Refuse a folder where two files give one id (start-up), naming both."""
        self.refresh()
        for duplicate, names in sorted(self._conflicts.items()):
            raise Conflict(f"attachment id {duplicate!r} is given by {' and '.join(names)}; "
                           "ids must be unique")

    def get(self, attachment_id: str) -> Attachment | None:
        """The attachment of ``attachment_id``; raises :class:`Conflict` for a doubled id."""
        self.refresh()
        found = self._by_id.get(attachment_id)
        if found is None and attachment_id in self._conflicts:
            names = " and ".join(self._conflicts[attachment_id])
            raise Conflict(f"attachment id {attachment_id!r} is given by {names}")
        return found

    def all(self) -> list[Attachment]:
        """Every attachment: transcripts, captions, media, burned-in, each by id."""
        self.refresh()
        return list(self._order)

    def media_of(self, caption: Attachment) -> str | None:
        """The id of the media a caption belongs to, if any."""
        self.refresh()
        return self._owner.get(caption.id)

    def captions_of(self, media: Attachment) -> list[Attachment]:
        """The caption attachments that belong to ``media``, by id."""
        self.refresh()
        return [a for a in self._order if self._owner.get(a.id) == media.id]


def _owners(attachments: list[Attachment]) -> dict[str, str]:
    """Caption id → the media id it belongs to (the longest media id that prefixes it).

    Each caption id is cut at each ``-`` and ``.`` from the right and the cut looked up, so
    the cost grows with the ids' lengths, not with media × captions.
    """
    media = {a.id for a in attachments if a.kind == "media"}
    owners: dict[str, str] = {}
    for caption in attachments:
        if caption.kind != "caption":
            continue
        for cut in range(len(caption.id) - 1, 0, -1):
            if caption.id[cut] in "-." and caption.id[:cut] in media:
                owners[caption.id] = caption.id[:cut]
                break
    return owners
