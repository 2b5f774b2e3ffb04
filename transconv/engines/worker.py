"""The set-up of each worker of a Dask cluster that transconv starts itself (Dask runs
:func:`dask_setup` in the worker process as it starts: ``distributed.worker.preload``).

A worker runs its task in one thread while its event loop thread wakes every few
milliseconds (health ticks, heartbeats, messages), each time taking the GIL from the task;
with the default 5 ms switch interval, and the machine's cores busy, each hand-back waits for
the operating system to run the task thread again. A conversion is pure Python, so the task
gets the GIL for 50 ms at a time instead: on this project's 2-core machine, 200 one-hour
inputs on two workers took 10.5-14.4 s against 15.1-19.5 s (three runs each, other jobs
sharing the cores); the loop still answers within 50 ms, far inside Dask's time-outs.
A cluster the user runs keeps its own settings: this module is loaded only by ours.
"""

from __future__ import annotations

import sys

#: Seconds a running thread keeps the GIL before it must let a waiting thread take it.
SWITCH_INTERVAL = 0.05


def dask_setup(worker: object) -> None:
    """Called by Dask in each new worker process (a nanny's restarted one too)."""
    sys.setswitchinterval(SWITCH_INTERVAL)
