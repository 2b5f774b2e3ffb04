"""The command's listing sub-commands: ``formats``, ``info`` and ``completion``.

Split from :mod:`transconv.cli` (parsing and ``convert``); imported only when one of them runs.
"""

from __future__ import annotations

import argparse
import sys

from .batch import STDIN_NAME, STDIO, failure_line, load_input
from .formats import candidates, get


def formats(args: argparse.Namespace) -> int:
    rows = [("NAME", "MEDIA TYPE", "EXTENSIONS", "KIND")]
    for fmt in candidates(args.kind):
        exts = " ".join(fmt.extensions) or f"({fmt.output_suffix})"
        rows.append((fmt.name, fmt.media_type, exts, fmt.kind_label))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print("  ".join([c.ljust(w) for c, w in zip(row[:3], widths, strict=True)] + [row[3]]))
    if args.options is not None:
        from .options import ALIASES, describe

        chosen = [get(args.options)] if args.options else candidates(args.kind)
        for fmt in chosen:
            rows = describe(fmt.options_type())
            print(f"\n{fmt.name} options:" + ("" if rows else " (none)"))
            for name, kind, default, meaning in rows:
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
    from .cli import read_options_of, read_stdin

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
        names = ", ".join(s.label or key for key, s in t.speakers.items())
        duration = t.duration if t.duration is not None else (t.end if t.is_timed else None)
        if args.json:
            import json

            print(json.dumps({
                "file": STDIN_NAME if source == STDIO else source, "shape": t.source,
                "title": t.title, "language": t.language,
                "speakers": [{"id": key, "label": s.label} for key, s in t.speakers.items()],
                "duration_ms": duration, "turns": len(t.turns), "words": len(t.words())},
                ensure_ascii=False))
            continue
        if i:
            print()
        for key, value in (
            ("file", STDIN_NAME if source == STDIO else source),
            ("shape", t.source),
            ("title", t.title or ""),
            ("language", t.language or "unknown"),
            ("speakers", f"{len(t.speakers)}" + (f" ({names})" if names else "")),
            ("duration", _clock(duration)),
            ("turns", str(len(t.turns))),
            ("words", str(len(t.words()))),
        ):
            print(f"{key + ':':<10}{value}")
    return status
