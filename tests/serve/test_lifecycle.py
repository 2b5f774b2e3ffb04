"""Files changing under a running server, start-up refusals, tokens and hosts, and stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import transconv
from tests.serve.support import API, CLIP_EN, Server, big_rev, command_env, make_root, serving


def test_a_changed_file_is_never_served_stale(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    caption = root / "captions" / "clip-en.sbv"
    with serving(root) as server, server.client() as http:
        before = http.get(f"{API}/clip-en/content.srt")
        # Same size, same modification time: only the bytes (and the change time) differ.
        stat = caption.stat()
        caption.write_text(CLIP_EN.replace("Hello there.", "Howdy there."), encoding="utf-8")
        os.utime(caption, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert caption.stat().st_size == stat.st_size
        after = http.get(f"{API}/clip-en/content.srt",
                         headers={"if-none-match": before.headers["etag"]})
        # A longer text, written again within the same second.
        caption.write_text(CLIP_EN.replace("Hello there.", "Hello again, everyone."),
                           encoding="utf-8")
        longer = http.get(f"{API}/clip-en/content.srt")
        # Added and removed files are seen at once.
        (root / "captions" / "clip-de.sbv").write_text(
            "0:00:01.000,0:00:02.000\nGuten Tag.\n", encoding="utf-8")
        added = http.get(f"{API}/clip-de/content.vtt")
        listed = [a["id"] for a in http.get(API).json()["attachments"]]
        owned = http.get(f"{API}/clip").json()["captions"]
        (root / "transcripts" / "interview.json").unlink()
        removed = http.get(f"{API}/interview/content.srt")
    assert "Hello there." in before.text
    assert after.status_code == 200 and "Howdy there." in after.text
    assert after.headers["etag"] != before.headers["etag"]
    assert "Hello again, everyone." in longer.text
    assert added.status_code == 200 and "Guten Tag." in added.text
    assert "clip-de" in listed and owned == ["clip-de", "clip-en", "clip.fr"]
    assert removed.status_code == 404


def test_a_settled_file_changed_later_gets_a_new_etag(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    caption = root / "captions" / "clip-en.sbv"
    old = time.time() - 60
    os.utime(caption, (old, old))
    with serving(root) as server, server.client() as http:
        first = http.get(f"{API}/clip-en/content.srt")
        cached = http.get(f"{API}/clip-en/content.srt")
        caption.write_text(CLIP_EN.replace("Third and last.", "Fourth, in fact."),
                           encoding="utf-8")
        os.utime(caption, (old, old))  # an old modification time again: ctime still moves
        changed = http.get(f"{API}/clip-en/content.srt")
    assert first.headers["etag"] == cached.headers["etag"] and first.text == cached.text
    assert "Fourth, in fact." in changed.text
    assert changed.headers["etag"] != first.headers["etag"]


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transconv", "serve", *args],
                          capture_output=True, text=True, timeout=60, env=command_env(),
                          check=False)


def test_start_up_refusals_are_one_line(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "captions" / "interview.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nx\n")
    doubled = _serve(str(root), "--port", "0")
    missing = _serve(str(tmp_path / "nowhere"), "--port", "0")
    empty_tokens = tmp_path / "tokens"
    empty_tokens.write_text("# nothing yet\n\n")
    no_token = _serve(str(tmp_path), "--port", "0", "--token-file", str(empty_tokens))
    assert doubled.returncode == 2
    assert doubled.stderr == ("transconv: attachment id 'interview' is given by "
                              "captions/interview.srt and transcripts/interview.json; "
                              "ids must be unique\n")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "not a folder" in missing.stderr
    assert no_token.returncode == 2 and "holds no token" in no_token.stderr


TOKEN = "s3cret-token-of-the-team-0123456789"


def test_tokens_guard_the_api_and_the_pages(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"# team tokens\nanother-token-that-is-long-enough\n{TOKEN}\n")
    with serving(root, "--token-file", str(tokens)) as server:
        assert not any("loopback only" in line for line in server.lines)
        with server.client() as http:
            none = http.get(f"{API}/interview/content.srt")
            wrong = http.get(f"{API}/interview/content.srt",
                             headers={"authorization": f"Bearer {TOKEN}x"})
            basic = http.get(API, headers={"authorization": f"Basic {TOKEN}"})
            right = http.get(f"{API}/interview/content.srt",
                             headers={"authorization": f"Bearer {TOKEN}"})
            post = http.post("/api/v1/convert", content=b"{}")
            health = http.get("/healthz")
            page = http.get("/")
            style = http.get("/static/style.css")
            bad_login = http.post("/login", data={"token": "guess-guess-guess-guess"})
            login = http.post("/login", data={"token": TOKEN})
            cookie = login.cookies.get("transconv_token")
            with server.client(cookies={"transconv_token": TOKEN}) as browser:
                listed = browser.get("/")
                media = browser.get(f"{API}/clip/content", headers={"range": "bytes=0-9"})
    for refused in (none, wrong, basic, post):
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == 'Bearer realm="transconv"'
        assert refused.json()["detail"].startswith("a valid token is needed")
    assert right.status_code == 200 and right.text.startswith("1\r\n")
    assert health.json() == {"status": "ok"}
    assert page.status_code == 303 and page.headers["location"] == "/login"
    assert style.status_code == 200
    assert bad_login.status_code == 401
    assert login.status_code == 303 and cookie == TOKEN
    assert "HttpOnly" in login.headers["set-cookie"]
    assert "samesite=strict" in login.headers["set-cookie"].lower()
    assert listed.status_code == 200 and 'data-id="interview"' in listed.text
    assert media.status_code == 206


def test_without_a_token_only_loopback_names_are_answered(server: Server) -> None:
    assert any("no --token-file: answering loopback only" in line for line in server.lines)
    with server.client() as http:
        rebound = http.get(API, headers={"host": "attacker.example"})
        local = http.get(API, headers={"host": "localhost:1234"})
    assert rebound.status_code == 400 and "loopback names only" in rebound.json()["detail"]
    assert local.status_code == 200


def test_sigterm_ends_the_server_cleanly(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    server = Server(root)
    with server.client() as http:
        assert http.get("/healthz").status_code == 200
    assert server.stop(signal.SIGTERM) == 0, server.stderr
    assert server.lines[-1] == "transconv serve: stopped"
    assert "Traceback" not in server.stderr


def test_a_response_in_flight_finishes_after_sigterm(tmp_path: Path) -> None:
    """Four hours of words as MCC (20 MB, streamed) read slowly across a SIGTERM."""
    root = make_root(tmp_path)
    big_rev(root / "captions" / "long.json", 240)  # a caption attachment: caption formats
    source = root / "captions" / "long.json"
    created = datetime.fromtimestamp(source.stat().st_mtime_ns // 10**9, UTC).isoformat()
    expected = transconv.dumps(transconv.load(source), "mcc", created=created,
                               deterministic=True)
    server = Server(root)
    received = bytearray()
    with server.client() as http, http.stream("GET", f"{API}/long/content.mcc") as answer:
        assert answer.status_code == 200
        chunks = answer.iter_raw()
        received += next(chunks)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        assert server.process.poll() is None  # still sending to us
        for chunk in chunks:
            received += chunk
    assert answer.status_code == 200
    assert len(received) == len(expected) and bytes(received) == expected
    assert server.wait() == 0 and server.lines[-1] == "transconv serve: stopped"


def test_sigint_also_stops_it(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    server = Server(root)
    assert server.stop(signal.SIGINT) == 0, server.stderr
    assert "Traceback" not in server.stderr
