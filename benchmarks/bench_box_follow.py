"""CPU time a form save costs when a shown charter box follows the form (issue 14).

    .venv/bin/python benchmarks/bench_box_follow.py [--repeat 15]

Kernel-free: team south of a copy of the demo programme has no charter; session 1's
scope-and-sponsor form is answered field by field (each change saves it, as on leaving
a field in JupyterLab), first with no box shown, then with the team's charter box
following the form. Medians of ``time.process_time`` per save are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from qiteach.datasets import dataset_path
from qiteach.widgets import CharterBox
from qiteach.widgets.forms import answer_form
from qiteach.widgets.forms.store import AnswerStore
from qiteach.workspace import open_workspace


def save_seconds(form: Any, repeat: int) -> float:
    """Median CPU seconds of one changed sponsor in ``form`` (saved on the change)."""
    sponsor = form.controls["sponsor"].widgets[0]
    times = []
    for i in range(repeat):
        start = time.process_time()
        sponsor.value = f"Dr {i} Obi, senior partner"
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    ws = Path(shutil.copytree(dataset_path("demo-programme"), tmp / "ws"))
    lines = (ws / "charter.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("south,")]
    (ws / "charter.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    form = answer_form(
        "session01.charter_scope",
        folder=tmp,
        record_in=(ws, "south"),
        team=open_workspace(ws).team("south"),
    )
    one, five, _ = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} on {os.cpu_count()} cores; medians of {args.repeat}")
    print(f"{'one form save':<34}{'CPU ms':>8}")
    print(f"{'no box shown':<34}{save_seconds(form, args.repeat) * 1000:>8.1f}")
    box = CharterBox(ws, "south", answers=AnswerStore("session01", folder=tmp))
    ms = save_seconds(form, args.repeat) * 1000
    assert box.fields["sponsor"].value.startswith(f"Dr {args.repeat - 1} Obi")
    print(f"{'the charter box following':<34}{ms:>8.1f}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
