"""Every output name of a run is planned before anything is written, and all are different.

Before, ``a.json`` and ``a.youtube.json`` with ``-t txt,youtube`` both wrote
``out/a.youtube.txt`` (exit 0, one output silently lost); ``-o ""`` wrote ``./<stem>.en_US.srt``
and ``-d ""`` the current folder; ``-o x.youtube.txt`` wrote plain txt.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.robustness.support import SAMPLES, cli, files_in, one_line
from transconv.formats import by_filename

SOURCE = SAMPLES["rev"]


def _inputs(folder: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOURCE, path)
        paths.append(path)
    return paths


@pytest.mark.parametrize("force", [False, True])
def test_no_two_outputs_of_a_run_share_a_name(tmp_path: Path, force: bool) -> None:
    inputs = _inputs(tmp_path / "in", "a.json", "a.youtube.json", "sub/a.json", "a.en_US.json",
                     "x.json", "x.ebu.json")
    out = tmp_path / "out"
    proc = cli("convert", *inputs, "-t", "txt,youtube,srt,facebook-srt,ebu-stl,spruce-stl",
               "-d", out, *(["--force"] if force else []))
    assert proc.returncode == 0, proc.stderr
    written = files_in(out)
    assert len(written) == 6 * 6  # every input in every format, none overwritten
    for name in written:  # each name still says its format
        fmt = by_filename(name)
        assert fmt is not None, name
    assert "a.youtube.txt" in written and "a.youtube-2.txt" in written


def test_the_names_this_project_gives_map_back_to_their_formats(tmp_path: Path) -> None:
    for name, start in [("x.youtube.txt", b">> "), ("x.rev-txt.txt", b"Interviewer ("),
                        ("x.avid-ds.txt", b"@ Avid DS"), (".srt", b"1\r\n00:00:"),
                        ("x.spruce-stl.stl", b"//fps=")]:
        target = tmp_path / name
        proc = cli("convert", SOURCE, "-o", target)
        assert proc.returncode == 0, proc.stderr
        assert target.read_bytes().startswith(start), name


@pytest.mark.parametrize("flag", ["-o", "-d"])
def test_an_empty_output_path_is_a_usage_error(tmp_path: Path, flag: str) -> None:
    proc = cli("convert", SOURCE, "-t", "facebook-srt", flag, "", cwd=tmp_path)
    assert proc.returncode == 2 and "the path is empty" in one_line(proc)
    assert files_in(tmp_path) == []
