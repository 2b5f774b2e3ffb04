"""Caption input: the bench's SubRip file → WebVTT, TTML and SCC by transconv and by peers.

    python bench/captions.py               # 5 runs of each pair; exit 1 on a FAIL
    python bench/captions.py --runs 3 --no-ttconv

The input is ``peer-10h.srt`` from ``bench/generate.py`` (13,115 cues, the words of the
10-hour transcript). Each conversion by transconv (the installed command, as in
``bench/run.py``) is run alternately with each peer converting the same file to the same
format (``bench/peers.py``: pysubs2, webvtt-py, pycaption), and its verdict against a peer is
the median of the ratios of each transconv run to the peer run right before it, for the same
reason as the ``json.load`` floors of ``bench/run.py``: only adjacent runs meet the same
machine. Targets, against the fastest peer of each format (by median time): ratio ≤ 1.0 and
peak memory ≤ 2 × that peer's; and reading stays linear, time(10 h) / time(1 h) ≤ 11 with the
interpreter start-up taken from both. ttconv (``tt convert``) is timed once per format, with
a time limit, and printed for orientation: it takes tens of seconds on the ten-hour file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from run import (
    HERE,
    PY,
    Stat,
    Verdicts,
    convert_cmd,
    converted,
    measure,
    measure_paired,
    peer_cmd,
    ratio_note,
    scaling,
)

#: The peers (``bench/peers.py`` kinds) that convert SubRip to each format.
PEERS = {"vtt": ("pysubs2-vtt", "webvtt-vtt", "pycaption-vtt"),
         "ttml": ("pysubs2-ttml", "pycaption-dfxp"),
         "scc": ("pycaption-scc",)}
TT = Path(PY).with_name("tt")
TTCONV_LIMIT = 120.0


def ttconv(source: Path, target: Path) -> str:
    """``tt convert``'s time and peak memory, or why there are none."""
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen([str(TT), "convert", "-i", str(source), "-o", str(target)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(TTCONV_LIMIT, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    killed = not timer.is_alive()
    timer.cancel()
    code = os.waitstatus_to_exitcode(status)
    if killed:
        return f"stopped after {TTCONV_LIMIT:.0f} s"
    if code != 0:
        return f"failed (exit {code})"
    return f"{elapsed:7.3f}s {usage.ru_maxrss / 1024:6.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description="caption input against peers")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--formats", default=",".join(PEERS), help="subset of vtt,ttml,scc")
    parser.add_argument("--no-ttconv", action="store_true")
    args = parser.parse_args()
    data = HERE / "data"
    subprocess.run([PY, str(HERE / "generate.py"), "--out", str(data), "--hours", "1", "10"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([PY, "-m", "compileall", "-q", str(HERE.parent / "transconv")], check=True)
    small, big = data / "peer-1h.srt", data / "peer-10h.srt"
    out = Path(tempfile.mkdtemp(prefix="transconv-captions-"))
    verdicts = Verdicts()
    results: dict[str, object] = {}
    try:
        startup = measure([PY, "-c", "pass"], max(args.runs, 5))
        print(f"# {big.name} ({args.runs} runs each); interpreter start-up {startup}")
        for fmt in [f for f in args.formats.split(",") if f in PEERS]:
            target = converted(out, fmt)
            ours_small = measure(convert_cmd(small, fmt, out), args.runs, target)
            print(f"\n## SRT → {fmt}\n  transconv  1 h {ours_small}")
            pairs: dict[str, tuple[Stat, Stat, list[float]]] = {}
            for kind in PEERS[fmt]:
                peer_out = out / f"peer-{kind}"
                pairs[kind] = measure_paired(convert_cmd(big, fmt, out),
                                             peer_cmd(kind, big, peer_out), args.runs,
                                             (target, peer_out))
                ours, theirs, ratios = pairs[kind]
                print(f"  transconv 10 h {ours}\n  {kind:<14} {theirs}   "
                      f"transconv/{kind} {ratio_note(ratios)}")
            if not args.no_ttconv:
                print(f"  ttconv 10 h    {ttconv(big, out / f'tt.{fmt}')}")
            fastest = min(pairs, key=lambda kind: pairs[kind][1].median)
            ours, theirs, ratios = pairs[fastest]
            every = [pair[0] for pair in pairs.values()]  # transconv's 10-hour runs
            ours_big = Stat(statistics.median(s.median for s in every),
                            min(s.low for s in every), max(s.high for s in every),
                            max(s.peak_mb for s in every))
            verdicts.check(f"SRT 10 h → {fmt} / fastest peer ({fastest})",
                           statistics.median(ratios), 1.0)
            verdicts.check(f"SRT 10 h → {fmt} peak MB / {fastest} peak MB",
                           ours_big.peak_mb / theirs.peak_mb, 2)
            verdicts.check(f"SRT → {fmt} time(10 h)/time(1 h)",
                           scaling(ours_big, ours_small, startup), 11)
            results[fmt] = {"fastest": fastest, "ratios": ratios,
                            "transconv_1h": ours_small.median, "transconv_10h": ours_big.median,
                            "peers": {k: v[1].median for k, v in pairs.items()}}
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "captions.json").write_text(
            json.dumps({"verdicts": verdicts.rows, "formats": results}, indent=1))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(verdicts.summary())
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
