"""Reader benchmarks: a caption file written by transconv, read back and converted to SRT,
beside peer libraries reading the same file in the same run.

    python bench/readers.py                # 1 h and 10 h, 5 runs each, verdicts
    python bench/readers.py --quick        # 1 h only, one run, no verdict
    python bench/run.py --readers scc      # the same measures inside a full run

SCC (issue 19): ``bench/generate.py``'s Rev transcript written as SCC by transconv
(untimed, once per run), then, each a whole process like every measure here:
``transconv convert scc-Nh.scc -t srt``, pycaption (``SCCReader`` → ``SRTWriter``) and ttconv
(its SCC reader → its SRT writer) on the same file (``bench/peers.py``). ttconv's reader is
slow on long files, so it first gets ``--ttconv-limit`` seconds for the whole 10-hour file;
past that it is stopped and measured on the file cut into hours of lines instead (one
process, each hour read on its own), which is what a user of it would have to do.
Targets: transconv at most 1.0 × the fastest peer (its median against theirs, same run), and
time(10 h) / time(1 h) at most 11 with the interpreter start-up taken from both.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import HERE, PY, TRANSCONV, Stat, Verdicts, measure, peer_cmd, remove, scaling

PEERS = ("pycaption-scc-srt", "ttconv-scc-srt")


def written(source: Path, fmt: str, target: Path) -> Path:
    """``source`` converted to ``fmt`` by transconv, once (not timed)."""
    subprocess.run([*TRANSCONV, "convert", str(source), "-t", fmt, "-o", str(target),
                    "--force"], check=True, capture_output=True)
    return target


def finishes(cmd: list[str], limit: float, output: Path) -> bool:
    """Whether ``cmd`` ends within ``limit`` seconds (stopped if not; not a measure)."""
    remove(output)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return False
    return proc.returncode == 0


def scc(verdicts: Verdicts, runs: int, hours: list[int], startup: Stat, out: Path,
        ttconv_limit: float) -> dict[str, Stat]:
    """Read the SCC of each length to SRT: transconv, pycaption, ttconv; verdicts for the
    longest."""
    data = HERE / "data"
    timing: dict[str, Stat] = {}
    for h in hours:
        source = written(data / f"rev-{h}h.json", "scc", out / f"scc-{h}h.scc")
        target = out / "o-read.srt"
        stat = measure([*TRANSCONV, "convert", str(source), "-t", "srt", "-o", str(target),
                        "--force"], runs, target)
        timing[f"transconv/{h}"] = stat
        print(f"  transconv    scc {h:>2} h → srt   {stat}")
        for kind in PEERS:
            peer_out = out / f"peer-{kind}.srt"
            if kind.startswith("ttconv") and h == hours[-1] and h > 1 and not finishes(
                    peer_cmd(kind, source, peer_out), ttconv_limit, peer_out):
                print(f"  {kind:<16}       {h:>2} h: not done in {ttconv_limit:g} s; "
                      "measured on hour chunks")
                kind = f"{kind}-chunks"
            stat = measure(peer_cmd(kind, source, peer_out), runs, peer_out)
            timing[f"{kind}/{h}"] = stat
            print(f"  {kind:<22} {h:>2} h  {stat}")
    big = hours[-1]
    ours = timing[f"transconv/{big}"]
    peers = {k: v for k, v in timing.items() if k.endswith(f"/{big}") and
             not k.startswith("transconv") and v.ok}
    if peers and ours.ok:
        fastest = min(peers, key=lambda k: peers[k].median)
        verdicts.check(f"scc {big} h → srt / fastest peer ({fastest.split('/')[0]})",
                       ours.median / peers[fastest].median, 1.0)
    if big != 1 and ours.ok:
        verdicts.check("read scc time(10 h)/time(1 h)",
                       scaling(ours, timing["transconv/1"], startup), 11)
    return timing


def main() -> int:
    parser = argparse.ArgumentParser(description="transconv reader benchmark")
    parser.add_argument("--quick", action="store_true", help="1-hour inputs, one run each")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ttconv-limit", type=float, default=180.0,
                        help="seconds ttconv gets for the whole 10-hour file")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    hours = [1] if args.quick else [1, 10]
    subprocess.run([PY, str(HERE / "generate.py"), "--out", str(HERE / "data"), "--hours",
                    *map(str, hours)], check=True, stdout=subprocess.DEVNULL)
    out = Path(tempfile.mkdtemp(prefix="transconv-bench-read-"))
    verdicts = Verdicts()
    began = time.perf_counter()
    try:
        startup = measure([PY, "-c", "pass"], max(runs, 5))
        print(f"# readers ({runs} runs each)\n  interpreter start-up   {startup}")
        scc(verdicts, runs, hours, startup, out, args.ttconv_limit)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(verdicts.summary(f" ({time.perf_counter() - began:.0f} s)"))
    return 1 if verdicts.failed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
