"""Option names and the shared option groups: one name per concept, the former names still
accepted (library, ``-O`` and scoped ``-O``), and each frame-based format's timing rules
checked when its options are built."""

from __future__ import annotations

import dataclasses
import logging
import re
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import transconv
from tests.factories import small_transcript
from transconv import UsageError, cli, dumps
from transconv.formats import FORMATS, get
from transconv.formats.cea608 import Line21
from transconv.formats.timing import FrameTiming
from transconv.options import ALIASES, accepted_names, make_options, option_names

#: Deterministic output for the formats that would stamp today's date or a fresh UUID.
_FIXED: dict[str, dict[str, Any]] = {"mcc": {"deterministic": True},
                                     "ebu-stl": {"creation_date": "2024-01-01"}}

#: A value other than the default for every former name, per format.
_OLD_VALUES: dict[str, dict[str, Any]] = {
    "scc": {"start": "01:00:00;00", "drop_frame": False, "replacement": "#", "align": "left"},
    "mcc": {"start": "01:00:00:00", "replacement": "#", "align": "left"},
    "cap": {"justification": "left", "vertical": "top"},
    "ebu-stl": {"justification": "left"},
    "qt": {"size": 24, "justify": "left"},
}

#: The frame-based writers and the option group that carries their timing.
FRAME_FORMATS = ("spruce-stl", "avid-ds", "avid-dvd", "cap", "ebu-stl", "scc", "mcc")


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    logging.disable(logging.WARNING)  # replaced characters and late captions are logged
    yield
    logging.disable(logging.NOTSET)


def _dumps(fmt: str, **options: Any) -> bytes:
    return dumps(small_transcript(), fmt, **_FIXED.get(fmt, {}), **options)


def test_every_former_name_is_tested() -> None:
    assert {fmt: set(names) for fmt, names in ALIASES.items()} == {
        fmt: set(values) for fmt, values in _OLD_VALUES.items()}


@pytest.mark.parametrize(("fmt", "old"), [(f, o) for f, names in ALIASES.items() for o in names])
def test_a_former_name_writes_what_the_new_name_writes(fmt: str, old: str) -> None:
    value = _OLD_VALUES[fmt][old]
    new = ALIASES[fmt][old]
    new_value = {True: "smpte-df", False: "smpte-ndf"}[value] if old == "drop_frame" else value
    written = _dumps(fmt, **{old: value})
    assert written == _dumps(fmt, **{new: new_value})
    assert written != _dumps(fmt), "the test value must differ from the default"
    text = value if isinstance(value, str) else str(value).lower()
    assert _dumps(fmt, **{old: text}) == written  # as -O gives it: text


def test_a_former_name_and_its_new_name_together_are_refused() -> None:
    with pytest.raises(UsageError, match="start and start_timecode are the same option"):
        _dumps("scc", start="01:00:00;00", start_timecode="01:00:00;00")


@pytest.mark.parametrize(("fmt", "name"), [
    ("scc", "bogus"), ("spruce-stl", "start"), ("avid-dvd", "justification"),
    ("ebu-stl", "vertical"), ("spruce-stl", "size"), ("srt", "start_timecode"),
    ("mcc", "drop_frame")])
def test_unknown_names_fail_with_the_usage_error(fmt: str, name: str) -> None:
    """A former name is accepted only by the formats that had it."""
    with pytest.raises(UsageError, match=f"{fmt} has no option {name}; options: "):
        _dumps(fmt, **{name: "1"})


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_flat_names_are_unique_and_aliases_point_at_them(fmt: str) -> None:
    cls = get(fmt).options_type()
    names = option_names(cls)
    assert len(names) == len(set(names)), names
    top = {f.name for f in dataclasses.fields(cls)}
    for old, new in ALIASES.get(fmt, {}).items():
        assert new in names and old not in names and old not in top, (old, new)
    assert set(ALIASES.get(fmt, ())) <= accepted_names(cls, fmt)


@pytest.mark.parametrize("fmt", FRAME_FORMATS)
def test_every_frame_format_shares_one_timing_group(fmt: str) -> None:
    cls = get(fmt).options_type()
    assert typing.get_type_hints(cls)["timing"] is FrameTiming
    fields = {f.name for f in dataclasses.fields(cls)}
    for name in ("fps", "timecode", "start_timecode", "min_gap_frames"):
        assert name in option_names(cls) and name not in fields


