"""suggest_chart: every branch of the Health Care Data Guide chart choice."""

from __future__ import annotations

import pytest

from qiteach.exceptions import ToolkitError
from qiteach.measures.choice import suggest_chart, suggest_chart_for


@pytest.mark.parametrize(
    ("kwargs", "chart", "alternatives", "phrase"),
    [
        ({"data_type": "continuous"}, "i", ("mr", "run"), "one measured value per period"),
        ({"data_type": "measurement", "subgroup_size": 5}, "xbar", ("s", "run"), "subgroups of 5"),
        ({"data_type": "classification"}, "p", ("run",), "classified yes/no"),
        ({"data_type": "attribute", "large_denominators": True}, "pp", ("p", "run"), "too narrow"),
        ({"data_type": "count"}, "c", ("u", "run"), "about the same every period"),
        ({"data_type": "count", "equal_opportunity": False}, "u", ("c", "run"), "exposure"),
        ({"data_type": "counts", "large_denominators": True}, "up", ("u", "run"), "u′"),
        ({"data_type": "yes/no", "rare_events": True}, "g", ("t", "run"), "cases between"),
        ({"data_type": "count", "rare_events": True}, "t", ("g", "run"), "time between"),
        ({"data_type": "continuous", "rare_events": True}, "t", ("g", "run"), "time between"),
    ],
)
def test_every_branch(kwargs, chart, alternatives, phrase) -> None:
    s = suggest_chart(**kwargs)
    assert s.chart == chart
    assert s.alternatives == alternatives
    assert phrase in s.reason
    assert str(s).startswith(f"Use a{'n' if chart in ('i', 'xbar') else ''} {s.name}: ")
    assert str(s).count(".") >= 1 and "\n" not in str(s)


def test_p_chart_sentence() -> None:
    assert str(suggest_chart(data_type="classification")) == (
        "Use a p chart: each case (e.g. an appointment) is classified yes/no (e.g. attended/DNA) "
        "and the number of cases varies from period to period."
    )


def test_bad_input() -> None:
    with pytest.raises(ToolkitError, match="unknown data type 'colour'"):
        suggest_chart(data_type="colour")
    with pytest.raises(ToolkitError, match="subgroup size 0"):
        suggest_chart(data_type="continuous", subgroup_size=0)


ROW = {"team_id": "north", "measure_id": "m", "name": "x", "type": "outcome", "chart": "p"}


@pytest.mark.parametrize(
    ("extra", "chart"),
    [
        ({"name": "DNA rate", "numerator": "DNAs", "denominator": "Booked appointments"}, "p"),
        ({"name": "Falls", "numerator": "Falls", "denominator": "Occupied bed days"}, "u"),
        ({"name": "Days between falls", "unit": "days"}, "t"),
        ({"name": "Wait for routine appointment", "unit": "days"}, "i"),
        ({"name": "Number of complaints", "unit": "complaints"}, "c"),
        ({"name": "Mean HbA1c", "unit": "mmol/mol"}, "i"),
    ],
)
def test_suggest_for_workspace_rows(extra, chart) -> None:
    s = suggest_chart_for({**ROW, **extra})
    assert s.chart == chart
    if chart == "p":
        assert s.note is None  # matches the row's own chart
    else:
        assert s.note is not None and "set to a p chart" in s.note


@pytest.mark.parametrize(
    ("extra", "chart"),
    [
        # the demo workspace's own rows (North/South teams), as session 7 shows them
        (
            {
                "name": "Staff on the phones 08:00-10:00",
                "definition": "Average number of staff logged in to the phone queue between "
                "08:00 and 10:00 on weekdays in the month",
                "unit": "staff",
            },
            "i",
        ),
        (
            {
                "name": "Patients on 10+ medicines with an SMR in 12 months",
                "numerator": "Eligible patients with an SMR code in the last 12 months",
                "denominator": "Registered patients with 10 or more current repeat medicines",
                "unit": "%",
            },
            "p",
        ),
        (
            {
                "name": "GP appointments for medication queries",
                "definition": "GP appointments in the month whose main reason was a "
                "medication query or side effect",
                "unit": "appointments",
            },
            "c",
        ),
        (
            {
                "name": "SMR invitations sent",
                "definition": "Invitations to a structured medication review sent in the month",
                "unit": "invitations",
            },
            "c",
        ),
        # yes/no per case with a denominator of people or visits, not exposure
        (
            {
                "name": "Flu vaccine uptake 65+",
                "numerator": "Vaccinated patients aged 65+",
                "denominator": "Registered patients aged 65 and over",
            },
            "p",
        ),
        (
            {
                "name": "Home visits before noon",
                "numerator": "Visits started before 12:00",
                "denominator": "Home visits",
            },
            "p",
        ),
        ({"name": "Falls", "numerator": "Falls", "denominator": "Registered population"}, "u"),
        # cases between rare events is a g chart; time between is a t chart
        ({"name": "Operations between surgical site infections"}, "g"),
        ({"name": "Days between falls", "unit": "days"}, "t"),
    ],
)
def test_suggest_for_realistic_rows(extra, chart) -> None:
    assert suggest_chart_for({**ROW, **extra}).chart == chart


def test_a_laney_chart_is_not_talked_out_of_its_large_denominators() -> None:
    row = {
        **ROW,
        "chart": "pp",
        "name": "Calls answered within 2 minutes",
        "numerator": "Calls answered with a queue time of 120 seconds or less",
        "denominator": "All calls that reached the queue",
    }
    s = suggest_chart_for(row)
    assert s.chart == "p"
    assert "switch" not in s.note
    assert "very large denominators" in s.note
    u_row = {**ROW, "chart": "up", "numerator": "Falls", "denominator": "Occupied bed days"}
    assert "very large denominators" in suggest_chart_for(u_row).note
