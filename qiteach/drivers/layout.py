"""Where each box of a driver diagram goes: pure geometry, no matplotlib.

:func:`layout_diagram` wraps each box's text, sizes the box to fit, and places
the boxes left to right in four aligned columns (Aim | Primary drivers |
Secondary drivers | Change ideas). Each subtree gets its own horizontal band,
so boxes never overlap however many there are: the diagram grows taller with
the number of leaves. Units are inches with y pointing up, so a figure of
``(layout.width, layout.height)`` inches shows the text at ``font_size`` points.
Connectors are elbows: right from the parent, down or up in the gap after the
parent's column, then right into the child.

>>> from qiteach.drivers.model import DriverDiagram
>>> d = DriverDiagram.from_dict({"aim": "Fewer DNAs by March 2026", "drivers": {
...     "Patients remember": {"Reminders": ["SMS 48h before", "Call the day before"]}}})
>>> lay = layout_diagram(d)
>>> [b.node_id for b in lay.boxes]
['aim', 'P1', 'S1', 'C1', 'C2']
>>> [round(b.center[1], 2) == round(lay.box("P1").center[1], 2) for b in lay.boxes[:3]]
[True, True, True]
>>> len(lay.connectors), lay.connectors[0].points[0] == lay.box("aim").right_mid
(4, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qiteach.drivers.model import DriverDiagram, DriverNode

__all__ = [
    "COLUMN_HEADERS",
    "Box",
    "Connector",
    "DiagramLayout",
    "Measure",
    "estimate_width",
    "layout_diagram",
    "wrap_text",
]

#: column headers, left to right
COLUMN_HEADERS: tuple[str, ...] = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
_LEVEL = {"aim": 0, "primary": 1, "secondary": 2, "change_idea": 3}
POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class Box:
    """One box placed on the page: bottom-left corner ``(x, y)``, size, wrapped lines."""

    node_id: str
    kind: str
    level: int
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    parent_id: str | None = None
    link: str = "strong"
    pdsa_count: int = 0
    highlighted: bool = False
    badge: str | None = None

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    @property
    def right_mid(self) -> tuple[float, float]:
        return (self.right, self.y + self.height / 2)

    @property
    def left_mid(self) -> tuple[float, float]:
        return (self.x, self.y + self.height / 2)

    def overlaps(self, other: Box) -> bool:
        """True when the two rectangles share any area (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.top
            and other.y < self.top
        )


@dataclass(frozen=True, slots=True)
class Connector:
    """The elbow line from a parent box to a child box."""

    parent_id: str
    child_id: str
    link: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class DiagramLayout:
    """Every box and connector of a diagram, in inches (y up)."""

    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    width: float
    height: float
    headers: tuple[tuple[str, float, float], ...]  # (text, x centre, y centre)
    font_size: float
    aim_font_size: float
    pad: float
    line_height: float

    def box(self, node_id: str) -> Box:
        """The box for ``node_id`` (``"aim"`` for the aim)."""
        for b in self.boxes:
            if b.node_id == node_id:
                return b
        raise KeyError(node_id)


#: text width measurer: (text, font size in points, bold) -> width in inches
Measure = Callable[[str, float, bool], float]

_NARROW = set("iljtfrI.,;:'|!()[] ")
_WIDE = set("mwMW@%&")


def estimate_width(text: str, font_size: float, bold: bool = False) -> float:
    """A rough width of ``text`` in inches for a DejaVu-Sans-like font, used when
    no real measurer is given. It errs on the wide side.

    >>> round(estimate_width("mmol/mol", 10), 2)
    0.75
    """
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.34
        elif ch in _WIDE:
            em += 0.95
        elif ch.isupper() or ch.isdigit():
            em += 0.70
        else:
            em += 0.62
    return em * (1.12 if bold else 1.0) * font_size / POINTS_PER_INCH


def wrap_text(
    text: str,
    width_in: float,
    *,
    font_size: float = 9.0,
    bold: bool = False,
    measure: Measure | None = None,
) -> list[str]:
    """Greedy word wrap of ``text`` so each line is at most ``width_in`` inches.

    ``measure`` gives the true width of a string (the plotting module passes
    one based on the font); without it :func:`estimate_width` is used. Words
    too long for a line are broken.

    >>> wrap_text("Text reminder 48 hours before the appointment", 1.2, font_size=9)
    ['Text reminder 48', 'hours before the', 'appointment']
    """
    width = measure or estimate_width
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if width(trial, font_size, bold) <= width_in:
            current = trial
            continue
        if current:
            lines.append(current)
        # the word alone may still be too long: break it into pieces that fit
        current = ""
        for ch in word:
            if current and width(current + ch, font_size, bold) > width_in:
                lines.append(current)
                current = ch
            else:
                current += ch
    if current or not lines:
        lines.append(current)
    return lines


