"""The Sustainability Model chart: what is drawn, and no text overlapping other text or bars."""

from __future__ import annotations

import itertools

import matplotlib
import matplotlib.pyplot as plt
import pytest

from qiteach.plot.sustainability import SUSTAIN_COLOURS, plot_sustainability
from qiteach.tools.sustainability import EXAMPLE_RATINGS, FACTORS, sustainability_score

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _by_gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


def test_bars_are_the_points_and_the_maximum_of_each_factor():
    result = sustainability_score(EXAMPLE_RATINGS)
    ax = plot_sustainability(result)
    maxima = _by_gid(ax.patches, "sustain-max")
    solid = _by_gid(ax.patches, "sustain-points") + _by_gid(ax.patches, "sustain-act-on")
    assert len(maxima) == 10 and len(solid) == 10
    assert sorted(p.get_width() for p in maxima) == [3] * 10
    solid.sort(key=lambda p: p.get_y())  # top to bottom = model order
    assert [p.get_width() for p in solid] == result.factors["points"].tolist()
    # the two factors with most to gain (senior leaders, infrastructure) are marked
    act = _by_gid(ax.patches, "sustain-act-on")
    assert len(act) == 2
    assert {matplotlib.colors.to_hex(p.get_facecolor()) for p in act} == {
        SUSTAIN_COLOURS["act_on"].lower()
    }
    values = [t.get_text() for t in _by_gid(ax.texts, "sustain-value")]
    assert values[6] == "0 of 3: not in place (act on)"
    assert values[0] == "2 of 3: mostly"
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "PROCESS: 8 of 12" and "STAFF: 6 of 12" in ticks
    assert "ORGANISATION: 2 of 6" in ticks
    assert len(ticks) == 13
    assert ax.get_title(loc="left") == "Sustainability self-assessment: 16 of 30 (unweighted)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["points", "most to gain: act on", "maximum"]


def test_no_act_on_entry_when_every_factor_is_fully_in_place():
    ax = plot_sustainability({f.key: 3 for f in FACTORS})
    assert _by_gid(ax.patches, "sustain-act-on") == []
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["points", "maximum"]


def test_a_dollar_in_a_title_is_plain_text():
    ax = plot_sustainability(EXAMPLE_RATINGS, title="Cost $5 \\notacommand{x$")
    ax.figure.canvas.draw()
    assert ax._left_title.get_parse_math() is False
    assert ax.get_title(loc="left") == "Cost $5 \\notacommand{x$"


@pytest.mark.parametrize("width", [5.5, 9.0, 14.0])
@pytest.mark.parametrize(
    "ratings",
    [EXAMPLE_RATINGS, {f.key: 0 for f in FACTORS}, {f.key: 3 for f in FACTORS}],
    ids=["example", "all-not-in-place", "all-in-place"],
)
def test_no_text_overlaps_text_or_bars_and_all_inside_the_figure(width, ratings, tmp_path):
    ax = plot_sustainability(ratings, width=width)
    fig = ax.figure
    fig.savefig(tmp_path / "s.png")  # lays the figure out
    renderer = fig.canvas.get_renderer()
    texts = [t for t in ax.get_yticklabels() if t.get_text()]
    texts += [t for t in ax.texts if t.get_text()]
    texts += [ax._left_title, ax.xaxis.label]
    boxes = [t.get_window_extent(renderer) for t in texts]
    legend = ax.get_legend().get_window_extent(renderer)
    boxes.append(legend)
    names = [t.get_text() for t in texts] + ["legend"]

    def clash(a, b):
        return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1

    clashes = [
        (names[i], names[j])
        for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2)
        if clash(a, b)
    ]
    assert clashes == []
    bars = [p.get_window_extent(renderer) for p in ax.patches]
    on_bars = [names[i] for i, b in enumerate(boxes) if any(clash(b, bar) for bar in bars)]
    assert on_bars == []
    f = fig.bbox
    for name, b in zip(names, boxes, strict=True):
        assert f.x0 <= b.x0 and b.x1 <= f.x1 and f.y0 <= b.y0 and b.y1 <= f.y1, name
