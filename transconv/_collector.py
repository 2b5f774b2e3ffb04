"""The cyclic garbage collector, paused by the ``transconv`` command while it converts an input.

The collector's state is the whole process's, so the library never touches it: ``load``,
``dumps``, ``dump``, ``convert`` and the readers and writers run with whatever the caller
set. Only the command's own processes pause it, and only here: :func:`paused` wraps each
job of the batch runner (:func:`transconv.batch.run_job`), in the command's process or in
one of its worker processes, and leaves the collector as it found it, even on an error.

Why it pays: a ten-hour transcript and what is written from it are a few hundred thousand
small objects with no reference cycles, and the collections their allocations trigger would
only rescan them. Measured with the installed command on the ten-hour Rev bench file, runs
with and without the pause alternating (bench/README.md): a run with it took 0.90-0.98 × the
run beside it without (→ srt; medians e.g. 0.555 s against 0.585 s) and 0.90-0.96 × (→ scc;
0.714 s against 0.757 s). Pausing here rather than around the whole command also reaches the
``-j`` workers however they are started (fork or not). Cycles made meanwhile are collected
once the job is done.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; it is left as it was afterwards.

    For the command's jobs only (see the module docstring), never for a library path.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
