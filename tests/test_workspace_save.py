"""Saving into a workspace: each operation, refusals, history, undo, and concurrent saves."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qiteach.datasets import dataset_path
from qiteach.exceptions import SaveRefused
from qiteach.workspace import open_workspace, validate_workspace
from qiteach.workspace.save import (
    HISTORY_FILE,
    LOCK_FILE,
    OPERATIONS,
    add_pdsa_cycle,
    read_history,
    save_aim,
    save_drivers,
    save_measures,
    save_progress,
    undo_last,
    workspace_lock,
)
from qiteach.workspace.schema import HISTORY

DATA = ("teams", "drivers", "measures", "pdsa", "progress", "measurements", "participants")


@pytest.fixture
def ws(tmp_path):
    """A writable copy of the shipped demo programme (three teams)."""
    return Path(shutil.copytree(dataset_path("demo-programme"), tmp_path / "ws"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (the empty lock file a save creates is not the workspace's data)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != LOCK_FILE
    }


def rows(folder: Path, table: str, team: str | None = None) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        out = list(csv.DictReader(fh))
    return [r for r in out if team is None or r["team_id"] == team]


def other_teams(folder: Path, table: str, team: str) -> list[dict[str, str]]:
    return [r for r in rows(folder, table) if r["team_id"] != team]


def test_registry_has_the_contract_operations():
    assert {
        "save_aim",
        "save_drivers",
        "add_pdsa_cycle",
        "save_measures",
        "save_progress",
        "undo_last",
    } <= set(OPERATIONS)


# ----------------------------------------------------------------------------- save_aim
def test_save_aim_changes_only_that_cell_and_is_recorded(ws):
    before_other = other_teams(ws, "teams", "west")
    before_west = rows(ws, "teams", "west")[0]
    aim = "Increase flu vaccinations for over-65s at Ash Surgery from 70% to 80% by 31 Jan 2027"
    r = save_aim(ws, "west", user="p05", aim=aim)
    assert r.message == "Saved: West Locality's aim."
    assert (r.table, r.team, r.rows) == ("teams", "west", 1)
    west = rows(ws, "teams", "west")[0]
    assert west["aim"] == aim
    assert {k: v for k, v in west.items() if k != "aim"} == {
        k: v for k, v in before_west.items() if k != "aim"
    }
    assert other_teams(ws, "teams", "west") == before_other
    assert validate_workspace(ws).ok
    (h,) = read_history(ws)
    assert (h["change_id"], h["user"], h["operation"], h["team_id"], h["table"]) == (
        1,
        "p05",
        "save_aim",
        "west",
        "teams",
    )
    assert h["before"][0]["aim"] == before_west["aim"] and h["after"][0]["aim"] == aim
    assert h["time"].endswith("+00:00")


def test_saving_the_same_again_changes_nothing_and_is_not_recorded(ws):
    aim = rows(ws, "teams", "north")[0]["aim"]
    before = snapshot(ws)
    r = save_aim(ws, "north", user="p01", aim=aim)
    assert r.message == "Nothing to save: North Locality's teams.csv already holds this."
    assert snapshot(ws) == before


def test_undo_restores_the_file_content(ws):
    original = (ws / "teams.csv").read_text(encoding="utf-8")
    save_aim(ws, "north", user="p01", aim="Reduce DNAs at Elm Surgery from 8% to 4% by May 2026")
    u = undo_last(ws, "north", user="p02")
    assert u.message.startswith("Undone: save_aim by p01 at ")
    assert rows(ws, "teams") == list(csv.DictReader(original.splitlines()))
    hist = read_history(ws)
    assert [h["operation"] for h in hist] == ["save_aim", "undo_last"]
    assert hist[1]["undoes"] == 1 and hist[1]["user"] == "p02"
    with pytest.raises(SaveRefused, match=r"^Nothing to undo: North Locality"):
        undo_last(ws, "north", user="p02")


def test_undo_steps_back_through_several_changes_of_one_team(ws):
    first = rows(ws, "teams", "north")[0]["aim"]
    save_aim(ws, "north", user="a", aim="Aim two for Elm Surgery from 8% to 6% by May 2026")
    save_progress(ws, "south", user="s", rows=[{"date": "2026-09-15", "score": 3}])
    save_aim(ws, "north", user="b", aim="Aim three for Elm Surgery from 8% to 5% by May 2026")
    undo_last(ws, "north", user="c")
    assert rows(ws, "teams", "north")[0]["aim"].startswith("Aim two")
    undo_last(ws, "north", user="c")
    assert rows(ws, "teams", "north")[0]["aim"] == first
    assert (
        len(rows(ws, "progress", "south"))
        == len([r for r in rows(shutil_src(), "progress") if r["team_id"] == "south"]) + 1
    )  # south's save is not north's to undo


def shutil_src() -> Path:
    return dataset_path("demo-programme")


def test_undo_refuses_when_rows_were_changed_by_hand(ws):
    save_aim(ws, "north", user="p01", aim="Reduce DNAs at Elm Surgery from 8% to 4% by May 2026")
    text = (ws / "teams.csv").read_text(encoding="utf-8").replace("from 8% to 4%", "from 9% to 4%")
    (ws / "teams.csv").write_text(text, encoding="utf-8")
    before = snapshot(ws)
    with pytest.raises(SaveRefused, match=r"^Not undone: North Locality's rows of teams\.csv"):
        undo_last(ws, "north", user="p01")
    assert snapshot(ws) == before


# ----------------------------------------------------------------------------- drivers
def test_save_drivers_replaces_the_team_diagram(ws):
    other = other_teams(ws, "drivers", "north")
    diagram = [{k: v for k, v in r.items() if k != "team_id"} for r in rows(ws, "drivers", "north")]
    diagram.append(
        {
            "node_id": "CI9",
            "parent_id": "S1",
            "kind": "change_idea",
            "text": "Two-way SMS",
            "link": "weak",
        }
    )
    diagram[0]["text"] = diagram[0]["text"] + " (reworded)"
    r = save_drivers(ws, "north", user="p01", rows=diagram)
    assert r.message == (
        f"Saved: North Locality's driver diagram, {len(diagram)} boxes (1 box added, 1 changed)."
    )
    assert r.rows == len(diagram)
    saved = rows(ws, "drivers", "north")
    assert [x["node_id"] for x in saved] == [d["node_id"] for d in diagram]
    assert saved[-1]["text"] == "Two-way SMS"
    assert other_teams(ws, "drivers", "north") == other
    assert validate_workspace(ws).ok
    team = open_workspace(ws).team("north")
    assert "CI9" in set(team.drivers["node_id"])


def test_save_drivers_for_a_new_team_appends_its_boxes(fresh_workspace):
    r = save_drivers(
        fresh_workspace,
        "east",
        user="e01",
        rows=[
            {"node_id": "P1", "parent_id": None, "kind": "primary", "text": "Requests flow"},
            {"node_id": "S1", "parent_id": "P1", "kind": "secondary", "text": "One inbox"},
            {"node_id": "C1", "parent_id": "S1", "kind": "change_idea", "text": "Online form"},
        ],
    )
    assert r.message == "Saved: East PCN's driver diagram, 3 boxes (3 boxes added)."
    assert r.rows == 3
    assert [x["node_id"] for x in rows(fresh_workspace, "drivers", "east")] == ["P1", "S1", "C1"]
    assert validate_workspace(fresh_workspace).ok


def test_an_invalid_diagram_is_refused_and_nothing_changes(ws):
    before = snapshot(ws)
    bad = [{"node_id": "S7", "parent_id": "P99", "kind": "secondary", "text": "Orphan box"}]
    keep = [{k: v for k, v in r.items() if k != "team_id"} for r in rows(ws, "drivers", "west")]
    with pytest.raises(SaveRefused) as err:
        save_drivers(ws, "west", user="p05", rows=keep + bad)
    msg = str(err.value)
    assert msg.startswith("Not saved: drivers.csv:") and "P99" in msg and "\n" not in msg
    assert snapshot(ws) == before  # byte-identical, no history written
    assert not (ws / HISTORY_FILE).exists()


def test_removing_a_tested_change_idea_needs_confirmation_and_undo_brings_all_back(ws):
    before = snapshot(ws)
    north = rows(ws, "drivers", "north")
    tested = [r["node_id"] for r in rows(ws, "pdsa", "north")]
    tracked = {r["node_id"] for r in rows(ws, "measures", "north")}
    victim = next(n for n in tested if n in tracked)  # tested by cycles and tracked by a measure
    kept = [{k: v for k, v in r.items() if k != "team_id"} for r in north if r["node_id"] != victim]
    with pytest.raises(SaveRefused, match=rf"PDSA cycles .* and measures .* use {victim}"):
        save_drivers(ws, "north", user="p01", rows=kept)
    assert snapshot(ws) == before
    r = save_drivers(ws, "north", user="p01", rows=kept, confirmed=True)
    n_cycles = tested.count(victim)
    n_measures = sum(1 for m in rows(ws, "measures", "north") if m["node_id"] == "") - sum(
        1 for m in rows(shutil_src(), "measures", "north") if m["node_id"] == ""
    )
    assert r.message == (
        f"Saved: North Locality's driver diagram, {len(kept)} boxes (1 removed; "
        f"{n_cycles} PDSA cycle{'s' if n_cycles > 1 else ''} of removed boxes deleted; "
        f"{n_measures} measure{'s' if n_measures > 1 else ''} unlinked)."
    )
    assert n_measures >= 1
    assert victim not in {c["node_id"] for c in rows(ws, "pdsa", "north")}
    assert victim not in {m["node_id"] for m in rows(ws, "measures", "north")}
    assert validate_workspace(ws).ok
    hist = read_history(ws)
    assert {h["table"] for h in hist} == {"drivers", "pdsa", "measures"}
    assert len({h["change_id"] for h in hist}) == 1
    undo_last(ws, "north", user="p01")
    for name in ("drivers", "pdsa", "measures"):
        assert rows(ws, name) == rows(shutil_src(), name)
    assert validate_workspace(ws).ok


# ----------------------------------------------------------------------------- PDSA
def test_add_pdsa_cycle_numbers_the_cycle_and_keeps_the_ramp(ws):
    mine = rows(ws, "pdsa", "north")
    idea = mine[-1]["node_id"]
    r = add_pdsa_cycle(
        ws,
        "north",
        user="p01",
        cycle={"node_id": idea, "start": "2026-06-01", "objective": "Test at a second site"},
    )
    new = rows(ws, "pdsa", "north")[-1]
    numbers = [int(c["cycle_id"][1:]) for c in mine]
    assert new["cycle_id"] == f"C{max(numbers) + 1}" or new["cycle_id"] not in {
        c["cycle_id"] for c in mine
    }
    assert new["ramp"] == mine[-1]["ramp"] and new["end"] == ""
    assert r.message.startswith(f"Saved: PDSA cycle {new['cycle_id']} (planned, testing {idea})")
    assert r.rows == len(mine) + 1
    assert validate_workspace(ws).ok


def test_a_duplicate_cycle_or_unknown_change_idea_is_refused(ws):
    before = snapshot(ws)
    with pytest.raises(SaveRefused, match="already has a PDSA cycle C1"):
        add_pdsa_cycle(
            ws,
            "north",
            user="p",
            cycle={"cycle_id": "C1", "node_id": "CI1", "start": "2026-06-01", "objective": "x"},
        )
    with pytest.raises(SaveRefused, match=r"^Not saved: pdsa.csv:\d+:node_id: .*CI77"):
        add_pdsa_cycle(
            ws,
            "north",
            user="p",
            cycle={"node_id": "CI77", "start": "2026-06-01", "objective": "x"},
        )
    with pytest.raises(SaveRefused, match=r'"colour" is not a column of pdsa\.csv'):
        add_pdsa_cycle(ws, "north", user="p", cycle={"colour": "red"})
    assert snapshot(ws) == before


# ----------------------------------------------------------------------------- measures
def test_save_measures_adds_and_changes_by_measure_id(ws):
    mine = rows(ws, "measures", "south")
    new = {
        "measure_id": "calls_abandoned",
        "name": "Calls abandoned",
        "type": "balancing",
        "chart": "p",
        "unit": "%",
        "direction": "decrease",
        "multiply": 100,
        "definition": "Calls ended by the caller before answer, as % of calls",
        "numerator": "Abandoned calls",
        "denominator": "All incoming calls",
        "frequency": "weekly",
    }
    changed = {k: v for k, v in mine[0].items() if k != "team_id"}
    changed["data_source"] = "New telephony report"
    r = save_measures(ws, "south", user="p09", rows=[new, changed])
    assert (
        r.message
        == f"Saved: South Locality's measures, now {len(mine) + 1} (1 measure added, 1 changed)."
    )
    after = rows(ws, "measures", "south")
    assert [m["measure_id"] for m in after] == [m["measure_id"] for m in mine] + ["calls_abandoned"]
    assert after[0]["data_source"] == "New telephony report" and after[-1]["multiply"] == "100"
    assert validate_workspace(ws).ok


def test_a_measure_missing_its_definition_is_refused(ws):
    before = snapshot(ws)
    with pytest.raises(SaveRefused, match=r"^Not saved: measures.csv:\d+:definition: "):
        save_measures(
            ws,
            "south",
            user="p09",
            rows=[
                {
                    "measure_id": "x1",
                    "name": "X",
                    "type": "process",
                    "chart": "run",
                    "direction": "increase",
                    "frequency": "weekly",
                }
            ],
        )
    assert snapshot(ws) == before


# ----------------------------------------------------------------------------- progress
def test_save_progress_adds_or_rescores_a_date(ws):
    n = len(rows(ws, "progress", "west"))
    save_progress(ws, "west", user="p", rows=[{"date": "2026-09-14", "score": 3.5, "note": "x"}])
    r = save_progress(ws, "west", user="p", rows=[{"date": "2026-09-14", "score": 4.0}])
    assert r.message == "Saved: progress score 4.0 on 2026-09-14 for West Locality."
    west = rows(ws, "progress", "west")
    assert len(west) == n + 1 and west[-1]["score"] == "4" and west[-1]["note"] == "x"
    before = snapshot(ws)
    with pytest.raises(SaveRefused, match=r"^Not saved: progress.csv:\d+:score: "):
        save_progress(ws, "west", user="p", rows=[{"date": "2026-09-30", "score": 3.25}])
    assert snapshot(ws) == before


# ----------------------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda w: save_aim(w, "nowhere", user="u", aim="x"), 'no team "nowhere" in teams.csv'),
        (lambda w: save_aim(w, "", user="u", aim="x"), "no team given"),
        (lambda w: save_progress(w, "north", user="u", rows="2.5"), "must be a list of rows"),
        (
            lambda w: save_progress(w, "north", user="u", rows=[{"team_id": "west", "date": "x"}]),
            'belongs to team "west", not "north"',
        ),
        (
            lambda w: save_progress(
                w,
                "north",
                user="u",
                rows=[{"date": "2026-09-01", "score": 2}, {"date": "2026-09-01", "score": 3}],
            ),
            'date "2026-09-01" is given twice',
        ),
    ],
)
def test_bad_payloads_are_refused_in_one_line(ws, call, match):
    before = snapshot(ws)
    with pytest.raises(SaveRefused, match=match) as err:
        call(ws)
    assert "\n" not in str(err.value)
    assert snapshot(ws) == before


def test_the_shipped_example_and_workbooks_are_never_written(tmp_path):
    shipped = snapshot(dataset_path("demo-programme"))
    with pytest.raises(SaveRefused, match='"demo-programme" is a shipped example'):
        save_aim("demo-programme", "north", user="u", aim="x")
    with pytest.raises(SaveRefused, match="is a workbook"):
        save_aim(tmp_path / "book.xlsx", "north", user="u", aim="x")
    with pytest.raises(SaveRefused, match="is not a workspace folder"):
        save_aim(tmp_path, "north", user="u", aim="x")
    assert snapshot(dataset_path("demo-programme")) == shipped


def test_an_existing_problem_elsewhere_does_not_block_a_save(ws):
    # a trainer's typo in participants.csv must not stop every team saving
    text = (ws / "participants.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].rsplit(",", 2)[0] + ",practise manager," + lines[1].rsplit(",", 1)[1]
    (ws / "participants.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not validate_workspace(ws).ok
    save_progress(ws, "north", user="p", rows=[{"date": "2026-09-14", "score": 3}])
    assert rows(ws, "progress", "north")[-1]["date"] == "2026-09-14"


def test_a_read_only_workspace_is_refused(ws):
    if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0:
        pytest.skip("root can write anywhere")
    ws.chmod(0o555)
    try:
        with pytest.raises(SaveRefused, match="you cannot write to the workspace"):
            save_aim(ws, "north", user="u", aim="Reduce DNAs from 8% to 5% by 31 March 2026")
    finally:
        ws.chmod(0o755)


def test_a_held_lock_times_out_with_a_refusal(ws):
    before = snapshot(ws)
    code = textwrap.dedent(
        f"""
        import sys, time
        from qiteach.workspace.save import workspace_lock
        with workspace_lock({str(ws)!r}):
            print("held", flush=True)
            time.sleep(60)
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"  # waits for the other process
        with (
            pytest.raises(SaveRefused, match="the workspace is busy"),
            workspace_lock(ws, timeout=0.5),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(ws) == before
    with workspace_lock(ws, timeout=60):  # released when the holder died
        pass


# ----------------------------------------------------------------------------- history file
def test_history_is_append_only_and_readable_as_csv(ws):
    save_aim(ws, "north", user="=cmd|x", aim="Reduce DNAs at Elm from 8% to 5% by 31 March 2026")
    first = (ws / HISTORY_FILE).read_bytes()
    save_progress(ws, "south", user="p", rows=[{"date": "2026-09-14", "score": 2.5}])
    second = (ws / HISTORY_FILE).read_bytes()
    assert second.startswith(first)
    with open(ws / HISTORY_FILE, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader) == list(HISTORY.names)
        body = list(reader)
    assert body[0][2] == "'=cmd|x"  # a spreadsheet does not run it
    assert read_history(ws)[0]["user"] == "'=cmd|x" or read_history(ws)[0]["user"].endswith("x")
    assert validate_workspace(ws).ok  # validate tolerates history.csv


def test_validate_notes_an_unreadable_history(ws):
    (ws / HISTORY_FILE).write_text("when,who\n2026,me\n", encoding="utf-8")
    report = validate_workspace(ws)
    assert report.ok
    assert any(n.startswith("history.csv has an unexpected header") for n in report.notes)


# ----------------------------------------------------------------------------- concurrency
_WORKER = textwrap.dedent(
    """
    import contextlib, json, os, sys, time
    from pathlib import Path
    import qiteach.workspace.save as save
    ws, job, ready, go, nolock = sys.argv[1:6]
    job = json.loads(job)
    if nolock == "1":
        save.workspace_lock = lambda folder, **kw: contextlib.nullcontext()
    Path(ready).write_text("ready")
    deadline = time.monotonic() + 600
    while not os.path.exists(go):
        if time.monotonic() > deadline:
            sys.exit("never told to go")
        time.sleep(0.005)
    r = save.OPERATIONS[job["op"]](ws, job["team"], user=job["user"], **job["payload"])
    print(r.message)
    """
)


def _jobs() -> list[dict]:
    jobs = []
    for i in range(20):
        team = ("north", "south", "west")[i % 3] if i < 12 else "north"  # 8 more on one team
        if i % 2:
            jobs.append(
                {
                    "op": "save_progress",
                    "team": team,
                    "user": f"u{i}",
                    "payload": {"rows": [{"date": f"2026-09-{i + 1:02d}", "score": 2.5}]},
                }
            )
        else:
            jobs.append(
                {
                    "op": "add_pdsa_cycle",
                    "team": team,
                    "user": f"u{i}",
                    "payload": {
                        "cycle": {
                            "cycle_id": f"X{i}",
                            "node_id": "__IDEA__",
                            "start": "2026-09-01",
                            "objective": f"Concurrent test {i}",
                        }
                    },
                }
            )
    return jobs


def _run_together(ws: Path, tmp: Path, *, nolock: bool) -> list[dict]:
    import json

    ideas = {}
    for r in rows(ws, "drivers"):
        if r["kind"] == "change_idea":
            ideas.setdefault(r["team_id"], r["node_id"])
    jobs = _jobs()
    for job in jobs:
        if job["op"] == "add_pdsa_cycle":
            job["payload"]["cycle"]["node_id"] = ideas[job["team"]]
    go = tmp / "go"
    procs = []
    for i, job in enumerate(jobs):
        ready = tmp / f"ready{i}"
        cmd = [sys.executable, "-c", _WORKER, str(ws), json.dumps(job), str(ready), str(go)]
        procs.append(
            (
                ready,
                subprocess.Popen(
                    [*cmd, "1" if nolock else "0"],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    deadline = time.monotonic() + 600  # 20 Python processes importing pandas on 2 busy cores
    while not all(r.exists() for r, _ in procs):  # wait until every process is ready to save
        assert time.monotonic() < deadline, "the 20 saving processes did not all start"
        assert all(p.poll() is None for _, p in procs), "a saving process died while starting"
        time.sleep(0.05)
    go.write_text("go")  # all 20 save at once
    results = []
    for _, p in procs:
        out, err = p.communicate(timeout=600)
        results.append({"rc": p.returncode, "out": out, "err": err})
    for job, res in zip(jobs, results, strict=True):
        res["job"] = job
    return results


def _lost(ws: Path, jobs: list[dict]) -> list[dict]:
    lost = []
    for job in jobs:
        if job["op"] == "save_progress":
            want = job["payload"]["rows"][0]["date"]
            have = {r["date"] for r in rows(ws, "progress", job["team"])}
        else:
            want = job["payload"]["cycle"]["cycle_id"]
            have = {r["cycle_id"] for r in rows(ws, "pdsa", job["team"])}
        if want not in have:
            lost.append(job)
    return lost


@pytest.mark.slow  # twenty processes saving at once: about a minute on two cores
def test_twenty_simultaneous_saves_from_processes_lose_nothing(ws, tmp_path):
    results = _run_together(ws, tmp_path, nolock=False)
    failed = [r for r in results if r["rc"] != 0]
    assert not failed, failed[0]["err"][-2000:]
    assert all(r["out"].startswith("Saved: ") for r in results)
    jobs = [r["job"] for r in results]
    assert _lost(ws, jobs) == []
    report = validate_workspace(ws)
    assert report.ok, report.problems[:3]
    hist = read_history(ws)
    assert sorted(h["change_id"] for h in hist) == list(range(1, 21))
    assert sorted(h["user"] for h in hist) == sorted(f"u{i}" for i in range(20))
    assert not list(ws.glob(".*.tmp"))  # no temporary file left behind


@pytest.mark.slow  # twenty processes again, without the lock
def test_without_the_lock_simultaneous_saves_do_lose_work(ws, tmp_path):
    """The concurrency test above can fail: with the lock removed, saves are lost."""
    results = _run_together(ws, tmp_path, nolock=True)
    jobs = [r["job"] for r in results]
    lost = _lost(ws, jobs)
    history = len(read_history(ws)) if (ws / HISTORY_FILE).exists() else 0
    assert lost or history < 20, "20 unlocked saves all survived: the test cannot see the lock"


@pytest.mark.slow  # runs the CLI as processes
def test_convert_and_open_tolerate_the_history_and_lock(ws, tmp_path):
    from qiteach.workspace import convert_workspace

    save_aim(ws, "north", user="p01", aim="Reduce DNAs at Elm from 8% to 5% by 31 March 2026")
    history = (ws / HISTORY_FILE).read_bytes()
    book = convert_workspace(ws, tmp_path / "book.xlsx")
    assert open_workspace(book).team("north").info["aim"].startswith("Reduce DNAs at Elm")
    convert_workspace(book, ws, force=True)  # back over the folder: its history stays
    assert (ws / HISTORY_FILE).read_bytes() == history
    assert open_workspace(ws).team_ids == ["north", "west", "south"]
    undo_last(ws, "north", user="p01")  # the data came back unchanged, so undo still works
    assert validate_workspace(ws).ok
