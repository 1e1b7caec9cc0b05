"""The NHS Sustainability Model's structure and qiteach's (unweighted) scoring, checked by hand."""

from __future__ import annotations

import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools.sustainability import (
    DOMAINS,
    EXAMPLE_RATINGS,
    FACTORS,
    LEVELS,
    level_points,
    sustainability_score,
)


def test_the_model_has_ten_factors_in_three_domains_four_levels():
    assert len(FACTORS) == 10
    assert DOMAINS == ("process", "staff", "organisation")
    counts = {d: sum(f.domain == d for f in FACTORS) for d in DOMAINS}
    assert counts == {"process": 4, "staff": 4, "organisation": 2}
    assert len({f.key for f in FACTORS}) == 10
    assert list(LEVELS.values()) == [0, 1, 2, 3]


def test_example_scored_by_hand():
    # process: mostly 2 + mostly 2 + partly 1 + fully 3 = 8 of 12
    # staff: mostly 2 + fully 3 + not 0 + partly 1 = 6 of 12
    # organisation: mostly 2 + not 0 = 2 of 6; total 16 of 30
    r = sustainability_score(EXAMPLE_RATINGS)
    assert r.total == 16 and r.max_total == 30
    assert r.domains["domain"].tolist() == ["process", "staff", "organisation"]
    assert r.domains["points"].tolist() == [8, 6, 2]
    assert r.domains["max_points"].tolist() == [12, 12, 6]
    assert r.domains["percent"].round(1).tolist() == [66.7, 50.0, 33.3]
    assert [f.key for f in r.act_on] == ["senior_leaders", "infrastructure"]
    assert r.weakest_domain == "organisation"
    assert r.factors["to_gain"].tolist() == [1, 1, 2, 0, 1, 0, 3, 2, 1, 3]
    text = r.sentences()
    assert text[0] == "Total 16 of 30 (unweighted: every factor counts the same)."
    assert text[1] == "Process 8 of 12, staff 6 of 12, organisation 2 of 6."
    assert text[2] == (
        "Most to gain: Senior leadership engagement; Infrastructure for sustainability "
        "(3 points each)."
    )


def test_one_factor_to_act_on_and_none_when_all_in_place():
    r = sustainability_score({f.key: 3 for f in FACTORS} | {"fit": "partly"})
    assert [f.key for f in r.act_on] == ["fit"]
    assert r.sentences()[2] == (
        "Most to gain: Fit with the organisation's strategic aims and culture (2 points)."
    )
    full = sustainability_score({f.key: "Fully  in place" for f in FACTORS})
    assert full.total == 30 and full.act_on == ()
    assert full.sentences()[2].startswith("Every factor is rated fully in place")


@pytest.mark.parametrize(
    ("level", "points"), [("not in place", 0), ("PARTLY", 1), (" mostly ", 2), (3, 3), ("2", 2)]
)
def test_level_points(level, points):
    assert level_points(level) == points


@pytest.mark.parametrize("bad", ["a lot", 4, -1, 1.5, True, ""])
def test_a_bad_level_is_one_clear_error(bad):
    with pytest.raises(ToolkitError, match="not a level") as err:
        level_points(bad, factor="fit")
    assert "fit" in str(err.value) and "use one of" in str(err.value)


def test_missing_and_unknown_factors_are_named():
    with pytest.raises(ToolkitError, match=r"not rated: .*infrastructure"):
        sustainability_score({"benefits": 1})
    with pytest.raises(ToolkitError, match="not a factor of the model: morale"):
        sustainability_score(EXAMPLE_RATINGS | {"morale": 2})
    with pytest.raises(ToolkitError, match="not rated: fit"):
        sustainability_score(EXAMPLE_RATINGS | {"fit": None})
