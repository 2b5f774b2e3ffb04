"""Outputs that are not regular files: devices, FIFOs, /dev/stdout, /dev/fd/N; permissions.

Each of these was broken before (issue: hardening): ``--force`` renamed a regular file over a
device, a FIFO or the target of ``/dev/stdout``; an overwrite lost a 0600 file's mode; names
near 255 bytes failed because the temporary name was longer. Special files are made in a
temporary folder (a character device needs root, which CI is).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.robustness.support import SAMPLES, cli
from transconv.output import safe_stem, write_atomic

SOURCE = SAMPLES["rev"]


def _null_device(folder: Path) -> Path:
    """A character device node like /dev/null (major 1, minor 3), made inside ``folder``."""
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root, which making a device node needs")
        pytest.skip("making a device node needs root")
    node = folder / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


@pytest.mark.parametrize("force", [False, True])
def test_a_device_is_written_in_place_never_replaced(tmp_path: Path, force: bool) -> None:
    node = _null_device(tmp_path)
    args = ["convert", SOURCE, "-t", "srt", "-o", node] + (["--force"] if force else [])
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(node.stat().st_mode)  # still the device
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temporary left


def test_a_symlink_to_a_device_is_written_through(tmp_path: Path) -> None:
    node = _null_device(tmp_path)
    link = tmp_path / "out.srt"
    link.symlink_to(node)
    assert cli("convert", SOURCE, "-t", "srt", "-o", link, "--force").returncode == 0
    assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)


def test_a_fifo_receives_the_whole_output(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.srt"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    proc = cli("convert", SOURCE, "-t", "mcc", "-o", fifo)
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert received and received[0].startswith(b"File Format=MacCaption_MCC")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.srt"]


def test_dev_stdout_and_dev_fd_are_written_in_place(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "transconv", "convert", str(SOURCE), "-t",
                          "srt", "-o", "/dev/stdout"], capture_output=True, check=False,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(b"1\r\n00:00:")
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "transconv", "convert", str(SOURCE),
                                 "-t", "vtt", "-o", f"/dev/fd/{write_end}"],
                                pass_fds=(write_end,), stderr=subprocess.PIPE)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        assert proc.wait(timeout=120) == 0
    finally:
        if proc.stderr:
            proc.stderr.close()
    assert data.startswith(b"WEBVTT")


def test_overwriting_keeps_the_permissions(tmp_path: Path) -> None:
    target = tmp_path / "private.srt"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_folder_is_never_an_output(tmp_path: Path) -> None:
    proc = cli("convert", SOURCE, "-t", "srt", "-o", tmp_path, "--force")
    assert proc.returncode == 5 and b"is a folder" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_names_up_to_the_file_system_limit(tmp_path: Path) -> None:
    name = "é" * 120 + ".srt"  # 244 bytes: the temporary name used to pass 255
    write_atomic(tmp_path / name, b"x")
    assert (tmp_path / name).read_bytes() == b"x"
    assert [p.name for p in tmp_path.iterdir()] == [name]
    stem = safe_stem("ü" * 300)
    assert len(stem.encode()) <= 200 and stem == "ü" * 100


@pytest.mark.parametrize("name", ["COM¹", "lpt³.txt", "CONIN$", "conout$.srt", "COM0"])
def test_every_windows_device_name_is_prefixed(name: str) -> None:
    assert safe_stem(name) == "_" + name
