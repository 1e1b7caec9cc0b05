"""``qiteach chart``: JSON output, human summary, clear errors, atomic --out."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from qiteach.cli import main

matplotlib.use("Agg")

REF = Path(__file__).parent / "fixtures" / "reference"


@pytest.fixture
def p_csv(tmp_path: Path) -> Path:
    src = pd.read_csv(REF / "montgomery-tables" / "tbl_07.04.csv")
    data = pd.DataFrame(
        {
            "x": pd.date_range("2021-04-01", periods=len(src), freq="MS").strftime("%Y-%m-%d"),
            "y": src["count"],
            "n": src["size"],
        }
    )
    path = tmp_path / "p.csv"
    data.to_csv(path, index=False)
    return path


def test_json_matches_the_reference_and_contract(p_csv: Path, capsys) -> None:
    before = p_csv.read_bytes()
    assert main(["chart", str(p_csv), "--chart", "p", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    want = pd.read_csv(REF / "qicharts2-expected" / "tbl_7.4_1.csv")
    assert out["chart"] == "p" and out["rules"] == "anhoej"
    assert [p["cl"] for p in out["points"]] == pytest.approx(want["cl"].tolist(), rel=1e-9)
    assert [p["ucl"] for p in out["points"]] == pytest.approx(want["ucl"].tolist(), rel=1e-9)
    assert [p["sigma_signal"] for p in out["points"]] == want["sigma.signal"].tolist()
    first = out["points"][0]
    assert first["x"] == "2021-04-01" and isinstance(first["n"], int)
    assert set(first) == {
        "x",
        "y",
        "n",
        "part",
        "cl",
        "lcl",
        "ucl",
        "baseline",
        "include",
        "sigma_signal",
        "runs_signal",
        "signals",
        "point_type",
    }
    assert set(out["parts"][0]) == {
        "part",
        "n_obs",
        "n_useful",
        "longest_run",
        "longest_run_max",
        "n_crossings",
        "n_crossings_min",
        "runs_signal",
        "sigma_signals",
        "variation",
        "assurance",
    }
    assert p_csv.read_bytes() == before  # input untouched


def test_run_chart_json_has_null_limits(tmp_path: Path, capsys) -> None:
    path = tmp_path / "r.csv"
    path.write_text("x,y\n1,3\n2,5\n3,\n4,4\n")
    assert main(["chart", str(path), "--json"]) == 0
    pts = json.loads(capsys.readouterr().out)["points"]
    assert pts[0]["ucl"] is None and pts[2]["y"] is None and pts[0]["cl"] == 4


def test_mdc_json_point_types(tmp_path: Path, capsys) -> None:
    path = tmp_path / "m.csv"
    rows = [10, 12] * 6 + [13, 14, 15, 16, 17, 18, 19]
    path.write_text("x,y\n" + "".join(f"{i},{v}\n" for i, v in enumerate(rows, 1)))
    code = main(
        [
            "chart",
            str(path),
            "--chart",
            "i",
            "--rules",
            "mdc",
            "--improvement",
            "increase",
            "--target",
            "5",
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["points"][-1]["point_type"] == "special_cause_improvement"
    assert out["parts"][0]["variation"] == "special_cause_improvement"
    assert out["parts"][0]["assurance"] in ("consistent_pass", "inconsistent")


def test_human_summary(p_csv: Path, capsys) -> None:
    assert main(["chart", str(p_csv), "--chart", "p"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("P chart of 25 points with the Anhøj rules.")
    assert "Part 1: centre line 0.09551" in text
    assert "The point at Feb 2022 (0.1818) is above the upper limit (0.1796)." in text


@pytest.mark.parametrize(
    ("csv", "args", "expect"),
    [
        ("x,y\n1,2\n2,oops\n", [], "bad.csv:3:y: y value 'oops' is not a number"),
        ("x,y,n\n1,2,5\n2,3,0\n", ["--chart", "p"], "bad.csv:3:n: denominator 0"),
        ("x,y,n\n1,6,5\n", ["--chart", "p"], "bad.csv:2:y: numerator 6"),
        ("x,v\n1,2\n", [], "bad.csv:y: no column 'y'"),
        ("x,y\n1,2\n", ["--chart", "zz"], "unknown chart type 'zz'"),
        ("x,y,y\n1,2,3\n2,3,4\n", [], "bad.csv:1:y: column 'y' appears 2 times (columns 2 and 3)"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, capsys, csv, args, expect) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(csv)
    assert main(["chart", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert expect in err and "Traceback" not in err and err.count("\n") == 1


def test_out_writes_a_png_atomically(p_csv: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "charts" / "p.png"
    assert main(["chart", str(p_csv), "--chart", "p", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in out.parent.iterdir()] == ["p.png"]  # no temp file left
    assert main(["chart", str(p_csv), "--chart", "p", "--out", str(tmp_path / "p.txt")]) == 2


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["chart", "x.csv", "--freeze", "abc"], "argument --freeze: invalid int value: 'abc'"),
        (["chart", "x.csv", "--improvement", "up"], "argument --improvement: invalid choice"),
        (["chart", "x.csv", "--exclude", "a"], "argument --exclude: 'a' is not a comma-separated"),
        (["chart"], "the following arguments are required: data"),
        (["nosuch"], "invalid choice: 'nosuch'"),
    ],
)
def test_usage_errors_are_one_line_exit_2(capsys, args, expect) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert expect in err and "usage:" not in err and err.count("\n") == 1
    assert err.rstrip().endswith("--help')")
