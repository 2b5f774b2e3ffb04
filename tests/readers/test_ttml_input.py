"""The TTML reader's input side: encodings, hostile XML, errors, detection, the command line
and a fuzz test. (Reading what peers write, and the timing tree: test_ttml.py.)"""

from __future__ import annotations

import contextlib
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transconv
from tests.readers.test_ttml import TTML, doc
from transconv.errors import InvalidInput, TransconvError
from transconv.model import CaptionTrack
from transconv.readers.captions.ttml import sniff

SAMPLE = doc('<div><p begin="00:00:01.000" end="00:00:02.500" ttm:agent="a">Café <span '
             'tts:fontStyle="italic">crème</span><br/>brûlée</p><p begin="3s" dur="20f">'
             'Señor</p></div>',
             head='<metadata><ttm:agent xml:id="a"><ttm:name>Ann</ttm:name></ttm:agent>'
                  '</metadata>', params='ttp:frameRate="25"')


def lines(data: bytes, **options: object) -> list[tuple[int, int, tuple[str, ...]]]:
    track = transconv.loads(data, **options)
    assert isinstance(track, CaptionTrack)
    return [(c.start, c.end, c.lines) for c in track.cues]


WANT = [(1000, 2500, ("Café crème", "brûlée")), (3000, 3800, ("Señor",))]


# --- encodings -----------------------------------------------------------------------------

def test_the_declared_encoding_is_used_with_no_guess(caplog: pytest.LogCaptureFixture) -> None:
    latin = SAMPLE.decode().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    track = transconv.loads(latin.encode("latin-1"))
    assert isinstance(track, CaptionTrack) and track.encoding == "iso8859-1"
    assert lines(latin.encode("latin-1")) == WANT
    assert "guess" not in caplog.text


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings_with_and_without_bom(codec: str) -> None:
    text = SAMPLE.decode()
    if codec != "utf-8-sig":
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"' if "16" in codec
                            else 'encoding="UTF-32"')
    raw = text.encode(codec)
    assert sniff(raw[:8192]) == 2
    assert lines(raw) == WANT


def test_undeclared_legacy_bytes_are_a_warned_guess(caplog: pytest.LogCaptureFixture) -> None:
    text = SAMPLE.decode().replace('<?xml version="1.0" encoding="UTF-8"?>\n', "")
    got = lines(text.encode("cp1252"))  # which 8-bit code page is the detector's guess
    assert [(start, end) for start, end, _ in got] == [(1000, 2500), (3000, 3800)]
    assert got[0][2][0].startswith("Caf") and got[1][2][0].startswith("Se")
    assert "<input>: not UTF-8; read as" in caplog.text


def test_encoding_option_overrides_the_declaration() -> None:
    wrong = SAMPLE.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("cp1252")
    assert lines(wrong, encoding="cp1252") == WANT
    track = transconv.loads(wrong, encoding="cp1252")
    assert isinstance(track, CaptionTrack) and track.encoding == "cp1252"


# --- hostile XML -----------------------------------------------------------------------------

LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))


def test_billion_laughs_is_refused_quickly() -> None:
    data = (f'<?xml version="1.0"?><!DOCTYPE tt [<!ENTITY l0 "lol">{LAUGHS}]>'
            f'<tt xmlns="{TTML}"><body><div><p begin="1s" end="2s">&l9;</p></div></body></tt>')
    began = time.perf_counter()
    with pytest.raises(InvalidInput, match=r"line \d+: not well-formed XML: .*amplification"):
        transconv.loads(data.encode())
    assert time.perf_counter() - began < 2


def test_small_internal_entities_are_left_out(caplog: pytest.LogCaptureFixture) -> None:
    data = (f'<!DOCTYPE tt [<!ENTITY who "Mallory">]><tt xmlns="{TTML}"><body><div>'
            '<p begin="1s" end="2s">hi &who; there</p></div></body></tt>')
    assert lines(data.encode()) == [(1000, 2000, ("hi there",))]
    assert "entity &who; is not expanded" in caplog.text


def test_external_entities_and_dtds_are_never_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    data = (f'<!DOCTYPE tt SYSTEM "{(tmp_path / "none.dtd").as_uri()}" '
            f'[<!ENTITY x SYSTEM "{secret.as_uri()}"><!ENTITY n SYSTEM "http://127.0.0.1:9/x">]>'
            f'<tt xmlns="{TTML}"><body><div><p begin="1s" end="2s">a &x;&n; b</p></div></body>'
            '</tt>')
    track = transconv.loads(data.encode())
    assert isinstance(track, CaptionTrack)
    assert [c.lines for c in track.cues] == [("a b",)]
    assert "SECRET" not in repr(track)


