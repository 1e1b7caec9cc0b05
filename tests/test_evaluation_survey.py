"""Tests for qiteach.evaluation.survey: paired Wilcoxon, effect sizes, Hodges–Lehmann."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from qiteach.evaluation.survey import (
    analyse_survey,
    hodges_lehmann,
    paired_scores,
    paired_test,
    participant_changes,
)
from qiteach.exceptions import InputError

# Wikipedia "Wilcoxon signed-rank test" worked example (10 pairs, one tie at zero,
# two tied |d| = 5). Hand-worked: ranks of |d| for the 9 non-zero pairs give
# T+ = 7 + 1.5 + 9 + 8 + 1.5 = 27, T- = 3 + 4 + 6 + 5 = 18, W = T+ - T- = 9.
WIKI_AFTER = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135]
WIKI_BEFORE = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145]


def test_textbook_example_hand_worked() -> None:
    t = paired_test(WIKI_BEFORE, WIKI_AFTER)
    assert t.status == "tested"
    assert (t.n_pairs, t.n_zero, t.n_used) == (10, 1, 9)
    assert (t.w_plus, t.w_minus) == (27.0, 18.0)
    assert t.w_plus - t.w_minus == 9.0  # Wikipedia's W
    # z by hand: (27 - 9*10/4) / sqrt(9*10*19/24 - (2**3 - 2)/48)
    z = (27 - 22.5) / math.sqrt(71.25 - 6 / 48)
    assert t.z == pytest.approx(z)
    # 9 changed pairs with one tie: the exact distribution given the mid-ranks, counted here
    # over all 2**9 sign patterns (the normal approximation gave 0.5936)
    d = np.asarray(WIKI_AFTER, float) - np.asarray(WIKI_BEFORE, float)
    d = d[d != 0]
    ranks = stats.rankdata(np.abs(d))
    sums = [sum(r for r, s in zip(ranks, signs, strict=True) if s)
            for signs in itertools.product([0, 1], repeat=len(d))]  # fmt: skip
    lower = sum(w <= 27.0 for w in sums) / len(sums)
    upper = sum(w >= 27.0 for w in sums) / len(sums)
    assert t.p_value == pytest.approx(min(1.0, 2 * min(lower, upper)))
    assert t.r == pytest.approx(z / 3.0)
    assert t.rank_biserial == pytest.approx(9 / 45)
    assert t.p_method == "exact, with ties"


def test_agrees_with_scipy_on_random_likert_data() -> None:
    # more than 50 changed pairs: the normal approximation with tie correction, as scipy
    rng = np.random.default_rng(20251122)
    pre = rng.integers(1, 6, size=90)
    post = np.clip(pre + rng.integers(-1, 3, size=90), 1, 5)
    t = paired_test(pre, post)
    assert t.n_used > 50 and t.p_method.startswith("normal approximation")
    ref = stats.wilcoxon(post - pre, zero_method="wilcox", method="approx")
    assert t.p_value == pytest.approx(ref.pvalue)
    assert abs(t.z) == pytest.approx(abs(ref.zstatistic))
    assert min(t.w_plus, t.w_minus) == pytest.approx(ref.statistic)


def test_exact_p_without_ties() -> None:
    # all six differences positive and distinct: exact two-sided p = 2 / 2**6
    t = paired_test([0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 6])
    assert t.p_method == "exact"
    assert t.p_value == pytest.approx(2 / 64)
    assert t.rank_biserial == 1.0


def test_hodges_lehmann_matches_brute_force_walsh_averages() -> None:
    d = [1.5, -0.5, 2.0, 3.5, 0.0, 1.0, 4.0, -1.0, 2.5, 0.5]
    walsh = sorted((a + b) / 2 for a, b in itertools.combinations_with_replacement(d, 2))
    est, lo, hi, level, method = hodges_lehmann(d)
    assert est == pytest.approx(float(np.median(walsh)))
    # n = 10: two-sided 5% critical value of T is 8 (published tables), so k = 9:
    # CI = [W(9), W(55 - 9 + 1)] with achieved level 1 - 2 * P(T <= 8) = 1 - 2 * 25/1024
    assert (lo, hi) == (walsh[8], walsh[46])
    assert level == pytest.approx(1 - 2 * 25 / 1024)
    assert method == "exact"


def test_hodges_lehmann_tiny_n_uses_full_range() -> None:
    est, lo, hi, level, _ = hodges_lehmann([1.0, 3.0])
    assert (est, lo, hi) == (2.0, 1.0, 3.0)
    assert level == pytest.approx(0.5)


def test_hodges_lehmann_normal_approximation_for_large_n() -> None:
    rng = np.random.default_rng(1)
    d = rng.normal(1.0, 1.0, size=80)
    est, lo, hi, level, method = hodges_lehmann(d)
    assert method == "normal approximation"
    assert lo < est < hi
    assert level == 0.95


def test_all_zero_differences_and_tiny_n_and_not_yet() -> None:
    same = paired_test([3, 4, 2, 5], [3, 4, 2, 5])
    assert same.status == "no change"
    assert math.isnan(same.p_value)
    assert "no pair changed" in same.sentence()
    few = paired_test([1, 2, 3, 3], [2, 3, 4, 3])
    assert few.status == "too few pairs to test"
    assert "3 changed" in few.message and "too few pairs" in few.sentence()
    none = paired_test([3, 2], [float("nan"), float("nan")])
    assert none.status == "not yet available"
    assert none.n_missing == 2


def test_unequal_lengths_raise() -> None:
    with pytest.raises(InputError, match="equal-length"):
        paired_test([1, 2], [1])


def _survey() -> dict[str, pd.DataFrame]:
    rows = []
    # p1..p6 in team a, p7 in team b; p6 has no post survey; items q1, q2 (confidence), k1
    pre = {"p1": 2, "p2": 3, "p3": 1, "p4": 2, "p5": 3, "p6": 2, "p7": 4}
    for pid, base in pre.items():
        for item in ("q1", "q2"):
            rows.append((pid, "pre", "confidence", item, base))
            if pid != "p6":
                rows.append((pid, "post", "confidence", item, min(base + 2, 5)))
        rows.append((pid, "pre", "knowledge", "k1", base))
    survey = pd.DataFrame(rows, columns=["participant_id", "timepoint", "domain", "item", "score"])
    people = pd.DataFrame(
        {
            "participant_id": list(pre),
            "display_name": [f"Person {p}" for p in pre],
            "role": ["GP", "nurse", "admin", "GP", "nurse", "admin", "GP"],
            "team_id": ["a"] * 6 + ["b"],
        }
    )
    return {"survey": survey, "participants": people}


def test_paired_scores_and_analysis() -> None:
    src = _survey()
    before = src["survey"].copy()
    scores = paired_scores(src, domain="confidence")
    assert len(scores) == 7
    p6 = scores.set_index("participant_id").loc["p6"]
    assert p6["pre"] == 2.0 and math.isnan(p6["post"])
    res = analyse_survey(src)
    conf = res.tests["confidence"]
    assert (conf.n_pairs, conf.n_missing) == (6, 1)
    assert conf.hl_estimate == pytest.approx(np.median([2, 2, 2, 2, 2, 1]))
    assert conf.status == "tested"
    know = res.tests["knowledge"]
    assert know.status == "not yet available"
    assert know.n_missing == 7
    items = res.items.set_index("item")
    assert items.loc["q1", "n_pairs"] == 6
    assert items.loc["q1", "pre_mean"] == pytest.approx(np.mean([2, 3, 1, 2, 3, 4]))
    assert items.loc["q1", "pre_low"] < items.loc["q1", "pre_mean"] < items.loc["q1", "pre_high"]
    table = res.table()
    assert list(table["domain"]) == ["confidence", "knowledge"]
    assert len(res.sentences()) == 2
    pd.testing.assert_frame_equal(src["survey"], before)  # input untouched


def test_team_filter_and_participant_changes() -> None:
    src = _survey()
    res = analyse_survey(src, team_id="a")
    assert res.tests["confidence"].n_pairs == 5
    changes = participant_changes(src)
    row = changes.set_index("participant_id").loc["p3"]
    assert (row["role"], row["change"]) == ("admin", 2.0)


def test_empty_survey_is_not_yet_available() -> None:
    res = analyse_survey({})
    assert all(t.status == "not yet available" for t in res.tests.values())
    assert res.items.empty


def test_sentences_read_well_for_no_pairs_and_one_pair() -> None:
    none = paired_test([3.0], [float("nan")], label="Confidence")
    assert none.sentence() == (
        "Confidence not yet available: no participant has both a pre and a post score."
    )
    assert paired_test([3.0], [float("nan")]).sentence().startswith("Not yet available: no")
    one = paired_test([2.0], [4.0], label="Confidence")
    assert one.ci_level == 0  # one pair: the only Walsh average, an interval of level 0
    text = one.sentence()
    assert text.startswith("Confidence rose from a median of 2 to 4 (1 pair; ")
    assert "0% CI" not in text and "CI" not in text
    assert "Hodges–Lehmann median change +2" in text
    two = paired_test([2.0, 3.0], [4.0, 4.0], label="Confidence")
    assert "(2 pairs; " in two.sentence() and "50% CI" in two.sentence()


@pytest.mark.parametrize(
    "after",
    [
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],  # no ties
        [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4],  # many ties
        [2] * 11,  # every difference tied
    ],
)
def test_eleven_of_eleven_positive_pairs_give_the_same_p_whatever_the_ties(after) -> None:
    t = paired_test([0] * 11, after)
    assert t.p_value == pytest.approx(2 / 2**11)
    assert t.p_method.startswith("exact")


def test_exact_ties_by_brute_force_on_likert_data() -> None:
    rng = np.random.default_rng(5)
    pre = rng.integers(1, 6, size=14)
    post = np.clip(pre + rng.integers(-2, 3, size=14), 1, 5)
    t = paired_test(pre, post)
    d = (post - pre).astype(float)
    d = d[d != 0]
    ranks = stats.rankdata(np.abs(d))
    w = float(ranks[d > 0].sum())
    sums = np.array([ranks[np.array(signs, bool)].sum()
                     for signs in itertools.product([0, 1], repeat=len(d))])  # fmt: skip
    p = min(1.0, 2 * min((sums <= w).mean(), (sums >= w).mean()))
    assert t.p_value == pytest.approx(p)
    assert t.p_method == "exact, with ties"


def test_a_single_item_domain_says_so() -> None:
    from qiteach.evaluation import analyse_survey

    rows = []
    for i in range(8):
        for tp, score in (("pre", 2), ("post", 4 if i else 3)):
            rows.append({"participant_id": f"p{i}", "timepoint": tp, "domain": "knowledge",
                         "item": "aim_parts", "score": score})  # fmt: skip
    people = pd.DataFrame({"participant_id": [f"p{i}" for i in range(8)], "role": "GP",
                           "team_id": "t", "display_name": "x"})  # fmt: skip
    analysis = analyse_survey({"survey": pd.DataFrame(rows), "participants": people})
    assert analysis.n_items("knowledge") == 1
    assert analysis.sentences()[-1].endswith(
        "The knowledge domain has a single item, so this is one question's answers, not a scale."
    )
