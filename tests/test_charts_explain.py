"""Plain-English sentences from qiteach.charts.explain: what they say about the limits."""

from __future__ import annotations

import math

from qiteach.charts import compute_chart


def test_varying_limits_are_said_to_vary_and_the_values_are_the_latest() -> None:
    # p̄ = 13/42; the last subgroup (n 20) has limits p̄ ± 3·√(p̄(1 − p̄)/20), LCL clipped to 0
    r = compute_chart(y=[1, 9, 2, 3], n=[10, 10, 20, 20], chart="p")
    p_bar = 15 / 60
    hi = p_bar + 3 * math.sqrt(p_bar * (1 - p_bar) / 20)  # 0.25 + 0.2905 = 0.5405
    line = next(s for s in r.explain() if s.startswith("Part 1:"))
    assert line == (
        f"Part 1: centre line 0.25, limits 0 to {hi:.4g} at the latest point "
        "(the limits vary with the subgroup size)."
    )


def test_constant_limits_read_as_before() -> None:
    r = compute_chart(y=[4, 6, 5, 5], chart="i")  # mean 5, AMR (2+1+0)/3 = 1
    line = next(s for s in r.explain() if s.startswith("Part 1:"))
    assert line == f"Part 1: centre line 5, limits {5 - 3 / 1.128:.4g} to {5 + 3 / 1.128:.4g}."


def test_a_missing_latest_subgroup_still_reports_the_limits() -> None:
    # the last month has no data, so no denominator and no limits: the sentence uses the
    # latest subgroup that has limits (n 20: UCL 0.5405) instead of dropping them
    r = compute_chart(y=[1, 9, 2, 3, None], n=[10, 10, 20, 20, None], chart="p")
    hi = 0.25 + 3 * math.sqrt(0.25 * 0.75 / 20)
    line = next(s for s in r.explain() if s.startswith("Part 1:"))
    assert line == (
        f"Part 1: centre line 0.25, limits 0 to {hi:.4g} at the latest point "
        "(the limits vary with the subgroup size)."
    )


def test_no_values_is_not_called_common_cause_variation() -> None:
    # periods exist but nothing has been recorded yet: there is nothing to judge
    r = compute_chart(y=[None, None, None], n=[None, None, None], chart="p")
    lines = r.explain()
    assert "No signals: common-cause variation only." not in lines
    assert "No values yet, so nothing to judge." in lines
    assert not any("trial limits" in w for w in r.warnings)  # there are no limits at all
    assert r.parts["trial_limits"].tolist() == [False]


def test_two_parts_with_mdc_say_only_the_latest_parts_assurance() -> None:
    # NHSRplotthedots: only the latest rebase group has an assurance; pandas 3 stores the
    # earlier part's missing one as NaN, which once reached str.replace (AttributeError)
    y = [50, 52, 49, 51, 50, 53, 48, 50, 51, 49, 60, 62, 59, 61, 60, 63, 58, 60, 61, 59]
    # part 2: limits 54.09 to 66.51, so a target of 50 is always passed
    r = compute_chart(y=y, chart="i", rules="mdc", part=10, direction="increase", target=50)
    lines = r.explain()
    assurance = [s for s in lines if "target assurance" in s]
    assert assurance == ["Part 2: target assurance is consistent pass."], lines
    assert "Part 1: latest point is common cause." in lines
