"""Listing, errors, ETag/304, byte ranges, ids that try to leave ROOT, the SmartDocumentor
export and POST /api/v1/convert, against the running server."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.serve.support import API, SECRET, SMARTDOC, TASK_ID, Server, serving


def _one_line_problem(answer: object, status: int) -> dict[str, object]:
    """An error body: one line of JSON with the status and a one-line detail."""
    text = answer.text  # type: ignore[attr-defined]
    assert answer.status_code == status, text[:300]  # type: ignore[attr-defined]
    assert answer.headers["content-type"] == "application/problem+json"  # type: ignore
    assert text.count("\n") == 1 and text.endswith("\n")
    problem: dict[str, object] = json.loads(text)
    assert problem["status"] == status and "\n" not in str(problem["detail"])
    assert "Traceback" not in text
    return problem


def test_the_list_and_one_attachment(server: Server) -> None:
    with server.client() as http:
        listed = http.get(API).json()["attachments"]
        one = http.get(f"{API}/clip").json()
    kinds = {a["id"]: a["kind"] for a in listed}
    assert kinds == {"interview": "transcript", "depo": "transcript", "second": "transcript",
                     "clip-en": "caption", "clip.fr": "caption", "clip": "media",
                     "promo": "burnedin"}
    interview = next(a for a in listed if a["id"] == "interview")
    assert interview["name"] == "interview.json"
    assert interview["media_types"][:2] == [
        "application/json+rev-transcript",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert one["captions"] == ["clip-en", "clip.fr"] and one["media_types"] == ["video/webm"]
    caption = next(a for a in listed if a["id"] == "clip.fr")
    assert caption["media"] == "clip" and "text/vtt" in caption["media_types"]


def test_errors_are_one_line_json(server: Server) -> None:
    with server.client() as http:
        _one_line_problem(http.get(f"{API}/nope/content"), 404)
        _one_line_problem(http.get(f"{API}/nope"), 404)
        _one_line_problem(http.get("/api/v2/whatever"), 404)
        _one_line_problem(http.post(f"{API}/interview/content"), 405)
        refused = _one_line_problem(http.get(f"{API}/interview/content",
                                             headers={"accept": "image/png"}), 406)
        _one_line_problem(http.get(f"{API}/interview/content.srt",
                                   params={"max_chars": "many"}), 400)
        _one_line_problem(http.get(SMARTDOC), 400)
    assert "no acceptable transcript format for Accept 'image/png'" in str(refused["detail"])


def test_etag_and_if_none_match(server: Server) -> None:
    with server.client() as http:
        first = http.get(f"{API}/interview/content.srt")
        tag = first.headers["etag"]
        again = http.get(f"{API}/interview/content.srt", headers={"if-none-match": tag})
        weak = http.get(f"{API}/interview/content.srt",
                        headers={"if-none-match": f'"other", W/{tag}'})
        other = http.get(f"{API}/interview/content.vtt", headers={"if-none-match": tag})
        optioned = http.get(f"{API}/interview/content.srt", params={"max_chars": "20"},
                            headers={"if-none-match": tag})
        charset = http.get(f"{API}/interview/content.txt", headers={"accept-charset": "utf-16"})
        media = http.get(f"{API}/clip/content")
        media_again = http.get(f"{API}/clip/content",
                               headers={"if-none-match": media.headers["etag"]})
    assert tag.startswith('"') and not tag.startswith('W/')
    assert first.headers["cache-control"] == "no-cache"
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert weak.status_code == 304
    assert other.status_code == 200 and other.headers["etag"] != tag
    assert optioned.status_code == 200 and optioned.headers["etag"] != tag
    assert charset.headers["etag"] not in (tag, other.headers["etag"])
    assert media_again.status_code == 304


def test_byte_ranges_of_media(server: Server, root: Path) -> None:
    data = (root / "media" / "clip.webm").read_bytes()
    size = len(data)
    with server.client() as http:
        head = http.get(f"{API}/clip/content", headers={"range": "bytes=0-99"})
        tail = http.get(f"{API}/clip/content", headers={"range": "bytes=-50"})
        rest = http.get(f"{API}/clip/content", headers={"range": f"bytes={size - 10}-"})
        past = http.get(f"{API}/clip/content", headers={"range": f"bytes={size}-"})
        junk = http.get(f"{API}/clip/content", headers={"range": "bytes=ab-cd"})
        many = http.get(f"{API}/clip/content", headers={"range": "bytes=0-1,5-6"})
        whole = http.get(f"{API}/clip/content.webm")
        stale = http.get(f"{API}/clip/content", headers={"range": "bytes=0-9",
                                                         "if-range": '"not-the-etag"'})
    assert head.status_code == 206 and head.content == data[:100]
    assert head.headers["content-range"] == f"bytes 0-99/{size}"
    assert tail.status_code == 206 and tail.content == data[-50:]
    assert rest.status_code == 206 and rest.content == data[-10:]
    assert _one_line_problem(past, 416) and past.headers["content-range"] == f"bytes */{size}"
    assert junk.status_code == 200 and junk.content == data
    assert many.status_code == 200 and many.content == data
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/webm"
    assert whole.headers["accept-ranges"] == "bytes" and whole.content == data
    assert stale.status_code == 200 and stale.content == data


def test_media_is_sent_as_it_is_and_burnedin_ignores_accept(server: Server,
                                                            root: Path) -> None:
    with server.client() as http:
        refused = http.get(f"{API}/clip/content", headers={"accept": "audio/*"})
        admitted = http.get(f"{API}/clip/content", headers={"accept": "video/*;q=0.5"})
        wrong = http.get(f"{API}/clip/content.mp4")
        burned = http.get(f"{API}/promo/content", headers={"accept": "text/plain"})
    assert _one_line_problem(refused, 406)["available"] == ["video/webm"]
    assert admitted.status_code == 200
    assert wrong.status_code == 406
    assert burned.status_code == 200 and burned.headers["content-type"] == "video/mp4"
    assert burned.content == (root / "burnedin" / "promo.mp4").read_bytes()


TRAVERSALS = [
    "/api/v1/attachments/../../secret/content",
    "/api/v1/attachments/..%2F..%2Fsecret/content",
    "/api/v1/attachments/..%2fsecret/content",
    "/api/v1/attachments/%2e%2e%2f%2e%2e%2fsecret/content",
    "/api/v1/attachments/%252e%252e%252fsecret/content",
    "/api/v1/attachments/..%5C..%5Csecret/content",
    "/api/v1/attachments/%2Fetc%2Fpasswd/content",
    "/api/v1/attachments/transcripts%2Finterview/content",
    "/api/v1/attachments/../outside/content",
    "/api/v1/attachments/..%2F..%2Foutside/content.json",
    "/api/v1/attachments/%00/content",
    "/api/v1/attachments/secret%00/content",
    "/api/v1/attachments/interview%00.json/content",
    "/api/v1/attachments/../../../../etc/passwd",
    "/api/v1/attachments/.%2e/content",
    "/api/v1/attachments/secret/content",
    "/api/v1/attachments/outside/content",
    "/attachments/..%2F..%2Fsecret",
    "/static/../../secret.json",
    "/static/..%2F..%2Fsecret.json",
    "/static/%2e%2e/%2e%2e/secret.json",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_ids_never_reach_outside_the_folders(server: Server, path: str) -> None:
    """Raw request targets (no client-side normalisation): never the secret, never a 500."""
    where = urlsplit(server.url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    connection.request("GET", path)
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    assert answer.status in (400, 404), (answer.status, body[:200])
    assert SECRET.encode() not in body and b"root:" not in body


def test_a_link_out_of_root_is_no_attachment(tmp_path: Path) -> None:
    from tests.serve.support import make_root

    root = make_root(tmp_path)
    (root / "captions" / "leak.json").symlink_to(tmp_path / "outside.json")
    (root / "transcripts" / "nested").mkdir()
    (root / "transcripts" / "nested" / "deep.json").write_text("{}")
    with serving(root) as server, server.client() as http:
        ids = [a["id"] for a in http.get(API).json()["attachments"]]
        leak = http.get(f"{API}/leak/content.json")
    assert "leak" not in ids and "nested" not in ids and "deep" not in ids
    assert leak.status_code == 404 and SECRET not in leak.text


def test_the_smartdocumentor_export(server: Server, root: Path) -> None:
    original = (root / "transcripts" / "depo.json").read_bytes()
    with server.client() as http:
        as_is = http.get(f"{SMARTDOC}/{TASK_ID}")
        star = http.get(f"{SMARTDOC}/{TASK_ID}", headers={"accept": "*/*"})
        srt = http.get(f"{SMARTDOC}/{TASK_ID}", headers={"accept": "application/x-subrip"})
        by_external = http.get(SMARTDOC, params={"externalId": "case-77"})
        vtt = http.get(SMARTDOC, params={"externalId": "case-77", "format": "vtt"})
        unknown = http.get(f"{SMARTDOC}/no-such-task")
        neither = http.get(SMARTDOC)
        refused = http.get(f"{SMARTDOC}/{TASK_ID}", headers={"accept": "image/png"})
        again = http.get(f"{SMARTDOC}/{TASK_ID}", headers={"if-none-match": as_is.headers["etag"]})
    assert as_is.status_code == 200 and as_is.content == original
    assert as_is.headers["content-type"] == "application/json"
    assert star.content == original
    assert srt.headers["content-type"] == "application/x-subrip; charset=utf-8"
    assert srt.text.startswith("1\r\n00:00:") and "-->" in srt.text
    assert json.loads(by_external.content)["taskId"] == "task-two"
    assert vtt.text.startswith("WEBVTT")
    _one_line_problem(unknown, 404)
    _one_line_problem(neither, 400)
    assert "application/json" in _one_line_problem(refused, 406)["available"]  # type: ignore
    assert again.status_code == 304


def test_convert_posted_input(server: Server, root: Path) -> None:
    rev = (root / "transcripts" / "interview.json").read_bytes()
    sbv = (root / "captions" / "clip-en.sbv").read_bytes()
    with server.client() as http:
        srt = http.post("/api/v1/convert", content=rev, params={"format": "srt"})
        vtt = http.post("/api/v1/convert", content=rev, headers={"accept": "text/vtt"})
        default = http.post("/api/v1/convert", content=rev)
        caption = http.post("/api/v1/convert", content=sbv, params={"shift": "1s"})
        docx = http.post("/api/v1/convert", content=sbv,
                         headers={"accept": "application/vnd.openxmlformats-officedocument."
                                            "wordprocessingml.document"})
        txt = http.post("/api/v1/convert", content=rev,
                        headers={"accept": "text/plain", "accept-charset": "us-ascii"})
        garbage = http.post("/api/v1/convert", content=b"\x00\x01 not a transcript")
        bad_line = http.post("/api/v1/convert", content=b"0:00:01.000,0:00:02.000\nHi\n\n"
                             b"0:00:05.000,0:00:04.000\nThere\n", params={"from": "sbv"})
        empty = http.post("/api/v1/convert", content=b"")
        unknown = http.post("/api/v1/convert", content=rev, params={"format": "nope"})
    assert srt.headers["content-type"] == "application/x-subrip; charset=utf-8"
    assert srt.text.startswith("1\r\n00:00:01,200 --> ")
    assert vtt.text.startswith("WEBVTT")
    assert default.headers["content-type"].startswith("application/json+rev-transcript")
    assert caption.headers["content-type"].startswith("application/x-subrip")
    assert "00:00:02,000 --> 00:00:04,000\r\nHello there." in caption.text
    assert docx.content.startswith(b"PK")
    assert txt.headers["content-type"] == "text/plain; charset=us-ascii"
    assert "Helene Dubois (00:09)" in txt.text and max(txt.content) < 0x80
    assert "not a format this project reads" in str(_one_line_problem(garbage, 422)["detail"])
    assert str(_one_line_problem(bad_line, 422)["detail"]).startswith("body: line 4: ")
    _one_line_problem(empty, 422)
    _one_line_problem(unknown, 400)


def test_over_the_size_limit_is_413(tmp_path: Path) -> None:
    from tests.serve.support import make_root

    root = make_root(tmp_path)
    with serving(root, "--max-bytes", "20000") as server, server.client() as http:
        upload = http.post("/api/v1/convert", content=b" " * 20001)
        streamed = http.post("/api/v1/convert", content=iter([b" " * 15000] * 3))
        attachment = http.get(f"{API}/interview/content.srt")  # 38 kB file
        small = http.get(f"{API}/clip-en/content.srt")
    assert "20,000-byte limit" in str(_one_line_problem(upload, 413)["detail"])
    _one_line_problem(streamed, 413)
    _one_line_problem(attachment, 413)
    assert small.status_code == 200


def test_unreadable_attachment_is_422(tmp_path: Path) -> None:
    from tests.serve.support import make_root

    root = make_root(tmp_path)
    (root / "captions" / "broken.sbv").write_text("0:00:01.000,0:00:02.000\nHi\n\n"
                                                  "0:00:05.000,0:00:04.000\nThere\n")
    (root / "transcripts" / "bad.json").write_text('{"monologues": [')
    with serving(root) as server, server.client() as http:
        broken = http.get(f"{API}/broken/content.vtt")
        bad = http.get(f"{API}/bad/content")
    detail = str(_one_line_problem(broken, 422)["detail"])
    assert detail.startswith("captions/broken.sbv: line 4: ")
    assert str(_one_line_problem(bad, 422)["detail"]).startswith("transcripts/bad.json")
