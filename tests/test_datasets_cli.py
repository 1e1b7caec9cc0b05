"""``qiteach simulate`` and ``qiteach datasets`` (qiteach/cli/datasets.py)."""

from __future__ import annotations

import pandas as pd

from qiteach.cli import main
from qiteach.datasets import dataset_path


def test_datasets_lists_every_name(capsys) -> None:
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    for name in ("demo-programme", "collaborative", "dna-weekly", "red-beads", "chart-p"):
        assert name in out


def test_datasets_name_prints_path(capsys) -> None:
    assert main(["datasets", "appointment-log"]) == 0
    assert capsys.readouterr().out.strip() == str(dataset_path("appointment-log"))


def test_datasets_unknown_name_is_one_line_exit_2(capsys) -> None:
    assert main(["datasets", "dna-weekley"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and 'did you mean "dna-weekly"' in err


def test_simulate_collaborative_options_and_force(tmp_path, capsys) -> None:
    out = tmp_path / "c"
    args = ["simulate", "collaborative", str(out), "--practices", "10", "--months", "8"]
    assert main([*args, "--seed", "4"]) == 0
    assert "SYNTHETIC" in capsys.readouterr().out
    teams = pd.read_csv(out / "teams.csv")
    assert len(teams) == 10
    assert pd.read_csv(out / "measurements.csv")["period"].nunique() == 8 + 6
    first = (out / "measurements.csv").read_bytes()
    assert main(args) == 2  # exists: refuses without --force
    assert "--force" in capsys.readouterr().err
    assert main([*args, "--seed", "5", "--force"]) == 0
    assert (out / "measurements.csv").read_bytes() != first


def test_simulate_demo_matches_shipped(tmp_path) -> None:
    assert main(["simulate", "demo", str(tmp_path / "d")]) == 0
    shipped = dataset_path("demo-programme")
    for path in shipped.iterdir():
        assert (tmp_path / "d" / path.name).read_bytes() == path.read_bytes(), path.name


def test_simulate_scale_and_teaching(tmp_path) -> None:
    assert main(["simulate", "scale", str(tmp_path / "s"), "--teams", "5", "--periods", "12"]) == 0
    assert len(pd.read_csv(tmp_path / "s" / "measurements.csv")) == 5 * 10 * 12
    assert main(["simulate", "teaching", str(tmp_path / "t")]) == 0
    assert (tmp_path / "t" / "appointment-log.csv").is_file()


def test_simulate_bad_size_is_exit_2(tmp_path, capsys) -> None:
    assert main(["simulate", "collaborative", str(tmp_path / "x"), "--months", "2"]) == 2
    assert "months" in capsys.readouterr().err
