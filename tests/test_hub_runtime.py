"""Each person's runtime folder (kernel sockets): root-made, theirs, private, short enough."""

from __future__ import annotations

import os
import pwd
import stat

import pytest

from qiteach.hub.runtime import RUNTIME_ROOT, make_runtime_dir, remove_runtime_dir, sockets_fit


def test_runtime_dir_is_the_persons_own_and_private_even_under_umask_077() -> None:
    if os.geteuid() != 0:
        pytest.skip("making a folder for another user needs root")
    nobody = pwd.getpwnam("nobody")
    old = os.umask(0o077)  # as under `qiteach hub start`
    try:
        stale = make_runtime_dir("nobody")
        (stale / "kernel-old-ipc-1").write_text("left by an earlier server")
        folder = make_runtime_dir("nobody")  # a new server: the folder starts empty
    finally:
        os.umask(old)
    try:
        assert list(folder.iterdir()) == []
        st = folder.stat()
        assert (st.st_uid, st.st_gid) == (nobody.pw_uid, nobody.pw_gid)
        assert stat.S_IMODE(st.st_mode) == 0o700
        root = os.lstat(RUNTIME_ROOT)
        assert root.st_uid == 0 and stat.S_IMODE(root.st_mode) == 0o755  # others pass through
        assert sockets_fit(folder)
    finally:
        remove_runtime_dir("nobody")
    assert not folder.exists()
