"""Bounded load test of ``transconv serve``: 32 clients, 5,000 mixed requests, every answer
checked, against one server process on a free loopback port.

The mix: cached conversions (a 1-hour transcript among them), uncached ones (a fresh
``shift`` each, so nothing is reused, parse included), 304s, 406s and byte ranges of a
media file. Every body is compared with what the library (or the file) gives. Checks,
each failing the run (exit 1): no error and no wrong body; the server's memory after the
run within 1.5 × after warm-up; its open file descriptors back to their count after warm-up.
Targets, reported as PASS/FAIL, each measured with the server otherwise idle (under 32
clients on two cores a latency is mostly queueing, reported per kind but not judged): a
cached response ≤ 5 ms p99 asked for by one client, and an uncached 1-hour transcript →
SRT within 1.5 × the same library call.

    python bench/serve_load.py                          # 5,000 requests, 32 clients
    python bench/serve_load.py --requests 1000 --clients 8

The run is bounded: a fixed number of requests, a timeout per request, and an overall
deadline after which it stops and fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import generate
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import transconv  # noqa: E402  (this checkout first)

API = "/api/v1/attachments"
CAPTION = "0:00:01.000,0:00:03.000\nHello there.\n\n0:00:04.000,0:00:06.500\nSecond cue.\n"
KINDS = ("cached", "uncached", "uncached-1h", "not-modified", "not-acceptable", "range")


@dataclass
class Request:
    kind: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    body: bytes | None = None  # expected body (None: checked otherwise)


@dataclass
class Outcome:
    kind: str
    seconds: float
    problem: str = ""


def make_folder(base: Path) -> dict[str, Path]:
    root = base / "root"
    for folder in ("transcripts", "captions", "media", "burnedin"):
        (root / folder).mkdir(parents=True)
    files = {"interview": root / "transcripts" / "interview.json",
             "hour": root / "transcripts" / "hour.json",
             "clip-en": root / "captions" / "clip-en.sbv", "clip": root / "media" / "clip.webm"}
    shutil.copy(ROOT / "samples" / "rev-interview.json", files["interview"])
    files["hour"].write_text(generate.rev_json(generate._turns(1)), encoding="utf-8")
    files["clip-en"].write_text(CAPTION, encoding="utf-8")
    files["clip"].write_bytes(random.Random(7).randbytes(4 * 1024 * 1024))
    old = time.time() - 60  # settled files: versions by stat alone, as in production
    for path in files.values():
        os.utime(path, (old, old))
    return {"root": root, **files}


def plan(files: dict[str, Path], total: int, rng: random.Random) -> tuple[list[Request],
                                                                            list[Request]]:
    """The warm-up requests (the cached set) and the mixed run, expected bodies included."""
    docs = {name: transconv.load(files[name]) for name in ("interview", "hour", "clip-en")}
    cached = [Request("cached", f"{API}/{i}/content{s}", body=transconv.dumps(docs[i], f))
              for i, s, f in (("interview", ".srt", "srt"), ("interview", ".vtt", "vtt"),
                              ("interview", ".json", "rev-json"), ("hour", ".srt", "srt"),
                              ("clip-en", ".vtt", "vtt"))]
    cached.append(Request("cached", f"{API}/interview/content", headers={
        "accept": "text/plain", "accept-charset": "windows-1252"}, body=transconv.dumps(
            docs["interview"], "txt", charset="windows-1252")))
    media = files["clip"].read_bytes()
    heavy = max(4, total // 600)
    light = total * 12 // 100
    requests: list[Request] = []
    for n in range(heavy):
        shift = f"{n + 1}ms"
        body = transconv.dumps(transconv.load(files["hour"], shift=shift), "srt")
        requests.append(Request("uncached-1h", f"{API}/hour/content.srt", {"shift": shift},
                                body=body))
    for n in range(light):
        shift, width = f"{n + 1}ms", 20 + n % 40
        body = transconv.dumps(transconv.load(files["interview"], shift=shift), "srt",
                               max_chars=width)
        requests.append(Request("uncached", f"{API}/interview/content.srt",
                                {"shift": shift, "max_chars": str(width)}, body=body))
    while len(requests) < total:
        roll = rng.random()
        if roll < 0.5:
            requests.append(rng.choice(cached))
        elif roll < 0.7:
            template = rng.choice(cached)
            requests.append(Request("not-modified", template.path, dict(template.params),
                                    dict(template.headers), 304, b""))
        elif roll < 0.8:
            requests.append(Request("not-acceptable", f"{API}/interview/content",
                                    headers={"accept": "application/msword"}, status=406))
        else:
            first = rng.randrange(len(media) - 1)
            last = min(len(media) - 1, first + rng.randrange(1, 256 * 1024))
            requests.append(Request("range", f"{API}/clip/content",
                                    headers={"range": f"bytes={first}-{last}"}, status=206,
                                    body=media[first:last + 1]))
    rng.shuffle(requests)
    return cached, requests


def check(request: Request, answer: httpx.Response) -> str:
    if answer.status_code != request.status:
        return f"status {answer.status_code}, expected {request.status}"
    if request.kind == "not-acceptable":
        available = answer.json().get("available", [])
        return "" if "application/json+rev-transcript" in available else "no available list"
    if request.body is not None and answer.content != request.body:
        return f"wrong body ({len(answer.content)} bytes, expected {len(request.body)})"
    return ""


async def run(url: str, requests: list[Request], clients: int, etags: dict[str, str],
              deadline: float) -> list[Outcome]:
    queue = iter(requests)
    outcomes: list[Outcome] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as http:
        async def client() -> None:
            for request in queue:
                headers = dict(request.headers)
                if request.kind == "not-modified":
                    headers["if-none-match"] = etags[_key(request)]
                start = time.perf_counter()
                try:
                    answer = await http.get(request.path, params=request.params,
                                            headers=headers)
                    problem = check(request, answer)
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                outcomes.append(Outcome(request.kind, time.perf_counter() - start, problem))

        await asyncio.wait_for(asyncio.gather(*(client() for _ in range(clients))), deadline)
    return outcomes


def _key(request: Request) -> str:
    return request.path + repr(sorted(request.headers.items()))


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def start(root: Path) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    process = subprocess.Popen([sys.executable, "-m", "transconv", "serve", str(root),
                                "--port", "0", "--quiet"], stderr=subprocess.PIPE, text=True,
                               env=env)
    assert process.stderr is not None
    for line in process.stderr:
        found = re.search(r" at (http://\S+?)/?$", line)
        if found:
            return process, found.group(1)
    raise SystemExit(f"the server did not start (exit {process.wait()})")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def idle_ratio(url: str, files: dict[str, Path], runs: int) -> tuple[float, float, float]:
    """Median server time and library time for an uncached 1-hour transcript → SRT."""
    served, library = [], []
    with httpx.Client(base_url=url, timeout=120) as http:
        for n in range(runs):
            shift = f"{10_000 + n}ms"
            start = time.perf_counter()
            answer = http.get(f"{API}/hour/content.srt", params={"shift": shift})
            served.append(time.perf_counter() - start)
            assert answer.status_code == 200
            start = time.perf_counter()
            body = transconv.dumps(transconv.load(files["hour"], shift=shift), "srt")
            library.append(time.perf_counter() - start)
            assert body == answer.content, "idle conversion differs from the library's"
    s, lib = statistics.median(served), statistics.median(library)
    return s, lib, s / lib


def idle_cached(url: str, cached: list[Request], count: int) -> list[float]:
    """Latencies of cached answers asked for one at a time (the server otherwise idle)."""
    times = []
    with httpx.Client(base_url=url, timeout=120) as http:
        for n in range(count):
            request = cached[n % len(cached)]
            start = time.perf_counter()
            answer = http.get(request.path, headers=request.headers)
            times.append(time.perf_counter() - start)
            assert not check(request, answer), check(request, answer)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--deadline", type=float, default=900, help="seconds for the run")
    parser.add_argument("--idle-runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = make_folder(Path(tmp))
        print("planning (expected bodies from the library) …", flush=True)
        cached, requests = plan(files, args.requests, random.Random(20261207))
        process, url = start(files["root"])
        failed: list[str] = []
        try:
            etags: dict[str, str] = {}
            with httpx.Client(base_url=url, timeout=120) as http:
                for request in cached:
                    answer = http.get(request.path, headers=request.headers)
                    etags[_key(request)] = answer.headers["etag"]
                    if check(request, answer):
                        failed.append(f"warm-up {request.path}: {check(request, answer)}")
            time.sleep(0.5)
            memory, handles = rss_kib(process.pid), fds(process.pid)
            began = time.perf_counter()
            outcomes = asyncio.run(run(url, requests, args.clients, etags, args.deadline))
            elapsed = time.perf_counter() - began
            time.sleep(1.0)  # the server closes the connections the clients left
            memory_after, handles_after = rss_kib(process.pid), fds(process.pid)
            served, library, ratio = idle_ratio(url, files, args.idle_runs)
            alone = idle_cached(url, cached, 300)
        finally:
            process.send_signal(signal.SIGTERM)
            stopped = process.wait(60)
    problems = [o for o in outcomes if o.problem]
    print(f"\n{len(outcomes)} requests, {args.clients} clients, {elapsed:.1f} s: "
          f"{len(outcomes) / elapsed:.0f} requests/s")
    print(f"{'kind':<16}{'count':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for kind in KINDS:
        times = [o.seconds for o in outcomes if o.kind == kind]
        if times:
            print(f"{kind:<16}{len(times):>7}{len(times) / elapsed:>9.0f}"
                  f"{percentile(times, 0.5) * 1000:>9.1f}{percentile(times, 0.99) * 1000:>9.1f}")
    print(f"memory: {memory / 1024:.0f} MiB after warm-up, {memory_after / 1024:.0f} MiB after")
    print(f"file descriptors: {handles} after warm-up, {handles_after} after")
    print(f"idle cached, one client: p50 {percentile(alone, 0.5) * 1000:.1f} ms, "
          f"p99 {percentile(alone, 0.99) * 1000:.1f} ms")
    print(f"idle uncached 1-hour → SRT: server {served:.2f} s, library {library:.2f} s, "
          f"ratio {ratio:.2f}")
    for outcome in problems[:10]:
        failed.append(f"{outcome.kind}: {outcome.problem}")
    if len(outcomes) != len(requests):
        failed.append(f"{len(requests) - len(outcomes)} requests never answered")
    if memory_after > 1.5 * memory:
        failed.append("memory grew past 1.5 × the warm-up's")
    if handles_after != handles:
        failed.append(f"file descriptors: {handles_after}, not back to {handles}")
    if stopped != 0:
        failed.append(f"the server exited {stopped} on SIGTERM")
    targets = [("cached p99 ≤ 5 ms (one client)", percentile(alone, 0.99) <= 0.005),
               ("uncached 1-hour → SRT ≤ 1.5 × library", ratio <= 1.5)]
    for name, met in targets:
        print(f"target {name}: {'PASS' if met else 'FAIL'}")
    for line in failed:
        print(f"FAIL {line}")
    print(f"checks: {len(outcomes) - len(problems)} passed, {len(problems)} failed")
    return 1 if failed or not all(met for _, met in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
