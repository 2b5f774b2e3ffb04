"""File versions, strong ETags, bounded caches, and one conversion per key at a time.

A **version** names the bytes of a file: device, inode, size, the modification and change
times in nanoseconds, and a digest of the bytes, read once per version (and then the very
bytes converted) and found by ``stat`` alone afterwards. A file whose times are under two
seconds old may still change within the same clock tick with the same size, so until they
are older its digest is taken again at each look-up (:class:`Versions`). The version, the
representation and the options make the **ETag**, so a changed file can never be answered
from a cached conversion or with a 304 for its former self.

Caches are bounded: converted bodies by their total bytes (least recently used first out),
parsed documents by count. Work for a key already being done is awaited, not done again,
so a burst of clients asking for one new conversion costs one conversion.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import anyio

from .. import __version__
from .attachments import settled

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class TooLarge(Exception):
    """An input over the size limit (413)."""

    def __init__(self, size: int | None, limit: int) -> None:
        amount = f"is {size:,} bytes, over" if size is not None else "is over"
        super().__init__(f"input {amount} the {limit:,}-byte limit")


class Changed(Exception):
    """The file changed while it was being read: read it again."""


@dataclass(frozen=True, slots=True)
class Version:
    """Which bytes a file holds: its stat, and a digest of its bytes."""

    stat: tuple[int, int, int, int, int]
    digest: str = ""


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _read_exact(path: str, expected: tuple[int, int, int, int, int] | None,
                limit: int) -> tuple[tuple[int, int, int, int, int], bytes]:
    """The file's bytes and the stat they belong to; :class:`Changed` if it moved under us."""
    with open(path, "rb") as handle:
        before = _stat_key(os.fstat(handle.fileno()))
        if expected is not None and before != expected:
            raise Changed
        if before[2] > limit:
            raise TooLarge(before[2], limit)
        data = handle.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(None, limit)
        if _stat_key(os.fstat(handle.fileno())) != before or len(data) != before[2]:
            raise Changed
    return before, data


class Versions:
    """Each file version's digest, computed once and remembered (a bounded number of them).

    The digest is part of the version whether the file is old or new, so a file's ETag
    does not change when its time stamps grow old. While a file's times are recent its
    digest is computed again on every look-up (it may change within one clock tick without
    its stat changing); the first look-up once they are old computes it a last time, and
    that one is kept.
    """

    def __init__(self, budget: int = 100_000) -> None:
        self._known: Bounded[tuple[int, int, int, int, int], tuple[str, bool]] = \
            Bounded(budget)
        self._lock = threading.Lock()

    def known(self, path: str, limit: int) -> Version | None:
        """The version from ``stat`` alone, when its final digest is known (no read)."""
        st = os.stat(path)
        if st.st_size > limit:
            raise TooLarge(st.st_size, limit)
        with self._lock:
            found = self._known.get(_stat_key(st))
        return Version(_stat_key(st), found[0]) if found is not None and found[1] else None

    def current(self, path: str, limit: int) -> tuple[Version, bytes | None]:
        """The file's version now, and its bytes when they had to be read to name it."""
        for _ in range(5):
            known = self.known(path, limit)
            if known is not None:
                return known, None
            st = os.stat(path)
            final = settled(st.st_mtime_ns, st.st_ctime_ns)
            try:
                key, data = _read_exact(path, _stat_key(st), limit)
            except Changed:
                continue
            digest = hashlib.sha256(data).hexdigest()
            with self._lock:
                self._known.put(key, (digest, final))
            return Version(key, digest), data
        raise Changed


def contents(path: str, version: Version, limit: int) -> bytes:
    """The bytes of ``version`` of the file; :class:`Changed` if the file is another now."""
    _, data = _read_exact(path, version.stat, limit)
    if hashlib.sha256(data).hexdigest() != version.digest:
        raise Changed
    return data


def etag(*parts: object) -> str:
    """A strong ETag over ``parts`` (a version, a representation, options) and our version."""
    digest = hashlib.sha256(repr((__version__, *parts)).encode("utf-8")).hexdigest()
    return f'"{digest[:32]}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``tag`` (weak comparison, as RFC 9110 says)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(item.strip().removeprefix("W/") == tag for item in if_none_match.split(","))


class Bounded(Generic[K, V]):
    """A least-recently-used map holding at most ``budget`` by ``weigh``."""

    def __init__(self, budget: int, weigh: Callable[[V], int] = lambda _: 1) -> None:
        self.budget = budget
        self._weigh = weigh
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._total = 0

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` unless it alone would take more than an eighth of the budget."""
        weight = self._weigh(value)
        if weight * 8 > self.budget and self.budget > 1:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self._total -= old[1]
        self._items[key] = (value, weight)
        self._total += weight
        while self._total > self.budget and self._items:
            _, (_, dropped) = self._items.popitem(last=False)
            self._total -= dropped

    @property
    def total(self) -> int:
        return self._total

    def __len__(self) -> int:
        return len(self._items)


class Flights(Generic[K]):
    """Run blocking work in worker threads, at most ``limit`` at once, once per key."""

    def __init__(self, limit: int) -> None:
        self._limiter = anyio.CapacityLimiter(limit)
        self._running: dict[K, asyncio.Future[Any]] = {}

    async def run(self, key: K, work: Callable[[], T]) -> T:
        while (running := self._running.get(key)) is not None:
            try:
                result: T = await asyncio.shield(running)
            except asyncio.CancelledError:
                if running.cancelled():
                    continue  # the request doing it went away: do it here
                raise
            return result
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            value = await anyio.to_thread.run_sync(work, limiter=self._limiter)
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # marked retrieved: no warning when nobody else waited
            raise
        except BaseException:
            future.cancel()
            raise
        else:
            future.set_result(value)
            return value
        finally:
            del self._running[key]

    async def limited(self, work: Callable[[], T]) -> T:
        """Run ``work`` in a worker thread within the limit, whatever else runs."""
        return await anyio.to_thread.run_sync(work, limiter=self._limiter)
