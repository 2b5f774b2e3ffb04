"""The command's listing sub-commands: ``formats``, ``info`` and ``completion``.

Split from :mod:`transconv.cli` (parsing and ``convert``); imported only when one of them runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .batch import STDIN_NAME, STDIO, failure_line, load_input
from .formats import READERS, candidates, get
from .model import CaptionTrack, Document, Transcript


def formats(args: argparse.Namespace) -> int:
    """The registry: every output format (and whether it is read too), then the inputs that
    are only read."""
    from .formats import reader

    rows = [("NAME", "MEDIA TYPE", "EXTENSIONS", "KIND", "READ")]
    for fmt in candidates(args.kind):
        exts = " ".join(fmt.extensions) or f"({fmt.output_suffix})"
        reads = "read+write" if reader(fmt.name) is not None else "write"
        rows.append((fmt.name, fmt.media_type, exts, fmt.kind_label, reads))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join([c.ljust(w) for c, w in zip(row[:4], widths, strict=True)] + [row[4]]))
    only = [r for r in READERS if r.name not in {row[0] for row in rows}
            and not any(alias in {row[0] for row in rows} for alias in r.aliases)]
    if only and args.kind is None:
        print("\nread only (--from NAME):")
        for entry in only:
            print(f"  {entry.name:<16}{entry.title}")
    if args.options is not None:
        from .options import ALIASES, describe

        chosen = [get(args.options)] if args.options else candidates(args.kind)
        for fmt in chosen:
            described = describe(fmt.options_type())
            print(f"\n{fmt.name} options:" + ("" if described else " (none)"))
            for name, kind, default, meaning in described:
                print(f"  {name} ({kind}, default {default})" + (f": {meaning}" if meaning else ""))
            if fmt.name in ALIASES:
                old = ", ".join(f"{a} = {n}" for a, n in ALIASES[fmt.name].items())
                print(f"  (former names still accepted: {old})")
    return 0


def completion(args: argparse.Namespace) -> int:
    from .cli import build_parser
    from .completion import script

    print(script(build_parser(), args.shell), end="")
    return 0


def _clock(ms: int | None) -> str:
    if ms is None:
        return "unknown"
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


class _Refused(Exception):
    """An input already judged unreadable, carrying its (exit code, message)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def info(args: argparse.Namespace) -> int:
    from .cli import read_stdin
    from .inputargs import read_options_of

    read_options = read_options_of(args)
    stdin, stdin_error = read_stdin(read_options) if STDIO in args.inputs else (None, None)
    status = 0
    for i, source in enumerate(args.inputs):
        try:
            if source == STDIO and stdin_error is not None:
                raise _Refused(*stdin_error)
            t = load_input(source, stdin, read_options)
        except _Refused as refused:
            code, message = refused.code, refused.message
            print(f"transconv: {message}", file=sys.stderr)
            status = status or code
            continue
        except Exception as exc:
            code, message = failure_line(source, exc)
            print(f"transconv: {message}", file=sys.stderr)
            status = status or code
            continue
        print_summary(summary(STDIN_NAME if source == STDIO else source, t), args.json, i)
    return status


def summary(name: str, document: Document) -> dict[str, Any]:
    """What ``info`` tells of one input: its format, encoding, speakers, size and length."""
    track = isinstance(document, CaptionTrack)
    timed = track or (isinstance(document, Transcript) and document.is_timed)
    duration = document.duration if document.duration is not None else (
        document.end if timed else None)
    return {
        "file": name, "format": document.source, "encoding": document.encoding,
        "title": document.title, "language": document.language,
        "speakers": [{"id": key, "label": s.label} for key, s in document.speakers.items()],
        "duration_ms": duration,
        "cues": len(document.cues) if isinstance(document, CaptionTrack) else None,
        "turns": len(document.turns) if isinstance(document, Transcript) else None,
        "words": len(document.words())}


def print_summary(facts: dict[str, Any], as_json: bool, index: int) -> None:
    if as_json:
        import json

        print(json.dumps({**facts, "shape": facts["format"]}, ensure_ascii=False))
        return
    if index:
        print()
    names = ", ".join(s["label"] or s["id"] for s in facts["speakers"])
    rows = [("file", facts["file"]), ("format", facts["format"]),
            ("encoding", facts["encoding"] or ""), ("title", facts["title"] or ""),
            ("language", facts["language"] or "unknown"),
            ("speakers", f"{len(facts['speakers'])}" + (f" ({names})" if names else "")),
            ("duration", _clock(facts["duration_ms"]))]
    rows += [(key, str(facts[key])) for key in ("cues", "turns") if facts[key] is not None]
    rows.append(("words", str(facts["words"])))
    for key, value in rows:
        if key != "encoding" or value:
            print(f"{key + ':':<10}{value}")
