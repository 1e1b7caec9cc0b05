"""Centre line and sigma limits for each chart type: one small function per chart.

Each function takes one part's subgroups (:class:`PartData`) and returns a
:class:`Lines` with the plotted y, the centre line and the 1σ, 2σ and 3σ bands.
Formulas follow qicharts2 0.8 (``qic.<chart>`` in ``R/helper.functions.R``),
with each formula's textbook source noted. Only points with ``base`` true (in
the freeze period and not excluded) set the centre line and limits.

>>> import numpy as np
>>> d = PartData(y=np.array([1.0, 3, 2, 4]), y_sum=np.array([1.0, 3, 2, 4]),
...              y_len=np.ones(4), y_mean=np.array([1.0, 3, 2, 4]),
...              y_sd=np.full(4, np.nan), n=np.full(4, np.nan), base=np.ones(4, bool))
>>> lines = LIMITS["i"](d, screen_mr=False)
>>> float(lines.cl[0]), round(float(lines.bands[3][1][0]), 4)
(2.5, 6.9326)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from qiteach.charts.constants import a3, b3, b4
from qiteach.charts.rnum import r_mean, r_median, r_sum
from qiteach.exceptions import ChartInputError

__all__ = [
    "LIMITS",
    "Lines",
    "PartData",
    "below_scaled_mean",
    "constant",
    "is_constant",
    "mean_or_nan",
    "screened_amr",
]

#: Nelson (1982) upper limit for moving ranges, in units of the average moving range
MR_SCREEN = 3.267
#: d2 for subgroups of 2: sigma = mean(MR) / 1.128 (Montgomery eq. 6.33)
D2 = 1.128


@dataclass(frozen=True)
class PartData:
    """One part's subgroups (numpy arrays of equal length)."""

    y: np.ndarray
    y_sum: np.ndarray
    y_len: np.ndarray
    y_mean: np.ndarray
    y_sd: np.ndarray
    n: np.ndarray
    base: np.ndarray
    categorical: bool = False


@dataclass(frozen=True)
class Lines:
    """Plotted values, centre line and bands {k: (lower, upper)} for k = 1, 2, 3 sigma."""

    y: np.ndarray
    cl: np.ndarray
    bands: dict[int, tuple[np.ndarray, np.ndarray]]
    notes: tuple[str, ...] = ()


def mean_or_nan(values: np.ndarray) -> float:
    """R ``mean(x, na.rm = TRUE)`` (see :mod:`qiteach.charts.rnum`); NaN when empty."""
    return r_mean(values)


def screened_amr(mr: np.ndarray, screen: bool) -> float:
    """Average moving range, optionally after dropping ranges ≥ 3.267·AMR (Nelson 1982).

    Like qicharts2, when every moving range is zero screening drops them all and the
    result is NaN (limits undefined).
    """
    if not screen:
        return mean_or_nan(mr)
    return mean_or_nan(mr[below_scaled_mean(mr, MR_SCREEN)])


#: relative bound on |R's mean - the exact mean| plus |numpy's mean - the exact mean| of
#: fewer than 1e9 non-negative doubles (see :func:`below_scaled_mean`)
_MEAN_TOL = 1e-9


def below_scaled_mean(values: np.ndarray, factor: float) -> np.ndarray:
    """``values < factor * r_mean(values)`` for non-negative ``values`` (NaN: False).

    R's mean costs two extended-precision passes. Its result lies within
    ``_MEAN_TOL`` (relative) of numpy's quick mean: for n non-negative values the
    sequential long-double sum errs by at most n·2⁻⁶⁴ of it, the correcting pass by
    about twice that, the rounding to double by 2⁻⁵³, numpy's pairwise mean by some
    50·2⁻⁵³, together below 1e-9 for n < 1e9. So when no value lies within that
    band around ``factor`` times the quick mean, every comparison comes out as with
    R's mean, which is then not needed; otherwise (a value on the edge, negative
    values, sizes beyond the bound) it is computed.

    >>> mr = np.array([1.0, 2.0, 9.0, np.nan])
    >>> below_scaled_mean(mr, 2.0).tolist(), (mr < 2.0 * r_mean(mr)).tolist()
    ([True, True, False, False], [True, True, False, False])
    >>> below_scaled_mean(np.array([1.0, 3.0]), 1.5).tolist()  # 3.0 is on 1.5 x mean: R decides
    [True, False]
    """
    v = values
    approx = float(np.mean(v)) if v.size else math.nan
    if math.isnan(approx):  # missing values: the mean of the others
        v = values[~np.isnan(values)]
        approx = float(np.mean(v)) if v.size else math.nan
    if v.size and v.size < 1e9 and 1e-250 < approx < 1e250 and float(v.min()) >= 0:
        lo = factor * approx * (1 - 2 * _MEAN_TOL)
        hi = factor * approx * (1 + 2 * _MEAN_TOL)
        with np.errstate(invalid="ignore"):
            if not ((values >= lo) & (values <= hi)).any():
                return values < lo
    with np.errstate(invalid="ignore"):
        return values < factor * r_mean(values)


