"""Building blocks of the team and programme report notebooks, in one namespace.

The notebooks import this module as ``S`` and stay thin. The functions live in
focused modules, re-exported here:

* :mod:`qiteach.reports.html` — escaping, paragraphs, lists, tables, CSS;
* :mod:`qiteach.reports.sections_common` — banner, data date, attendance;
* :mod:`qiteach.reports.sections_team` — the team report's sections;
* :mod:`qiteach.reports.sections_programme` — the programme report's sections;
* :mod:`qiteach.reports.sections_summary` — its summary page, breakdowns, change ideas
  and balancing measures.

Figures are shown with :func:`qiteach.reports.show_figure` (PNG with alt text).

>>> from qiteach.reports import sections as S
>>> S.paragraph("Aim <met>")
'<p class="qi-text">Aim &lt;met&gt;</p>'
"""

from __future__ import annotations

from qiteach.reports.html import (
    REPORT_CSS,
    esc,
    html_table,
    paragraph,
    plain_alt,
    text_list,
)
from qiteach.reports.sections_common import (
    as_of_date,
    attendance_table,
    banner,
    rule_set_name,
)
from qiteach.reports.sections_programme import (
    KeyFigures,
    attendance_html,
    its_html,
    key_figures,
    kirkpatrick_figures,
    kirkpatrick_html,
    measured_learning_html,
    programme_header,
    programme_pdsa_html,
    programme_progress_html,
    roles_html,
    small_multiples,
    survey_html,
)
from qiteach.reports.sections_summary import (
    balancing_programme_html,
    breakdowns_html,
    funnels_html,
    ideas_html,
    mdc_matrix_html,
    summary_html,
    team_results_html,
)
from qiteach.reports.sections_team import (
    MeasureSection,
    aim_html,
    balancing_html,
    driver_figure,
    learning_html,
    measure_sections,
    measure_table,
    narrative_html,
    pdsa_html,
    progress_html,
    roles_table,
    team_header,
)

__all__ = [
    "REPORT_CSS",
    "KeyFigures",
    "MeasureSection",
    "aim_html",
    "as_of_date",
    "attendance_html",
    "attendance_table",
    "balancing_html",
    "balancing_programme_html",
    "banner",
    "breakdowns_html",
    "driver_figure",
    "esc",
    "funnels_html",
    "html_table",
    "ideas_html",
    "its_html",
    "key_figures",
    "kirkpatrick_figures",
    "kirkpatrick_html",
    "learning_html",
    "mdc_matrix_html",
    "measure_sections",
    "measure_table",
    "measured_learning_html",
    "narrative_html",
    "paragraph",
    "pdsa_html",
    "plain_alt",
    "programme_header",
    "programme_pdsa_html",
    "programme_progress_html",
    "progress_html",
    "roles_html",
    "roles_table",
    "rule_set_name",
    "small_multiples",
    "summary_html",
    "survey_html",
    "team_header",
    "team_results_html",
    "text_list",
]
