"""Security of the cohort hub, tested on a real hub on loopback (JupyterHub, its proxy, the
saving service, per-user system users).

- wrong passwords, unknown users and a used code are refused; a code is not a password;
- a participant cannot open another user's server or files (403), cannot read other
  homes from their kernel, cannot write the workspace, cannot save into another team;
- the hub's secrets are private files; no password, code or token reaches the log;
- no one can listen to another participant's kernel (its output channel checks no key).
"""

from __future__ import annotations

import pwd
import stat
import textwrap
import threading
import time
import uuid

import pytest
import requests
from hubkit import HubUser, running_hub, slip_code, wait_for

from qiteach.hub.runtime import runtime_dir

pytestmark = pytest.mark.slow

PASSWORDS = {"p01": "north-first-pass-1", "p06": "west-first-pass-6"}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with running_hub(tmp_path_factory.mktemp("hubsec")) as h:
        users = {}
        for name, password in PASSWORDS.items():
            u = HubUser(h, name)
            assert u.first_sign_in(slip_code(h.dir, name), password) == 302
            users[name] = u
        h.users = users
        h.codes = {name: slip_code(h.dir, name) for name in PASSWORDS}
        yield h


def test_codes_work_once_and_passwords_are_checked(hub) -> None:
    url = hub.url
    code = hub.codes["p01"]
    assert HubUser(url, "p01").first_sign_in(code, "another-password-9") == 403  # used code
    assert HubUser(url, "p01").sign_in(code) == 403  # a code is not a password
    assert HubUser(url, "p01").sign_in("wrong-password-123") == 403
    assert HubUser(url, "p01").sign_in(PASSWORDS["p01"]) == 302
    assert HubUser(url, "nobody").sign_in(PASSWORDS["p01"]) == 403  # unknown user
    assert HubUser(url, "nobody").first_sign_in(code, "another-password-9") == 403
    # a fresh code for p02 cannot be claimed with someone else's user name
    assert HubUser(url, "p03").first_sign_in(slip_code(hub.dir, "p02"), "pass-word-333") == 403
    assert HubUser(url, "p02").first_sign_in(slip_code(hub.dir, "p02"), "short") == 403


def test_another_users_server_is_refused(hub) -> None:
    p01, p06 = hub.users["p01"], hub.users["p06"]
    p01.start_server()
    # with p06's own token: the API of p01's server refuses
    r = requests.get(f"{hub.url}/user/p01/api/contents", headers=p06.headers(), timeout=60)
    assert r.status_code == 403, r.status_code
    # with p06's browser cookies: no page of p01's server is served
    r = p06.session.get(f"{hub.url}/user/p01/lab", timeout=120)
    assert r.status_code in (403, 404) or "/user/p06/" in r.url, (r.status_code, r.url)
    assert "jupyter-config-data" not in r.text or '"/user/p01/' not in r.text
    # and p01 can use their own
    r = requests.get(f"{hub.url}/user/p01/api/contents", headers=p01.headers(), timeout=60)
    assert r.status_code == 200


def test_kernel_cannot_read_other_homes_nor_write_the_workspace(hub) -> None:
    p01 = hub.users["p01"]
    p01.start_server()
    other_home = hub.dir / "homes" / "p06"
    workspace = hub.dir / "workspace"
    code = textwrap.dedent(
        f"""
        import os, pathlib
        def attempt(label, fn):
            try:
                fn()
                print(label, "ALLOWED")
            except PermissionError:
                print(label, "refused")
        attempt("list-other-home", lambda: os.listdir({str(other_home)!r}))
        attempt("list-homes", lambda: os.listdir({str(hub.dir / "homes")!r}))
        attempt("read-secrets", lambda: os.listdir({str(hub.dir / "secrets")!r}))
        attempt("read-slips", lambda: os.listdir({str(hub.dir / "slips")!r}))
        attempt("write-workspace", lambda: open({str(workspace / "drivers.csv")!r}, "a"))
        attempt("new-file-in-workspace", lambda: open({str(workspace / "x.csv")!r}, "w"))
        drivers = pathlib.Path({str(workspace / "drivers.csv")!r})
        print("read-workspace", len(drivers.read_text()) > 0)
        print("whoami", os.getuid() != 0, os.environ["USER"])
        print("blas-threads", os.environ.get("OPENBLAS_NUM_THREADS"))
        """
    )
    result = p01.execute(code)
    assert result["error"] is None, result
    out = result["stdout"]
    for label in ("list-other-home", "list-homes", "read-secrets", "read-slips",
                  "write-workspace", "new-file-in-workspace"):  # fmt: skip
        assert f"{label} refused" in out, out
    assert "read-workspace True" in out, out
    assert f"whoami True {hub.prefix}p01" in out, out
    assert "blas-threads 1" in out, out  # a kernel per participant, no BLAS pool in each


