"""Output safety: atomic writes, names that stay in their folder, no silent overwrite.

Failures are injected in-process (``cli.main`` with a monkeypatched writer or file-system
call) because a subprocess cannot be made to fail half-way on demand; names and overwrites
are checked through the real command in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import transconv
from tests.conftest import require_tool
from tests.robustness.support import SAMPLES, cli, files_in, one_line
from transconv import cli as cli_module
from transconv.errors import OutputError
from transconv.formats import srt, vtt
from transconv.model import CaptionTrack


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "talk.json"
    path.parent.mkdir()
    path.write_bytes(SAMPLES["revai"].read_bytes())
    return path


def _main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    code = cli_module.main([str(a) for a in args])
    return code, capsys.readouterr().err


def test_writer_failure_mid_batch_leaves_earlier_outputs_and_no_temp_files(
        tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"

    def broken(track: CaptionTrack, options: vtt.Options) -> str:
        srt.render(track, options)  # type: ignore[arg-type]  # produce, then fail
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(vtt, "render", broken)
    code, err = _main(capsys, "convert", source, "-d", out, "-t", "srt,vtt,txt")
    assert code == 1
    assert err.count("\n") == 1 and "talk.json" in err and "disk on fire" in err
    assert files_in(out) == ["talk.srt", "talk.txt"]  # the others are whole; vtt is absent
    assert (out / "talk.srt").read_bytes() == transconv.dumps(transconv.load(source), "srt")


def test_io_failure_during_rename_leaves_no_partial_or_temp_file(
        tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    real_link = os.link

    def failing_link(src: str, dst: str, *args: object, **kwargs: object) -> None:
        if str(dst).endswith(".vtt"):
            raise OSError(28, "No space left on device")
        real_link(src, dst)

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", failing_link)
    monkeypatch.setattr(os, "replace", failing_replace)
    code, err = _main(capsys, "convert", source, "-d", out, "-t", "srt,vtt")
    assert code == 5
    assert err.count("\n") == 1 and "No space left on device" in err and "talk.vtt" in err
    assert files_in(out) == ["talk.srt"]


def test_failure_while_writing_bytes_leaves_nothing(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int) -> None:
            self.handle = real_fdopen(fd, "wb")

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])  # half of it reaches the disk
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(fd))
    t = transconv.load(SAMPLES["rev"])
    with pytest.raises(OutputError, match="No space left on device"):
        transconv.dump(t, tmp_path / "a.srt")
    assert files_in(tmp_path) == []


def test_read_only_folder_is_an_output_error(tmp_path: Path, source: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    # Permissions do not stop root (CI runs as root); the immutable attribute does.
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    chattr = require_tool("chattr") if as_root else None

    def lock(on: bool) -> None:
        if chattr is None:
            locked.chmod(0o500 if on else 0o700)
        else:
            subprocess.run([chattr, "+i" if on else "-i", str(locked)], check=True)

    lock(True)
    try:
        proc = cli("convert", source, "-t", "srt", "-o", locked / "a.srt")
        assert proc.returncode == 5 and "a.srt" in one_line(proc)
        assert files_in(locked) == []
    finally:
        lock(False)


# ------------------------------------------------------------------ names stay put

#: Input file names (as created on disk) and the stem the batch must write under.
NAMES = [
    ("..json", "transcript"),
    ("...json", "transcript"),
    ("CON.json", "_CON"),
    ("nul.json", "_nul"),
    ("LPT1.json", "_LPT1"),
    ("a\\..\\..\\b.json", "a_.._.._b"),
    ("x:y*z?.json", "x_y_z_"),
    (" spaced. .json", "spaced"),
    ("tab\there.json", "tab_here"),
    ("\u202eevil.json", "\u202eevil"),
]


@pytest.mark.parametrize(("name", "stem"), NAMES, ids=[repr(n) for n, _ in NAMES])
def test_batch_names_from_odd_input_names_stay_in_the_folder(tmp_path: Path, name: str,
                                                             stem: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(SAMPLES["revai"].read_bytes())
    out = tmp_path / "out"
    proc = cli("convert", folder / name, "-d", out, "-t", "srt,facebook-srt")
    assert proc.returncode == 0, proc.stderr
    assert files_in(out) == sorted([f"{stem}.srt", f"{stem}.en_US.srt"])
    assert files_in(tmp_path) == sorted([f"in/{name}", f"out/{stem}.srt",
                                         f"out/{stem}.en_US.srt"])


def test_relative_input_path_with_dot_dot_writes_into_the_folder(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "talk.json").write_bytes(SAMPLES["rev"].read_bytes())
    proc = cli("convert", "../../talk.json", "-d", "out", "-t", "vtt", cwd=tmp_path / "deep" / "er")
    assert proc.returncode == 0, proc.stderr
    assert files_in(tmp_path) == ["deep/er/out/talk.vtt", "talk.json"]


@pytest.mark.parametrize("language", ["../../../etc/passwd", "/abs", "en/../../x", "a\x00b"])
def test_names_from_file_content_cannot_escape(tmp_path: Path, language: str) -> None:
    """Facebook's file name takes its locale from the transcript's language tag."""
    doc = SAMPLES["smartdoc"].read_text(encoding="utf-8")
    doc = doc.replace('"metadata": {', f'"language": {json_string(language)}, "metadata": {{', 1)
    assert "language" in doc
    (tmp_path / "t.json").write_text(doc, encoding="utf-8")
    proc = cli("convert", tmp_path / "t.json", "-d", tmp_path / "out", "-t", "facebook-srt")
    assert proc.returncode != 0
    assert "locale" in one_line(proc)
    assert files_in(tmp_path) == ["t.json"]


def json_string(text: str) -> str:
    import json

    return json.dumps(text)


def test_stdin_batch_name(tmp_path: Path) -> None:
    proc = cli("convert", "-", "-d", tmp_path / "out", "-t", "srt",
               stdin=SAMPLES["revai"].read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert files_in(tmp_path) == ["out/stdin.srt"]


# ---------------------------------------------------------------------- overwrite


def test_existing_files_are_kept_without_force(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "talk.srt").write_bytes(b"precious")
    proc = cli("convert", source, "-d", out, "-t", "srt,vtt")
    assert proc.returncode == 5
    line = one_line(proc)
    assert "talk.srt" in line and "--force" in line
    assert (out / "talk.srt").read_bytes() == b"precious"
    assert files_in(out) == ["talk.srt", "talk.vtt"]  # the other format is still written
    proc = cli("convert", source, "-d", out, "-t", "srt,vtt", "--force")
    assert proc.returncode == 0, proc.stderr
    assert (out / "talk.srt").read_bytes().startswith(b"1\r\n") or \
        (out / "talk.srt").read_bytes().startswith(b"1\n")


def test_library_keeps_existing_files_without_force(tmp_path: Path) -> None:
    t = transconv.load(SAMPLES["smartdoc"])
    target = tmp_path / "a.vtt"
    target.write_bytes(b"precious")
    with pytest.raises(OutputError, match="already exists"):
        transconv.dump(t, target)
    with pytest.raises(OutputError, match="already exists"):
        transconv.convert(SAMPLES["smartdoc"], target)
    assert target.read_bytes() == b"precious"
    transconv.dump(t, target, force=True)
    assert target.read_bytes().startswith(b"WEBVTT")
    assert files_in(tmp_path) == ["a.vtt"]


def test_symlinked_target_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "a.srt"
    link.symlink_to(outside)
    t = transconv.load(SAMPLES["revai"])
    with pytest.raises(OutputError, match="already exists"):
        transconv.dump(t, link)
    transconv.dump(t, link, force=True)
    assert not link.is_symlink() and link.read_bytes().startswith(b"1")
    assert outside.read_bytes() == b"keep me"
    dangling = tmp_path / "out" / "b.srt"
    dangling.symlink_to(tmp_path / "nowhere.srt")
    with pytest.raises(OutputError, match="already exists"):
        transconv.dump(t, dangling)
    assert not (tmp_path / "nowhere.srt").exists()
