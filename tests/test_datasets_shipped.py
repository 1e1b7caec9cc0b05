"""The shipped datasets regenerate byte-identically from their seeded generator."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from qiteach.datasets import datasets_root
from qiteach.simulate import generate_shipped

ROOT = Path(__file__).resolve().parents[1] / "datasets"
SHIPPED = ("demo-programme", "collaborative", "teaching", "chart-examples")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))}


def test_regenerating_gives_identical_bytes(tmp_path) -> None:
    assert datasets_root() == ROOT
    written = generate_shipped(tmp_path)
    assert [p.name for p in written] == list(SHIPPED)
    for name in SHIPPED:
        fresh, shipped = _files(tmp_path / name), _files(ROOT / name)
        assert sorted(fresh) == sorted(shipped), name
        changed = [f for f in fresh if fresh[f] != shipped[f]]
        assert changed == [], f"{name}: regenerate with `python datasets/generate.py`"


def test_generate_script_check_mode_reports_differences(tmp_path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate_shipped(tmp_path / "fresh")
    assert module.differences(tmp_path / "fresh", ROOT) == []
    tampered = tmp_path / "fresh" / "teaching" / "red-beads.csv"
    tampered.write_text(tampered.read_text() + "5,Zed,9,50\n")
    assert module.differences(tmp_path / "fresh", ROOT) == ["teaching/red-beads.csv"]


def test_every_shipped_file_is_small_and_labelled_synthetic() -> None:
    for name in SHIPPED:
        for path in (ROOT / name).rglob("*"):
            assert path.stat().st_size < 1_000_000, path
        assert "SYNTHETIC" in (ROOT / name / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in (ROOT / "README.md").read_text(encoding="utf-8")
