"""Capacity of the cohort hub on this machine (prints figures; not a timed test).

A real hub on loopback (``qiteach hub init`` + ``hub start``) with 30 participant
accounts, one team each (copies of the demo's North team, so every save touches its own
team's rows). All 30 sign in through the hub's REST API (first sign-in with their slip
code, then an API token); then:

1. time to first usable JupyterLab per user: each server is started and polled until its
   API answers (servers started one after another, as people arrive);
2. memory per user server: resident memory of each person's processes (server + kernel);
3. session 6 in each server: the participant notebook's code run in a fresh kernel, alone
   and then with 2, 4, 8 ... users at once, until a session takes over 2x its solo time;
4. 20 saves in the same second: 20 users post a driver diagram to the saving service at
   once (threads released by one barrier); afterwards every one of the 20 must be in the
   workspace, which must validate.

Run as root: ``.venv/bin/python benchmarks/bench_hub.py`` (about 15-30 minutes here).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hubkit import HubUser, running_hub, slip_code  # noqa: E402

from qiteach.datasets import dataset_path  # noqa: E402

USERS = 30
SAVERS = 20


def bench_workspace(folder: Path, n: int) -> Path:
    """The demo programme with ``n`` one-person teams copied from North."""
    src = dataset_path("demo-programme")
    ws = folder / "bench-ws"
    shutil.copytree(src, ws)
    teams = pd.read_csv(src / "teams.csv", dtype=str, keep_default_na=False)
    drivers = pd.read_csv(src / "drivers.csv", dtype=str, keep_default_na=False)
    north = teams[teams.team_id == "north"].iloc[0]
    new_teams, new_drivers, people = [], [], []
    for i in range(1, n + 1):
        tid = f"b{i:02d}"
        new_teams.append({**north, "team_id": tid, "team_name": f"Bench team {i:02d}"})
        d = drivers[drivers.team_id == "north"].copy()
        d["team_id"] = tid
        new_drivers.append(d)
        people.append({"participant_id": f"u{i:02d}", "display_name": f"Bench user {i:02d}",
                       "role": "GP", "team_id": tid})  # fmt: skip
    pd.concat([teams, pd.DataFrame(new_teams)]).to_csv(ws / "teams.csv", index=False)
    pd.concat([drivers, *new_drivers]).to_csv(ws / "drivers.csv", index=False)
    pd.DataFrame(people).to_csv(ws / "participants.csv", index=False)
    for name in ("attendance.csv", "survey.csv", "feedback.csv"):  # they name the old people
        df = pd.read_csv(ws / name, dtype=str, keep_default_na=False)
        df.iloc[0:0].to_csv(ws / name, index=False)
    return ws


def session6_code(workspace: str, team: str) -> str:
    """The participant session 6 notebook's code, parameters filled in."""
    import nbformat

    from qiteach.hub.release import fill_parameters, session_notebook

    nb = nbformat.read(session_notebook(6, "participant"), as_version=4)
    cells = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        src = c.source
        if "parameters" in c.metadata.get("tags", []):
            src = fill_parameters(src, workspace, team)
        cells.append("\n".join(line for line in src.splitlines()
                               if not line.lstrip().startswith(("%", "!"))))  # fmt: skip
    return "import matplotlib\nmatplotlib.use('Agg')\n" + "\n\n".join(cells)


