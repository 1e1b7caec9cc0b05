"""The bad-input corpus (tests/badinput/manifest.yaml) through every CLI command.

Each case is built in ``tmp_path`` from ``tests/badinput`` and run through the
commands its manifest entry lists, in-process (``qiteach.cli.main``), checking:

- an error case exits 2 with one-line ``file:row:column: message`` output that
  holds the expected fragment at the expected place, and writes nothing (the
  ``--out`` file or folder does not appear);
- an accepted case exits 0 and the normalised value is the one the manifest states;
- ``convert`` of a case with content problems keeps them (the converted copy
  validates to the same message), and refuses (exit 2, no output) when a file
  cannot be read at all;
- no command ever shows a traceback or changes a byte of its input.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from _hardening_plugin import hashes

from qiteach.cli import main

CORPUS = Path(__file__).parent / "badinput"
MANIFEST: list[dict[str, Any]] = yaml.safe_load((CORPUS / "manifest.yaml").read_text("utf-8"))
#: one line per problem: file[:row][:column]: message (fix: ...)
LINE = re.compile(r"^[^\s:][^:]*(:\d+)?(:[^:]+)?: \S.*$")


def _params() -> list[Any]:
    return [
        pytest.param(case, cmd, id=f"{case['id']}-{cmd}")
        for case in MANIFEST
        for cmd in case["commands"]
    ]


def test_corpus_size_and_coverage() -> None:
    kinds = {c["input"] for c in MANIFEST}
    assert len(MANIFEST) >= 60 and kinds == {"workspace", "workbook", "chart"}
    assert len({c["id"] for c in MANIFEST}) == len(MANIFEST)
    for case in MANIFEST:
        assert case["expect"] in ("error", "accepted"), case["id"]
        if case["expect"] == "error":
            assert case["where"] and case["message"], case["id"]
        else:
            assert case["check"], case["id"]
        if "generate" not in case and not case.get("delete"):  # git keeps no empty folders
            assert (CORPUS / "cases" / case["id"]).is_dir(), case["id"]


# ---- building the inputs ------------------------------------------------------------------


def _huge_workspace(folder: Path) -> None:
    lines = ["team_id,measure_id,period,value,numerator,denominator,note"]
    start = dt.date(1900, 1, 1)
    for i in range(100_000):
        measure = "reminders_sent" if i % 2 else "staff_time"
        day = start + dt.timedelta(days=i // 2)
        lines.append(f"north,{measure},{day.isoformat()},{i % 50},,,")
    lines[99_990] = "north,staff_time,31/02/2026,5,,,"  # spreadsheet row 99991
    (folder / "measurements.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(case: dict[str, Any], tmp: Path) -> Path:
    """Materialise a case in ``tmp``; return the input path (folder, workbook or CSV)."""
    src = CORPUS / "cases" / case["id"]
    tmp.mkdir(parents=True, exist_ok=True)
    if case["input"] == "chart":
        data = tmp / "data.csv"
        if case.get("generate") == "huge":
            ys = [str(i % 97) for i in range(200_000)]
            ys[199_990] = "n/k"  # spreadsheet row 199992
            data.write_text("y\n" + "\n".join(ys) + "\n", encoding="utf-8")
        else:
            shutil.copy(src / "data.csv", data)
        return data
    if case["input"] == "workbook":
        return Path(shutil.copy(src / "workspace.xlsx", tmp / "workspace.xlsx"))
    folder = Path(shutil.copytree(CORPUS / "base", tmp / "ws"))
    if case.get("generate") == "huge":
        _huge_workspace(folder)
    elif src.is_dir():  # a case that only deletes files has no folder in git
        for f in src.iterdir():
            shutil.copy(f, folder / f.name)
    for name in case.get("delete", []):
        (folder / name).unlink()
    return folder


# ---- running and checking -----------------------------------------------------------------


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _located(lines: list[str], where: str, message: str) -> bool:
    bodies = (line.removeprefix("qiteach: error: ") for line in lines)
    return any(b.startswith(where + ":") and message in b for b in bodies)


def _one_line_messages(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("note: ")]
    for ln in lines:
        body = ln.removeprefix("qiteach: error: ")
        assert LINE.match(body) or ln.startswith("qiteach: "), ln
    return lines


def _value(v: Any) -> Any:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def _check_accepted(path: Path, check: dict[str, Any]) -> None:
    from qiteach.workspace import open_workspace

    programme = open_workspace(path)
    got = programme.tables[check["table"]][check["column"]].iloc[check["row"]]
    assert _value(got) == check["value"]


def _label_for(where: str, dst: Path) -> str:
    """``progress.csv:2:score`` as it reads after conversion to ``dst`` (and back)."""
    file, _, rest = where.partition(":")
    m = re.fullmatch(r".*\[(\w+)\]", file)
    table = m.group(1) if m else file.removesuffix(".csv").removesuffix(".yaml")
    if dst.suffix == ".xlsx":
        file = f"{dst.name}[{table}]"
    else:
        file = "programme.yaml" if table == "programme" else f"{table}.csv"
    if table == "programme":
        return file  # YAML lines and sheet rows differ: match the file only
    return f"{file}:{rest}" if rest else file


@pytest.mark.parametrize(("case", "command"), _params())
def test_corpus(case: dict[str, Any], command: str, tmp_path: Path, capsys, corpus_record):
    path = build(case, tmp_path / "in")
    before = hashes(path.parent)
    outcome = {
        "chart": _chart,
        "validate": _validate,
        "convert": _convert,
        "report": _report,
    }[command](case, path, tmp_path, capsys)
    assert hashes(path.parent) == before, "the input changed"
    corpus_record(case["id"], case["input"], command, outcome)


def _validate(case: dict[str, Any], path: Path, tmp: Path, capsys) -> str:
    code, out, err = run(["validate", str(path)], capsys)
    if case["expect"] == "accepted":
        assert code == 0, out + err
        assert out.startswith("OK: ")
        if "note" in case["check"]:
            assert case["check"]["note"] in err
        _check_accepted(path, case["check"])
        return "accepted"
    assert code == 2
    if not out:  # not a workspace at all (e.g. an encrypted workbook): one error line
        lines = _one_line_messages(err)
        assert len(lines) == 1 and lines[0].startswith("qiteach: error: "), err
        assert _located(lines, case["where"], case["message"]), err
        return "error"
    lines = _one_line_messages(out)
    assert _located(lines, case["where"], case["message"]), out
    assert "problem" in err
    return "error"


def _convert(case: dict[str, Any], path: Path, tmp: Path, capsys) -> str:
    dst = tmp / ("converted" if path.suffix == ".xlsx" else "converted.xlsx")
    code, out, err = run(["convert", str(path), str(dst)], capsys)
    if case["expect"] == "error" and case.get("convert") == "refuses":
        assert code == 2 and not dst.exists()
        assert _located(_one_line_messages(err), case["where"], case["message"]), err
        return "error"
    assert code == 0, err
    code, out, err = run(["validate", str(dst)], capsys)
    if case["expect"] == "accepted":
        assert code == 0, out
        _check_accepted(dst, case["check"])
        return "accepted"
    assert code == 2
    where = _label_for(case.get("converted_where", case["where"]), dst)
    message = case.get("converted_message", case["message"])
    assert _located(_one_line_messages(out), where, message), (where, out)
    return "kept"


def _report(case: dict[str, Any], path: Path, tmp: Path, capsys) -> str:
    out_dir = tmp / "reports"
    code, out, err = run(["report", str(path), "--out", str(out_dir), "-q"], capsys)
    assert code == 2, out + err
    assert not out_dir.exists(), "a refused report run must not create its --out folder"
    assert _located(_one_line_messages(err), case["where"], case["message"]), err
    return "error"


def _chart(case: dict[str, Any], path: Path, tmp: Path, capsys) -> str:
    out_dir = tmp / "out"
    args = [a.replace("{out}", str(out_dir)) for a in case["args"]]
    png = out_dir / "chart.png"
    if "--out" not in args:
        args += ["--out", str(png)]
    code, out, err = run(["chart", str(path), *args, "--json"], capsys)
    if case["expect"] == "error":
        assert code == 2 and out == ""
        assert not out_dir.exists() or not any(out_dir.iterdir()), "partial output"
        line = err.strip().replace(str(path), "data.csv").replace(str(out_dir) + "/", "")
        assert "\n" not in line
        assert line.startswith("qiteach: error: " + case["where"]), line
        assert case["message"] in line, line
        return "error"
    assert code == 0, err
    result = json.loads(out)
    points = result["points"]
    check = case["check"]
    assert len(points) == check["points"]
    assert points[0]["y"] == pytest.approx(check["first_y"])
    if "cl" in check:
        assert points[0]["cl"] == pytest.approx(check["cl"])
    for key, i in (("first_x", 0), ("last_x", -1)):
        if key in check:
            assert str(points[i]["x"])[:10] == check[key]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return "accepted"
