"""The validator finds every planted mistake in the hand-made bad workspace, and only those."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qiteach.workspace import validate_workspace

FIXTURES = Path(__file__).parent / "fixtures" / "workspaces"

#: Every (file, row, column) planted in fixtures/workspaces/bad, checked by hand.
EXPECTED = {
    ("programme.yaml", None, "organisation"),  # missing key
    ("programme.yaml", 4, "end"),  # 31/13/2025
    ("programme.yaml", 5, "rules"),  # anhoj
    ("programme.yaml", 10, "number"),  # session number 1 twice
    ("programme.yaml", 13, "title"),  # session 3 without title
    ("teams.csv", 4, "team_id"),  # north twice
    ("participants.csv", 3, "role"),  # practise manager
    ("participants.csv", 4, "team_id"),  # west
    ("participants.csv", 5, "participant_id"),  # "p 04"
    ("attendance.csv", 3, "session"),  # session 9
    ("attendance.csv", 4, "session"),  # (p01, 1) twice
    ("attendance.csv", 5, "participant_id"),  # p99
    ("attendance.csv", 5, "attended"),  # maybe
    ("drivers.csv", 5, "parent_id"),  # cycle S2 -> S3
    ("drivers.csv", 6, "parent_id"),  # cycle S3 -> S2
    ("drivers.csv", 7, "parent_id"),  # hangs off X9
    ("drivers.csv", 8, "parent_id"),  # change idea off the aim
    ("measures.csv", 3, "type"),  # balancng
    ("measures.csv", 4, "node_id"),  # ZZ
    ("measurements.csv", 3, "period"),  # 06/10/2025 = 2025-10-06 again
    ("measurements.csv", 4, "numerator"),  # 12,5
    ("measurements.csv", 5, "numerator"),  # 410 > 400
    ("measurements.csv", 6, "denominator"),  # 0
    ("measurements.csv", 7, "value"),  # 8%
    ("measurements.csv", 8, "value"),  # 2.5 on a c chart
    ("measurements.csv", 9, "value"),  # -1 on a c chart
    ("measurements.csv", 10, "value"),  # i chart given numerator/denominator
    ("measurements.csv", 11, "period"),  # 10/13/2025
    ("measurements.csv", 12, "measure_id"),  # nope
    ("measurements.csv", 13, "numerator"),  # -3
    ("measurements.csv", 14, "value"),  # #N/A
    ("pdsa.csv", 2, "end"),  # end before start
    ("pdsa.csv", 3, "node_id"),  # S1 is secondary
    ("pdsa.csv", 4, "node_id"),  # CI9 not in diagram
    ("pdsa.csv", 4, "act"),  # adopted
    ("progress.csv", 3, "score"),  # 2.7
    ("progress.csv", 4, "score"),  # 6
    ("survey.csv", 3, "score"),  # 7
    ("feedback.csv", 3, "session"),  # session 4
    ("feedback.csv", 3, "rating"),  # 0
}


@pytest.fixture(scope="module")
def bad_report():
    return validate_workspace(FIXTURES / "bad")


def test_every_planted_problem_is_found_and_nothing_else(bad_report) -> None:
    found = [(p.file, p.row, p.column) for p in bad_report.problems]
    assert len(found) == len(set(found)), "a cell is reported twice"
    assert set(found) == EXPECTED


def _message(report, file: str, row: int | None, column: str) -> str:
    hits = [str(p) for p in report.problems if (p.file, p.row, p.column) == (file, row, column)]
    assert len(hits) == 1
    return hits[0]


@pytest.mark.parametrize(
    ("where", "text"),
    [
        (("participants.csv", 3, "role"), 'did you mean "practice manager"?'),
        (("measures.csv", 3, "type"), 'did you mean "balancing"?'),
        (("pdsa.csv", 4, "act"), 'did you mean "adopt"?'),
        (("programme.yaml", 5, "rules"), 'did you mean "anhoej"?'),
        (("measurements.csv", 4, "numerator"), "e.g. 12.5"),
        (("measurements.csv", 7, "value"), "% sign"),
        (("measurements.csv", 11, "period"), "US date"),
        (("measurements.csv", 11, "period"), "YYYY-MM-DD"),
        (("measurements.csv", 5, "numerator"), "410 is more than denominator 400"),
        (("measurements.csv", 10, "value"), "an i chart needs a value"),
        (("measurements.csv", 14, "value"), "#N/A"),
        (("drivers.csv", 5, "parent_id"), "S2 → S3 → S2"),
        (("pdsa.csv", 3, "node_id"), "secondary driver, not a change idea"),
        (("attendance.csv", 3, "session"), "sessions: 1, 3"),
        (("progress.csv", 3, "score"), "steps of 0.5"),
        (("teams.csv", 4, "team_id"), "also on row 2"),
        (("measurements.csv", 3, "period"), "also on row 2"),
    ],
)
def test_messages_say_what_to_do(bad_report, where, text) -> None:
    assert text in _message(bad_report, *where)


def test_problems_come_in_file_then_row_order(bad_report) -> None:
    files = [p.file for p in bad_report.problems]
    assert files[0] == "programme.yaml" and files[-1] == "feedback.csv"
    rows = [p.row for p in bad_report.problems if p.file == "measurements.csv"]
    assert rows == sorted(rows)


def test_good_fixture_with_real_world_quirks_is_clean() -> None:
    report = validate_workspace(FIXTURES / "good")
    assert report.problems == []
    assert any("Windows-1252" in n for n in report.notes)


def test_missing_file_and_missing_column(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "good", ws)
    (ws / "survey.csv").unlink()
    text = (ws / "measures.csv").read_text().replace("measure_id", "measure_ids", 1)
    (ws / "measures.csv").write_text(text)
    problems = [str(p) for p in validate_workspace(ws).problems]
    assert any(p.startswith("survey.csv: file is missing") for p in problems)
    assert any(
        p.startswith("measures.csv:1:measure_id: column is missing")
        and 'rename column "measure_ids"' in p
        for p in problems
    )


def test_ragged_csv_row_is_reported_with_its_line(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "good", ws)
    with (ws / "feedback.csv").open("a") as fh:
        fh.write("p03,2,4,nice,extra\n")
    problems = [str(p) for p in validate_workspace(ws).problems]
    assert problems == ["feedback.csv:5: row has 5 cells but the header has 4 (fix: remove the "
                        "extra commas or quote text containing commas)"]  # fmt: skip


def test_empty_required_cell_and_unparsable_yaml(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "good", ws)
    (ws / "teams.csv").write_text(
        "team_id,team_name,project_title,topic,aim\nnorth,,Fewer DNAs,DNAs,Reduce DNAs\n"
    )
    (ws / "programme.yaml").write_text("name: x\n  organisation: [y\n")
    problems = validate_workspace(ws).problems
    assert ("teams.csv", 2, "team_name") in {(p.file, p.row, p.column) for p in problems}
    assert any(p.file == "programme.yaml" and "cannot read YAML" in p.message for p in problems)


def test_chart_fit_rules_on_small_tables() -> None:
    import numpy as np
    import pandas as pd

    from qiteach.workspace.checks import _chart_fit

    measures = pd.DataFrame(
        {"team_id": ["a"] * 4, "measure_id": ["p", "u", "g", "t"], "chart": ["p", "u", "g", "t"]}
    )
    m = pd.DataFrame(
        {
            "team_id": ["a"] * 6,
            "measure_id": ["p", "u", "g", "g", "t", "p"],
            "value": [np.nan, np.nan, 3.0, 1.5, -2.0, 0.4],
            "numerator": [5.0, 9.0, np.nan, np.nan, np.nan, np.nan],
            "denominator": [np.nan, 4.0, np.nan, np.nan, np.nan, np.nan],
        }
    )
    rows = np.arange(2, 8)
    found = {(p.row, p.column) for p in _chart_fit(m, measures, rows, "m.csv", np.zeros(6, bool))}
    # p without denominator; u 9/4 is fine (rates may exceed 1); g 3 fine, 1.5 not a count;
    # t negative; p with only a value needs numerator and denominator
    assert found == {(2, "denominator"), (5, "value"), (6, "value"), (7, "numerator")}


# ---- adversarial semantics (review of bad input) -----------------------------------------


def _good_copy(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "good", ws)
    return ws


def test_semicolon_separated_csv_is_read_with_a_note(tmp_path: Path) -> None:
    ws = _good_copy(tmp_path)
    comma = validate_workspace(ws).programme.tables["measurements"]
    text = (ws / "measurements.csv").read_text().replace(",", ";")
    (ws / "measurements.csv").write_text(text)
    report = validate_workspace(ws)
    assert report.problems == []
    assert 'measurements.csv: cells are separated by ";"' in " ".join(report.notes)
    pd.testing.assert_frame_equal(report.programme.tables["measurements"], comma)


def test_semicolon_csv_with_decimal_commas_names_the_cell(tmp_path: Path) -> None:
    ws = _good_copy(tmp_path)
    (ws / "progress.csv").write_text("team_id;date;score;note\nnorth;2025-09-30;1,5;x\n")
    [p] = validate_workspace(ws).problems
    assert (p.file, p.row, p.column) == ("progress.csv", 2, "score")
    assert '"1,5" is not a number' in p.message


def test_ids_differing_only_in_capitals_are_refused(tmp_path: Path) -> None:
    ws = _good_copy(tmp_path)
    with (ws / "teams.csv").open("a", encoding="utf-8") as fh:
        fh.write("North,North again,North,x,y,DNAs,z,,,\n")
    problems = validate_workspace(ws).problems
    [p] = [p for p in problems if p.file == "teams.csv"]
    lines = (ws / "teams.csv").read_text(encoding="utf-8").splitlines()
    assert (p.row, p.column) == (len(lines), "team_id")
    assert p.message == 'team_id "North" differs from "north" only in capital letters'
    assert p.fix == "also on row 2; use one spelling"


def test_dates_in_the_future_after_the_programme_are_refused(tmp_path: Path) -> None:
    ws = _good_copy(tmp_path)
    m = (ws / "measurements.csv").read_text()
    (ws / "measurements.csv").write_text(m.replace("2025-09-08", "2052-09-08", 1))
    problems = validate_workspace(ws).problems
    assert [(p.file, p.row, p.column) for p in problems] == [("measurements.csv", 3, "period")]
    assert problems[0].message == "period 2052-09-08 is in the future"
    assert problems[0].fix == "check the year (the programme ends 2026-03-31)"


def test_dates_up_to_today_or_the_programme_end_are_fine(tmp_path: Path) -> None:
    ws = _good_copy(tmp_path)
    m = (ws / "measurements.csv").read_text()
    (ws / "measurements.csv").write_text(m.replace("2025-09-08", "2026-03-30", 1))
    assert validate_workspace(ws).problems == []


def test_header_only_teams_gives_one_line_not_one_per_referring_row(tmp_path: Path) -> None:
    ws = _good_copy(tmp_path)
    header = (ws / "teams.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    (ws / "teams.csv").write_text(header + "\n", encoding="utf-8")
    problems = validate_workspace(ws).problems
    assert [(p.file, p.row, p.column) for p in problems] == [("teams.csv", None, None)]
    assert problems[0].message.startswith("has no rows, but ")
    assert "refer to team_id" in problems[0].message


def test_header_only_measures_gives_one_line(tmp_path: Path) -> None:
    ws = _good_copy(tmp_path)
    header = (ws / "measures.csv").read_text(encoding="utf-8").splitlines()[0]
    (ws / "measures.csv").write_text(header + "\n", encoding="utf-8")
    problems = validate_workspace(ws).problems
    assert [(p.file, p.row, p.column) for p in problems] == [("measures.csv", None, None)]
    assert "refer to team_id,measure_id" in problems[0].message


def test_excel_unicode_text_utf16_with_tabs_is_read_with_a_note(tmp_path: Path) -> None:
    # Excel's "Unicode Text (*.txt)" is UTF-16 with tabs between cells
    ws = _good_copy(tmp_path)
    comma = validate_workspace(ws).programme.tables["progress"]
    text = (ws / "progress.csv").read_text(encoding="utf-8").replace(",", "\t")
    (ws / "progress.csv").write_bytes(text.encode("utf-16"))
    report = validate_workspace(ws)
    assert report.problems == []
    assert "progress.csv: cells are separated by tabs" in " ".join(report.notes)
    pd.testing.assert_frame_equal(report.programme.tables["progress"], comma)


def test_excel_sep_hint_line_is_honoured(tmp_path: Path) -> None:
    # Excel writes (and reads) a first line "sep=;" naming the separator; Excel does not
    # show it as a row, so row numbers start at the header below it
    ws = _good_copy(tmp_path)
    text = (ws / "progress.csv").read_text(encoding="utf-8").replace(",", ";")
    assert text.splitlines()[3].startswith("north;31/10/2025;2.5;")  # sheet row 4
    text = text.replace(";2.5;", ";2.7;")  # off the 0.5 steps
    (ws / "progress.csv").write_text("sep=;\n" + text, encoding="utf-8")
    problems = validate_workspace(ws).problems
    assert [(p.file, p.row, p.column) for p in problems] == [("progress.csv", 4, "score")]


def test_a_repeated_header_row_is_one_line_and_the_rows_around_it_are_read(
    tmp_path: Path,
) -> None:
    ws = _good_copy(tmp_path)
    text = (ws / "progress.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0]
    extra = "north,30/11/2025,3,more\n"
    (ws / "progress.csv").write_text(text + header + "\n" + extra, encoding="utf-8")
    report = validate_workspace(ws)
    n = len(text.splitlines()) + 1  # the sheet row of the repeated header
    assert [(p.file, p.row, p.message) for p in report.problems] == [
        ("progress.csv", n, "this row repeats the header")
    ]
    assert report.programme.tables["progress"]["score"].tolist()[-1] == 3.0


def _pair_lookup_by_merge(left, right, on, extra):
    """The merge _pair_lookup replaced (issue 16): the reference it must agree with."""
    r = right.dropna(subset=on).drop_duplicates(subset=on)
    r = pd.DataFrame({**{k: r[k] for k in on}, "_extra": r[extra]})
    merged = left[on].merge(r, on=on, how="left", indicator=True)
    out = merged["_extra"].where(merged["_merge"] == "both")
    return out.set_axis(left.index)


@pytest.mark.parametrize("seed", range(30))
def test_pair_lookup_agrees_with_a_left_merge(seed: int) -> None:
    import random

    import pandas.testing as pdt

    from qiteach.workspace.checks import _pair_lookup

    rng = random.Random(seed)
    ids = ["a", "b", "A", None, np.nan]

    def keys(n: int) -> dict:  # object columns, as coerce_table gives them
        return {
            k: pd.array([rng.choice(ids) for _ in range(n)], dtype=object)
            for k in ("team_id", "measure_id")
        }

    nr, nl = rng.randint(0, 8), rng.randint(0, 10)
    extras = {
        "unit": [rng.choice(["%", "n", None]) for _ in range(nr)],
        "multiply": [rng.choice([100.0, np.nan, 1.0]) for _ in range(nr)],
        "count": list(range(nr)),
        "flag": [rng.random() < 0.5 for _ in range(nr)],
        "whole": pd.array([rng.choice([1, None]) for _ in range(nr)], dtype="Int64"),
    }
    right = pd.DataFrame({**keys(nr), **extras}, index=range(10, 10 + nr))
    left = pd.DataFrame(keys(nl), index=range(2, 2 + nl))
    for extra in extras:
        got = _pair_lookup(left, right, ["team_id", "measure_id"], extra)
        want = _pair_lookup_by_merge(left, right, ["team_id", "measure_id"], extra)
        pdt.assert_series_equal(got, want)


def _repeats_by_pandas(df: pd.DataFrame, key: list[str]) -> list[tuple[int, int]]:
    """(position, position of the key's first row) of each repeated complete key."""
    complete = df[key].notna().all(axis=1)
    sub = df.loc[complete, key].reset_index(drop=True).assign(_pos=np.flatnonzero(complete))
    first = sub.groupby(key, sort=False, dropna=False)["_pos"].transform("min")
    return [(int(p), int(f)) for p, f in zip(sub["_pos"], first, strict=True) if p != f]


@pytest.mark.parametrize(("seed", "rows"), [(1, 40), (2, 300), (3, 7_000), (4, 12_000)])
def test_duplicate_keys_agrees_with_pandas_on_small_and_large_tables(seed: int, rows: int) -> None:
    """Tables over LARGE_TABLE rows are narrowed by pandas first: same problems either way."""
    from qiteach.workspace.checks import LARGE_TABLE, duplicate_keys

    rng = np.random.default_rng(seed)
    team = rng.choice(np.array(["north", "south", "west", None], dtype=object), rows)
    period = rng.choice(
        np.array([*(f"2026-{m:02d}" for m in range(1, 13)), None], dtype=object), rows
    )
    df = pd.DataFrame({"team_id": team, "period": period, "value": rng.random(rows)})
    n = rows // 40  # a few hundred rows with a unique key among the repeats
    df.loc[: n - 1, "period"] = [f"2027-{i}" for i in range(n)]
    numbers = np.arange(2, rows + 2)
    problems = duplicate_keys(df, ("team_id", "period"), numbers, "measurements.csv")
    want = _repeats_by_pandas(df, ["team_id", "period"])
    assert (rows > LARGE_TABLE) == (seed > 2) and want
    assert [(p.row, p.fix) for p in problems] == [
        (int(numbers[i]), f"also on row {int(numbers[j])}; keep one row") for i, j in want
    ]
    i = want[0][0]
    assert problems[0].message == (
        f"(team_id, period) = ({df['team_id'].iat[i]}, {df['period'].iat[i]}) is used twice"
    )
