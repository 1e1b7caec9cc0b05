"""Suite-wide pytest set-up: test lanes by cost and the shared demo programme.

Here at the repository root (not in ``tests/``) so it also applies to the doctests
in ``qiteach/`` and to notebooks collected by nbval from ``notebooks/``.

* Every nbval item (a notebook cell) is marked ``slow``: ``pytest -m "not slow"``
  runs no notebook.
* ``demo_programme`` is the shipped demo programme, opened once per run and also
  available to doctests under that name; ``collaborative_programme`` is the shipped
  36-practice collaborative, opened once per run; teardowns check no test changed them.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark notebook cells collected by nbval as slow (they start a kernel each)."""
    for item in items:
        if type(item).__module__.startswith("nbval"):
            item.add_marker(pytest.mark.slow)


def _fingerprint(programme) -> dict[str, int]:
    import pandas as pd

    tables = {"sessions": programme.sessions, **programme.tables}
    return {
        name: int(pd.util.hash_pandas_object(frame.astype(str), index=True).sum())
        for name, frame in tables.items()
    } | {"meta": hash(repr(programme.meta))}


@pytest.fixture(scope="session")
def demo_programme():
    """The shipped demo programme (north, west, south), opened once for the whole run.

    Shared: treat it as read-only (copy a table before changing it). Teardown fails
    the run if any test changed its tables or meta.
    """
    from qiteach.workspace import open_workspace

    programme = open_workspace("demo-programme")
    before = _fingerprint(programme)
    yield programme
    assert _fingerprint(programme) == before, "a test changed the shared demo_programme"


@pytest.fixture(scope="session")
def collaborative_programme():
    """The shipped ``collaborative`` workspace, opened once for the whole run (read-only).

    Teardown fails the run if any test changed its tables or meta.
    """
    from qiteach.workspace import open_workspace

    programme = open_workspace("collaborative")
    before = _fingerprint(programme)
    yield programme
    assert _fingerprint(programme) == before, "a test changed the shared collaborative_programme"


@pytest.fixture(autouse=True)
def _demo_programme_for_doctests(request, doctest_namespace):
    """Put ``demo_programme`` into the doctest namespace, for doctests only."""
    if isinstance(request.node, pytest.DoctestItem):
        doctest_namespace["demo_programme"] = request.getfixturevalue("demo_programme")
