"""MeasureDefinition.from_row, to_markdown and check_definition."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.measures import DataCollectionPlan, MeasureDefinition, check_definition
from qiteach.workspace.schema import TABLES

GOOD = {
    "team_id": "north",
    "measure_id": "dna_rate",
    "name": "DNA rate",
    "type": "outcome",
    "chart": "p",
    "unit": "%",
    "direction": "decrease",
    "target": "5",
    "multiply": 100,
    "definition": "Booked appointments not attended without notice, as % of booked",
    "numerator": "Appointments coded DNA",
    "denominator": "All booked face-to-face appointments",
    "inclusions": "GP and nurse appointments",
    "exclusions": None,
    "data_source": "EMIS appointment report",
    "frequency": "weekly",
    "baseline_points": 12.0,
    "node_id": float("nan"),
}
PLAN = {
    "who_collects": "Practice manager",
    "what": "attribute",
    "where": "Elm Surgery",
    "when": "Every Monday for the week before",
    "how_recorded": "EMIS report exported to the workbook",
    "source": "EMIS",
    "every_event": "yes",
    "stratifiers": "clinician; weekday",
    "analysis_tool": "p chart",
    "who_analyses": "QI lead",
    "who_receives": "Whole practice team at the monthly meeting",
}


def test_from_row_uses_the_schema_columns() -> None:
    assert set(GOOD) == set(TABLES["measures"].names)  # the fixture is a real measures row
    m = MeasureDefinition.from_row(pd.Series(GOOD), row_number=3)
    assert (m.target, m.multiply, m.baseline_points, m.node_id) == (5.0, 100.0, 12, None)
    assert m.plan is None and m.row == 3 and m.is_ratio
    problems = check_definition(m)
    assert [str(p) for p in problems] == [
        "measures.csv:3:plan: no data collection plan (fix: say who collects, what, where, "
        "when, how, every event or a sample, who analyses and who receives results)"
    ]


def test_full_plan_is_complete_and_renders() -> None:
    m = MeasureDefinition.from_row({**GOOD, **PLAN})
    assert m.plan == DataCollectionPlan.from_mapping(PLAN)
    assert m.plan.stratifiers == ("clinician", "weekday") and m.plan.every_event is True
    assert check_definition(m) == []
    md = m.to_markdown()
    assert md.splitlines()[0] == "### DNA rate (outcome measure)"
    for line in (
        "| Numerator | Appointments coded DNA |",
        "| Better is | lower |",
        "| Target | 5 |",
        "| Every event or a sample | every event |",
        "| Stratified by | clinician, weekday |",
    ):
        assert line in md
    assert "Excluded" not in md  # blank fields are left out


def test_check_definition_finds_gaps() -> None:
    row = {
        **GOOD,
        "numerator": "",
        "definition": "Better DNAs",
        "data_source": None,
        "direction": "neutral",
        "target": 120,
    }
    sample = {**PLAN, "every_event": "no", "sampling_method": "convenience", "who_receives": ""}
    found = {
        p.column: p.message for p in check_definition(MeasureDefinition.from_row({**row, **sample}))
    }
    assert found["numerator"] == "a p chart needs a numerator"
    assert "too vague" in found["definition"]
    assert found["data_source"] == "no data source"
    assert found["direction"] == "there is a target but no direction of improvement"
    assert found["target"] == "target 120% is outside 0-100"
    assert found["sampling_method"] == 'unknown sampling method "convenience"'
    assert found["sample_size"] == "a sample is used but its size is not given"
    assert found["who_receives"] == "the plan does not say who receives the results"


def test_denominator_on_a_count_chart_and_bad_type() -> None:
    m = MeasureDefinition.from_row({**GOOD, **PLAN, "chart": "i", "type": "result"})
    found = {p.column: p.message for p in check_definition(m)}
    assert found["chart"] == "there is a denominator but the chart is i"
    assert found["type"] == 'type "result" is not a measure type'


def test_from_row_errors_name_the_column() -> None:
    with pytest.raises(ToolkitError, match=r"measures\.csv:4:target: 'five' is not a number"):
        MeasureDefinition.from_row({**GOOD, "target": "five"}, row_number=4)
    with pytest.raises(ToolkitError, match="the measure has no name"):
        MeasureDefinition.from_row({**GOOD, "name": " "})


@pytest.mark.parametrize("unit", ["%", "percent", "Per cent", "percentage"])
def test_a_percent_target_above_100_is_flagged_however_the_unit_is_written(unit: str) -> None:
    defn = MeasureDefinition.from_row({**GOOD, **PLAN, "unit": unit, "target": 120})
    assert [p.column for p in check_definition(defn)] == ["target"]


def test_quality_and_outcomes_framework_is_not_a_vague_word() -> None:
    defn = MeasureDefinition.from_row(
        {
            **GOOD,
            **PLAN,
            "definition": "Patients on the Quality and Outcomes Framework diabetes register "
            "whose latest HbA1c in 12 months is 58 mmol/mol or less",
        }
    )
    assert check_definition(defn) == []
    vague = MeasureDefinition.from_row({**GOOD, **PLAN, "definition": "Good quality reviews done"})
    assert [p.column for p in check_definition(vague)] == ["definition"]
