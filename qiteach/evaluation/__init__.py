"""Evaluation statistics for the team and programme reports (compute only, no plotting).

Modules, each with one job:

* :mod:`~qiteach.evaluation.survey` – pre/post paired analysis (Wilcoxon, effect sizes,
  Hodges–Lehmann);
* :mod:`~qiteach.evaluation.its` – interrupted time series (segmented regression, HAC SEs);
* :mod:`~qiteach.evaluation.cohort` – attendance, participants, feedback, PDSA activity,
  progress scores and improvement signals across teams;
* :mod:`~qiteach.evaluation.aim` – whether a team's aim was met; plain-English reading
  of each measure's chart;
* :mod:`~qiteach.evaluation.learning` – measured learning: the notebooks' self-check
  results (learning.csv) by session and role, small groups hidden;
* :mod:`~qiteach.evaluation.kirkpatrick` – the Kirkpatrick levels 1–4 summary table.

Names load lazily, and nothing here imports matplotlib (plots live in
:mod:`qiteach.plot.evaluation`); scipy and statsmodels load inside the functions
that need them.

>>> import qiteach.evaluation as ev
>>> ev.paired_test([1, 2, 2, 1, 3, 2, 1], [3, 3, 4, 2, 4, 4, 2]).status
'tested'
>>> "kirkpatrick_table" in ev.__all__
True
"""

from __future__ import annotations

import importlib
from typing import Any

#: public name -> submodule that defines it
_LAZY: dict[str, str] = {
    "PairedTest": "survey",
    "SurveyAnalysis": "survey",
    "analyse_survey": "survey",
    "hodges_lehmann": "survey",
    "paired_scores": "survey",
    "paired_test": "survey",
    "participant_changes": "survey",
    "ITSResult": "its",
    "aggregate_measure": "its",
    "its_regression": "its",
    "programme_its": "its",
    "AttendanceSummary": "cohort",
    "attendance_summary": "cohort",
    "feedback_summary": "cohort",
    "FeedbackSummary": "cohort",
    "PDSAActivity": "cohort",
    "participants_by_role": "cohort",
    "pdsa_activity": "cohort",
    "progress_summary": "cohort",
    "improvement_signals": "cohort",
    "AimAssessment": "aim",
    "MeasureReading": "aim",
    "assess_aim": "aim",
    "classify_signals": "aim",
    "read_measure": "aim",
    "team_aim": "aim",
    "team_readings": "aim",
    "measure_chart": "aim",
    "kirkpatrick_table": "kirkpatrick",
    "LearningSummary": "learning",
    "learning_summary": "learning",
    "measures_up_to_date": "kirkpatrick",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qiteach.evaluation' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"qiteach.evaluation.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
