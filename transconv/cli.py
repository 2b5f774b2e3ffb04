"""The ``transconv`` command: argument parsing, batches, parallelism, progress and exit codes.

No format logic lives here: formats come from the registry, choices from
:mod:`transconv.negotiation`, bytes from :func:`transconv.dumps`. Start-up stays cheap because
readers, writers and ``concurrent.futures`` are imported only when a command needs them; the
batch itself (jobs, workers, progress) is :mod:`transconv.batch`.

Exit codes: 0 success, 2 usage, 3 unreadable or invalid input (a closed stdin too), 4 no
acceptable format or charset, 5 output error (stdout closed, full, or its reader gone), 6 the
transcript does not fit the format, 1 anything else; 130, 143 and 129 when SIGINT, SIGTERM
or SIGHUP stopped the run (one line saying how many inputs finished). Every error is one
line on stderr naming the file; no traceback is ever shown. In a batch a bad file fails
alone and the exit code is that of the first failing input.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__
from .batch import STDIO, Job, Outcome, Progress, execute, failure_line
from .errors import InvalidInput, NotAcceptable, TransconvError, UsageError
from .formats import FORMATS, KINDS, Format, Kind, candidates, file_suffixes, get
from .inputargs import read_options_of, reading_options, scaling_options, timing_options
from .serve.arguments import add_serve, run_serve  # argparse only: no server code

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


def _help_width() -> int:
    """The terminal's columns less 2, as argparse sizes help, found without importing shutil.

    argparse imports shutil (and with it bz2, lzma and zlib) for this one number, and it
    builds a formatter on every ``add_argument``: 5 ms of every command's start-up.
    """
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str, **kwargs: Any) -> None:
        if kwargs.get("width") is None:
            kwargs["width"] = _help_width()
        super().__init__(prog, **kwargs)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse swallows a failed write (``--help >/dev/full`` exited 0): the command's
        # entry point reports it instead (exit 5).
        if message:
            (file or sys.stderr).write(message)


SUMMARY = "Convert transcripts and captions into every transcript and caption format."
EXAMPLES = """examples:
  transconv convert interview.json -o interview.srt      format from the extension
  transconv convert interview.json -t vtt,scc,docx -d out/
  transconv convert - -t srt -o - < interview.json        stdin to stdout
  transconv convert *.json -d out/ -t all -j 2            every format, two processes
  transconv convert in.json -o in.srt -O max_chars=32 -O srt.line_ending=lf
  transconv convert film.srt -o film.scc                  any caption format to any other
  transconv convert tape.scc -o media.vtt --timecode-offset 01:00:00;00 --shift=-0.5s
  transconv formats --options scc                         what scc's options are
  transconv info interview.json --json"""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="transconv", description=SUMMARY, epilog=EXAMPLES)
    parser.add_argument("--version", action="version", version=f"transconv {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                metavar="COMMAND")

    conv = sub.add_parser(
        "convert", help="convert transcripts to other formats",
        description="Convert each INPUT to each format; one file per input and format.",
        epilog="\n".join(line for line in EXAMPLES.splitlines() if "convert" in line
                         or line == "examples:"))
    conv.add_argument("inputs", nargs="+", metavar="INPUT", help="files, or - for stdin")
    conv.add_argument("-t", "--to", dest="to", metavar="FORMAT[,FORMAT...]|all",
                      help="output formats (default: negotiated from -o's extension, "
                           "--accept and --kind; -t overrides --accept)")
    where = conv.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", help="output file, or - for stdout (one input)")
    where.add_argument("-d", "--outdir", help="output folder: <stem>.<ext> per input and format")
    conv.add_argument("--kind", choices=KINDS, help="restrict to transcript or caption formats")
    conv.add_argument("--accept", help='HTTP-style Accept header, e.g. "text/vtt, */*;q=0.1"')
    honouring = "/".join(f.name for f in FORMATS.values() if f.charsets)
    conv.add_argument("--accept-charset", help=f"charset for {honouring}, e.g. windows-1252")
    conv.add_argument("-O", dest="options", action="append", default=[], metavar="KEY=VALUE",
                      help="writer option; FORMAT.KEY=VALUE limits it to one format")
    conv.add_argument("--force", action="store_true", help="overwrite existing files")
    conv.add_argument("--resegment", action="store_true",
                      help="rebuild a caption input's cues from its words (default: keep "
                           "each cue and its times, re-breaking lines only where needed)")
    talk = conv.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print no warnings")
    talk.add_argument("-v", "--verbose", action="store_true",
                      help="print details with the warnings (which cues, which characters)")
    conv.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                      help="convert N inputs in parallel processes (with --engine dask "
                           "and no --scheduler: the local cluster's worker processes)")
    scaling_options(conv)
    reading_options(conv)
    timing_options(conv)
    conv.add_argument("--locale", metavar="xx_XX",
                      help="file-name locale, for formats that name files by language")

    fmts = sub.add_parser("formats", help="list the formats and their options",
                          description="The registry: every format, its media type and "
                                      "extensions; with --options, what each option takes.")
    fmts.add_argument("--kind", choices=KINDS)
    fmts.add_argument("--options", nargs="?", const="", metavar="FORMAT",
                      help="also list the options (of one FORMAT): type, default, meaning")

    info = sub.add_parser("info", help="summarise inputs: shape, speakers, duration, words")
    info.add_argument("inputs", nargs="+", metavar="INPUT")
    info.add_argument("--json", action="store_true", help="one JSON object per input")
    reading_options(info)

    add_serve(sub)
    comp = sub.add_parser("completion", help="print a shell completion script",
                          description="Print a completion script for SHELL, e.g. "
                                      "transconv completion bash > ~/.local/share/"
                                      "bash-completion/completions/transconv")
    comp.add_argument("shell", choices=("bash", "zsh", "fish"), metavar="SHELL",
                      help="bash, zsh or fish")
    return parser


# --------------------------------------------------------------------------------- helpers


def read_stdin(read_options: dict[str, Any]) -> tuple[bytes, tuple[int, str] | None]:
    """Standard input, read once and at most up to the size limit.

    Reading it whole first would take a runaway pipe's gigabytes into memory before the
    reader could refuse them; the bounded read stops one byte past the limit. A refusal is
    returned as (exit code, message) so it fails the stdin input alone.
    """
    from .readers import ReadOptions, read_stream

    try:
        limit = ReadOptions(max_bytes=read_options.get("max_bytes", ReadOptions().max_bytes))
        return read_stream(sys.stdin.buffer, limit.max_bytes), None
    except TransconvError as exc:
        return b"", failure_line(STDIO, exc)
    except OSError as exc:  # closed (see transconv._streams), a folder, an I/O error
        return b"", failure_line(STDIO, InvalidInput(f"cannot read: {exc.strerror or exc}"))


def _route_options(raw: list[str], formats: list[Format]) -> list[dict[str, str]]:
    """``-O`` values per format: scoped ones to their format, others to every format that
    knows them (all go to a lone format, so its writer reports an unknown name).

    Every format's options are built here once, so a bad name or value fails the run before
    any input is read; an unscoped option that some formats of the run ignore is noted.
    """
    from .options import accepted_names, make_options, nearest

    per_format: list[dict[str, str]] = [{} for _ in formats]
    names = [accepted_names(f.options_type(), f.name) for f in formats]
    for item in raw:
        key, eq, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not eq or not key:
            raise UsageError(f"-O {item!r}: expected KEY=VALUE")
        scope, dot, bare = key.rpartition(".")
        scoped = dot and scope.replace("_", "-") in FORMATS
        takers = [i for i, fmt in enumerate(formats)
                  if (fmt.name == scope.replace("_", "-") if scoped else True)
                  and (len(formats) == 1 or (bare if scoped else key) in names[i])]
        if not takers:
            known = set().union(*names) if names else set()
            raise UsageError(f"-O {item!r}: no format of this run has option {key!r}"
                             + nearest(bare if scoped else key, known))
        for i in takers:
            per_format[i][bare if scoped else key] = value
        ignoring = [f.name for i, f in enumerate(formats) if i not in takers and not scoped]
        if ignoring:
            print(f"transconv: -O {key}: ignored by {', '.join(ignoring)} (no such option)",
                  file=sys.stderr)
    for fmt, values in zip(formats, per_format, strict=True):
        make_options(fmt.options_type(), values, fmt.name)  # fails now, not per input
    return per_format


# ---------------------------------------------------------------------------- the commands


def _formats_for(args: argparse.Namespace) -> list[tuple[Format, str | None]]:
    """The run's formats with their charsets, from -t, or negotiated from -o/--accept."""
    kind: Kind | None = args.kind
    if args.to is None:
        extension = None
        if args.output and args.output != STDIO and "." in os.path.basename(args.output):
            extension = os.path.basename(args.output)
        from .negotiation import select

        choice = select(kind, args.accept, extension, args.accept_charset)
        return [(choice.format, choice.charset)]
    offered = candidates(kind)
    if args.to.strip().lower() == "all":
        chosen = offered
    else:
        chosen = list(dict.fromkeys(get(n) for n in args.to.split(",") if n.strip()))
        if not chosen:
            raise UsageError("-t: no format named")
    for fmt in chosen:
        if fmt not in offered:
            raise NotAcceptable(f"{fmt.name} is not a {kind} format",
                                [f.media_type for f in offered])
    if not args.accept_charset:
        return [(f, None) for f in chosen]  # dumps' default: UTF-8 for every text format
    from .negotiation import negotiate_charset

    return [(f, negotiate_charset(args.accept_charset, f)) for f in chosen]


