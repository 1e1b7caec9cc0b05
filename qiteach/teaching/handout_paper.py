"""Paper versions of the exercise forms whose questions are not in the exercise's text.

On screen some exercises are answered in a form that lists what to answer (session 8's
ten sustainability factors, each rated at a level). The worksheet cannot show the form
(a widget), so :data:`PAPER_FORMS` gives, by the form's key, the HTML a participant
fills in with a pen instead; :mod:`qiteach.teaching.handout_pick` puts it where the
form's cell is. The content is read from its home (the factors and levels from
:mod:`qiteach.tools.sustainability`), never copied.

>>> form_key('sustain_form = answer_form("session08.sustainability")\\nsustain_form')
'session08.sustainability'
>>> form_key("x = 1") is None
True
>>> html = paper_form("session08.sustainability")
>>> html.count("<tr>"), html.count('class="qi-tick"')
(14, 40)
>>> paper_form("session01.aim") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

__all__ = ["PAPER_FORMS", "form_key", "paper_form", "sustainability_ratings"]

_FORM = re.compile(r"""\banswer_form\(\s*["'](?P<key>[\w.]+)["']""")


def form_key(source: str) -> str | None:
    """The key of the exercise form a code cell shows (``answer_form("...")``), if any."""
    found = _FORM.search(source)
    return found.group("key") if found else None


def sustainability_ratings() -> str:
    """The ten factors of the NHS Sustainability Model, grouped by domain, with a box to
    tick at each level."""
    from qiteach.tools.sustainability import LEVELS, factors_table

    levels = list(LEVELS)
    width = 12  # % of the page per level column; the factor takes the rest
    cols = f'<col style="width:{100 - width * len(levels)}%">' + "".join(
        f'<col style="width:{width}%">' for _ in levels
    )
    head = "<tr><th>Factor</th>" + "".join(f"<th>{escape(lv)}</th>" for lv in levels) + "</tr>"
    rows, domain = [], None
    for row in factors_table().itertuples(index=False):
        if row.domain != domain:
            domain = row.domain
            rows.append(f'<tr><th colspan="{len(levels) + 1}">{escape(domain.title())}</th></tr>')
        ticks = '<td class="qi-tick"></td>' * len(levels)
        rows.append(
            f"<tr><td><strong>{escape(row.factor)}</strong><br>{escape(row.question)}</td>"
            f"{ticks}</tr>"
        )
    return (
        "<p>Tick one level for each factor.</p>"
        f'<table class="qi-paper-form"><colgroup>{cols}</colgroup>'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


#: Form key -> the paper version of the form (HTML).
PAPER_FORMS: dict[str, Callable[[], str]] = {
    "session08.sustainability": sustainability_ratings,
}


def paper_form(key: str | None) -> str | None:
    """The paper version of form ``key``, or None when the exercise text says it all."""
    make = PAPER_FORMS.get(key or "")
    return make() if make else None