def test_saves_go_through_the_service_and_only_into_ones_own_team(hub) -> None:
    p01 = hub.users["p01"]
    p01.start_server()
    code = textwrap.dedent(
        """
        import os
        from qiteach.exceptions import SaveRefused
        from qiteach.workspace.save import save_aim
        from qiteach.workspace.saver import get_saver
        ws = os.environ["QITEACH_WORKSPACE"]
        saver = get_saver(ws)
        print("saver", type(saver).__name__)
        try:
            saver.save("save_aim", "west", aim="Hijack the West aim by 2027")
            print("west ALLOWED")
        except SaveRefused as exc:
            print("west refused:", exc)
        try:
            save_aim(ws, "west", user="p01", aim="Straight into the files by 2027")
            print("direct ALLOWED")
        except SaveRefused as exc:
            print("direct refused:", exc)
        aim = ("Reduce the weekly DNA rate for booked face-to-face appointments across the four "
               "North practices from 8% to 4% by 30 September 2026")
        print("north", saver.save("save_aim", "north", aim=aim).message)
        """
    )
    before = (hub.dir / "workspace" / "teams.csv").read_text()
    result = p01.execute(code)
    assert result["error"] is None, result
    out = result["stdout"]
    assert "saver HubSaver" in out, out
    assert "west refused: You can save only into your own team" in out, out
    assert "direct refused:" in out and "cannot write to the workspace" in out, out
    assert "north Saved" in out, out
    after = (hub.dir / "workspace" / "teams.csv").read_text()
    assert "from 8% to 4%" in after and "Hijack" not in after and "Straight" not in after
    assert before != after
    history = (hub.dir / "workspace" / "history.csv").read_text()
    assert "p01" in history and "save_aim" in history
    # the saved file stays readable by everyone's kernels, and writable by the service only
    mode = (hub.dir / "workspace" / "teams.csv").stat().st_mode
    assert stat.S_IMODE(mode) == 0o644


def test_learning_evidence_is_recorded_only_as_oneself(hub) -> None:
    p01 = hub.users["p01"]
    p01.start_server()
    code = textwrap.dedent(
        """
        import os
        from qiteach.exercises.evidence import record
        from qiteach.exercises.feedback import Feedback
        ws = os.environ["QITEACH_WORKSPACE"]
        fb = Feedback(True, "Looks good")
        print("as p02:", record(ws, "north", exercise="aim", feedback=fb, participant="p02"))
        print("as me:", record(ws, "north", exercise="aim", feedback=fb))
        """
    )
    learning = hub.dir / "workspace" / "learning.csv"

    def rows_of(who: str) -> list[str]:
        return [line for line in learning.read_text().splitlines() if line.startswith(who + ",")]

    before_p02 = rows_of("p02")
    result = p01.execute(code)
    assert result["error"] is None, result
    out = result["stdout"]
    assert 'as p02: You can record only your own self-checks, not those of "p02"' in out, out
    assert "as me: Recorded: aim (session 1) for p01, attempt" in out, out
    assert rows_of("p02") == before_p02  # nothing recorded in another person's name
    aim = [r for r in rows_of("p01") if ",1,aim," in r]
    assert len(aim) == 1, aim


def test_a_slip_gets_one_plain_line_in_a_fresh_kernel(hub) -> None:
    """A kernel that has run no first cell (e.g. after a restart) still explains slips."""
    p01 = hub.users["p01"]
    p01.start_server()
    result = p01.execute("my_bonus = nobody")
    assert result["error"] == "NameError: name 'nobody' is not defined", result
    assert result["traceback"] == ['The answer needs quotes around text: my_bonus = "nobody"']


def test_secret_files_are_private(hub) -> None:
    secrets = hub.dir / "secrets"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o700
    for name in ("cookie_secret", "proxy_token", "jupyterhub.sqlite", "credentials.sqlite"):
        path = secrets / name
        assert path.stat().st_uid == 0, name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (name, oct(path.stat().st_mode))
    assert stat.S_IMODE((hub.dir / "slips").stat().st_mode) == 0o700
    assert stat.S_IMODE(hub.dir.stat().st_mode) == 0o711
    for home in (hub.dir / "homes").iterdir():
        assert stat.S_IMODE(home.stat().st_mode) == 0o700, home


def test_no_password_code_or_token_in_the_log(hub) -> None:
    log = hub.log_text()
    secrets = [*PASSWORDS.values(), *hub.codes.values()]
    secrets += [u.api_token for u in hub.users.values() if u.api_token]
    secrets += [(hub.dir / "secrets" / n).read_text().strip()
                for n in ("cookie_secret", "proxy_token")]  # fmt: skip
    for secret in secrets:
        assert secret and secret not in log, "a secret reached the hub's log"
    assert "JUPYTERHUB_API_TOKEN=" not in log


