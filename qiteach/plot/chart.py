"""Draw a run or control chart from a chart result.

:func:`plot_chart` draws whatever :func:`qiteach.compute_chart` returned —
centre line, limits (stepped where the subgroup size varies), parts, frozen
baseline, target, trial-limit labels, the points each rule flagged, notes and
PDSA markers, and the NHS Making Data Count icons. :func:`alt_text` (from
:mod:`qiteach.plot.describe`, re-exported here) describes the same chart in words.
Nothing here computes a limit or a rule: every line and highlight comes from the result.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.charts import compute_chart
>>> result = compute_chart(y=[5, 7, 6, 8, 5, 6, 7, 9, 8, 7, 6, 8], chart="i")
>>> ax = plot_chart(result, title="Calls answered in 2 minutes", ylabel="Calls")
>>> [line.get_gid() for line in ax.lines][:3]
['cl', 'ucl', 'lcl']
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.transforms import ScaledTranslation

from qiteach.charts.result import ChartResult
from qiteach.charts.rules import RULE_SETS
from qiteach.exceptions import ChartInputError
from qiteach.plot.annotate import add_markers, annotate_points
from qiteach.plot.chart_points import CHART_NAMES, chart_points, percent_scale, x_native
from qiteach.plot.describe import alt_text
from qiteach.plot.icons import add_mdc_icons
from qiteach.plot.layout import FittedLayout
from qiteach.plot.style import (
    FIGSIZE,
    FONT,
    GREY,
    MDC_COLOURS,
    PALETTE,
    TEXT,
    figure_of,
    format_date_axis,
    format_value,
    new_axes,
    percent_formatter,
    plain_text,
    set_title,
    style_axes,
)
from qiteach.plot.text_metrics import share_text_metrics

__all__ = [
    "CHART_NAMES",
    "PART_LEVEL_RULES",
    "RULE_STYLES",
    "RuleStyle",
    "alt_text",
    "plot_chart",
    "rule_style",
]

#: Rules that describe a whole part rather than particular points.
PART_LEVEL_RULES = frozenset(
    r.key for rules in RULE_SETS.values() for r in rules.rules if r.part_level
)


DATA_COLOUR = "#1F5F8B"  # a darker shade of Okabe-Ito blue: reads as "the data"
CL_COLOUR = TEXT
LIMIT_COLOUR = GREY


@dataclass(frozen=True, slots=True)
class RuleStyle:
    """How the points one rule flagged are drawn, and the legend words."""

    label: str
    color: str
    marker: str
    size: float = 70.0


#: colour, marker and size of each rule's points (the words come from its rule set)
_MARKS: dict[str, tuple[str, str, float]] = {
    "outside_limits": (PALETTE["vermillion"], "o", 60.0),
    "long_run": (PALETTE["orange"], "s", 70.0),
    "few_crossings": (PALETTE["sky_blue"], "D", 45.0),
    "shift": (PALETTE["orange"], "s", 70.0),
    "trend": (PALETTE["reddish_purple"], "^", 70.0),
    "too_few_runs": (PALETTE["sky_blue"], "D", 45.0),
    "too_many_runs": (PALETTE["black"], "P", 45.0),
    "shift_8": (PALETTE["orange"], "s", 70.0),
    "trend_6": (PALETTE["reddish_purple"], "^", 70.0),
    "two_of_three": (PALETTE["black"], "D", 55.0),
    "fifteen_inner": (PALETTE["sky_blue"], "h", 70.0),
    "shift_7": (PALETTE["orange"], "s", 70.0),
    "trend_7": (PALETTE["reddish_purple"], "^", 70.0),
}
#: One style per rule name used in ``points.signals`` and ``signal_spans``; the legend
#: words are each rule's ``label`` (:mod:`qiteach.charts.rules`).
RULE_STYLES: dict[str, RuleStyle] = {
    r.key: RuleStyle(r.label, *_MARKS.get(r.key, (PALETTE["black"], "X", 60.0)))
    for rules in RULE_SETS.values()
    for r in rules.rules
}


def rule_style(rule: str) -> RuleStyle:
    """The style of ``rule``; unknown rules get a plain fallback named after them.

    >>> rule_style("trend_6").marker
    '^'
    >>> rule_style("my_rule").label
    'My rule'
    """
    style = RULE_STYLES.get(rule)
    if style is None:
        style = RuleStyle(rule.replace("_", " ").capitalize(), PALETTE["black"], "X", 60.0)
    return style


# ---------------------------------------------------------------- helpers


def _flag(values: pd.Series) -> np.ndarray:
    return values.fillna(False).astype(bool).to_numpy()


def _signals(values: pd.Series) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(())
        elif isinstance(v, str):
            out.append((v,) if v else ())
        else:
            out.append(tuple(v))
    return out


def _segments(pts: pd.DataFrame) -> list[tuple[int, np.ndarray, bool]]:
    """(part, row mask, is_extension) for each run of rows drawn as one line.

    In a part with a frozen baseline, rows after its last baseline row are
    the dashed extension; all other rows are drawn solid.
    """
    segs: list[tuple[int, np.ndarray, bool]] = []
    baseline = _flag(pts["baseline"])
    parts = pts["part"].to_numpy()
    rows = np.arange(len(pts))
    for part in pd.unique(parts):
        in_part = parts == part
        base_rows = rows[in_part & baseline]
        if base_rows.size and base_rows.max() < rows[in_part].max():
            cut = base_rows.max()
            segs.append((int(part), in_part & (rows <= cut), False))
            segs.append((int(part), in_part & (rows > cut), True))
        else:
            segs.append((int(part), in_part, False))
    return segs


def _masked(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = values.astype(float).copy()
    out[~mask] = np.nan
    return out


def _pdsa_items(pdsa: Any) -> tuple[list[Any], list[str]]:
    """PDSA markers from a mapping, (x, label) pairs or a PDSA-log DataFrame."""
    if pdsa is None:
        return [], []
    if isinstance(pdsa, pd.DataFrame):
        xcol = next((c for c in ("start", "x", "date", "period") if c in pdsa.columns), None)
        if xcol is None:
            raise ChartInputError(
                "PDSA table has no start column",
                column="start",
                fix="give a 'start' (or 'x') column with the date each cycle began",
            )
        if "label" in pdsa.columns:
            labels = [str(v) for v in pdsa["label"]]
        elif "cycle_id" in pdsa.columns:
            objective = pdsa["objective"] if "objective" in pdsa.columns else None
            labels = [
                f"{cid}: {objective.iloc[i]}" if objective is not None else str(cid)
                for i, cid in enumerate(pdsa["cycle_id"])
            ]
        else:
            labels = [f"PDSA {i + 1}" for i in range(len(pdsa))]
        return list(pdsa[xcol]), labels
    if isinstance(pdsa, Mapping):
        return list(pdsa.keys()), [str(v) for v in pdsa.values()]
    items = list(pdsa)
    if not all(isinstance(i, Sequence) and not isinstance(i, str) and len(i) == 2 for i in items):
        raise ChartInputError(
            "pdsa must be a mapping {x: label}, a list of (x, label) pairs or a PDSA table",
            fix="e.g. pdsa={'2021-03-01': 'PDSA 1: text reminders'}",
        )
    return [i[0] for i in items], [str(i[1]) for i in items]


# ---------------------------------------------------------------- drawing


def _draw_data(ax: Axes, x: np.ndarray, pts: pd.DataFrame, result: ChartResult) -> None:
    point_labels = result.rule_set.point_labels
    mdc = bool(point_labels)
    y = pts["y"].to_numpy(float)
    parts = pts["part"].to_numpy()
    include = _flag(pts["include"])
    line_colour = MDC_COLOURS["common_cause"] if mdc else DATA_COLOUR
    first = True
    for part in pd.unique(parts):
        m = parts == part
        ax.plot(
            x[m],
            y[m],
            color=line_colour,
            linewidth=1.6,
            zorder=3,
            gid="data",
            label="Data" if first and not mdc else "_nolegend_",
        )
        first = False
    present = ~np.isnan(y)
    if mdc and "point_type" in pts.columns:
        types = pts["point_type"].where(pts["point_type"].notna(), "common_cause").to_numpy()
        for kind, kind_label in point_labels.items():
            m = (types == kind) & present & include
            if m.any():
                ax.scatter(
                    x[m], y[m], s=34, color=MDC_COLOURS[kind], zorder=4,
                    edgecolors="white", linewidths=0.5, gid=f"mdc:{kind}",
                    label=kind_label,
                )  # fmt: skip
    else:
        m = present & include
        ax.scatter(x[m], y[m], s=22, color=line_colour, zorder=4, gid="points", label="_nolegend_")
    m = present & ~include
    if m.any():
        ax.scatter(
            x[m], y[m], s=30, facecolors="white", edgecolors=line_colour, linewidths=1.3,
            zorder=4, gid="excluded", label="Left out of the calculations",
        )  # fmt: skip


def _draw_reference_lines(
    ax: Axes, x: np.ndarray, pts: pd.DataFrame, result: ChartResult
) -> list[str]:
    """Centre line and limits, part by part; returns the gids drawn."""
    run_chart = result.chart == "run"
    cl_label = "Median" if run_chart else "Centre line"
    if result.chart == "g":
        cl_label = "Centre line (median)"
    elif not run_chart:
        cl_label = "Centre line (mean)"
    limit_label = result.rule_set.limit_label
    drawn: list[str] = []
    labelled: set[str] = set()
    for _part, mask, extension in _segments(pts):
        style = (0, (5, 3)) if extension else "-"
        for col, colour, width, label in (
            ("cl", CL_COLOUR, 1.4, cl_label),
            ("ucl", LIMIT_COLOUR, 1.2, limit_label),
            ("lcl", LIMIT_COLOUR, 1.2, limit_label),
        ):
            values = _masked(pts[col].to_numpy(float), mask)
            if np.isnan(values).all():
                continue
            legend = label if (label not in labelled and not extension) else "_nolegend_"
            labelled.add(legend)
            ax.plot(
                x, values, color=colour, linewidth=width, linestyle=style,
                drawstyle="steps-mid", zorder=2, gid=f"{col}-extension" if extension else col,
                label=legend,
            )  # fmt: skip
            drawn.append(col)
    return drawn


def _draw_baseline_labels(ax: Axes, x: np.ndarray, pts: pd.DataFrame) -> None:
    cl = pts["cl"].to_numpy(float)
    segs = _segments(pts)
    for i, (_part, mask, extension) in enumerate(segs):
        has_extension = i + 1 < len(segs) and segs[i + 1][2] and segs[i + 1][0] == _part
        if extension or not has_extension:
            continue
        rows = np.flatnonzero(mask & ~np.isnan(cl))
        if not rows.size:
            continue
        mid = rows[len(rows) // 2]
        ax.annotate(
            "baseline", xy=(x[mid], cl[mid]), xytext=(0, 3), textcoords="offset points",
            ha="center", va="bottom", fontsize=FONT["note"], color=TEXT, style="italic",
            gid="baseline-label",
        )  # fmt: skip


def _draw_part_separators(ax: Axes, x: np.ndarray, pts: pd.DataFrame) -> None:
    parts = pts["part"].to_numpy()
    for i in np.flatnonzero(parts[1:] != parts[:-1]):
        ax.axvline(
            (x[i] + x[i + 1]) / 2, color=GREY, linewidth=1.0, linestyle="-", alpha=0.7,
            zorder=1.5, gid="part-separator",
        )  # fmt: skip


def _draw_trial_labels(ax: Axes, x: np.ndarray, pts: pd.DataFrame, result: ChartResult) -> None:
    parts_table = result.parts
    if "trial_limits" not in parts_table.columns:
        return
    ucl = pts["ucl"].to_numpy(float)
    for _, row in parts_table.iterrows():
        if not bool(row["trial_limits"]):
            continue
        rows = np.flatnonzero((pts["part"].to_numpy() == row["part"]) & ~np.isnan(ucl))
        if not rows.size:
            continue  # a run chart: no limits to call trial
        i = rows[0]
        ax.annotate(
            "Trial limits (few points)", xy=(x[i], ucl[i]), xytext=(2, 3),
            textcoords="offset points", ha="left", va="bottom", fontsize=FONT["note"],
            color=TEXT, style="italic", gid="trial-limits",
        )  # fmt: skip


def _draw_target(ax: Axes, result: ChartResult, percent_scale: float | None) -> None:
    target = result.target
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return
    ax.axhline(
        float(target), color=PALETTE["bluish_green"], linewidth=1.5, linestyle=(0, (6, 2, 1, 2)),
        zorder=2.5, gid="target",
        label=f"Target ({format_value(float(target), percent_scale=percent_scale)})",
    )  # fmt: skip


def _draw_signals(
    ax: Axes, x: np.ndarray, pts: pd.DataFrame, result: ChartResult, *, mdc: bool
) -> None:
    y = pts["y"].to_numpy(float)
    include = _flag(pts["include"])
    signals = _signals(pts["signals"])
    rules: list[str] = []
    for sig in signals:
        rules.extend(r for r in sig if r not in rules)
    # Markers first (so the legend shows a marker for each rule), then spans.
    # Larger markers first so smaller ones stay visible on points flagged twice;
    # a point outside the limits is always drawn on top.
    order = sorted(rules, key=lambda r: (r == "outside_limits", -rule_style(r).size))
    for rule in order:
        style = rule_style(rule)
        m = np.array([rule in sig for sig in signals]) & ~np.isnan(y)
        if not m.any():
            continue
        label = style.label
        kw: dict[str, Any]
        if mdc:
            kw = {"facecolors": "none", "edgecolors": TEXT, "linewidths": 1.1}
            size = style.size * 2.0
        else:
            # an excluded point keeps its flag (as in qicharts2) but is drawn hollow in
            # the rule's colour, so it still reads as "left out of the calculations"
            left_out = ~include[m]
            kw = {
                "facecolors": np.where(left_out, "white", style.color).tolist(),
                "edgecolors": np.where(left_out, style.color, "white").tolist(),
                "linewidths": np.where(left_out, 1.5, 0.6).tolist(),
            }
            size = style.size
            if left_out.any():  # the legend shows the filled marker, not a hollow one
                label = "_nolegend_"
                ax.scatter(
                    [], [], s=size, marker=style.marker, color=style.color, edgecolors="white",
                    linewidths=0.6, gid=f"legend:{rule}", label=style.label,
                )  # fmt: skip
        ax.scatter(
            x[m], y[m], s=size, marker=style.marker, zorder=5, gid=f"signal:{rule}",
            label=label, **kw,
        )  # fmt: skip
    cl = pts["cl"].to_numpy(float)
    for span in result.signal_spans:
        rows = np.arange(int(span.start), int(span.end) + 1)
        style = rule_style(span.rule)
        if span.rule in PART_LEVEL_RULES:
            # A property of the whole part (too few crossings or runs): the
            # part's centre line is redrawn in the rule's colour.
            ax.plot(
                x[rows], cl[rows], color=style.color, linewidth=2.4, linestyle=(0, (4, 2)),
                drawstyle="steps-mid", zorder=2.2, gid=f"span:{span.rule}", label=style.label,
            )  # fmt: skip
            continue
        colour = style.color
        if mdc and "point_type" in pts.columns:
            kinds = [t for t in pts["point_type"].iloc[rows] if isinstance(t, str)]
            special = [t for t in kinds if t != "common_cause"]
            colour = MDC_COLOURS.get(special[0], colour) if special else colour
        ax.plot(
            x[rows], y[rows], color=colour, linewidth=9, alpha=0.22, solid_capstyle="round",
            zorder=2.8, gid=f"span:{span.rule}", label=style.label,
        )  # fmt: skip


def _draw_value_labels(
    ax: Axes, x: np.ndarray, pts: pd.DataFrame, percent_scale: float | None
) -> None:
    """Values of CL and limits at the right-hand end of the last part."""
    last = len(pts) - 1
    placed: list[float] = []
    lo, hi = ax.get_ylim()
    min_gap = 0.06 * (hi - lo)
    for col in ("cl", "ucl", "lcl"):
        value = float(pts[col].iloc[last])
        if math.isnan(value) or any(abs(value - p) < min_gap for p in placed):
            continue
        placed.append(value)
        ax.annotate(
            format_value(value, percent_scale=percent_scale), xy=(x[last], value),
            xytext=(8, 0), textcoords="offset points", ha="left", va="center",
            fontsize=FONT["note"], color=TEXT if col == "cl" else GREY, gid=f"value:{col}",
            annotation_clip=False,
        )  # fmt: skip


def _format_x_axis(ax: Axes, kind: str, x: np.ndarray, labels: np.ndarray) -> None:
    if kind == "date":
        format_date_axis(ax)
    elif kind == "number":
        if np.allclose(x, np.round(x)):
            ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=12))
    else:
        step = max(1, math.ceil(len(x) / 24))
        ax.set_xticks(x[::step], [str(v) for v in labels[::step]], parse_math=False)
        longest = max((len(str(v)) for v in labels), default=0)
        if longest * min(len(x), 24) > 70:
            for tick in ax.get_xticklabels():
                tick.set_rotation(35)
                tick.set_horizontalalignment("right")


def _legend(ax: Axes) -> None:
    """Legend in columns under the x axis, clear of the tick labels however tall."""
    handles, labels = ax.get_legend_handles_labels()
    seen: dict[str, Any] = {}
    for handle, label in zip(handles, labels, strict=True):
        if label and not label.startswith("_") and label not in seen:
            seen[label] = handle
    if not seen:
        return
    fig = figure_of(ax)
    renderer = share_text_metrics(fig)  # the canvas's renderer (Agg and the rest)
    engine = fig.get_layout_engine()
    drop = ScaledTranslation(0, 0, fig.dpi_scale_trans)
    if not isinstance(
        engine, FittedLayout
    ):  # under the tick labels as they are now (a fitted layout measures them)
        ticks = ax.xaxis.get_tightbbox(renderer)
        top = ax.get_window_extent(renderer).y0
        below = top - (ticks.y0 if ticks is not None else top)
        drop = ScaledTranslation(0, -(below / fig.dpi + _LEGEND_GAP), fig.dpi_scale_trans)
    for ncol in range(min(3, len(seen)), 0, -1):  # fewer columns if three are wider than the page
        legend = ax.legend(
            list(seen.values()), list(seen.keys()), loc="upper center", bbox_to_anchor=(0.5, 0),
            bbox_transform=ax.transAxes + drop, ncol=ncol, frameon=False,
            fontsize=FONT["legend"], handlelength=2.2, labelcolor=TEXT,
        )  # fmt: skip
        if legend.get_window_extent(renderer).width <= fig.bbox.width:
            break
    if isinstance(engine, FittedLayout):
        engine.put_under(legend, (0.5, 0.0), gap=_LEGEND_GAP)


#: Inches between the x tick labels (or axis label) and the legend under them.
_LEGEND_GAP = 0.08


# ---------------------------------------------------------------- public


@plain_text
def plot_chart(
    result: ChartResult,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    ylabel: str | None = None,
    xlabel: str | None = None,
    pdsa: Any = None,
    show_icons: bool = True,
    show_notes: bool = True,
    show_legend: bool = True,
    show_values: bool = True,
    percent: bool | None = None,
    figsize: tuple[float, float] = FIGSIZE,
) -> Axes:
    """Draw a chart result on ``ax`` (a new 9×4.5 in figure if none) and return ``ax``.

    Draws the data (missing values as gaps), centre line and limits per part
    (stepped where limits vary; dashed where a frozen baseline is extended,
    with a "baseline" label), a separator between parts, the target, a
    "Trial limits" label on parts with few points, every flagged point in its
    rule's colour and marker with a legend entry in plain words, the run or
    trend each rule found as a shaded band, the notes in ``points.note``, and
    for ``rules="mdc"`` the point colours and variation/assurance icons.

    ``pdsa`` adds PDSA markers: ``{x: label}``, ``[(x, label), ...]`` or a
    PDSA-log table with ``start`` and ``cycle_id`` (and ``objective``)
    columns. ``percent`` shows the y axis as percentages: default on for p
    and p′ charts with ``multiply=100``; ``percent=True`` on a p chart of
    plain proportions shows 0.25 as 25 %, and on any other chart says the
    values are already percentages (0-100).

    >>> import matplotlib.pyplot as plt
    >>> from qiteach.charts import compute_chart
    >>> res = compute_chart(y=[3, 5, 4, 6, 2, 5, 4, 3, 6, 5], n=[20] * 10, chart="p", target=0.3)
    >>> ax = plot_chart(res, percent=True, pdsa={4: "PDSA 1"})
    >>> ax.yaxis.get_major_formatter()(0.25, 0)
    '25%'
    >>> [line.get_ydata()[0] for line in ax.lines if line.get_gid() == "target"]
    [0.3]
    >>> plt.close(ax.figure)
    """
    pts = chart_points(result)
    mdc = bool(result.rule_set.point_labels)  # a rule set that classifies points (MDC)
    if ax is None:
        _, ax = new_axes(figsize=figsize)
    style_axes(ax)
    native, kind = x_native(pts["x"])
    ax.xaxis.update_units(native)
    x = np.asarray(ax.xaxis.convert_units(native), dtype=float)
    scale = percent_scale(result, percent)

    _draw_part_separators(ax, x, pts)
    _draw_reference_lines(ax, x, pts, result)
    _draw_baseline_labels(ax, x, pts)
    _draw_target(ax, result, scale)
    _draw_data(ax, x, pts, result)
    _draw_signals(ax, x, pts, result, mdc=mdc)
    _draw_trial_labels(ax, x, pts, result)

    ax.margins(x=0.02, y=0.08)
    _format_x_axis(ax, kind, x, native)
    if scale is not None:
        ax.yaxis.set_major_formatter(percent_formatter(scale=scale))
    # titles and labels are a team's own words: a "$" in them is a dollar, not maths
    ax.set_ylabel(
        ylabel if ylabel is not None else _default_ylabel(result, scale), parse_math=False
    )
    if xlabel:
        ax.set_xlabel(xlabel, parse_math=False)
    if title:
        set_title(
            ax, title, loc="left", fontsize=FONT["title"], color=TEXT, fontweight="bold",
            parse_math=False,
        )  # fmt: skip

    if show_notes and "note" in pts.columns:
        notes = pts["note"].to_numpy(object)
        rows = [i for i, n in enumerate(notes) if isinstance(n, str) and n.strip()]
        if rows:
            y = pts["y"].to_numpy(float)
            cl = pts["cl"].to_numpy(float)
            ys = [y[i] if not np.isnan(y[i]) else cl[i] for i in rows]
            ys = [v if not np.isnan(v) else float(np.nanmean(y)) for v in ys]
            annotate_points(ax, [x[i] for i in rows], ys, [notes[i] for i in rows])
    px, plabels = _pdsa_items(pdsa)
    if px:
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.18 * (hi - lo))  # room for the marker labels
        add_markers(ax, px, plabels, kind="pdsa")
    if show_values:
        _draw_value_labels(ax, x, pts, scale)
    if mdc and show_icons:
        parts_table = result.parts
        if len(parts_table):
            last = parts_table.iloc[-1]
            add_mdc_icons(
                ax,
                variation=_none(last.get("variation")),
                assurance=_none(last.get("assurance")),
                direction=result.direction,
            )
    if show_legend:
        _legend(ax)
    return ax


def _none(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _default_ylabel(result: ChartResult, scale: float | None) -> str:
    multiply = float(result.multiply)
    chart = result.chart
    if scale is not None:
        return "Percent"
    if chart in ("p", "pp"):
        return "Proportion" if multiply == 1 else f"Per {format_value(multiply)}"
    if chart in ("u", "up"):
        return "Rate" if multiply == 1 else f"Rate per {format_value(multiply)}"
    return {
        "c": "Count",
        "g": "Cases between events",
        "t": "Time between events",
        "mr": "Moving range",
        "s": "Standard deviation",
        "xbar": "Subgroup mean",
    }.get(chart, "Value")
