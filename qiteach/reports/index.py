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
from collections.abc import Sequence
from html import escape
from typing import Any

from qiteach.reports.worker import ReportRecord

__all__ = ["index_html", "summary_dict", "summary_json"]

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1a1a1a;
       max-width: 1000px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
p.lead { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
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


def _report_row(rec: ReportRecord) -> str:
    name = escape(rec.title)
    link = f'<a href="{escape(rec.html)}">{name}</a>' if rec.html else name
    if rec.pdf:
        link += f' · <a href="{escape(rec.pdf)}" type="application/pdf">PDF</a>'
    notebook = f'<a href="{escape(rec.notebook)}">notebook</a>' if rec.notebook else ""
    status = "ok" if rec.ok else "failed"
    problem = f"<code>{escape(rec.problem())}</code>" if not rec.ok else ""
    kind = "Programme" if rec.kind == "programme" else "Team"
    return (
        f"<tr><td>{link}</td><td>{kind}</td>"
        f'<td><span class="status {status}">{status}</span></td>'
        f"<td>{notebook}</td><td>{problem}</td></tr>"
    )


def index_html(
    programme: str, records: Sequence[ReportRecord], *, rules: str, synthetic: bool = False
) -> str:
    """A clean, offline page listing every report with its status and any failure.

    ``synthetic`` (programme.yaml's ``synthetic``) adds the same SYNTHETIC DATA
    banner as the reports, so the front page cannot be mistaken for real results.

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
    rows = "\n".join(_report_row(r) for r in records)
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
<table>
<thead><tr><th scope="col">Report</th><th scope="col">Kind</th><th scope="col">Status</th>
<th scope="col">Executed notebook</th><th scope="col">Problem</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
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
