"""The ``transconv`` command's entry point (console script and ``python -m transconv``).

``--version`` is answered here, before the command-line module and the format registry are
imported: a pipeline that probes the tool pays only for the interpreter. Before anything
else the closed standard streams are made safe (:mod:`transconv._streams`) and SIGINT,
SIGTERM and SIGHUP made to stop the run cleanly (:mod:`transconv._signals`); a command ends
through :func:`transconv._teardown.exit_now`, without freeing its heap object by object.
"""

from __future__ import annotations

import sys
from typing import NoReturn


def main() -> NoReturn:
    from . import _signals, _streams, _teardown

    _streams.guard()
    _signals.install()
    _teardown.arm()
    try:
        if sys.argv[1:] == ["--version"]:
            from . import __version__

            try:
                print(f"transconv {__version__}")
            except OSError as exc:
                code = _streams.failed_stdout(exc)
            else:
                code = 0
        else:
            from .cli import main as run

            code = run()
    except SystemExit as exc:  # argparse: --help, --version with more arguments, usage
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    except OSError as exc:  # argparse's help or version could not be written
        code = _streams.failed_stdout(exc)
    except _signals.Stopped as stop:  # before the command's own handling began
        print("transconv: interrupted", file=sys.stderr)
        code = stop.exit_code
    except KeyboardInterrupt:
        print("transconv: interrupted", file=sys.stderr)
        code = 130
    _signals.hold()
    _teardown.exit_now(code)


if __name__ == "__main__":
    main()
