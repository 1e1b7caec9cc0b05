"""``qiteach chart --json`` against the contract in issue 2, key by key, and its bad input.

tests/test_cli_chart.py checks the p chart against qicharts2 and the key names;
this file covers the rest of the contract: what ``y`` is for each chart type, one
point per subgroup, ``null`` where undefined, ``runs_signal`` repeating the part's
verdict while ``signals`` names only the flagged points, mdc-only fields, and one
line with exit code 2 for each kind of bad input.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qiteach.cli import main


def run_json(tmp_path: Path, capsys, text: str, *args: str) -> dict:
    path = tmp_path / "data.csv"
    path.write_text(text)
    before = path.read_bytes()
    assert main(["chart", str(path), *args, "--json"]) == 0
    assert path.read_bytes() == before
    return json.loads(capsys.readouterr().out)


def test_xbar_y_is_the_subgroup_mean_one_point_per_subgroup(tmp_path: Path, capsys) -> None:
    out = run_json(tmp_path, capsys, "x,y\n1,2\n1,4\n2,3\n2,5\n2,7\n3,6\n", "--chart", "xbar")
    pts = out["points"]
    assert [p["x"] for p in pts] == [1, 2, 3]
    assert [p["y"] for p in pts] == [3, 5, 6]  # means of [2, 4], [3, 5, 7], [6]
    assert pts[2]["ucl"] is None and pts[2]["lcl"] is None  # a subgroup of one has no limits
    assert pts[0]["n"] is None  # no denominator given


def test_u_y_is_the_rate_times_multiply(tmp_path: Path, capsys) -> None:
    text = "x,y,n\n1,3,2\n2,5,4\n3,8,4\n"
    out = run_json(tmp_path, capsys, text, "--chart", "u", "--multiply", "100")
    pts = out["points"]
    assert [p["y"] for p in pts] == pytest.approx([150, 125, 200])  # 3/2, 5/4, 8/4 × 100
    assert [p["cl"] for p in pts] == pytest.approx([160] * 3)  # 16/10 × 100
    assert [p["n"] for p in pts] == [2, 4, 4]


def test_p_y_is_the_proportion_of_a_repeated_x(tmp_path: Path, capsys) -> None:
    text = "x,y,n\n2024-01-01,3,10\n2024-01-01,1,10\n2024-02-01,5,10\n"
    out = run_json(tmp_path, capsys, text, "--chart", "p")
    assert [(p["x"], p["y"], p["n"]) for p in out["points"]] == [
        ("2024-01-01", 0.2, 20),
        ("2024-02-01", 0.5, 10),
    ]


def test_first_moving_range_and_run_chart_limits_are_null(tmp_path: Path, capsys) -> None:
    out = run_json(tmp_path, capsys, "x,y\n1,5\n2,8\n3,6\n", "--chart", "mr")
    assert [p["y"] for p in out["points"]] == [None, 3, 2]
    out = run_json(tmp_path, capsys, "x,y\n1,5\n2,8\n3,6\n")
    assert {(p["lcl"], p["ucl"]) for p in out["points"]} == {(None, None)}


def test_runs_signal_repeats_the_part_flag_signals_name_the_points(tmp_path: Path, capsys) -> None:
    # 10 and 20 alternate around 9 points of 1; median 10 (the 10s are on it, not useful).
    # Useful: 20,20,20 | 1 ×9 | 20,20 -> n_useful 14, longest run 9 > round(log2 14) + 3 = 7
    y = [10, 20, 10, 20, 10, 20] + [1] * 9 + [10, 20, 10, 20, 10]
    text = "x,y\n" + "".join(f"{i},{v}\n" for i, v in enumerate(y, 1))
    out = run_json(tmp_path, capsys, text)
    part = out["parts"][0]
    assert (part["n_useful"], part["longest_run"], part["longest_run_max"]) == (14, 9, 7)
    assert part["runs_signal"] is True
    assert [p["runs_signal"] for p in out["points"]] == [True] * 20
    want = [["long_run"] if 6 <= i <= 14 else [] for i in range(20)]
    assert [p["signals"] for p in out["points"]] == want


def test_mdc_fields_only_with_mdc(tmp_path: Path, capsys) -> None:
    y = [50, 52, 48, 51, 49, 53, 47, 50, 52, 48, 80]
    text = "x,y\n" + "".join(f"{i},{v}\n" for i, v in enumerate(y, 1))
    plain = run_json(tmp_path, capsys, text, "--chart", "i", "--improvement", "increase")
    assert {p["point_type"] for p in plain["points"]} == {None}
    assert (plain["parts"][0]["variation"], plain["parts"][0]["assurance"]) == (None, None)
    mdc = run_json(
        tmp_path, capsys, text, "--chart", "i", "--rules", "mdc", "--improvement", "increase",
        "--target", "100",
    )  # fmt: skip
    assert mdc["direction"] == "increase" and mdc["target"] == 100
    # mean 580/11 ≈ 52.7; AMR 30/9 after screening out 32 -> UCL ≈ 52.7 + 2.66·3.33 ≈ 61.6:
    # 80 is above it and higher is better; the others are common cause
    assert mdc["points"][-1]["point_type"] == "special_cause_improvement"
    assert {p["point_type"] for p in mdc["points"][:-1]} == {"common_cause"}
    # the target 100 is above the upper limit while higher is better: never reached
    assert mdc["parts"][0]["assurance"] == "consistent_fail"
    decrease = run_json(
        tmp_path, capsys, text, "--chart", "i", "--rules", "mdc", "--improvement", "decrease",
    )  # fmt: skip
    assert [p["point_type"] for p in decrease["points"]][-2:] == [
        "common_cause",
        "special_cause_concern",
    ]
    assert decrease["parts"][0]["assurance"] is None  # no target


@pytest.mark.parametrize(
    ("csv", "args", "expect"),
    [
        ("x,y\n1,3\n2,0\n3,4\n", ["--chart", "t"], "bad.csv:3:y: a t chart needs times"),
        ("x,y,n\n1,2,5\n2,3,-4\n", ["--chart", "u"], "bad.csv:3:n: denominator -4"),
        ("x,y,n\n1,2,5\n2,1,2\n2,3,2\n", ["--chart", "pp"], "bad.csv:4:y: numerator 3"),
        ("x,y,size\n1,2,5\n", ["--chart", "p", "--n", "n"], "bad.csv:n: no column 'n' for n"),
        ("x,y,n\n1,2,5\n", ["--chart", "p", "--x", "month"], "no column 'month' for x"),
        ("x,y\n1,2\n2,3\n", ["--chart", "p"], "a p chart needs a denominator"),
        ("x,y,n\n1,2,x5\n", ["--chart", "p"], "bad.csv:2:n: n value 'x5' is not a number"),
        ("x,y\n1,-2\n", ["--chart", "c"], "bad.csv:2:y: a c chart counts events"),
    ],
)
def test_bad_input_one_line_exit_2(tmp_path: Path, capsys, csv, args, expect) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(csv)
    assert main(["chart", str(path), *args, "--json"]) == 2
    captured = capsys.readouterr()
    assert expect in captured.err, captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    "labels",
    [
        [f"2024-{m:02d}" for m in range(1, 13)],
        ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "May 2024", "Jun 2024",
         "Jul 2024", "Aug 2024", "Sep 2024", "Oct 2024", "Nov 2024", "Dec 2024"],
        ["Jan-24", "Feb-24", "Mar-24", "Apr-24", "May-24", "Jun-24",
         "Jul-24", "Aug-24", "Sep-24", "Oct-24", "Nov-24", "Dec-24"],
        ["January 2024", "February 2024", "March 2024", "April 2024", "May 2024", "June 2024",
         "July 2024", "August 2024", "September 2024", "October 2024", "November 2024",
         "December 2024"],
    ],
)  # fmt: skip
def test_month_labels_are_a_time_axis(tmp_path: Path, capsys, labels: list[str]) -> None:
    # as text they would sort alphabetically (Apr before Jan) and, being categories,
    # lose the runs analysis; months are dates: time order and the runs rules apply
    y = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]
    text = "x,y\n" + "".join(f"{lab},{v}\n" for lab, v in zip(labels, y, strict=True))
    out = run_json(tmp_path, capsys, text)
    assert [p["x"] for p in out["points"]] == [f"2024-{m:02d}-01" for m in range(1, 13)]
    assert [p["y"] for p in out["points"]] == y
    # 12 alternating points cross the median 11 times: the runs analysis ran on a time axis
    assert out["parts"][0]["n_crossings"] == 11


def test_text_labels_out_of_file_order_get_a_note(tmp_path: Path, capsys) -> None:
    path = tmp_path / "wards.csv"
    path.write_text("x,y\nWeek 1,3\nWeek 2,4\nWeek 10,5\n")
    assert main(["chart", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert [p["x"] for p in json.loads(captured.out)["points"]] == ["Week 1", "Week 10", "Week 2"]
    assert (
        captured.err.startswith("note: ") and "wards.csv: x is text, so the points" in captured.err
    )
    assert "alphabetical order" in captured.err and captured.err.count("\n") == 1


def test_text_note_does_not_claim_skipped_runs_rules_for_mdc(tmp_path: Path, capsys) -> None:
    # Making Data Count keeps its run and trend rules on text x (NHSRplotthedots does)
    path = tmp_path / "wards.csv"
    path.write_text("x,y\nWeek 1,3\nWeek 2,4\nWeek 10,5\n")
    assert main(["chart", str(path), "--chart", "i", "--rules", "mdc", "--json"]) == 0
    err = capsys.readouterr().err
    assert "alphabetical order" in err and "runs rules are skipped" not in err
