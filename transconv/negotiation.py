"""Choosing a representation from ``Accept``, ``Accept-Charset`` and an extension (RFC 9110).

Our own small negotiator, because the libraries get specificity, parameters or case wrong
(charsets-negotiation.md §6.4). The rules, in the order they apply:

* An **extension** (``.srt``, or a whole file name such as ``out.qt.txt``) wins over
  ``Accept``. Where several formats of the kind share it (``.txt``, ``.srt``, ``.stl``), the
  header chooses among them and, if it prefers none, the kind's first in preference order.
* ``Accept``: for each offer the **most specific** matching range decides its quality (a range
  with parameters beats ``type/subtype``, which beats ``type/*``, which beats ``*/*``);
  ``q=0`` excludes. Parameters must match (``text/plain`` never selects the YouTube form; only
  ``text/plain; format=youtube-transcript`` does); a ``charset`` parameter never blocks a match
  and counts as a charset preference. Names are case-insensitive, values may be quoted.
  Malformed elements are ignored; a header with no usable element counts as absent.
* Ties go to the kind's default, then to the kind's preference order (the registry's ranks).
* Nothing acceptable is a 406 (:class:`NotAcceptable`) listing the kind's media types.
* ``Accept-Charset`` concerns txt and youtube only; ``*`` covers every charset not named;
  aliases resolve through Python's codecs; ties go lossless first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .errors import NotAcceptable, UsageError
from .formats import Format, Kind, candidates
from .text import charsets

_TOKEN: Final = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_QVALUE: Final = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")
_ONE: Final = 1000  # qualities are integer thousandths: q has at most three decimals


@dataclass(frozen=True, slots=True)
class MediaRange:
    """One element of an ``Accept`` header (or a bare token of ``Accept-Charset``)."""

    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    q: int
    charset: str | None = None

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*") + (1 if self.params else 0)


@dataclass(frozen=True, slots=True)
class Choice:
    """A negotiated representation: the format, its charset and the full Content-Type."""

    format: Format
    charset: str | None

    @property
    def content_type(self) -> str:
        return content_type(self.format, self.charset)


def _thousandths(qvalue: str) -> int:
    """``"0.5"`` → 500; the caller has checked the RFC 9110 qvalue syntax."""
    whole, _, fraction = qvalue.partition(".")
    return int(whole) * 1000 + int((fraction + "000")[:3])


def _split(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside quoted strings (backslash escapes honoured)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif quoted and ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _param(text: str) -> tuple[str, str] | None:
    """``name=value`` with a token or quoted-string value; None when malformed."""
    name, eq, value = text.partition("=")
    name, value = name.strip().lower(), value.strip()
    if not eq or not _TOKEN.match(name):
        return None
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return name, re.sub(r"\\(.)", r"\1", value[1:-1])
    return (name, value) if _TOKEN.match(value) else None


def _element(text: str, bare: bool) -> MediaRange | None:
    """Parse one list element; ``bare`` for Accept-Charset (a token, no ``type/subtype``)."""
    head, *rest = _split(text, ";")
    head = head.strip().lower()
    if bare:
        if not _TOKEN.match(head):
            return None
        kind, sub = head, ""
    else:
        kind, slash, sub = head.partition("/")
        if not slash or not _TOKEN.match(kind) or not _TOKEN.match(sub):
            return None
        if kind == "*" and sub != "*":
            return None
    params: list[tuple[str, str]] = []
    q, charset = _ONE, None
    for raw in rest:
        if not raw.strip():
            continue
        param = _param(raw)
        if param is None:
            return None
        if param[0] == "q":
            if not _QVALUE.match(param[1]):
                return None
            q = _thousandths(param[1])
            break  # anything after the weight is an accept-ext: ignored
        if param[0] == "charset":
            charset = param[1].lower()
        else:
            params.append(param)
    return MediaRange(kind, sub, tuple(params), q, charset)


def parse(header: str, *, bare: bool = False) -> list[MediaRange]:
    """The usable elements of an ``Accept`` (or, with ``bare``, ``Accept-Charset``) header."""
    found = (_element(part, bare) for part in _split(header, ",") if part.strip())
    return [r for r in found if r is not None]


def _media_type(text: str) -> tuple[str, str, dict[str, str]]:
    head, *rest = _split(text, ";")
    kind, _, sub = head.strip().lower().partition("/")
    params = dict(p for p in map(_param, rest) if p is not None)
    return kind, sub, params


def _best_range(fmt: Format, ranges: list[MediaRange]) -> MediaRange | None:
    """The most specific range matching ``fmt`` (earliest on equal specificity)."""
    kind, sub, params = _media_type(fmt.media_type)
    best: MediaRange | None = None
    for r in ranges:
        if r.type != "*" and r.type != kind:
            continue
        if r.subtype != "*" and r.subtype != sub:
            continue
        if any(params.get(name) != value for name, value in r.params):
            continue
        if best is None or r.specificity > best.specificity:
            best = r
    return best


def quality(fmt: Format, ranges: list[MediaRange]) -> int:
    """How acceptable ``fmt`` is under ``ranges``, in thousandths (0 when no range matches)."""
    best = _best_range(fmt, ranges)
    return 0 if best is None else best.q


def _matches_extension(fmt: Format, name: str) -> int:
    """Length of ``fmt``'s longest file-name ending that ``name`` ends with (0 for none)."""
    return max((len(ext) for ext in fmt.name_suffixes if name.endswith(ext)), default=0)


