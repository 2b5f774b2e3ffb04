"""The CEA-608 decoder, one hand-built SCC file per case (bytes from scc.md, not our writer).

Each file is made word by word with :mod:`tests.readers.line21`; the expected cues follow
from the decoder rules: a word's frame is its line's frame plus its place on the line, a
doubled code acts once, pop-on shows at EOC, roll-up and paint-on show text as it comes.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from tests.readers.line21 import (
    BS,
    CR,
    DER,
    EDM,
    EOC,
    RDC,
    RU2,
    RU3,
    cues,
    load,
    ms,
    pac,
    pop_on,
    scc,
    text,
    twice,
    warnings,
    word,
)
from transconv.errors import InvalidInput


def test_pop_on_shows_at_eoc_and_ends_at_edm() -> None:
    load_words = pop_on(["Hello there"])
    data = scc([(10, load_words), (40, twice(EOC)), (100, twice(EDM))])
    track = load(data)
    assert cues(track) == [(ms(40), ms(100), ("Hello there",))]
    assert track.frame_rate == Fraction(30000, 1001) and track.drop_frame


def test_doubled_codes_act_once_and_a_third_copy_acts_again() -> None:
    # EOC twice in a row must swap once (twice would hide the caption again); three ♪
    # codes are two notes: the second copy is the repeat, the third a new character.
    note = word(0x11, 0x37)
    data = scc([(0, [*pop_on(["A"]), note, note, note]), (30, twice(EOC)),
                (60, twice(EDM))])
    assert cues(load(data)) == [(ms(30), ms(60), ("A♪♪",))]


def test_the_next_eoc_replaces_the_caption_and_edm_mid_load_ends_it() -> None:
    first = pop_on(["First caption"])
    second = pop_on(["Second one"])
    # the second caption's load is cut by an EDM (the first one's end), then shown by EOC
    data = scc([(0, first), (30, twice(EOC) + second[:6]), (50, twice(EDM) + second[6:]),
                (90, twice(EOC)), (150, twice(EOC)), (200, twice(EDM))])
    assert cues(load(data)) == [
        (ms(30), ms(50), ("First caption",)),
        # the next EOC swaps back the memory the EDM erased: nothing is shown after it
        (ms(90), ms(150), ("Second one",)),
    ]


def test_roll_up_each_cr_starts_a_cue_of_the_visible_rows() -> None:
    data = scc([
        (0, twice(RU2) + twice(CR) + twice(pac(15))),
        (10, text("one two")),
        (30, twice(CR) + twice(pac(15))),
        (40, text("three")),
        (60, twice(CR) + twice(pac(15))),
        (70, text("four")),
        (90, twice(EDM)),
    ])
    assert cues(load(data)) == [
        (ms(10), ms(40), ("one two",)),
        (ms(40), ms(70), ("one two", "three")),
        (ms(70), ms(90), ("three", "four")),  # the 2-row window dropped "one two"
    ]


def test_roll_up_window_of_three_keeps_three_rows() -> None:
    rows = []
    for k, chars in enumerate(["aa", "bb", "cc", "dd"]):
        rows.append((20 * k, twice(CR) + twice(pac(15)) + text(chars)))
    data = scc([(0, twice(RU3)), *[(f + 2, w) for f, w in rows], (100, twice(EDM))])
    assert [c[2] for c in cues(load(data))] == [
        ("aa",), ("aa", "bb"), ("aa", "bb", "cc"), ("bb", "cc", "dd")]


def test_paint_on_text_shows_as_it_comes_and_changes_start_new_cues() -> None:
    data = scc([
        (0, twice(RDC) + twice(pac(15, 4))),
        (10, text("Paint on")),
        (40, twice(BS) + twice(BS) + twice(BS)),  # "Paint" left …
        (60, text(" it")),  # … and "Paint it" from here
        (80, twice(pac(15, 4)) + twice(DER)),  # all erased: nothing shown
        (100, text("New")),
        (120, twice(EDM)),
    ])
    assert cues(load(data)) == [
        (ms(10), ms(60), ("Paint on",)),
        (ms(60), ms(100), ("Paint it",)),
        (ms(100), ms(120), ("New",)),
    ]


def test_backspace_delete_and_tab_offsets_in_pop_on() -> None:
    to2 = word(0x17, 0x22)
    data = scc([
        (0, pop_on(["Helo"]) + twice(BS) + text("lo world") + twice(pac(14)) + twice(to2)
         + text("xyz") + twice(pac(14, 0)) + twice(DER) + twice(pac(14)) + twice(to2)
         + text("two")),
        (60, twice(EOC)), (90, twice(EDM)),
    ])
    track = load(data)
    assert cues(track) == [(ms(60), ms(90), ("two", "Hello world"))]


def test_extended_character_replaces_its_fallback() -> None:
    u_umlaut = word(0x12, 0x25)  # ü
    a_ring = word(0x13, 0x39)  # å
    data = scc([(0, pop_on([]) + twice(pac(15)) + text("Mu") + twice(u_umlaut)
                 + text("ller p") + twice(a_ring) + text("a")),
                (40, twice(EOC)), (70, twice(EDM))])
    # "p" has no fallback role, "å" replaces it: decoders do exactly what the code says
    assert cues(load(data)) == [(ms(40), ms(70), ("Müller åa",))]


def test_special_characters_take_a_cell_of_their_own() -> None:
    specials = [word(0x11, 0x30 + i) for i in range(16)]
    words = pop_on(["x"]) + [w for code in specials for w in twice(code)]
    data = scc([(0, words), (50, twice(EOC)), (80, twice(EDM))])
    assert cues(load(data))[0][2] == ("x®°½¿™¢£♪à\u00a0èâêîôû".replace("\u00a0", " "),)


def test_pac_and_mid_row_styles_become_hints() -> None:
    italic_row = pac(13, style=0x0E)  # white italics
    yellow = word(0x11, 0x2A)
    data = scc([(0, pop_on([]) + twice(italic_row) + text("Both italic")), (30, twice(EOC)),
                (50, pop_on([]) + twice(pac(15, 8)) + twice(yellow) + text("gold")),
                (80, twice(EOC)), (100, twice(EDM))])
    first, second = load(data).cues
    assert ("italic", "1") in first.hints and ("line", "74%") in first.hints
    assert second.lines == ("gold",)  # the mid-row code is a space before the text
    assert ("color", "yellow") in second.hints  # every character shown is yellow
    assert ("align", "left") in second.hints and ("line", "85%") in second.hints


def test_one_colour_throughout_is_a_hint() -> None:
    red = pac(15, style=0x08)
    data = scc([(0, pop_on([]) + twice(red) + text("Alarm")), (30, twice(EOC)),
                (60, twice(EDM))])
    assert ("color", "red") in load(data).cues[0].hints


def test_centred_rows_say_center() -> None:
    # a 7-character row centred at column 12 (32 - 7 = 25, 25 // 2 = 12): PAC 12 + nothing
    data = scc([(0, pop_on([]) + twice(pac(15, 12)) + text("Centred")), (30, twice(EOC)),
                (60, twice(EDM))])
    assert ("align", "center") in load(data).cues[0].hints


def test_cc2_is_read_when_asked_and_cc1_empty_names_it() -> None:
    # channel 2 codes are channel 1's with 0x08 added to the first byte (scc.md §5)
    enm, rcl, eoc, edm = (word(0x1C, c) for c in (0x2E, 0x20, 0x2F, 0x2C))
    data = scc([(0, twice(enm) + twice(rcl) + twice(pac(15, channel=2)) + text("On two")),
                (30, twice(eoc)), (60, twice(edm))])
    with warnings() as found:
        assert load(data).cues == []
    assert any("CC1 holds no captions; CC2 does" in w for w in found)
    assert cues(load(data, channel="CC2")) == [(ms(30), ms(60), ("On two",))]


def test_cc3_from_a_field_two_scc() -> None:
    # field 2 control codes may start 0x15 (CC3) instead of 0x14
    enm, rcl, eoc, edm = (word(0x15, c) for c in (0x2E, 0x20, 0x2F, 0x2C))
    data = scc([(0, twice(enm) + twice(rcl) + twice(pac(15)) + text("Field two")),
                (30, twice(eoc)), (60, twice(edm))])
    assert cues(load(data, channel="cc3")) == [(ms(30), ms(60), ("Field two",))]
    assert load(data, channel="cc4").cues == []


def test_xds_packets_are_not_captions() -> None:
    xds = [word(0x01, 0x03), *text("PROGRAM"), word(0x0F, 0x1D)]
    enm, rcl, eoc, edm = (word(0x15, c) for c in (0x2E, 0x20, 0x2F, 0x2C))
    data = scc([(0, twice(enm) + twice(rcl) + twice(pac(15)) + text("Cap") + xds
                 + twice(pac(15, 4)) + text("tion")), (30, twice(eoc)), (60, twice(edm))])
    assert cues(load(data, channel="cc3"))[0][2] == ("Cap tion",)


def test_a_bad_parity_byte_is_a_block_and_a_warning() -> None:
    words = pop_on(["Good"])
    words.insert(-1, "41c1")  # 'A' (0x41) has even parity: 0xC1 is right, 0x41 wrong
    data = scc([(0, words), (40, twice(EOC)), (70, twice(EDM))])
    with warnings() as found:
        track = load(data)
    assert track.cues[0].lines == ("Go█Aod",)
    assert any("1 word(s) fail the odd-parity check" in w and "line 3" in w for w in found)


def test_a_code_with_bad_parity_is_dropped_and_its_copy_acts() -> None:
    bad_eoc = f"{int(EOC[:2], 16) ^ 0x80:02x}{EOC[2:]}"
    data = scc([(0, pop_on(["Still shown"])), (40, [bad_eoc, EOC]), (70, twice(EDM))])
    with warnings():
        assert cues(load(data)) == [(ms(41), ms(70), ("Still shown",))]


def test_mostly_bad_parity_is_not_scc() -> None:
    data = scc([(0, ["4141"] * 20 + text("ok"))])
    with pytest.raises(InvalidInput, match="line 3: 20 of 21 words fail the odd-parity"):
        load(data)


def test_drop_frame_across_a_minute_boundary() -> None:
    # 00:00:59;29 is frame 1799; the next frame is labelled 00:01:00;02 (;00 and ;01 are
    # skipped), frame 1800. The EOC is the line's second word: frame 1800 = 60.06 s.
    body = "\n\n".join([
        "00:00:58;00\t" + " ".join(pop_on(["Minute"])),
        "00:00:59;29\t8080 942f 942f",
        "00:01:00;04\t942c 942c",
    ])
    track = load("Scenarist_SCC V1.0\n\n" + body + "\n")
    assert cues(track) == [(ms(1800), ms(1802), ("Minute",))]
    assert ms(1800) == 60_060
    with pytest.raises(InvalidInput, match="line 3: '00:01:00;00' is not an SCC time code"):
        load("Scenarist_SCC V1.0\n\n00:01:00;00\t942c 942c\n")


def test_non_drop_labels_count_frames_at_29_97() -> None:
    data = ("Scenarist_SCC V1.0\n\n00:59:56:10\t" + " ".join(pop_on(["Hour"]))
            + "\n\n01:00:00:00\t942f 942f\n\n01:00:01:00\t942c 942c\n")
    track = load(data)
    assert not track.drop_frame
    assert track.cues[0].start == ms(108000) == 3_603_600  # 1 labelled hour = 3603.6 s


def test_the_last_caption_without_edm_is_held_a_second() -> None:
    data = scc([(0, pop_on(["Last"])), (30, twice(EOC))])
    assert cues(load(data)) == [(ms(30), ms(60), ("Last",))]


def test_speaker_marks_in_the_text_become_speakers() -> None:
    data = scc([(0, pop_on([">> ANNA: Hello"])), (30, twice(EOC)),
                (40, pop_on(["Still Anna"])), (80, twice(EOC)), (110, twice(EDM))])
    track = load(data)
    assert [track.speaker_label(c.speaker) for c in track.cues] == ["ANNA", "ANNA"]
