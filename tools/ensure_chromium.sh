#!/usr/bin/env bash
# Make sure Debian's headless Chromium is installed for PDFs and the browser tests
# (the PDF printer and the tests' Playwright drive /usr/bin/chromium-headless-shell,
# else /usr/bin/chromium; no browser is ever downloaded). The headless shell prints the same
# pages as the full browser for about a quarter less CPU (docs/performance.md).
# As root it installs the package with apt-get; otherwise it says how to.
set -euo pipefail
if command -v chromium-headless-shell >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    echo "chromium-headless-shell missing: installing Debian's package" >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium-headless-shell
elif command -v chromium >/dev/null 2>&1; then
    echo "note: printing with the full chromium (about a quarter more CPU per PDF)." >&2
    echo "    For the headless shell: sudo apt-get install --no-install-recommends chromium-headless-shell" >&2
else
    echo "chromium-headless-shell is missing; the browser tests will fail. Install it with:" >&2
    echo "    sudo apt-get install --no-install-recommends chromium-headless-shell" >&2
fi
