"""The cyclic garbage collector, paused while a transcript is read or written.

Reading a ten-hour transcript makes a quarter of a million small objects and writing it a
few hundred thousand more (units, cues, pieces of the file), with no reference cycles among
them. The collections their allocations trigger would only rescan them again and again:
about 2 × the time of a read, and 30-50 ms of a ten-hour SCC or MCC file (measured). Cycles
made meanwhile are collected as usual once the collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; it is left as it was afterwards."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