def _full(value: float, size: int) -> np.ndarray:
    return np.full(size, value, dtype=float)


def constant(value: float, size: int) -> np.ndarray:
    """A read-only array of ``size`` copies of ``value`` that holds one (stride 0).

    A limit that is one value for a whole part needs no million-element array;
    :func:`is_constant` tells such an array so a caller can fill instead of copy.

    >>> c = constant(2.5, 4)
    >>> c.tolist(), is_constant(c), is_constant(np.full(4, 2.5)), c.flags.writeable
    ([2.5, 2.5, 2.5, 2.5], True, False, False)
    """
    return np.broadcast_to(np.float64(value), (size,))


def is_constant(values: np.ndarray) -> bool:
    """True for a 1-d array made by :func:`constant` (every element is its first)."""
    return values.ndim == 1 and values.size > 0 and values.strides[0] == 0


def _sym(
    cl: np.ndarray, sd: np.ndarray | float, *, lo: float | None = None, hi: float | None = None
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Bands cl ± k·sd, clipped to [lo, hi] where finite (qicharts2's clipping)."""
    out = {}
    for k in (1, 2, 3):
        low = cl - k * sd
        up = cl + k * sd
        if lo is not None:
            low = np.where(np.isfinite(low) & (low < lo), lo, low)
        if hi is not None:
            up = np.where(np.isfinite(up) & (up > hi), hi, up)
        out[k] = (np.asarray(low, dtype=float), np.asarray(up, dtype=float))
    return out


def run_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """Run chart: centre line = median of the baseline; no limits."""
    size = d.y.size
    cl = _full(r_median(d.y[d.base]), size)
    nan = _full(np.nan, size)
    return Lines(d.y, cl, {k: (nan, nan) for k in (1, 2, 3)})


def _i_sigma(y: np.ndarray, base: np.ndarray, cl: float, screen: bool) -> float:
    mr = np.abs(np.diff(y[base] - cl))
    return screened_amr(mr, screen) / D2


def i_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """I (individuals) chart: mean ± 3·AMR/1.128 (Montgomery 6.33; Nelson 1982 screening).

    The centre line and limits are one value each for the whole part: they are
    returned as :func:`constant` arrays (no memory per point).
    """
    cl = mean_or_nan(d.y[d.base])
    sd = _i_sigma(d.y, d.base, cl, screen_mr)
    size = d.y.size
    # cl - k * sd, the same double operations as on a full array of cl
    bands = {k: (constant(cl - k * sd, size), constant(cl + k * sd, size)) for k in (1, 2, 3)}
    return Lines(d.y, constant(cl, size), bands)


def mr_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """Moving-range chart: CL = mean(MR), UCL = 3.267·CL, LCL = 0."""
    y = np.r_[np.nan, np.abs(np.diff(d.y))]
    cl = _full(mean_or_nan(y[d.base]), y.size)
    zero = np.zeros(y.size)
    return Lines(y, cl, {k: (zero, MR_SCREEN / 3 * k * cl) for k in (1, 2, 3)})


def _pooled_sd(d: PartData) -> float:
    """Pooled (unequal sizes, Montgomery 6.31) or mean (equal sizes, 6.29) subgroup SD."""
    b = d.base
    if np.unique(d.y_len).size > 1:
        w = d.y_len[b] - 1.0
        s2 = d.y_sd[b] ** 2
        num = r_sum(w * s2)
        den = r_sum(w)
        return float(np.sqrt(num / den)) if den else float("nan")
    return mean_or_nan(d.y_sd[b])


def xbar_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """Xbar chart: size-weighted grand mean ± A3·s̄ (Montgomery 6.29–6.31)."""
    b = d.base
    den = r_sum(d.y_len[b])
    cl = _full(r_sum(d.y_len[b] * d.y_mean[b]) / den if den else np.nan, d.y.size)
    s = _pooled_sd(d)
    bands = {k: (cl - a3(d.y_len, k) * s, cl + a3(d.y_len, k) * s) for k in (1, 2, 3)}
    return Lines(d.y_mean.copy(), cl, bands)


def s_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """S chart: CL = s̄ (pooled for unequal sizes), limits B3·s̄ and B4·s̄."""
    cl = _full(_pooled_sd(d), d.y.size)
    bands = {k: (b3(d.y_len, k) * cl, b4(d.y_len, k) * cl) for k in (1, 2, 3)}
    return Lines(d.y_sd.copy(), cl, bands)


def t_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """T chart: I chart of y^(1/3.6) back-transformed with ^3.6 (Provost & Murray 2011)."""
    if np.nanmin(d.y, initial=np.inf) <= 0:
        raise ChartInputError(
            "time between events must be greater than zero",
            column="y",
            fix="remove zero or negative times (use a g chart for counts)",
        )
    ty = d.y ** (1 / 3.6)
    inner = i_chart(PartData(ty, ty, d.y_len, ty, d.y_sd, d.n, d.base), screen_mr=screen_mr)
    bands = {}
    with np.errstate(invalid="ignore"):
        for k, (lo, hi) in inner.bands.items():
            # qicharts2: lcl[lcl < 0 | is.nan(lcl)] <- 0 after back-transforming
            low = np.where(np.isnan(lo) | (lo < 0), 0.0, np.abs(lo) ** 3.6)
            bands[k] = (low, hi**3.6)
    return Lines(ty**3.6, inner.cl**3.6, bands)


def _ratio_cl(d: PartData) -> np.ndarray:
    b = d.base
    num = r_sum(d.y_sum[b])
    den = r_sum(d.n[b])
    return _full(num / den if den else np.nan, d.y.size)


def p_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """P chart: p̄ = Σy/Σn, σᵢ = √(p̄(1−p̄)/nᵢ), limits clipped to [0, 1]."""
    cl = _ratio_cl(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl * (1 - cl) / d.n)
    return Lines(d.y, cl, _sym(cl, sd, lo=0.0, hi=1.0))


def _laney(d: PartData, cl: np.ndarray, sd: np.ndarray, screen: bool) -> float:
    """Laney's σz: moving-range sigma of z-scores (SD of z for categorical x)."""
    b = d.base
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (d.y[b] - cl[b]) / sd[b]
    if d.categorical:
        return float(np.std(z, ddof=1)) if z.size > 1 else float("nan")
    return screened_amr(np.abs(np.diff(z)), screen) / D2


def pp_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """Laney p′ chart: p-chart σᵢ times σz (Laney 2002), limits clipped to [0, 1]."""
    cl = _ratio_cl(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl * (1 - cl) / d.n)
    sd = sd * _laney(d, cl, sd, screen_mr)
    return Lines(d.y, cl, _sym(cl, sd, lo=0.0, hi=1.0))


def c_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """C chart: c̄ ± 3√c̄ (Montgomery 7.17), LCL ≥ 0."""
    y = d.y_sum.copy()
    cl = _full(mean_or_nan(y[d.base]), y.size)
    return Lines(y, cl, _sym(cl, np.sqrt(cl), lo=0.0))


def u_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """U chart: ū = Σy/Σn, σᵢ = √(ū/nᵢ) (Montgomery 7.19), LCL ≥ 0."""
    cl = _ratio_cl(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl / d.n)
    return Lines(d.y, cl, _sym(cl, sd, lo=0.0))


def up_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """Laney u′ chart: u-chart σᵢ times σz, LCL ≥ 0."""
    cl = _ratio_cl(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl / d.n)
    sd = sd * _laney(d, cl, sd, screen_mr)
    return Lines(d.y, cl, _sym(cl, sd, lo=0.0))


def g_chart(d: PartData, *, screen_mr: bool = True) -> Lines:
    """G chart: limits ḡ ± 3√(ḡ(ḡ+1)) (Montgomery p. 319), LCL ≥ 0; CL drawn at the median."""
    mean = _full(mean_or_nan(d.y[d.base]), d.y.size)
    bands = _sym(mean, np.sqrt(mean * (mean + 1)), lo=0.0)
    bands = {k: (np.where(lo < 0, 0.0, lo), hi) for k, (lo, hi) in bands.items()}
    cl = _full(r_median(d.y[d.base]), d.y.size)
    return Lines(d.y, cl, bands)


#: chart type -> limits function (register new charts here)
LIMITS: dict[str, Callable[..., Lines]] = {
    "run": run_chart,
    "i": i_chart,
    "mr": mr_chart,
    "xbar": xbar_chart,
    "s": s_chart,
    "t": t_chart,
    "p": p_chart,
    "pp": pp_chart,
    "c": c_chart,
    "u": u_chart,
    "up": up_chart,
    "g": g_chart,
}
