"""Help, option listings, info --json, completion scripts and durations with units."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import transconv
from tests.factories import small_transcript
from tests.robustness.support import SAMPLES
from transconv.options import duration_ms


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transconv", *args], capture_output=True,
                          text=True, check=False, timeout=120)


def test_help_is_a_summary_with_examples() -> None:
    out = _run("--help").stdout
    assert out.splitlines()[2].startswith("Convert transcripts and captions")
    assert "examples:" in out and "transconv convert interview.json -o interview.srt" in out
    assert "No format logic lives here" not in out  # not the module docstring
    assert "examples:" in _run("convert", "--help").stdout


def test_formats_lists_each_option_with_type_default_and_meaning() -> None:
    out = _run("formats", "--options", "scc").stdout
    assert "mode (pop-on|roll-up|paint-on, default 'pop-on'): how captions appear" in out
    assert "max_chars (int, default 32): characters per line" in out
    assert "max_duration (int, default 7000): no cue stays longer" in out and "[ms]" in out
    assert "srt options" not in out


def test_info_json() -> None:
    proc = _run("info", str(SAMPLES["rev"]), str(SAMPLES["smartdoc"]), "--json")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [row["shape"] for row in rows] == ["rev", "smartdoc"]
    assert all(row["words"] > 0 and row["duration_ms"] > 0 for row in rows)


def test_bash_completion_is_valid_and_completes_formats(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    assert bash is not None
    script = tmp_path / "transconv.bash"
    script.write_text(_run("completion", "bash").stdout)
    words = subprocess.run(
        [bash, "-c", f'source {script}; COMP_WORDS=(transconv convert -t s); COMP_CWORD=3; '
                     '_transconv; echo "${COMPREPLY[@]}"'],
        capture_output=True, text=True, check=True).stdout.split()
    assert {"srt", "scc", "spruce-stl"} <= set(words) and "vtt" not in words
    for shell in ("zsh", "fish"):
        assert "convert" in _run("completion", shell).stdout


@pytest.mark.parametrize(("text", "ms"), [("7s", 7000), ("700ms", 700), ("1.5s", 1500),
                                          ("00:00:07.000", 7000), ("1:02.5", 62_500),
                                          ("2m", 120_000), ("7000", 7000)])
def test_durations_take_units(text: str, ms: int) -> None:
    assert duration_ms("max_duration", text) == ms


def test_a_duration_option_with_a_unit_gives_the_same_file() -> None:
    t = small_transcript()
    assert (transconv.dumps(t, "srt", max_duration="4s", min_gap="100ms")
            == transconv.dumps(t, "srt", max_duration=4000, min_gap=100))
    with pytest.raises(transconv.UsageError, match="is not a duration"):
        transconv.dumps(t, "srt", max_duration="soon")


def test_options_are_checked_once_before_any_input_is_read(tmp_path: Path) -> None:
    missing = tmp_path / "never-read.json"  # a bad option must fail before inputs matter
    proc = _run("convert", str(SAMPLES["rev"]), str(missing), "-t", "srt,scc", "-d",
                str(tmp_path / "out"), "-O", "mode=roll-upp")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 2 and "'roll-upp' is not one of" in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_unknown_option_suggests_the_nearest_name() -> None:
    proc = _run("convert", str(SAMPLES["rev"]), "-t", "srt", "-o", "-", "-O", "max_char=30")
    assert proc.returncode == 2 and "did you mean max_chars?" in proc.stderr
    with pytest.raises(transconv.UsageError, match=r"did you mean max_chars\?"):
        transconv.dumps(small_transcript(), "scc", max_char=30)


def test_an_option_some_formats_ignore_is_noted(tmp_path: Path) -> None:
    proc = _run("convert", str(SAMPLES["rev"]), "-t", "srt,docx", "-d", str(tmp_path),
                "-O", "max_chars=30")
    assert proc.returncode == 0
    assert "transconv: -O max_chars: ignored by docx (no such option)" in proc.stderr


EDGE = Path(__file__).resolve().parent / "data" / "sources"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warnings_name_the_file_and_the_format(tmp_path: Path, jobs: str) -> None:
    unicode_, unknown = EDGE / "edge-09-unicode.json", EDGE / "edge-05-unknown-type.json"
    proc = _run("convert", str(unicode_), str(unknown), "-t", "srt,cap", "-d", str(tmp_path),
                "-j", jobs)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert f"transconv: {unicode_}: cap: CAP has no form for 7 character(s)" in "\n".join(lines)
    assert (f"transconv: {unknown}: monologues[0].elements: unknown element type 'sound' kept "
            "as text") in lines
    assert all(line.startswith("transconv: ") for line in lines)
    quiet = _run("convert", str(unicode_), "-t", "cap", "-d", str(tmp_path), "--force", "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_every_option_of_every_format_says_what_it_means() -> None:
    from transconv.formats import FORMATS
    from transconv.options import describe

    silent = [(name, option) for name, fmt in FORMATS.items()
              for option, _, _, meaning in describe(fmt.options_type()) if not meaning]
    assert silent == []


def test_seconds_options_take_units_too() -> None:
    t = small_transcript()
    assert (transconv.dumps(t, "txt", timestamps="interval", interval="1m")
            == transconv.dumps(t, "txt", timestamps="interval", interval=60)
            == transconv.dumps(t, "txt", timestamps="interval", interval="60"))
