"""Shared pytest set-up: plugins only (fixtures live beside the tests that use them)."""

pytest_plugins = ["_hardening_plugin"]


# -- shared fixtures (added below the original set-up) ---------------------------------------
import pytest  # noqa: E402


@pytest.fixture
def close_figures():
    """Close every matplotlib figure a test left open (use with ``usefixtures``).

    Test modules that draw set the Agg backend themselves before importing pyplot.
    """
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
