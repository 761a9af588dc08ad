"""Shared settings for the unit tests: few, deterministic hypothesis examples.

``HYPOTHESIS_PROFILE=thorough pytest tests/unit`` runs many random examples instead.
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "nncourse", max_examples=50, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "nncourse"))


@pytest.fixture
def rng():
    return np.random.default_rng(0)
