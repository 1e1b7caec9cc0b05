"""Team report charts with the Making Data Count rules: readable axis, icons clear of the title."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import qiteach
from qiteach.reports import sections as S


@pytest.mark.parametrize("team", ["aire-valley-01", "derwent-01", "calder-01"])
def test_mdc_team_charts_say_percent_and_keep_icons_clear(team, collaborative_programme) -> None:
    programme = collaborative_programme
    sections = list(S.measure_sections(programme.team(team), "mdc"))
    units = programme.measures.set_index(["team_id", "measure_id"])["unit"]
    for section in sections:
        fig = section.figure
        ax = fig.axes[0]
        unit = units.loc[(team, section.measure_id)]
        want = "Percent" if unit == "%" else unit[:1].upper() + unit[1:]
        assert ax.get_ylabel() == want  # not "Value" (the XmR chart of a percentage)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        title = ax.title.get_window_extent(renderer)
        icons = [a for a in ax.child_axes if a.get_label().startswith("mdc-")]
        assert icons, "MDC charts carry their icons"
        boxes = [i.get_tightbbox(renderer) for i in icons]
        for box in boxes:
            assert not box.overlaps(title), (section.name, "icon over the title")
        for a, b in itertools.pairwise(boxes):
            assert not a.overlaps(b), (section.name, "icons overlap each other")
        plt.close(fig)


def test_a_long_title_wraps_clear_of_the_icons(tmp_path) -> None:
    import shutil

    import pandas as pd

    from qiteach.datasets import dataset_path

    ws = shutil.copytree(dataset_path("collaborative"), tmp_path / "ws")
    rows = pd.read_csv(ws / "measures.csv", dtype=str, keep_default_na=False)
    long = "People with diabetes whose latest HbA1c in the last 12 months is 58 mmol/mol or less"
    rows.loc[rows["measure_id"] == "hba1c_target", "name"] = long
    rows.to_csv(ws / "measures.csv", index=False)
    team = qiteach.open_workspace(ws).team("aire-valley-01")
    section = next(iter(S.measure_sections(team, "mdc")))
    fig = section.figure
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title = ax.title.get_window_extent(renderer)
    assert "\n" in ax.get_title(loc="left")
    for icon in ax.child_axes:
        assert not icon.get_tightbbox(renderer).overlaps(title)
    plt.close(fig)
