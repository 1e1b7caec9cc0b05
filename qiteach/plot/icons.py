"""NHS "Making Data Count" variation and assurance icons, drawn with matplotlib.

The icons summarise an XmR chart at a glance (NHS England, *Making Data
Count*): the **variation** icon shows the kind of the latest point (common
cause; special cause improvement, concern or neutral, high or low) and the
**assurance** icon whether the process will meet its target (consistently
pass, consistently fail, or hit and miss). They are drawn from circles, lines
and text, so no image files are needed, and each icon lives in its own small
inset axes labelled ``mdc-variation-icon`` / ``mdc-assurance-icon``.

This module only draws what it is told: the variation and assurance values
come from the chart result (``result.parts``), never computed here.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> icons = add_mdc_icons(ax, variation="special_cause_improvement", assurance="consistent_pass",
...                       direction="increase")
>>> [i.get_label() for i in icons]
['mdc-variation-icon', 'mdc-assurance-icon']
>>> variation_key("special_cause_improvement", "increase")
'special_cause_improvement_high'
>>> plt.close(fig)
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from qiteach.charts.rules.mdc import ASSURANCE_ICON_WORDS, VARIATION_ICON_WORDS
from qiteach.exceptions import InputError
from qiteach.plot.style import FONT, MDC_COLOURS, TEXT, figure_of, plain_text

__all__ = [
    "ASSURANCE_TEXT",
    "VARIATION_TEXT",
    "add_mdc_icons",
    "draw_assurance_icon",
    "draw_variation_icon",
    "variation_key",
]

#: Variation icon keys and the plain words printed under each icon.
VARIATION_TEXT: dict[str, str] = VARIATION_ICON_WORDS

#: Assurance values (as in ``result.parts.assurance``) and their plain words.
ASSURANCE_TEXT: dict[str, str] = ASSURANCE_ICON_WORDS

_ASSURANCE_STYLE: dict[str, tuple[str, str]] = {
    "consistent_pass": ("P", MDC_COLOURS["special_cause_improvement"]),
    "consistent_fail": ("F", MDC_COLOURS["special_cause_concern"]),
    "inconsistent": ("?", MDC_COLOURS["common_cause"]),
}

# Mini-chart inside the variation icon: seven points around the middle.
_XS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
_FLAT = (0.46, 0.52, 0.44, 0.5, 0.47, 0.53, 0.48)


def variation_key(point_type: str | None, direction: str) -> str | None:
    """Icon key for the latest point's type, given the improvement direction.

    Improvement when more is better means the point is high; concern when
    more is better means it is low (and the reverse when less is better).

    >>> variation_key("special_cause_concern", "decrease")
    'special_cause_concern_high'
    >>> variation_key("special_cause_neutral_low", "neutral")
    'special_cause_neutral_low'
    >>> variation_key(None, "increase") is None
    True
    """
    if point_type is None or point_type != point_type:  # None or NaN
        return None
    if point_type in ("common_cause", "special_cause_neutral_high", "special_cause_neutral_low"):
        return point_type
    if point_type not in ("special_cause_improvement", "special_cause_concern"):
        raise InputError(
            f"unknown point type {point_type!r}",
            column="point_type",
            fix="use common_cause or special_cause_improvement/concern/neutral_high/neutral_low",
        )
    if direction not in ("increase", "decrease"):
        raise InputError(
            f"{point_type} needs an improvement direction, got {direction!r}",
            column="direction",
            fix="set direction to increase or decrease",
        )
    improvement = point_type == "special_cause_improvement"
    high = improvement == (direction == "increase")
    return f"{point_type}_{'high' if high else 'low'}"


def _icon_axes(ax: Axes, bounds: tuple[float, float, float, float], label: str) -> Axes:
    icon = ax.inset_axes(bounds, transform=ax.transAxes)
    icon.set_xlim(0, 1)
    icon.set_ylim(-0.42, 1)
    icon.set_aspect("equal", adjustable="box", anchor="C")
    icon.set_axis_off()
    icon.set_label(label)
    return icon


def _ring(icon: Axes, colour: str, gid: str) -> None:
    icon.add_patch(
        Circle((0.5, 0.5), 0.44, facecolor="white", edgecolor=colour, linewidth=3.0, gid=gid)
    )


_CAPTION_SIZE = FONT["note"] - 1
#: generous width of one caption character, in inches (DejaVu Sans averages ~0.55 em)
_CAPTION_CHAR = 0.62 * _CAPTION_SIZE / 72


def _caption_width(text: str) -> float:
    """Width in inches the caption ``text`` may take (its longest line, generously)."""
    return max(len(line) for line in text.splitlines()) * _CAPTION_CHAR


def _caption(icon: Axes, text: str) -> None:
    icon.text(
        0.5,
        -0.2,
        text,
        ha="center",
        va="center",
        fontsize=_CAPTION_SIZE,
        color=TEXT,
        wrap=False,
    )


@plain_text
def draw_variation_icon(icon: Axes, key: str, *, caption: bool = True) -> None:
    """Draw the variation icon ``key`` (see :data:`VARIATION_TEXT`) on ``icon``.

    ``icon`` should span x 0-1 and y 0-1 (as :func:`add_mdc_icons` sets up).

    >>> import matplotlib.pyplot as plt
    >>> fig, icon = plt.subplots()
    >>> draw_variation_icon(icon, "special_cause_concern_low")
    >>> icon.patches[0].get_gid(), icon.texts[0].get_text()
    ('mdc-variation-ring', 'L')
    >>> plt.close(fig)
    """
    if key not in VARIATION_TEXT:
        raise InputError(
            f"unknown variation icon {key!r}", fix=f"use one of {', '.join(VARIATION_TEXT)}"
        )
    # common cause and the neutral keys have their own colours; improvement/concern
    # keys carry a _high/_low suffix on their colour's name
    colour = MDC_COLOURS.get(key) or MDC_COLOURS[key.rsplit("_", 1)[0]]
    grey = MDC_COLOURS["common_cause"]
    _ring(icon, colour, "mdc-variation-ring")
    ys = list(_FLAT)
    special = key != "common_cause"
    if special:
        shift = 0.16 if key.endswith("_high") else -0.16
        ys = [y - shift / 3 for y in ys[:4]] + [0.5 + shift + d for d in (-0.03, 0.02, 0.0)]
        if key.endswith("_low"):
            ys = [y - 0.04 for y in ys]
    icon.add_line(Line2D(_XS, ys, color=grey, linewidth=1.2, zorder=2))
    colours = [grey] * 4 + [colour if special else grey] * 3
    icon.scatter(_XS, ys, s=14, c=colours, zorder=3, linewidths=0)
    if special:
        letter = "H" if key.endswith("_high") else "L"
        y_letter = 0.24 if key.endswith("_high") else 0.74
        icon.text(
            0.5,
            y_letter,
            letter,
            ha="center",
            va="center",
            fontsize=FONT["label"],
            fontweight="bold",
            color=colour,
        )
    if caption:
        _caption(icon, VARIATION_TEXT[key])


@plain_text
def draw_assurance_icon(icon: Axes, assurance: str, *, caption: bool = True) -> None:
    """Draw the assurance icon for ``assurance`` (see :data:`ASSURANCE_TEXT`) on ``icon``.

    >>> import matplotlib.pyplot as plt
    >>> fig, icon = plt.subplots()
    >>> draw_assurance_icon(icon, "consistent_fail")
    >>> icon.texts[0].get_text()
    'F'
    >>> plt.close(fig)
    """
    if assurance not in _ASSURANCE_STYLE:
        raise InputError(
            f"unknown assurance {assurance!r}",
            column="assurance",
            fix=f"use one of {', '.join(_ASSURANCE_STYLE)}",
        )
    letter, colour = _ASSURANCE_STYLE[assurance]
    _ring(icon, colour, "mdc-assurance-ring")
    icon.text(
        0.5,
        0.56,
        letter,
        ha="center",
        va="center",
        fontsize=FONT["title"] + 3,
        fontweight="bold",
        color=colour,
    )
    # The target as a dashed line under the letter.
    icon.add_line(
        Line2D([0.22, 0.78], [0.27, 0.27], color=colour, linewidth=1.4, linestyle=(0, (2, 1.5)))
    )
    if caption:
        _caption(icon, ASSURANCE_TEXT[assurance])


@plain_text
def add_mdc_icons(
    ax: Axes,
    *,
    variation: str | None,
    assurance: str | None,
    direction: str = "neutral",
    size: float = 0.075,
    caption: bool = True,
) -> list[Axes]:
    """Add the MDC icons above the top-right corner of ``ax``; return the icon axes.

    ``variation`` is a point type as in ``result.points.point_type`` (e.g.
    ``"special_cause_improvement"``); ``assurance`` is ``consistent_pass``,
    ``consistent_fail`` or ``inconsistent``. A ``None`` value draws no icon.
    ``size`` is the icon width as a fraction of the axes width.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> [i.get_label() for i in add_mdc_icons(ax, variation="common_cause", assurance=None)]
    ['mdc-variation-icon']
    >>> plt.close(fig)
    """
    key = variation_key(variation, direction)
    fig_w, fig_h = figure_of(ax).get_size_inches()
    pos = ax.get_position()
    width_in = max(pos.width * fig_w, 1e-9)
    aspect = width_in / max(pos.height * fig_h, 1e-9)
    height = size * aspect * 1.42
    slots: list[tuple[str, str]] = [
        (kind, value) for kind, value in (("variation", key), ("assurance", assurance)) if value
    ]
    texts = {"variation": VARIATION_TEXT, "assurance": ASSURANCE_TEXT}
    # captions are wider than the icons on a narrow chart: space the icons so that
    # neighbouring captions never touch and the last one ends inside the right edge
    words = [texts[kind].get(value) if caption else None for kind, value in slots]
    half = [max(size, _caption_width(w) / width_in if w else size) / 2 for w in words]
    centres: list[float] = []
    for i in reversed(range(len(slots))):
        if centres:
            centres.insert(0, centres[0] - max(size + 0.025, half[i] + half[i + 1] + 0.01))
        else:
            centres.insert(0, 1.0 - half[i])
    icons: list[Axes] = []
    for (kind, value), centre in zip(slots, centres, strict=True):
        icon = _icon_axes(ax, (centre - size / 2, 1.01, size, height), f"mdc-{kind}-icon")
        if kind == "variation":
            draw_variation_icon(icon, value, caption=caption)
        else:
            draw_assurance_icon(icon, value, caption=caption)
        icons.append(icon)
    return icons
