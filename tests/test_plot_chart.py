"""Tests for qiteach.plot.chart: what plot_chart draws, checked against the chart result.

Results come from the real engine (qiteach.compute_chart) on the qicharts2 C.
difficile data (tests/fixtures/reference/qicharts2-datasets/cdi.csv, see the
SOURCE.md there), Montgomery's table 7.3 (p chart with exclusions and parts)
and small seeded series.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import same_color
from matplotlib.patches import Circle

from qiteach.charts import compute_chart
from qiteach.exceptions import ChartInputError
from qiteach.plot.chart import PART_LEVEL_RULES, alt_text, plot_chart, rule_style
from qiteach.plot.style import MDC_COLOURS

REF = Path(__file__).parent / "fixtures" / "reference"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cdi() -> pd.DataFrame:
    return pd.read_csv(REF / "qicharts2-datasets" / "cdi.csv")


@pytest.fixture(scope="module")
def montgomery_p() -> pd.DataFrame:
    return pd.read_csv(REF / "montgomery-tables" / "tbl_07.03.csv")


def _lines(ax, *gids):
    return [line for line in ax.lines if line.get_gid() in gids]


def _collection(ax, gid):
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, f"expected one collection {gid!r}, found {len(found)}"
    return found[0]


def _combined(lines) -> np.ndarray:
    """Y data of several lines that each cover some rows (NaN elsewhere), merged."""
    out = np.full(len(lines[0].get_ydata()), np.nan)
    for line in lines:
        y = np.asarray(line.get_ydata(), dtype=float)
        out = np.where(np.isnan(out), y, out)
    return out


def _x(ax, result) -> np.ndarray:
    x = result.points["x"]
    if isinstance(x.iloc[0], str) and x.str.match(r"\d{4}-\d{2}-\d{2}").all():
        return mdates.date2num(pd.to_datetime(x))
    return np.asarray(ax.xaxis.convert_units(x.to_numpy()), dtype=float)


def _legend_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# ------------------------------------------------------------------ lines


def test_centre_line_and_limits_equal_the_result(cdi):
    result = compute_chart(cdi, x="month", y="n", n="days", chart="u", multiply=10000, part=24)
    ax = plot_chart(result)
    pts = result.points
    np.testing.assert_allclose(_combined(_lines(ax, "cl")), pts["cl"], equal_nan=True)
    np.testing.assert_allclose(_combined(_lines(ax, "ucl")), pts["ucl"], equal_nan=True)
    np.testing.assert_allclose(_combined(_lines(ax, "lcl")), pts["lcl"], equal_nan=True)
    for line in _lines(ax, "ucl", "lcl"):
        assert line.get_drawstyle() == "steps-mid"  # each subgroup's limit on its own x
        np.testing.assert_allclose(line.get_xdata(), _x(ax, result))


def test_each_part_has_its_own_lines_and_a_separator(cdi):
    result = compute_chart(cdi, x="month", y="n", n="days", chart="u", part=24)
    ax = plot_chart(result)
    cls = _lines(ax, "cl")
    assert len(cls) == 2
    first, second = (np.asarray(c.get_ydata(), dtype=float) for c in cls)
    assert np.isnan(first[24:]).all() and not np.isnan(first[:24]).any()
    assert np.isnan(second[:24]).all()
    (sep,) = _lines(ax, "part-separator")
    x = _x(ax, result)
    assert sep.get_xdata()[0] == pytest.approx((x[23] + x[24]) / 2)
    # part 2 has 12 points: trial limits, labelled at the start of part 2's UCL
    labels = [t for t in ax.texts if t.get_gid() == "trial-limits"]
    assert len(labels) == 1
    assert labels[0].xy == pytest.approx((x[24], result.points["ucl"].iloc[24]))


def test_frozen_baseline_solid_then_dashed_with_label():
    rng = np.random.default_rng(7)
    y = np.round(rng.normal(20, 3, 30), 1)
    result = compute_chart(y=y, chart="i", freeze=12)
    ax = plot_chart(result)
    (solid,) = _lines(ax, "cl")
    (dashed,) = _lines(ax, "cl-extension")
    ys, yd = np.asarray(solid.get_ydata(), float), np.asarray(dashed.get_ydata(), float)
    assert not np.isnan(ys[:12]).any() and np.isnan(ys[12:]).all()
    assert np.isnan(yd[:12]).all() and not np.isnan(yd[12:]).any()
    np.testing.assert_allclose(_combined([solid, dashed]), result.points["cl"])
    assert solid.get_linestyle() == "-" and dashed.get_linestyle() != "-"
    assert [t.get_text() for t in ax.texts if t.get_gid() == "baseline-label"] == ["baseline"]
    assert len(_lines(ax, "ucl-extension")) == 1


def test_target_line_at_target(cdi):
    result = compute_chart(cdi, x="month", y="n", chart="i", target=12.5)
    ax = plot_chart(result)
    (target,) = _lines(ax, "target")
    assert list(target.get_ydata()) == [12.5, 12.5]
    assert "Target (12.5)" in _legend_labels(ax)


def test_run_chart_has_a_median_and_no_limits_or_trial_label():
    result = compute_chart(y=[3, 5, 4, 6, 5, 7, 6, 5, 8, 7, 6, 7], chart="run")
    ax = plot_chart(result)
    assert _lines(ax, "ucl", "lcl") == []
    assert not [t for t in ax.texts if t.get_gid() == "trial-limits"]
    assert "Median" in _legend_labels(ax)


# ------------------------------------------------------------------ signals


@pytest.mark.parametrize(("chart", "rules"), [("i", "anhoej"), ("run", "ihi"), ("i", "hcdg")])
def test_flagged_points_highlighted_by_rule(cdi, chart, rules):
    if rules == "ihi":  # a shift and two trends
        result = compute_chart(y=[1, 2, 3, 4, 5, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11], rules="ihi")
    else:
        result = compute_chart(cdi, x="month", y="n", chart=chart, rules=rules)
    ax = plot_chart(result)
    pts = result.points
    x, y = _x(ax, result), pts["y"].to_numpy(float)
    fired = sorted({r for sig in pts["signals"] for r in sig})
    assert fired, "the data should trigger at least one rule"
    for rule in fired:
        rows = [i for i, sig in enumerate(pts["signals"]) if rule in sig]
        offsets = _collection(ax, f"signal:{rule}").get_offsets()
        np.testing.assert_allclose(offsets, np.column_stack([x[rows], y[rows]]))
        assert rule_style(rule).label in _legend_labels(ax)
    markers = {rule_style(r).marker for r in fired}
    assert len(markers) == len(fired)  # every rule its own marker


def test_signal_spans_emphasised(cdi):
    result = compute_chart(cdi, x="month", y="n", chart="i", rules="hcdg")
    assert result.signal_spans
    ax = plot_chart(result)
    x = _x(ax, result)
    for span in result.signal_spans:
        lines = [
            line for line in _lines(ax, f"span:{span.rule}")
            if len(line.get_xdata()) == span.end - span.start + 1
            and np.allclose(line.get_xdata(), x[span.start : span.end + 1])
        ]  # fmt: skip
        assert len(lines) == 1, span


def test_part_level_rule_redraws_the_centre_line():
    # 12 points, 1 crossing: too few crossings (Anhøj), a part-level signal
    result = compute_chart(y=[1, 2, 3, 4, 5, 3, 6, 8, 9, 10, 11, 12], chart="run")
    (span,) = [s for s in result.signal_spans if s.rule in PART_LEVEL_RULES]
    ax = plot_chart(result)
    (line,) = _lines(ax, f"span:{span.rule}")
    rows = slice(span.start, span.end + 1)
    np.testing.assert_allclose(line.get_ydata(), result.points["cl"].to_numpy()[rows])
    assert same_color(line.get_color(), rule_style(span.rule).color)
    assert rule_style(span.rule).label in _legend_labels(ax)


def test_legend_entries_are_exactly_what_is_drawn(montgomery_p):
    result = compute_chart(
        montgomery_p, x="sample", y="count", n="size", chart="p", exclude=[15, 23], part=30,
        target=0.2,
    )  # fmt: skip
    ax = plot_chart(result)
    fired = {r for sig in result.points["signals"] for r in sig}
    fired |= {s.rule for s in result.signal_spans}
    expected = {"Centre line (mean)", "Control limits (3 sigma)", "Data", "Target (0.2)",
                "Left out of the calculations"} | {rule_style(r).label for r in fired}  # fmt: skip
    labels = _legend_labels(ax)
    assert len(labels) == len(set(labels)) == len(expected)
    assert set(labels) == expected
    excluded = _collection(ax, "excluded").get_offsets()
    np.testing.assert_allclose(excluded[:, 0], [15, 23])


# ------------------------------------------------------------------ mdc


def test_mdc_icons_and_point_colours(cdi):
    result = compute_chart(cdi, x="month", y="n", chart="i", rules="mdc", direction="decrease",
                           target=15)  # fmt: skip
    ax = plot_chart(result)
    icons = {child.get_label(): child for child in ax.child_axes}
    assert set(icons) == {"mdc-variation-icon", "mdc-assurance-icon"}
    for icon in icons.values():
        assert any(isinstance(p, Circle) for p in icon.patches)
    last = result.parts.iloc[-1]
    ring = next(p for p in icons["mdc-variation-icon"].patches if isinstance(p, Circle))
    assert same_color(ring.get_edgecolor(), MDC_COLOURS[last["variation"]])
    assurance_letter = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}
    assert icons["mdc-assurance-icon"].texts[0].get_text() == assurance_letter[last["assurance"]]
    x, y = _x(ax, result), result.points["y"].to_numpy(float)
    types = result.points["point_type"].fillna("common_cause").to_numpy()
    for kind in set(types):
        scatter = _collection(ax, f"mdc:{kind}")
        rows = np.flatnonzero(types == kind)
        np.testing.assert_allclose(scatter.get_offsets(), np.column_stack([x[rows], y[rows]]))
        assert all(same_color(c, MDC_COLOURS[kind]) for c in scatter.get_facecolors())


def test_no_icons_without_mdc_or_when_switched_off(cdi):
    plain = plot_chart(compute_chart(cdi, x="month", y="n", chart="i"))
    assert plain.child_axes == []
    mdc = compute_chart(cdi, x="month", y="n", chart="i", rules="mdc")
    assert plot_chart(mdc, show_icons=False).child_axes == []


# ------------------------------------------------------------------ data, axes, notes


def test_missing_values_are_gaps():
    y = [5.0, 6, np.nan, 7, 6, 5, np.nan, 6, 7, 8, 6, 5]
    result = compute_chart(y=y, chart="i")
    ax = plot_chart(result)
    (data,) = _lines(ax, "data")
    ydata = np.asarray(data.get_ydata(), dtype=float)
    assert list(np.flatnonzero(np.isnan(ydata))) == [2, 6]
    x = _x(ax, result)
    points = _collection(ax, "points").get_offsets()
    assert len(points) == 10 and x[2] not in points[:, 0] and x[6] not in points[:, 0]


def test_dates_read_well_and_do_not_overlap(cdi):
    ax = plot_chart(compute_chart(cdi, x="month", y="n", chart="i"))
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    ax.figure.canvas.draw()
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert 4 <= len(labels) <= 12
    boxes = sorted((t.get_window_extent() for t in labels), key=lambda b: b.x0)
    assert all(a.x1 < b.x0 for a, b in pairwise(boxes))
    assert {"2013", "2014", "2015"} <= {t.get_text() for t in labels}


def test_categories_on_x(montgomery_p):
    data = montgomery_p.assign(lot=[f"Lot {i}" for i in montgomery_p["sample"]])
    result = compute_chart(data.head(12), x="lot", y="count", n="size", chart="p")
    ax = plot_chart(result)
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == list(result.points["x"])
    assert sorted(result.points["x"]) == sorted(f"Lot {i}" for i in range(1, 13))


def test_percent_axes(montgomery_p):
    as_pct = compute_chart(montgomery_p, x="sample", y="count", n="size", chart="p", multiply=100)
    ax = plot_chart(as_pct)
    assert ax.yaxis.get_major_formatter().format_pct(25, 100).endswith("%")
    assert ax.yaxis.get_major_formatter().xmax == 100
    assert ax.get_ylabel() == "Percent"
    plain = compute_chart(montgomery_p, x="sample", y="count", n="size", chart="p")
    ax = plot_chart(plain, percent=True, ylabel="Defective (%)")
    assert ax.yaxis.get_major_formatter().xmax == 1.0
    assert ax.get_ylabel() == "Defective (%)"
    assert not isinstance(plot_chart(plain).yaxis.get_major_formatter(), type(None))
    assert plot_chart(plain).get_ylabel() == "Proportion"


def test_notes_and_pdsa_markers(cdi):
    result = compute_chart(cdi, x="month", y="n", n="days", chart="u", notes="notes")
    noted = [i for i, n in enumerate(result.points["note"]) if isinstance(n, str) and n]
    assert noted, "cdi.csv has a note"
    log = pd.DataFrame({"cycle_id": ["C1", "C2"], "start": ["2014-03-01", "2014-09-01"],
                        "objective": ["Hand hygiene audit", "Isolation within 2 h"]})  # fmt: skip
    ax = plot_chart(result, pdsa=log)
    notes = [t for t in ax.texts if t.get_gid() == "note"]
    assert [n.get_text() for n in notes] == [result.points["note"].iloc[i] for i in noted]
    x, y = _x(ax, result), result.points["y"].to_numpy(float)
    assert notes[0].xy == pytest.approx((x[noted[0]], y[noted[0]]))
    markers = _lines(ax, "pdsa-marker")
    assert [m.get_xdata()[0] for m in markers] == list(
        mdates.date2num(pd.to_datetime(["2014-03-01", "2014-09-01"]))
    )
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "pdsa-label"]
    assert labels == ["C1: Hand hygiene audit", "C2: Isolation within 2 h"]
    ax2 = plot_chart(result, pdsa=[("2014-03-01", "PDSA 1")], show_notes=False)
    assert not [t for t in ax2.texts if t.get_gid() == "note"]
    assert len(_lines(ax2, "pdsa-marker")) == 1


def test_draws_on_a_given_axes_and_leaves_rcparams_alone(cdi):
    before = dict(matplotlib.rcParams)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    out = plot_chart(compute_chart(cdi, x="month", y="n", chart="i"), right, title="C. diff")
    assert out is right and right.figure is fig and len(plt.get_fignums()) == 1
    assert right.get_title(loc="left") == "C. diff"
    assert len(left.lines) == 0
    assert dict(matplotlib.rcParams) == before


def test_new_figure_is_nine_by_four_and_a_half(cdi):
    ax = plot_chart(compute_chart(cdi, x="month", y="n", chart="run"))
    assert ax.figure.get_size_inches().tolist() == [9.0, 4.5]


def test_bad_inputs_are_chart_input_errors(cdi):
    with pytest.raises(ChartInputError, match="compute_chart"):
        plot_chart({"points": []})
    result = compute_chart(cdi, x="month", y="n", chart="i")
    with pytest.raises(ChartInputError, match="pdsa"):
        plot_chart(result, pdsa=["2014-01-01"])
    with pytest.raises(ChartInputError, match="start"):
        plot_chart(result, pdsa=pd.DataFrame({"when": ["2014-01-01"]}))


# ------------------------------------------------------------------ alt text


def test_alt_text_describes_the_chart(cdi):
    result = compute_chart(cdi, x="month", y="n", chart="i", rules="mdc", direction="decrease",
                           target=15)  # fmt: skip
    text = alt_text(result, title="Hospital-onset C. difficile infections")
    assert text.startswith(
        "Hospital-onset C. difficile infections: an I (individuals) control chart of 36 points "
        "from Nov 2012 to Oct 2015, using the NHS Making Data Count rules."
    )
    summary = result.summary()
    assert f"is {summary['latest_y']:g} against a centre line of 14.8" in text
    assert "The target is 15." in text
    for sentence in result.explain()[1:]:
        assert " ".join(sentence.split()) in text
    assert "\n" not in text


def test_alt_text_with_parts_and_percent(montgomery_p):
    result = compute_chart(montgomery_p, x="sample", y="count", n="size", chart="p",
                           multiply=100, part=30)  # fmt: skip
    text = alt_text(result, title="Defective cans")
    n = len(montgomery_p)
    assert f"P (proportion) control chart of {n} points from 1 to {n}" in text
    assert "split into 2 parts" in text
    latest = result.summary()["latest_y"]
    assert f"is {latest:.3g}%" in text


def test_an_excluded_point_outside_the_limits_still_looks_excluded():
    # qicharts2 keeps sigma_signal on an excluded point; its signal marker must not hide
    # the hollow "left out" marker, so it is drawn hollow in the rule's colour
    y = [5, 6, 5, 7, 6, 5, 30, 6, 5, 6, 7, 5, 40]
    result = compute_chart(y=y, chart="i", exclude=[7], freeze=12)
    assert result.points["signals"].iloc[6] == ("outside_limits",)
    assert result.points["signals"].iloc[12] == ("outside_limits",)
    ax = plot_chart(result)
    marks = _collection(ax, "signal:outside_limits")
    np.testing.assert_allclose(marks.get_offsets(), [[7, 30], [13, 40]])
    face, edge = marks.get_facecolors(), marks.get_edgecolors()
    colour = rule_style("outside_limits").color
    assert same_color(face[0], "white") and same_color(edge[0], colour)  # excluded: hollow
    assert same_color(face[1], colour) and same_color(edge[1], "white")  # included: filled
    # the legend's marker for the rule is the filled one
    (handle,) = [
        h for h, t in zip(ax.get_legend().legend_handles, _legend_labels(ax), strict=True)
        if t == rule_style("outside_limits").label
    ]  # fmt: skip
    assert same_color(handle.get_facecolor()[0], colour)


def test_p_chart_limits_step_halfway_between_points():
    # x 1, 2, 4 with n 10, 40, 20 and a missing last subgroup: each subgroup's limit is
    # drawn from halfway after the point before to halfway before the point after
    result = compute_chart(y=[2, 9, 3, 4], n=[10, 40, 20, None], x=[1, 2, 4, 5], chart="p")
    ucl = result.points["ucl"].to_numpy(float)
    assert len(set(ucl[:3])) == 3 and np.isnan(ucl[3])
    ax = plot_chart(result)
    for gid in ("ucl", "lcl"):
        (line,) = _lines(ax, gid)
        want = result.points[gid].to_numpy(float)
        steps = np.asarray(line.get_path().vertices)
        np.testing.assert_allclose(
            steps,
            [[1, want[0]], [1.5, want[0]], [1.5, want[1]], [3, want[1]], [3, want[2]],
             [4.5, want[2]], [4.5, np.nan], [5, np.nan]],
        )  # fmt: skip


def test_trial_label_when_few_points_set_the_limits():
    y = [5.0, 6, 5, 7, 6, 5, 6, 7, 5, 6] * 3
    full = plot_chart(compute_chart(y=y, chart="i"))
    assert not [t for t in full.texts if t.get_gid() == "trial-limits"]
    # 30 points, but the limits are frozen on the first 10: trial limits, labelled
    frozen = compute_chart(y=y, chart="i", freeze=10)
    ax = plot_chart(frozen)
    (label,) = [t for t in ax.texts if t.get_gid() == "trial-limits"]
    assert label.xy == pytest.approx((1, frozen.points["ucl"].iloc[0]))


def test_mdc_neutral_special_cause_latest_point_draws_its_icon():
    # the default direction is neutral: a special-cause latest point used to crash plot_chart
    y = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6, 30]
    result = compute_chart(y=y, chart="i", rules="mdc")
    assert result.parts["variation"].iloc[-1] == "special_cause_neutral_high"
    ax = plot_chart(result)
    (icon,) = [a for a in ax.child_axes if a.get_label() == "mdc-variation-icon"]
    assert icon.texts[0].get_text() == "H"


def test_dollar_signs_in_titles_labels_and_notes_are_text_not_maths() -> None:
    from qiteach.charts import compute_chart
    from qiteach.plot.chart import plot_chart

    r = compute_chart(x=["$5 A", "$5 B", "$10 C"], y=[1, 2, 3], notes=["", "Paid $5 and $10", ""])
    ax = plot_chart(r, title="Cost $5 to $10", ylabel="Spend ($)", xlabel="Fee $1")
    texts = [ax.title, ax.yaxis.label, ax.xaxis.label, *ax.get_xticklabels(), *ax.texts]
    dollars = [t for t in texts if "$" in t.get_text()]
    assert len(dollars) >= 6  # title, labels, three ticks and the note
    assert all(t.get_parse_math() is False for t in dollars)