def test_scc_and_mcc_share_one_608_group() -> None:
    for fmt in ("scc", "mcc"):
        options = make_options(get(fmt).options_type(), {"mode": "roll-up", "fallback": "#"}, fmt)
        assert options.line21 == Line21(mode="roll-up", fallback="#")
        assert options.settings().line21 is options.line21


# ------------------------------------------------------------------- the command line


def _convert(tmp_path: Path, fmt: str, *options: str) -> bytes:
    source = tmp_path / "in.json"
    if not source.exists():
        source.write_bytes(transconv.dumps(small_transcript(), "rev-json"))
    target = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.{fmt}"
    args = ["convert", str(source), "-t", fmt, "-o", str(target)]
    for option in options:
        args += ["-O", option]
    assert cli.main(args) == 0
    return target.read_bytes()


def test_former_names_on_the_command_line(tmp_path: Path) -> None:
    new = _convert(tmp_path, "scc", "start_timecode=01:00:00;00", "timecode=smpte-ndf")
    assert new == _convert(tmp_path, "scc", "start=01:00:00;00", "drop_frame=no")
    assert new == _convert(tmp_path, "scc", "scc.start=01:00:00;00", "scc.drop-frame=false")
    qt = _convert(tmp_path, "qt", "font_size=24")
    assert qt == _convert(tmp_path, "qt", "size=24") == _convert(tmp_path, "qt", "qt.size=24")


