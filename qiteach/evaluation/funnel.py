"""Funnel plots: compare practices on one measure, allowing for their size (compute only).

A funnel plot (Spiegelhalter, *Stat Med* 2005;24:1185-1202) plots each unit's
proportion or rate against its size, with 95% and 99.8% control limits around
the programme's overall value (the *target*, Σ numerator / Σ denominator) that
narrow as the size grows. A unit outside the 99.8% limits is unlikely to differ
by chance alone.

**Exact limits** (no over-dispersion):

* proportions (numerator out of denominator ``n``, target θ): the binomial
  quantile with Spiegelhalter's interpolation (2005, appendix A.1.1): for
  probability ``p`` let ``r`` be the smallest count with ``P(Y ≤ r) ≥ p``
  (``Y ~ Binomial(n, θ)``) and ``α = (P(Y ≤ r) − p) / P(Y = r)``; the limit is
  ``(r − α) / n``;
* rates (events over an exposure ``e``: patient-months, list size × months):
  the exact Poisson limits of the expected count ``E = θ·e`` from the χ²
  distribution (Garwood; as FunnelPlotR and the NHS SHMI do):
  ``lower = χ²(α/2; 2E) / 2E``, ``upper = χ²(1 − α/2; 2(E + 1)) / 2E`` as ratios
  to the target, times θ.

**Over-dispersion** (Spiegelhalter, *Qual Saf Health Care* 2005;14:347-351;
FunnelPlotR's ``PR`` and ``SR``/``CQC`` methods): each unit's z-score is taken
on a variance-stabilising scale, ``Y = asin(√proportion)`` with ``s = 1/(2√n)``
for proportions, ``Y = √(observed/expected)`` with ``s = 1/(2√E)`` for rates;
the z-scores are Winsorised at 10% each end and ``φ = Σz²/I`` over the ``I``
units. The data are over-dispersed when ``I·φ`` exceeds the upper 5% point of
χ² with ``I − 1`` degrees of freedom. Then the limits are widened, on the
transformed scale and back-transformed:

* ``additive`` (random effects, the default):
  ``τ² = max(0, (Iφ − (I − 1)) / (Σw − Σw²/Σw))``, ``w = 1/s²``; limits
  ``T ± z·√(s² + τ²)``;
* ``multiplicative``: limits ``T ± z·√φ·s``.

Which adjustment was used (or none) is part of the result and its sentence.

>>> r = funnel([18, 40, 9, 70], [100, 200, 60, 300], ["A", "B", "C", "D"], adjust="none")
>>> round(r.target, 4), r.adjustment
(0.2076, 'none')
>>> r.units["band"].tolist()
['within', 'within', 'within', 'within']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from qiteach.exceptions import InputError

if TYPE_CHECKING:
    from qiteach.evaluation._tables import Source

__all__ = [
    "Z95",
    "Z998",
    "FunnelResult",
    "binomial_limit",
    "funnel",
    "measure_funnel",
    "poisson_limits",
]

Kind = Literal["proportion", "rate"]
Z95 = 1.959963984540054  # two-sided 95%
Z998 = 3.090232306167813  # two-sided 99.8%
ADJUSTMENTS = ("additive", "multiplicative", "none")


def binomial_limit(p: float, n: Any, theta: float) -> np.ndarray:
    """Spiegelhalter's interpolated binomial quantile at probability ``p``, as a proportion.

    >>> float(binomial_limit(0.5, 10, 0.5)[0])  # P(Y<=5)=0.623, P(Y=5)=0.246
    0.45
    """
    from scipy.stats import binom

    n = np.atleast_1d(np.asarray(n, dtype=float))
    r = binom.ppf(p, n, theta)  # smallest r with P(Y <= r) >= p
    f_r = binom.cdf(r, n, theta)
    f_prev = binom.cdf(r - 1, n, theta)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(f_r > f_prev, (f_r - p) / (f_r - f_prev), 0.0)
    return (r - alpha) / n


def poisson_limits(p_low: float, expected: Any) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson limits of the observed/expected ratio for expected counts ``expected``.

    ``p_low`` is the lower tail (0.025 for 95%, 0.001 for 99.8%). FunnelPlotR's
    published test values (target 1, expected 15): 0.5596924 and 1.649348.

    >>> lo, hi = poisson_limits(0.025, [15.0])
    >>> round(float(lo[0]), 7), round(float(hi[0]), 6)
    (0.5596924, 1.649348)
    """
    from scipy.stats import chi2

    e = np.atleast_1d(np.asarray(expected, dtype=float))
    lower = chi2.ppf(p_low, 2 * e) / (2 * e)
    upper = chi2.ppf(1 - p_low, 2 * (e + 1)) / (2 * e)
    return lower, upper