#: Run in p06's kernel: find every socket another hub account's kernel could be listening on
#: (TCP on loopback from /proc/net/tcp*, state 0A, owned by a PREFIX account; kernel Unix
#: sockets under a PREFIX account's runtime folder, from /proc/net/unix), subscribe to
#: everything on each with a zmq SUB socket, and report what arrives. Sockets of other
#: users of the machine (the test suite's own kernels, run on TCP by other workers) are
#: counted as OTHERS and left alone: they are not the hub's.
EAVESDROP = """
import json, pwd, socket, time, zmq
from ipykernel.connect import get_connection_info

own = json.loads(get_connection_info())
own_ports = {v for k, v in own.items() if k.endswith("_port")}

def address(hex_addr):
    raw = bytes.fromhex(hex_addr)
    if len(raw) == 4:
        return socket.inet_ntop(socket.AF_INET, raw[::-1])
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, words)

def hub_account(uid):
    try:
        return pwd.getpwuid(uid).pw_name.startswith("PREFIX")
    except KeyError:
        return False

targets, others = [], 0
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in open(table).read().splitlines()[1:]:
        fields = line.split()
        local, state = fields[1], fields[3]
        hex_addr, hex_port = local.rsplit(":", 1)
        port, ip = int(hex_port, 16), address(hex_addr)
        if state != "0A" or (own["transport"] == "tcp" and port in own_ports):
            continue
        if not hub_account(int(fields[7])):
            others += 1
            continue
        if ip in ("127.0.0.1", "0.0.0.0", "::ffff:127.0.0.1", "::"):
            targets.append(f"tcp://127.0.0.1:{port}")
        elif ip == "::1":
            targets.append(f"tcp://[::1]:{port}")
for line in open("/proc/net/unix").read().splitlines()[1:]:
    path = line.split()[-1] if len(line.split()) > 7 else ""
    if "kernel-" in path and "-ipc-" in path and not path.startswith(own["ip"]):
        if "/PREFIX" in path:
            targets.append(f"ipc://{path}")
        else:
            others += 1
targets = sorted(set(targets))
print("OTHERS", others)

ctx = zmq.Context()
poller = zmq.Poller()
for target in targets:
    sub = ctx.socket(zmq.SUB)
    sub.ipv6 = True
    sub.reconnect_ivl = 1000
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(target)
    poller.register(sub, zmq.POLLIN)
print("TARGETS", len(targets), " ".join(targets))
received, deadline = [], time.monotonic() + LISTEN
while time.monotonic() < deadline:
    for sub, _ in poller.poll(500):
        frames = sub.recv_multipart()
        received.append(" | ".join(f.decode(errors="replace")[:300] for f in frames))
print("RECEIVED", len(received))
for text in received[:20]:
    print("GOT", text)
"""


def test_no_one_can_listen_to_another_participants_kernel(hub) -> None:
    """A kernel's IOPub channel is a zmq PUB socket: it sends every output to whoever
    subscribes, without the key. p06 listens on every kernel socket it can find while
    p01's kernel prints a secret; nothing reaches p06."""
    p01, p06 = hub.users["p01"], hub.users["p06"]
    p01.start_server()
    p06.start_server()
    secret = f"patient-row-{uuid.uuid4().hex}"
    speaker: dict = {}
    speak = (
        "import time\nfor _ in range(1200):\n"
        f"    print({secret!r}, flush=True)\n    time.sleep(0.5)"
    )
    thread = threading.Thread(target=lambda: speaker.update(p01.execute(speak, timeout=900)))
    thread.start()
    kernels = f"{hub.url}/user/p01/api/kernels"

    def busy_kernel() -> str:
        r = requests.get(kernels, headers=p01.headers(), timeout=60)
        return next((k["id"] for k in r.json() if k["execution_state"] == "busy"), "")

    try:
        kernel = wait_for("p01's kernel to be printing", busy_kernel, timeout=300)
        # its sockets are files in p01's own runtime folder, which only p01 may enter
        folder = runtime_dir(f"{hub.prefix}p01")
        sockets = [p for p in folder.glob(f"kernel-{kernel}-ipc-*") if p.is_socket()]
        assert len(sockets) == 5, sorted(folder.iterdir())
        owner = folder.stat()
        # (jupyter_server adds the sticky bit: 0o1700)
        assert stat.S_IMODE(owner.st_mode) & 0o777 == 0o700, oct(owner.st_mode)
        assert pwd.getpwuid(owner.st_uid).pw_name == f"{hub.prefix}p01"
        time.sleep(2)  # a few prints have gone out before p06 starts listening
        listen = EAVESDROP.replace("LISTEN", "60").replace("PREFIX", hub.prefix)
        heard = p06.execute(listen, timeout=600)
    finally:
        for k in requests.get(kernels, headers=p01.headers(), timeout=60).json():
            requests.post(f"{kernels}/{k['id']}/interrupt", headers=p01.headers(), timeout=60)
        thread.join(timeout=300)
    assert kernel and secret in speaker["stdout"], speaker  # p01's kernel did print it
    assert heard["error"] is None, heard
    out = heard["stdout"]
    assert "TARGETS" in out and "RECEIVED" in out, out
    # p01's five kernel sockets were among those tried
    assert all(f"ipc://{path}" in out for path in sockets), out[:3000]
    assert secret not in out, f"p06 read p01's kernel output:\n{out[:3000]}"
    assert "RECEIVED 0" in out, out
    assert "Kernel is running over TCP without encryption" not in hub.log_text()
