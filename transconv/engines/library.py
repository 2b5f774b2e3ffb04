"""``convert_many``: the library's batch, here, in worker processes or on a Dask cluster.

The same jobs, names and bytes as the command's batch; nothing is printed, no signal or
collector of the caller's process is touched, and the manifest's records come back (and go
to ``manifest=`` as they arrive). Inside a user's own Dask, Spark or Ray task it runs as any
other function: each call converts its share of the inputs in the process it is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..batch import Job, Outcome, Runner, local
from ..errors import UsageError
from ..formats import file_suffixes, get
from ..options import make_options
from ..output import makedirs, plan
from .existing import merge, sort_out
from .manifest import Manifest, earlier_outputs


def convert_many(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
                 formats: str | Iterable[str], outdir: str | os.PathLike[str],
                 client: Any = None, *, engine: str | None = None, workers: int = 1,
                 force: bool = False, resume: bool = False,
                 manifest: str | os.PathLike[str] | None = None,
                 read: Mapping[str, Any] | None = None,
                 options: Mapping[str, Mapping[str, Any]] | None = None,
                 locale: str | None = None, resegment: bool = False,
                 on_record: Callable[[dict[str, Any]], None] | None = None,
                 ) -> list[dict[str, Any]]:
    """Convert every input (paths, URLs, remote globs such as ``s3://bucket/in/*.json``) to
    every format (``"srt,vtt"`` or a list) as ``<outdir>/<stem>.<ext>``; the manifest's
    records (:mod:`.manifest`), in the order the inputs finished.

    ``client`` (a ``distributed.Client``) runs the batch on its cluster; ``engine="dask"``
    without one starts a local cluster of ``workers`` processes; otherwise the inputs are
    converted here, or in ``workers`` processes. ``read`` holds the reader's keywords
    (``shape``, ``encoding``, ``shift``, …), ``options`` each format's writer options
    (``{"srt": {"max_chars": 32}}``). ``resume`` skips the outputs that exist; ``force``
    replaces them; otherwise an existing output fails as "already exists". ``on_record`` is
    called with each record as it arrives. A bad input fails alone: its records say why.
    """
    sources = _sources(inputs)
    fmts = [get(name.strip()) for name in
            (formats.split(",") if isinstance(formats, str) else formats) if name.strip()]
    if not fmts:
        raise UsageError("convert_many: no format named")
    unknown = set(options or {}) - {fmt.name for fmt in fmts}
    if unknown:
        raise UsageError(f"convert_many: options for {', '.join(sorted(unknown))}, "
                         "which is not a format of this batch")
    per_format = tuple(dict((options or {}).get(fmt.name, {})) for fmt in fmts)
    for fmt, values in zip(fmts, per_format, strict=True):
        make_options(fmt.options_type(), values, fmt.name)  # a bad option fails now
    read_options = dict(read or {})
    from ..readers import options_from

    options_from({k: v for k, v in read_options.items() if k != "shape"})
    folder = os.fspath(outdir)
    makedirs(folder)
    shared = Job(0, "", None, tuple(f.name for f in fmts), (None,) * len(fmts), per_format,
                 (), tuple(f.names_files() for f in fmts), folder, "", force, read_options,
                 locale, verbosity=-1, resegment=resegment)
    jobs = plan(sources, shared, file_suffixes(fmts, None))
    on_dask = engine == "dask" or (engine is None and client is not None)
    book = None if manifest is None else os.fspath(manifest)
    settled: dict[int, Outcome] = {}
    if on_dask or resume:
        earlier = earlier_outputs(book) if resume else {}
        jobs, settled = sort_out(jobs, resume=resume, earlier=earlier, checked=on_dask)
    running = {job.index for job in jobs}
    ready = [settled.pop(index) for index in list(settled) if index not in running]
    records: list[dict[str, Any]] = []
    with Manifest(book, append=resume) as kept:
        def record(outcome: Outcome) -> None:
            rows = kept.add(outcome)
            records.extend(rows)
            if on_record is not None:
                for row in rows:
                    on_record(row)

        for outcome in ready:
            record(outcome)
        _runner(on_dask, client, workers)(jobs, lambda outcome: record(merge(settled, outcome)))
    return records


def _sources(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    sources = [os.fspath(inputs)] if isinstance(inputs, str | os.PathLike) else \
        [os.fspath(path) for path in inputs]
    if any(source == "-" for source in sources):
        raise UsageError("convert_many reads files, not stdin (-)")
    if any("://" in source for source in sources):
        from ..storage import expand

        sources = expand(sources)
    return sources


def _runner(on_dask: bool, client: Any, workers: int) -> Runner:
    if not on_dask:
        return local(workers, collector=False)
    from .dask_engine import runner

    return runner(client=client, workers=workers)