@dataclass(frozen=True)
class FunnelResult:
    """A funnel plot's numbers: units (points), limit curves and the over-dispersion check.

    ``units``: ``unit, numerator, denominator, value`` (proportion or rate, times
    ``multiplier``), ``z`` (transformed z-score), ``band`` (``within``,
    ``above 95%``, ``below 95%``, ``above 99.8%``, ``below 99.8%``, judged
    against the limits actually drawn). ``limits``: ``size, lo95, hi95, lo998,
    hi998`` on a grid of sizes (times ``multiplier``).
    """

    kind: Kind
    target: float
    multiplier: float
    units: pd.DataFrame
    limits: pd.DataFrame
    phi: float
    tau2: float
    overdispersed: bool
    adjustment: str
    dispersion_p: float
    label: str = ""

    def sentence(self, noun: str = "units") -> str:
        """What the funnel shows, and which limits were drawn, in plain words."""
        n = len(self.units)
        out998 = int(self.units["band"].str.contains("99.8").sum())
        out95 = int(self.units["band"].str.contains("95%").sum())
        target = _fmt(self.target * self.multiplier)
        if self.kind == "proportion" and self.multiplier == 100:
            target += "%"
        if self.adjustment == "none":
            how = (
                "exact limits"
                + ("" if not self.overdispersed else " (over-dispersed, but not adjusted)")
                + f" (φ = {self.phi:.2f})"
            )
        else:
            extra = f", τ = {math.sqrt(self.tau2):.3f}" if self.adjustment == "additive" else ""
            how = (
                f"limits widened for over-dispersion (φ = {self.phi:.2f}, test p "
                f"{_p(self.dispersion_p)}) by the {self.adjustment} method{extra}"
            )
        return (
            f"{n} {noun} around the overall value of {target}: {out998} outside the 99.8% "
            f"limits and {out95} more outside the 95% limits only; {how}."
        )


def _fmt(v: float) -> str:
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def _transform(kind: Kind, num: np.ndarray, den: np.ndarray, target: float):
    """(Y, s, T) on the variance-stabilising scale; ``den`` is n or the exposure."""
    if kind == "proportion":
        return np.arcsin(np.sqrt(num / den)), 1 / (2 * np.sqrt(den)), math.asin(math.sqrt(target))
    expected = target * den
    return np.sqrt(num / expected), 1 / (2 * np.sqrt(expected)), 1.0


def _back(kind: Kind, y: np.ndarray, target: float) -> np.ndarray:
    if kind == "proportion":
        return np.sin(np.clip(y, 0.0, math.pi / 2)) ** 2
    return target * np.clip(y, 0.0, None) ** 2


def _winsorised(z: np.ndarray, trim: float) -> np.ndarray:
    lo, hi = np.quantile(z, [trim, 1 - trim])  # R's type-7 quantile, as FunnelPlotR
    return np.clip(z, lo, hi)


