"""Starting and stopping the server: checks, the listening socket, uvicorn.

Everything that can be wrong is found before the server listens and reported in one line
(exit 2): ROOT missing, an unreadable or empty token file, two files giving one id, a port
in use. The socket is bound here, so that ``--port 0`` works and the start line names the
real address. SIGINT and SIGTERM stop the server gracefully: it stops accepting, lets the
responses in flight finish (for up to :data:`GRACE` seconds), and the command exits 0,
since being stopped is how a server is meant to end.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from asyncio import CancelledError
from typing import Any, Final

from ..errors import UsageError
from .attachments import Conflict, Index
from .settings import (
    DEFAULT_MAX_BYTES,
    ENVIRONMENT,
    LOOPBACK,
    LOOPBACK_NAMES,
    Settings,
    read_tokens,
)

#: Seconds the responses in flight get to finish after a stop is asked for.
GRACE: Final = 30
#: Seconds an idle keep-alive connection stays open. Longer than clients keep theirs (httpx
#: and browsers about 5 s, like uvicorn's default): with both at 5 s a client could send on a
#: connection the server was closing that instant and get a reset (2 of 5,000 requests in
#: the load test); the server's side outliving the client's removes that race.
KEEP_ALIVE: Final = 30
APP: Final = "transconv.serve.app:from_environment"


def _listen(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)  # connections wait in the queue until uvicorn accepts them
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _settings(args: argparse.Namespace) -> Settings:
    if not os.path.isdir(args.root):
        raise UsageError(f"{args.root}: not a folder")
    max_bytes = DEFAULT_MAX_BYTES if args.max_bytes is None else args.max_bytes
    if args.workers < 1 or max_bytes < 1 or args.cache_mb < 0:
        raise UsageError("--workers and --max-bytes must be positive, --cache-mb not negative")
    tokens = read_tokens(args.token_file) if args.token_file else ()
    hosts = LOOPBACK_NAMES if not tokens and args.host is None else ()
    return Settings(os.path.realpath(args.root), tokens, max_bytes,
                    args.cache_mb * 1024 * 1024, allowed_hosts=hosts)


def serve(args: argparse.Namespace) -> int:
    """Run ``transconv serve`` until SIGINT or SIGTERM; the exit code."""
    try:
        import uvicorn
    except ImportError:
        raise UsageError("transconv serve needs the serve extra: "
                         "pip install 'transconv[serve]'") from None
    settings = _settings(args)
    index = Index(settings.root)
    try:
        index.check()
    except Conflict as exc:
        raise UsageError(str(exc)) from None
    host = args.host or LOOPBACK
    if args.workers > 1 and args.port == 0:
        raise UsageError("--port 0 works with one worker only: name a port for --workers")
    sock = _listen(host, args.port)
    bound = sock.getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    if not settings.tokens:
        print("transconv serve: no --token-file: " + (
            "anyone who can reach this address reads every attachment" if args.host
            else "answering loopback only"), file=sys.stderr, flush=True)
    os.environ[ENVIRONMENT] = settings.to_environment()
    common: dict[str, Any] = {"factory": True, "lifespan": "off", "access_log": not args.quiet,
                              "server_header": False, "timeout_graceful_shutdown": GRACE,
                              "timeout_keep_alive": KEEP_ALIVE}
    try:  # from the start line on, a signal is a stop, not an interruption
        print(f"transconv serve: {args.root} ({len(index.all())} attachments) at "
              f"http://{shown}:{bound[1]}/", file=sys.stderr, flush=True)
        if args.workers == 1:
            uvicorn.Server(uvicorn.Config(APP, **common)).run(sockets=[sock])
        else:  # uvicorn's own supervisor binds the address again, shared by the workers
            sock.close()
            uvicorn.run(APP, host=host, port=args.port, workers=args.workers, **common)
    except (KeyboardInterrupt, CancelledError):
        # uvicorn stopped gracefully, then passed the signal on; or the signal came while it
        # was still starting, before its handlers were in place, and asyncio cancelled the
        # start (CancelledError is no Exception: it would escape as a traceback)
        pass
    finally:
        sock.close()
    print("transconv serve: stopped", file=sys.stderr, flush=True)
    return 0
