"""Draw the IHI toolkit charts: Pareto, fishbone (cause and effect), histogram, scatter.

Each function takes the matching compute result from :mod:`qiteach.tools`
(or, for convenience, the raw data it is computed from), draws on ``ax`` (or a
new figure) and returns the axes. Artists carry gids so tests and notebooks
can find them.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> ax = plot_pareto({"forgot": 42, "work": 18, "transport": 12, "other": 3})
>>> [p.get_gid() for p in ax.patches][:2]
['pareto-bar-vital', 'pareto-bar-vital']
>>> plt.close("all")
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath

from qiteach.exceptions import ToolkitError
from qiteach.plot.style import FONT, GREY, PALETTE, TEXT, new_axes, plain_text, style_axes
from qiteach.tools.fishbone import Fishbone
from qiteach.tools.histogram import HistogramResult, histogram
from qiteach.tools.pareto import pareto
from qiteach.tools.scatter import ScatterResult

__all__ = [
    "TOOL_COLOURS",
    "plot_fishbone",
    "plot_histogram",
    "plot_pareto",
    "plot_scatter",
]

#: Colours of the toolkit charts (Okabe-Ito plus greys).
TOOL_COLOURS: dict[str, str] = {
    "vital_few": PALETTE["blue"],
    "useful_many": "#A6C8E0",
    "other": "#C8C8C8",
    "cumulative": PALETTE["vermillion"],
    "bars": PALETTE["sky_blue"],
    "mean": PALETTE["vermillion"],
    "median": PALETTE["blue"],
    "spec": TEXT,
    "target": PALETTE["bluish_green"],
    "points": PALETTE["blue"],
    "fit": PALETTE["vermillion"],
    "bone": "#4D4D4D",
    "head": PALETTE["blue"],
    "category": "#DCEBF5",
}


# --------------------------------------------------------------------- Pareto
@plain_text
def plot_pareto(data: Any, ax: Axes | None = None, *, title: str | None = None,
                ylabel: str = "Count", **pareto_options: Any) -> Axes:  # fmt: skip
    """Bars of counts (largest first) with the cumulative % line on a second axis.

    ``data`` is a table from :func:`qiteach.tools.pareto` or anything
    ``pareto()`` accepts (``pareto_options`` are passed on). The vital few are
    dark blue, the rest pale, "Other" grey; a dashed line marks 80 %. Bars
    have gid ``pareto-bar-vital`` / ``pareto-bar`` / ``pareto-bar-other``, the
    cumulative line ``pareto-cumulative`` and the 80 % line ``pareto-80`` (both
    on the secondary axes, gid ``pareto-percent-axis``). Returns the count axes.
    """
    table = data if _is_pareto_table(data) else pareto(data, **pareto_options)
    own_figure = ax is None
    # on its own figure the labels stay horizontal and each bar gets room for its label;
    # in a given ax, many labels are turned 30 degrees (and may crowd a small ax)
    rotate = not own_figure and len(table) > 7
    width = 14 if rotate else 12
    labels = [textwrap.fill(str(c), width) for c in table["category"]]
    if ax is None:
        label_w = max(_size(label, FONT["tick"])[0] for label in labels)
        per_bar = max(1.05 if len(table) <= 7 else 0.9, label_w + 0.2)
        _, ax = new_axes(figsize=(max(6.0, 1.5 + per_bar * len(table)), 4.8))
    style_axes(ax)
    x = np.arange(len(table))
    colours, gids = [], []
    for vital, other in zip(table["vital_few"], table["other"], strict=True):
        key = "vital_few" if vital else ("other" if other else "useful_many")
        colours.append(TOOL_COLOURS[key])
        gids.append(
            "pareto-bar-vital" if vital else ("pareto-bar-other" if other else "pareto-bar")
        )
    bars = ax.bar(x, table["count"], color=colours, width=0.72, zorder=2)
    for bar, gid in zip(bars, gids, strict=True):
        bar.set_gid(gid)
    total = float(table["count"].sum())
    for xi, n in zip(x, table["count"], strict=True):
        inside = n >= 0.12 * total  # tall bars: label inside, clear of the cumulative line
        ax.annotate(f"{n:g}", (xi, n), xytext=(0, -3 if inside else 2), textcoords="offset points",
                    ha="center", va="top" if inside else "bottom", fontsize=FONT["note"],
                    color="white" if inside else TEXT, gid="pareto-count", zorder=4)  # fmt: skip
    ax.set_ylim(0, total * 1.05)  # bars and cumulative line share one scale: 100 % = total
    ax.set_xticks(x, labels, rotation=30 if rotate else 0, parse_math=False,
                  ha="right" if rotate else "center")  # fmt: skip
    ax.set_ylabel(ylabel, fontsize=FONT["label"], color=TEXT)
    twin = ax.twinx()
    twin.set_gid("pareto-percent-axis")
    twin.plot(x, table["cumulative_percent"], color=TOOL_COLOURS["cumulative"], marker="o",
              markersize=5, linewidth=1.8, gid="pareto-cumulative", zorder=3)  # fmt: skip
    twin.axhline(80, color=GREY, linestyle=(0, (5, 3)), linewidth=1.1, gid="pareto-80")
    twin.text(len(table) - 0.5, 80, "80%", ha="right", va="bottom", fontsize=FONT["note"],
              color=GREY)  # fmt: skip
    twin.set_ylim(0, 105)
    twin.yaxis.set_major_formatter(mticker.PercentFormatter(100, decimals=0))
    twin.set_ylabel("Cumulative %", fontsize=FONT["label"], color=TEXT)
    for side in ("top", "left"):
        twin.spines[side].set_visible(False)
    twin.spines["right"].set_color(GREY)
    twin.tick_params(labelsize=FONT["tick"], colors=TEXT, color=GREY)
    n_vital = int(table["vital_few"].sum())
    share = float(table.loc[table["vital_few"], "count"].sum()) / total * 100
    handles: list[Artist] = [
        Patch(color=TOOL_COLOURS["vital_few"], label=f"vital few ({n_vital}: {share:.0f}%)")
    ]
    if (~table["vital_few"] & ~table["other"]).any():
        handles.append(Patch(color=TOOL_COLOURS["useful_many"], label="useful many"))
    if table["other"].any():
        handles.append(Patch(color=TOOL_COLOURS["other"], label="other (lumped)"))
    handles.append(
        Line2D([], [], color=TOOL_COLOURS["cumulative"], marker="o", label="cumulative %")
    )
    ax.legend(handles=handles, loc="center right", frameon=False, fontsize=FONT["legend"])
    ax.set_title(title or f"Pareto chart (n = {total:g})", fontsize=FONT["title"], color=TEXT,
                 loc="left")  # fmt: skip
    return ax


def _is_pareto_table(data: Any) -> bool:
    return isinstance(data, pd.DataFrame) and {"cumulative_percent", "vital_few"} <= set(
        data.columns
    )


# ------------------------------------------------------------------ histogram
@plain_text
def plot_histogram(
    data: HistogramResult | Sequence[Any],
    ax: Axes | None = None,
    *,
    bins: str | int | Sequence[float] = "auto",
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    xlabel: str | None = None,
    title: str | None = None,
) -> Axes:
    """Bars of the binned counts with mean and median lines, optional spec limits and target.

    ``data`` is a :class:`~qiteach.tools.histogram.HistogramResult` or values
    (binned with ``bins``). ``lsl``/``usl`` are lower/upper specification
    limits. Lines have gids ``mean``, ``median``, ``lsl``, ``usl`` and ``target``;
    bars ``histogram-bar``. Returns the axes.
    """
    result = data if isinstance(data, HistogramResult) else histogram(data, bins=bins)
    if ax is None:
        _, ax = new_axes(figsize=(8.0, 4.5))
    style_axes(ax)
    widths = np.diff(result.edges)
    ax.bar(result.edges[:-1], result.counts, width=widths, align="edge",
           color=TOOL_COLOURS["bars"], edgecolor="white", linewidth=1.0, zorder=2,
           gid="histogram-bar")  # fmt: skip
    for p in ax.patches:
        p.set_gid("histogram-bar")
    lines: list[tuple[str, float, str, Any, str]] = [
        ("mean", result.mean, TOOL_COLOURS["mean"], "-", f"mean {result.mean:.3g}"),
        ("median", result.median, TOOL_COLOURS["median"], (0, (5, 3)),
         f"median {result.median:.3g}"),
    ]  # fmt: skip
    for gid, value, label in (("lsl", lsl, "lower spec"), ("usl", usl, "upper spec")):
        if value is not None:
            lines.append((gid, float(value), TOOL_COLOURS["spec"], (0, (6, 2, 1, 2)),
                          f"{label} {value:g}"))  # fmt: skip
    if target is not None:
        lines.append(("target", float(target), TOOL_COLOURS["target"], (0, (1, 2)),
                      f"target {target:g}"))  # fmt: skip
    for gid, value, colour, style, label in lines:
        ax.axvline(value, color=colour, linestyle=style, linewidth=1.8, gid=gid, label=label,
                   zorder=3)  # fmt: skip
    xs = [result.edges[0], result.edges[-1], *(v for _, v, *_ in lines)]
    pad = 0.03 * (max(xs) - min(xs) or 1.0)
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(0, max(result.counts.max(), 1) * 1.3)  # headroom for the legend
    ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.set_ylabel("Count", fontsize=FONT["label"], color=TEXT)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=FONT["label"], color=TEXT)
    ax.legend(loc="upper right", frameon=False, fontsize=FONT["legend"])
    sub = f"n = {result.n}, sd = {result.sd:.3g}"
    if result.n_missing:
        sub += f", {result.n_missing} blank left out"
    ax.set_title(f"{title or 'Histogram'}  ({sub})", fontsize=FONT["title"], color=TEXT,
                 loc="left")  # fmt: skip
    return ax


# -------------------------------------------------------------------- scatter
@plain_text
def plot_scatter(
    result: ScatterResult,
    ax: Axes | None = None,
    *,
    xlabel: str = "x",
    ylabel: str = "y",
    title: str | None = None,
) -> Axes:
    """Points, the least-squares line, the correlations and the causation reminder.

    Gids: points ``scatter-points``, line ``fit``, statistics box
    ``scatter-stats``, reminder ``causation-note``. Returns the axes.
    """
    if not isinstance(result, ScatterResult):
        raise ToolkitError(
            f"expected a ScatterResult, got {type(result).__name__}",
            fix="compute it first: qiteach.tools.scatter(x, y)",
        )
    if ax is None:
        _, ax = new_axes(figsize=(7.0, 5.2))
    style_axes(ax, grid_axis="both")
    ax.scatter(result.x, result.y, s=36, color=TOOL_COLOURS["points"], edgecolor="white",
               linewidth=0.6, zorder=3, gid="scatter-points")  # fmt: skip
    xs = np.array([result.x.min(), result.x.max()])
    ax.plot(xs, result.intercept + result.slope * xs, color=TOOL_COLOURS["fit"], linewidth=1.8,
            gid="fit", zorder=2, label="least-squares line")  # fmt: skip
    stats_text = (
        f"n = {result.n}\nPearson r = {result.pearson_r:.2f}\n"
        f"Spearman ρ = {result.spearman_rho:.2f}\n{result.equation()}"
    )
    ax.text(0.02, 0.98, stats_text, transform=ax.transAxes, ha="left", va="top",
            fontsize=FONT["legend"], color=TEXT, gid="scatter-stats", zorder=4,
            bbox={"boxstyle": "round,pad=0.4", "fc": "white", "ec": GREY, "lw": 0.6})  # fmt: skip
    ax.text(0.0, -0.14, textwrap.fill(result.note, 95), transform=ax.transAxes, ha="left",
            va="top", fontsize=FONT["note"], color=GREY, style="italic",
            gid="causation-note")  # fmt: skip
    ax.set_xlabel(xlabel, fontsize=FONT["label"], color=TEXT)
    ax.set_ylabel(ylabel, fontsize=FONT["label"], color=TEXT)
    ax.set_title(title or "Scatter diagram", fontsize=FONT["title"], color=TEXT, loc="left")
    return ax


# ------------------------------------------------------------------- fishbone
_CAUSE_PT = 8.5
_CATEGORY_PT = 10.0
_EFFECT_PT = 11.0
_CAUSE_WRAP = 24  # characters per line of a cause
_TTP = TextToPath()


def _balanced_wrap(text: str, width: int, *, max_lines: int = 3) -> str:
    """Wrap to at most ``width`` characters a line, with lines of similar length.

    >>> _balanced_wrap("Phone system has one line", 24)
    'Phone system\\nhas one line'
    """
    text = " ".join(text.split())
    lines = textwrap.wrap(text, width)
    if len(lines) <= 1:
        return text
    for w in range(-(-len(text) // len(lines)), width + 1):
        candidate = textwrap.wrap(text, w)
        if len(candidate) == len(lines):
            lines = candidate
            break
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], textwrap.shorten(" ".join(lines[max_lines - 1 :]),
                                                          width, placeholder=" …")]  # fmt: skip
    return "\n".join(lines)


def _size(text: str, points: float, *, bold: bool = False) -> tuple[float, float]:
    """Width and height of (multi-line) ``text`` in inches, measured from the font."""
    prop = FontProperties(size=points, weight="bold" if bold else "normal")
    lines = text.split("\n")
    width = max(_TTP.get_text_width_height_descent(ln, prop, ismath=False)[0] for ln in lines)
    return width / 72.0, len(lines) * points * 1.2 / 72.0


@plain_text
def plot_fishbone(fishbone: Fishbone, ax: Axes | None = None) -> Axes:
    """Draw a cause-and-effect (fishbone) diagram and return the axes.

    The effect sits in a box at the head (right); categories hang off the
    spine on angled bones, alternately above and below, in the order given;
    each cause is written along its bone with a short tick. The layout is
    measured in inches from the text sizes, so with ``ax=None`` the figure is
    made just big enough that no two labels overlap (about 6 categories × 6
    causes fit a page). When an ``ax`` is given, the diagram is scaled into it
    and small axes may crowd the text. Gids: ``fishbone-spine``,
    ``fishbone-bone``, ``fishbone-effect``, ``fishbone-category``,
    ``fishbone-cause``.
    """
    if not isinstance(fishbone, Fishbone):
        raise ToolkitError(
            f"expected a Fishbone, got {type(fishbone).__name__}",
            fix="build one with Fishbone.from_frame(df, category=..., cause=..., effect=...)",
        )
    cats = list(fishbone.categories.items())
    # causes are wrapped, not cut, up to 6 lines (about 140 characters); the layout grows
    wrapped = {
        cat: [_balanced_wrap(c, _CAUSE_WRAP, max_lines=6) for c in causes] for cat, causes in cats
    }
    sizes = [_size(t, _CAUSE_PT) for ts in wrapped.values() for t in ts] or [(0.5, 0.2)]
    text_w = max(w for w, _ in sizes)
    slot = max(h for _, h in sizes) + 0.12  # vertical room per cause
    n_max = max((len(c) for _, c in cats), default=0)
    gap = 0.22  # clear space between spine and the first cause
    height = max(1.4, gap + max(n_max, 1) * slot + 0.1)  # bone height
    slant = 0.45 * height  # horizontal run of a bone
    tick = 0.2  # cause tick length
    cat_labels = [textwrap.fill(cat, 16) for cat, _ in cats]
    cat_w = max(_size(lab, _CATEGORY_PT, bold=True)[0] for lab in cat_labels)
    cat_h = max(_size(lab, _CATEGORY_PT, bold=True)[1] for lab in cat_labels) + 0.15
    spacing = max(text_w + tick + 0.45, cat_w + 0.4)
    per_side = (len(cats) + 1) // 2
    base0 = slant + tick + text_w + 0.35
    bases = [base0 + j * spacing for j in range(per_side)]
    spine_end = bases[-1] + 0.6
    # the problem statement is shown whole: a long one gets a wider box, up to 8 lines
    effect_width = max(20, min(40, -(-len(fishbone.effect) // 5)))
    effect = _balanced_wrap(fishbone.effect, effect_width, max_lines=8)
    eff_w, eff_h = _size(effect, _EFFECT_PT, bold=True)
    width = spine_end + eff_w + 0.6
    half = max(height + cat_h + 0.2, eff_h / 2 + 0.4)
    if ax is None:
        fig = plt.figure(figsize=(width, 2 * half))
        ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(-half, half)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.annotate("", xy=(spine_end, 0), xytext=(0.15, 0),
                arrowprops={"arrowstyle": "-|>,head_length=0.8,head_width=0.4",
                            "color": TOOL_COLOURS["bone"], "lw": 2.4},
                gid="fishbone-spine")  # fmt: skip
    ax.text(spine_end + 0.1, 0, effect, ha="left", va="center", fontsize=_EFFECT_PT,
            parse_math=False, fontweight="bold", color="white", gid="fishbone-effect",
            bbox={"boxstyle": "round,pad=0.45", "fc": TOOL_COLOURS["head"],
                  "ec": "none"})  # fmt: skip
    for k, ((_cat, _causes), label) in enumerate(zip(cats, cat_labels, strict=True)):
        sign = 1.0 if k % 2 == 0 else -1.0
        base = bases[k // 2]
        tip = base - slant
        ax.plot([base, tip], [0, sign * height], color=TOOL_COLOURS["bone"], linewidth=1.6,
                solid_capstyle="round", gid="fishbone-bone")  # fmt: skip
        ax.text(tip, sign * (height + 0.1), label, ha="center", parse_math=False,
                va="bottom" if sign > 0 else "top", fontsize=_CATEGORY_PT, fontweight="bold",
                color=TEXT, gid="fishbone-category",
                bbox={"boxstyle": "round,pad=0.3", "fc": TOOL_COLOURS["category"],
                      "ec": "none"})  # fmt: skip
        n = len(wrapped[_cat])
        for i, text in enumerate(wrapped[_cat]):  # read top to bottom on both sides
            y = sign * (gap + ((n - 1 - i if sign > 0 else i) + 0.5) * slot)
            bx = base - slant * abs(y) / height
            ax.plot([bx - tick, bx], [y, y], color=TOOL_COLOURS["bone"], linewidth=0.9,
                    gid="fishbone-tick")  # fmt: skip
            ax.text(bx - tick - 0.04, y, text, ha="right", va="center", fontsize=_CAUSE_PT,
                    parse_math=False,
                    color=TEXT, gid="fishbone-cause", linespacing=1.1)  # fmt: skip
    return ax


def _overlaps(boxes: Sequence[Any]) -> list[tuple[int, int]]:
    """Pairs of overlapping display bounding boxes (used by the tests)."""
    return [
        (i, j)
        for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2)
        if a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1
    ]
