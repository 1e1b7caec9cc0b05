"""check_family: counts by type and friendly advice."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.measures import MeasureDefinition, check_family


def test_balanced_family_from_dataframe() -> None:
    df = pd.DataFrame(
        {
            "team_id": "north",
            "measure_id": ["dna", "sms", "calls", "cancel", "wait"],
            "name": ["DNA rate", "SMS sent", "Calls made", "Cancellations", "Wait"],
            "type": ["outcome", "process", "process", "Process", "balancing"],
        }
    )
    fam = check_family(df)
    assert fam.counts == {"outcome": 1, "process": 3, "balancing": 1}
    assert fam.ok and fam.has_outcome and fam.has_process and fam.has_balancing
    assert fam.names["balancing"] == ["Wait"]
    assert fam.messages == [
        "A balanced family: outcome, process and balancing measures in typical numbers."
    ]
    assert "| process | 3 | 3–5 | SMS sent, Calls made, Cancellations |" in fam._repr_markdown_()


def test_missing_types_and_too_many() -> None:
    fam = check_family(["process"] * 7 + ["outcome"] * 3)
    assert not fam.ok and not fam.has_balancing
    text = " ".join(fam.messages)
    assert "You have 3 outcome measures; 1–2 is usually enough" in text
    assert "You have 7 process measures; 3–5 is usually enough" in text
    assert "Add a balancing measure" in text


def test_few_process_and_definitions_list() -> None:
    ms = [
        MeasureDefinition("a", "DNA rate", "outcome", "p"),
        MeasureDefinition("b", "SMS sent", "process", "p"),
    ]
    fam = check_family(ms)
    assert fam.counts == {"outcome": 1, "process": 1, "balancing": 0}
    assert any("You have 1 process measure;" in m for m in fam.messages)
    assert str(fam).startswith("Family of measures: 1 outcome, 1 process, 0 balancing")


def test_empty_and_unknown() -> None:
    fam = check_family([])
    assert not fam.ok and "no measures yet" in fam.messages[0]
    with pytest.raises(ToolkitError, match=r'measures\.csv:3:type: measure "B" has type "balance"'):
        check_family(pd.DataFrame({"name": ["A", "B"], "type": ["outcome", "balance"]}))
    with pytest.raises(ToolkitError, match="no type column"):
        check_family(pd.DataFrame({"name": ["A"]}))
