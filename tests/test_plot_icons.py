"""Tests for qiteach.plot.icons: Making Data Count variation and assurance icons."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import same_color
from matplotlib.patches import Circle

from qiteach.exceptions import InputError
from qiteach.plot import icons
from qiteach.plot.style import MDC_COLOURS

pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture
def ax():
    _, ax = plt.subplots(figsize=(9, 4.5))
    return ax


@pytest.mark.parametrize(
    ("point_type", "direction", "key"),
    [
        ("special_cause_improvement", "increase", "special_cause_improvement_high"),
        ("special_cause_improvement", "decrease", "special_cause_improvement_low"),
        ("special_cause_concern", "increase", "special_cause_concern_low"),
        ("special_cause_concern", "decrease", "special_cause_concern_high"),
        ("special_cause_neutral_high", "neutral", "special_cause_neutral_high"),
        ("common_cause", "increase", "common_cause"),
        (None, "increase", None),
    ],
)
def test_variation_key(point_type, direction, key):
    assert icons.variation_key(point_type, direction) == key


def test_variation_key_rejects_nonsense():
    with pytest.raises(InputError, match="point_type"):
        icons.variation_key("special_cause_maybe", "increase")
    with pytest.raises(InputError, match="direction"):
        icons.variation_key("special_cause_improvement", "neutral")


def _ring(icon_ax):
    rings = [p for p in icon_ax.patches if isinstance(p, Circle)]
    assert len(rings) == 1
    return rings[0]


def test_add_icons_draws_both_above_the_top_right_corner(ax):
    out = icons.add_mdc_icons(
        ax, variation="special_cause_concern", assurance="consistent_fail", direction="increase"
    )
    assert [i.get_label() for i in out] == ["mdc-variation-icon", "mdc-assurance-icon"]
    assert set(out) <= set(ax.child_axes)
    var_ring, ass_ring = _ring(out[0]), _ring(out[1])
    assert same_color(var_ring.get_edgecolor(), MDC_COLOURS["special_cause_concern"])
    assert same_color(ass_ring.get_edgecolor(), MDC_COLOURS["special_cause_concern"])
    # concern while more is better -> the low icon, letter L; assurance F
    assert [t.get_text() for t in out[0].texts] == ["L", "Concern\n(low)"]
    assert out[1].texts[0].get_text() == "F"
    # both sit above the plot's top-right corner, variation left of assurance
    ax.figure.canvas.draw()
    box = ax.get_window_extent()
    var_box, ass_box = out[0].get_window_extent(), out[1].get_window_extent()
    assert var_box.x1 <= ass_box.x0 + 1
    assert ass_box.x1 <= box.x1 + 1 and var_box.x0 > box.x0 + box.width / 2
    assert min(var_box.y0, ass_box.y0) >= box.y1


@pytest.mark.parametrize(
    ("assurance", "letter", "colour"),
    [
        ("consistent_pass", "P", MDC_COLOURS["special_cause_improvement"]),
        ("consistent_fail", "F", MDC_COLOURS["special_cause_concern"]),
        ("inconsistent", "?", MDC_COLOURS["common_cause"]),
    ],
)
def test_assurance_icons(ax, assurance, letter, colour):
    (icon,) = icons.add_mdc_icons(ax, variation=None, assurance=assurance)
    assert icon.get_label() == "mdc-assurance-icon"
    assert icon.texts[0].get_text() == letter
    assert same_color(_ring(icon).get_edgecolor(), colour)


def test_common_cause_icon_has_grey_dots_and_no_letter(ax):
    (icon,) = icons.add_mdc_icons(ax, variation="common_cause", assurance=None, caption=False)
    assert same_color(_ring(icon).get_edgecolor(), MDC_COLOURS["common_cause"])
    assert len(icon.texts) == 0
    dots = icon.collections[0]
    assert len(dots.get_offsets()) == 7
    assert all(same_color(c, MDC_COLOURS["common_cause"]) for c in dots.get_facecolors())


def test_improvement_high_icon_raises_last_dots_in_blue(ax):
    (icon,) = icons.add_mdc_icons(
        ax, variation="special_cause_improvement", assurance=None, direction="increase"
    )
    dots = icon.collections[0]
    ys = dots.get_offsets()[:, 1]
    assert ys[-3:].min() > ys[:4].max()
    assert same_color(dots.get_facecolors()[-1], MDC_COLOURS["special_cause_improvement"])
    assert icon.texts[0].get_text() == "H"


def test_no_icons_when_nothing_to_show(ax):
    assert icons.add_mdc_icons(ax, variation=None, assurance=None) == []
    assert ax.child_axes == []


def test_unknown_assurance_is_input_error(ax):
    with pytest.raises(InputError, match="assurance"):
        icons.add_mdc_icons(ax, variation=None, assurance="maybe")


@pytest.mark.parametrize(("key", "letter"), [("special_cause_neutral_high", "H"),
                                             ("special_cause_neutral_low", "L")])  # fmt: skip
def test_neutral_special_cause_icons_are_purple(ax, key, letter):
    # the default direction is neutral, so these are the icons most charts need
    (icon,) = icons.add_mdc_icons(ax, variation=key, assurance=None, direction="neutral")
    assert same_color(_ring(icon).get_edgecolor(), MDC_COLOURS[key])
    assert icon.texts[0].get_text() == letter


@pytest.mark.parametrize("width", [4.5, 6, 7, 10])
@pytest.mark.parametrize(
    ("variation", "assurance"),
    [
        ("special_cause_improvement", "inconsistent"),
        ("special_cause_neutral_high", "consistent_pass"),
        ("common_cause", "consistent_fail"),
    ],
)
def test_captions_never_overlap_and_end_inside_the_chart(width, variation, assurance):
    fig, ax = plt.subplots(figsize=(width, 4))
    direction = "neutral" if "neutral" in variation else "decrease"
    out = icons.add_mdc_icons(ax, variation=variation, assurance=assurance, direction=direction)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    var_caption, ass_caption = (i.texts[-1].get_window_extent(renderer) for i in out)
    assert var_caption.x1 < ass_caption.x0  # measured with the real renderer, in pixels
    assert ass_caption.x1 <= ax.get_window_extent(renderer).x1 + 1
