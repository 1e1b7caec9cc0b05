"""The savers: LocalSaver into a folder, HubSaver over HTTP to a real local endpoint.

The endpoint here is a real ``http.server`` on loopback that speaks the wire format of
SAVE-CONTRACT (the hub's saving service is tested in the hub's own tests): it checks the
``Authorization: token ...`` header, refuses a participant saving another team (403) and
dispatches to ``qiteach.workspace.save.OPERATIONS`` as the signed-in user.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from qiteach.datasets import dataset_path
from qiteach.exceptions import SaveRefused
from qiteach.workspace import validate_workspace
from qiteach.workspace.save import OPERATIONS, read_history
from qiteach.workspace.saver import HubSaver, LocalSaver, get_saver

TOKENS = {"tok-north-p01": ("p01", "north"), "tok-trainer": ("trainer1", None)}
AIM = "Reduce the DNA rate at Elm Surgery from 8% to 4% by 31 May 2026"


@pytest.fixture
def ws(tmp_path):
    return Path(shutil.copytree(dataset_path("demo-programme"), tmp_path / "ws"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != ".qiteach.lock"}


@pytest.fixture
def service(ws):
    """A loopback saving service for ``ws``; yields (base URL, list of requests seen)."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep pytest output clean
            pass

        def _answer(self, code: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            seen.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
            if self.path == "/services/qiteach-save/broken/save":
                self.send_response(502)
                self.end_headers()
                self.wfile.write(b"<html>Bad gateway</html>")
                return
            if self.path != "/services/qiteach-save/save":
                return self._answer(404, {"ok": False, "message": "Not saved: no such page"})
            auth = self.headers.get("Authorization", "")
            who = TOKENS.get(auth.removeprefix("token "))
            if not auth.startswith("token ") or who is None:
                return self._answer(403, {"ok": False, "message": "Not saved: not signed in"})
            user, own_team = who
            if own_team is not None and body["team"] != own_team:
                return self._answer(
                    403,
                    {
                        "ok": False,
                        "message": f"Not saved: you can change only team {own_team}'s work",
                    },
                )
            try:
                r = OPERATIONS[body["operation"]](ws, body["team"], user=user, **body["payload"])
            except SaveRefused as exc:
                return self._answer(400, {"ok": False, "message": str(exc)})
            self._answer(
                200,
                {
                    "ok": True,
                    "message": r.message,
                    "table": r.table,
                    "team": r.team,
                    "rows": r.rows,
                },
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/services/qiteach-save", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=60)


def test_get_saver_chooses_the_hub_only_when_the_hub_set_it_up(ws, tmp_path):
    assert isinstance(get_saver(ws, environ={}), LocalSaver)
    env = {"QITEACH_SAVE_URL": "http://127.0.0.1:9/s", "JUPYTERHUB_API_TOKEN": "t"}
    assert isinstance(get_saver(ws, environ=env), HubSaver)
    assert isinstance(get_saver(ws, environ={**env, "QITEACH_WORKSPACE": str(ws)}), HubSaver)
    own = tmp_path / "my-copy"  # a notebook pointed at a participant's own folder saves there
    assert isinstance(get_saver(own, environ={**env, "QITEACH_WORKSPACE": str(ws)}), LocalSaver)


def test_local_saver_saves_as_the_given_user(ws):
    r = LocalSaver(ws, user="laptop-user").save("save_aim", "north", aim=AIM)
    assert r.message == "Saved: North Locality's aim."
    assert read_history(ws)[-1]["user"] == "laptop-user"
    with pytest.raises(SaveRefused, match='"save_everything" is not a save operation'):
        LocalSaver(ws).save("save_everything", "north")


def test_hub_saver_saves_through_the_service_as_the_hub_user(ws, service):
    url, seen = service
    env = {
        "QITEACH_SAVE_URL": url,
        "JUPYTERHUB_API_TOKEN": "tok-north-p01",
        "QITEACH_WORKSPACE": str(ws),
    }
    saver = get_saver(ws, environ=env)
    r = saver.save("save_aim", "north", aim=AIM)
    assert (r.message, r.table, r.team, r.rows) == (
        "Saved: North Locality's aim.",
        "teams",
        "north",
        1,
    )
    assert read_history(ws)[-1]["user"] == "p01"  # who the hub says, not the kernel's user
    assert seen[-1] == {
        "path": "/services/qiteach-save/save",
        "auth": "token tok-north-p01",
        "operation": "save_aim",
        "team": "north",
        "payload": {"aim": AIM},
    }
    assert "tok-north-p01" not in repr(saver)
    assert validate_workspace(ws).ok


def test_dates_in_a_payload_travel_as_text(ws, service):
    import datetime as dt

    url, seen = service
    saver = HubSaver(url, "tok-north-p01")
    r = saver.save("save_progress", "north", rows=[{"date": dt.date(2026, 9, 14), "score": 3.0}])
    assert r.message == "Saved: progress score 3.0 on 2026-09-14 for North Locality."
    assert seen[-1]["payload"]["rows"][0]["date"] == "2026-09-14"


def test_hub_refusals_become_save_refused_and_change_nothing(ws, service):
    url, _ = service
    before = snapshot(ws)
    participant = HubSaver(url, "tok-north-p01")
    with pytest.raises(SaveRefused, match=r"^Not saved: you can change only team north's work$"):
        participant.save("save_aim", "west", aim=AIM)  # 403
    import csv

    with open(ws / "drivers.csv", encoding="utf-8", newline="") as fh:
        keep = [
            {k: v for k, v in r.items() if k != "team_id"}
            for r in csv.DictReader(fh)
            if r["team_id"] == "north"
        ]
    bad = [{"node_id": "S7", "parent_id": "P99", "kind": "secondary", "text": "Orphan"}]
    with pytest.raises(SaveRefused, match=r"^Not saved: drivers\.csv:\d+:parent_id: .*P99"):
        participant.save("save_drivers", "north", rows=keep + bad)  # 400 from the validator
    with pytest.raises(SaveRefused, match=r"^Not saved: not signed in$"):
        HubSaver(url, "stolen-or-wrong").save("save_aim", "north", aim=AIM)
    with pytest.raises(SaveRefused, match="no hub token"):
        HubSaver(url, None).save("save_aim", "north", aim=AIM)
    with pytest.raises(SaveRefused, match=r"answered HTTP 502 \(fix: ask your trainer\)$"):
        HubSaver(url + "/broken", "tok-north-p01").save("save_aim", "north", aim=AIM)
    assert snapshot(ws) == before
    trainer = HubSaver(url, "tok-trainer")
    assert trainer.save("save_aim", "west", aim=AIM).message == "Saved: West Locality's aim."


def test_an_unreachable_hub_is_one_line_without_the_token(ws):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    saver = HubSaver(f"http://127.0.0.1:{port}/services/qiteach-save", "secret-token-123")
    with pytest.raises(SaveRefused) as err:
        saver.save("save_aim", "north", aim=AIM)
    msg = str(err.value)
    assert msg.startswith("Could not reach the hub's saving service: ")
    assert msg.endswith("(fix: ask your trainer)") and "\n" not in msg
    assert "secret-token-123" not in msg
