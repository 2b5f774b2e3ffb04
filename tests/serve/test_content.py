"""Content negotiation over HTTP: every row of the table, extensions, every charset."""

from __future__ import annotations

import codecs
import json

import pytest

from tests.serve.support import API, Server

REV = "application/json+rev-transcript"
YT = "text/plain; format=youtube-transcript"
SRT = "application/x-subrip"
VTT = "text/vtt"

#: charsets-negotiation.md §6.4, against a transcript attachment (None: 406).
TABLE = [
    ("text/*;q=0.9, text/plain;q=0.1", VTT),
    ("text/plain;format=youtube-transcript;q=0.2, text/plain;q=0.9", "text/plain"),
    ("text/plain;format=youtube-transcript", YT),
    ('text/plain; format="youtube-transcript"', YT),
    ("text/plain", "text/plain"),
    ("TEXT/PLAIN", "text/plain"),
    ("text/plain;format=other", None),
    ("*/*", REV),
    ("text/vtt;q=0.5, application/x-subrip;q=0.5", SRT),
    ("application/msword", None),
    ("text/plain;q=0, */*;q=0.1", REV),
    ("", REV),
    ("text/plain;q=abc, text/vtt", VTT),
]


def _media(content_type: str) -> str:
    return content_type.split("; charset=")[0]


def _check_body(media: str, body: bytes) -> None:
    """The body is what its type says, with the interview's real words."""
    text = body.decode("utf-8").replace("\r\n", "\n")
    if media == REV:
        doc = json.loads(text)
        words = [e["value"] for e in doc["monologues"][0]["elements"]]
        assert words[:2] == ["Good", "morning,"]
    elif media == VTT:
        assert text.startswith("WEBVTT") and "--> " in text and "Good morning," in text
    elif media == SRT:
        assert text.startswith("1\n00:00:01,200 --> ") and "Good morning," in text
    elif media == YT:
        assert text.startswith(">> INTERVIEWER: Good morning, and thank you")
    else:
        assert "Interviewer (00:01):\nGood morning" in text


@pytest.mark.parametrize(("accept", "expected"), TABLE)
def test_every_row_of_the_negotiation_table(server: Server, accept: str,
                                            expected: str | None) -> None:
    with server.client() as http:
        answer = http.get(f"{API}/interview/content", headers={"accept": accept})
    if expected is None:
        assert answer.status_code == 406
        problem = answer.json()
        assert problem["status"] == 406 and REV in problem["available"]
        assert answer.headers["content-type"] == "application/problem+json"
        return
    assert answer.status_code == 200, answer.text
    assert _media(answer.headers["content-type"]) == expected
    assert answer.headers["content-type"].endswith("; charset=utf-8")
    assert answer.headers["vary"] == "Accept, Accept-Charset"
    _check_body(expected, answer.content)


@pytest.mark.parametrize(("suffix", "expected", "magic"), [
    (".json", REV, b"{"), (".srt", SRT, b"1\r\n00:00:01,200"), (".vtt", VTT, b"WEBVTT"),
    (".txt", "text/plain", b"Interviewer (00:01)"), (".youtube.txt", YT, b">> INTERVIEWER"),
    (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     b"PK\x03\x04"), (".pdf", "application/pdf", b"%PDF-")])
def test_the_extension_chooses_and_wins_over_accept(server: Server, suffix: str,
                                                    expected: str, magic: bytes) -> None:
    with server.client() as http:
        answer = http.get(f"{API}/interview/content{suffix}",
                          headers={"accept": "application/msword"})
    assert answer.status_code == 200
    assert _media(answer.headers["content-type"]) == expected
    assert answer.content.startswith(magic)


def test_an_extension_of_no_representation_is_406(server: Server) -> None:
    with server.client() as http:
        answer = http.get(f"{API}/interview/content.scc")
    assert answer.status_code == 406
    assert answer.json()["available"][0] == REV


def test_captions_default_to_srt_and_offer_caption_formats(server: Server) -> None:
    with server.client() as http:
        default = http.get(f"{API}/clip-en/content")
        vtt = http.get(f"{API}/clip-en/content", headers={"accept": "text/vtt"})
        scc = http.get(f"{API}/clip-en/content.scc")
        ttml = http.get(f"{API}/clip-en/content", params={"format": "ttml"})
        pdf = http.get(f"{API}/clip-en/content", headers={"accept": "application/pdf"})
    assert default.headers["content-type"] == "application/x-subrip; charset=utf-8"
    assert default.text == ("1\r\n00:00:01,000 --> 00:00:03,000\r\nHello there.\r\n\r\n"
                            "2\r\n00:00:04,000 --> 00:00:06,500\r\nSecond cue here.\r\n\r\n"
                            "3\r\n00:00:07,000 --> 00:00:09,000\r\nThird and last.\r\n\r\n")
    assert vtt.text.startswith("WEBVTT") and "00:00:04.000 --> 00:00:06.500" in vtt.text
    assert scc.text.startswith("Scenarist_SCC V1.0")
    assert ttml.headers["content-type"].startswith("application/ttml+xml")
    assert "Second cue here." in ttml.text
    assert pdf.status_code == 406 and SRT in pdf.json()["available"]


