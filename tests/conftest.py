"""Shared test helpers: system tools that CI must have, and model-built transcripts."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.factories import small_transcript
from transconv.model import Transcript


def require_tool(name: str) -> str:
    """Path of an external decoder; fails the test in CI when missing, skips elsewhere."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} not installed")
    return path


@pytest.fixture
def transcript() -> Transcript:
    return small_transcript()
