"""Atomic writes, no clobbering, and output names that cannot escape their folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from transconv import output
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


def test_written_file_gets_the_permissions_of_any_new_file(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.srt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.srt").stat().st_mode) == 0o644


def test_a_stale_temporary_name_is_stepped_over(tmp_path: Path) -> None:
    serial = next(output._SERIAL) + 1
    stale = tmp_path / f".a.srt.{os.getpid()}-{serial}.part"
    stale.write_bytes(b"left by a crash")
    write_atomic(tmp_path / "a.srt", b"new")
    assert (tmp_path / "a.srt").read_bytes() == b"new"
    assert stale.read_bytes() == b"left by a crash"  # someone else's file is never touched


def test_write_atomic_streams_chunks_and_leaves_nothing_when_they_fail(tmp_path: Path) -> None:
    target = tmp_path / "a.mcc"
    write_atomic(target, iter([b"one ", b"two ", b"three"]))
    assert target.read_bytes() == b"one two three"

    def failing() -> Iterator[bytes]:
        yield b"half a file"
        raise RuntimeError("the writer failed midway")

    with pytest.raises(RuntimeError, match="midway"):
        write_atomic(target, failing(), force=True)
    assert target.read_bytes() == b"one two three"  # the old file stands, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mcc"]  # no temporary left
