"""Hypothesis profiles for the robustness suite.

``ci`` (the default) keeps every property test to a few dozen examples so the whole suite
stays well inside CI's time budget; ``long`` is for a deliberate hunt before a release::

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest -q tests/robustness

The profiles are only registered here, not loaded globally: the rest of the test tree keeps
its own explicit settings. Tests in this folder pick the active one through
:func:`tests.robustness.support.fuzz_settings`.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile("ci", max_examples=10, deadline=None, derandomize=True,
                          suppress_health_check=_SLOW_OK, print_blob=True)
settings.register_profile("long", max_examples=1000, deadline=None,
                          suppress_health_check=_SLOW_OK, print_blob=True)
