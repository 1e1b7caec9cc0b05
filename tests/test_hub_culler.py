"""The idle culler stops a server left idle for the hub's ``--idle-timeout`` (here 20 s)."""

from __future__ import annotations

import pytest
import requests
from hubkit import HubUser, running_hub, slip_code, wait_for

pytestmark = pytest.mark.slow


def test_idle_server_is_stopped_after_the_configured_time(tmp_path) -> None:
    with running_hub(tmp_path, init_args=("--idle-timeout", "20")) as hub:
        user = HubUser(hub, "p03")
        assert user.first_sign_in(slip_code(hub.dir, "p03"), "p03-idle-password") == 302
        user.start_server()

        def servers() -> dict:
            r = requests.get(f"{hub.url}/hub/api/users/p03", headers=user.headers(), timeout=60)
            return r.json()["servers"]

        assert servers()  # running now
        wait_for("the culler to stop p03's idle server", lambda: servers() == {}, timeout=400)
        assert "Culling server p03" in hub.log_text()
