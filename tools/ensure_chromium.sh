#!/usr/bin/env bash
# Make sure Debian's chromium is installed for the browser tests (Playwright drives
# /usr/bin/chromium; no browser is ever downloaded by Playwright itself).
# As root it installs the package with apt-get; otherwise it says how to.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    echo "chromium missing: installing Debian's chromium package" >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
else
    echo "chromium is missing; the browser tests will fail. Install it with:" >&2
    echo "    sudo apt-get install --no-install-recommends chromium" >&2
fi
