"""JSON inputs: decoding, parsing, envelopes and the choice among the JSON readers.

Everything between the bytes of a JSON export and its reader function: decoding (UTF-8 with
or without BOM, UTF-16/32 with a BOM or told by the NUL bytes of the first character;
anything else that is not UTF-8 is refused, not guessed), parsing (straight into typed
records for Rev, SmartDocumentor, Google Speech-to-Text and AssemblyAI where the document fits their
schema), unwrapping ``{"data": {...}}`` envelopes and double-encoded JSON strings, and
turning every failure into a one-line :class:`InvalidInput` naming the JSON path, so
nothing like ``KeyError`` or ``RecursionError`` reaches a caller.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from msgspec.json import decode as msgspec_decode

from ..errors import InvalidInput
from ..formats import READERS, Reader
from ..model import Transcript
from .asr.assemblyai_schema import decode_fast as decode_assemblyai
from .asr.google_schema import decode_fast as decode_google
from .common import CERTAIN, NOT, ReadOptions, type_name
from .detection import function
from .rev_schema import decode_fast
from .smartdoc_schema import decode_fast as decode_smartdoc
from .textinput import BOMS

__all__ = ["ARRAY", "decode", "detect", "looks_json", "read_json", "unwrap"]

#: The key a top-level JSON array is offered under: ``[...]`` is read as ``{"[]": [...]}``
#: (no real object has that key), so every JSON reader judges an object and one that
#: knows a bare list (faster-whisper's segments) can claim it.
ARRAY = "[]"

#: How many envelopes (``{"data": …}`` or JSON-in-a-string) are peeled before giving up.
_MAX_UNWRAP = 4
#: A JSON reader entry's reader(doc, options, source name, shape forced by the caller or
#: None), and its sniff(doc), how surely the document is of its shape.
_Reader = Callable[[dict[str, Any], ReadOptions, str, "str | None"], Transcript]
_Sniff = Callable[[dict[str, Any]], int]
_JSON_READERS = tuple(r for r in READERS if r.input == "json")


def _nul_pattern(head: bytes) -> str | None:
    """UTF-16/32 without a BOM, told by where the NUL bytes sit among the first four bytes.

    JSON text starts with an ASCII character, so in UTF-16/32 its first code unit holds NUL
    bytes in a fixed pattern (the rule of RFC 4627 §3); UTF-8 JSON can hold no NUL byte at
    all, so this is detection, not guessing.
    """
    if len(head) < 4 or 0 not in head:
        return None
    nul = (head[0] == 0, head[1] == 0, head[2] == 0, head[3] == 0)
    return {(True, True, True, False): "utf-32-be", (False, True, True, True): "utf-32-le",
            (True, False, True, False): "utf-16-be", (False, True, False, True): "utf-16-le",
            }.get(nul)


def decode(raw: bytes) -> str:
    """Text of ``raw``: a BOM (or the NUL pattern of BOM-less UTF-16/32 JSON) picks the
    encoding, otherwise it must be UTF-8."""
    encoding = "utf-8"
    for bom, name in BOMS:
        if raw.startswith(bom):
            raw = raw[len(bom):]
            encoding = name
            break
    else:
        encoding = _nul_pattern(raw[:4]) or encoding
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.start + 1].hex()
        label = "UTF-8" if encoding == "utf-8" else encoding.upper()
        raise InvalidInput(f"not valid {label} (byte 0x{bad} at offset {exc.start}); "
                           "save the file as UTF-8") from None


def _parse_fast(raw: bytes) -> Any:
    """The decoded document, or ``None`` to take the standard path.

    msgspec parses a UTF-8 object straight from the bytes in about 60 % of the time of
    decoding to text and ``json.loads`` (measured on an 18 MB SmartDocumentor export: 0.09 s
    against 0.17 s). Anything it refuses (invalid UTF-8, ``NaN``, a BOM, a huge number, bad
    JSON) goes the standard way, which accepts what the standard library accepts and words
    the errors; so this changes speed only, never which inputs are read or how failures read.
    """
    if not raw.startswith((b"{", b"[")):
        return None
    try:
        return msgspec_decode(raw)
    except Exception:
        return None


def _parse(text: str, where: str = "") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if not text or text.isspace():  # on the error path only; isspace() copies nothing
            raise InvalidInput("empty input; expected a JSON transcript", where=where) from None
        raise InvalidInput(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                           where=where) from None
    except RecursionError:
        raise InvalidInput("JSON nested too deeply to read", where=where) from None
    except ValueError:  # an integer literal longer than Python converts (4300 digits)
        raise InvalidInput("not valid JSON: a number literal is too long", where=where) from None


def unwrap(doc: Any) -> tuple[dict[str, Any], str]:
    """Peel envelopes: JSON text inside a string, and ``{"data": {...}}``; returns (doc, path).

    A top-level array comes back as ``{ARRAY: [...]}`` (see :data:`ARRAY`)."""
    path = ""
    for _ in range(_MAX_UNWRAP):
        if isinstance(doc, str):
            stripped = doc.strip()
            if not stripped.startswith(("{", '"')):
                break
            doc = _parse(stripped, path)
            continue
        if isinstance(doc, dict) and not _looks_known(doc) and "data" in doc \
                and isinstance(doc["data"], (dict, str)):
            doc = doc["data"]
            path = f"{path}data." if path else "data."
            continue
        break
    if isinstance(doc, list):
        return {ARRAY: doc}, path
    if not isinstance(doc, dict):
        raise _not_an_object(doc, path)
    return doc, path


#: An object's first key or its end; an array's first value or its end; a string.
_JSON_START = re.compile(r'\{\s*(?:["}]|$)|\[\s*(?:[\[\]{"\d\-]|true|false|null|$)|"')


def _not_an_object(doc: object, path: str) -> InvalidInput:
    return InvalidInput(f"the top level is {type_name(doc)}; expected a JSON object with "
                        "'monologues' (Rev, Rev.ai) or 'transcript' (SmartDocumentor)",
                        where=path.rstrip("."))


def looks_json(raw: bytes) -> bool:
    """Whether ``raw`` starts like JSON text: ``{``, ``[`` or ``"`` after a BOM and white
    space, in UTF-8 or (told by the BOM or NUL bytes) UTF-16/32, and then what JSON can
    hold next: ``{QTtext}`` (QuickTime text) and ``[INFORMATION]`` (SubViewer) are text."""
    head = raw[:256]
    encoding = "utf-8"
    for bom, name in BOMS:
        if head.startswith(bom):
            head, encoding = head[len(bom):], name
            break
    else:
        encoding = _nul_pattern(head[:4]) or encoding
    text = head.decode(encoding, "replace").lstrip()  # a stray byte is no JSON
    return _JSON_START.match(text) is not None


def _sniffs(doc: dict[str, Any]) -> list[tuple[str, int]]:
    """(shape, how surely ``doc`` is of it) for every shape detection can choose."""
    found = []
    for reader in _JSON_READERS:
        if reader.sniff is not None:
            sniff: _Sniff = function(reader.sniff)
            found.append((reader.name, sniff(doc)))
    return found


def _looks_known(doc: dict[str, Any]) -> bool:
    return any(score == CERTAIN for _, score in _sniffs(doc))


def detect(doc: dict[str, Any]) -> str | None:
    """The shape whose ``sniff`` is surest of ``doc`` (``"rev"`` or ``"smartdoc"``; ties go
    to the earlier registry entry), ``None`` when none fits.

    Rev human and Rev.ai are told apart by the Rev reader from the elements (§4.1).
    """
    best, surest = None, NOT
    for shape, score in _sniffs(doc):
        if score > surest:
            best, surest = shape, score
    return best


def read_json(raw: bytes, name: str, forced: Reader | None, opts: ReadOptions) -> Transcript:
    """The transcript in the JSON export ``raw``; ``forced`` is the reader ``--from`` named."""
    path = ""
    shape = forced.name if forced is not None else None
    try:
        if shape != "smartdoc":
            typed = decode_fast(raw)
            if typed is not None:
                from .rev import read_rev  # imported by the files that need it: start-up

                return read_rev(typed[0], opts, name, shape, typed[1])
        if shape in (None, "google-stt"):
            google = decode_google(raw)
            if google is not None and (shape is not None or detect(google) == "google-stt"):
                from .asr.google_stt import read as read_google

                return read_google(google, opts, name, shape)
        if shape in (None, "assemblyai"):
            assembly = decode_assemblyai(raw)
            if assembly is not None and (shape is not None or detect(assembly) == "assemblyai"):
                from .asr.assemblyai import read as read_assemblyai

                return read_assemblyai(assembly, opts, name, shape)
        # after the speech services' decoders, which refuse other documents at their first
        # key: SmartDocumentor's looks for its key through the whole file first (a document
        # fitting their schemas has no top-level "transcript", so the order changes nothing)
        if shape in (None, "smartdoc"):
            export = decode_smartdoc(raw)
            if export is not None:
                from .smartdoc import read_smartdoc

                return read_smartdoc(export[0], opts, name, shape, export[1])
        parsed = _parse_fast(raw)
        doc, path = unwrap(parsed if parsed is not None else _parse(decode(raw)))
        chosen = forced or next((r for r in _JSON_READERS if r.name == detect(doc)), None)
        keys = ", ".join(sorted(map(str, doc))[:8]) or "none"
        if chosen is None and ARRAY in doc:
            raise _not_an_object(doc[ARRAY], path)
        if chosen is None:
            raise InvalidInput("not a transcript this project reads: no reader knows a JSON "
                               f"object with these keys ({keys})")
        if forced and chosen.required and not any(key in doc for key in chosen.required):
            # A forced shape skips detection, not sanity: reading a Rev file as SmartDocumentor
            # would otherwise "succeed" with an empty transcript.
            if ARRAY in doc:
                raise _not_an_object(doc[ARRAY], path)
            wanted = " or ".join(f"'{key}'" for key in chosen.required if key != ARRAY)
            raise InvalidInput(f"not a {chosen.title} document: no {wanted} key "
                               f"(keys: {keys})")
        read: _Reader = function(chosen.read)
        return read(doc, opts, name, shape)
    except InvalidInput as exc:
        where = f"{path}{exc.where}" if exc.where else path.rstrip(".")
        raise InvalidInput(exc.detail, source=exc.source or name, where=where) from None
    except RecursionError:
        raise InvalidInput("JSON nested too deeply to read", source=name) from None