def _extension_offers(offers: list[Format], extension: str) -> list[Format]:
    name = extension.strip().lower()
    if not name.startswith("."):
        name = "." + name
    lengths = [_matches_extension(f, name) for f in offers]
    longest = max(lengths, default=0)
    return [f for f, n in zip(offers, lengths, strict=True) if longest and n == longest]


def _describe(kind: Kind | None) -> str:
    return f"{kind} format" if kind else "format"


def _refuse(what: str, kind: Kind | None, offers: list[Format]) -> NotAcceptable:
    available = [f.media_type for f in offers]
    return NotAcceptable(f"no acceptable {_describe(kind)} for {what}", available)


def _pick(offers: list[Format], ranges: list[MediaRange]) -> tuple[Format, MediaRange] | None:
    """The best offer and the range that admitted it; ties keep the earlier offer."""
    best: tuple[Format, MediaRange] | None = None
    for fmt in offers:
        r = _best_range(fmt, ranges)
        if r is not None and r.q > 0 and (best is None or r.q > best[1].q):
            best = fmt, r
    return best


def select(kind: Kind | None = None, accept: str | None = None, extension: str | None = None,
           accept_charset: str | None = None) -> Choice:
    """Negotiate format and charset together (see the module notes for the rules).

    >>> transconv.select("transcript", "text/plain", None, "windows-1252").content_type
    'text/plain; charset=windows-1252'
    """
    for header, value in (("accept", accept), ("extension", extension),
                          ("accept_charset", accept_charset)):
        if value is not None and not isinstance(value, str):
            raise UsageError(f"{header} is text, not {type(value).__name__}")
    offers = candidates(kind)
    ranges = parse(accept) if accept else []
    chosen: Format | None = None
    admitted: MediaRange | None = None
    if extension:
        usable = _extension_offers(offers, extension)
        if not usable:
            raise _refuse(f"extension {extension!r}", kind, offers)
        picked = _pick(usable, ranges)
        chosen, admitted = picked if picked is not None else (usable[0], None)
    elif not ranges:
        chosen = offers[0]
    else:
        picked = _pick(offers, ranges)
        if picked is None:
            raise _refuse(f"Accept {accept!r}", kind, offers)
        chosen, admitted = picked
    preferred = admitted.charset if admitted is not None else None
    return Choice(chosen, negotiate_charset(accept_charset, chosen, preferred))


def negotiate(kind: Kind | None = None, accept: str | None = None,
              extension: str | None = None) -> Format:
    """The format for ``kind`` that ``accept`` and ``extension`` select.

    Raises :class:`NotAcceptable` (listing the kind's available media types) when nothing fits.

    >>> transconv.negotiate("caption", "text/vtt;q=0.5, application/ttml+xml").name
    'ttml'
    """
    return select(kind, accept, extension).format


def negotiate_charset(accept_charset: str | None, fmt: Format,
                      preferred: str | None = None) -> str | None:
    """The charset ``fmt`` is sent in: None for binary formats, utf-8 for fixed text formats.

    >>> transconv.negotiate_charset("iso-8859-1, utf-8;q=0.5", transconv.get_format("txt"))
    'iso-8859-1'

    For txt and youtube, ``accept_charset`` decides (``preferred``, a charset parameter of the
    Accept range, is used when that header is absent). Raises :class:`NotAcceptable` listing
    the five charsets when the header admits none of them.
    """
    if fmt.binary:
        return None
    if not fmt.charsets:
        return charsets.DEFAULT
    if not accept_charset or not accept_charset.strip():
        if preferred is not None:
            return charsets.canonical(preferred) or charsets.DEFAULT
        return charsets.DEFAULT
    elements = parse(accept_charset, bare=True)
    if not elements:
        return charsets.DEFAULT
    named: dict[str, int] = {}
    star: int | None = None
    for element in elements:
        if element.type == "*":
            star = element.q if star is None else max(star, element.q)
            continue
        name = charsets.canonical(element.type)
        if name is not None:
            named[name] = max(named.get(name, 0), element.q)
    best, best_q = None, 0
    for name in charsets.CHARSETS:
        q = named.get(name, star if star is not None else 0)
        if q > best_q:
            best, best_q = name, q
    if best is None:
        raise NotAcceptable(f"no acceptable charset for {fmt.name} in Accept-Charset "
                            f"{accept_charset!r}", list(charsets.CHARSETS))
    return best


def content_type(fmt: Format, charset: str | None = None) -> str:
    """The Content-Type header value: text formats always carry their charset.

    >>> transconv.content_type(transconv.get_format("vtt"))
    'text/vtt; charset=utf-8'
    """
    if fmt.binary:
        return fmt.media_type
    return f"{fmt.media_type}; charset={charset or charsets.DEFAULT}"
