"""The manifest and ``--resume`` with the local engine, and ``convert_many`` in this
process: one JSON line per input and format as results arrive, a bad input reported while
the others are written, only what is missing converted on resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import transconv
from transconv.batch import convert_many
from transconv.errors import UsageError

from .conftest import command, write_all


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def expected(data: bytes, fmt: str, **options: Any) -> bytes:
    return transconv.dumps(transconv.loads(data), fmt, **options)


def test_the_command_writes_a_manifest(tmp_path: Path, sources: dict[str, bytes]) -> None:
    inputs = write_all(tmp_path / "in", {"a.json": sources["talk-0.json"],
                                         "bad.json": b'{"monologues": [{"elements": 3}]}',
                                         "film.srt": sources["film.srt"]})
    manifest = tmp_path / "run.jsonl"
    proc = command("convert", *inputs, "-t", "srt,vtt", "-d", tmp_path / "out",
                   "--manifest", manifest, "-j", "2")
    assert proc.returncode == 3
    rows = lines(manifest)
    assert all(list(row) == ["input", "format", "output", "bytes", "seconds", "status",
                             "error"] for row in rows)
    by = {(Path(row["input"]).name, row["format"]): row for row in rows}
    assert len(rows) == len(by) == 6
    for name in ("a.json", "film.srt"):
        for fmt, ext in (("srt", ".srt"), ("vtt", ".vtt")):
            row = by[name, fmt]
            output = tmp_path / "out" / (Path(name).stem + ext)
            assert (row["status"], row["output"], row["error"]) == ("written", str(output), None)
            assert row["bytes"] == output.stat().st_size > 0
            assert output.read_bytes() == expected(sources[
                "talk-0.json" if name == "a.json" else "film.srt"], fmt)
            assert 0 <= row["seconds"] < 30
    for fmt in ("srt", "vtt"):
        row = by["bad.json", fmt]
        assert row["status"] == "failed"
        assert row["error"].startswith(f"{inputs[1]}: monologues[0].elements")
        assert not Path(row["output"]).exists()
    assert proc.stderr.count("transconv: ") == 1  # the error once, not once per format


def test_resume_converts_only_what_is_missing(tmp_path: Path,
                                              sources: dict[str, bytes]) -> None:
    inputs = write_all(tmp_path / "in", {f"t{n}.json": sources[f"talk-{n}.json"]
                                         for n in range(4)})
    out = tmp_path / "out"
    manifest = tmp_path / "run.jsonl"
    first = command("convert", *inputs[:2], "-t", "srt,vtt,facebook-srt", "-d", out,
                    "--manifest", manifest)
    assert first.returncode == 0, first.stderr
    (out / "t1.vtt").unlink()  # an input half done when the run stopped
    (out / "t0.srt").write_bytes(b"WRITTEN BEFORE")  # proves t0.srt is not written again
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write('{"input": "cut sho')  # the stopped run's last line, cut short
    again = command("convert", *inputs, "-t", "srt,vtt,facebook-srt", "-d", out,
                    "--manifest", manifest, "--resume")
    assert again.returncode == 0, again.stderr
    assert (out / "t0.srt").read_bytes() == b"WRITTEN BEFORE"
    rows = [json.loads(line) for line in manifest.read_text().splitlines()[7:]]
    status = {(Path(r["input"]).stem, r["format"]): r["status"] for r in rows}
    assert status == {
        **{("t0", fmt): "skipped" for fmt in ("srt", "vtt", "facebook-srt")},
        ("t1", "srt"): "skipped", ("t1", "facebook-srt"): "skipped", ("t1", "vtt"): "written",
        **{(f"t{n}", fmt): "written" for n in (2, 3) for fmt in ("srt", "vtt", "facebook-srt")}}
    assert next(r for r in rows if r["input"] == inputs[0] and r["format"] == "srt")[
        "bytes"] == len(b"WRITTEN BEFORE")
    for n in (1, 2, 3):
        assert (out / f"t{n}.vtt").read_bytes() == expected(sources[f"talk-{n}.json"], "vtt")
        assert (out / f"t{n}.en_US.srt").exists()  # facebook-srt names its file by language


def test_without_resume_existing_outputs_fail_alone(tmp_path: Path,
                                                     sources: dict[str, bytes]) -> None:
    inputs = write_all(tmp_path / "in", {"a.json": sources["talk-0.json"],
                                         "b.json": sources["talk-1.json"]})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.srt").write_bytes(b"KEEP")
    rows = convert_many(inputs, ["srt", "vtt"], tmp_path / "out",
                        manifest=tmp_path / "m.jsonl")
    status = {(Path(r["input"]).name, r["format"]): (r["status"], r["error"]) for r in rows}
    assert status[("a.json", "srt")] == (
        "failed", f"{inputs[0]}: {tmp_path / 'out' / 'a.srt'}: already exists "
                  "(use --force to overwrite)")
    assert {v[0] for k, v in status.items() if k != ("a.json", "srt")} == {"written"}
    assert (tmp_path / "out" / "a.srt").read_bytes() == b"KEEP"
    assert lines(tmp_path / "m.jsonl") == rows


def test_convert_many_options_and_callback(tmp_path: Path, sources: dict[str, bytes]) -> None:
    inputs = write_all(tmp_path / "in", {"a.json": sources["talk-0.json"],
                                         "b.json": sources["talk-1.json"]})
    seen: list[dict[str, Any]] = []
    rows = convert_many(inputs, "srt", tmp_path / "out", workers=2, on_record=seen.append,
                        read={"shift": "2s"}, options={"srt": {"max_chars": 20}})
    assert seen == rows and len(rows) == 2
    for name, key in (("a", "talk-0.json"), ("b", "talk-1.json")):
        shifted = transconv.loads(sources[key], shift="2s")
        assert (tmp_path / "out" / f"{name}.srt").read_bytes() == transconv.dumps(
            shifted, "srt", max_chars=20)
    with pytest.raises(UsageError, match="options for vtt"):
        convert_many(inputs, "srt", tmp_path / "o2", options={"vtt": {"max_chars": 20}})
    with pytest.raises(UsageError, match="stdin"):
        convert_many(["-"], "srt", tmp_path / "o3")


def test_resume_and_dask_need_an_output_folder(tmp_path: Path) -> None:
    for flags in (["--resume"], ["--engine", "dask"], ["--scheduler", "tcp://127.0.0.1:9"]):
        proc = command("convert", "a.json", "-t", "srt", "-o", tmp_path / "a.srt", *flags)
        assert proc.returncode == 2
        assert "needs -d OUTDIR" in proc.stderr
    proc = command("convert", "-", "-t", "srt", "-d", tmp_path, "--engine", "dask")
    assert proc.returncode == 2 and "cannot read stdin" in proc.stderr
