"""ARCHITECTURE.md stays true: every module it names exists and imports."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
#: ``transconv/...py`` and ``transconv/.../`` paths as the document writes them.
PATHS = sorted(set(re.findall(r"`(transconv/[a-z0-9_/]*?(?:\.py|/))`", TEXT)))
#: ``formats/ttml/``, ``text/`` … written relative to the package.
RELATIVE = sorted(set(re.findall(r"`((?:formats|text|segment|readers)/[\w/]*)`", TEXT)))


def _module(path: str) -> str:
    name = path.removesuffix(".py").removesuffix("/").removesuffix("/__init__")
    return name.replace("/", ".")


def test_the_document_names_modules() -> None:
    assert len(PATHS) > 30


@pytest.mark.parametrize("path", PATHS + [f"transconv/{p}" for p in RELATIVE])
def test_every_named_module_imports(path: str) -> None:
    assert (ROOT / path).exists(), f"{path} is named in ARCHITECTURE.md but does not exist"
    importlib.import_module(_module(path))


def test_every_subpackage_is_described() -> None:
    packages = {p.parent.relative_to(ROOT).as_posix() + "/"
                for p in (ROOT / "transconv").rglob("__init__.py")} - {"transconv/"}
    missing = [p for p in sorted(packages) if p not in TEXT and p.removeprefix("transconv/")
               not in TEXT]
    assert missing == []
