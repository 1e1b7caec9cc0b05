"""``python -m qiteach.demo`` end to end in a subprocess, into a temporary folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qiteach.demo import ENV_OUT, output_dir
from qiteach.reports.render import external_references

TEAMS = ("north", "west", "south")


def _demo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qiteach.demo", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def test_output_dir_prefers_option_then_environment():
    assert output_dir("a", {ENV_OUT: "b"}) == Path("a")
    assert output_dir(None, {ENV_OUT: "b"}) == Path("b")
    assert output_dir(None, {}) == Path("build") / "reports"


def test_unknown_dataset_is_one_line_and_exit_code_2(tmp_path):
    run = _demo("--dataset", "no-such-programme", "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1].startswith("qiteach demo: ")
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_demo_builds_every_report_offline(tmp_path):
    out = tmp_path / "reports"
    run = _demo(env={ENV_OUT: str(out)})
    assert run.returncode == 0, run.stderr
    index = out / "index.html"
    assert run.stdout.strip().splitlines()[-1] == str(index.resolve())
    assert "4 of 4 reports built" in run.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["failed"] == 0 and sorted(summary["teams"]) == sorted(TEAMS)
    pages = [index, out / "programme.html", *(out / f"team-{t}.html" for t in TEAMS)]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert external_references(text) == [], page.name
        # no resource of any kind is fetched over http(s): only data: URIs and local links
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text), page.name
    page = index.read_text()
    for team in TEAMS:
        assert f'href="team-{team}.html"' in page
    # the index groups the teams by locality, each with its own report's aim status and
    # its measures counted by verdict, as that report published them in summary.json
    from qiteach.reports.index import measure_verdicts

    assert "<h2>Teams by locality</h2>" in page
    for team, locality in zip(TEAMS, ("North", "West", "South"), strict=True):
        figures = summary["teams"][team]["figures"]
        section = page.split(f"<h3>{locality} (1 team)</h3>")[1].split("</table>")[0]
        assert f'href="team-{team}.html"' in section
        assert f"<td>{figures['aim_status']}</td><td>{measure_verdicts(figures)}</td>" in section
        assert measure_verdicts(figures)  # every demo team has judged measures
