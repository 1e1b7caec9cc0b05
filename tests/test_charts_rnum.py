"""R-exact sums, means and medians, and why they matter for points on the centre line."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from qiteach.charts import compute_chart
from qiteach.charts.rnum import r_mean, r_median, r_sum


@pytest.mark.parametrize("seed", range(20))
def test_r_mean_is_the_correctly_rounded_mean(seed: int) -> None:
    """R's two-pass extended-precision mean is (for these sizes) the exact mean rounded once."""
    rng = np.random.default_rng(seed)
    y = np.round(rng.normal(10, 3, int(rng.integers(2, 200))), int(rng.integers(1, 4)))
    exact = sum(Fraction(v) for v in y.tolist()) / len(y)
    assert r_mean(y) == float(exact)
    assert r_sum(y) == float(sum(Fraction(v) for v in y.tolist()))


def test_r_median_even_and_odd() -> None:
    assert r_median(np.array([5.0, 1.0, 3.0])) == 3.0
    assert r_median(np.array([87.1, 87.3])) == float((Fraction(87.1) + Fraction(87.3)) / 2)
    assert np.isnan(r_median(np.array([np.nan])))


def test_point_equal_to_the_mean_is_on_the_centre_line() -> None:
    """R: mean(rep(c(0.1, 0.2, 0.3), 4)) is 0.2, so the four 0.2s are not useful points."""
    y = [0.1, 0.2, 0.3] * 4
    assert float(np.mean(y)) != 0.2  # numpy's pairwise mean misses it
    r = compute_chart(y=y, chart="i")
    assert r.points["cl"].iloc[0] == 0.2
    assert int(r.parts["n_useful"].iloc[0]) == 8
    m = compute_chart(y=y * 2, chart="i", rules="mdc")
    assert m.points["cl"].iloc[0] == 0.2


@pytest.mark.parametrize("size", [0, 1, 2, 16383, 16384, 16385, 50_000])
def test_block_sum_equals_one_cumsum(size: int) -> None:
    """The block-at-a-time sum makes the same additions as one cumsum over all values."""
    from qiteach.charts.rnum import _seq_sum

    rng = np.random.default_rng(size)
    v = rng.normal(0, 1, size) * 10.0 ** rng.uniform(-8, 8, size)
    ld = np.longdouble
    whole = np.cumsum(v, dtype=ld)[-1] if size else ld(0.0)
    assert _seq_sum(v) == whole
    less = ld(v.mean()) if size else ld(0.0)
    assert _seq_sum(v, less) == (np.cumsum(v.astype(ld) - less)[-1] if size else ld(0.0))
    if size:  # R's mean: first pass, then the correcting second pass, as written before blocks
        s = np.cumsum(v, dtype=ld)[-1] / size
        s = s + np.cumsum(v.astype(ld) - s)[-1] / size
        assert r_mean(v) == float(s)
