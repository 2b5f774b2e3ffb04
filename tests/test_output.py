"""Atomic writes, no clobbering, and output names that cannot escape their folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from transconv.errors import OutputError
from transconv.output import safe_stem, write_atomic


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/passwd", "_.._etc_passwd"),
        ("/abs/path", "_abs_path"),
        ("a\x00b", "a_b"),
        ("CON", "_CON"),
        ("lpt1.txt", "_lpt1.txt"),
        ("...", "transcript"),
        ("Interview 12: “Café”", "Interview 12_ “Café”"),
    ],
)
def test_safe_stem(name: str, stem: str) -> None:
    assert safe_stem(name) == stem
    assert "/" not in safe_stem(name) and "\\" not in safe_stem(name)


def test_write_atomic_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "a.srt"
    write_atomic(target, b"one")
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, b"two")
    assert target.read_bytes() == b"one"
    write_atomic(target, b"two", force=True)
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.srt"]  # no temp files left


def test_write_atomic_into_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "missing" / "a.srt", b"x")