def memory_mb(system_user: str) -> float:
    """Resident memory (MiB) of every process of ``system_user``."""
    from qiteach.hub.system import user_processes

    total = 0
    for pid in user_processes([system_user]):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def main() -> int:
    top = Path(tempfile.mkdtemp(prefix="qiteach-bench-", dir="/tmp"))
    top.chmod(0o711)
    ws = bench_workspace(top, USERS)
    figures: dict = {"users": USERS}
    sys.stdout.reconfigure(line_buffering=True)
    with running_hub(top / "run", workspace=ws) as hub:
        workspace = str(hub.dir / "workspace")
        people = [HubUser(hub, f"u{i:02d}") for i in range(1, USERS + 1)]
        t0 = time.monotonic()
        for p in people:
            assert p.first_sign_in(slip_code(hub.dir, p.username), f"{p.username}-bench-pw") == 302
            p.token()
        figures["sign_in_all_s"] = round(time.monotonic() - t0, 1)
        print(f"signed in {USERS} users through the REST API in {figures['sign_in_all_s']} s")

        ready = []
        for p in people:
            ready.append(p.start_server())
            print(f"  {p.username}: JupyterLab usable after {ready[-1]:.1f} s", flush=True)
        figures["first_lab_s"] = {"median": round(statistics.median(ready), 1),
                                  "max": round(max(ready), 1)}  # fmt: skip
        mem = [memory_mb(f"{hub.prefix}{p.username}") for p in people]
        figures["server_idle_mb"] = round(statistics.median(mem), 1)
        print(f"memory per idle server: median {figures['server_idle_mb']} MiB")

        solo = people[0].execute(session6_code(workspace, "b01"))
        assert solo["error"] is None, solo
        figures["session6_solo_s"] = round(solo["seconds"], 1)
        print(f"session 6 alone: {solo['seconds']:.1f} s")
        levels, fits = {}, 1
        for n in (2, 4, 8, 16, USERS):
            group = people[:n]
            with ThreadPoolExecutor(n) as pool:
                runs = list(pool.map(lambda p: p.execute(session6_code(
                    workspace, "b" + p.username[1:])), group))  # fmt: skip
            assert all(r["error"] is None for r in runs), [r["error"] for r in runs]
            worst = max(r["seconds"] for r in runs)
            levels[n] = round(worst, 1)
            print(f"session 6 with {n} at once: slowest {worst:.1f} s", flush=True)
            if worst > 2 * solo["seconds"]:
                break
            fits = n
        figures["session6_concurrent_s"] = levels
        figures["fits_before_2x"] = fits
        print(f"users at once before a session takes over 2x its solo time: {fits}")

        def kernel_mb(p):
            return memory_mb(f"{hub.prefix}{p.username}")

        figures["server_with_kernel_mb"] = round(statistics.median(map(kernel_mb, people[:4])), 1)

        # 20 saves in the same second, straight to the saving service with each user's token
        run = json.loads((hub.dir / "secrets" / "run.json").read_text())
        url = f"http://127.0.0.1:{run['service_port']}/services/qiteach-save/save"
        barrier = threading.Barrier(SAVERS)
        import requests

        def save(p: HubUser) -> tuple[float, int, str]:
            team = "b" + p.username[1:]
            rows = pd.read_csv(Path(workspace) / "drivers.csv", dtype=str,
                               keep_default_na=False)  # fmt: skip
            rows = rows[rows.team_id == team].drop(columns="team_id").to_dict("records")
            parent = next(r["node_id"] for r in rows if r["kind"] == "secondary")
            rows.append({"node_id": "CI90", "parent_id": parent, "kind": "change_idea",
                         "text": f"Bench idea of {p.username}", "link": "strong"})  # fmt: skip
            body = {"operation": "save_drivers", "team": team, "payload": {"rows": rows}}
            barrier.wait()
            sent = time.time()
            r = requests.post(url, json=body, headers=p.headers(), timeout=300)
            return sent, r.status_code, r.json().get("message", "")

        with ThreadPoolExecutor(SAVERS) as pool:
            saves = list(pool.map(save, people[:SAVERS]))
        sent = [s[0] for s in saves]
        figures["saves_sent_within_s"] = round(max(sent) - min(sent), 3)
        figures["saves_ok"] = sum(1 for s in saves if s[1] == 200)
        from qiteach.workspace import validate_workspace

        report = validate_workspace(workspace)
        drivers = (Path(workspace) / "drivers.csv").read_text()
        present = sum(f"Bench idea of {p.username}" in drivers for p in people[:SAVERS])
        figures["saves_in_workspace"] = present
        figures["workspace_valid"] = report.ok
        print(f"{SAVERS} saves sent within {figures['saves_sent_within_s']} s: "
              f"{figures['saves_ok']} answered Saved, {present} in drivers.csv, "
              f"workspace valid: {report.ok}")  # fmt: skip
        assert present == SAVERS and report.ok, [s[2] for s in saves if s[1] != 200]
        hub.stop()
        figures["clean_stop"] = hub.stopped["code"] == 0 and not hub.stopped["left"]
    shutil.rmtree(top, ignore_errors=True)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
