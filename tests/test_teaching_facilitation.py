"""Facilitation plans (qiteach.teaching.facilitation, facilitation_page, ``notebooks plan``):
every shipped plan fits a half-day and takes its notebook parts from the master; clock times
by hand; one-line errors for bad plans; session 2 printed to PDF and read back."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from qiteach.cli import main
from qiteach.exceptions import InputError, NotebookError
from qiteach.teaching.facilitation import (
    DAY_MINUTES,
    MODES,
    load_plan,
    parse_timing,
    plan_path,
    plan_sessions,
    read_master,
    schedule,
)
from qiteach.teaching.facilitation_page import plan_html

ROOT = Path(__file__).resolve().parents[1]
MASTERS = ROOT / "notebooks" / "sessions"
SESSIONS = list(range(1, 9))


def _master_path(session: int) -> Path:
    return next(MASTERS.glob(f"{session:02d}-*.ipynb"))


def _table_by_test(session: int) -> list[tuple[str, int]]:
    """The master's timing table, read here with a regex of the test's own (not the module's)."""
    nb = json.loads(_master_path(session).read_text(encoding="utf-8"))
    text = "".join(nb["cells"][0]["source"])
    rows = re.findall(r"^\| ([^|*][^|]*?) \| (\d+) min \|$", text, flags=re.M)
    return [(title, int(m)) for title, m in rows]


def _plan(session: int):
    return load_plan(plan_path(session), read_master(_master_path(session)))


def test_every_session_has_a_plan() -> None:
    assert plan_sessions() == SESSIONS


@pytest.mark.parametrize("session", SESSIONS)
def test_day_is_a_half_day(session: int) -> None:
    plan = _plan(session)
    total = sum(b.minutes for b in plan.blocks)
    assert 180 <= total <= 210 and DAY_MINUTES == (180, 210)
    assert plan.minutes == total
    assert schedule(plan).slots[0].start == "09:30"
    kinds = {b.title.split(" ")[0].lower() for b in plan.blocks}
    assert {"arrival,", "break", "team", "sharing", "close"} <= kinds
    assert all(b.mode in MODES or b.is_notebook for b in plan.blocks)


@pytest.mark.parametrize("session", SESSIONS)
def test_notebook_parts_equal_the_masters_table(session: int) -> None:
    by_test = _table_by_test(session)
    assert len(by_test) >= 6
    plan = _plan(session)
    merged = [(p.title, p.minutes) for b in plan.blocks for p, _mode in b.parts]
    assert merged == by_test
    notebook = sum(b.minutes for b in plan.blocks if b.is_notebook)
    assert notebook == sum(m for _t, m in by_test) == plan.master.total


def test_session_2_clock_by_hand() -> None:
    day = schedule(_plan(2), "09:30")
    blocks = [(s.start, s.end, s.title) for s in day.slots if not s.is_part]
    # 10 + 20 + (10+10+10+20) + 15 + (20+25+5) + 35 + 10 + 10 = 200 min, worked out by hand
    assert [(a, b) for a, b, _t in blocks] == [
        ("09:30", "09:40"),
        ("09:40", "10:00"),
        ("10:00", "10:50"),
        ("10:50", "11:05"),
        ("11:05", "11:55"),
        ("11:55", "12:30"),
        ("12:30", "12:40"),
        ("12:40", "12:50"),
    ]
    parts = [(s.start, s.title) for s in day.slots if s.is_part]
    assert parts[3] == ("10:30", "Cause-and-effect diagram + Exercise 2: add causes")
    assert parts[5] == ("11:25", "Process mapping + Exercise 4: map a process")
    assert (day.start, day.end, day.minutes) == ("09:30", "12:50", 200)
    afternoon = schedule(_plan(2), "13:15")
    assert (afternoon.slots[-1].start, afternoon.end) == ("16:25", "16:35")


def _edited_master(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of session 2's master in ``tmp_path/sessions`` with its timing table edited."""
    nb = json.loads(_master_path(2).read_text(encoding="utf-8"))
    text = "".join(nb["cells"][0]["source"])
    assert old in text
    nb["cells"][0]["source"] = text.replace(old, new)
    path = tmp_path / "sessions" / _master_path(2).name
    path.parent.mkdir()
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_plan_follows_the_master(tmp_path: Path) -> None:
    """Change a part's minutes in the master: the plan's block, day and clock follow."""
    edited = _edited_master(
        tmp_path,
        "| Demonstration: requests, carve-out and the queue | 10 min |\n",
        "| Demonstration: requests, carve-out and the queue | 15 min |\n",
    )
    text = edited.read_text(encoding="utf-8").replace(
        "**Total** | **100 min**", "**Total** | **105 min**"
    )
    edited.write_text(text, encoding="utf-8")
    plan = load_plan(plan_path(2), read_master(edited))
    assert plan.blocks[2].minutes == 55 and plan.minutes == 205
    assert schedule(plan).end == "12:55"


def test_cli_refuses_a_plan_the_master_outgrew(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The master loses its wrap-up row: the plan no longer fits, one line, nothing written."""
    _edited_master(
        tmp_path,
        "| Wrap-up: apply it to your project | 5 min |\n| **Total** | **100 min** |",
        "| **Total** | **95 min** |",
    )
    out = tmp_path / "out"
    code = main(["notebooks", "plan", "--root", str(tmp_path), "--session", "2", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert (
        '02.yaml: block 5 "Notebook: Pareto, process mapping and wrap-up": notebook parts 5-7'
        in err
    )
    assert "(fix: " in err
    assert not out.exists()


# -- bad plans ---------------------------------------------------------------------------------
MASTER_TEXT = """| part | time |
|---|---|
| Theory | 30 min |
| Exercise | 40 min |
| Wrap-up | 10 min |
| **Total** | **80 min** |"""


def _master(tmp_path: Path):
    nb = {"cells": [{"cell_type": "markdown", "source": "# Session 9 · Test\n" + MASTER_TEXT}]}
    path = tmp_path / "09-test.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return read_master(path)


def _good() -> dict:
    return {
        "session": 9,
        "blocks": [
            {"title": "Welcome", "minutes": 30, "mode": "whole-room", "how": "Hello."},
            {
                "title": "Part one",
                "notebook": "1-2",
                "modes": ["projector", "hands-on"],
                "how": "Show then do.",
            },
            {"title": "Break", "minutes": 15, "mode": "break", "how": "Tea."},
            {"title": "Team time", "minutes": 50, "mode": "group", "how": "Teams."},
            {"notebook": 3, "modes": ["whole-room"], "how": "Round up."},
            {"title": "Close", "minutes": 10, "mode": "whole-room", "how": "Forms."},
        ],
        "room": ["Tables"],
        "materials": ["Laptops"],
        "action_tasks": ["Test a change"],
        "bring_data": ["Counts"],
    }


def test_good_small_plan(tmp_path: Path) -> None:
    plan = load_plan(yaml.safe_dump(_good()), _master(tmp_path), name="09.yaml")
    assert plan.minutes == 185
    assert [b.minutes for b in plan.blocks] == [30, 70, 15, 50, 10, 10]


def _broken(change) -> dict:
    raw = _good()
    change(raw)
    return raw


BAD = {
    "unknown mode": (
        lambda r: r["blocks"][0].update(mode="lecture"),
        "09.yaml: block 1 \"Welcome\": unknown mode 'lecture' (fix: use one of projector",
    ),
    "minutes typed on a notebook block": (
        lambda r: r["blocks"][1].update(minutes=70),
        '09.yaml: block 2 "Part one": a notebook block takes its minutes from the master',
    ),
    "a part left out": (
        lambda r: r["blocks"].pop(4),
        "09.yaml: notebook parts 3-3 of 09-test are in no block (fix: add a block with notebook",
    ),
    "parts out of order": (
        lambda r: r["blocks"][1].update(notebook="2-3", modes=["projector", "group"]),
        '09.yaml: block 2 "Part one": notebook parts 2-3 do not follow on',
    ),
    "one mode too few": (
        lambda r: r["blocks"][1].update(modes=["projector"]),
        '09.yaml: block 2 "Part one": modes must list one mode per notebook part (2 parts)',
    ),
    "minutes not a number": (
        lambda r: r["blocks"][2].update(minutes="ten"),
        "09.yaml: block 3 \"Break\": minutes must be a whole number above 0, got 'ten'",
    ),
    "day too short": (
        lambda r: r["blocks"][3].update(minutes=20),
        "09.yaml: the day lasts 155 min (notebook 80), outside the half-day's 180-210 min",
    ),
    "no how": (
        lambda r: r["blocks"][3].pop("how"),
        '09.yaml: block 4 "Team time": how is missing (fix: say in a sentence',
    ),
    "wrong session": (
        lambda r: r.update(session=3),
        "09.yaml: session is 3 but the master is 09-test (fix: write session: 9)",
    ),
    "no action tasks": (
        lambda r: r.pop("action_tasks"),
        "09.yaml: action_tasks must be a list of sentences (fix: list what teams do",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_plan_is_one_line(tmp_path: Path, case: str) -> None:
    change, start = BAD[case]
    with pytest.raises(InputError) as err:
        load_plan(yaml.safe_dump(_broken(change)), _master(tmp_path), name="09.yaml")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(start), message
    assert "(fix: " in message


def test_bad_yaml_and_bad_table(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^09.yaml: not valid YAML at line 3"):
        load_plan("session: 9\nblocks: [\n  - : :", _master(tmp_path), name="09.yaml")
    with pytest.raises(NotebookError, match="add up to 70 min but the Total row says 80"):
        parse_timing(MASTER_TEXT.replace("40 min", "30 min"), name="09-test.ipynb")
    with pytest.raises(NotebookError, match=r'timing row "Exercise" has time "40 minutes"'):
        parse_timing(MASTER_TEXT.replace("40 min", "40 minutes"), name="09-test.ipynb")


def test_cli_bad_start_and_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notebooks", "plan", "--start", "9.30", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and '"9.30" is not a time' in err
    assert main(["notebooks", "plan", "--session", "99", "--out", str(tmp_path)]) == 2
    assert "--session 99: no such session" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_page_has_no_network_and_every_block(tmp_path: Path) -> None:
    day = schedule(_plan(6), "09:00")
    page = plan_html(day)
    assert "http://" not in page and "https://" not in page and "<script" not in page
    for slot in day.slots:
        assert f"{slot.start}–{slot.end}" in page
    for task in day.plan.tasks:
        assert task.replace('"', "&quot;") in page


# -- printed -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_session_2_prints_to_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pypdf = pytest.importorskip("pypdf")
    from qiteach.reports.pdf import PdfPrinter, which_chromium

    if which_chromium() is None:
        pytest.skip("no Chromium on this machine")
    day = schedule(_plan(2), "09:30")
    with PdfPrinter() as printer:
        printed = printer.print(plan_html(day), tmp_path / "02.pdf")
    assert printed.blocked == []
    reader = pypdf.PdfReader(str(printed.path))
    assert 1 <= len(reader.pages) <= 3
    raw = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))  # "ﬀ" ligatures -> "ff"
    squashed = text.replace(" ", "")
    for slot in day.slots:
        if slot.is_part:
            continue
        assert slot.title.replace(" ", "") in squashed, slot.title
        assert slot.start in text, slot.start
    assert "Page 1 of" in text
    # and the command writes both files where it says
    out = tmp_path / "plans"
    assert main(["notebooks", "plan", "--session", "2", "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "02-understanding-the-system-plan.html",
        "02-understanding-the-system-plan.pdf",
    ]
    assert "12:50" in capsys.readouterr().out
