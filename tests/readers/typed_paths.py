"""Comparing a reader's typed fast path with its standard path on the same bytes.

The speech services' typed decoders (msgspec records straight from the bytes) must change
speed only: the same transcript, the same warnings, the same error. :func:`both_paths` reads
a document both ways, the second with the typed decoder switched off, and requires equal
outcomes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest

import transconv.readers as readers
from transconv.errors import InvalidInput
from transconv.readers import jsoninput


def raw_of(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def outcome(raw: bytes, caplog: pytest.LogCaptureFixture, **options: Any) -> tuple[str, ...]:
    """The transcript (as repr: 1 and 1.0 differ) and the warnings, or the error message."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="transconv.readers"):
        try:
            result = repr(readers.read(raw, name="doc.json", **options))
        except InvalidInput as exc:
            result = f"error: {exc}"
    return (result, *(record.getMessage() for record in caplog.records))


def both_paths(decoder: str, raw: bytes, caplog: pytest.LogCaptureFixture,
               monkeypatch: pytest.MonkeyPatch, **options: Any) -> tuple[str, ...]:
    """The outcome by the typed path and by the standard one (``decoder``, the typed
    decoder's name in :mod:`transconv.readers.jsoninput`, switched off); they must be equal."""
    typed = outcome(raw, caplog, **options)
    with monkeypatch.context() as patch:
        patch.setattr(jsoninput, decoder, lambda raw: None)
        standard = outcome(raw, caplog, **options)
    assert typed == standard
    return typed


def typed_path_taken(raw: bytes, decode_fast: Callable[[bytes], object], shape: str) -> bool:
    """Whether ``decode_fast`` takes ``raw``; when it does, detection must name ``shape``
    too (a typed decoder never claims another service's file)."""
    typed = decode_fast(raw) is not None
    if typed:
        assert jsoninput.detect(jsoninput.unwrap(json.loads(raw))[0]) == shape
    return typed
