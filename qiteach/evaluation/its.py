"""Interrupted time series: segmented regression of a measure before and after the programme.

The model (Wagner et al., J Clin Pharm Ther 2002; Bernal, Cummins & Gasparrini,
Int J Epidemiol 2017) for periods ``t = 0, 1, …, n−1`` in time order, with the
programme starting at period ``t₀`` (the first period on or after ``start``)::

    yₜ = β₀ + β₁·t + β₂·Dₜ + β₃·(t − t₀)·Dₜ + εₜ,    Dₜ = 1 if t ≥ t₀ else 0

``β₁`` is the pre-programme slope (per period), ``β₂`` the level change at the
start, ``β₃`` the change in slope after it. Fitted by ordinary least squares
(statsmodels ``OLS``) with Newey–West heteroscedasticity- and
autocorrelation-consistent (HAC) standard errors; t-distribution intervals and
p-values on the residual degrees of freedom. The counterfactual is the pre-period
line ``β₀ + β₁·t`` carried forward. Periods are assumed equally spaced.

At least 3 points before and 3 after are required (Cochrane EPOC criterion);
fewer than 8 in a segment gives a warning (Penfold & Zhang, Acad Pediatr 2013).

>>> import pandas as pd
>>> d = pd.DataFrame({"t": range(12), "y": [10 + 0.5 * t + (3 - 1.0 * (t - 6)) * (t >= 6)
...                                            for t in range(12)]})
>>> r = its_regression(d, x="t", y="y", start=6)
>>> round(r.pre_slope, 6), round(r.level_change, 6), round(r.slope_change, 6)
(0.5, 3.0, -1.0)
>>> r.n_pre, r.n_post
(6, 6)
>>> [round(v, 6) for v in r.end_effect]  # 3 - 1.0 * 5 at the last period, exact fit
[-2.0, -2.0, -2.0]
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import get_table
from qiteach.exceptions import InputError

if TYPE_CHECKING:
    from qiteach.evaluation._tables import Source

__all__ = ["MIN_SEGMENT", "ITSResult", "aggregate_measure", "its_regression", "programme_its"]

#: Fewest points allowed before and after the interruption (Cochrane EPOC).
MIN_SEGMENT = 3
#: Segments shorter than this get a warning (Penfold & Zhang 2013).
WARN_SEGMENT = 8
#: Chart types whose measure is a ratio numerator/denominator (pooled across teams).
RATIO_CHARTS = ("p", "pp", "u", "up")

TERMS = ("intercept", "pre_slope", "level_change", "slope_change")


@dataclass(frozen=True)
class ITSResult:
    """A segmented-regression fit; ``status`` is ``"fitted"`` or ``"not yet available"``.

    ``coefficients`` has one row per term (intercept, pre_slope, level_change,
    slope_change) with ``estimate, se, ci_low, ci_high, p_value``. ``fitted`` has
    one row per period: ``x, y, t, post, fitted, counterfactual``.
    """

    status: str
    message: str
    label: str
    start: Any
    n_pre: int
    n_post: int
    hac_lags: int | None
    confidence: float
    coefficients: pd.DataFrame
    fitted: pd.DataFrame
    unit: str = "period"
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: observed-minus-counterfactual at the last period: (estimate, ci_low, ci_high), i.e.
    #: level change + slope change × periods since the start, with its HAC interval
    end_effect: tuple[float, float, float] | None = None

    def _get(self, term: str, column: str = "estimate") -> float:
        if self.coefficients.empty:
            return math.nan
        return float(self.coefficients.set_index("term").loc[term, column])

    @property
    def pre_slope(self) -> float:
        """Slope per period before the programme."""
        return self._get("pre_slope")

    @property
    def level_change(self) -> float:
        """Step change in level at the programme start."""
        return self._get("level_change")

    @property
    def slope_change(self) -> float:
        """Change in slope per period after the start."""
        return self._get("slope_change")

    @property
    def post_slope(self) -> float:
        """Slope per period after the start (pre-slope + slope change)."""
        return self.pre_slope + self.slope_change

    def sentence(self) -> str:
        """The fit in plain English, with 95% intervals and p-values."""
        if self.status != "fitted":  # a sentence of its own in the report
            return self.message[:1].upper() + self.message[1:].rstrip(".") + "."
        level = round(self.confidence * 100)

        def part(term: str, what: str, per: bool) -> str:
            est, lo, hi, p = (
                self._get(term, c) for c in ("estimate", "ci_low", "ci_high", "p_value")
            )
            unit = f" per {self.unit}" if per else ""
            p_text = "p not computable" if math.isnan(p) else f"p {_p(p)}"
            return f"{what} {est:+.3g}{unit} ({level}% CI {lo:.3g} to {hi:.3g}, {p_text})"

        name = self.label or "The measure"
        return (
            f"{name}: before the programme {part('pre_slope', 'the slope was', True)}; "
            f"at the start {part('level_change', 'the level changed by', False)} and "
            f"{part('slope_change', 'the slope changed by', True)} "
            f"({self.n_pre} points before, {self.n_post} after)."
        )


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {p:.2g}"


def _newey_west_lags(n: int) -> int:
    """Newey & West (1994) automatic lag: floor(4·(n/100)^(2/9)), at least 1.

    >>> _newey_west_lags(24), _newey_west_lags(100)
    (2, 4)
    """
    return max(1, math.floor(4 * (n / 100) ** (2 / 9)))


def _empty(label: str, start: Any, message: str, confidence: float, unit: str, n=(0, 0)):
    return ITSResult(
        status="not yet available",
        message=message,
        label=label,
        start=start,
        n_pre=n[0],
        n_post=n[1],
        hac_lags=None,
        confidence=confidence,
        coefficients=pd.DataFrame(
            columns=["term", "estimate", "se", "ci_low", "ci_high", "p_value"]
        ),
        fitted=pd.DataFrame(columns=["x", "y", "t", "post", "fitted", "counterfactual"]),
        unit=unit,
    )


def its_regression(
    data: pd.DataFrame | None = None,
    *,
    y: Any,
    x: Any,
    start: Any,
    hac_lags: int | None = None,
    confidence: float = 0.95,
    label: str = "",
    unit: str = "period",
) -> ITSResult:
    """Fit the segmented regression; see the module docstring for the model.

    ``x`` and ``y`` are column names of ``data`` or array-likes; ``start`` is
    compared with ``x`` (a date for date periods). Missing ``y`` values are
    dropped. ``hac_lags`` defaults to the Newey–West rule. With too few points
    the result has ``status="not yet available"`` and a message saying why.

    >>> its_regression(None, x=[1, 2, 3, 4], y=[1, 2, 3, 4], start=3).message
    'not yet available: 2 points before and 2 after the start; at least 3 of each are needed'
    """
    xs = pd.Series(data[x] if isinstance(x, str) else x).reset_index(drop=True)  # type: ignore[index]
    ys = pd.Series(data[y] if isinstance(y, str) else y).reset_index(drop=True)  # type: ignore[index]
    if len(xs) != len(ys):
        raise InputError(
            f"x and y differ in length ({len(xs)} and {len(ys)})",
            fix="give one x per y value",
        )
    try:
        ys = pd.to_numeric(ys).astype(float)
    except (TypeError, ValueError) as exc:
        raise InputError(
            "y holds values that are not numbers",
            column=y if isinstance(y, str) else None,
            fix="give numeric values",
        ) from exc
    if pd.api.types.is_datetime64_any_dtype(xs):
        start = pd.Timestamp(start)
    frame = pd.DataFrame({"x": xs, "y": ys}).dropna(subset=["x", "y"])
    frame = frame.sort_values("x", kind="stable").reset_index(drop=True)
    try:
        post = (frame["x"] >= start).to_numpy()
    except TypeError as exc:
        raise InputError(
            f"start {start!r} cannot be compared with the x values",
            column=x if isinstance(x, str) else None,
            fix="give start in the same kind as x (a date for date periods)",
        ) from exc
    n_pre, n_post = int((~post).sum()), int(post.sum())
    if n_pre < MIN_SEGMENT or n_post < MIN_SEGMENT:
        msg = (
            f"not yet available: {n_pre} points before and {n_post} after the start; "
            f"at least {MIN_SEGMENT} of each are needed"
        )
        return _empty(label, start, msg, confidence, unit, (n_pre, n_post))

    import statsmodels.api as sm

    n = len(frame)
    t = np.arange(n, dtype=float)
    t0 = float(np.argmax(post))
    d = post.astype(float)
    design = np.column_stack([np.ones(n), t, d, (t - t0) * d])
    lags = hac_lags if hac_lags is not None else _newey_west_lags(n)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = sm.OLS(frame["y"].to_numpy(), design).fit(
            cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
        )
        ci = np.asarray(fit.conf_int(alpha=1 - confidence))
        cov = np.asarray(fit.cov_params())
        params = np.asarray(fit.params)
        bse = np.asarray(fit.bse)
        pvalues = np.asarray(fit.pvalues)
    exact = np.isclose(bse, 0.0)
    ci[exact] = params[exact, None]
    coefficients = pd.DataFrame(
        {
            "term": TERMS,
            "estimate": params,
            "se": bse,
            "ci_low": ci[:, 0],
            "ci_high": ci[:, 1],
            "p_value": np.where(exact, np.nan, pvalues),
        }
    )
    fitted = frame.assign(
        t=t,
        post=post,
        fitted=design @ params,
        counterfactual=params[0] + params[1] * t,
    )
    from scipy.special import stdtrit

    g = np.array([0.0, 0.0, 1.0, (n - 1) - t0])  # fitted - counterfactual at the last period
    end = float(g @ params)
    half = float(stdtrit(fit.df_resid, 0.5 + confidence / 2) * math.sqrt(max(g @ cov @ g, 0.0)))
    notes = []
    if min(n_pre, n_post) < WARN_SEGMENT:
        notes.append(
            f"only {min(n_pre, n_post)} points in the shorter segment; at least "
            f"{WARN_SEGMENT} before and after give more reliable estimates"
        )
    return ITSResult(
        status="fitted",
        message="",
        label=label,
        start=start,
        n_pre=n_pre,
        n_post=n_post,
        hac_lags=lags,
        confidence=confidence,
        coefficients=coefficients,
        fitted=fitted,
        unit=unit,
        warnings=tuple(notes),
        end_effect=(end, end - half, end + half),
    )


def aggregate_measure(
    source: Source,
    measure_id: str | Mapping[str, str],
    *,
    teams: list[str] | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Combine one measure across teams into a collaborative-wide series.

    ``measure_id`` is the id shared by the teams, or a mapping team_id →
    measure_id. Ratio measures (chart p, pp, u, up) are pooled:
    ``Σ numerator / Σ denominator × multiply``; other measures are the mean of
    the teams' ``value``. ``freq`` (a pandas period alias: ``"M"`` months, ``"Q"``
    quarters, ``"W"`` weeks) first groups the periods into calendar periods.
    Returns ``period, value, numerator, denominator, n_teams`` sorted by
    period (numerator and denominator are NaN for means).

    >>> m = pd.DataFrame({"team_id": ["a", "b"], "measure_id": ["dna", "dna"],
    ...     "chart": ["p", "p"], "multiply": [100.0, 100.0]})
    >>> v = pd.DataFrame({"team_id": ["a", "b"], "measure_id": ["dna", "dna"],
    ...     "period": pd.to_datetime(["2025-01-01"] * 2), "value": [None, None],
    ...     "numerator": [1.0, 3.0], "denominator": [10.0, 30.0]})
    >>> aggregate_measure({"measures": m, "measurements": v}, "dna")
          period  value  numerator  denominator  n_teams
    0 2025-01-01   10.0        4.0         40.0        2
    """
    measures = get_table(source, "measures", required=("team_id", "measure_id", "chart"))
    rows = get_table(
        source,
        "measurements",
        required=("team_id", "measure_id", "period", "value", "numerator", "denominator"),
    )
    if isinstance(measure_id, Mapping):
        wanted = dict(measure_id)
    else:
        ids = teams if teams is not None else sorted(measures["team_id"].dropna().unique())
        wanted = {team: measure_id for team in ids}
    if teams is not None:
        wanted = {k: v for k, v in wanted.items() if k in set(teams)}
    key = pd.Series(list(zip(rows["team_id"], rows["measure_id"], strict=True)), dtype=object)
    rows = rows[key.isin(list(wanted.items())).to_numpy()]
    mkey = pd.Series(
        list(zip(measures["team_id"], measures["measure_id"], strict=True)), dtype=object
    )
    defs = measures[mkey.isin(list(wanted.items())).to_numpy()]
    columns = ["period", "value", "numerator", "denominator", "n_teams"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    charts = set(defs["chart"].dropna())
    if len(charts) > 1:
        raise InputError(
            f"the teams chart this measure differently ({', '.join(sorted(charts))})",
            file="measures.csv",
            column="chart",
            fix="combine only measures with the same definition and chart type",
        )
    multiplies = set(defs["multiply"].dropna().astype(float)) if "multiply" in defs else set()
    if len(multiplies) > 1:
        raise InputError(
            f"the teams use different multipliers ({sorted(multiplies)})",
            file="measures.csv",
            column="multiply",
            fix="give the measure the same multiply value in every team",
        )
    multiply = multiplies.pop() if multiplies else 1.0
    if charts:
        ratio = charts.pop() in RATIO_CHARTS
    else:
        ratio = bool(rows["numerator"].notna().all() and rows["denominator"].notna().all())
    period = pd.to_datetime(rows["period"])
    if freq:
        try:
            period = period.dt.to_period(freq).dt.start_time
        except ValueError as exc:
            raise InputError(
                f"unknown period frequency {freq!r}",
                fix='use "W" (weeks), "M" (months) or "Q" (quarters)',
            ) from exc
    rows = rows.assign(period=period)
    if ratio:
        rows = rows.dropna(subset=["numerator", "denominator"])
        out = rows.groupby("period").agg(
            numerator=("numerator", "sum"),
            denominator=("denominator", "sum"),
            n_teams=("team_id", "nunique"),
        )
        den = out["denominator"].where(out["denominator"] > 0)
        out["value"] = out["numerator"] / den * multiply
    else:
        rows = rows.dropna(subset=["value"])
        out = rows.groupby("period").agg(value=("value", "mean"), n_teams=("team_id", "nunique"))
        out["numerator"] = np.nan
        out["denominator"] = np.nan
    out = out.reset_index()
    out["n_teams"] = out["n_teams"].astype(int)
    return out[columns].sort_values("period").reset_index(drop=True)


def programme_its(
    source: Source,
    measure_id: str | Mapping[str, str],
    *,
    teams: list[str] | None = None,
    freq: str | None = None,
    start: Any = None,
    hac_lags: int | None = None,
    label: str | None = None,
) -> ITSResult:
    """ITS of a collaborative-wide measure: :func:`aggregate_measure` then :func:`its_regression`.

    ``start`` defaults to the programme's start date (programme.yaml). Without
    a start date, or with too few periods, the result is "not yet available".
    """
    from qiteach.evaluation._tables import programme_start

    start = start if start is not None else programme_start(source)
    name = label if label is not None else str(measure_id if isinstance(measure_id, str) else "")
    unit = {"M": "month", "Q": "quarter", "W": "week"}.get(freq or "", "period")
    if start is None:
        return _empty(name, None, "not yet available: no programme start date", 0.95, unit)
    data = aggregate_measure(source, measure_id, teams=teams, freq=freq)
    return its_regression(
        data, x="period", y="value", start=start, hac_lags=hac_lags, label=name, unit=unit
    )