def layout_diagram(
    diagram: DriverDiagram,
    *,
    font_size: float = 9.0,
    aim_font_size: float | None = None,
    column_width: float = 2.3,
    aim_width: float = 2.2,
    column_gap: float = 0.55,
    box_gap: float = 0.14,
    group_gap: float = 0.12,
    pad: float = 0.09,
    line_spacing: float = 1.3,
    header_height: float = 0.45,
    margin: float = 0.2,
    highlight: set[str] | frozenset[str] | None = None,
    measure: Measure | None = None,
) -> DiagramLayout:
    """Place every box of a (valid) diagram; see the module docstring.

    ``highlight`` is the set of node ids to highlight; ``None`` highlights the
    change ideas that have PDSA cycles. A box with PDSA cycles gets a badge
    line ("3 PDSAs") under its text. ``measure`` measures text widths (see
    :func:`wrap_text`); primary drivers and the aim are measured bold.
    ``group_gap`` is extra space between subtrees of different primary
    drivers, so groups read as groups.

    >>> from qiteach.drivers.model import DriverDiagram
    >>> d = DriverDiagram("Aim")
    >>> layout_diagram(d)
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ToolkitError: the driver diagram has no primary drivers (fix: ...)
    """
    diagram.validate()
    aim_fs = aim_font_size or font_size + 1
    line_h = line_spacing * font_size / POINTS_PER_INCH
    aim_line_h = line_spacing * aim_fs / POINTS_PER_INCH
    inner = column_width - 2 * pad
    if highlight is None:
        highlight = {n.node_id for n in diagram.nodes if n.kind == "change_idea" and n.tested}

    col_x = [margin]
    col_x.append(margin + aim_width + column_gap)
    col_x.append(col_x[1] + column_width + column_gap)
    col_x.append(col_x[2] + column_width + column_gap)
    total_width = col_x[3] + column_width + margin

    lines: dict[str, list[str]] = {}
    heights: dict[str, float] = {}
    for node in diagram.nodes:
        lines[node.node_id] = wrap_text(
            node.text, inner, font_size=font_size, bold=node.kind == "primary", measure=measure
        )
        h = len(lines[node.node_id]) * line_h + 2 * pad
        if node.pdsa_count:
            h += line_h  # badge row
        heights[node.node_id] = h
    aim_lines = wrap_text(
        diagram.aim, aim_width - 2 * pad, font_size=aim_fs, bold=True, measure=measure
    )
    aim_h = len(aim_lines) * aim_line_h + 2 * pad

    band: dict[str, float] = {}

    def band_of(node: DriverNode) -> float:
        kids = diagram.children(node.node_id)
        stacked = sum(band_of(k) for k in kids) + box_gap * max(len(kids) - 1, 0)
        band[node.node_id] = max(heights[node.node_id], stacked)
        return band[node.node_id]

    primaries = diagram.primaries
    stack = sum(band_of(p) for p in primaries) + (box_gap + group_gap) * (len(primaries) - 1)
    content_h = max(stack, aim_h)
    total_height = margin + header_height + content_h + margin

    # top-down placement in "depth below the header" coordinates, then flip to y-up
    top_of_content = total_height - margin - header_height
    centres: dict[str, float] = {}  # y-up centre of each box

    def place(node: DriverNode, band_top: float) -> None:
        """``band_top`` is a y-up coordinate; the node's band extends downwards."""
        kids = diagram.children(node.node_id)
        b = band[node.node_id]
        h = heights[node.node_id]
        if kids:
            stacked = sum(band[k.node_id] for k in kids) + box_gap * (len(kids) - 1)
            cursor = band_top - (b - stacked) / 2
            for k in kids:
                place(k, cursor)
                cursor -= band[k.node_id] + box_gap
            c = (centres[kids[0].node_id] + centres[kids[-1].node_id]) / 2
            c = min(max(c, band_top - b + h / 2), band_top - h / 2)  # stay inside the band
        else:
            c = band_top - b / 2
        centres[node.node_id] = c

    cursor = top_of_content - (content_h - stack) / 2
    for p in primaries:
        place(p, cursor)
        cursor -= band[p.node_id] + box_gap + group_gap
    if primaries:
        aim_c = (centres[primaries[0].node_id] + centres[primaries[-1].node_id]) / 2
    else:  # pragma: no cover - validate() requires a primary
        aim_c = top_of_content - content_h / 2
    aim_c = min(max(aim_c, top_of_content - content_h + aim_h / 2), top_of_content - aim_h / 2)

    boxes = [Box("aim", "aim", 0, col_x[0], aim_c - aim_h / 2, aim_width, aim_h, tuple(aim_lines))]
    for node in diagram.nodes:
        level = _LEVEL[node.kind]
        h = heights[node.node_id]
        count = node.pdsa_count
        boxes.append(
            Box(
                node.node_id,
                node.kind,
                level,
                col_x[level],
                centres[node.node_id] - h / 2,
                column_width,
                h,
                tuple(lines[node.node_id]),
                parent_id=node.parent_id,
                link=node.link,
                pdsa_count=count,
                highlighted=node.node_id in highlight,
                badge=f"{count} PDSA{'s' if count != 1 else ''}" if count else None,
            )
        )
    by_id = {b.node_id: b for b in boxes}
    connectors = []
    for b in boxes[1:]:
        parent = by_id[b.parent_id or "aim"]
        px, py = parent.right_mid
        cx, cy = b.left_mid
        ex = parent.right + column_gap / 2
        points = ((px, py), (ex, py), (ex, cy), (cx, cy))
        connectors.append(Connector(parent.node_id, b.node_id, b.link, points))
    header_y = total_height - margin - header_height / 2
    header_x = [col_x[0] + aim_width / 2] + [x + column_width / 2 for x in col_x[1:]]
    headers = tuple((t, x, header_y) for t, x in zip(COLUMN_HEADERS, header_x, strict=True))
    return DiagramLayout(
        boxes=tuple(boxes),
        connectors=tuple(connectors),
        width=total_width,
        height=total_height,
        headers=headers,
        font_size=font_size,
        aim_font_size=aim_fs,
        pad=pad,
        line_height=line_h,
    )
