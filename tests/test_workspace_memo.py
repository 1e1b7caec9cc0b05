"""qiteach.workspace.memo: a workspace file is parsed once per content, and reading it
again returns exactly what a fresh parse would (a team-mate's save is always seen)."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.workspace import open_workspace, validate_workspace
from qiteach.workspace.coerce import COERCED, coerce_table
from qiteach.workspace.loader import read_raw
from qiteach.workspace.memo import MAX_BYTES, Memo
from qiteach.workspace.raw import TABLE_READS, YAML_READS


def _fresh(path):
    """What reading ``path`` gives with every memo empty (the reference)."""
    for memo in (TABLE_READS, YAML_READS, COERCED):
        memo.clear()
    return validate_workspace(path)


def _same(a, b) -> None:
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]
    assert a.notes == b.notes
    assert a.programme.meta == b.programme.meta
    for name, table in a.programme.tables.items():
        pd.testing.assert_frame_equal(table, b.programme.tables[name])


def test_a_second_read_equals_a_fresh_one(demo_ws):
    first = _fresh(demo_ws)
    assert len(TABLE_READS._items) > 5 and COERCED._items  # the files were kept
    _same(validate_workspace(demo_ws), first)


def test_a_file_changed_on_disk_is_read_afresh(demo_ws):
    validate_workspace(demo_ws)  # everything kept
    progress = demo_ws / "progress.csv"
    text = progress.read_text(encoding="utf-8")
    # the same size and the same name: only the content tells the two apart
    changed = text.replace("3.5", "4.0", 1)
    assert changed != text and len(changed) == len(text)
    progress.write_text(changed, encoding="utf-8")
    again = validate_workspace(demo_ws)
    _same(again, _fresh(demo_ws))
    scores = again.programme.tables["progress"]["score"].tolist()
    assert 4.0 in scores


def test_a_bad_cell_saved_by_a_team_mate_is_reported(demo_ws):
    assert validate_workspace(demo_ws).ok
    with (demo_ws / "progress.csv").open("a", encoding="utf-8") as f:
        f.write("west,2026-08-31,lots,\n")
    report = validate_workspace(demo_ws)
    assert not report.ok
    assert any("progress.csv" in str(p) and "score" in str(p) for p in report.problems)
    _same(report, _fresh(demo_ws))


def test_what_a_caller_changes_does_not_reach_the_next_reader(demo_ws):
    programme = open_workspace(demo_ws)
    programme.tables["teams"].loc[0, "team_name"] = "Changed in memory"
    programme.meta["name"] = "Changed in memory"
    raw = read_raw(demo_ws)
    raw.tables["teams"].df.iloc[0, 1] = "Changed in memory"
    again = open_workspace(demo_ws)
    assert "Changed in memory" not in again.tables["teams"]["team_name"].tolist()
    assert again.meta["name"] != "Changed in memory"
    assert "Changed in memory" not in read_raw(demo_ws).tables["teams"].df.iloc[:, 1].tolist()


def test_a_table_changed_in_memory_is_not_taken_from_the_memo(demo_ws):
    raw = read_raw(demo_ws)
    rt = raw.tables["progress"]
    assert rt.digest is not None
    typed, _ = coerce_table(rt, "progress.csv")
    from dataclasses import replace

    edited = replace(rt, df=rt.df.iloc[:1], digest=None)  # how a save builds its new table
    assert len(coerce_table(edited, "progress.csv")[0]) == 1 < len(typed)


def test_the_memo_is_bounded_and_large_files_are_not_kept(demo_ws, monkeypatch):
    memo = Memo(1)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") is None and memo.get("b") == 2
    assert MAX_BYTES >= 1024 * 1024  # the shipped workspaces' files are all kept
    import qiteach.workspace.raw as raw_module

    monkeypatch.setattr(raw_module, "MEMO_MAX_BYTES", 10)  # every file counts as large
    _fresh(demo_ws)
    assert not TABLE_READS._items and not YAML_READS._items and not COERCED._items
    _same(validate_workspace(demo_ws), _fresh(demo_ws))


@pytest.mark.parametrize("name", ["teams.csv", "programme.yaml"])
def test_a_deleted_file_is_missing_at_once(demo_ws, name):
    validate_workspace(demo_ws)
    (demo_ws / name).unlink()
    report = validate_workspace(demo_ws)
    assert any(p.file == name and p.message == "file is missing" for p in report.problems)
