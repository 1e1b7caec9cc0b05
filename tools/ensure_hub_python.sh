#!/usr/bin/env bash
# The hub's user servers and saving service run as unprivileged system users, so their
# Python must be readable by every user: Debian's /usr/bin/python3 (a pyenv Python under
# /root is not). This makes sure its venv module is there (python3-venv), as root with
# apt-get; otherwise it says how to.
set -euo pipefail
PY="${1:-/usr/bin/python3}"
if "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    echo "$PY has no venv module: installing Debian's python3-venv" >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv
else
    echo "$PY has no venv module; the hub cannot start servers. Install it with:" >&2
    echo "    sudo apt-get install --no-install-recommends python3-venv" >&2
    exit 1
fi
