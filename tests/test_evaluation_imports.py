"""Report kernels import qiteach.evaluation often: it must stay light."""

from __future__ import annotations

import subprocess
import sys


def test_evaluation_imports_no_plotting_or_heavy_statistics() -> None:
    code = (
        "import sys\n"
        "import qiteach.evaluation as ev\n"
        "from qiteach.evaluation import aim, cohort, its, kirkpatrick, survey\n"
        "ev.PairedTest, ev.ITSResult, ev.kirkpatrick_table\n"
        "heavy = ('matplotlib', 'scipy', 'statsmodels')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_lazy_name_resolves() -> None:
    import qiteach.evaluation as ev

    for name in ev.__all__:
        assert getattr(ev, name) is not None
