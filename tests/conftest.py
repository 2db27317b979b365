"""Shared test set-up: draw without a screen, and close every figure a test leaves open."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Each plotting test may leave figures open; close them so they neither pile up nor warn."""
    yield
    plt.close("all")
