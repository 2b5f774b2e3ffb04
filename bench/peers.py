"""Peer and floor workloads, each run as its own process by bench/run.py.

    python bench/peers.py KIND INPUT OUTPUT

Kinds: ``json-load`` and ``read-bytes`` (floors), ``docx`` and ``pdf`` (bare python-docx /
reportlab writing the same turns as plain paragraphs: the floor for our document writers),
and the peer converters on the equivalent SRT: ``pysubs2-vtt``, ``pysubs2-ttml``,
``webvtt-vtt``, ``pycaption-vtt``, ``pycaption-dfxp``, ``pycaption-scc``; the peer readers
of an SCC file, each writing SRT: ``pycaption-scc-srt``, ``ttconv-scc-srt`` and
``ttconv-scc-srt-chunks`` (the file cut into hours of lines, each read on its own: ttconv's
reader slows down as a file grows, see bench/readers.py).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path


def _turn_paragraphs(source: str) -> list[tuple[str, str]]:
    """(speaker name, text) per monologue of a Rev JSON, joined the simplest way."""
    with open(source, "rb") as handle:
        doc = json.load(handle)
    names = {s["id"]: s["name"] for s in doc["speakers"]}
    out = []
    for mono in doc["monologues"]:
        text = "".join(e["value"] if e["type"] != "tag" else f"[{e['value']}]"
                       for e in mono["elements"])
        out.append((names.get(mono["speaker"], ""), text))
    return out


def bare_docx(source: str, target: str) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Transcript", 0)
    for name, text in _turn_paragraphs(source):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(text)
    document.save(target)


def bare_pdf(source: str, target: str) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = [Paragraph(f"<b>{escape(name)}:</b> {escape(text)}", styles["BodyText"])
             for name, text in _turn_paragraphs(source)]
    SimpleDocTemplate(target).build(story)


def json_load(source: str, target: str) -> None:
    with open(source, "rb") as handle:
        json.load(handle)


def read_bytes(source: str, target: str) -> None:
    Path(source).read_bytes()


def pysubs2_to(fmt: str) -> Callable[[str, str], None]:
    def run(source: str, target: str) -> None:
        import pysubs2

        pysubs2.load(source, encoding="utf-8").save(target, format_=fmt)
    return run


def webvtt_vtt(source: str, target: str) -> None:
    import webvtt

    webvtt.from_srt(source).save(target)


def pycaption_to(writer_name: str) -> Callable[[str, str], None]:
    def run(source: str, target: str) -> None:
        import pycaption

        captions = pycaption.SRTReader().read(Path(source).read_text(encoding="utf-8"))
        Path(target).write_text(getattr(pycaption, writer_name)().write(captions),
                                encoding="utf-8")
    return run


def pycaption_scc_srt(source: str, target: str) -> None:
    import pycaption

    captions = pycaption.SCCReader().read(Path(source).read_text(encoding="ascii"))
    Path(target).write_text(pycaption.SRTWriter().write(captions), encoding="utf-8")


def _ttconv_srt(scc: str) -> str:
    import logging

    from ttconv.scc.reader import to_model
    from ttconv.srt.writer import from_model

    logging.getLogger("ttconv").setLevel(logging.ERROR)
    return str(from_model(to_model(scc)))


def ttconv_scc_srt(source: str, target: str) -> None:
    Path(target).write_text(_ttconv_srt(Path(source).read_text(encoding="ascii")),
                            encoding="utf-8")


def ttconv_scc_srt_chunks(source: str, target: str) -> None:
    """ttconv on each hour of the file's lines (the header repeated), the SRTs joined."""
    header, *lines = Path(source).read_text(encoding="ascii").splitlines()
    hours: dict[str, list[str]] = {}
    for line in lines:
        if line.strip():
            hours.setdefault(line[:2], []).append(line)
    Path(target).write_text("".join(
        _ttconv_srt(header + "\n\n" + "\n\n".join(chunk) + "\n") for chunk in hours.values()),
        encoding="utf-8")


KINDS: dict[str, Callable[[str, str], None]] = {
    "json-load": json_load,
    "read-bytes": read_bytes,
    "docx": bare_docx,
    "pdf": bare_pdf,
    "pysubs2-vtt": pysubs2_to("vtt"),
    "pysubs2-ttml": pysubs2_to("ttml"),
    "webvtt-vtt": webvtt_vtt,
    "pycaption-vtt": pycaption_to("WebVTTWriter"),
    "pycaption-dfxp": pycaption_to("DFXPWriter"),
    "pycaption-scc": pycaption_to("SCCWriter"),
    "pycaption-scc-srt": pycaption_scc_srt,
    "ttconv-scc-srt": ttconv_scc_srt,
    "ttconv-scc-srt-chunks": ttconv_scc_srt_chunks,
}

if __name__ == "__main__":
    try:
        KINDS[sys.argv[1]](sys.argv[2], sys.argv[3])
    except ImportError as exc:  # a peer from the bench extra that is not installed
        print(f"not installed: {exc.name}", file=sys.stderr)
        sys.exit(3)
