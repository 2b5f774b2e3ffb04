"""The ``transconv`` command's entry point (console script and ``python -m transconv``).

``--version`` is answered here, before the command-line module and the format registry are
imported: a pipeline that probes the tool pays only for the interpreter. A command ends
through :func:`transconv._teardown.exit_now`, without freeing its heap object by object.
"""

from __future__ import annotations

import sys


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"transconv {__version__}")
        return 0
    from . import _teardown
    from .cli import main as run

    _teardown.arm()
    _teardown.exit_now(run())


if __name__ == "__main__":
    sys.exit(main())
