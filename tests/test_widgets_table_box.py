"""What every table box does alike (qiteach/widgets/_table_box.py), for each box."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from qiteach.widgets import CharterBox, StakeholderBox
from qiteach.widgets._table_box import TableBox

pytestmark = pytest.mark.usefixtures("close_figures")

BOXES = pytest.mark.parametrize(
    "cls", [CharterBox, StakeholderBox], ids=["charter", "stakeholders"]
)


@BOXES
def test_display_sends_the_drawing_beside_the_widget_for_paper(demo_ws, monkeypatch, cls):
    import IPython.display

    shown: list[tuple[object, dict]] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    box = cls(demo_ws, "north")
    assert isinstance(box, TableBox)
    box.display()
    ((bundle, kwargs),) = shown
    assert kwargs == {"raw": True}
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == box.ui.model_id
    assert bundle["image/png"] == box.paper_png()
    assert box.paper_png() == box.drawing.outputs[0]["data"]["image/png"]
