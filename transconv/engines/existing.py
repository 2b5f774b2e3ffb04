"""Outputs already there, sorted out before a batch is sent anywhere.

One listing of the output folder answers for every planned output, where each job would
otherwise ask the store once per output (a request each on object storage). With
``--resume`` an output in place is *skipped* (the manifest says so, with its size); without
it and without ``--force`` it fails as "already exists", as in a local batch. A job keeps
only the formats still to write. A format that names its file from the document
(facebook-srt) is known only by an earlier manifest's line; otherwise its job looks itself.

For the Dask engine the jobs come back ``checked``: a target found at a worker is then the
job's own, written by a try on a worker that died before reporting, and is written over. An
output made by someone else between this listing and the write would be written over too:
the price of retrying a task whose first try may have finished its writes.
"""

from __future__ import annotations

import dataclasses
import os

from ..batch import Job, Outcome, Result, failure_line
from ..output import existing_target


def listing(folder: str) -> dict[str, int]:
    """The files directly in ``folder``, local or remote: name → size."""
    if "://" in folder:
        from .. import storage

        if storage.is_remote(folder):
            return storage.listing(folder)
        folder = storage.local_path(folder) or folder
    try:
        with os.scandir(folder) as entries:
            return {entry.name: entry.stat().st_size for entry in entries if entry.is_file()}
    except OSError:
        return {}


def sort_out(jobs: list[Job], *, resume: bool, earlier: dict[tuple[str, str], str],
             checked: bool) -> tuple[list[Job], dict[int, Outcome]]:
    """The jobs narrowed to the outputs still to write, and by input index what was settled
    here (an index with no job left is a finished input)."""
    if not jobs or jobs[0].outdir is None:
        return jobs, {}
    present = listing(jobs[0].outdir)
    todo: list[Job] = []
    settled: dict[int, Outcome] = {}
    for job in jobs:
        keep: list[int] = []
        outcome = Outcome(job.index, job.source)
        for n, fmt in enumerate(job.formats):
            target = earlier.get((job.source, fmt)) if job.named[n] else job.targets[n]
            name = target.replace("\\", "/").rpartition("/")[2] if target else None
            if name is None or name not in present or (job.force and not resume):
                keep.append(n)
            elif resume:
                outcome.results.append(Result(fmt, target, "skipped", present[name]))
            else:
                error = failure_line(job.source, existing_target(str(target)))
                outcome.errors.append(error)
                outcome.results.append(Result(fmt, target, "failed", error=error[1]))
        if outcome.results:
            settled[job.index] = outcome
        if keep:
            todo.append(dataclasses.replace(
                job, formats=tuple(job.formats[n] for n in keep),
                charsets=tuple(job.charsets[n] for n in keep),
                options=tuple(job.options[n] for n in keep),
                targets=tuple(job.targets[n] for n in keep),
                named=tuple(job.named[n] for n in keep), checked=checked))
    return todo, settled


def merge(settled: dict[int, Outcome], outcome: Outcome) -> Outcome:
    """A job's outcome with what was settled for its input before it ran, in front."""
    before = settled.pop(outcome.index, None)
    if before is not None:
        outcome.results[:0] = before.results
        outcome.errors[:0] = before.errors
    return outcome
