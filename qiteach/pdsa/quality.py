"""How well a team used the PDSA method: Taylor et al. (2014)'s five principles.

Taylor MJ, McNicholas C, Nicolay C, Darzi A, Bell D, Reed JE. Systematic review of
the application of the plan-do-study-act method to improve quality in
healthcare. *BMJ Qual Saf* 2014;23:290-298. The review judged PDSA reports on
five principles; qiteach scores a team's log on each, from 0 to 1, with the
reasons in plain English. The operationalisation (documented in
``docs/toolkit-pdsa-progress-tools.md``) is a set of transparent heuristics
meant to prompt a conversation, not a verdict:

``documented``
    each stage recorded: objective (plan), do, study and act. A running cycle
    (no end date) is only expected to have plan and do. Score = stages recorded
    / stages expected.
``iterative``
    a cycle counts when it belongs to a ramp of two or more cycles and either
    opens the ramp or follows a cycle whose act (adapt, adopt or continue) was
    recorded - learning carried forward. Single cycles, cycles after an
    ``abandon`` and cycles after an undecided one do not. Score = share of cycles.
``prediction``
    the cycle states a prediction (not blank, not "none", "n/a", "-").
    Score = share of cycles.
``small_scale``
    a ramp *starts small* when its first cycle's scale text names a single unit
    (``1``, ``one`` or ``single`` followed by a word, or "a/an" morning,
    afternoon, day, session, clinic, shift or hour) and does not say all,
    every, whole or entire; or, failing that, when the numbers in the scale
    text grow along the ramp (first cycle's largest number below every later
    cycle's). Score = share of ramps starting small. Per cycle: small itself, or
    a later cycle of a ramp that started small.
``data``
    the study text mentions a number (not a date, year or code like C1), a %,
    or a data word (data, chart, measure, audit, count, rate, percent,
    proportion, baseline, median, mean, average, tally), or - when
    ``measurements`` are given - a measurement period overlaps the cycle's dates.
    Score = share of cycles.

The total is the sum of the five scores (0-5).

>>> from qiteach.pdsa.log import PDSALog
>>> log = PDSALog.from_records([
...     {"cycle_id": "C1", "node_id": "CI1", "ramp": "R1", "start": "2026-01-05",
...      "end": "2026-01-09", "objective": "Text reminder", "prediction": "DNAs halve",
...      "do": "Sent 40 texts", "study": "DNAs 3 of 40 (8%)", "act": "adapt",
...      "scale": "1 GP, 1 morning"},
...     {"cycle_id": "C2", "node_id": "CI1", "ramp": "R1", "start": "2026-01-12",
...      "end": "2026-01-16", "objective": "Text reminder", "do": "Sent texts",
...      "study": "Staff liked it", "act": "adopt", "scale": "3 GPs, 1 week"},
... ])
>>> q = quality_score(log)
>>> q.scores
{'documented': 1.0, 'iterative': 1.0, 'prediction': 0.5, 'small_scale': 1.0, 'data': 0.5}
>>> q.total
4.0
>>> q.reasons["prediction"]
'1 of 2 cycles stated a prediction (none in C2).'
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qiteach.dates import parse_one
from qiteach.exceptions import ToolkitError
from qiteach.pdsa.log import PDSACycle, PDSALog, Ramp

__all__ = [
    "PRINCIPLES",
    "PDSAQuality",
    "is_small_scale",
    "quality_score",
    "scale_size",
    "study_uses_data",
]

#: Taylor et al. 2014's principles, in the order reported
PRINCIPLES: tuple[str, ...] = ("documented", "iterative", "prediction", "small_scale", "data")

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        )
    )
}
_ALL = re.compile(r"\b(all|every|everyone|whole|entire)\b")
_SMALL = re.compile(
    r"\b(1|one|single)\s+[a-z]|\b(a|an)\s+(morning|afternoon|day|session|clinic|shift|hour)\b"
)
#: a handful of cases: up to 12 patients, appointments, calls, records ...
_FEW_CASES = re.compile(
    r"(?:[1-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
    r"(?:\w+\s+)?(?:patients?|people|appointments?|calls?|records?|letters?|texts?|"
    r"invitations?|reviews?|cases?|notes?|families|carers?)"
)
_DATA = re.compile(
    r"\d|%|\b(data|charts?|run chart|measur\w*|audit\w*|count\w*|rates?|percent\w*|"
    r"proportion\w*|baseline|median|mean|average|tally\w*)\b"
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
#: dates, years, ordinals and codes (C1, Q3) are not data: remove them before looking for numbers
_NOT_DATA = re.compile(
    rf"\b\d{{4}}-\d\d-\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\b|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:19|20)\d\d\b|\b[a-z]+\d+\b"
)
_STAGES = (("plan", "objective"), ("do", "do"), ("study", "study"), ("act", "act"))


def is_small_scale(scale: str | None) -> bool:
    """True when the scale text names a single unit, or a handful of cases, and nothing like "all".

    A handful of cases is up to 12 patients, appointments, calls or records with
    nothing larger named ("10 patients"; not "2 practices, 28 patients").

    >>> [is_small_scale(s) for s in ("1 GP, 1 morning", "one receptionist",
    ...     "a day", "all GPs, 1 week", "3 GPs", None, "10 patients")]
    [True, True, True, False, False, False, True]
    """
    if not scale:
        return False
    text = scale.lower()
    if _ALL.search(text):
        return False
    if _SMALL.search(text):
        return True
    parts = [p.strip() for p in re.split(r"[,;]|\band\b", text) if p.strip()]
    return bool(parts) and all(_FEW_CASES.fullmatch(p) for p in parts)


def scale_size(scale: str | None) -> float | None:
    """The largest number in the scale text (inf for all/every/whole; None if none).

    >>> scale_size("2 GPs, 20 patients"), scale_size("three nurses"), scale_size("all staff")
    (20.0, 3.0, inf)
    >>> scale_size("reception team") is None
    True
    """
    if not scale:
        return None
    text = scale.lower()
    if _ALL.search(text):
        return math.inf
    nums = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    nums += [float(_NUMBER_WORDS[w]) for w in re.findall(r"[a-z]+", text) if w in _NUMBER_WORDS]
    if re.search(r"\b(single|a|an)\s+[a-z]", text):
        nums.append(1.0)
    return max(nums) if nums else None


def study_uses_data(study: str | None) -> bool:
    """True when the study text cites numbers, a % or data words.

    >>> [study_uses_data(s) for s in ("DNAs fell to 4%", "See run chart", "Went well")]
    [True, True, False]
    """
    return bool(study and _DATA.search(_NOT_DATA.sub(" ", study.lower())))


@dataclass(frozen=True, slots=True)
class PDSAQuality:
    """Per-principle scores (0-1), their total (0-5), reasons and per-cycle detail.

    ``per_cycle`` has one row per cycle: ``cycle_id``, ``ramp``, one column per
    principle (0-1) and ``total``.
    """

    scores: dict[str, float]
    total: float
    reasons: dict[str, str]
    per_cycle: pd.DataFrame

    def as_frame(self) -> pd.DataFrame:
        """One row per principle: principle, score, reason."""
        return pd.DataFrame(
            {
                "principle": list(PRINCIPLES),
                "score": [self.scores[p] for p in PRINCIPLES],
                "reason": [self.reasons[p] for p in PRINCIPLES],
            }
        )


def _ids(cycles: Iterable[str]) -> str:
    return ", ".join(cycles)


def _as_date(value: Any) -> dt.date:
    """A measurement period: a date, ISO text or UK dd/mm/yyyy (day first)."""
    stamp = parse_one(value)
    if pd.isna(stamp):
        raise ValueError(value)
    return stamp.date()


def _period_windows(measurements: Any) -> list[tuple[dt.date, dt.date]]:
    """Each measurement period as [start, end] dates, end inferred from the spacing."""
    if measurements is None:
        return []
    if isinstance(measurements, pd.DataFrame):
        col = next((c for c in ("period", "date") if c in measurements.columns), None)
        if col is None:
            raise ToolkitError(
                "measurements have no 'period' column",
                file="measurements.csv",
                column="period",
                fix="pass the measurements table (one measure's rows) or a list of dates",
            )
        values = measurements[col]
    else:
        values = pd.Series(list(measurements))
    try:
        dates = sorted({_as_date(v) for v in values.dropna()})
    except (ValueError, TypeError):
        raise ToolkitError(
            "measurement periods are not all dates",
            file="measurements.csv",
            column="period",
            fix="write periods as YYYY-MM-DD",
        ) from None
    if not dates:
        return []
    gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
    length = int(pd.Series(gaps).median()) if gaps else 7
    return [(d, d + dt.timedelta(days=max(length, 1) - 1)) for d in dates]


def _overlaps(c: PDSACycle, windows: list[tuple[dt.date, dt.date]]) -> bool:
    end = c.end or dt.date.max
    return any(p0 <= end and p1 >= c.start for p0, p1 in windows)


def _ramp_starts_small(ramp: Ramp) -> bool:
    first = ramp.cycles[0]
    if is_small_scale(first.scale):
        return True
    size0 = scale_size(first.scale)
    later = [scale_size(c.scale) for c in ramp.cycles[1:]]
    return size0 is not None and bool(later) and all(s is not None and s > size0 for s in later)


def quality_score(log: PDSALog, *, measurements: Any = None) -> PDSAQuality:
    """Score a team's PDSA log on Taylor et al. (2014)'s five principles.

    ``measurements`` (optional) is the team's measurements table - or any list
    of period dates - used for the *data over time* principle.
    """
    cycles = log.cycles
    windows = _period_windows(measurements)
    ramps = log.ramps
    rows: dict[str, dict[str, Any]] = {
        c.cycle_id: {"cycle_id": c.cycle_id, "ramp": "", **dict.fromkeys(PRINCIPLES, 0.0)}
        for c in cycles
    }
    # documented
    recorded = expected = 0
    missing: dict[str, list[str]] = {}
    for c in cycles:
        stages = _STAGES[:2] if c.running else _STAGES
        have = [getattr(c, attr) is not None for _, attr in stages]
        recorded += sum(have)
        expected += len(stages)
        rows[c.cycle_id]["documented"] = sum(have) / len(stages)
        for (stage, _), ok in zip(stages, have, strict=True):
            if not ok:
                missing.setdefault(stage, []).append(c.cycle_id)
    full = sum(rows[c.cycle_id]["documented"] == 1.0 for c in cycles)
    doc_reason = f"{full} of {len(cycles)} cycles recorded every stage due"
    doc_reason += f" ({recorded} of {expected} stages recorded)"
    if missing:
        doc_reason += "; missing: " + "; ".join(
            f"{stage} in {_ids(ids)}" for stage, ids in missing.items()
        )
    doc_reason += ". Running cycles need only plan and do."

    # iterative and small scale, ramp by ramp
    isolated: list[str] = []
    broken: list[str] = []
    small_ramps: list[str] = []
    not_small: list[str] = []
    for ramp in ramps:
        small = _ramp_starts_small(ramp)
        (small_ramps if small else not_small).append(ramp.label)
        for k, c in enumerate(ramp.cycles):
            row = rows[c.cycle_id]
            row["ramp"] = ramp.label
            if len(ramp.cycles) < 2:
                isolated.append(c.cycle_id)
            elif k == 0 or ramp.cycles[k - 1].act in ("adapt", "adopt", "continue"):
                row["iterative"] = 1.0
            else:
                broken.append(c.cycle_id)
            row["small_scale"] = float(is_small_scale(c.scale) or (k > 0 and small))
    n_iter = sum(r["iterative"] for r in rows.values())
    it_reason = f"{n_iter:.0f} of {len(cycles)} cycles were part of a linked series on one idea"
    details = []
    if isolated:
        details.append(f"single cycles: {_ids(isolated)}")
    if broken:
        details.append(f"after an abandoned or undecided cycle: {_ids(broken)}")
    it_reason += f" ({'; '.join(details)})." if details else "."

    ss_reason = f"{len(small_ramps)} of {len(ramps)} ramps started small"
    if not_small:
        first_scales = {r.label: r.cycles[0].scale for r in ramps}
        ss_reason += "; not small: " + ", ".join(
            f"{lab} ({first_scales[lab]!r})" if first_scales[lab] else f"{lab} (scale not recorded)"
            for lab in not_small
        )
    ss_reason += "."

    # prediction
    no_pred = [c.cycle_id for c in cycles if not c.has_prediction]
    for c in cycles:
        rows[c.cycle_id]["prediction"] = float(c.has_prediction)
    pr_reason = f"{len(cycles) - len(no_pred)} of {len(cycles)} cycles stated a prediction"
    pr_reason += f" (none in {_ids(no_pred)})." if no_pred else "."

    # data over time
    by_text = [c.cycle_id for c in cycles if study_uses_data(c.study)]
    by_meas = [c.cycle_id for c in cycles if c.cycle_id not in by_text and _overlaps(c, windows)]
    no_data = [c.cycle_id for c in cycles if c.cycle_id not in by_text + by_meas]
    for cid in by_text + by_meas:
        rows[cid]["data"] = 1.0
    da_reason = f"{len(by_text) + len(by_meas)} of {len(cycles)} cycles used data"
    parts = []
    if by_text:
        parts.append(f"study cites numbers or data in {_ids(by_text)}")
    if by_meas:
        parts.append(f"measurements during {_ids(by_meas)}")
    if no_data:
        parts.append(f"no data in {_ids(no_data)}")
    da_reason += f" ({'; '.join(parts)})." if parts else "."
    if measurements is None:
        da_reason += " No measurements given, so only the study text was read."

    def share(num: float, den: int) -> float:
        return round(num / den, 4) if den else 0.0

    scores = {
        "documented": share(recorded, expected),
        "iterative": share(n_iter, len(cycles)),
        "prediction": share(len(cycles) - len(no_pred), len(cycles)),
        "small_scale": share(len(small_ramps), len(ramps)),
        "data": share(len(by_text) + len(by_meas), len(cycles)),
    }
    reasons = {
        "documented": doc_reason,
        "iterative": it_reason,
        "prediction": pr_reason,
        "small_scale": ss_reason,
        "data": da_reason,
    }
    if not cycles:
        reasons = dict.fromkeys(PRINCIPLES, "No PDSA cycles recorded yet.")
    per_cycle = pd.DataFrame(
        [rows[c.cycle_id] for c in cycles], columns=["cycle_id", "ramp", *PRINCIPLES]
    )
    per_cycle["total"] = per_cycle[list(PRINCIPLES)].sum(axis=1)
    return PDSAQuality(scores, round(sum(scores.values()), 4), reasons, per_cycle)
