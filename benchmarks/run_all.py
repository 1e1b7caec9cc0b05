"""Run every benchmark script in turn and print their figures (``make bench``).

Each script is a separate process so one's memory and imports never colour the
next one's timings. Figures are printed, not asserted: timed tests flake.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "bench_startup.py",
    "bench_charts.py",
    "bench_widgets.py",
    "bench_workspace.py",
    "bench_reports.py",
    "bench_envelope.py",
)


def main() -> int:
    """Run each benchmark; return non-zero if any script failed."""
    failed = 0
    for name in SCRIPTS:
        print(f"\n=== {name} ===", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / name)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
