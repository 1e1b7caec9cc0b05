"""The chart gallery script renders PNGs and alt text (checked on a few entries)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "chart_gallery.py"


@pytest.fixture(scope="module")
def gallery():
    spec = importlib.util.spec_from_file_location("chart_gallery", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gallery_covers_every_chart_type_and_rule_set(gallery):
    from qiteach.charts import CHART_TYPES, RULE_SETS

    covered_charts, covered_rules = set(), set()
    for name in gallery.GALLERY:
        result, _ = gallery.GALLERY[name][1]()
        covered_charts.add(result.chart)
        covered_rules.add(result.rules)
    assert covered_charts == set(CHART_TYPES)
    assert covered_rules == set(RULE_SETS)


@pytest.mark.parametrize("name", ["i_mdc", "p_parts", "run_anhoej"])
def test_gallery_renders_png_and_alt_text(gallery, tmp_path, name):
    assert gallery.main(["--out", str(tmp_path), "--only", name]) == 0
    png, txt = tmp_path / f"{name}.png", tmp_path / f"{name}.txt"
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert txt.read_text(encoding="utf-8").startswith(gallery.GALLERY[name][0])
    assert plt.get_fignums() == []  # every figure closed
