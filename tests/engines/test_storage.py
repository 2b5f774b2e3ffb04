"""Remote paths everywhere a path is accepted (transconv.storage): reading and writing through
fsspec on a real S3-compatible server and on fsspec's memory store, outputs all or nothing,
existing ones kept without force, transient errors retried, remote globs, ``file://``, and
no fsspec (or Dask) in a local conversion."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fsspec import register_implementation
from fsspec.implementations.memory import MemoryFileSystem

import transconv
from transconv import storage
from transconv.errors import InvalidInput, OutputError, UsageError

from .conftest import command, environment, put_all


def test_load_and_dump_on_s3(s3: Any, bucket: str, sources: dict[str, bytes]) -> None:
    put_all(s3, f"{bucket}/in", {"talk.json": sources["talk-0.json"]})
    track = transconv.load(f"{bucket}/in/talk.json")
    assert track.words()[:3] == transconv.loads(sources["talk-0.json"]).words()[:3]
    transconv.dump(track, f"{bucket}/out/talk.srt")  # the format from the extension
    expected = transconv.dumps(transconv.loads(sources["talk-0.json"]), "srt")
    assert s3.cat_file(f"{bucket[5:]}/out/talk.srt") == expected
    transconv.convert(f"{bucket}/in/talk.json", f"{bucket}/out/talk.vtt")
    assert s3.cat_file(f"{bucket[5:]}/out/talk.vtt") == transconv.dumps(track, "vtt")


def test_an_existing_object_is_kept_without_force(s3: Any, bucket: str,
                                                  sources: dict[str, bytes]) -> None:
    track = transconv.loads(sources["film.srt"])
    target = f"{bucket}/out/film.vtt"
    s3.pipe_file(target[5:], b"KEEP ME")
    with pytest.raises(OutputError, match="already exists"):
        transconv.dump(track, target)
    assert s3.cat_file(target[5:]) == b"KEEP ME"
    transconv.dump(track, target, force=True)
    assert s3.cat_file(target[5:]) == transconv.dumps(track, "vtt")


def test_the_conditional_put_refuses_an_object_made_meanwhile(s3: Any, bucket: str) -> None:
    """Another writer's object appearing between the check and the put is kept: the put is
    conditional (If-None-Match), which the S3 server honours."""
    target = f"{bucket}/race.srt"
    fs, path = storage._filesystem(target)
    real_exists = fs.exists

    def exists_then_appears(name: str, **kwargs: Any) -> bool:
        found = bool(real_exists(name, **kwargs))
        s3.pipe_file(path, b"THEIRS")  # someone else's, just after our check
        return found

    fs.exists = exists_then_appears
    try:
        with pytest.raises(OutputError, match="already exists"):
            storage.write(target, b"OURS")
    finally:
        del fs.exists
    assert s3.cat_file(path) == b"THEIRS"


def test_missing_and_oversized_remote_inputs(s3: Any, bucket: str,
                                             sources: dict[str, bytes]) -> None:
    with pytest.raises(InvalidInput, match=r"^s3://.*/none\.json: cannot read: no such file$"):
        transconv.load(f"{bucket}/none.json")
    put_all(s3, bucket, {"big.json": sources["talk-3.json"]})
    with pytest.raises(InvalidInput, match="over the 1,000-byte limit"):
        transconv.load(f"{bucket}/big.json", max_bytes=1000)
    proc = command("convert", f"{bucket}/none.json", "-t", "srt", "-o", "-")
    assert proc.returncode == 3
    assert proc.stderr.strip() == f"transconv: {bucket}/none.json: cannot read: no such file"


def test_the_command_reads_a_remote_glob(s3: Any, bucket: str, tmp_path: Path,
                                         sources: dict[str, bytes]) -> None:
    put_all(s3, f"{bucket}/in", sources)
    s3.pipe_file(f"{bucket[5:]}/in/sub/deeper.json", sources["talk-0.json"])
    assert storage.expand([f"{bucket}/in/talk-*.json", f"{bucket}/in/none-*.json"]) == [
        *(f"{bucket}/in/talk-{n}.json" for n in range(4)), f"{bucket}/in/none-*.json"]
    proc = command("convert", f"{bucket}/in/*.json", "-t", "srt", "-d", f"{bucket}/out")
    assert proc.returncode == 0, proc.stderr
    for n in range(4):
        expected = transconv.dumps(transconv.loads(sources[f"talk-{n}.json"]), "srt")
        assert s3.cat_file(f"{bucket[5:]}/out/talk-{n}.srt") == expected
    assert sorted(s3.ls(f"{bucket[5:]}/out")) == [f"{bucket[5:]}/out/talk-{n}.srt"
                                                   for n in range(4)]


class Flaky(MemoryFileSystem):
    """A memory store whose first calls fail as a dropped connection does."""

    protocol = "flaky"
    store: ClassVar[dict[str, Any]] = {}
    pseudo_dirs: ClassVar[list[str]] = [""]
    failures: ClassVar[dict[str, int]] = {}
    calls: ClassVar[dict[str, int]] = {}

    @classmethod
    def _strip_protocol(cls, path: str) -> str:
        return str(super()._strip_protocol("memory://" + path.removeprefix("flaky://")))

    def _hiccup(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1
        if self.failures.get(name, 0) > 0:
            self.failures[name] -= 1
            raise ConnectionResetError(104, "Connection reset by peer")

    def cat_file(self, path: str, start: int | None = None, end: int | None = None,
                 **kwargs: Any) -> bytes:
        self._hiccup("cat_file")
        return bytes(super().cat_file(path, start=start, end=end, **kwargs))

    def pipe_file(self, path: str, value: bytes, mode: str = "overwrite",
                  **kwargs: Any) -> None:
        self._hiccup("pipe_file")
        super().pipe_file(path, value, mode=mode, **kwargs)


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> type[Flaky]:
    register_implementation("flaky", Flaky, clobber=True)
    monkeypatch.setattr(storage, "BACKOFF", 0.0)
    Flaky.store.clear()
    Flaky.failures.clear()
    Flaky.calls.clear()
    return Flaky


def test_transient_errors_are_retried(flaky: type[Flaky], sources: dict[str, bytes]) -> None:
    flaky.failures.update(pipe_file=2)
    data = sources["film.srt"]
    assert storage.write("flaky://in/film.srt", data) == len(data)
    assert flaky.calls["pipe_file"] == 3  # the temporary object: two failures, then it
    flaky.failures.update(cat_file=3)
    track = transconv.load("flaky://in/film.srt")
    assert flaky.calls["cat_file"] == 4
    assert transconv.dumps(track, "srt") == transconv.dumps(transconv.loads(data), "srt")
    assert Flaky().ls("/in", detail=False) == ["/in/film.srt"]  # no temporary left


def test_lasting_and_permanent_errors_are_not_retried_forever(flaky: type[Flaky]) -> None:
    flaky.failures.update(cat_file=99)
    Flaky().pipe("/x.srt", b"1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    with pytest.raises(InvalidInput, match=r"cannot read: .*Connection reset by peer"):
        transconv.load("flaky://x.srt")
    assert flaky.calls["cat_file"] == storage.ATTEMPTS
    flaky.failures.clear()
    flaky.calls.clear()
    with pytest.raises(InvalidInput, match="cannot read: no such file"):
        transconv.load("flaky://missing.srt")
    assert flaky.calls["cat_file"] == 1


def test_a_failed_write_leaves_nothing(flaky: type[Flaky]) -> None:
    flaky.failures.update(pipe_file=99)
    with pytest.raises(OutputError, match=r"^flaky://out/a\.srt: cannot write: "):
        storage.write("flaky://out/a.srt", b"data")
    assert not Flaky().exists("/out/a.srt")
    assert [p for p in Flaky.store if "out" in p] == []


def test_memory_store_and_read_only_http(sources: dict[str, bytes]) -> None:
    name = f"memory://t-{uuid.uuid4().hex[:8]}"
    MemoryFileSystem().pipe(f"{name[9:]}/film.srt", sources["film.srt"])
    track = transconv.load(f"{name}/film.srt")
    transconv.dump(track, f"{name}/film.vtt")
    assert MemoryFileSystem().cat(f"{name[9:]}/film.vtt") == transconv.dumps(track, "vtt")
    with pytest.raises(OutputError, match="https is read-only"):
        transconv.dump(track, "https://example.invalid/film.vtt")
    with pytest.raises(UsageError, match="nosuchproto"):
        transconv.load("nosuchproto://x/film.srt")


def test_file_urls_are_local_paths(tmp_path: Path, sources: dict[str, bytes]) -> None:
    (tmp_path / "film.srt").write_bytes(sources["film.srt"])
    track = transconv.load(f"file://{tmp_path}/film.srt")
    transconv.dump(track, f"file://{tmp_path}/film.vtt")
    assert (tmp_path / "film.vtt").read_bytes() == transconv.dumps(track, "vtt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.srt", "film.vtt"]


def test_a_local_conversion_imports_neither_fsspec_nor_dask(tmp_path: Path,
                                                            sources: dict[str, bytes]) -> None:
    (tmp_path / "a.json").write_bytes(sources["talk-0.json"])
    probe = (
        "import sys\n"
        "from transconv import cli\n"
        f"code = cli.main(['convert', {str(tmp_path / 'a.json')!r}, '-t', 'srt,vtt', '-d', "
        f"{str(tmp_path / 'out')!r}, '-j', '2'])\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('fsspec', 'dask', "
        "'distributed') or m.startswith('transconv.engines') or m == 'transconv.storage']\n"
        "print(code, loaded)\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=environment(), timeout=60, check=False)
    assert proc.stdout.strip() == "0 []", proc.stderr


def test_convert_many_without_dask_or_fsspec(tmp_path: Path, sources: dict[str, bytes]) -> None:
    """The library's batch needs neither package for local paths; the dask engine names
    the extra to install."""
    (tmp_path / "a.json").write_bytes(sources["talk-0.json"])
    probe = (
        "import sys\n"
        "for name in ('dask', 'distributed', 'fsspec'):\n"
        "    sys.modules[name] = None\n"
        "from transconv.batch import convert_many\n"
        f"rows = convert_many([{str(tmp_path / 'a.json')!r}], 'srt', {str(tmp_path / 'o')!r})\n"
        "print([(r['format'], r['status']) for r in rows])\n"
        "try:\n"
        f"    convert_many([{str(tmp_path / 'a.json')!r}], 'vtt', {str(tmp_path / 'o')!r}, "
        "engine='dask')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=environment(), timeout=60, check=False)
    assert proc.stdout.splitlines() == [
        "[('srt', 'written')]",
        "UsageError the dask engine needs dask and distributed: pip install 'transconv[dask]'"]
    assert (tmp_path / "o" / "a.srt").read_bytes() == transconv.dumps(
        transconv.loads(sources["talk-0.json"]), "srt")