def _curves(kind: Kind, size: np.ndarray, target: float, widen: Any) -> dict[str, np.ndarray]:
    """Limit curves for sizes ``size``; ``widen(s)`` gives the adjusted SD on the scale."""
    out: dict[str, np.ndarray] = {}
    for name, z, tail in (("95", Z95, 0.025), ("998", Z998, 0.001)):
        if widen is None and kind == "proportion":
            lo, hi = binomial_limit(tail, size, target), binomial_limit(1 - tail, size, target)
        elif widen is None:
            lo, hi = poisson_limits(tail, target * size)
            lo, hi = lo * target, hi * target
        else:
            _, s, t = _transform(kind, np.full(size.shape, target), size, target)
            sd = widen(s)
            lo, hi = _back(kind, t - z * sd, target), _back(kind, t + z * sd, target)
        out[f"lo{name}"], out[f"hi{name}"] = lo, hi
    return out


def funnel(
    numerators: Any,
    denominators: Any,
    units: Any,
    *,
    kind: Kind = "proportion",
    target: float | None = None,
    adjust: str = "additive",
    trim: float = 0.1,
    multiplier: float = 1.0,
    label: str = "",
) -> FunnelResult:
    """Compute a funnel plot (see the module docstring for every formula).

    ``denominators`` are the units' sizes (people for proportions, exposure for
    rates). ``adjust`` is the over-dispersion method used *when the data are
    over-dispersed*: ``additive`` (default), ``multiplicative`` or ``none``.
    ``target`` defaults to Σ numerator / Σ denominator.
    """
    if adjust not in ADJUSTMENTS:
        raise InputError(
            f"unknown over-dispersion adjustment {adjust!r}",
            fix="use additive, multiplicative or none",
        )
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    names = [str(u) for u in units]
    if not (len(num) == len(den) == len(names)):
        raise InputError("numerators, denominators and units differ in length",
                         fix="give one numerator and denominator per unit")  # fmt: skip
    ok = np.isfinite(num) & np.isfinite(den) & (den > 0) & (num >= 0)
    if kind == "proportion":
        ok &= num <= den
    num, den = num[ok], den[ok]
    names = [n for n, keep in zip(names, ok, strict=True) if keep]
    if len(num) < 2 or num.sum() <= 0:
        raise InputError(
            f"a funnel plot needs at least 2 units with data and some events; got {len(num)}",
            fix="include more practices, or a measure with events recorded",
        )
    theta = float(num.sum() / den.sum()) if target is None else float(target)
    y, s, t = _transform(kind, num, den, theta)
    z = (y - t) / s
    n_units = len(z)
    phi = float(np.mean(_winsorised(z, trim) ** 2))
    from scipy.stats import chi2

    p_disp = float(chi2.sf(n_units * phi, n_units - 1))
    over = p_disp < 0.05
    w = 1 / s**2
    tau2 = 0.0
    if n_units * phi > n_units - 1:
        tau2 = max(0.0, (n_units * phi - (n_units - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    used = adjust if over else "none"
    widen = None
    if used == "additive":
        widen = lambda sd: np.sqrt(sd**2 + tau2)  # noqa: E731
    elif used == "multiplicative":
        widen = lambda sd: math.sqrt(phi) * sd  # noqa: E731
    grid = np.geomspace(max(1.0, den.min() * 0.5), den.max() * 1.1, 200)
    # binomial limits need whole numbers of people; exposures may be fractional
    grid = np.unique(grid.round(0) if kind == "proportion" else grid.round(3))
    curves = _curves(kind, grid, theta, widen)
    own = _curves(kind, den, theta, widen)
    value = num / den
    band = np.full(len(value), "within", dtype=object)
    band[value > own["hi95"]] = "above 95%"
    band[value < own["lo95"]] = "below 95%"
    band[value > own["hi998"]] = "above 99.8%"
    band[value < own["lo998"]] = "below 99.8%"
    table = pd.DataFrame(
        {
            "unit": names,
            "numerator": num,
            "denominator": den,
            "value": value * multiplier,
            "z": z,
            "band": band,
        }
    )
    limits = pd.DataFrame({"size": grid} | {k: v * multiplier for k, v in curves.items()})
    return FunnelResult(
        kind=kind,
        target=theta,
        multiplier=multiplier,
        units=table,
        limits=limits,
        phi=phi,
        tau2=tau2 if used == "additive" else 0.0,
        overdispersed=over,
        adjustment=used,
        dispersion_p=p_disp,
        label=label,
    )


def measure_funnel(
    source: Source,
    measure_id: str,
    *,
    adjust: str = "additive",
    recent: int = 6,
) -> FunnelResult:
    """The funnel of one measure across the teams that keep it (``measure_id`` shared).

    Proportion measures (chart ``p``/``pp``) use each team's **latest** period
    (numerator of denominator: one snapshot of the register, not the same
    patients counted six times). Count measures (``c``, ``u``, ``up``, ``i``
    counting events) become rates: events over the last ``recent`` periods per
    1,000 registered patients per period, which needs teams.csv ``list_size``
    (``u``/``up`` use their own denominators instead). Team names label the units.

    >>> from qiteach.workspace import open_workspace
    >>> r = measure_funnel(open_workspace("collaborative"), "bp_target")
    >>> len(r.units), r.kind, r.adjustment
    (24, 'proportion', 'additive')
    """
    from qiteach.evaluation._tables import get_table

    measures = get_table(source, "measures", required=("team_id", "measure_id", "chart"))
    defs = measures[measures["measure_id"] == measure_id]
    if defs.empty:
        raise InputError(
            f'no team has a measure "{measure_id}"',
            file="measures.csv",
            column="measure_id",
            fix="use a measure_id from measures.csv",
        )
    charts = set(defs["chart"].dropna())
    if len(charts) != 1:
        raise InputError(
            f"the teams chart {measure_id} differently ({', '.join(sorted(charts))})",
            file="measures.csv", column="chart",
            fix="compare only measures with the same definition and chart type",
        )  # fmt: skip
    chart = charts.pop()
    rows = get_table(
        source,
        "measurements",
        required=("team_id", "measure_id", "period", "value", "numerator", "denominator"),
    )
    rows = rows[rows["measure_id"] == measure_id].assign(
        period=lambda f: pd.to_datetime(f["period"])
    )
    rows = rows[rows["team_id"].isin(defs["team_id"])].sort_values("period", kind="stable")
    teams = get_table(source, "teams", required=("team_id", "team_name"))
    names = teams.set_index("team_id")["team_name"]
    name = str(defs["name"].iloc[0])
    if chart in ("p", "pp"):
        latest = rows.dropna(subset=["numerator", "denominator"]).groupby("team_id").tail(1)
        mult = pd.to_numeric(defs["multiply"], errors="coerce").dropna()
        return funnel(
            latest["numerator"], latest["denominator"],
            latest["team_id"].map(names).fillna(latest["team_id"]),
            kind="proportion", adjust=adjust,
            multiplier=float(mult.iloc[0]) if len(mult) else 1.0,
            label=f"{name}, latest period",
        )  # fmt: skip
    tail = rows.groupby("team_id").tail(recent)
    if chart in ("u", "up"):
        agg = tail.groupby("team_id")[["numerator", "denominator"]].sum()
        per, label = 1.0, f"{name}, last {recent} periods"
    else:
        if "list_size" not in teams or teams["list_size"].isna().all():
            raise InputError(
                f"{name} is a count, so its funnel needs each practice's list size",
                file="teams.csv", column="list_size",
                fix="add a list_size column with each team's registered patients",
            )  # fmt: skip
        sizes = pd.to_numeric(teams.set_index("team_id")["list_size"], errors="coerce")
        counts = tail.groupby("team_id")["value"].agg(["sum", "size"])
        agg = pd.DataFrame(
            {
                "numerator": counts["sum"],
                "denominator": sizes.reindex(counts.index) * counts["size"],
            }
        ).dropna()
        per, label = 1000.0, f"{name} per 1,000 registered patients per period, last {recent}"
    return funnel(
        agg["numerator"], agg["denominator"], agg.index.map(lambda t: names.get(t, t)),
        kind="rate", adjust=adjust, multiplier=per, label=label,
    )  # fmt: skip
