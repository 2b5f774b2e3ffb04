"""The command's options for reading inputs, which ``convert`` and ``info`` share, and
``convert``'s options for batches beyond one machine.

How an input is read (its format, encoding, channel, speakers, size limit) and the time
operations applied to it, as argparse options, and :func:`read_options_of`, which turns the
parsed ones back into the reader keywords of :func:`transconv.load`.
"""

from __future__ import annotations

import argparse
from typing import Any

from .formats import SHAPES

__all__ = ["read_options_of", "reading_options", "scaling_options", "timing_options"]

#: The reader keywords an option of the same name (dashes for underscores) sets.
_KEYWORDS = ("words", "max_bytes", "encoding", "channel", "frame_rate", "shift", "fps_from",
             "fps_to", "timecode_offset", "speaker_names", "audio_channel")


def scaling_options(parser: argparse.ArgumentParser) -> None:
    """Batches beyond one machine (transconv.engines): loaded only when one is asked for."""
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="where a batch runs: local processes (default), or a Dask "
                             "cluster (pip install 'transconv[dask]')")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="join the Dask cluster at ADDRESS, e.g. tcp://host:8786 (implies "
                             "--engine dask; without it a local cluster is started)")
    parser.add_argument("--manifest", metavar="FILE",
                        help="write a JSON line per input and format as results arrive")
    parser.add_argument("--resume", action="store_true",
                        help="with -d: skip the outputs that exist; convert only what is missing")


def reading_options(parser: argparse.ArgumentParser) -> None:
    """How inputs are read: the options ``convert`` and ``info`` share."""
    parser.add_argument("--from", "--shape", dest="shape", choices=SHAPES, metavar="FORMAT",
                        help="read every input as FORMAT instead of detecting it "
                             f"({', '.join(SHAPES)})")
    parser.add_argument("--encoding", metavar="NAME",
                        help="text encoding of caption and text inputs (default: BOM, "
                             "else UTF-8, else detected with a warning)")
    parser.add_argument("--channel", choices=("CC1", "CC2", "CC3", "CC4"), type=str.upper,
                        help="the CEA-608 channel to read from SCC and MCC (default CC1)")
    parser.add_argument("--dash-speakers", action="store_true",
                        help="a caption line opening with '- ' marks a new speaker")
    parser.add_argument("--frame-rate", metavar="FPS",
                        help="frame rate of inputs whose format does not state it")
    parser.add_argument("--words", choices=("display", "original", "lexical"),
                        help="display (punctuated) words, or the raw recognised words "
                             "(original and lexical are one choice: SmartDocumentor's "
                             "originalWords, a speech service's lexical form)")
    parser.add_argument("--speaker-names", metavar="KEY=NAME,…",
                        help="rename speakers of any input: a key is the speaker's id in "
                             "the source (A, spk_0, 1) or its label (Speaker 1), e.g. "
                             "'A=Alice,B=Bob'")
    parser.add_argument("--audio-channel", metavar="N|speakers",
                        help="a multichannel speech-service response: read channel N only "
                             "(from 1), or 'speakers' (default): one speaker per channel")
    parser.add_argument("--max-bytes", type=int, metavar="N",
                        help="refuse inputs larger than N bytes (default 512 MiB)")


def timing_options(parser: argparse.ArgumentParser) -> None:
    """The time operations, applied between reading and writing (transconv.timeops)."""
    group = parser.add_argument_group("time operations (applied in this order)")
    group.add_argument("--timecode-offset", metavar="TC",
                       help="subtract the start time code the captions were authored "
                            "against, e.g. 01:00:00:00 or 10:00:00;00")
    group.add_argument("--fps-from", metavar="FPS",
                       help="change the frame rate from FPS (with --fps-to), e.g. 23.976")
    group.add_argument("--fps-to", metavar="FPS", help="... to FPS, e.g. 25 (a PAL speed-up)")
    group.add_argument("--shift", metavar="±TIME",
                       help="move every time by TIME: --shift=-1.5s, --shift 700ms, "
                            "--shift=-00:00:02.000")


def read_options_of(args: argparse.Namespace) -> dict[str, Any]:
    """The reader keywords the command line sets (``--from``, ``--encoding``, the time
    operations, …), only those given."""
    options: dict[str, Any] = {"shape": args.shape}
    for name in _KEYWORDS:
        value = getattr(args, name, None)
        if value is not None:
            options[name] = value
    if args.dash_speakers:
        options["dash_speakers"] = True
    from .readers import options_from

    options_from({k: v for k, v in options.items() if k != "shape"})  # a bad value fails now
    return options
