"""MeasureSeries.spec(): a workspace measure's chart settings as one ChartSpec."""

from __future__ import annotations

from qiteach.charts import compute_chart
from qiteach.charts.spec import ChartSpec


def test_spec_maps_the_workspace_columns_once(demo_programme) -> None:
    ms = demo_programme.team("north").measure_series("dna_rate")
    m = ms.measure
    assert ms.spec() == ChartSpec(
        chart="p",
        rules="anhoej",
        freeze=int(m["baseline_points"]),  # the workspace's name for the chart's freeze
        direction=m["direction"],
        target=float(m["target"]),
        multiply=float(m["multiply"]),
    )
    # a new part drops the freeze (qicharts2), decided by the spec, not the caller
    assert ms.spec(part=6).freeze is None and ms.spec(part=6).part == (6,)


def test_compute_is_the_chart_of_chart_kwargs(demo_programme) -> None:
    ms = demo_programme.team("north").measure_series("dna_rate")
    for rules in ("anhoej", "ihi", "mdc"):
        direct = ms.compute(rules)
        assert direct.spec == ms.spec(rules)
        assert direct.to_json() == compute_chart(**ms.chart_kwargs(rules)).to_json()
    mdc = ms.compute("mdc")
    assert (mdc.chart, mdc.multiply) == ("i", 1.0)  # MDC: an XmR chart of the plotted values
    run = ms.compute(chart="run")
    assert run.chart == "run" and run.points["n"].notna().all()  # still y / n
