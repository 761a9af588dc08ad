"""Shared settings for the unit tests: few, deterministic hypothesis examples, and
matplotlib drawing off screen, each test's figures closed after it.

``HYPOTHESIS_PROFILE=thorough pytest tests/unit`` runs many random examples instead.
"""

import os

import matplotlib

matplotlib.use("Agg")  # no screen: draw into memory

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

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


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")
