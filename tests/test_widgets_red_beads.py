"""Red-bead widget: seeded draws, buttons, and what the chart says."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from qiteach.exercises.session06 import red_bead_chart
from qiteach.widgets.red_beads import RedBeads


def test_same_seed_same_draws_and_buttons_work():
    a, b = RedBeads(seed=3, days=2), RedBeads(seed=3, days=2)
    assert a.beads.equals(b.beads)
    a.draw_button.click()
    assert a.days == 3 and len(a.beads) == 18
    assert a.beads.iloc[:12].equals(b.beads)
    a.reset_button.click()
    assert a.days == 2 and a.beads.equals(b.beads)


def test_messages_follow_the_chart():
    game = RedBeads(seed=4, days=4)
    day1 = game.beads[game.beads["day"] == 1]
    best = day1.loc[day1["red_beads"].idxmin(), "worker"]
    assert game.messages[0].startswith(f"Day 1: best {best} ")
    pts = red_bead_chart(game.beads).points
    if pts["sigma_signal"].any():
        assert game.messages[4].startswith("Outside the limits")
    else:
        assert "common-cause" in game.messages[4]
    assert game.output.outputs[0]["data"]["image/png"]
    assert len(game.figure.axes[0].lines[0].get_xdata()) == 24


# ---------------------------------------------------------------- review fixes
def test_a_tie_for_best_or_worst_names_every_tied_worker():
    rb = RedBeads(seed=5, days=1)  # day 1: three workers tie for the fewest red beads
    day = rb.beads[rb.beads["day"] == 1]
    low = int(day["red_beads"].min())
    best = list(day.loc[day["red_beads"] == low, "worker"])
    assert len(best) == 3
    assert rb.messages[0].startswith(
        f"Day 1: best {', '.join(best[:-1])} and {best[-1]} ({low} red)"
    )


def test_a_draw_outside_the_limits_is_called_a_chance_false_alarm():
    rb = RedBeads(seed=11, days=4)
    assert rb.result.points["sigma_signal"].any()  # this seed puts one paddle outside
    text = " ".join(rb.messages)
    assert "Outside the limits" in text and "by chance" in text and "same bowl" in text


# ---------------------------------------------------------------- issue 13
def test_widget_draws_the_beads_and_limits_of_the_table_above_it():
    """Session 6 shows simulate_red_beads(seed=seed) as a table, then RedBeads(seed=seed, days=4):
    the same four days of beads, and the same limits as the bonus exercise's feedback."""
    from qiteach.exercises.session06 import check_bonus, simulate_red_beads

    for seed in (2026, 1, 7):
        table = simulate_red_beads(seed=seed)
        widget = RedBeads(seed=seed, days=4)
        assert widget.beads.equals(table)
        limits = check_bonus("nobody", table).message.split("(")[1].split(")")[0]
        assert f"({limits})" in " ".join(widget.messages)
        widget.draw_day()  # a fifth day leaves the first four as they were
        assert widget.beads.iloc[: len(table)].reset_index(drop=True).equals(table)


def test_the_draw_button_label_is_not_cut():
    rb = RedBeads(seed=1, days=1)
    for button in (rb.draw_button, rb.reset_button):
        assert button.layout.width == "auto", button.description  # the default width cuts it
