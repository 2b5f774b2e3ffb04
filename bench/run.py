"""The benchmark harness: whole processes, ratios to floors measured in the same run.

    python bench/run.py            # full run, 5 runs of each measure (about 10 minutes on 2 cores)
    python bench/run.py --quick    # smoke mode: 1-hour inputs, one run each, no targets enforced

Every measure is a separate process timed from spawn to exit (median and min–max of several
runs) with its peak resident memory from ``wait4``. Targets are ratios against floors taken
in the same run (interpreter start-up, ``json.load`` of the same file, bare python-docx and
reportlab), so the verdict does not depend on how fast this machine happens to be today;
the ``json.load`` floor of each 10-hour conversion is run alternately with it and the verdict
is the median of each run's ratio to the floor run right before it, so the ratio does not
depend on how fast the machine was minutes (or seconds) earlier either; batch ``-j 1`` and
``-j 2`` are paired the same way. The
scaling ratio time(10 h) / time(1 h) is computed with the interpreter start-up floor
subtracted from both, so a fixed start-up cost cannot hide a super-linear writer; the same
ratio is checked on the shapes that once were quadratic (``--shapes``: one monologue, one
huge word, thousands of annotations; see ``bench/generate.py``).
Exits 1 when a target fails.
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
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from transconv.formats import FORMATS  # noqa: E402

PY = sys.executable
#: The installed ``transconv`` command, as users run it (``python -m`` adds runpy's start-up);
#: ``python -m transconv`` when the package is not installed in this interpreter's folder.
_SCRIPT = Path(PY).with_name("transconv")
TRANSCONV = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "transconv"]
TEXT_FAMILY = ("srt", "vtt", "txt", "youtube", "rev-json")
DOCUMENTS = ("docx", "pdf")
PEERS = ("pysubs2-vtt", "pysubs2-ttml", "webvtt-vtt", "pycaption-vtt", "pycaption-dfxp",
         "pycaption-scc")
#: Shapes that once took quadratic time (``bench/generate.py``), and the formats they stress:
#: the words as one monologue, one huge word, and 2,000 annotations an hour.
SHAPES = {"mono": ("pdf", "docx"), "word": ("pdf", "docx"), "notes": ("docx", "pdf")}
#: Speech-service responses of the same words (``bench/asr.py``), each converted to SRT.
ASR = ("whisper", "deepgram", "assemblyai", "aws-transcribe", "google-stt", "azure-speech",
       "speechmatics")


@dataclass
class Stat:
    median: float
    low: float
    high: float
    peak_mb: float
    ok: bool = True

    def __str__(self) -> str:
        return (f"{self.median:7.3f}s ({self.low:.3f}–{self.high:.3f}) "
                f"{self.peak_mb:6.0f} MB")


def measure(cmd: list[str], runs: int, output: Path | None = None) -> Stat:
    """Median wall time and the largest peak RSS over ``runs`` runs of ``cmd``.

    ``output`` (a file or a folder the command writes) is removed before each run, untimed:
    a conversion that replaces a 50 MB file pays the kernel for freeing the old one (up to
    0.07 s measured), which is no part of converting and which the floors never pay.
    """
    times: list[float] = []
    peak = 0
    ok = True
    for _ in range(runs):
        if output is not None:
            remove(output)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)
        if proc.returncode != 0:
            ok = False
            print(f"  ! {' '.join(cmd[1:])}: exit {proc.returncode}: "
                  f"{err.decode(errors='replace').strip()[:200]}", file=sys.stderr)
            break
    return Stat(statistics.median(times), min(times), max(times), peak / 1024, ok)


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def measure_paired(cmd: list[str], floor_cmd: list[str], runs: int,
                   outputs: tuple[Path | None, Path | None] = (None, None),
                   ) -> tuple[Stat, Stat, list[float]]:
    """``cmd`` and its floor, run alternately, and the ratio of each adjacent pair.

    A shared machine's speed drifts, over minutes and within one (seen here: ``json.load``
    of the same file 0.29 s, then 0.44 s a run later). A floor taken once at the start would
    let that drift into every ratio, and even a ratio of medians mixes runs made at
    different speeds; the ratio of a run to the floor run right before it compares two
    processes that met the same machine, so the verdict is the median of those ratios.
    ``outputs`` are what ``cmd`` and the floor write (see :func:`measure`).
    """
    stats: list[list[Stat]] = [[], []]
    output, floor_output = outputs
    for _ in range(runs):
        stats[0].append(measure(floor_cmd, 1, floor_output))
        stats[1].append(measure(cmd, 1, output))
    floor, main = ([s.median for s in group] for group in stats)
    ratios = [m / f for f, m in zip(floor, main, strict=True)]
    return (Stat(statistics.median(main), min(main), max(main),
                 max(s.peak_mb for s in stats[1]), all(s.ok for s in stats[1])),
            Stat(statistics.median(floor), min(floor), max(floor),
                 max(s.peak_mb for s in stats[0])), ratios)


def ratio_note(ratios: list[float]) -> str:
    return (f"ratio {statistics.median(ratios):.2f} "
            f"({min(ratios):.2f}–{max(ratios):.2f})")


def peer_cmd(kind: str, source: Path, target: Path) -> list[str]:
    return [PY, str(HERE / "peers.py"), kind, str(source), str(target)]


def peer(kind: str, source: Path, target: Path, runs: int) -> Stat:
    return measure(peer_cmd(kind, source, target), runs, target)


class Verdicts:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, bool]] = []

    def check(self, name: str, value: float, limit: float, at_least: bool = False) -> None:
        passed = value >= limit if at_least else value <= limit
        self.rows.append((name, value, limit, passed))
        sign = "≥" if at_least else "≤"
        print(f"  {'PASS' if passed else 'FAIL'}  {name}: {value:.2f} (target {sign} {limit})")

    @property
    def failed(self) -> int:
        return sum(not ok for *_, ok in self.rows)

    def summary(self, note: str = "") -> str:
        """The closing line: how many passed and failed (``note`` after it)."""
        return f"\n{len(self.rows) - self.failed} passed, {self.failed} failed{note}"


def scaling(big: Stat, small: Stat, startup: Stat) -> float:
    """time(big) / time(small) with the interpreter start-up taken from both."""
    return (big.median - startup.median) / max(small.median - startup.median, 1e-3)


def converted(out: Path, fmt: str) -> Path:
    return out / f"o-{fmt}{FORMATS[fmt].output_suffix}"


def convert_cmd(source: Path, fmt: str, out: Path) -> list[str]:
    return [*TRANSCONV, "convert", str(source), "-t", fmt, "-o", str(converted(out, fmt)),
            "--force"]


def main() -> int:
    parser = argparse.ArgumentParser(description="transconv benchmark")
    parser.add_argument("--quick", action="store_true", help="1-hour inputs, one run each")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--formats", default="",
                        help="comma-separated subset ('none': no per-format conversions)")
    parser.add_argument("--shapes", default=",".join(SHAPES),
                        help=f"comma-separated subset of {','.join(SHAPES)} ('none': skip)")
    parser.add_argument("--asr", default=",".join(ASR),
                        help=f"comma-separated subset of {','.join(ASR)} ('none': skip)")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-batch", action="store_true")
    parser.add_argument("--readers", default="scc",
                        help="readers measured (bench/readers.py): scc, or 'none'")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    hours = [1] if args.quick else [1, 10]
    big = hours[-1]
    data = HERE / "data"
    # In a child process: a forked child inherits the parent's peak RSS, so the parent must
    # stay small for the children's wait4 figures to be their own.
    subprocess.run([PY, str(HERE / "generate.py"), "--out", str(data), "--hours",
                    *map(str, hours)], check=True, stdout=subprocess.DEVNULL)
    # Installed packages run from byte-compiled files; with PYTHONDONTWRITEBYTECODE set every
    # measured process would recompile transconv instead, so compile it once up front.
    subprocess.run([PY, "-m", "compileall", "-q", str(HERE.parent / "transconv")], check=True)
    formats = [f for f in FORMATS if not args.formats or f in args.formats.split(",")]
    out = Path(tempfile.mkdtemp(prefix="transconv-bench-"))
    results: dict[str, object] = {}
    verdicts = Verdicts()
    try:
        print(f"# floors ({runs} runs each)")
        startup = measure([PY, "-c", "pass"], max(runs, 5))
        print(f"  interpreter start-up        {startup}")
        floors: dict[tuple[str, int], Stat] = {}
        for shape in ("rev", "smartdoc"):
            for h in hours:
                src = data / f"{shape}-{h}h.json"
                floors[shape, h] = peer("json-load", src, out / "x", runs)
                print(f"  json.load {src.name:<18}{floors[shape, h]}")
        print(f"  read bytes rev-{big}h.json      "
              f"{peer('read-bytes', data / f'rev-{big}h.json', out / 'x', runs)}")
        version = measure([*TRANSCONV, "--version"], max(runs, 5))
        print(f"  transconv --version         {version}")
        verdicts.check("--version / start-up", version.median / startup.median, 4)

        print("\n# conversions")
        timing: dict[tuple[str, str, int], Stat] = {}
        paired: dict[tuple[str, str], list[float]] = {}  # ratios to the json.load beside
        for shape in ("rev", "smartdoc"):
            for fmt in formats:
                for h in hours:
                    source = data / f"{shape}-{h}h.json"
                    if h == big and fmt not in DOCUMENTS:
                        stat, floor, paired[shape, fmt] = measure_paired(
                            convert_cmd(source, fmt, out),
                            peer_cmd("json-load", source, out / "x"), runs,
                            (converted(out, fmt), None))
                        note = (f"   json.load beside it {floor.median:.3f}s, "
                                f"{ratio_note(paired[shape, fmt])}")
                    else:
                        stat = measure(convert_cmd(source, fmt, out), runs,
                                       converted(out, fmt))
                        note = ""
                    timing[shape, fmt, h] = stat
                    print(f"  {shape:<8} {h:>2} h → {fmt:<12} {stat}{note}")

        floor_docs: dict[str, Stat] = {}
        for kind in DOCUMENTS:
            if kind in formats:
                floor_docs[kind] = peer(kind, data / f"rev-{big}h.json", out / f"bare.{kind}",
                                        runs)
                print(f"  bare {kind:<8} {big:>2} h        {floor_docs[kind]}")

        print("\n# targets")
        for shape in ("rev", "smartdoc"):
            load = floors[shape, big]
            for fmt in formats:
                stat = timing[shape, fmt, big]
                if not stat.ok:
                    verdicts.check(f"{shape} {fmt} ran", 0, 1, at_least=True)
                    continue
                if fmt in DOCUMENTS:
                    verdicts.check(f"{shape} {big} h → {fmt} / bare {fmt}",
                                   stat.median / floor_docs[fmt].median, 1.5)
                else:
                    limit = 2.5 if fmt in TEXT_FAMILY else 3.5
                    verdicts.check(f"{shape} {big} h → {fmt} / json.load",
                                   statistics.median(paired[shape, fmt]), limit)
                verdicts.check(f"{shape} {big} h → {fmt} peak MB / json.load peak",
                               stat.peak_mb / load.peak_mb, 2)
                if big != 1:
                    verdicts.check(f"{shape} {fmt} time(10 h)/time(1 h)",
                                   scaling(stat, timing[shape, fmt, 1], startup), 11)

        shapes = [name for name in args.shapes.split(",") if name in SHAPES]
        if shapes:
            print("\n# shapes: time(10 h) / time(1 h), start-up subtracted")
        for name in shapes:
            for fmt in SHAPES[name]:
                stats = {h: measure(convert_cmd(data / f"{name}-{h}h.json", fmt, out), runs,
                                    converted(out, fmt)) for h in hours}
                for h, stat in stats.items():
                    print(f"  {name:<8} {h:>2} h → {fmt:<12} {stat}")
                    timing[name, fmt, h] = stat
                if not all(stat.ok for stat in stats.values()):
                    verdicts.check(f"{name} {fmt} ran", 0, 1, at_least=True)
                elif big != 1:
                    verdicts.check(f"{name} {fmt} time(10 h)/time(1 h)",
                                   scaling(stats[big], stats[1], startup), 11)

        services = [name for name in args.asr.split(",") if name in ASR]
        if services:
            print("\n# speech-service responses → srt (10 h paired with json.load)")
        for name in services:
            stats = {}
            for h in hours:
                source = data / f"asr-{name}-{h}h.json"
                if h == big:
                    stats[h], floor, ratios = measure_paired(
                        convert_cmd(source, "srt", out), peer_cmd("json-load", source, out / "x"),
                        runs, (converted(out, "srt"), None))
                    note = f"   json.load beside it {floor.median:.3f}s, {ratio_note(ratios)}"
                else:
                    stats[h] = measure(convert_cmd(source, "srt", out), runs,
                                       converted(out, "srt"))
                    note = ""
                timing[f"asr-{name}", "srt", h] = stats[h]
                print(f"  {name:<15} {h:>2} h → srt {stats[h]}{note}")
            if not all(stat.ok for stat in stats.values()):
                verdicts.check(f"asr {name} ran", 0, 1, at_least=True)
            elif big != 1:
                verdicts.check(f"asr {name} {big} h → srt / json.load",
                               statistics.median(ratios), 2.5)
                verdicts.check(f"asr {name} time(10 h)/time(1 h)",
                               scaling(stats[big], stats[1], startup), 11)

        if not args.no_batch and not args.quick:
            print("\n# batch: 40 × 1 h → srt")
            batch = out / "batch"
            batch.mkdir()
            inputs = []
            for i in range(40):
                link = batch / f"in{i:02}.json"
                os.link(data / "rev-1h.json", link)
                inputs.append(str(link))
            cmds = [[*TRANSCONV, "convert", *inputs, "-d", str(out / f"b{jobs}"), "-t", "srt",
                     "--force", "-j", str(jobs)] for jobs in (1, 2)]
            # measured as -j 1 against -j 2 beside it: each ratio is a throughput gain
            one, two, ratios = measure_paired(cmds[0], cmds[1], runs,
                                              (out / "b1", out / "b2"))
            print(f"  -j 1  {one}\n  -j 2  {two}   throughput {ratio_note(ratios)}")
            verdicts.check("batch throughput -j 2 / -j 1", statistics.median(ratios), 1.7,
                           at_least=True)

        if "scc" in args.readers.split(","):
            import readers  # bench/readers.py (this folder is the script's)

            print("\n# readers: a file transconv wrote, read to SRT beside the peers")
            timing.update({("read-scc", k.split("/")[0], int(k.split("/")[1])): v
                           for k, v in readers.scc(verdicts, runs, hours, startup, out,
                                                   180.0).items()})

        if not args.no_peers:
            print(f"\n# peers on peer-{big}h.srt (informational)")
            for kind in PEERS:
                cmd = peer_cmd(kind, data / f"peer-{big}h.srt", out / f"peer-{kind}")
                probe = subprocess.run(peer_cmd(kind, data / "peer-1h.srt", out / "probe"),
                                       capture_output=True, text=True)
                if probe.returncode == 3:
                    print(f"  {kind:<16} {probe.stderr.strip()} (pip install -e '.[bench]')")
                    continue
                stat = measure(cmd, runs, out / f"peer-{kind}")
                if stat.ok:
                    print(f"  {kind:<16} {stat}")
        results = {
            "verdicts": verdicts.rows,
            "timing": {f"{s}/{f}/{h}": asdict(v) for (s, f, h), v in timing.items()},
        }
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "latest.json").write_text(json.dumps(results, indent=1))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(verdicts.summary())
    return 1 if verdicts.failed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
