"""Batches beyond one machine: the Dask engine, the manifest, resuming, the library's
:func:`transconv.batch.convert_many`.

Nothing here is imported by a plain conversion: the command loads this package only for
``--engine dask``, ``--scheduler``, ``--manifest``, ``--resume`` or a remote input, and Dask
itself is imported only by :mod:`.dask_engine` when a batch runs on it. The jobs are the
local engine's (:class:`transconv.batch.Job`, run by :func:`transconv.batch.run_job`), so
both engines write the same bytes.

- :mod:`.dask_engine`: a task per input on a ``distributed`` cluster, joined or started;
  :mod:`.worker`: the set-up of the workers of a cluster started here.
- :mod:`.existing`: outputs already there, found with one listing of the output folder.
- :mod:`.manifest`: the JSON Lines record of every input and format.
- :mod:`.command`: the ``convert`` command's side; :mod:`.library`: ``convert_many``.
"""
