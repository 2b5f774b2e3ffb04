"""SCC writer: file structure, and decoding by ffmpeg, ttconv and pycaption.

Times are compared with the frame each caption is shown on (±2 frames), at the start, on
both sides of the 10-minute drop-frame boundaries and in the tenth hour. ttconv turns
drop-frame labels into frame counts, so it must match real time everywhere. ffmpeg and
pycaption read a label as wall-clock time; SMPTE drop-frame labels themselves run up to
~2.9 frames ahead of real time late in each 10-minute cycle of the tenth hour (0.018 frames
per 10 minutes plus the per-minute saw-tooth), so for those two readers the 09:59:00 spot
is compared with what its label says, and real time is checked at 09:59:40.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import long_transcript, small_transcript, track_for
from tests.test_cea608 import (
    DF,
    TOLERANCE_MS,
    Decoded,
    decode_ffmpeg,
    decode_pycaption,
    decode_ttconv,
    df_frame,
    label_wallclock_ms,
    ms_of,
    norm,
)
from transconv import UsageError, dumps
from transconv.formats import get, scc
from transconv.formats.cea608 import Line21, Settings, captions, codes, encode
from transconv.formats.cea608.scheduler import Mode
from transconv.formats.timing import FrameTiming
from transconv.model import WORD, Token, Transcript, Turn
from transconv.segment import CaptionStyle

SENTENCES = ["Müller façade déjà-vu", "¿Qué tal, señor Núñez?", "Zoë über Straße",
             "naïve café crème", "Ça va? Très bien!", "Øre på Åland", "½ £ © ™ ♪",
             "Grüße aus Köln", "Ìl était ì Ò ò"]
#: Where captions start (ms): the start, both sides of 00:10 and 00:20, 01:00, 09:50, 09:59.
SPOTS = [1_000, 599_400, 600_600, 1_199_400, 1_200_600, 3_600_000, 35_400_500,
         35_940_200, 35_980_000]
WALLCLOCK_ONLY = {35_940_200}  # where the DF label itself leads real time by > 2 frames


def landmarks() -> Transcript:
    turns = []
    for ms, sentence in zip(SPOTS, SENTENCES, strict=True):
        tokens = [Token(WORD, w, ms + 400 * k, ms + 400 * k + 300)
                  for k, w in enumerate(sentence.split())]
        turns.append(Turn(None, ms, tokens[-1].end, tokens))
    return Transcript(turns=turns)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    text = get("scc").write(landmarks(), scc.Options())
    path = tmp_path_factory.mktemp("scc") / "landmarks.scc"
    path.write_text(text, newline="")
    return text, path


def _compare(decoded: Decoded, transcript: Transcript, wallclock: bool) -> None:
    caps = captions(track_for(transcript, Settings()), Settings(), DF)
    shown = encode(track_for(transcript, Settings()), Settings(), DF).shown
    assert len(decoded) == len(caps)
    for (start, _end, text), cap, frame, spot in zip(decoded, caps, shown, SPOTS, strict=True):
        assert norm(text) == norm(" ".join(cap.rows))
        assert frame == (spot * 30 + 500) // 1001
        if wallclock:
            assert abs(start - label_wallclock_ms(frame)) <= TOLERANCE_MS, (spot, start)
        if not wallclock or spot not in WALLCLOCK_ONLY:
            assert abs(start - ms_of(frame)) <= TOLERANCE_MS, (spot, start, ms_of(frame))


def test_ffmpeg_decodes_text_and_times(written: tuple[str, Path]) -> None:
    _compare(decode_ffmpeg(str(written[1])), landmarks(), wallclock=True)


def test_ttconv_decodes_text_and_exact_times(written: tuple[str, Path]) -> None:
    decoded = decode_ttconv(written[0])
    _compare(decoded, landmarks(), wallclock=False)
    caps = captions(track_for(landmarks(), Settings()), Settings(), DF)
    for (_, end, _), cap in zip(decoded, caps, strict=True):
        assert abs(end - ms_of(cap.end)) <= TOLERANCE_MS  # cleared by EDM on its end frame


def test_pycaption_decodes_text_and_times(written: tuple[str, Path]) -> None:
    _compare(decode_pycaption(written[0]), landmarks(), wallclock=True)


@pytest.fixture(scope="module")
def ten_hours(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Transcript]:
    transcript = long_transcript(10)
    text = get("scc").write(transcript, scc.Options())
    path = tmp_path_factory.mktemp("scc") / "long.scc"
    path.write_text(text, newline="")
    return text, path, transcript


def _compare_all(decoded: Decoded, transcript: Transcript) -> None:
    caps = captions(track_for(transcript, Settings()), Settings(), DF)
    shown = encode(track_for(transcript, Settings()), Settings(), DF).shown
    assert [norm(t) for _, _, t in decoded] == [norm(" ".join(c.rows)) for c in caps]
    for (start, _, _), frame in zip(decoded, shown, strict=True):
        assert abs(start - label_wallclock_ms(frame)) <= TOLERANCE_MS


def test_ten_hours_decode_cue_for_cue_in_ffmpeg(ten_hours: tuple[str, Path, Transcript]) -> None:
    _compare_all(decode_ffmpeg(str(ten_hours[1])), ten_hours[2])


def test_ten_hours_decode_cue_for_cue_in_pycaption(
    ten_hours: tuple[str, Path, Transcript],
) -> None:
    _compare_all(decode_pycaption(ten_hours[0]), ten_hours[2])


# --- structure ------------------------------------------------------------------------

_LINE = re.compile(r"^(\d\d):(\d\d):(\d\d);(\d\d)\t([0-9a-f]{4}(?: [0-9a-f]{4})*)$")


def _odd(byte: int) -> bool:
    return bin(byte).count("1") % 2 == 1


def test_file_structure_follows_the_notes() -> None:
    text = get("scc").write(small_transcript(), scc.Options())
    assert text.startswith("Scenarist_SCC V1.0\r\n\r\n")
    assert "\n" not in text.replace("\r\n", "") and text.isascii()
    lines = text.split("\r\n")[2:-1]
    assert all(line == "" for line in lines[1::2])
    previous_end = -1
    for line in lines[::2]:
        m = _LINE.match(line)
        assert m, line
        hh, mm, ss, ff = (int(g) for g in m.groups()[:4])
        assert not (mm % 10 and ss == 0 and ff < 2), f"{line[:11]} is a dropped label"
        frame = df_frame(hh, mm, ss, ff)
        words = [int(w, 16) for w in m.group(5).split()]
        assert frame >= previous_end, "lines overlap"
        previous_end = frame + len(words)
        i = 0
        while i < len(words):
            hi, lo = words[i] >> 8, words[i] & 0xFF
            assert _odd(hi) and _odd(lo), f"{words[i]:04x} has even parity"
            if 0x10 <= hi & 0x7F <= 0x1F:  # a code: doubled in the same line
                assert i + 1 < len(words) and words[i + 1] == words[i], line
                if hi & 0x7F in (0x12, 0x13):  # extended: a basic fallback right before
                    assert i > 0 and words[i - 1] >> 8 & 0x7F >= 0x20, line
                i += 2
            else:
                i += 1
        if 0x942F in words or 0x942C in words:  # EOC and EDM start their lines
            assert words[0] in (0x942F, 0x942C)


def test_rows_fit_32_columns_and_at_most_4_rows() -> None:
    text = dumps(small_transcript(), "scc", max_lines=4).decode("ascii")
    for _, _, caption in decode_ttconv(text):
        rows = caption.split("\n")
        assert len(rows) <= 4 and all(len(r) <= 32 for r in rows)


def test_non_drop_frame_option() -> None:
    t = landmarks()
    text = get("scc").write(t, scc.Options(timing=FrameTiming(timecode="smpte-ndf")))
    labels = re.findall(r"^\d\d:\d\d:\d\d(.)\d\d\t", text, re.M)
    assert labels and set(labels) == {":"}
    assert "\n01:00:00:00\t" not in text and "\n00:59:56:12\t" in text  # 1 h = 107892 frames
    decoded = decode_ttconv(text)  # ttconv reads ':' as non-drop frame counts
    shown = encode(track_for(t, Settings()), Settings(), DF).shown
    for (start, _, _), frame in zip(decoded, shown, strict=True):
        assert abs(start - ms_of(frame)) <= TOLERANCE_MS


def test_start_time_code_offsets_labels_and_allows_pre_roll() -> None:
    t = Transcript(turns=[Turn(None, 0, 900, [Token(WORD, "Straße", 0, 900)])])
    text = get("scc").write(t, scc.Options(timing=FrameTiming(start_timecode="01:00:00;00")))
    first = text.split("\r\n")[2]
    assert first.startswith("00:59:59;")  # loaded before the start code
    assert "01:00:00;00\t942f 942f" in text
    late = get("scc").write(t, scc.Options())  # without room the caption waits for its load
    assert "00:00:00;00\t94ae" in late


def test_roll_up_and_paint_on_decode(tmp_path: Path) -> None:
    t = small_transcript()
    expected = [norm(r) for c in captions(track_for(t, Settings()), Settings(), DF) for r in c.rows]
    modes: tuple[tuple[Mode, str], ...] = (("roll-up", "9425"), ("paint-on", "9429"))
    for mode, command in modes:
        text = get("scc").write(t, scc.Options(line21=Line21(mode=mode)))
        assert command in text and "942f" not in text
        path = tmp_path / f"{mode}.scc"
        path.write_text(text, newline="")
        for decoded in (decode_ffmpeg(str(path)), decode_ttconv(text)):
            seen = " ".join(norm(x) for _, _, x in decoded)
            for row in expected:
                assert row in seen, (mode, row)
    rows3 = get("scc").write(t, scc.Options(line21=Line21(mode="roll-up", roll_up_rows=3)))
    assert "9426 9426" in rows3


def test_channel_two_uses_the_cc2_codes() -> None:
    text = get("scc").write(small_transcript(), scc.Options(line21=Line21(channel=2)))
    assert "1cae 1cae 1c20 1c20" in text and "942f" not in text and "1c2f 1c2f" in text


def test_options_are_validated_and_registered() -> None:
    t = small_transcript()
    for bad in ({"max_lines": 5}, {"max_chars": 40}, {"channel": 3}, {"roll_up_rows": 5},
                {"mode": "scroll"}, {"start": "xx"}, {"replacement": "会"}):
        with pytest.raises(UsageError):
            dumps(t, "scc", **bad)
    data = dumps(t, "scc", max_lines=4)
    assert data.startswith(b"Scenarist_SCC V1.0\r\n")
    assert scc.Options().style.max_chars == codes.COLUMNS


def test_past_the_last_two_digit_hour_does_not_fit() -> None:
    from transconv import DoesNotFit

    with pytest.raises(DoesNotFit, match="is past 99:59:59"):
        dumps(small_transcript(), "scc", start="99:59:59;00")


@pytest.mark.parametrize("mode", ["pop-on", "roll-up", "paint-on"])
def test_a_transcript_without_words_writes_header_only_files(mode: Mode) -> None:
    # Nothing to schedule: the schedule has no stretches at all (found by the fuzz tests).
    for t in (Transcript(turns=[]), Transcript(turns=[Turn(None, 0, 0, [])])):
        assert dumps(t, "scc", mode=mode) == b"Scenarist_SCC V1.0\r\n\r\n"
        lines = dumps(t, "mcc", mode=mode, deterministic=True).decode("ascii").split("\r\n")
        assert sum(bool(re.match(r"\d\d:\d\d:\d\d:\d\d\t", line)) for line in lines) == 31


def test_a_shortened_speaker_name_keeps_the_32_columns() -> None:
    from transconv.model import Speaker

    words = ["I", "see", "what", "you", "mean", "now", "and", "then"]
    tokens = [Token(WORD, word, 1000 + 400 * i, 1300 + 400 * i) for i, word in enumerate(words)]
    t = Transcript(turns=[Turn("1", 1000, 4300, tokens)],
                   speakers={"1": Speaker("1", "Maximilianeoberhausenwittgensteinova")})
    for style in ("name", "chevrons"):
        settings = Settings(style=CaptionStyle(max_chars=32, speaker_style=style))
        rows = captions(track_for(t, settings), settings, DF)[0].rows
        assert "...:" in rows[0] and all(len(row) <= 32 for row in rows), rows
