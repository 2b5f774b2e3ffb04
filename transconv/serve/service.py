"""Conversions on demand: read an attachment's version, convert it once, keep the result.

The event loop never converts: reading and writing run in worker threads, a few at a time
(:class:`~transconv.serve.cache.Flights`), so cached answers and media ranges keep flowing
while a long conversion runs. A request's ETag is known before any conversion (it is made
from the file's version, the representation and the options), so a matching
``If-None-Match`` is a 304 at the cost of one ``stat``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import anyio

from ..api import dumps_stream, loads
from ..errors import TransconvError
from ..model import Document
from ..negotiation import Choice
from .attachments import Attachment, Index
from .cache import Bounded, Changed, Flights, Version, Versions, contents, etag
from .choose import Options, check_read, check_write
from .settings import Settings

#: How often a file that keeps changing under a read is tried before giving up (a 409).
_TRIES = 3


class Stream:
    """A streaming writer's chunks, to be sent by the one request that claims them."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks: Iterator[bytes] | None = chunks
        self._lock = threading.Lock()

    def claim(self) -> Iterator[bytes] | None:
        with self._lock:
            chunks, self._chunks = self._chunks, None
        return chunks


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a conversion will be, known before it is done: its ETag above all."""

    attachment: Attachment
    version: Version
    data: bytes | None
    choice: Choice
    read: dict[str, Any]
    write: dict[str, Any]
    resegment: bool
    etag: str


class Service:
    """One server's attachments, caches and conversion workers."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.index = Index(settings.root)
        self.bodies: Bounded[str, bytes] = Bounded(settings.cache_bytes, len)
        self.documents: Bounded[tuple[str, Version, tuple[tuple[str, str], ...]], Document] = \
            Bounded(settings.cache_documents)
        self.versions = Versions()
        self.facts: Bounded[tuple[str, Version], tuple[str, str]] = Bounded(100_000)
        self.flights: Flights[object] = Flights(settings.conversions)

    async def version(self, attachment: Attachment) -> tuple[Version, bytes | None]:
        """The attachment's version now: a ``stat`` here when its digest is known, else
        its bytes read and hashed in a worker thread."""
        limit = self.settings.max_bytes
        known = self.versions.known(attachment.path, limit)
        if known is not None:
            return known, None
        return await anyio.to_thread.run_sync(self.versions.current, attachment.path, limit)

    async def prepare(self, attachment: Attachment, choice: Choice,
                      options: Options) -> Prepared:
        """Check the options and name the result (its ETag) without converting."""
        read = check_read(options)
        version, data = await self.version(attachment)
        write = check_write(choice, options, modified_ns=version.stat[3])
        tag = etag(version, choice.format.name, choice.charset, options.read,
                   sorted(write.items()), options.resegment)
        return Prepared(attachment, version, data, choice, read, write, options.resegment, tag)

    async def document(self, attachment: Attachment, version: Version, data: bytes | None,
                       read: dict[str, Any]) -> Document:
        """The parsed attachment, from the cache or read once for every waiting request."""
        key = (attachment.path, version, tuple(sorted((k, str(v)) for k, v in read.items())))
        found = self.documents.get(key)
        if found is not None:
            return found
        limit = self.settings.max_bytes

        def work() -> Document:
            raw = data if data is not None else contents(attachment.path, version, limit)
            return loads(raw, name=attachment.relative, **read)

        document = await self.flights.run(("document", key), work)
        self.documents.put(key, document)
        return document

    async def body(self, prepared: Prepared) -> bytes | Iterator[bytes]:
        """The converted bytes (cached), or a streaming writer's chunks (never cached)."""
        cached = self.bodies.get(prepared.etag)
        if cached is not None:
            return cached
        document = await self.document(prepared.attachment, prepared.version, prepared.data,
                                       prepared.read)
        return await self.render(prepared.etag, document, prepared.choice, prepared.write,
                                 prepared.resegment)

    async def render(self, key: str, document: Document, choice: Choice,
                     write: dict[str, Any], resegment: bool) -> bytes | Iterator[bytes]:
        """``document`` as ``choice``; bytes are kept under ``key`` for the next request."""
        def work() -> bytes | Stream:
            out = dumps_stream(document, choice.format, charset=choice.charset,
                               resegment=resegment, **write)
            return out if isinstance(out, bytes) else Stream(out)

        result = await self.flights.run(("body", key), work)
        if isinstance(result, bytes):
            self.bodies.put(key, result)
            return result
        chunks = result.claim()
        if chunks is not None:
            return chunks
        # Another request is sending that stream: make one of our own.
        again = await self.flights.limited(work)
        own = again if isinstance(again, bytes) else again.claim()
        assert own is not None
        return own

    async def converted(self, attachment: Attachment, choice: Choice,
                        options: Options) -> Prepared:
        """:meth:`prepare`, tried again when the file changes while it is read."""
        for attempt in range(_TRIES):
            try:
                return await self.prepare(attachment, choice, options)
            except Changed:
                if attempt == _TRIES - 1:
                    raise
        raise AssertionError("unreachable")

    async def task_ids(self, attachment: Attachment) -> tuple[str, str]:
        """A transcript's SmartDocumentor ``taskId`` and ``externalId`` ('' when none)."""
        version, data = await self.version(attachment)
        key = (attachment.path, version)
        found = self.facts.get(key)
        if found is not None:
            return found
        limit = self.settings.max_bytes

        def work() -> tuple[str, str]:
            raw = data if data is not None else contents(attachment.path, version, limit)
            if b"taskId" not in raw and b"externalId" not in raw:
                return "", ""
            try:
                document = loads(raw, name=attachment.relative)
            except TransconvError:
                return "", ""  # unreadable: not the export asked for
            if document.source != "smartdoc":
                return "", ""
            meta = document.metadata
            inner = meta.get("metadata")
            external = meta.get("externalId")
            if external is None and isinstance(inner, dict):
                external = inner.get("externalId")
            task = meta.get("taskId")
            return ("" if task is None else str(task), "" if external is None else str(external))

        facts = await self.flights.run(("facts", key), work)
        self.facts.put(key, facts)
        return facts
