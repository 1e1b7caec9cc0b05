"""Driver diagrams: the model (boxes, checks, exports) and its layout.

>>> from qiteach.drivers import DriverDiagram
>>> d = DriverDiagram.from_dict({"aim": "Fewer DNAs by March 2026",
...                              "drivers": {"Patients remember": {"Reminders": ["SMS"]}}})
>>> len(d), d.primaries[0].text
(3, 'Patients remember')

Drawing lives in :mod:`qiteach.plot.drivers` (``plot_driver_diagram``,
``save_driver_diagram``).
"""

from __future__ import annotations

from qiteach.drivers.layout import Box, DiagramLayout, layout_diagram
from qiteach.drivers.model import KINDS, LINKS, DriverDiagram, DriverNode

__all__ = [
    "KINDS",
    "LINKS",
    "Box",
    "DiagramLayout",
    "DriverDiagram",
    "DriverNode",
    "layout_diagram",
]
