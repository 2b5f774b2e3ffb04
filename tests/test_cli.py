"""The ``transconv`` command end to end, in subprocesses: stdin/stdout, -o, batches, -j,
every exit code, the 406 path, ``formats`` and ``info``."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import transconv
from tests.processes import read_terminal
from transconv import api, cli
from transconv.formats import FORMATS, READERS, candidates, reader


def rev(*words: str, start: int = 1000, step: int = 500) -> bytes:
    """A Rev transcript JSON with one speaker saying ``words`` (one element each, timed)."""
    elements: list[dict[str, Any]] = []
    t = start
    for i, word in enumerate(words):
        if i:
            elements.append({"type": "punct", "value": " "})
        stamp = f"00:00:{t // 1000:02d},{t % 1000:03d}"
        t += step
        end = f"00:00:{t // 1000:02d},{t % 1000:03d}"
        elements.append({"type": "text", "value": word, "timestamp": stamp, "end_timestamp": end})
    elements.append({"type": "punct", "value": "."})
    doc = {"speakers": [{"id": 1, "name": "A"}],
           "monologues": [{"speaker": 1, "elements": elements}]}
    return json.dumps(doc).encode("utf-8")


HELLO = rev("Hello", "there")


def run(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None,
        stderr: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "transconv", *map(str, args)], input=stdin,
                          stdout=subprocess.PIPE, stderr=stderr, cwd=cwd, check=False,
                          timeout=60)


def one_line_error(proc: subprocess.CompletedProcess[bytes]) -> str:
    """stderr is exactly one line, and no traceback."""
    text = proc.stderr.decode()
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert "Traceback" not in text
    return text


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    for i, name in enumerate(("alpha", "beta", "gamma", "delta")):
        (tmp_path / "in" / f"{name}.json").write_bytes(rev("Hello", name, start=1000 + 100 * i))
    return tmp_path / "in"


def test_stdin_to_stdout(tmp_path: Path) -> None:
    proc = run("convert", "-", "-t", "srt", stdin=HELLO, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    out = proc.stdout.decode()
    assert "00:00:01,000 --> 00:00:02,000" in out
    assert "Hello there." in out
    assert list(tmp_path.iterdir()) == []


def test_default_is_rev_json_and_dash_o_is_stdout(tmp_path: Path) -> None:
    proc = run("convert", "-", "-o", "-", stdin=HELLO, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    words = [e["value"] for m in doc["monologues"] for e in m["elements"] if e["type"] == "text"]
    assert words == ["Hello", "there"]


def test_accept_chooses_the_youtube_form(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(HELLO)
    proc = run("convert", src, "--accept", "text/plain; format=youtube-transcript")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "Hello there." in out and "-->" not in out and "00:00" not in out


@pytest.mark.parametrize(("name", "marker"), [("out.vtt", b"WEBVTT"),
                                              ("out.srt", b"00:00:01,000 --> 00:00:02,000")])
def test_output_extension_chooses_the_format(tmp_path: Path, name: str, marker: bytes) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(HELLO)
    proc = run("convert", src, "-o", tmp_path / name)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"" and proc.stderr == b""
    assert marker in (tmp_path / name).read_bytes()


def test_accept_charset_encodes_plain_text(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(rev("Café", "déjà", "“vu”", "Łódź"))
    proc = run("convert", src, "-o", tmp_path / "out.txt", "--accept-charset", "windows-1252")
    assert proc.returncode == 0, proc.stderr
    data = (tmp_path / "out.txt").read_bytes()
    assert b"Caf\xe9 d\xe9j\xe0 \x93vu\x94 L\xf3dz" in data  # \u0141 folded, \xf3 kept
    data.decode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    # A format with a fixed encoding ignores the header.
    proc = run("convert", src, "-o", tmp_path / "out.vtt", "--accept-charset", "us-ascii")
    assert proc.returncode == 0, proc.stderr
    assert "Café".encode() in (tmp_path / "out.vtt").read_bytes()


def test_batch_writes_one_file_per_input_and_format(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "out"
    proc = run("convert", inputs / "alpha.json", inputs / "beta.json", "-d", out,
               "-t", "srt,vtt,youtube,txt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b"", "no progress bar when stderr is not a terminal"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{stem}{ext}" for stem in ("alpha", "beta")
        for ext in (".srt", ".vtt", ".youtube.txt", ".txt")
    )
    assert b"Hello beta." in (out / "beta.srt").read_bytes()
    assert (out / "alpha.vtt").read_bytes().startswith(b"WEBVTT")


def test_parallel_output_is_identical(tmp_path: Path, inputs: Path) -> None:
    files = sorted(inputs.iterdir())
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        proc = run("convert", *files, "-d", out, "-t", "srt,vtt,rev-json,txt", "-j", jobs)
        assert proc.returncode == 0, proc.stderr
        results.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert len(results[0]) == 4 * 4
    assert results[0] == results[1]


def test_all_writes_every_format_of_the_kind(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(HELLO)
    out = tmp_path / "out"
    proc = run("convert", src, "-d", out, "-t", "all", "--kind", "transcript")
    assert proc.returncode == 0, proc.stderr
    expected = candidates("transcript")
    assert len(list(out.iterdir())) == len(expected)
    assert (out / "a.json").exists() and (out / "a.youtube.txt").exists()


def test_bad_file_fails_alone(tmp_path: Path, inputs: Path) -> None:
    bad = inputs / "bad.json"
    bad.write_bytes(b'{"monologues": [')
    out = tmp_path / "out"
    proc = run("convert", inputs / "alpha.json", bad, inputs / "beta.json", "-d", out,
               "-t", "srt", "-j", "2")
    assert proc.returncode == 3
    assert "bad.json" in one_line_error(proc)
    assert sorted(p.name for p in out.iterdir()) == ["alpha.srt", "beta.srt"]


def test_failure_leaves_no_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"not json at all")
    proc = run("convert", bad, "-o", tmp_path / "out.srt")
    assert proc.returncode == 3
    assert "bad.json" in one_line_error(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


@pytest.mark.parametrize("fmt", ["ebu-stl", "cap"])
def test_a_transcript_past_the_format_last_time_code_exits_6(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(rev(*(f"w{i}" for i in range(40))))
    proc = run("convert", source, "-t", fmt, "-o", tmp_path / "out.bin",
               "-O", "start_timecode=23:59:59:00")
    assert proc.returncode == 6
    assert "is past 23:59:59" in one_line_error(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_an_absurd_mcc_is_refused_in_one_line_before_anything_is_written(
        tmp_path: Path) -> None:
    # 108 bytes with one word at 99:59:50: every frame from 00:00:00:00 would be 496 MB.
    source = tmp_path / "in.json"
    source.write_text('{"monologues":[{"speaker":0,"elements":[{"type":"text","value":'
                      '"Hello","ts":359990.0,"end_ts":359990.5}]}]}')
    proc = run("convert", source, "-t", "mcc", "-o", tmp_path / "out.mcc")
    assert proc.returncode == 6
    message = one_line_error(proc)
    assert "in.json: the MCC file would be 10,788,973 lines, about 496 MB" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]
    proc = run("convert", source, "-t", "mcc", "-o", tmp_path / "out.mcc",
               "-O", "span=captions")
    assert proc.returncode == 0
    assert (tmp_path / "out.mcc").stat().st_size < 10_000


def test_existing_output_needs_force(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(HELLO)
    target = tmp_path / "a.srt"
    target.write_bytes(b"keep me")
    proc = run("convert", src, "-o", target)
    assert proc.returncode == 5
    assert "already exists" in one_line_error(proc)
    assert target.read_bytes() == b"keep me"
    assert run("convert", src, "-o", target, "--force").returncode == 0
    assert b"Hello there." in target.read_bytes()


def test_existing_outputs_fail_before_the_input_is_read(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(b"{not json")  # would fail with exit 3 if it were read
    (tmp_path / "a.srt").write_bytes(b"keep me")
    proc = run("convert", src, "-o", tmp_path / "a.srt")
    assert proc.returncode == 5
    assert "a.srt: already exists" in one_line_error(proc)
    # only the blocked format is skipped: the other one still reads (and refuses) the input
    proc = run("convert", src, "-d", tmp_path, "-t", "srt,vtt")
    assert proc.returncode != 0
    errors = proc.stderr.decode()
    assert "a.srt: already exists" in errors and "a.vtt" not in errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.srt"]


def test_not_acceptable_lists_what_is_available(tmp_path: Path) -> None:
    proc = run("convert", "-", "--kind", "caption", "--accept", "application/msword",
               stdin=HELLO, cwd=tmp_path)
    assert proc.returncode == 4
    line = one_line_error(proc)
    available = [f.media_type for f in candidates("caption")]
    assert line.rstrip().endswith("available: " + ", ".join(available))
    assert proc.stdout == b""


@pytest.mark.parametrize(("args", "code", "needle"), [
    (["convert", "a.json", "-t", "nope"], 2, "unknown format 'nope'"),
    (["convert", "a.json", "b.json", "-o", "x.srt"], 2, "need -d"),
    (["convert", "a.json", "-t", "srt,vtt"], 2, "need -d"),
    (["convert", "a.json", "-j", "0", "-d", "out"], 2, "-j"),
    (["convert", "a.json", "-t", "srt", "-O", "nosuch=1"], 2, "nosuch"),
    (["convert", "a.json", "-t", "srt,vtt", "-d", "out", "-O", "nosuch=1"], 2, "nosuch"),
    (["convert", "a.json", "-t", "srt", "-O", "oops"], 2, "KEY=VALUE"),
    (["convert", "a.json", "--kind", "both"], 2, "--kind"),
    (["convert"], 2, "INPUT"),
    (["frobnicate"], 2, "frobnicate"),
    (["convert", "missing.json", "-t", "srt"], 3, "missing.json"),
    (["convert", "notjson.json", "-t", "srt"], 3, "notjson.json"),
    (["info", "missing.json"], 3, "missing.json"),
    (["convert", "a.json", "-o", "x.unknown"], 4, "available:"),
    (["convert", "a.json", "--accept", "image/png"], 4, "available: application/json"),
    (["convert", "a.json", "-t", "txt", "--accept-charset", "koi8-r"], 4, "us-ascii"),
    (["convert", "a.json", "--kind", "caption", "-t", "txt"], 4, "not a caption format"),
    (["convert", "a.json", "-o", "nodir/x.srt"], 5, "nodir"),
])
def test_exit_codes(tmp_path: Path, args: list[str], code: int, needle: str) -> None:
    (tmp_path / "a.json").write_bytes(HELLO)
    (tmp_path / "b.json").write_bytes(HELLO)
    (tmp_path / "notjson.json").write_bytes(b"\xff\xfe garbage")
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == code
    assert needle in one_line_error(proc)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_unexpected_errors_are_one_line_exit_1(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    def explode(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("boom")

    src = tmp_path / "a.json"
    src.write_bytes(HELLO)
    monkeypatch.setattr(api, "_render", explode)  # what dump and dumps run
    assert cli.main(["convert", str(src), "-o", str(tmp_path / "a.srt")]) == 1
    err = capsys.readouterr().err
    assert err == f"transconv: {src}: internal error: RuntimeError: boom\n"
    assert not (tmp_path / "a.srt").exists()


def test_formats_lists_the_registry() -> None:
    proc = run("formats")
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert lines[0].split() == ["NAME", "MEDIA", "TYPE", "EXTENSIONS", "KIND", "READ"]
    table = lines[1:lines.index("")]
    rows = {line.split()[0]: line for line in table}
    assert set(rows) == set(FORMATS)
    assert list(rows) == [f.name for f in candidates()]
    for name, fmt in FORMATS.items():
        assert fmt.media_type in rows[name]
        assert rows[name].split()[-2] == fmt.kind_label
        assert rows[name].split()[-1] == ("read+write" if reader(name) else "write")
    read_only = lines[lines.index("read only (--from NAME):") + 1:]
    assert [line.split()[0] for line in read_only] == [
        r.name for r in READERS if r.name not in FORMATS and reader(r.name) is r
        and not set(r.aliases) & set(FORMATS)]
    assert "(.youtube.txt)" in rows["youtube"]
    assert ".ebu.stl .stl" in rows["ebu-stl"]
    caption = run("formats", "--kind", "caption").stdout.decode()
    assert "rev-json" not in caption and "scc" in caption


def test_info_summarises(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    data = rev("Hello", "there", "general")
    src.write_bytes(data)
    proc = run("info", src)
    assert proc.returncode == 0, proc.stderr
    fields = dict(line.split(":", 1) for line in proc.stdout.decode().splitlines())
    fields = {k: v.strip() for k, v in fields.items()}
    assert fields["file"] == str(src)
    assert fields["format"] == transconv.loads(data).source  # the reader's verdict
    assert fields["speakers"] == "1 (A)"
    assert fields["duration"] == "00:00:02.500"
    assert fields["turns"] == "1"
    assert fields["words"] == "3"


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    from transconv import __version__

    assert proc.stdout.decode().strip() == f"transconv {__version__}"


def test_progress_bar_only_on_a_terminal(tmp_path: Path, inputs: Path) -> None:
    files = sorted(inputs.iterdir())
    leader, follower = pty.openpty()
    try:
        proc = run("convert", *files, "-d", tmp_path / "out", "-t", "srt", stderr=follower)
        os.close(follower)
        shown_bytes = read_terminal(leader)
    finally:
        os.close(leader)
    assert proc.returncode == 0
    shown = shown_bytes.decode()
    assert f"{len(files)}/{len(files)}" in shown and "[" in shown
    assert len(list((tmp_path / "out").iterdir())) == len(files)


def test_shared_extensions_in_one_batch_keep_apart(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(HELLO)
    out = tmp_path / "out"
    proc = run("convert", src, "-d", out, "-t", "avid-ds,rev-txt,srt,facebook-srt",
               "--kind", "caption")
    assert proc.returncode == 0, proc.stderr
    # rev-txt ranks before avid-ds among captions, so it keeps .txt; Facebook SRT names its
    # file by language (its registry hook), whatever suffix the run would have given it.
    assert sorted(p.name for p in out.iterdir()) == [
        "a.avid-ds.txt", "a.en_US.srt", "a.srt", "a.txt"]
    assert (out / "a.en_US.srt").read_bytes() == (out / "a.srt").read_bytes()


def test_locale_names_the_file_of_a_format_that_names_files_by_language(
        tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(HELLO)
    out = tmp_path / "out"
    proc = run("convert", src, "-d", out, "-t", "facebook-srt", "--locale", "en_GB")
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in out.iterdir()] == ["a.en_GB.srt"]
    # An existing file of the run's default name does not block it: the name is the hook's.
    (out / "a.en_GB.srt").unlink()
    (out / "a.srt").write_bytes(b"keep me")
    proc = run("convert", src, "-d", out, "-t", "facebook-srt", "--locale", "en_GB")
    assert proc.returncode == 0, proc.stderr
    assert (out / "a.srt").read_bytes() == b"keep me"
    proc = run("convert", src, "-d", out, "-t", "facebook-srt", "--locale", "en_GB")
    assert proc.returncode == 5 and "a.en_GB.srt: already exists" in one_line_error(proc)
    # With -o the caller names the file.
    proc = run("convert", src, "-t", "facebook-srt", "-o", tmp_path / "given.srt")
    assert proc.returncode == 0 and (tmp_path / "given.srt").exists()


def test_options_go_to_the_formats_that_have_them(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(rev("Hello", "there", "my", "wonderful", "friend"))
    out = tmp_path / "out"
    proc = run("convert", src, "-d", out, "-t", "srt,rev-json", "-O", "max_chars=12",
               "-O", "srt.max_lines=1")
    assert proc.returncode == 0, proc.stderr
    srt_lines = (out / "a.srt").read_text().splitlines()
    assert max(len(line) for line in srt_lines if "-->" not in line) <= 12


def test_cli_start_up_imports_no_heavy_modules() -> None:
    code = ("import sys, transconv.cli; heavy = ('lxml', 'docx', 'reportlab', 'json', "
            "'concurrent.futures', 'transconv.readers'); "
            "print([m for m in heavy if m in sys.modules])")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env)
    assert proc.stdout.strip() == b"[]"


def test_shape_choices_match_the_readers() -> None:
    from transconv import inputargs
    from transconv.readers import SHAPES

    assert inputargs.SHAPES == SHAPES


def test_inputs_with_the_same_stem_do_not_overwrite_each_other(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "talk.json").write_bytes(rev("Hello", folder))
    out = tmp_path / "out"
    proc = run("convert", tmp_path / "x/talk.json", tmp_path / "y/talk.json", "-d", out,
               "-t", "srt", "--force")
    assert proc.returncode == 0, proc.stderr
    assert b"Hello x." in (out / "talk.srt").read_bytes()  # the first keeps the plain name
    assert b"Hello y." in (out / "talk-2.srt").read_bytes()


def test_reader_flags_reach_the_reader(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(HELLO)
    proc = run("convert", "a.json", "-t", "srt", "--shape", "rev", "--words", "original",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run("convert", "a.json", "-t", "srt", "--shape", "smartdoc", cwd=tmp_path)
    assert proc.returncode == 3
    assert "a.json" in one_line_error(proc)


def test_console_script() -> None:
    script = Path(sys.executable).parent / "transconv"  # dev.py installs the package
    proc = subprocess.run([script, "--version"], capture_output=True, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith(b"transconv ")
