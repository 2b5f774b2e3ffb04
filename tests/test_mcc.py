"""MCC writer: header, ANC/CDP envelope of every line, hex aliases, and ffmpeg decoding.

No installed tool checks the envelope (ffmpeg ignores checksums and counters), so every
field is checked here from the expanded bytes; ffmpeg then checks the 608 content and the
timing, like for SCC (see test_scc.py for the drop-frame label caveat at 09:59:00).
"""

from __future__ import annotations

import random
import re
import uuid
from pathlib import Path

import pytest

from tests.factories import long_transcript, small_transcript, track_for
from tests.test_cea608 import (
    DF,
    TOLERANCE_MS,
    decode_ffmpeg,
    df_frame,
    df_label,
    label_wallclock_ms,
    ms_of,
    norm,
)
from tests.test_scc import SPOTS, WALLCLOCK_ONLY, landmarks
from transconv import UsageError, dump, dumps
from transconv.errors import DoesNotFit
from transconv.formats import get, mcc
from transconv.formats.cea608 import Settings, captions, encode
from transconv.formats.cea608.cdp import (
    aliased_lines,
    cdp,
    checksums,
    compress,
    expand,
    packet,
)
from transconv.formats.cea608.scheduler import PLAIN, Schedule
from transconv.formats.timing import FrameTiming
from transconv.model import Transcript

_DATA = re.compile(r"^(\d\d):(\d\d):(\d\d):(\d\d)\t([0-9A-FG-TZ]+)$")


def _write(transcript: Transcript, options: mcc.Options) -> str:
    """The writer returns ASCII bytes in chunks (a 50 MB file is never held whole); tests
    read text."""
    return b"".join(get("mcc").write(transcript, options)).decode("ascii")


def _data_lines(text: str) -> list[str]:
    return [line for line in text.split("\r\n") if _DATA.match(line)]


def _check_line(line: str, frame: int, sequence: int) -> int:
    """Check one data line completely; return the field-1 608 word it carries."""
    m = _DATA.match(line)
    assert m, line
    assert df_frame(*(int(g) for g in m.groups()[:4])) == frame
    assert "U" not in m.group(5)
    data = expand(m.group(5))
    assert data[:2] == b"\x61\x01"
    count, cdp, anc_sum = data[2], data[3:-1], data[-1]
    assert count == len(cdp) == cdp[2] == 73
    assert anc_sum == (0x61 + 0x01 + count) & 0xFF == 0xAB
    assert sum(cdp) % 256 == 0
    assert cdp[:2] == b"\x96\x69" and cdp[3] == 0x4F and cdp[4] == 0x43
    assert int.from_bytes(cdp[5:7], "big") == int.from_bytes(cdp[70:72], "big") == sequence
    assert cdp[7:9] == b"\x72\xf4" and cdp[69] == 0x74
    assert cdp[9] == 0xFC and cdp[12:15] == b"\xfd\x80\x80"
    assert cdp[15:69] == b"\xfa\x00\x00" * 18
    assert compress(data) == m.group(5)  # the greedy encoding, exactly
    return cdp[10] << 8 | cdp[11]


