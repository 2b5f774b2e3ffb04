"""The ``transconv`` command's entry point (console script and ``python -m transconv``).

``--version`` is answered here, before the command-line module and the format registry are
imported: a pipeline that probes the tool pays only for the interpreter.
"""

from __future__ import annotations

import sys


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"transconv {__version__}")
        return 0
    from .cli import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
