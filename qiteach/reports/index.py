"""The run's front page (``index.html``) and machine-readable ``summary.json``.

Both are built only from the run's records, with no timestamps or durations,
so an unchanged re-run writes identical bytes.

>>> from qiteach.reports.worker import ReportRecord
>>> ok = ReportRecord("team", "north", "North", "ok", "team-north.html", "team-north.ipynb",
...                   1.0, figures={"dna_rate": 6.5})
>>> bad = ReportRecord("team", "west", "West", "failed", None, None, 1.0,
...                    error="ValueError: no data", cell=3, execution_count=4)
>>> page = index_html("Demo <QI>", [ok, bad], rules="anhoej")
>>> "Demo &lt;QI&gt;" in page, 'href="team-north.html"' in page, "cell 3 (In [4])" in page
(True, True, True)
>>> ok.pdf = "team-north.pdf"
>>> page = index_html("D", [ok], rules="ihi")
>>> 'href="team-north.html">North</a> · <a href="team-north.pdf"' in page
True
>>> summary = summary_dict("Demo", [ok, bad], rules="anhoej")
>>> summary["teams"]["north"]["figures"], summary["failed"]
({'dna_rate': 6.5}, 1)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from qiteach.reports.worker import ReportRecord

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "INDEX_GROUPS",
    "index_html",
    "measure_verdicts",
    "summary_dict",
    "summary_json",
    "team_groups",
]

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1a1a1a;
       max-width: 1000px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0; }
p.lead { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; table-layout: fixed; }
th:nth-child(1) { width: 28%; } th:nth-child(2) { width: 12%; } th:nth-child(3) { width: 22%; }
th:nth-child(4) { width: 8%; } th:nth-child(5) { width: 12%; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #ddd;
         vertical-align: top; }
th { background: #f3f3f3; }
.status { font-weight: 600; padding: .1rem .5rem; border-radius: .8rem; white-space: nowrap; }
.ok { background: #d9f0e3; color: #0b5a2e; }
.failed { background: #fbe0d8; color: #8a2a0a; }
code { font-size: .9em; white-space: pre-wrap; }
.banner { background: #fff3cd; border: 2px solid #b36b00; color: #5c3700; padding: .6rem 1rem;
          font-weight: 700; letter-spacing: .04em; text-align: center; }
"""


#: The teams.csv columns the index groups teams by, first one holding any value wins.
INDEX_GROUPS = ("locality", "area", "topic")


def team_groups(teams: pd.DataFrame) -> tuple[str, dict[str, str]]:
    """``(column, {team_id: value})`` for the first of :data:`INDEX_GROUPS` that is filled.

    ``teams`` is the workspace's teams table; ``("", {})`` when no grouping is recorded.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"team_id": ["a", "b"], "locality": [None, None],
    ...                   "topic": ["DNAs", "Access"]})
    >>> team_groups(t)
    ('topic', {'a': 'DNAs', 'b': 'Access'})
    """
    for column in INDEX_GROUPS:
        if column not in teams:
            continue
        values = {
            str(t): str(v).strip()
            for t, v in zip(teams["team_id"], teams[column], strict=True)
            if v is not None and v == v and str(v).strip()
        }
        if values:
            return column, values
    return "", {}


def measure_verdicts(figures: Mapping[str, Any]) -> str:
    """A team record's measures counted by verdict, best first (from its published figures).

    >>> measure_verdicts({"measures": {"a": "common cause", "b": "improvement",
    ...                                "c": "common cause"}})
    '1 improvement, 2 common cause'
    """
    from qiteach.evaluation.aim import VERDICT_ORDER

    counts = Counter(str(v) for v in (figures.get("measures") or {}).values())
    order = sorted(counts, key=lambda v: (VERDICT_ORDER.get(v, len(VERDICT_ORDER)), v))
    return ", ".join(f"{counts[v]} {v}" for v in order)


def _report_row(rec: ReportRecord, programme: str = "") -> str:
    # a team report's title ends with the programme's name, already the page's heading
    name = escape(rec.title.removesuffix(f" — {programme}") if programme else rec.title)
    link = f'<a href="{escape(rec.html)}">{name}</a>' if rec.html else name
    if rec.pdf:
        link += f' · <a href="{escape(rec.pdf)}" type="application/pdf">PDF</a>'
    notebook = f'<a href="{escape(rec.notebook)}">notebook</a>' if rec.notebook else ""
    status = "ok" if rec.ok else "failed"
    problem = f"<code>{escape(rec.problem())}</code>" if not rec.ok else ""
    if rec.kind == "programme":
        judged = "<td>all teams</td><td>see the report</td>"
    else:
        aim = rec.figures.get("aim_status") if rec.ok else None
        verdicts = measure_verdicts(rec.figures) if rec.ok else ""
        judged = f"<td>{escape(str(aim or ''))}</td><td>{escape(verdicts)}</td>"
    return (
        f"<tr><td>{link}</td>{judged}"
        f'<td><span class="status {status}">{status}</span></td>'
        f"<td>{notebook}</td><td>{problem}</td></tr>"
    )