def _plan(args: argparse.Namespace) -> tuple[list[Job], list[Outcome]]:
    """Check the request, then build one job per input (stdin is read only once it is valid)."""
    from .output import makedirs, plan

    if args.engine != "local" or args.scheduler or args.manifest or args.resume or any(
            "://" in source for source in args.inputs):
        from .engines.command import prepare

        prepare(args)  # the engine's checks; remote globs expanded
    if args.output == "" or args.outdir == "":  # an unset shell variable, as a rule
        raise UsageError(f"{'-o' if args.output == '' else '-d'}: the path is empty")
    pairs = _formats_for(args)
    formats = [f for f, _ in pairs]
    to_stdout = args.output == STDIO or (args.output is None and args.outdir is None)
    if len(args.inputs) > 1 and not args.outdir:
        raise UsageError("several inputs need -d OUTDIR")
    if len(formats) > 1 and not args.outdir:
        raise UsageError("several formats need -d OUTDIR")
    if args.inputs.count(STDIO) > 1:
        raise UsageError("stdin (-) can be read only once")
    if args.jobs < 1:
        raise UsageError("-j must be at least 1")
    if to_stdout and formats[0].binary and sys.stdout.isatty():
        raise UsageError(f"{formats[0].name} is binary; not writing it to a terminal (use -o)")
    options = tuple(_route_options(args.options, formats))
    if args.outdir:
        makedirs(args.outdir)
    read_options = read_options_of(args)
    stdin, stdin_error = read_stdin(read_options) if STDIO in args.inputs else (None, None)
    suffixes = file_suffixes(formats, args.kind)
    # A format that names its files from the document is named once the input is read.
    named = tuple(args.outdir is not None and f.names_files() for f in formats)
    shared = Job(0, "", stdin, tuple(f.name for f in formats), tuple(c for _, c in pairs),
                 options, (), named, args.outdir, "", args.force, read_options, args.locale,
                 verbosity=-1 if args.quiet else int(args.verbose), resegment=args.resegment)
    jobs = plan(args.inputs, shared, suffixes, None if to_stdout else args.output)
    refused = [Outcome(job.index, job.source, errors=[stdin_error]) for job in jobs
               if job.source == STDIO and stdin_error is not None]
    return [job for job in jobs if job.source != STDIO or stdin_error is None], refused


