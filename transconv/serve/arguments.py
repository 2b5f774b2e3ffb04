"""``transconv serve``'s arguments: argparse only.

The command's parser imports this at every start-up (completion scripts and ``--help`` show
``serve`` like any subcommand), so it imports nothing: the server's code, Starlette and
uvicorn load only when ``serve`` runs (:mod:`transconv.serve.command`).
"""

from __future__ import annotations

import argparse
from typing import Any


def add_serve(sub: Any) -> None:
    """Add ``serve`` and its arguments to the command's subparsers."""
    serve = sub.add_parser(
        "serve", help="serve a folder of exports over HTTP (needs transconv[serve])",
        description="Serve ROOT/transcripts, ROOT/captions, ROOT/media and ROOT/burnedin: "
                    "Rev's attachment endpoints, SmartDocumentor's export endpoint, "
                    "POST /api/v1/convert, and a web page with a player at /. "
                    "SIGINT or SIGTERM stops it after the responses in flight (exit 0).")
    serve.add_argument("root", metavar="ROOT", help="the folder holding the four folders")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1, and then, "
                                      "without --token-file, loopback names only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any)")
    serve.add_argument("--token-file", metavar="FILE",
                       help="bearer tokens, one per line: /api and the pages need one")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes (default 1)")
    serve.add_argument("--max-bytes", type=int, metavar="N",
                       help="refuse attachments and uploads over N bytes with 413 "
                            "(default 128 MiB)")
    serve.add_argument("--cache-mb", type=int, default=64, metavar="MB",
                       help="memory for converted bodies kept for reuse (default 64)")
    serve.add_argument("--quiet", action="store_true", help="no access log")


def run_serve(args: argparse.Namespace) -> int:
    """Run ``serve``: the first moment the server's code is imported."""
    from .command import serve

    return serve(args)
