"""Printed worksheets: picking cells (fast, from hand-made notebooks) and one real build (slow)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from qiteach.cli import main
from qiteach.cli.notebooks import ROOT
from qiteach.exceptions import NotebookError
from qiteach.teaching.handout import write_handouts
from qiteach.teaching.handout_html import TeamFacts, answer_lines, page_html
from qiteach.teaching.handout_pick import ANSWER_TAG, AnswerBox, Figure, Shown, bullets, pick

v4 = nbformat.v4
SESSIONS = ROOT / "notebooks" / "sessions"
FORM = (
    "**Answer in the form** and click **Check my answer**. If you prefer Python, the cell "
    "under the form takes the same answer and gives the same feedback."
)
WIDGET = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc"}, "text/plain": "W"}


def _png(data: str) -> nbformat.NotebookNode:
    return v4.new_output("display_data", data={"image/png": data, "text/plain": "<Figure>"})


def _notebook() -> nbformat.NotebookNode:
    """A small executed participant notebook with every kind of cell the picker meets."""
    return v4.new_notebook(
        cells=[
            v4.new_markdown_cell(
                "# Session 9 · Charts\n\nIntro.\n\n**By the end of this session you will be "
                "able to**\n- read a chart;\n- count runs.\n\n| part | time |\n|---|---|\n"
                "| a | 5 min |"
            ),
            v4.new_markdown_cell("## Your settings\nChange `team`."),
            v4.new_code_cell("team = 'north'", metadata={"tags": ["parameters"]}),
            v4.new_markdown_cell("## 1. Teaching (10 min)\n- a definition"),
            v4.new_code_cell("plot()", outputs=[_png("AAA"), v4.new_output("stream", text="x")]),
            v4.new_code_cell(
                "RedBeads().display()",
                outputs=[_png("WWW"), v4.new_output("display_data", data=WIDGET)],
            ),
            v4.new_markdown_cell("## 2. Only words\nNo chart here."),
            v4.new_markdown_cell(f"## Exercise 1: count (10 min)\n\nCount the runs.\n\n{FORM}"),
            v4.new_code_cell(
                "statements()",
                outputs=[v4.new_output("execute_result", data={"text/markdown": "1. A <b>"})],
            ),
            v4.new_code_cell("answer_form()", outputs=[v4.new_output("display_data", data=WIDGET)]),
            v4.new_code_cell(
                "my_count = None\ncheck(my_count)",
                metadata={"tags": [ANSWER_TAG]},
                outputs=[v4.new_output("execute_result", data={"text/markdown": "*Not yet*"})],
            ),
            v4.new_markdown_cell("Now see the answer drawn:"),
            v4.new_markdown_cell("Your map, drawn (after **Check my answer** in the form):"),
            v4.new_markdown_cell("**Trainer notes.** Untagged but still a trainer note."),
            v4.new_markdown_cell("Answer: 7", metadata={"tags": ["solution"]}),
            v4.new_markdown_cell("Tip for trainers", metadata={"tags": ["trainer"]}),
            v4.new_markdown_cell("## Exercise 2: your chart\n\nHere it is."),
            v4.new_code_cell("plot_team()", outputs=[_png("BBB")]),
            v4.new_markdown_cell("Which rule fired?"),
            v4.new_markdown_cell(
                "## Wrap-up\n- Runs matter;\n  so do crossings.\n- Ask why.\n\n"
                "**Before next session:** bring data."
            ),
        ]
    )


def test_pick_keeps_title_objectives_and_key_points() -> None:
    sheet = pick(_notebook())
    assert sheet.title == "Session 9 · Charts"
    assert sheet.objectives == ("read a chart;", "count runs.")
    assert sheet.key_points == ("Runs matter; so do crossings.", "Ask why.")
    assert sheet.notes == ("**Before next session:** bring data.",)


def test_pick_keeps_exercises_in_order_without_screen_only_text() -> None:
    sections = pick(_notebook()).sections
    assert [s.heading for s in sections] == [
        "1. Teaching (10 min)",
        "Exercise 1: count (10 min)",
        "Exercise 2: your chart",
    ]
    first, second = sections[1], sections[2]
    assert first.exercise and first.minutes == 10
    # the box takes the answer cell's place: what follows it (an answer drawn) stays after it
    assert first.parts == (
        "Count the runs.",
        Shown("markdown", "1. A <b>"),
        AnswerBox(),
        "Now see the answer drawn:",
    )
    assert second.minutes is None
    assert second.parts == (
        "Here it is.",
        Figure("Exercise 2: your chart", "BBB"),
        "Which rule fired?",
        AnswerBox(),
    )


def test_pick_keeps_charts_under_their_heading_but_not_widgets_or_teaching_text() -> None:
    teaching = pick(_notebook()).sections[0]
    assert not teaching.exercise
    assert teaching.parts == (Figure("1. Teaching (10 min)", "AAA"),)


def test_key_points_fall_back_to_the_objectives_without_wrap_up_bullets() -> None:
    nb = _notebook()
    nb.cells[-1].source = "## Wrap-up\n\n**Before session 5:** agree your definitions."
    sheet = pick(nb)
    assert sheet.key_points == sheet.objectives
    assert sheet.notes == ("**Before session 5:** agree your definitions.",)


def test_pick_refuses_a_notebook_without_markdown() -> None:
    with pytest.raises(NotebookError, match="session title"):
        pick(v4.new_notebook(cells=[v4.new_code_cell("x = 1")]))


def test_bullets_join_continuations_and_skip_other_text() -> None:
    assert bullets("a\n- one\n  more\nb\n2) two") == ["one more", "two"]


def test_page_has_an_answer_box_per_exercise_and_nothing_to_fetch() -> None:
    facts = TeamFacts(
        "north", "North <Locality>", "Elm Surgery", "", "Fewer DNAs", "Demo", "SYNTHETIC: made up."
    )
    html = page_html(pick(_notebook()), facts)
    assert html.count('class="qi-answer"') == 2
    assert html.index('class="qi-answer"') < html.index("Now see the answer drawn:")
    assert html.count('<div class="line"></div>') == answer_lines(10) + answer_lines(None)
    assert "North &lt;Locality&gt;" in html and "Elm Surgery" in html
    assert 'class="qi-banner"' in html
    assert "Count the runs." in html and "Answer in the form" not in html
    assert "Fewer DNAs" in html and "Project" not in html
    assert '<div class="qi-output"><ol>\n<li>A &lt;b&gt;</li>' in html and "Not yet" not in html
    assert "Trainer notes" not in html and "Answer: 7" not in html and "WWW" not in html
    assert "<script" not in html and not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert re.findall(r'src="([^"]{5})', html) == ["data:"] * 2


def test_answer_lines_grow_with_the_exercise_time() -> None:
    assert [answer_lines(m) for m in (None, 3, 5, 10, 15, 60)] == [7, 5, 5, 8, 10, 14]


def test_unknown_session_is_one_line_naming_the_choices(tmp_path: Path, capsys) -> None:
    code = main(["notebooks", "handout", "--session", "42", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "have: 1, 2, 3" in err
    assert list(tmp_path.iterdir()) == []


def test_unknown_team_is_one_line_before_anything_runs(tmp_path: Path, capsys) -> None:
    code = main(
        ["notebooks", "handout", "--session", "6", "--team", "nroth", "--out", str(tmp_path)]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "north" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- one real build
def _flat(text: str) -> str:
    """Text without markdown marks, whitespace collapsed (PDF text breaks lines anywhere)."""
    return re.sub(r"\s+", " ", re.sub(r"[*`_]", "", text)).strip()


def _mm_to_px(mm: str) -> float:
    return float(mm.removesuffix("mm")) * 96 / 25.4


@pytest.mark.slow
def test_session_6_worksheet_for_north(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    from qiteach.reports.pdf import LAUNCH_ARGS, PAGE_MARGIN, which_chromium

    [master_path] = SESSIONS.glob("06-*.ipynb")
    [printed] = write_handouts(
        [master_path], workspace="demo-programme", teams=["north"], out=tmp_path
    )
    pdf = printed.path
    assert pdf == tmp_path / "06-variation-and-run-charts-north.pdf"
    assert printed.blocked == []  # the page asked the network for nothing
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert "<script" not in html and not re.search(r"""(src|href)=["']?(https?:)?//""", html)

    text = _flat(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    pages = len(PdfReader(pdf).pages)
    master = nbformat.read(master_path, as_version=4)
    titles = [
        c.source.splitlines()[0][3:]
        for c in master.cells
        if c.cell_type == "markdown" and c.source.startswith("## Exercise")
    ]
    assert len(titles) >= 4  # session 6 had four exercises, then five: read them, do not pin
    charts = html.count("data:image/png;base64,")
    assert charts >= 3  # red beads, same-day requests, the team's own run chart (at least)
    # Each exercise is a few lines of text and a box of 5-8 ruled lines (45-72 mm): about a
    # third of a page; each chart about 100 mm; the header and objectives half a page. Five
    # exercises and four charts are about 3.5 pages of content; keeping blocks whole (an
    # exercise with its box, a paragraph with its chart) leaves gaps. So: at least 3 pages
    # (fewer means boxes or charts went missing) and at most one page per exercise plus one
    # for the header and one for the key points (more means a page per block or a runaway).
    assert 3 <= pages <= len(titles) + 2
    for title in titles:
        assert _flat(title) in text
    assert "North Locality" in text
    assert "Model answer" not in text and "Trainer note" not in text
    hidden = [
        c.source for c in master.cells if {"trainer", "solution"} & set(c.metadata.get("tags", []))
    ]
    assert hidden
    for source in hidden:
        assert _flat(source)[:60] not in text

    # The A4 content box: the page's width less PdfPrinter's left and right margins.
    width = round(
        _mm_to_px("210mm") - _mm_to_px(PAGE_MARGIN["left"]) - _mm_to_px(PAGE_MARGIN["right"])
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=which_chromium(), args=list(LAUNCH_ARGS))
        try:
            page = browser.new_page(viewport={"width": width, "height": 1100})
            page.route("**/*", lambda route: route.abort())
            page.emulate_media(media="print")
            page.set_content(html, wait_until="load")
            page.wait_for_function(
                "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)",
                timeout=60_000,
            )
            body = page.evaluate("() => [document.body.scrollWidth, document.body.clientWidth]")
            boxes = page.evaluate(
                "() => [...document.querySelectorAll('table, img')].map(e => {"
                " const r = e.getBoundingClientRect(); return [e.tagName, r.left, r.right]; })"
            )
        finally:
            browser.close()
    assert body[0] <= body[1] <= width
    assert sum(tag == "IMG" for tag, _, _ in boxes) == charts
    for tag, left, right in boxes:
        assert left >= 0 and right <= body[1] + 0.5, (tag, left, right)


def _form_exercise(form: str) -> nbformat.NotebookNode:
    """An executed exercise answered in ``form``, then a cell drawing the typed answer."""
    return v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# Session 8 · Sustain"),
            v4.new_markdown_cell(
                f"## Exercise 3: will it last? (10 min)\n\nRate each factor.\n\n{FORM}"
            ),
            v4.new_code_cell(
                f'sustain_form = answer_form("{form}")\nsustain_form',
                outputs=[v4.new_output("display_data", data=WIDGET)],
            ),
            v4.new_code_cell("my_assessment = None", metadata={"tags": [ANSWER_TAG]}),
            v4.new_code_cell(
                "mine = my_assessment if my_assessment is not None else sustain_form.answer\n"
                "if check(mine).passed:\n    plot(mine)\nelse:\n    print('Rate all ten factors')",
                outputs=[v4.new_output("stream", text="Rate all ten factors, then run this cell.")],
            ),
        ]
    )


