"""``qiteach hub init`` and friends without starting the hub: what it makes, what it refuses.

Bad input is one line and exit 2 with nothing half-written (no HUB_DIR, no system user);
the Kubernetes output loads into KubeSpawner's own configuration classes.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import stat
import time

import pytest
import yaml
from hubkit import need_root, qiteach

from qiteach.datasets import dataset_path

# Each test runs `qiteach hub ...` as a process and makes system users: seconds to a minute
# each, so they run in `make test`, not in the fast lane.
pytestmark = pytest.mark.slow


def _prefix() -> str:
    return f"qi{os.getpid() % 10000}{int(time.monotonic() * 1000) % 10000}-"


def _users_with(prefix: str) -> list[str]:
    return [p.pw_name for p in pwd.getpwall() if p.pw_name.startswith(prefix)]


@pytest.fixture
def hubtmp():
    """A folder the hub's system users can pass through (pytest's tmp_path is 0700)."""
    import tempfile
    from pathlib import Path

    top = Path(tempfile.mkdtemp(prefix="qiteach-hub-test-", dir="/tmp"))
    top.chmod(0o711)
    yield top
    shutil.rmtree(top, ignore_errors=True)


@pytest.fixture
def workspace(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(dataset_path("demo-programme"), ws)
    return ws


def _refused(tmp_path, ws, *extra: str, hub=None) -> str:
    prefix = _prefix()
    hub = hub or tmp_path / "hub"
    proc = qiteach("hub", "init", str(ws), str(hub), "--system-prefix", prefix, "--no-pdf",
                   *extra, check=False)  # fmt: skip
    assert proc.returncode == 2, proc
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert _users_with(prefix) == []  # no system user left behind
    assert [p.name for p in hub.parent.iterdir() if p.name.startswith(".hub.")] == []
    return lines[0]


def test_invalid_workspace_is_refused(hubtmp, workspace) -> None:
    tmp_path = hubtmp
    need_root()
    teams = workspace / "drivers.csv"
    teams.write_text(teams.read_text().replace("north,P1,,primary", "north,P1,,primry"))
    line = _refused(tmp_path, workspace)
    assert "is not a valid workspace" in line and "drivers.csv" in line, line
    assert not (tmp_path / "hub").exists()


def test_participant_without_a_team_is_refused(hubtmp, workspace) -> None:
    tmp_path = hubtmp
    need_root()
    people = workspace / "participants.csv"
    people.write_text(people.read_text().replace("p05,Ellis Brook,nurse,north",
                                                 "p05,Ellis Brook,nurse,"))  # fmt: skip
    line = _refused(tmp_path, workspace)
    assert "participants.csv:6:team_id" in line, line
    assert not (tmp_path / "hub").exists()


def test_duplicate_display_names_are_refused(hubtmp, workspace) -> None:
    tmp_path = hubtmp
    need_root()
    people = workspace / "participants.csv"
    people.write_text(people.read_text().replace("Beth Carver", "Dr Amira Hale"))
    line = _refused(tmp_path, workspace)
    assert 'display name "Dr Amira Hale" is used twice' in line and "participants.csv:3" in line
    assert not (tmp_path / "hub").exists()


def test_existing_hub_dir_needs_force(hubtmp, workspace) -> None:
    tmp_path = hubtmp
    need_root()
    hub = tmp_path / "hub"
    hub.mkdir()
    (hub / "keep.txt").write_text("mine")
    line = _refused(tmp_path, workspace, hub=hub)
    assert "already exists" in line and "--force" in line, line
    assert [p.name for p in hub.iterdir()] == ["keep.txt"]


KUBECONFIG = """apiVersion: v1
kind: Config
current-context: offline
contexts: [{name: offline, context: {cluster: offline, user: offline}}]
clusters: [{name: offline, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: offline, user: {token: not-a-real-token}}]
"""


def test_init_makes_private_hub_and_k8s_config_loads_in_kubespawner(
    tmp_path, hubtmp, monkeypatch
) -> None:
    need_root()
    (tmp_path / "kubeconfig").write_text(KUBECONFIG)  # loaded, never contacted
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "kubeconfig"))
    from qiteach.hub.init import remove_hub

    prefix = _prefix()
    hub = hubtmp / "hub"
    try:
        out = qiteach("hub", "init", "demo-programme", str(hub), "--system-prefix", prefix,
                      "--target", "k8s", "--idle-timeout", "900").stdout  # fmt: skip
        assert "13 participant and 2 trainer accounts" in out, out
        assert sorted(_users_with(prefix)) == sorted(
            [f"{prefix}p{i:02d}" for i in range(1, 14)] + [f"{prefix}t01", f"{prefix}t02",
                                                            f"{prefix}workspace"]
        )  # fmt: skip
        for name in ("cookie_secret", "proxy_token", "credentials.sqlite", "jupyterhub.sqlite"):
            assert stat.S_IMODE((hub / "secrets" / name).stat().st_mode) == 0o600
        assert (hub / "slips" / "slips.pdf").read_bytes()[:4] == b"%PDF"
        assert stat.S_IMODE((hub / "homes" / "p01").stat().st_mode) == 0o700
        assert (hub / "homes" / "p01").stat().st_uid == pwd.getpwnam(f"{prefix}p01").pw_uid
        # a second init without --force is refused, the first hub untouched
        again = qiteach("hub", "init", "demo-programme", str(hub), "--system-prefix", prefix,
                        check=False)  # fmt: skip
        assert again.returncode == 2 and "already exists" in again.stderr

        # Kubernetes: the config loads into KubeSpawner's own traits, with no unknown key
        from kubespawner import KubeSpawner
        from traitlets.config import PyFileConfigLoader

        cfg = PyFileConfigLoader("qiteach_kube_config.py", path=str(hub / "k8s")).load_config()
        assert set(cfg) == {"KubeSpawner"}
        known = set(KubeSpawner.class_trait_names(config=True))
        assert set(cfg.KubeSpawner) - known == set()

        async def make() -> KubeSpawner:  # KubeSpawner builds its API client in a loop
            return KubeSpawner(config=cfg, _mock=True)

        spawner = asyncio.run(make())
        assert spawner.image == "qiteach-singleuser:0.1.0"
        mounts = {m["name"]: m for m in spawner.volume_mounts}
        assert mounts["workspace"]["readOnly"] is True
        assert spawner.environment["QITEACH_WORKSPACE"] == "/srv/workspace"
        assert spawner.environment["OPENBLAS_NUM_THREADS"] == "1"
        spawner.user.name = "p06"
        cfg.KubeSpawner.pre_spawn_hook(spawner)
        assert spawner.environment["QITEACH_TEAM"] == "west"
        values = yaml.safe_load((hub / "k8s" / "values.yaml").read_text())
        assert values["cull"]["timeout"] == 900
        assert (
            values["hub"]["extraConfig"]["qiteach"]
            == (hub / "k8s" / "qiteach_kube_config.py").read_text()
        )
        docs = list(yaml.safe_load_all((hub / "k8s" / "save-service.yaml").read_text()))
        assert [d["kind"] for d in docs] == ["PersistentVolumeClaim", "Deployment", "Service"]
    finally:
        remove_hub(hub)
    assert _users_with(prefix) == []


def test_release_fills_team_and_workspace(hubtmp) -> None:
    need_root()
    import nbformat

    from qiteach.hub.init import remove_hub

    prefix = _prefix()
    hub = hubtmp / "hub"
    try:
        qiteach("hub", "init", "demo-programme", str(hub), "--system-prefix", prefix, "--no-pdf")
        out = qiteach("hub", "release", str(hub), "--session", "3").stdout
        assert "15 notebooks released" in out, out
        nb = nbformat.read(hub / "homes" / "p06" / "03-driver-diagrams.ipynb", as_version=4)
        params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        assert f"workspace: str = '{hub / 'workspace'}'" in params.source
        assert "team: str = 'west'" in params.source
        settings = nb.cells[nb.cells.index(params) - 1].source
        assert "your team, **West Locality**" in settings and "Change `team`" not in settings
        trainer_nb = nbformat.read(hub / "homes" / "t01" / "03-driver-diagrams.ipynb", as_version=4)
        t_params = next(c for c in trainer_nb.cells if "parameters" in c.metadata.get("tags", []))
        assert (
            "To open another team, change `team`"
            in trainer_nb.cells[trainer_nb.cells.index(t_params) - 1].source
        )
        trainer = (hub / "homes" / "t01" / "03-driver-diagrams.ipynb").read_text()
        assert "Trainer" in trainer or "trainer" in trainer
        again = qiteach("hub", "release", str(hub), "--session", "3").stdout
        assert "0 notebooks released, 15 people already had theirs (kept)" in again
        bad = qiteach("hub", "release", str(hub), "--session", "12", check=False)
        assert bad.returncode == 2 and "no session 12 notebook" in bad.stderr
        # late joiner gets the released session; a leaver's notebooks are kept
        add = qiteach("hub", "add-user", str(hub), "--id", "p14", "--name", "Nia Late",
                      "--team", "south", "--role", "nurse")  # fmt: skip
        assert "slip-p14." in add.stdout
        assert (hub / "homes" / "p14" / "03-driver-diagrams.ipynb").exists()
        assert "p14,Nia Late,nurse,south" in (hub / "workspace" / "participants.csv").read_text()
        dup = qiteach("hub", "add-user", str(hub), "--id", "p15", "--name", "Nia Late",
                      "--team", "south", check=False)  # fmt: skip
        assert dup.returncode == 2 and "used twice" in dup.stderr
        gone = qiteach("hub", "remove-user", str(hub), "--id", "p14")
        assert "removed p14" in gone.stdout and not (hub / "homes" / "p14").exists()
        assert f"{prefix}p14" not in _users_with(prefix)
        status = qiteach("hub", "status", str(hub)).stdout
        assert "hub stopped" in status and "code not used yet" in status
    finally:
        remove_hub(hub)
