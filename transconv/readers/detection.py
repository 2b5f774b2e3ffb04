"""Which reader an input goes to: the one place formats are told apart by content.

The order is cheap to sure: a reader named by the caller (``--from``) is used as it is;
JSON-looking input goes to the JSON readers, which judge the parsed object; otherwise every
binary reader's ``sniff`` judges the first bytes (EBU STL and CAP have no text to decode) and
then every text reader's ``sniff`` the first characters of the decoded text. The surest
answer wins; the format the file's extension names wins a tie (it is a hint, never a
verdict), then the earlier registry entry.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

from ..formats import READERS, Reader

__all__ = ["HEAD", "by_content", "function", "hinted"]

#: How much of an input the text and binary sniffers see.
HEAD = 8192

_Sniff = Callable[[Any], int]


@functools.cache
def function(path: str) -> Any:
    """The function a reader entry names as ``module:function`` in this package."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)


def hinted(name: str) -> Reader | None:
    """The non-JSON reader a file name's ending hints at (the longest ending wins)."""
    lower = name.lower()
    best: Reader | None = None
    length = 0
    for entry in READERS:
        for ending in entry.extensions:
            if lower.endswith(ending) and len(ending) > length:
                best, length = entry, len(ending)
    return best


def by_content(head: str | bytes, kind: str, name: str) -> Reader | None:
    """The ``kind`` (``text`` or ``binary``) reader surest of ``head``, or None."""
    hint = hinted(name)
    best: Reader | None = None
    surest = 0
    for entry in READERS:
        if entry.input != kind or entry.sniff is None:
            continue
        sniff: _Sniff = function(entry.sniff)
        score = sniff(head)
        if score > surest or (score == surest and score and entry is hint):
            best, surest = entry, score
    return best
