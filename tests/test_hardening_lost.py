"""Nothing lost: no overwrite without --force, and a killed batch leaves no half-written report.

The batch test starts ``qiteach report`` in its own process group, SIGKILLs the
whole group as soon as the first report page lands, checks that every ``.html``
left behind is complete, then re-runs the batch and checks it completes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _hardening_plugin import hashes, hostile_workspace

from qiteach.cli import main

BASE = Path(__file__).parent / "badinput" / "base"


def test_new_refuses_to_overwrite_without_force(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "ws"
    assert main(["new", str(folder)]) == 0
    (folder / "teams.csv").write_text("team_id\nmine\n", encoding="utf-8")
    before = hashes(folder)
    assert main(["new", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "would overwrite" in err and "--force" in err and err.count("\n") == 1
    assert hashes(folder) == before
    assert main(["new", str(folder), "--force"]) == 0
    assert (folder / "teams.csv").read_text("utf-8").startswith("team_id,team_name")


def test_new_workbook_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    book = tmp_path / "ws.xlsx"
    book.write_bytes(b"not mine to replace")
    assert main(["new", str(book)]) == 2
    assert book.read_bytes() == b"not mine to replace"
    assert "would overwrite" in capsys.readouterr().err


@pytest.mark.parametrize("dst_name", ["out.xlsx", "outdir"])
def test_convert_refuses_to_overwrite_without_force(tmp_path: Path, dst_name: str, capsys):
    src = tmp_path / "src"
    assert main(["new", str(src)]) == 0
    if dst_name.endswith(".xlsx"):
        dst = tmp_path / dst_name
        dst.write_bytes(b"keep me")
    else:
        src_book = src / "workbook.xlsx"
        src, dst = src_book, tmp_path / dst_name
        dst.mkdir()
        (dst / "teams.csv").write_bytes(b"keep me")
    before_src, before_dst = hashes(src), hashes(dst)
    assert main(["convert", str(src), str(dst)]) == 2
    assert "would overwrite" in capsys.readouterr().err
    assert hashes(dst) == before_dst and hashes(src) == before_src
    assert main(["convert", str(src), str(dst), "--force"]) == 0
    assert hashes(dst) != before_dst and hashes(src) == before_src


class _Checker(HTMLParser):
    """Counts open/close of html/body so a truncated page is caught."""

    def __init__(self) -> None:
        super().__init__()
        self.ends: list[str] = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("body", "html"):
            self.ends.append(tag)


def _complete(page: Path) -> bool:
    text = page.read_text("utf-8")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    return text.rstrip().endswith("</html>") and checker.ends[-2:] == ["body", "html"]


@pytest.mark.slow
def test_killed_batch_leaves_only_complete_reports_and_rerun_completes(tmp_path: Path) -> None:
    ws = hostile_workspace(BASE, tmp_path / "ws", teams=("east", "west"))
    out = tmp_path / "reports"
    before = hashes(ws)
    cmd = [sys.executable, "-m", "qiteach", "report", str(ws), "--out", str(out), "-q"]
    proc = subprocess.Popen(
        [*cmd, "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name != "index.html" for p in out.glob("*.html")):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    pages = sorted(out.glob("*.html"))
    assert pages and not (out / "index.html").exists(), "killed before the index is written"
    assert len(pages) < 4
    assert all(_complete(p) for p in pages), [p.name for p in pages]
    assert hashes(ws) == before

    done = subprocess.run([*cmd, "--jobs", "2"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.glob("*.html")}
    assert names == {
        "index.html",
        "programme.html",
        "team-north.html",
        "team-east.html",
        "team-west.html",
    }
    assert all(_complete(p) for p in out.glob("*.html"))
    # a kill can strand a temporary file, but only a hidden one that no reader opens
    assert all(p.name.startswith(".") for p in out.iterdir() if p.suffix == ".tmp")
    assert hashes(ws) == before


@pytest.mark.parametrize("dst_name", ["out.xlsx", "outdir"])
@pytest.mark.parametrize("existing", [False, True])
def test_interrupted_convert_leaves_no_partial_output(
    tmp_path: Path, dst_name: str, existing: bool, monkeypatch, capsys
) -> None:
    """Ctrl-C (or a kill) half-way through writing: no partial file, an old output intact."""
    import openpyxl

    from qiteach.workspace import convert as convert_module

    src = tmp_path / "src"
    assert main(["new", str(src)]) == 0
    if dst_name.endswith(".xlsx"):
        src_path, dst = src, tmp_path / dst_name
        real_save = openpyxl.Workbook.save

        def save_half(self, filename):  # the file is half written when the interrupt lands
            real_save(self, filename)
            Path(filename).write_bytes(Path(filename).read_bytes()[:500])
            raise KeyboardInterrupt

        monkeypatch.setattr(openpyxl.Workbook, "save", save_half)
    else:
        src_path, dst = src / "workbook.xlsx", tmp_path / dst_name
        real_csv, calls = convert_module.table_csv, []

        def csv_then_stop(rt, name):
            calls.append(name)
            if len(calls) == 4:  # three tables written, the fourth interrupted
                raise KeyboardInterrupt
            return real_csv(rt, name)

        monkeypatch.setattr(convert_module, "table_csv", csv_then_stop)
    if existing:
        if dst_name.endswith(".xlsx"):
            dst.write_bytes(b"the previous workbook")
        else:
            dst.mkdir()
            for name in ("teams.csv", "participants.csv", "progress.csv"):
                (dst / name).write_text("old\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    old = hashes(dst) if existing else None
    args = ["convert", str(src_path), str(dst)] + (["--force"] if existing else [])
    assert main(args) == 130
    assert "interrupted" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temp file or folder left
    if existing:
        assert hashes(dst) == old
    else:
        assert not dst.exists()