def _convert(args: argparse.Namespace) -> int:
    jobs, refused = _plan(args)
    progress = Progress(len(args.inputs), sys.stderr)
    for outcome in refused:
        progress.say(f"transconv: {outcome.errors[0][1]}")
    try:
        if args.engine == "local" and not args.manifest and not args.resume:
            done = execute(jobs, args.jobs, progress)
        else:
            from .engines.command import run

            done = run(args, jobs, refused, progress)
    except KeyboardInterrupt as exc:
        from ._signals import Stopped

        stop = exc if isinstance(exc, Stopped) else Stopped()
        stop.finished = len(refused) + (stop.finished or 0)
        raise stop from None
    outcomes = sorted(done + refused, key=lambda o: o.index)
    for outcome in outcomes:
        if outcome.stdout is not None and not outcome.errors:
            from ._streams import write_stdout

            write_stdout(outcome.stdout)
    return next((o.errors[0][0] for o in outcomes if o.errors), 0)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (never raises, never prints a traceback)."""
    args = build_parser().parse_args(argv)
    from . import listing

    command = {"convert": _convert, "formats": listing.formats, "info": listing.info,
               "completion": listing.completion, "serve": run_serve}[args.command]
    try:
        return command(args)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP in the command
        from ._signals import Stopped

        stop = exc if isinstance(exc, Stopped) else Stopped()
        total = len(getattr(args, "inputs", ()))
        done = "" if stop.finished is None else (
            f": {stop.finished} of {total} input{'' if total == 1 else 's'} finished")
        print(f"transconv: interrupted{done}", file=sys.stderr)
        return stop.exit_code
    except BrokenPipeError as exc:  # the reader went away (``transconv formats | head -1``)
        from ._streams import failed_stdout

        return failed_stdout(exc)
    except Exception as exc:
        code, message = failure_line("", exc)
        print(f"transconv: {message}", file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
