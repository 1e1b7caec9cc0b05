"""ChartSpec: one validated description of a chart's settings, kept on the result."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from qiteach.charts import compute_chart
from qiteach.charts.spec import ChartSpec
from qiteach.exceptions import ChartInputError

Y = [5, 7, 6, 8, 9, 7, 10, 12, 11, 13, 12, 14, 15, 13, 16, 14, 17, 15, 18, 16]


def test_defaults_and_normalised_values() -> None:
    spec = ChartSpec(chart="p", part=[12, 16], exclude=3, target=5, multiply=100)
    assert spec.part == (12, 16) and spec.exclude == (3,)
    assert spec.target == 5.0 and isinstance(spec.target, float)
    assert spec.multiply == 100.0 and spec.rules == "anhoej" and spec.direction == "neutral"
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.chart = "i"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"chart": "x"}, "unknown chart type 'x'"),
        ({"rules": "nelson"}, "unknown rule set 'nelson'"),
        ({"direction": "up"}, "unknown improvement direction 'up'"),
        ({"multiply": 0}, "multiply 0 is not a positive number"),
        ({"freeze": 0}, "freeze 0 is below 1"),
        ({"freeze": 2.5}, "freeze value 2.5 is not a whole number"),
        ({"part": ["a"]}, "part value 'a' is not a whole number"),
        ({"chart": "p", "rules": "mdc"}, "the mdc rules are for XmR (i) charts, not 'p'"),
        ({"chart": "i", "rules": "mdc", "exclude": [2]}, "Making Data Count has no excluded"),
    ],
)
def test_bad_settings_are_one_line_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(ChartInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ChartSpec(**kwargs)


def test_freeze_is_ignored_when_there_are_parts_except_per_part_rule_sets() -> None:
    """qicharts2 drops a freeze when parts are given; MDC freezes each rebase group."""
    assert ChartSpec(chart="i", freeze=6, part=10).freeze is None
    assert ChartSpec(chart="i", freeze=6).freeze == 6
    assert ChartSpec(chart="i", rules="mdc", freeze=6, part=10).freeze == 6
    # the same rule in the computed chart: every point is in the baseline
    split = compute_chart(y=Y, chart="i", freeze=6, part=10)
    assert split.points["baseline"].all() and split.spec.freeze is None
    mdc = compute_chart(y=Y, chart="i", rules="mdc", freeze=6, part=10)
    assert mdc.points["baseline"].tolist() == [i % 10 < 6 for i in range(20)]


def test_result_keeps_the_spec_and_reads_its_settings_from_it() -> None:
    res = compute_chart(y=Y, chart="i", freeze=12, exclude=[3], direction="increase", target=20)
    assert res.spec == ChartSpec(
        chart="i", freeze=12, exclude=(3,), direction="increase", target=20.0
    )
    assert (res.chart, res.rules, res.direction, res.target, res.multiply) == (
        "i", "anhoej", "increase", 20.0, 1.0
    )  # fmt: skip
    assert res.rule_set.name == "anhoej"


def test_a_spec_gives_the_same_chart_as_keywords() -> None:
    kw = {"chart": "i", "rules": "hcdg", "freeze": 12, "part": 15, "direction": "increase"}
    by_keywords = compute_chart(y=Y, **kw)
    by_spec = compute_chart(y=Y, spec=ChartSpec(**kw))
    assert by_spec.spec == by_keywords.spec
    assert by_spec.to_json() == by_keywords.to_json()
    np.testing.assert_array_equal(by_spec.points["ucl"], by_keywords.points["ucl"])
    # a changed copy is checked again
    assert by_spec.spec.replace(rules="ihi").rules == "ihi"
    with pytest.raises(ChartInputError, match="unknown rule set"):
        by_spec.spec.replace(rules="nope")


def test_settings_in_both_places_are_refused() -> None:
    with pytest.raises(ChartInputError, match="both in spec and as keywords"):
        compute_chart(y=Y, chart="i", spec=ChartSpec(chart="i"))


def test_json_reports_every_setting() -> None:
    res = compute_chart(y=Y, chart="i", freeze=12, exclude=[3, 4], multiply=2, screen_mr=False)
    settings = json.loads(res.to_json())["settings"]
    assert settings == {
        "chart": "i", "rules": "anhoej", "freeze": 12, "part": [], "exclude": [3, 4],
        "direction": "neutral", "target": None, "multiply": 2.0, "screen_mr": False,
    }  # fmt: skip
    # the settings round-trip into the same spec
    assert ChartSpec(**settings) == res.spec


def test_cli_json_reports_the_settings(tmp_path, capsys) -> None:
    from qiteach.cli import main

    csv = tmp_path / "calls.csv"
    csv.write_text("y\n" + "\n".join(str(v) for v in Y) + "\n", encoding="utf-8")
    assert main(["chart", str(csv), "--chart", "i", "--freeze", "12", "--json"]) == 0
    settings = json.loads(capsys.readouterr().out)["settings"]
    assert (settings["chart"], settings["freeze"], settings["part"]) == ("i", 12, [])
    assert (
        main(["chart", str(csv), "--chart", "i", "--freeze", "12", "--part", "10", "--json"]) == 0
    )
    settings = json.loads(capsys.readouterr().out)["settings"]
    assert (settings["freeze"], settings["part"]) == (None, [10])  # freeze does not apply
