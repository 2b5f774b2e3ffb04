"""The XML side of TTML: namespaces, a parser that cannot be turned against the reader, sniffing.

**Bytes in, not text.** An XML document names its own encoding (a BOM, else the ``encoding``
of its declaration, else UTF-8), so the reader takes the file's bytes and lets lxml decode
them as the document says: a Latin-1 DFXP that declares ``ISO-8859-1`` reads right with no
guess, where decoding first would run a detector, warn, maybe guess wrong, and then leave a
declaration lxml refuses on a ``str``. Only when the document says nothing and is not UTF-8
(or is UTF-16 without a BOM, which libxml2 does not detect) does the project's text decoding
(:func:`transconv.readers.textinput.decode_text`, a guess that warns) take over; and
``--encoding`` overrides everything, as for every text format.

**Safe parsing.** TTML never needs a DTD, so none is loaded, no entity is expanded (an
external one would read a local file or the network; nested internal ones are the
"billion laughs"), the network is off and libxml2's size limits stay on (``huge_tree``
off). libxml2 refuses an entity bomb outright; an entity it does not expand is left out of
the text with a warning.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from ....errors import InvalidInput
from ..cues import at_line

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["META_NS", "PARAM_NS", "STYLE_NS", "TT_NS", "XML_NS", "line_of", "local", "parse",
           "sniff"]

XML_NS = "http://www.w3.org/XML/1998/namespace"
#: The content namespaces of the family: TTML 1/2 (and IMSC, SMPTE-TT, EBU-TT-D, which all
#: use it), and the 2006/10 and 2006/04 DFXP drafts.
TT_NS = frozenset({"http://www.w3.org/ns/ttml", "http://www.w3.org/2006/10/ttaf1",
                   "http://www.w3.org/2006/04/ttaf1"})
PARAM_NS = frozenset(ns + "#parameter" for ns in TT_NS)
#: Drafts used both ``#styling`` and ``#style``; files in the wild carry either.
STYLE_NS = frozenset(ns + suffix for ns in TT_NS for suffix in ("#styling", "#style"))
META_NS = frozenset(ns + "#metadata" for ns in TT_NS)

#: The root start tag and its attributes, after any declaration, comments and DOCTYPE.
_ROOT = re.compile(r"<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)")
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.S)
_XMLNS = re.compile(r"""xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']""")
_POSITION = re.compile(r",? line \d+, column \d+\s*$")
#: libxml2's codes for bytes its encoding cannot decode (XML_ERR_INVALID_CHAR, _ENCODING).
_DECODING_ERRORS = frozenset({9, 81})
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding", re.S)


def _head_text(head: bytes) -> str:
    """The start of the input as text, well enough to find the root element: BOMs and
    UTF-16/32 (with or without a BOM) told by their zero bytes, anything else as UTF-8."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(codec, "replace")
    probe = head[:4]
    if len(probe) == 4 and probe[1:4] == b"\0\0\0":
        return head.decode("utf-32-le", "replace")
    if len(probe) == 4 and probe[0:3] == b"\0\0\0":
        return head.decode("utf-32-be", "replace")
    if len(probe) >= 2 and probe[1] == 0 and probe[0] != 0:
        return head.decode("utf-16-le", "replace")
    if len(probe) >= 2 and probe[0] == 0 and probe[1] != 0:
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace")


def sniff(head: bytes) -> int:
    """Certain when the root element is ``tt`` in a TTML-family namespace; likely when it is
    a ``tt`` in no namespace at all (a sloppy writer's); otherwise not TTML."""
    text = _head_text(head)
    position = 0
    while (prolog := _PROLOG.match(text, position)) is not None and prolog.end() > position:
        position = prolog.end()
    root = _ROOT.match(text[position:].lstrip())
    if root is None or root.group(2) != "tt":
        return 0
    prefix = root.group(1)
    declared = {name: uri for name, uri in _XMLNS.findall(root.group(3))}
    namespace = declared.get(prefix or "")
    if namespace in TT_NS:
        return 2
    return 1 if prefix is None and namespace is None else 0


def _parser(encoding: str | None) -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True, collect_ids=False, encoding=encoding)


def _syntax_error(exc: Exception) -> InvalidInput:
    """lxml's complaint as one line naming the line it reports."""
    said = str(getattr(exc, "msg", None) or exc)
    message = _POSITION.sub("", said.splitlines()[0] if said else "").strip()
    message = message or type(exc).__name__
    line = getattr(exc, "lineno", None) or 1
    return at_line(line, f"not well-formed XML: {message}")


def parse(raw: bytes, encoding: str | None, source: str) -> tuple[etree._Element, str]:
    """The document's root element and the encoding it was read in.

    ``encoding`` (``--encoding``) forces the decoding; otherwise the document's own word
    decides, and a document that says nothing and is not UTF-8 is decoded by the project's
    text decoding (BOM-less UTF-16, else a warned guess).
    """
    from lxml import etree

    from ...textinput import decode_text

    if encoding is not None:
        text, codec = decode_text(raw, source, encoding)
        return _parse_text(text), codec
    try:
        root = etree.fromstring(raw, _parser(None))
    except etree.XMLSyntaxError as exc:
        if getattr(exc, "code", None) not in _DECODING_ERRORS or _DECLARED.match(raw[:512]):
            raise _syntax_error(exc) from None
        text, codec = decode_text(raw, source)
        return _parse_text(text), codec
    except (etree.LxmlError, ValueError) as exc:
        raise _syntax_error(exc) from None
    declared = root.getroottree().docinfo.encoding or "utf-8"
    try:
        return root, codecs.lookup(declared).name
    except LookupError:
        return root, declared.lower()


def _parse_text(text: str) -> etree._Element:
    """Decoded text, parsed as UTF-8 whatever its declaration says (it was decoded already)."""
    from lxml import etree

    try:
        return etree.fromstring(text.encode("utf-8", "surrogatepass"), _parser("utf-8"))
    except (etree.LxmlError, ValueError) as exc:
        raise _syntax_error(exc) from None


def line_of(element: etree._Element) -> int:
    """The line ``element`` starts on (1 when lxml does not know)."""
    line = element.sourceline
    return line if isinstance(line, int) and line > 0 else 1


def local(tag: object) -> tuple[str, str]:
    """(namespace, local name) of an element's tag; ("", "") for comments and entities."""
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag
