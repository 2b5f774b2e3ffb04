"""The web page in a real headless Chromium (Debian's, driven by Playwright): the list, a
download, and the player with its caption tracks served as WebVTT by the API."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from tests.conftest import require_tool
from tests.serve.support import API, make_root, serving

#: The active cue, as the browser's own WebVTT parser and clock see it.
ACTIVE = """() => {
  const track = document.getElementById("player").textTracks[0];
  return track.activeCues && track.activeCues.length ? track.activeCues[0].text : null;
}"""


def _video(ffmpeg: str, target: Path) -> bytes:
    """Ten seconds of a VP8 test picture in WebM, which every Chromium build plays."""
    subprocess.run([ffmpeg, "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=duration=10:size=160x90:rate=10", "-c:v", "libvpx", "-b:v",
                    "100k", str(target)], check=True, timeout=120)
    return target.read_bytes()


def test_the_page_the_player_and_downloads(tmp_path: Path) -> None:
    chromium = require_tool("chromium")
    video = _video(require_tool("ffmpeg"), tmp_path / "clip.webm")
    (tmp_path / "served").mkdir()
    root = make_root(tmp_path / "served", media=video)
    with serving(root) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            page = browser.new_page(accept_downloads=True)
            asked: list[str] = []
            page.on("request", lambda request: asked.append(request.url))
            page.goto(f"{server.url}/")

            # The list: one row per attachment, a link per representation.
            ids = page.locator("#attachments tbody tr").evaluate_all(
                "rows => rows.map(row => row.dataset.id)")
            assert sorted(ids) == ["clip", "clip-en", "clip.fr", "depo", "interview", "promo",
                                   "second"]
            assert page.locator('tr[data-id="interview"] a.rep').count() == 7

            # A download is the API's representation, named for the attachment.
            with page.expect_download() as started:
                page.click('a[download="interview.srt"]')
            download = started.value
            assert download.suggested_filename == "interview.srt"
            saved = Path(download.path()).read_bytes()
            expected = httpx.get(f"{server.url}{API}/interview/content.srt").content
            assert saved == expected and b"Good morning," in saved
            with page.expect_download() as started:
                page.click('a[download="clip.fr.vtt"]')
            assert Path(started.value.path()).read_text(encoding="utf-8").startswith("WEBVTT")

            # The media page: the player, its tracks, the caption list following the clock.
            page.click('a[href="/attachments/clip"]')
            page.wait_for_selector("#cues li")
            texts = page.locator("#cues li .text").all_inner_texts()
            assert texts == ["Hello there.", "Second cue here.", "Third and last."]
            assert page.locator("#cues li .time").all_inner_texts() == ["0:01", "0:04", "0:07"]
            page.wait_for_function(
                "() => document.getElementById('player').readyState >= 1")
            assert page.evaluate("() => document.getElementById('player').duration") > 9
            page.evaluate("() => { document.getElementById('player').currentTime = 4.5; }")
            page.wait_for_function(f"() => ({ACTIVE})() === 'Second cue here.'")
            page.wait_for_selector("#cues li.active")
            assert page.locator("#cues li.active .text").inner_text() == "Second cue here."
            page.evaluate("() => { document.getElementById('player').currentTime = 7.5; }")
            page.wait_for_function(f"() => ({ACTIVE})() === 'Third and last.'")
            page.wait_for_function(
                "() => document.querySelector('#cues li.active .text')?.textContent "
                "=== 'Third and last.'")
            # A cue's time seeks to it.
            page.locator("#cues li .time").first.click()
            page.wait_for_function(f"() => ({ACTIVE})() === 'Hello there.'")

            # The other track, chosen in the list.
            page.select_option("#track-choice", "1")
            page.wait_for_function(
                "() => document.querySelector('#cues li .text')?.textContent "
                "=== 'Bonjour à tous.'")
            tracks = page.locator("video track").evaluate_all(
                "ts => ts.map(t => [t.getAttribute('src'), t.srclang, t.track.mode])")
            assert tracks == [[f"{API}/clip-en/content.vtt", "en", "hidden"],
                              [f"{API}/clip.fr/content.vtt", "fr", "showing"]]
        finally:
            browser.close()
    # Every asset came from the server itself.
    assert asked and all(url.startswith(server.url) for url in asked), asked
