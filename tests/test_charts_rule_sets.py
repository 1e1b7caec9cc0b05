"""One home per rule set: every legend, sentence, heading and check reads the RuleSet object."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from qiteach.charts import compute_chart
from qiteach.charts.rules import RULE_NAMES, RULE_SETS, fitting_rules, register, rule
from qiteach.charts.rules.base import OUTSIDE_LIMITS, Rule, RuleSet
from qiteach.plot.chart import PART_LEVEL_RULES, RULE_STYLES, alt_text, plot_chart
from qiteach.reports.sections_common import rule_set_name
from qiteach.widgets.run_chart_explorer import RUN_RULES, why_lines
from qiteach.workspace.meta import rule_set_names

UP = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]


def test_registry_names_and_rule_keys() -> None:
    assert list(RULE_SETS) == ["anhoej", "ihi", "hcdg", "mdc"]
    assert rule_set_names() == tuple(RULE_SETS)
    for name, rules in RULE_SETS.items():
        assert rules.name == name and rules.rules[0] is OUTSIDE_LIMITS
        assert RULE_NAMES[name] == rules.keys
        for r in rules.rules:
            assert rule(r.key) is r  # one rule per key across every rule set
    assert RULE_SETS["hcdg"].rule("two_of_three") is RULE_SETS["mdc"].rule("two_of_three")


def test_a_key_may_not_mean_two_rules() -> None:
    clash = Rule("outside_limits", "Something else", "{where}")
    with pytest.raises(ValueError, match="differs"):
        register(RuleSet("clash", "Clash rules", ("i",), (clash,), RULE_SETS["hcdg"].apply))
    assert "clash" not in RULE_SETS


@pytest.mark.parametrize("name", list(RULE_SETS))
def test_titles_agree_in_explanation_alt_text_and_report_heading(name: str) -> None:
    title = RULE_SETS[name].title
    res = compute_chart(y=[*UP, 6, 5, 7], chart="i", rules=name)
    assert res.explain()[0].endswith(f"with the {title}.")
    assert f"using the {title}." in alt_text(res, title="Calls")
    assert rule_set_name(name) == title


@pytest.mark.parametrize("name", list(RULE_SETS))
def test_legend_labels_and_sentences_come_from_the_rules(name: str) -> None:
    res = compute_chart(y=[*UP, *[1, 20, 1, 20, 1, 20] * 2], chart="i", rules=name)
    ax = plot_chart(res)
    labels = set(ax.get_legend_handles_labels()[1])
    for span in res.signal_spans:
        r = RULE_SETS[name].rule(span.rule)
        assert RULE_STYLES[span.rule].label == r.label
        assert r.label in labels
        if r.points is not None and isinstance(r.sentence, str):
            assert f"{r.points} or more" in span.text
    plt.close(ax.figure)


def test_limit_and_point_type_legend_words_come_from_the_rule_set() -> None:
    res = compute_chart(y=UP, chart="i", rules="mdc", direction="increase")
    ax = plot_chart(res)
    labels = set(ax.get_legend_handles_labels()[1])
    assert RULE_SETS["mdc"].limit_label in labels
    assert labels & set(RULE_SETS["mdc"].point_labels.values())
    plt.close(ax.figure)
    assert {"few_crossings", "too_few_runs", "too_many_runs"} == PART_LEVEL_RULES


def test_run_chart_explorer_offers_the_run_chart_rule_sets_by_title() -> None:
    assert RUN_RULES == {
        "anhoej": "Anhøj rules (long runs, few crossings)",
        "ihi": "IHI run chart rules (shift, trend, runs)",
    }
    ihi = RULE_SETS["ihi"]
    lines = why_lines(compute_chart(y=UP, rules="ihi"))
    assert f"{ihi.rule('shift').points} or more is a shift." in lines[1]


def test_a_rule_set_falls_back_to_the_default_where_it_does_not_fit() -> None:
    assert fitting_rules("hcdg", "run") == "anhoej"
    assert fitting_rules("mdc", "i") == "mdc" and fitting_rules("mdc", "p") == "anhoej"
    assert fitting_rules("ihi", "run") == "ihi" and fitting_rules("nope", "i") == "anhoej"


@pytest.mark.parametrize("name", list(RULE_SETS))
def test_runs_on_text_x_says_what_the_rule_set_does_with_text_labels(name: str) -> None:
    # 12 points, the last 9 well above the rest: a shift by every rule set's run rules;
    # labels "w01".."w12" sort in file order, so the only difference is that x is text
    y = [1.0, 1.2, 0.9, 5.0, 5.1, 5.2, 5.3, 5.1, 5.0, 5.2, 5.3, 5.1]
    labels = [f"w{i:02d}" for i in range(1, 13)]
    chart = "i" if "i" in RULE_SETS[name].charts else "run"
    numbered = compute_chart(y=y, x=list(range(12)), chart=chart, rules=name)
    text = compute_chart(y=y, x=labels, chart=chart, rules=name)
    assert numbered.points["runs_signal"].any()  # the shift is found with numbered x
    assert bool(text.points["runs_signal"].any()) is RULE_SETS[name].runs_on_text_x