def test_former_names_reach_only_the_formats_that_had_them(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(transconv.dumps(small_transcript(), "rev-json"))
    out = tmp_path / "out"
    assert cli.main(["convert", str(source), "-t", "scc,spruce-stl", "-d", str(out),
                     "-O", "start=01:00:00;00"]) == 0
    assert b"TapeOffset\t= FALSE" in (out / "in.stl").read_bytes()  # spruce never had start
    assert b"\n00:59:" in (out / "in.scc").read_bytes()  # the pre-roll before 01:00:00;00
    assert cli.main(["convert", str(source), "-t", "srt,spruce-stl", "-d", str(out),
                     "-O", "start=01:00:00:00"]) == 2  # no format of this run has it


def test_formats_lists_the_new_names_and_the_former_ones() -> None:
    proc = subprocess.run([sys.executable, "-m", "transconv", "formats", "--options"],
                          stdout=subprocess.PIPE, check=True, timeout=60)
    blocks = proc.stdout.decode().split("\n\n")[1:]
    listed = {block.split(" options:")[0]: block.splitlines() for block in blocks}
    names = {fmt: [line.split(" (")[0].strip() for line in lines[1:]
                   if not line.strip().startswith("(former")] for fmt, lines in listed.items()}
    assert "start_timecode" in names["scc"] and "start" not in names["scc"]
    former = listed["scc"][-1]
    assert "start = start_timecode" in former and "drop_frame = timecode" in former
    assert "font_size" in names["qt"] and "size = font_size" in listed["qt"][-1]
    assert not any("former names" in line for line in listed["spruce-stl"])


# -------------------------------------------------------------- timing, checked early

#: (format, options, message) for timing each format cannot write.
BAD_TIMING: list[tuple[str, dict[str, Any], str]] = [
    ("spruce-stl", {"fps": "banana"}, "frame rate 'banana' is not a number"),
    ("spruce-stl", {"fps": "25", "timecode": "smpte-df"}, "drop-frame time code needs 29.97"),
    ("avid-ds", {"start_timecode": "1h"}, "time code '1h' is not HH:MM:SS:FF"),
    ("avid-dvd", {"timecode": "smpte-df"}, "drop-frame time code needs 29.97"),
    ("avid-dvd", {"min_gap_frames": -1}, "min_gap_frames must be >= 0"),
    ("cap", {"timecode": "smpte-ndf"}, "timecode 'smpte-ndf' is not one of wallclock, smpte-df"),
    ("cap", {"fps": "25"}, "CAP time codes are 30 fps wall clock or 29.97 drop-frame, not '25'"),
    ("cap", {"fps": "30", "timecode": "smpte-df"}, "timecode 'smpte-df' runs at 29.97 fps in CAP"),
    ("cap", {"timecode": "smpte-df", "start_timecode": "00:01:00;01"},
     "00:01:00;01 does not exist in drop-frame"),
    ("ebu-stl", {"fps": "24"}, "EBU STL defines 25 and 30 fps only (29.97 as 30), not '24'"),
    ("ebu-stl", {"timecode": "wallclock"}, "timecode 'wallclock' is not one of smpte-ndf"),
    ("ebu-stl", {"fps": "29.97", "timecode": "smpte-ndf"}, "runs at 25 or 30 fps in EBU STL"),
    ("ebu-stl", {"start_timecode": "xx"}, "time code 'xx' is not HH:MM:SS:FF"),
    ("scc", {"fps": "25"}, "SCC is 29.97 fps only, not '25'"),
    ("scc", {"timecode": "wallclock"}, "timecode 'wallclock' is not one of smpte-df, smpte-ndf"),
    ("scc", {"start_timecode": "00:01:00;00"}, "00:01:00;00 does not exist in drop-frame"),
    ("mcc", {"timecode": "smpte-ndf"}, "timecode 'smpte-ndf' is not one of smpte-df"),
    ("mcc", {"fps": 30}, "MCC is 29.97 fps (30DF) only, not 30"),
    ("mcc", {"start": "xx"}, "time code 'xx' is not HH:MM:SS:FF"),
]


@pytest.mark.parametrize(("fmt", "values", "message"), BAD_TIMING)
def test_bad_timing_fails_when_the_options_are_built(fmt: str, values: dict[str, Any],
                                                     message: str) -> None:
    cls = get(fmt).options_type()
    with pytest.raises(UsageError, match=f"^{fmt}: .*{re.escape(message)}"):
        make_options(cls, values, fmt)
    if set(values) <= {f.name for f in dataclasses.fields(FrameTiming)}:
        with pytest.raises(ValueError, match=re.escape(message)):
            cls(timing=FrameTiming(**values))  # built directly: the same check


@pytest.mark.parametrize(("fmt", "values", "rate", "mode"), [
    ("spruce-stl", {}, "30", "wallclock"),
    ("avid-ds", {"fps": "29.97", "timecode": "smpte-df"}, "29.97", "smpte-df"),
    ("cap", {}, "30", "wallclock"),
    ("cap", {"fps": "29.97"}, "29.97", "smpte-df"),  # the mode follows the rate
    ("cap", {"timecode": "smpte-df"}, "29.97", "smpte-df"),  # and the rate the mode
    ("ebu-stl", {}, "25", "smpte-ndf"),
    ("ebu-stl", {"fps": "30"}, "30", "smpte-ndf"),
    ("ebu-stl", {"fps": "29.97"}, "29.97", "smpte-df"),
    ("scc", {}, "29.97", "smpte-df"),
    ("scc", {"drop_frame": "no"}, "29.97", "smpte-ndf"),
    ("mcc", {}, "29.97", "smpte-df"),
])
def test_each_format_fills_in_its_own_timing(fmt: str, values: dict[str, Any], rate: str,
                                             mode: str) -> None:
    from fractions import Fraction

    from transconv.timecode import frame_rate

    options = make_options(get(fmt).options_type(), values, fmt)
    module = get(fmt).load()
    coder = module.TIMING.coder(options.timing)
    assert (coder.rate, coder.mode) == (frame_rate(rate), mode)
    assert isinstance(coder.rate, Fraction)


@pytest.mark.parametrize("fmt", ["scc", "mcc"])
def test_608_writers_keep_the_minimum_gap(fmt: str) -> None:
    """Back-to-back cues get ``min_gap_frames`` between one caption's end and the next."""
    from transconv.formats.cea608 import captions
    from transconv.model import CaptionTrack, Cue

    options = make_options(get(fmt).options_type(), {"min_gap_frames": 4}, fmt)
    track = CaptionTrack([Cue(0, 1000, ("one",)), Cue(1000, 2000, ("two",))])
    first, second = captions(track, options.settings(), options.coder(),
                             options.timing.min_gap_frames)
    assert second.start - first.end == 4
    assert _dumps(fmt, min_gap_frames=4) != _dumps(fmt)


@pytest.mark.parametrize(("fmt", "options", "message"), [
    ("srt", {"style": "x"}, "option style is a group of options; give its fields"),
    ("scc", {"timing": "x"}, "option timing is a group"),
    ("scc", {"line21": 3}, "option line21 is a group"),
    ("srt", {"max_chars": 1.5}, "option max_chars: 1.5 is not a valid int"),
    ("srt", {"max_chars": True}, "not a valid int"),
    ("srt", {"keep_tags": "maybe"}, "not a valid bool"),
    ("qt", {"font_size": "12.5"}, "not a valid int"),
])
def test_a_value_of_the_wrong_type_is_a_usage_error(fmt: str, options: dict[str, object],
                                                     message: str) -> None:
    with pytest.raises(transconv.UsageError, match=re.escape(message)):
        transconv.dumps(small_transcript(), fmt, **options)