def test_the_sustainability_form_is_a_table_to_tick_on_paper() -> None:
    from qiteach.tools.sustainability import FACTORS, LEVELS

    (section,) = pick(_form_exercise("session08.sustainability")).sections
    assert [type(p).__name__ for p in section.parts] == ["str", "Shown", "AnswerBox"]
    table = section.parts[1]
    assert isinstance(table, Shown) and table.kind == "html"
    for factor in FACTORS:
        assert f"<strong>{factor.name.replace(chr(39), '&#x27;')}</strong>" in table.body
    for level in LEVELS:
        assert f"<th>{level}</th>" in table.body
    assert table.body.count('class="qi-tick"') == len(FACTORS) * len(LEVELS)
    facts = TeamFacts("north", "North", "", "", "", "Demo", "")
    html = page_html(pick(_form_exercise("session08.sustainability")), facts)
    assert "Senior leadership engagement" in html and "Rate all ten factors" not in html


def test_a_widget_with_a_drawing_for_paper_prints_that_drawing() -> None:
    bundle = {**WIDGET, "image/png": "CCC"}  # what WidgetBase.display sends with paper_png
    nb = _notebook()
    box = v4.new_code_cell("CharterBox(workspace, team).display()",
                           outputs=[v4.new_output("display_data", data=bundle)])  # fmt: skip
    nb.cells.insert(5, box)
    teaching = pick(nb).sections[0]
    assert teaching.parts == (Figure("1. Teaching (10 min)", "AAA"),
                              Figure("1. Teaching (10 min)", "CCC"))  # fmt: skip


def test_a_form_without_a_paper_version_and_the_typed_answer_show_nothing() -> None:
    (section,) = pick(_form_exercise("session01.aim")).sections
    assert section.parts == ("Rate each factor.", AnswerBox())