def test_header_follows_the_notes() -> None:
    text = _write(small_transcript(), mcc.Options())
    lines = text.split("\r\n")
    assert lines[0] == "File Format=MacCaption_MCC V1.0" and lines[1] == ""
    head = lines[:lines.index("Time Code Rate=30DF") + 1]
    assert all(line.startswith("//") for line in head[2:head.index("")])
    fields = dict(line.split("=", 1) for line in head if "=" in line and "//" not in line)
    assert re.fullmatch(r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", fields["UUID"])
    assert fields["Creation Program"].startswith("transconv ")
    assert re.fullmatch(r"[A-Z][a-z]+day, [A-Z][a-z]+ \d\d, \d{4}", fields["Creation Date"])
    assert re.fullmatch(r"\d\d:\d\d:\d\d", fields["Creation Time"])
    assert text.index("Time Code Rate=30DF") < text.index("\t")
    assert "\n" not in text.replace("\r\n", "") and text.isascii()


def test_every_line_is_a_valid_cdp_carrying_the_scc_schedule() -> None:
    t = small_transcript()
    text = _write(t, mcc.Options(deterministic=True))
    sched = encode(track_for(t, Settings()), Settings(), DF)
    words = dict(zip(sched.frames, sched.words, strict=True))
    lines = _data_lines(text)
    first = min(sched.frames[0], 0)
    assert len(lines) == sched.frames[-1] - first + 1 + mcc.TAIL_FRAMES
    for n, line in enumerate(lines):
        assert _check_line(line, first + n, n) == words.get(first + n, 0x8080)


def test_ten_hours_decode_in_ffmpeg_with_a_clean_envelope(tmp_path: Path) -> None:
    transcript = long_transcript(10)
    text = _write(transcript, mcc.Options(deterministic=True))
    lines = _data_lines(text)
    assert len(lines) > 1_070_000  # one CDP per frame for ten hours
    # the sequence counter wraps cleanly and labels stay consecutive across DF minutes
    for n in (*range(65_530, 65_542), *range(17_975, 17_990), *range(1_796, 1_804),
              len(lines) - 1):
        _check_line(lines[n], n, n % 65_536)
    path = tmp_path / "long.mcc"
    path.write_text(text, newline="")
    caps = captions(track_for(transcript, Settings()), Settings(), DF)
    shown = encode(track_for(transcript, Settings()), Settings(), DF).shown
    decoded = decode_ffmpeg(str(path))
    assert [norm(t) for _, _, t in decoded] == [norm(" ".join(c.rows)) for c in caps]
    for (start, _, _), frame in zip(decoded, shown, strict=True):
        assert abs(start - label_wallclock_ms(frame)) <= TOLERANCE_MS


def test_ffmpeg_decodes_landmarks(tmp_path: Path) -> None:
    t = landmarks()
    path = tmp_path / "landmarks.mcc"
    path.write_text(_write(t, mcc.Options(deterministic=True)), newline="")
    caps = captions(track_for(t, Settings()), Settings(), DF)
    shown = encode(track_for(t, Settings()), Settings(), DF).shown
    decoded = decode_ffmpeg(str(path))
    assert len(decoded) == len(caps)
    for (start, _, text), cap, frame, spot in zip(decoded, caps, shown, SPOTS, strict=True):
        assert norm(text) == norm(" ".join(cap.rows))  # accents included
        assert abs(start - label_wallclock_ms(frame)) <= TOLERANCE_MS
        if spot not in WALLCLOCK_ONLY:
            assert abs(start - ms_of(frame)) <= TOLERANCE_MS, (spot, df_label(frame))


def test_aliases_match_the_published_examples() -> None:
    assert compress(packet(6, 0xC8E5)) == "T49S494F43Z0672F4FCC8E5ROO74Z0606AB"
    adobe_empty = "T49S494F43Z0B72F4QROO74Z0BA9AB"
    assert compress(packet(11, 0x8080)) == adobe_empty
    assert expand(adobe_empty) == packet(11, 0x8080)
    assert compress(b"\xfa\x00\x00" * 11 + b"\x00\x00") == "OHZZ"
    assert compress(b"\xe1\x00\x00\x00") == "E1ZZZ"  # never the disputed U


def _word_for_checksum(counter: int, check: int) -> int:
    """A word that gives the CDP of ``counter`` the checksum ``check``."""
    return next(w for w in range(0x9400, 0x9500) if cdp(counter, w)[-1] == check)


def test_layouts_equal_the_greedy_compressor_on_every_counter() -> None:
    # More than one counter cycle, gaps (idle lines), words of every kind (with 00 bytes,
    # aliases of their own, 80 in one byte), and at the counters where an alias can form
    # across the counter and the checksum, words chosen so that it does.
    count = 65_700
    rng = random.Random(608)
    pool = [0x8080, 0x942F, 0xC8E5, 0xFB80, 0x80C1, 0x9669, 0x6101, 0x00E5, 0xE500, 0x1337]
    by_frame = {f: rng.choice(pool) for f in range(count - 30) if f % 7 != 3}
    for counter, check in ((0x1296, 0x69), (0x4461, 0x01), (0xFA00, 0x00), (0xFB80, 0x80),
                           (0xFC80, 0x80), (0xFD80, 0x80), (0x2222, 0x00), (0x0305, 0x00)):
        by_frame[counter] = _word_for_checksum(counter, check)
    frames = sorted(by_frame)
    schedule = Schedule.of(frames, [by_frame[f] for f in frames], [PLAIN] * len(frames))
    words = mcc._dense(schedule, 0, count)
    text = b"".join(mcc._chunks(words, 0, count))
    lines = text.decode("ascii").split("\r\n")
    assert lines[-1] == "" and len(lines) == count + 1
    for i, line in enumerate(lines[:-1]):
        expected = compress(packet(i & 0xFFFF, by_frame.get(i, 0x8080)))
        assert line.split("\t")[1] == expected, (i, line)
        assert df_frame(*(int(g) for g in line[:11].split(":"))) == i


def test_checksums_and_aliased_lines() -> None:
    words = b"".join(w.to_bytes(2, "big") for w in (0x8080, 0x942F, 0x0080, 0x9669) * 20_000)
    checks = checksums(words)
    assert all(checks[i] == cdp(i, int.from_bytes(words[2 * i:2 * i + 2]))[-1]
               for i in range(0, 80_000, 37))
    aliased = aliased_lines(words, checks)
    assert aliased == sorted(set(aliased))
    assert 3 in aliased and 0x9669 in aliased  # the word's own alias; the counter's
    # a lone 00 byte (in the word, in the counter) is the layouts' filler, not an alias
    assert 2 not in aliased and 256 not in aliased and 65_536 + 253 not in aliased


def test_deterministic_output_and_header_options() -> None:
    t = small_transcript()
    a = _write(t, mcc.Options(deterministic=True))
    assert a == _write(t, mcc.Options(deterministic=True))
    assert "Creation Date=Saturday, January 01, 2000" in a
    other = _write(landmarks(), mcc.Options(deterministic=True))
    assert a.split("UUID=")[1][:36] != other.split("UUID=")[1][:36]
    fixed = str(uuid.UUID(int=1))
    b = _write(t, mcc.Options(uuid=fixed, created="2015-06-04T13:14:15"))
    assert f"UUID={fixed.upper()}" in b
    assert "Creation Date=Thursday, June 04, 2015" in b and "Creation Time=13:14:15" in b
    assert _data_lines(a) == _data_lines(b)
    for bad in ({"uuid": "nope"}, {"created": "yesterday"}, {"max_lines": 5}):
        with pytest.raises(UsageError):
            dumps(t, "mcc", **bad)
    assert dumps(t, "mcc").startswith(b"File Format=MacCaption_MCC V1.0\r\n")


def test_start_time_code_shifts_labels() -> None:
    text = _write(small_transcript(), mcc.Options(timing=FrameTiming(start_timecode="01:00:00:00"),
                                               deterministic=True))
    lines = _data_lines(text)
    first = lines[0][:11]
    assert first < "01:00:00:00" and first.startswith("00:59:")  # the first load pre-rolls
    start = next(n for n, line in enumerate(lines) if line.startswith("01:00:00:00\t"))
    _check_line(lines[start + 30], df_frame(1, 0, 0, 0) + 30, start + 30)


def test_a_file_written_from_the_stream_equals_the_bytes(tmp_path: Path) -> None:
    t = small_transcript()
    target = tmp_path / "a.mcc"
    dump(t, target, deterministic=True)
    assert target.read_bytes() == dumps(t, "mcc", deterministic=True)
    chunks = get("mcc").write(t, mcc.Options(deterministic=True))
    assert not isinstance(chunks, bytes)  # streamed: the file is never held whole


def _late(*spots: tuple[str, int]) -> Transcript:
    """Words at the given times (ms), one turn each."""
    from transconv.model import WORD, Speaker, Token, Turn

    return Transcript(turns=[Turn("1", ms, ms + 800, [Token(WORD, word, ms, ms + 800)])
                             for word, ms in spots], speakers={"1": Speaker("1", "A")})


def test_a_stream_longer_than_max_hours_is_refused_saying_what_it_would_be() -> None:
    # The case: a 150-byte transcript, one word at 99:59:50, was a 496 MB file.
    t = _late(("Hello", 359_990_000))
    with pytest.raises(DoesNotFit) as caught:
        get("mcc").write(t, mcc.Options(deterministic=True))
    message = str(caught.value)
    assert "\n" not in message and "496 MB" in message and "10,788,973 lines" in message
    assert "from 00:00:00:00 to 99:59:52:12" in message
    assert "span=captions" in message and "max_hours" in message
    with pytest.raises(DoesNotFit):
        dumps(_late(("a", 0), ("b", 3 * 3600_000)), "mcc", max_hours=2.5)
    assert dumps(_late(("a", 0), ("b", 3 * 3600_000)), "mcc", max_hours=3.5)
    for bad in ({"max_hours": 0}, {"max_hours": -1}, {"span": "all"}):
        with pytest.raises(UsageError):
            dumps(t, "mcc", **bad)


def test_span_captions_starts_a_second_before_the_first_caption(tmp_path: Path) -> None:
    t = _late(("Hello", 359_990_000))
    text = _write(t, mcc.Options(deterministic=True, span="captions"))
    lines = _data_lines(text)
    sched = encode(track_for(t, Settings()), Settings(), DF)
    first = sched.frames[0] - mcc.LEAD_FRAMES
    assert len(lines) == sched.frames[-1] - first + 1 + mcc.TAIL_FRAMES < 200
    words = dict(zip(sched.frames, sched.words, strict=True))
    for n, line in enumerate(lines):
        assert _check_line(line, first + n, n) == words.get(first + n, 0x8080)


def test_span_captions_decodes_at_the_same_times(tmp_path: Path) -> None:
    late = _late(("later", 600_000), ("end", 605_000))
    whole, trimmed = tmp_path / "whole.mcc", tmp_path / "trimmed.mcc"
    whole.write_text(_write(late, mcc.Options(deterministic=True)), newline="")
    trimmed.write_text(_write(late, mcc.Options(deterministic=True, span="captions")),
                       newline="")
    assert trimmed.stat().st_size * 50 < whole.stat().st_size
    assert decode_ffmpeg(str(trimmed)) == decode_ffmpeg(str(whole))
    # A first caption within a second of the start: both spans are the same file.
    for transcript in (_late(("Hello", 500), ("there", 4_000)), small_transcript()):
        assert (_write(transcript, mcc.Options(deterministic=True, span="captions"))
                == _write(transcript, mcc.Options(deterministic=True)))
