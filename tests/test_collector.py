"""The library leaves the cyclic garbage collector alone: its state is the whole process's.

Probes sit where the work happens: in the ``read()`` of a file object handed to ``load``, in
the shape readers, in the writers and in each chunk a streaming writer yields. Each records
whether the collector is on and the freeze count, and the readers and writers also count the
collections that ran inside them (the threshold is lowered so a small sample triggers some).
So a pause, or a ``gc.freeze``, put back around any library path fails here. Only the
command's job (:func:`transconv.batch.run_job`) pauses the collector, and it leaves it as it
found it.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import transconv
from transconv import _collector
from transconv.cli import main as cli_main
from transconv.formats import READERS, Format
from transconv.model import Transcript
from transconv.readers import detection

ROOT = Path(__file__).resolve().parent.parent
REV = ROOT / "samples" / "rev-interview.json"
SMARTDOC = ROOT / "samples" / "smartdoc-deposition.json"


class _Probe:
    """What the collector looked like at each probe point, and collections inside each."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool, int]] = []
        self.collections: dict[str, int] = {}
        self._running = 0
        gc.callbacks.append(self._count)

    def _count(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._running += 1

    def look(self, where: str) -> None:
        self.seen.append((where, gc.isenabled(), gc.get_freeze_count()))

    def around(self, where: str, call: Callable[[], Any]) -> Any:
        """Run ``call`` between two looks, counting the collections that ran inside it."""
        self.look(where)
        before = self._running
        try:
            return call()
        finally:
            self.collections[where] = self.collections.get(where, 0) + self._running - before
            self.look(where)

    def close(self) -> None:
        gc.callbacks.remove(self._count)


class _ProbingStream(io.BytesIO):
    def __init__(self, data: bytes, probe: _Probe) -> None:
        super().__init__(data)
        self.probe = probe

    def read(self, size: int | None = -1) -> bytes:
        self.probe.look("stream.read")
        return super().read(size)


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Probe]:
    """Probes in the readers and the srt, scc and mcc writers; the collector on and collecting
    often."""
    probe = _Probe()

    def probing_reader(name: str, reader: Callable[..., Transcript]) -> Callable[..., Transcript]:
        return lambda *args, **kwargs: probe.around(name, lambda: reader(*args, **kwargs))

    # the registry names each reader as "module:function" (looked up once, then cached);
    # the typed fast paths import them from their modules when called
    import importlib

    for entry in READERS:
        module_name, _, function = entry.read.partition(":")
        module = importlib.import_module(f"transconv.readers.{module_name}")
        monkeypatch.setattr(module, function,
                            probing_reader(function, getattr(module, function)))
    detection.function.cache_clear()  # the registry's look-ups are cached

    def probing_write(write: Callable[..., Any]) -> Callable[..., Any]:
        # the whole of writing a format: the caption pipeline (fold, segment) and the render
        def wrapped(self: Format, document: Any, options: Any, **kwargs: Any) -> Any:
            name = self.name
            result = probe.around(f"write {name}", lambda: write(self, document, options,
                                                                 **kwargs))
            if isinstance(result, (str, bytes)):
                return result

            def chunks() -> Iterator[bytes]:  # a streaming writer: probe every chunk
                for chunk in result:
                    probe.look(f"chunk {name}")
                    yield chunk
            return chunks()
        return wrapped

    monkeypatch.setattr(Format, "write", probing_write(Format.write))

    enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.enable()
    gc.set_threshold(20)
    try:
        yield probe
    finally:
        gc.set_threshold(*threshold)
        if not enabled:
            gc.disable()
        probe.close()
        detection.function.cache_clear()  # forget the probing readers


def _check(probe: _Probe, frozen: int, *must_see: str) -> None:
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    places = {where for where, _, _ in probe.seen}
    assert places >= set(must_see), f"probes not reached: {set(must_see) - places}"
    assert all(on for _, on, _ in probe.seen), [w for w, on, _ in probe.seen if not on]
    assert all(count == frozen for _, _, count in probe.seen)
    for where in must_see:
        if where in probe.collections:
            assert probe.collections[where] > 0, f"no collection ran during {where}"


def test_load_from_a_path_leaves_the_collector_on(probe: _Probe) -> None:
    frozen = gc.get_freeze_count()
    transconv.load(REV)
    _check(probe, frozen, "read_rev")


def test_load_from_a_file_object_leaves_the_collector_on(probe: _Probe) -> None:
    frozen = gc.get_freeze_count()
    transconv.load(_ProbingStream(SMARTDOC.read_bytes(), probe))
    _check(probe, frozen, "stream.read", "read_smartdoc")


def test_loads_through_the_parsed_path_leaves_the_collector_on(probe: _Probe) -> None:
    frozen = gc.get_freeze_count()
    # wrapped in an envelope: not the fast typed decode, the generic parse and _READERS
    transconv.loads(b'{"data": ' + REV.read_bytes() + b"}")
    _check(probe, frozen, "read_rev")


@pytest.mark.parametrize("fmt", ["srt", "scc", "mcc"])
def test_dumps_leaves_the_collector_on(probe: _Probe, fmt: str) -> None:
    transcript = transconv.load(REV)
    probe.seen.clear()
    frozen = gc.get_freeze_count()
    assert transconv.dumps(transcript, fmt)
    _check(probe, frozen, f"write {fmt}", *([f"chunk {fmt}"] if fmt == "mcc" else []))


def test_dump_convert_and_represent_leave_the_collector_on(probe: _Probe,
                                                           tmp_path: Path) -> None:
    frozen = gc.get_freeze_count()
    transcript = transconv.load(REV)
    transconv.dump(transcript, tmp_path / "a.mcc")
    transconv.convert(SMARTDOC, tmp_path / "b.srt")
    transconv.represent(transcript, "scc")
    _check(probe, frozen, "read_rev", "read_smartdoc", "write mcc", "chunk mcc", "write srt",
           "write scc")


def test_the_command_pauses_only_inside_its_job_and_restores(probe: _Probe,
                                                             tmp_path: Path) -> None:
    """The command's one pause (run_job) is on while converting and undone afterwards, also
    after a job that fails."""
    frozen = gc.get_freeze_count()
    assert cli_main(["convert", str(REV), "-t", "srt", "-o", str(tmp_path / "a.srt")]) == 0
    assert cli_main(["convert", str(tmp_path / "missing.json"), "-t", "srt",
                     "-o", str(tmp_path / "b.srt")]) == 3
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    assert [on for where, on, _ in probe.seen if where == "write srt"] == [False, False]


def test_paused_leaves_a_disabled_collector_disabled() -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        with _collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if enabled:
            gc.enable()
    with _collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled() == enabled