SAMPLE_NAME = "Hélène Dubois"


@pytest.mark.parametrize(("charset", "codec", "name"), [
    ("utf-8", "utf-8", SAMPLE_NAME), ("utf-16", "utf-16", SAMPLE_NAME),
    ("windows-1252", "cp1252", SAMPLE_NAME), ("iso-8859-1", "latin-1", SAMPLE_NAME),
    ("us-ascii", "ascii", "Helene Dubois"), ("cp1252", "cp1252", SAMPLE_NAME),
    ("latin1", "latin-1", SAMPLE_NAME)])
@pytest.mark.parametrize("accept", ["text/plain", "text/plain;format=youtube-transcript"])
def test_every_charset_of_the_plain_text_forms(server: Server, charset: str, codec: str,
                                               name: str, accept: str) -> None:
    with server.client() as http:
        answer = http.get(f"{API}/interview/content",
                          headers={"accept": accept, "accept-charset": charset})
    assert answer.status_code == 200
    canonical = {"cp1252": "windows-1252", "latin1": "iso-8859-1"}.get(charset, charset)
    assert answer.headers["content-type"].endswith(f"; charset={canonical}")
    body = answer.content
    if charset == "utf-16":
        assert body.startswith(codecs.BOM_UTF16_LE)
    if charset == "utf-8":
        assert not body.startswith(codecs.BOM_UTF8)
    text = body.decode(codec)
    assert "Good morning, and thank you for coming in today." in text
    if "youtube" not in accept:
        assert f"{name} (00:09):\r\n" in text


def test_accept_charset_is_ignored_by_fixed_utf8_formats(server: Server) -> None:
    with server.client() as http:
        answer = http.get(f"{API}/interview/content.srt", headers={"accept-charset": "koi8-r"})
    assert answer.headers["content-type"] == "application/x-subrip; charset=utf-8"


def test_no_acceptable_charset_is_406_listing_the_charsets(server: Server) -> None:
    with server.client() as http:
        answer = http.get(f"{API}/interview/content.txt", headers={"accept-charset": "koi8-r"})
    assert answer.status_code == 406
    assert answer.json()["charsets"] == ["utf-8", "utf-16", "windows-1252", "iso-8859-1",
                                         "us-ascii"]


def test_accept_charset_q_values_and_star(server: Server) -> None:
    with server.client() as http:
        star = http.get(f"{API}/interview/content.txt",
                        headers={"accept-charset": "utf-8;q=0, *;q=0.5"})
        ranked = http.get(f"{API}/interview/content.txt",
                          headers={"accept-charset": "us-ascii;q=0.4, iso-8859-1;q=0.9"})
    assert star.headers["content-type"] == "text/plain; charset=utf-16"
    assert ranked.headers["content-type"] == "text/plain; charset=iso-8859-1"


def test_writer_options_come_from_the_query(server: Server) -> None:
    with server.client() as http:
        narrow = http.get(f"{API}/interview/content.srt", params={"max_chars": "20"})
        shifted = http.get(f"{API}/clip-en/content.srt", params={"shift": "-500ms"})
        unknown = http.get(f"{API}/interview/content.srt", params={"max_charz": "20"})
    lines = [line for line in narrow.text.splitlines() if line and "-->" not in line
             and not line.isdigit()]
    assert lines and max(len(line) for line in lines) <= 20
    assert "00:00:00,500 --> 00:00:02,500\r\nHello there." in shifted.text
    assert unknown.status_code == 400 and "max_charz" in unknown.json()["detail"]


def test_mcc_is_streamed(server: Server) -> None:
    with server.client() as http, http.stream("GET", f"{API}/clip-en/content.mcc") as answer:
        assert answer.status_code == 200
        assert "content-length" not in answer.headers
        assert answer.headers["transfer-encoding"] == "chunked"
        body = b"".join(answer.iter_bytes())
    assert body.startswith(b"File Format=MacCaption_MCC V")
    with server.client() as http:
        again = http.get(f"{API}/clip-en/content.mcc")
    # One ETag, one body: the UUID and the dates are pinned to the file's version.
    assert again.headers["etag"] == answer.headers["etag"] and again.content == body
