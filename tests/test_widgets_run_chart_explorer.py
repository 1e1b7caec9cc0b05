"""Run-chart explorer driven headlessly: set controls, click buttons, check rules and figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from qiteach.charts import compute_chart
from qiteach.exceptions import InputError
from qiteach.widgets.run_chart_explorer import RunChartExplorer, parse_values

BASE = [5, 7, 4, 6, 5, 8, 4, 6, 7, 5]


@pytest.fixture
def explorer() -> RunChartExplorer:
    return RunChartExplorer(BASE, rules="anhoej")


def test_starts_with_no_signal_and_a_drawn_chart(explorer):
    assert explorer.fired == []
    assert explorer.messages[-1].startswith("No rule fired")
    assert explorer.output.outputs[0]["data"]["image/png"]
    ys = [line for line in explorer.figure.axes[0].lines if line.get_gid() == "cl"]
    assert ys and ys[0].get_ydata()[0] == pytest.approx(5.5)


def test_slider_and_add_button_build_a_long_run(explorer):
    explorer.slider.value = 9
    for _ in range(8):
        explorer.add_button.click()
    assert explorer.values[-8:] == [9.0] * 8
    expected = compute_chart(y=explorer.values, rules="anhoej")
    assert explorer.fired == list(dict.fromkeys(s.rule for s in expected.signal_spans))
    assert "long_run" in explorer.fired
    run = next(s for s in expected.signal_spans if s.rule == "long_run")
    assert run.text in explorer.messages
    assert "9" in explorer.text.value.split(", ")


def test_rules_dropdown_switches_to_ihi_trend(explorer):
    explorer.text.value = "1, 2, 3, 4, 5, 6, 4, 5, 3, 4, 5, 2, 1"  # 10 useful points
    explorer.rules_dropdown.value = "ihi"
    assert explorer.rules == "ihi"
    assert "trend" in explorer.fired
    assert any("going up" in m for m in explorer.messages)


def test_remove_last_undoes_add(explorer):
    explorer.add_point(20)
    explorer.remove_button.click()
    assert explorer.values == [float(v) for v in BASE]


def test_bad_text_keeps_last_good_values_with_a_clear_message(explorer):
    explorer.text.value = "5, 6, seven"
    assert explorer.values == [float(v) for v in BASE]
    assert 'values:3: "seven" is not a number' in explorer.messages[0]


def test_empty_series_shows_a_prompt_and_no_figure():
    e = RunChartExplorer([])
    assert e.result is None and e.figure is None and e.output.outputs == ()
    assert "add points" in e.messages[0]


def test_unknown_rule_set_is_an_input_error(explorer):
    with pytest.raises(InputError, match="not a run-chart rule set"):
        explorer.set_rules("hcdg")


def test_parse_values_accepts_mixed_separators():
    assert parse_values("1;2 3,\n4") == [1.0, 2.0, 3.0, 4.0]
    with pytest.raises(InputError, match="values:1"):
        parse_values("nan")


# ---------------------------------------------------------------- review fixes
@pytest.mark.parametrize("rules", ["anhoej", "ihi"])
def test_all_points_on_the_median_explains_instead_of_crashing(rules):
    ex = RunChartExplorer([5] * 11, rules=rules)
    assert ex.messages[0].startswith("Median 5: 0 of 11 points are useful")
    assert any("every point is on the median" in m for m in ex.messages)
    assert not any("nan" in m.lower() for m in ex.messages)


def test_add_point_after_removing_every_point():
    ex = RunChartExplorer([3, 4], rules="anhoej")
    ex.remove_button.click()
    ex.remove_button.click()
    ex.add_button.click()  # one point, on its own median
    assert len(ex.values) == 1 and ex.figure is not None


def test_too_few_points_for_a_crossings_signal_says_so():
    ex = RunChartExplorer([1, 3], rules="anhoej")
    text = " ".join(ex.messages)
    assert "fewer than 0" not in text
    assert "Only 2 useful points: the run-chart rules need at least 10" in text
    assert "1 points" not in text


def test_percent_signs_are_read():
    assert parse_values("12%, 13.5 %; 9%") == [12.0, 13.5, 9.0]


# ---------------------------------------------------------------- issue 13
def test_first_state_in_session_6_does_not_announce_a_shift_it_says_it_cannot_judge():
    """Session 6 starts the explorer on the first 12 weeks of chart-run (9 useful points):
    it must not say 'too few points' and 'the process has probably shifted' together, nor
    draw the median as a signal."""
    import qiteach

    first = qiteach.load_dataset("chart-run")["y"].iloc[:12]
    ex = RunChartExplorer(first, rules="anhoej")
    text = " ".join(ex.messages)
    assert "need at least 10" in text and "no rule is judged yet" in text
    assert "shifted" not in text and "crosses the median only once" not in text
    assert ex.fired == []
    assert [ln.get_gid() for ln in ex.figure.axes[0].lines if "span" in str(ln.get_gid())] == []
    assert ex.result.signal_spans  # the engine's own result keeps what the rules computed
    for value in (150, 151, 152):  # enough points: the rules are judged again
        ex.add_point(value)
    assert not ex.too_few and any(m.startswith("Longest run") for m in ex.messages)
