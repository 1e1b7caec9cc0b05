"""Pieces both report notebooks share: the header banner, data date, tables, attendance.

>>> rule_set_name("mdc")
'NHS Making Data Count rules'
>>> "SYNTHETIC DATA" in banner({"synthetic": True}), "SYNTHETIC DATA" in banner({})
(True, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.evaluation._tables import percent_text
from qiteach.reports.html import REPORT_CSS, html_table, long_date, paragraph
from qiteach.workspace.model import Team

if TYPE_CHECKING:
    from qiteach.workspace.model import Programme

__all__ = [
    "as_of_date",
    "as_of_html",
    "attendance_table",
    "banner",
    "rule_set_name",
    "sessions_held",
    "source_tables",
]


# -- header ----------------------------------------------------------------------------------
def banner(programme: Programme | Mapping[str, Any]) -> str:
    """The report's CSS plus a SYNTHETIC DATA banner when programme.yaml says ``synthetic``."""
    meta = getattr(programme, "meta", programme) or {}
    if not bool(meta.get("synthetic", False)):
        return REPORT_CSS
    return (
        REPORT_CSS + '<div class="qi-banner" role="note">SYNTHETIC DATA: made-up programme '
        "for demonstration; no real patients, staff or practices.</div>"
    )


def as_of_date(source: Team | Programme) -> pd.Timestamp | None:
    """The latest date in the measurements, PDSA log or progress scores (None if no data)."""
    dates = []
    for table, column in (("measurements", "period"), ("pdsa", "start"), ("progress", "date")):
        frame = getattr(source, table, None)
        if isinstance(frame, pd.DataFrame) and column in frame and frame[column].notna().any():
            dates.append(pd.to_datetime(frame[column]).max())
    return max(dates) if dates else None


def as_of_html(as_of: pd.Timestamp | None) -> str:
    """'Data up to 5 March 2026.' marked ``qi-as-of``, the one place a report states its data date.

    The PDF footer (:mod:`qiteach.reports.pdf`) reads the date from this element.

    >>> as_of_html(pd.Timestamp("2026-03-05"))
    '<span class="qi-as-of" data-date="5 March 2026">Data up to 5 March 2026.</span>'
    >>> as_of_html(None)
    'No data recorded yet.'
    """
    if as_of is None:
        return "No data recorded yet."
    when = long_date(as_of)
    return f'<span class="qi-as-of" data-date="{when}">Data up to {when}.</span>'


# -- people ----------------------------------------------------------------------------------
def sessions_held(source: Team | Programme) -> list[int]:
    """Numbers of the learning sessions with attendance recorded, ascending."""
    att = source.attendance
    return sorted(int(s) for s in att["session"].dropna().unique())


def attendance_table(source: Team | Programme) -> str:
    """Attendance per learning session held so far: date, title, attended and %.

    ``source`` is a Team or a Programme (its sessions come from programme.yaml).
    """
    from qiteach.evaluation import attendance_summary

    programme = _programme_of(source)
    summary = attendance_summary(source_tables(source))
    if summary.status != "available":
        return paragraph("No attendance recorded yet.")
    sessions = programme.sessions.set_index("number")
    rows = []
    for rec in summary.by_session.itertuples(index=False):
        number = int(rec.session)
        meta = sessions.loc[number] if number in sessions.index else None
        rows.append(
            {
                "Session": number,
                "Date": long_date(meta["date"]) if meta is not None else "",
                "Title": meta["title"] if meta is not None else "",
                "Attended": f"{int(rec.n_attended)} of {int(rec.n_recorded)}",
                "%": percent_text(rec.percent),
            }
        )
    total = (
        f"Overall {percent_text(100 * summary.overall_rate)} of {summary.n_records} "
        "session places were attended."
    )
    return html_table(pd.DataFrame(rows)) + paragraph(total)


def _programme_of(source: Team | Programme) -> Programme:
    """The programme of a Team, or the Programme itself."""
    return source.programme if isinstance(source, Team) else source


def source_tables(source: Team | Programme) -> dict[str, Any]:
    """Mapping of a Team's (or Programme's) tables for :mod:`qiteach.evaluation`."""
    programme = _programme_of(source)
    out: dict[str, Any] = {"meta": programme.meta, "sessions": programme.sessions}
    if source is programme or not isinstance(source, Team):
        return out | dict(programme.tables)
    for name in programme.tables:
        if name != "teams":
            out[name] = getattr(source, name)
    teams = programme.tables["teams"]
    out["teams"] = teams[teams["team_id"] == source.team_id].reset_index(drop=True)
    return out


def rule_set_name(rules: str) -> str:
    """Plain name of a rule set.

    >>> rule_set_name("anhoej")
    'Anhøj rules'
    """
    from qiteach.charts.rules import RULE_SETS

    found = RULE_SETS.get(rules)
    return found.title if found is not None else f"{rules} rules"
