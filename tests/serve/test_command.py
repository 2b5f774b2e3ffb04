"""The ``serve`` subcommand on the command line: help, start-up cost, a missing extra."""

from __future__ import annotations

import subprocess
import sys

from tests.serve.support import command_env


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env=command_env(), check=False)


def test_the_command_does_not_import_the_server() -> None:
    proc = _python("import sys\nfrom transconv.cli import build_parser\nbuild_parser()\n"
                   "print(sorted(m for m in sys.modules if m.split('.')[0] in "
                   "('starlette', 'uvicorn', 'anyio', 'httpx') or m.startswith("
                   "'transconv.serve.') and m != 'transconv.serve.arguments'))")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_serve_help_names_every_option() -> None:
    proc = subprocess.run([sys.executable, "-m", "transconv", "serve", "--help"],
                          capture_output=True, text=True, timeout=60, env=command_env(),
                          check=False)
    assert proc.returncode == 0
    for option in ("ROOT", "--host", "--port", "--token-file", "--workers", "--max-bytes",
                   "--cache-mb", "--quiet"):
        assert option in proc.stdout


def test_without_the_extra_it_says_what_to_install(tmp_path: object) -> None:
    proc = _python("import sys\nsys.modules['uvicorn'] = None\nsys.argv = ['transconv', "
                   "'serve', '.']\nfrom transconv.__main__ import main\nmain()")
    assert proc.returncode == 2
    assert proc.stderr == ("transconv: transconv serve needs the serve extra: "
                           "pip install 'transconv[serve]'\n")
