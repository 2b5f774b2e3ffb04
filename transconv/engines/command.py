"""The ``convert`` command's side of the engines: ``--engine dask``, ``--scheduler``,
``--manifest``, ``--resume``, and inputs given as URLs.

:mod:`transconv.cli` comes here only when one of them is used, so a plain local batch never
imports this package.
"""

from __future__ import annotations

import argparse
import os

from ..batch import STDIO, Job, Outcome, Progress, execute
from ..errors import UsageError
from .existing import merge, sort_out
from .manifest import Manifest, earlier_outputs


def prepare(args: argparse.Namespace) -> None:
    """Check the request (before stdin is read or a folder made) and expand remote globs."""
    if args.scheduler:
        args.engine = "dask"
    if any("://" in source for source in args.inputs):
        from ..storage import expand

        args.inputs = expand(args.inputs)
    if args.engine == "dask" and STDIO in args.inputs:
        raise UsageError("--engine dask cannot read stdin (-): its workers read the inputs")
    for flag, used in (("--engine dask", args.engine == "dask"), ("--resume", args.resume)):
        if used and not args.outdir:
            raise UsageError(f"{flag} needs -d OUTDIR")


def run(args: argparse.Namespace, jobs: list[Job], refused: list[Outcome],
        progress: Progress) -> list[Outcome]:
    """Run the batch on the engine asked for, keeping the manifest; every outcome, those of
    inputs found finished (``--resume``) or blocked by existing outputs included."""
    on_dask = args.engine == "dask"
    settled: dict[int, Outcome] = {}
    if on_dask or args.resume:
        earlier = earlier_outputs(args.manifest) if args.resume else {}
        jobs, settled = sort_out(jobs, resume=args.resume, earlier=earlier, checked=on_dask)
    running = {job.index for job in jobs}
    ready = [settled.pop(index) for index in list(settled) if index not in running]
    runner = None
    if on_dask:
        from .dask_engine import runner as dask_runner

        runner = dask_runner(scheduler=args.scheduler,
                             workers=args.jobs,
                             collector=not args.scheduler,
                             fork_server=not args.scheduler,
                             note=progress.say if progress.enabled else None)
    with Manifest(args.manifest, append=args.resume) as manifest:
        for outcome in refused + ready:
            manifest.add(outcome)
        for outcome in ready:
            progress.advance(os.path.basename(outcome.source))
            for _, message in outcome.errors:
                progress.say(f"transconv: {message}")

        def arrived(outcome: Outcome) -> None:
            manifest.add(merge(settled, outcome))

        try:
            done = execute(jobs, args.jobs, progress, runner=runner, on_outcome=arrived)
        except KeyboardInterrupt as stop:
            finished = getattr(stop, "finished", None)
            if finished is not None:
                stop.finished = finished + len(ready)  # type: ignore[attr-defined]
            raise
    return done + ready
