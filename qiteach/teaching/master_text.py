"""Reading a master notebook's cells: list items, the learning objectives, widget outputs.

Every master's first cell lists its objectives as the bullets after
:data:`OBJECTIVES_LEAD`; the handouts and the facilitation plans both read them
with :func:`objectives`.

>>> cell = "# S\\n\\n" + OBJECTIVES_LEAD + "\\n- plan a test;\\n- read a\\n  chart.\\n\\n| part |"
>>> objectives(cell)
('plan a test;', 'read a chart.')
"""

from __future__ import annotations

import re

__all__ = ["OBJECTIVES_LEAD", "WIDGET_MIME", "bullets", "objectives"]

#: The line before a master's learning objectives (first cell).
OBJECTIVES_LEAD = "By the end of this session you will be able to"

#: The output type of an ipywidget (a form, an explorer): it cannot show on a slide or paper.
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")


def bullets(markdown: str) -> list[str]:
    """The list items of ``markdown`` (continuation lines joined), in order.

    >>> bullets("Intro\\n- one\\n  still one\\n* two\\n\\n1. three\\nafter")
    ['one still one', 'two', 'three']
    """
    items: list[str] = []
    open_item = False
    for line in markdown.splitlines():
        found = _ITEM.match(line)
        if found:
            items.append(found.group(1).strip())
            open_item = True
        elif open_item and line.strip() and line[:1].isspace():
            items[-1] += " " + line.strip()
        else:
            open_item = False
    return items


def objectives(first_cell: str) -> tuple[str, ...]:
    """The learning objectives: the list right after :data:`OBJECTIVES_LEAD` (none without it)."""
    at = first_cell.find(OBJECTIVES_LEAD)
    if at < 0:
        return ()
    rest = first_cell[at:].split("\n", 1)[1] if "\n" in first_cell[at:] else ""
    return tuple(bullets(rest.split("\n\n", 1)[0]))
