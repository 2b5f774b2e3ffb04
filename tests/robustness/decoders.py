"""Independent decoders: does each writer's output parse in a tool that is not ours?

``check(name, data, transcript)`` raises ``AssertionError`` (or the decoder's own exception)
when the bytes are not acceptable. Where a third-party reader exists it is used; for the
formats no installable tool reads (Cheetah CAP, QuickTime text, Spruce STL, Avid DS/DVD, Rev
caption text, MCC) the check is the format's grammar as the format notes state it, written
out here independently of the writer.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable

from transconv.model import WORD, Transcript

#: What writers may legitimately drop from text: controls, every kind of space, zero-width
#: space and a BOM inside a string (the readers' clean-up rules, sources.md §7.9), and what
#: XML cannot carry (U+FFFE, U+FFFF, lone surrogates).
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200b\u2028\u2029"
                        r"\u202f\u205f\u3000\ufeff\ufffe\uffff\ud800-\udfff]")


def squash(text: str) -> str:
    """Text compared loosely: everything invisible (see above) removed, then decomposed (NFD).

    Writers clean text differently (one removes a control, another turns it into a space), so
    words are compared on what is visible; order and every visible character still count.
    The normal form is taken after the removal: a control between two combining marks keeps
    them apart, and once a reader removes it canonical order may swap them (found by the long
    profile: acute, BEL, long stroke overlay reads back as stroke, acute). It is NFD, not
    NFC, so that a mark standing alone as a word never composes with the last letter of the
    word before it once the space between them is gone.
    """
    return unicodedata.normalize("NFD", _INVISIBLE.sub("", text))


def expected_words(transcript: Transcript) -> list[str]:
    """The visible form of every word that has something visible, in transcript order."""
    return [word for word in map(squash, transcript.words()) if word]


def assert_words_in_order(body: str, transcript: Transcript,
                          translate: dict[int, str] | None = None) -> None:
    """Every word of ``transcript`` occurs in ``body``, in transcript order.

    ``translate`` maps characters the format must replace (YouTube's ``<`` → ``‹``).
    """
    haystack = squash(body)
    position = 0
    for word in expected_words(transcript):
        word = squash(word.translate(translate)) if translate else word
        found = haystack.find(word, position)
        assert found >= 0, f"word {word[:40]!r} missing (or out of order) in the output"
        position = found + len(word)


def _utf8(data: bytes) -> str:
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


# ----------------------------------------------------------------- third-party decoders


def _srt(data: bytes, transcript: Transcript) -> None:
    import pysrt
    import srt

    text = _utf8(data)
    strict = list(srt.parse(text, ignore_errors=False))
    lenient = pysrt.SubRipFile.from_string(text, error_handling=pysrt.ERROR_RAISE)
    assert len(strict) == len(lenient)
    for cue in strict:
        assert cue.start.total_seconds() >= 0 and cue.end >= cue.start
        assert cue.content.strip(), "empty cue text"
    if expected_words(transcript) and _timed_somewhere(transcript):
        assert strict, "words but no cue"


def _vtt(data: bytes, transcript: Transcript) -> None:
    import webvtt

    text = _utf8(data)
    assert text.startswith("WEBVTT")
    captions = webvtt.from_string(text).captions
    for caption in captions:
        assert caption.start_in_seconds >= 0 and caption.end_in_seconds >= caption.start_in_seconds
    # A NOTE or header that says "-->" would be read as a cue by any WebVTT parser.
    blocks = re.split(r"\r?\n\r?\n", text.strip())
    arrows = sum("-->" in block.split("\n", 1)[0] or
                 ("-->" in block.splitlines()[1] if len(block.splitlines()) > 1
                  and "-->" not in block.splitlines()[0] else False) for block in blocks)
    assert arrows == len(captions), "a block that is not a cue contains -->"


def _ttml(data: bytes, transcript: Transcript) -> None:
    from lxml import etree
    from ttconv.imsc import reader

    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert tree.tag.endswith("}tt")
    import xml.etree.ElementTree as ET

    doc = reader.to_model(ET.ElementTree(ET.fromstring(data)))
    assert doc is not None


def _rev_json(data: bytes, transcript: Transcript) -> None:
    import transconv

    doc = json.loads(data.decode("utf-8"))
    assert isinstance(doc, dict) and isinstance(doc.get("monologues"), list)
    back = transconv.loads(data)

    def turns(t: Transcript) -> list[str]:
        # Per turn, since the reader may re-sort turns whose times the writer could not give
        # (an untimed turn inside a timed transcript gets the previous turn's end).
        return sorted(text for text in ("".join(expected_words(Transcript([turn])))
                                        for turn in t.turns) if text)

    assert turns(back) == turns(transcript)


def _docx(data: bytes, transcript: Transcript) -> None:
    import docx

    assert zipfile.is_zipfile(io.BytesIO(data))
    document = docx.Document(io.BytesIO(data))
    assert_words_in_order("\n".join(p.text for p in document.paragraphs), transcript)


def _pdf(data: bytes, transcript: Transcript) -> None:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) >= 1
    for page in reader.pages[:3]:
        page.extract_text()


def _scc(data: bytes, transcript: Transcript) -> None:
    from pycaption import SCCReader

    text = _utf8(data)
    assert text.startswith("Scenarist_SCC V1.0")
    for line in text.splitlines()[1:]:
        assert not line or re.fullmatch(
            r"\d\d:\d\d:\d\d[:;]\d\d\t[0-9a-f]{4}( [0-9a-f]{4})*", line), line
    if len(text.splitlines()) > 2:
        SCCReader().read(text)


def _ebu_stl(data: bytes, transcript: Transcript) -> None:
    from ttconv.stl import reader

    assert len(data) % 128 == 0 and len(data) >= 1024
    assert data[3:11] in (b"STL25.01", b"STL30.01", b"STL50.01", b"STL24.01", b"STL23.01",
                          b"STL29.01", b"STL60.01")
    reader.to_model(io.BytesIO(data))


def _txt(data: bytes, transcript: Transcript) -> None:
    assert_words_in_order(_utf8(data), transcript)


def _youtube(data: bytes, transcript: Transcript) -> None:
    assert_words_in_order(_utf8(data), transcript, {ord("<"): "\u2039", ord(">"): "\u203a"})


# ------------------------------------------------------------------- our own grammars

_SMPTE = r"\d{2,}:\d\d:\d\d[:;]\d\d"


def _timed_somewhere(transcript: Transcript) -> bool:
    return any(t.start is not None or t.end is not None for t in transcript.tokens()
               if t.kind == WORD) or transcript.is_timed


def _qt(data: bytes, transcript: Transcript) -> None:
    text = _utf8(data)
    lines = text.split("\r\n")
    assert lines[0].startswith("{QTtext}") and "{timeScale:1000}" in lines[0]
    assert lines[-1] == ""
    body = lines[1:-1]
    stamps = [i for i, line in enumerate(body) if re.fullmatch(r"\[\d{2,}:\d\d:\d\d\.\d{3}\]",
                                                                line)]
    assert not body or (stamps and stamps[0] == 0 and stamps[-1] == len(body) - 1)
    times = [body[i] for i in stamps]
    assert times == sorted(times, key=lambda s: (len(s), s)), "stamps run backwards"
    for line in body:
        assert "\r" not in line and "\n" not in line


def _spruce(data: bytes, transcript: Transcript) -> None:
    for line in _utf8(data).split("\r\n")[:-1]:
        assert line.startswith(("//", "$")) or re.fullmatch(
            rf"{_SMPTE}\t,\t{_SMPTE}\t,\t[^\t\r\n]*", line), repr(line)
    assert _utf8(data).endswith("\r\n")


def _avid_ds(data: bytes, transcript: Transcript) -> None:
    text = _utf8(data)
    lines = text.split("\r\n")
    begin = lines.index("<begin subtitles>")
    assert all(line.startswith("@") or not line for line in lines[:begin])
    end = lines.index("<end subtitles>")
    body = lines[begin + 1:end]
    i = 0
    while i < len(body):
        if not body[i]:
            i += 1
            continue
        assert re.fullmatch(rf"{_SMPTE} {_SMPTE}", body[i]), repr(body[i])
        i += 1
        assert body[i], "a title without text"
        while i < len(body) and body[i]:
            assert not re.fullmatch(rf"{_SMPTE} {_SMPTE}", body[i])
            i += 1


def _avid_dvd(data: bytes, transcript: Transcript) -> None:
    lines = _utf8(data).split("\r\n")
    assert lines[-1] == ""
    numbers = []
    for line in lines[:-1]:
        if line.startswith("$") or not line:
            continue
        match = re.fullmatch(rf"(\d+)\t{_SMPTE}\t{_SMPTE}\t([^\t]*)", line)
        assert match, repr(line)
        numbers.append(int(match.group(1)))
    assert numbers == list(range(1, len(numbers) + 1))


def _rev_txt(data: bytes, transcript: Transcript) -> None:
    text = _utf8(data)
    if not text:
        return
    for block in text.split("\r\n\r\n"):
        lines = [line for line in block.split("\r\n") if line]
        assert re.fullmatch(r".*\((\d\d:)?\d\d:\d\d\):", lines[0]), repr(lines[0])
        assert len(lines) >= 2


def _cap(data: bytes, transcript: Transcript) -> None:
    assert data[:2] == b"\xea\x22" and len(data) >= 128
    count = int.from_bytes(data[4:6], "little")
    offset, blocks = 128, 0
    while offset < len(data):
        length = data[offset]
        assert length >= 19 and offset + length <= len(data), "block overruns the file"
        block = data[offset:offset + length]
        assert block[1] in (0x61, 0x62, 0x41, 0x42)
        for hh, mm, ss, ff in (block[2:6], block[6:10]):  # in and out time
            assert hh < 24 and mm < 60 and ss < 60 and ff < 30
        assert tuple(block[2:6]) <= tuple(block[6:10]), "out before in"
        assert block[-1] == 0
        offset += length
        blocks += 1
    assert blocks == count


def _mcc(data: bytes, transcript: Transcript) -> None:
    text = _utf8(data)
    lines = text.splitlines()
    assert lines[0] == "File Format=MacCaption_MCC V1.0"
    assert any(line.startswith("Time Code Rate=") for line in lines)
    for line in lines:
        if re.match(r"\d\d:", line):
            assert re.fullmatch(r"\d\d:\d\d:\d\d[:;]\d\d(\.\d)?\t[0-9A-FG-Z]+", line), line


DECODERS: dict[str, Callable[[bytes, Transcript], None]] = {
    "srt": _srt, "facebook-srt": _srt, "vtt": _vtt, "ttml": _ttml, "dfxp": _ttml,
    "rev-json": _rev_json, "docx": _docx, "pdf": _pdf, "scc": _scc, "ebu-stl": _ebu_stl,
    "txt": _txt, "youtube": _youtube, "qt": _qt, "spruce-stl": _spruce, "avid-ds": _avid_ds,
    "avid-dvd": _avid_dvd, "rev-txt": _rev_txt, "cap": _cap, "mcc": _mcc,
}


def check(name: str, data: bytes, transcript: Transcript) -> None:
    """Assert that ``data``, written as format ``name`` from ``transcript``, decodes."""
    DECODERS[name](data, transcript)