# --- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "message"), [
    ('<div><p begin="1s" end="2s">Fish & chips</p></div>', "line 4: not well-formed XML"),
    ('<div>\n<p begin="1s" end="2s">a</div>', "line 5: not well-formed XML: Opening and ending "
                                              "tag mismatch"),
    ('<div>\n\n<p begin="1s" end="00:00:02,5OO">a</p></div>',
     "line 6: <p> end='00:00:02,5OO' is not a TTML time expression"),
    ('<div><p begin="1s" end="2s"><span begin="x">a</span></p></div>',
     "line 4: <span> begin='x' is not a TTML time expression"),
    ('<div><p begin="1s" end="2s">&nbsp;</p></div>', "Entity 'nbsp' not defined"),
])
def test_errors_name_the_line(body: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        transconv.loads(doc(body), name="in.ttml")
    text = str(caught.value)
    assert text.startswith("in.ttml: line ") and message in text and "\n" not in text


@pytest.mark.parametrize(("params", "message"), [
    ('ttp:frameRate="fast"', "line 2: ttp:frameRate='fast' is not a frame rate"),
    ('ttp:frameRateMultiplier="1000"', "ttp:frameRateMultiplier='1000' is not"),
    ('ttp:tickRate="0"', "ttp:tickRate='0' is not a positive whole number"),
    ('ttp:timeBase="smpte" ttp:dropMode="dropNTSC" ttp:frameRate="25"', "dropNTSC"),
])
def test_bad_parameters(params: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        transconv.loads(doc("", params=params))


def test_forced_on_other_xml() -> None:
    with pytest.raises(InvalidInput, match=r"line 1: the root element is <html>"):
        transconv.loads(b"<html><body/></html>", shape="dfxp")
    with pytest.raises(InvalidInput, match=r"not well-formed XML"):
        transconv.loads(b"1\n00:00:01,000 --> 00:00:02,000\nhi\n", shape="ttml")


def run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    # the environment (PYTHONPATH included) passes through to the child
    return subprocess.run([sys.executable, "-m", "transconv", *map(str, args)],
                          capture_output=True, check=False, timeout=60)


def test_command_exit_3_with_the_line_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "in.ttml"
    bad.write_bytes(doc('<div>\n<p begin="1s" end="later">a</p></div>'))
    out = tmp_path / "out.srt"
    proc = run("convert", bad, "-o", out)
    assert proc.returncode == 3
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "in.ttml: line 5: <p> end='later' is not a TTML time expression" in err
    assert not out.exists()


def test_command_converts_detected_ttml(tmp_path: Path) -> None:
    good = tmp_path / "in.xml"
    good.write_bytes(SAMPLE)
    out = tmp_path / "out.srt"
    proc = run("convert", good, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "00:00:01,000 --> 00:00:02,500" in out.read_text(encoding="utf-8")


# --- detection -----------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "score"), [
    (SAMPLE, 2),
    (f'<!-- c --><!DOCTYPE tt [ <!ENTITY a "b"> ]>\n<tt:tt xmlns:tt="{TTML}"/>'.encode(), 2),
    (b'<tt xmlns="http://www.w3.org/2006/10/ttaf1">', 2),
    (b"<?xml version='1.0'?><tt xml:lang='en'><body/></tt>", 1),
    (b'<tt xmlns="urn:other"/>', 0),
    (b'<tt:tt xmlns:tt="urn:other"/>', 0),
    (b"1\n00:00:01,000 --> 00:00:02,000\nHello\n", 0),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hello\n", 0),
    (b"0:00:01.000,0:00:02.000\nHello\n", 0),
    (b'{"monologues": []}', 0),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', 0),
    (b"<SAMI><BODY><SYNC Start=0><P>hi</SAMI>", 0),
    (b"", 0), (b"\xff\xfe", 0),
])
def test_sniff(head: bytes, score: int) -> None:
    assert sniff(head) == score


def test_detected_from_content_whatever_the_name() -> None:
    track = transconv.loads(SAMPLE, name="captions.txt")
    assert isinstance(track, CaptionTrack) and track.source == "ttml"


# --- fuzz ----------------------------------------------------------------------------------

def _check(data: bytes, **options: object) -> None:
    began = time.perf_counter()
    with contextlib.suppress(TransconvError):
        transconv.loads(data, shape="ttml", **options)
    assert time.perf_counter() - began < 2


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes(data: bytes) -> None:
    _check(data)


FUZZ_SEED = (SAMPLE + doc('<div timeContainer="seq"><p dur="1s"><span begin="0.5s">x</span>'
                          '</p><p dur="10t" xml:space="preserve">y\nz</p></div>')
             ).decode().split("\n")
_TOKENS = ["<", ">", "/>", '"', "&", "&amp;", "begin=", 'end="', "1s", "00:00:01:29.9", "<br/>",
           "</p>", "<span>", "f", "t", 'timeContainer="seq"', "xml:space='preserve'", "\x00",
           "ttm:agent='x'", ":", ".", "é", "<!DOCTYPE tt [<!ENTITY e 'x'>]>", "&e;", "\n"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0), st.lists(st.tuples(st.integers(min_value=0),
                                                    st.sampled_from(_TOKENS)), max_size=12))
def test_fuzz_mutated_documents(seed: int, edits: list[tuple[int, str]]) -> None:
    text = "\n".join(FUZZ_SEED)
    chooser = random.Random(seed)
    for position, token in edits:
        at = position % (len(text) + 1)
        if chooser.random() < 0.5:
            text = text[:at] + token + text[at:]
        else:
            text = text[:at] + text[at + len(token):]
    _check(text.encode("utf-8", "surrogatepass"))
    _check(text.encode("utf-16"), encoding="utf-16")
