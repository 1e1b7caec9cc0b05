"""HCDG rules: each rule at its threshold and one point short of it (hand-made series).

Baseline (freeze=20): 10, 12 repeated -> mean 11, AMR 2, sigma 2/1.128 = 1.773;
1σ band 9.227-12.773, 2σ band 7.454-14.546, 3σ limits 5.681-16.319.
"""

from __future__ import annotations

from qiteach.charts import compute_chart

BASE = [10, 12] * 10


def hcdg(tail: list[float]):
    return compute_chart(y=[*BASE, *tail], chart="i", rules="hcdg", freeze=20, screen_mr=False)


def flagged(r, rule: str) -> list[int]:
    return [i for i, s in enumerate(r.points["signals"]) if rule in s]


def test_limits_of_the_baseline() -> None:
    p = hcdg([11]).points.iloc[0]
    assert round(p.ucl, 3) == 16.319 and round(p.ucl_2s, 3) == 14.546
    assert round(p.ucl_1s, 3) == 12.773


def test_shift_8_not_7_and_the_centre_line_is_skipped() -> None:
    assert flagged(hcdg([10, *[11.5] * 7, 10]), "shift_8") == []
    assert flagged(hcdg([10, *[11.5] * 8, 10]), "shift_8") == list(range(21, 29))
    on_cl = hcdg([10, *[11.5] * 4, 11, *[11.5] * 4, 10])
    assert flagged(on_cl, "shift_8") == [21, 22, 23, 24, 26, 27, 28, 29]
    below = hcdg([12, *[10.5] * 8, 12])
    assert [s.direction for s in below.signal_spans if s.rule == "shift_8"] == ["down"]


def test_trend_6_not_5_ties_skipped() -> None:
    # after the last baseline 12, the series drops to 8 and climbs
    assert flagged(hcdg([8, 9, 10, 11, 12]), "trend_6") == []
    assert flagged(hcdg([8, 9, 10, 11, 12, 13]), "trend_6") == list(range(20, 26))
    assert flagged(hcdg([8, 9, 9, 10, 11, 12, 13]), "trend_6") == list(range(20, 27))
    assert flagged(hcdg([8, 9, 9, 10, 11, 12, 8]), "trend_6") == []  # 5 distinct points


def test_two_of_three_flags_only_the_points_beyond_2_sigma_same_side() -> None:
    r = hcdg([11, 15, 11, 15, 11])
    assert flagged(r, "two_of_three") == [21, 23]
    assert flagged(hcdg([11, 15, 11, 11, 15, 11]), "two_of_three") == []  # 2 in 4, not 3
    assert flagged(hcdg([11, 15, 7, 11]), "two_of_three") == []  # opposite sides
    assert flagged(hcdg([11, 7, 11, 7, 11]), "two_of_three") == [21, 23]
    # beyond 3σ still counts as beyond 2σ (and is also outside the limits)
    both = hcdg([11, 15, 17, 11])
    assert flagged(both, "two_of_three") == [21, 22]
    assert flagged(both, "outside_limits") == [22]


def test_fifteen_inner_not_fourteen() -> None:
    assert flagged(hcdg([14, *[11.2] * 14, 14]), "fifteen_inner") == list(range(20))
    r = hcdg([14, *[11.2] * 15, 14])
    assert flagged(r, "fifteen_inner") == [*range(20), *range(21, 36)]


def test_outside_limits_is_strict() -> None:
    ucl = hcdg([11]).points["ucl"].iloc[0]
    assert flagged(hcdg([11, ucl]), "outside_limits") == []
    assert flagged(hcdg([11, ucl + 1e-9]), "outside_limits") == [21]


def test_two_of_three_and_its_spans_match_a_window_by_window_reading() -> None:
    """The vectorised rule 4 equals reading every window of 3 in turn (random sides)."""
    import numpy as np

    from qiteach.charts.rules.hcdg import _two_of_three_spans, two_of_three

    rng = np.random.default_rng(4)
    for size in (0, 2, 3, 4, 50, 2000):
        side = rng.choice([-1, 0, 0, 1], size)
        hit, wins = two_of_three(side)
        want_hit, want_wins = np.zeros(size, dtype=bool), []
        for w in range(size - 2):
            for value in (1, -1):
                if (side[w : w + 3] == value).sum() >= 2:
                    want_wins.append(w)
                    want_hit[w : w + 3] |= side[w : w + 3] == value
        assert hit.tolist() == want_hit.tolist()
        assert wins.tolist() == sorted(set(want_wins))
        covered = np.zeros(size, dtype=bool)
        for w in want_wins:
            covered[w : w + 3] = True
        valid = np.arange(size) * 2  # positions of the valid points within the part
        spans = _two_of_three_spans(side, hit, wins, valid)
        got = [(s.start, s.end, s.direction, s.facts) for s in spans]
        want, i = [], 0
        while i < size:
            if not covered[i]:
                i += 1
                continue
            j = i
            while j + 1 < size and covered[j + 1]:
                j += 1
            sides = side[i : j + 1][hit[i : j + 1]]
            facts = {"count": int(hit[i : j + 1].sum()), "length": j - i + 1}
            want.append((int(valid[i]), int(valid[j]), "up" if sides.max() > 0 else "down", facts))
            i = j + 1
        assert got == want