_HEAD = (
    '<thead><tr><th scope="col">Report</th><th scope="col">Aim</th>'
    '<th scope="col">Measures (verdict now)</th><th scope="col">Status</th>'
    '<th scope="col">Executed notebook</th><th scope="col">Problem</th></tr></thead>'
)


def _table(records: Sequence[ReportRecord], programme: str = "") -> str:
    rows = "\n".join(_report_row(r, programme) for r in records)
    return f"<table>\n{_HEAD}\n<tbody>\n{rows}\n</tbody>\n</table>"


def _grouped(
    records: Sequence[ReportRecord], programme: str, column: str, groups: Mapping[str, str]
) -> str:
    """The team reports under one heading per group, in the records' order; ungrouped last."""
    teams = [r for r in records if r.kind != "programme"]
    if not teams:
        return ""
    if not groups:
        return "<h2>Teams</h2>\n" + _table(teams, programme)
    other = f"No {column} recorded"
    by: dict[str, list[ReportRecord]] = {}
    for r in teams:
        by.setdefault(groups.get(r.report_id, other), []).append(r)
    names = sorted((g for g in by if g != other), key=str.casefold)
    names += [other] if other in by else []
    parts = [f"<h2>Teams by {escape(column)}</h2>"]
    for g in names:
        n = len(by[g])
        parts.append(f"<h3>{escape(g)} ({n} team{'' if n == 1 else 's'})</h3>")
        parts.append(_table(by[g], programme))
    return "\n".join(parts)


def index_html(
    programme: str,
    records: Sequence[ReportRecord],
    *,
    rules: str,
    synthetic: bool = False,
    groups: tuple[str, Mapping[str, str]] = ("", {}),
) -> str:
    """A clean, offline page listing every report with its status and any failure.

    ``synthetic`` (programme.yaml's ``synthetic``) adds the same SYNTHETIC DATA
    banner as the reports, so the front page cannot be mistaken for real results.
    ``groups`` (from :func:`team_groups`) lists the team reports under one heading per
    locality (or area, or topic); each team's row shows its aim's status and its
    measures counted by verdict, from the figures its report published.

    >>> ok = ReportRecord("team", "north", "North", "ok", "team-north.html", None, 1.0,
    ...                   figures={"aim_status": "met", "measures": {"d": "improvement"}})
    >>> page = index_html("D", [ok], rules="ihi", groups=("locality", {"north": "Elm PCN"}))
    >>> "<h3>Elm PCN (1 team)</h3>" in page, "<td>met</td><td>1 improvement</td>" in page
    (True, True)

    >>> "SYNTHETIC DATA" in index_html("Demo", [], rules="ihi", synthetic=True)
    True
    >>> "Chart rules: IHI run chart rules." in index_html("Demo", [], rules="ihi")
    True
    """
    from qiteach.reports.sections_common import rule_set_name

    banner = (
        '<div class="banner" role="note">SYNTHETIC DATA: made-up programme for demonstration; '
        "no real patients, staff or practices.</div>\n"
        if synthetic
        else ""
    )
    n_failed = sum(not r.ok for r in records)
    verdict = (
        f"All {len(records)} reports ran."
        if not n_failed
        else f"{len(records) - n_failed} of {len(records)} reports ran; {n_failed} failed."
    )
    programme_rows = [r for r in records if r.kind == "programme"]
    body = (_table(programme_rows) + "\n" if programme_rows else "") + _grouped(
        records, programme, *groups
    )
    title = escape(programme)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: reports</title>
<style>{_CSS}</style>
</head>
<body>
<main>
{banner}<h1>{title}</h1>
<p class="lead">Quality improvement reports. {escape(verdict)} Chart rules: \
{escape(rule_set_name(rules))}.</p>
{body}
</main>
</body>
</html>
"""


def _entry(rec: ReportRecord) -> dict[str, Any]:
    return {
        "title": rec.title,
        "status": rec.status,
        "html": rec.html,
        "notebook": rec.notebook,
        "pdf": rec.pdf,
        "error": rec.error,
        "cell": rec.cell,
        "execution_count": rec.execution_count,
        "figures": rec.figures,
    }


def summary_dict(programme: str, records: Sequence[ReportRecord], *, rules: str) -> dict[str, Any]:
    """Statuses and published key figures of every report, keyed by team id."""
    from qiteach import __version__

    prog = [r for r in records if r.kind == "programme"]
    return {
        "programme": programme,
        "rules": rules,
        "generated_by": f"qiteach {__version__}",
        "reports": len(records),
        "ok": sum(r.ok for r in records),
        "failed": sum(not r.ok for r in records),
        "programme_report": _entry(prog[0]) if prog else None,
        "teams": {r.report_id: _entry(r) for r in records if r.kind == "team"},
    }


def summary_json(programme: str, records: Sequence[ReportRecord], *, rules: str) -> str:
    """:func:`summary_dict` as indented UTF-8 JSON text."""
    data = summary_dict(programme, records, rules=rules)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
