"""Pre/post survey analysis: paired Wilcoxon signed-rank test, effect sizes, Hodges–Lehmann.

Kirkpatrick level 2 (learning) asks whether confidence and knowledge rose over
the programme. Each participant answers Likert items (1–5) before (``pre``) and
after (``post``). The unit of analysis is the **participant**: for each domain
(confidence, knowledge) a participant's score is the mean of the items they
answered at *both* timepoints, and the paired test compares those means.
Items within a person are not independent, so per-item tests would overstate
the evidence; per-item figures are shown descriptively (with intervals) for the
dumbbell chart.

The test (see ``docs/evaluation.md`` for formulas and sources):

* differences ``d = post − pre``; zero differences are dropped from the test
  (Wilcoxon's method, as R's ``wilcox.test`` and ``scipy.stats.wilcoxon``);
* exact p-value from the permutation distribution of ``W+`` given the
  (mid-)ranks when at most 50 non-zero differences, ties included
  (:func:`exact_signed_rank_p`: 11 of 11 positive pairs give p = 2/2¹¹ whatever
  the ties); above 50, ``scipy.stats.wilcoxon``'s normal approximation with tie
  correction (no continuity correction);
* ``z`` from the normal approximation, effect size ``r = z / √n`` (``n`` = non-zero
  pairs) and matched-pairs rank-biserial ``r_rb = (T⁺ − T⁻) / (T⁺ + T⁻)`` (Kerby 2014);
* Hodges–Lehmann estimate of the median difference (median of the Walsh
  averages of *all* pairs, zeros included) with its distribution-free interval
  from order statistics of the Walsh averages (exact signed-rank quantiles for
  n ≤ 50, normal approximation above).

Fewer than 6 changed pairs cannot reach p < 0.05 (the smallest exact two-sided
p with 5 pairs is 2/32 = 0.0625), so such data get "too few pairs to test".

>>> t = paired_test([2, 3, 3, 2, 4, 3, 2, 3], [4, 4, 3, 3, 5, 4, 4, 4])
>>> t.status, t.n_pairs, t.n_zero, t.n_used
('tested', 8, 1, 7)
>>> round(t.p_value, 4), t.hl_estimate
(0.0156, 1.0)
>>> print(t.sentence())  # the interval's achieved level (96%) is shown, not the nominal 95%
Scores rose from a median of 3 to 4 (8 pairs; Hodges–Lehmann median change +1,
96% CI +0.5 to +1.5); Wilcoxon signed-rank p = 0.016, effect size r = 0.93.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import get_table
from qiteach.exceptions import InputError

if TYPE_CHECKING:
    from qiteach.evaluation._tables import Source

__all__ = [
    "MIN_CHANGED_PAIRS",
    "PairedTest",
    "SurveyAnalysis",
    "analyse_survey",
    "exact_signed_rank_p",
    "hodges_lehmann",
    "paired_scores",
    "paired_test",
    "participant_changes",
]

#: Fewest non-zero differences for which a two-sided 5% test is possible.
MIN_CHANGED_PAIRS = 6
#: Largest number of pairs for exact signed-rank quantiles and p-values.
EXACT_MAX_N = 50

STATUS_TESTED = "tested"
STATUS_TOO_FEW = "too few pairs to test"
STATUS_NO_CHANGE = "no change"
STATUS_NOT_YET = "not yet available"


@dataclass(frozen=True)
class PairedTest:
    """Result of a paired pre/post comparison; every figure computed from the data.

    ``status`` is ``"tested"``, ``"too few pairs to test"``, ``"no change"`` (all
    differences zero) or ``"not yet available"`` (no matched pairs, e.g. no
    post survey yet). Figures that cannot be computed are NaN.
    """

    label: str
    status: str
    message: str
    n_pairs: int
    n_missing: int
    n_zero: int
    n_used: int
    median_pre: float
    median_post: float
    mean_diff: float
    median_diff: float
    hl_estimate: float
    ci_low: float
    ci_high: float
    ci_level: float
    ci_method: str
    w_plus: float
    w_minus: float
    z: float
    p_value: float
    p_method: str
    r: float
    rank_biserial: float

    def to_dict(self) -> dict[str, Any]:
        """All fields as a plain dict."""
        return asdict(self)

    @property
    def has_interval(self) -> bool:
        """Whether the Hodges–Lehmann interval exists (an achieved level above 0).

        With one pair the only Walsh average is the difference itself, so the
        "interval" has level 0 and is not shown.
        """
        return not math.isnan(self.ci_low) and self.ci_level > 0

    def sentence(self) -> str:
        """One plain-English sentence for a report."""
        if self.status == STATUS_NOT_YET:
            text = f"{self.label} {self.message}" if self.label else self.message
            return text[0].upper() + text[1:] + "."
        pre, post = _fmt(self.median_pre), _fmt(self.median_post)
        if self.median_post > self.median_pre:
            move = f"rose from a median of {pre} to {post}"
        elif self.median_post < self.median_pre:
            move = f"fell from a median of {pre} to {post}"
        else:
            move = f"stayed at a median of {pre}"
        who = self.label or "Scores"
        text = f"{who} {move} ({self.n_pairs} pair{'' if self.n_pairs == 1 else 's'}"
        if self.n_missing:
            text += f", {self.n_missing} without a matching pre or post survey"
        if not self.has_interval:  # e.g. one pair: an "interval" of level 0
            text += f"; Hodges–Lehmann median change {_fmt(self.hl_estimate, sign=True)}"
        else:
            text += (
                f"; Hodges–Lehmann median change {_fmt(self.hl_estimate, sign=True)}, "
                f"{self.ci_level:.0%} CI {_fmt(self.ci_low, sign=True)} to "
                f"{_fmt(self.ci_high, sign=True)}"
            )
        text += ")"
        if self.status == STATUS_TESTED:
            text += (
                f"; Wilcoxon signed-rank p {_fmt_p(self.p_value)}, effect size r = {self.r:.2g}."
            )
        else:
            text += f"; {self.message}."
        return text


def _fmt(value: float, *, sign: bool = False) -> str:
    text = f"{value:+.2g}" if sign else f"{value:.2g}"
    return text


def _fmt_p(p: float) -> str:
    """A p-value with its relation sign.

    >>> _fmt_p(0.0004), _fmt_p(0.0138)
    ('< 0.001', '= 0.014')
    """
    return "< 0.001" if p < 0.001 else f"= {p:.2g}"


def _signed_rank_counts(n: int) -> np.ndarray:
    """Number of sign patterns giving each value 0..n(n+1)/2 of T⁺ (no ties).

    >>> _signed_rank_counts(3).tolist()
    [1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0]
    """
    counts = np.zeros(n * (n + 1) // 2 + 1, dtype=float)
    counts[0] = 1.0
    for k in range(1, n + 1):
        shifted = np.zeros_like(counts)
        shifted[k:] = counts[:-k]
        counts = counts + shifted
    return counts


def _qsignrank(p: float, n: int) -> int:
    """Smallest x with P(T⁺ ≤ x) ≥ p under H0 (R's ``qsignrank``)."""
    counts = _signed_rank_counts(n)
    cdf = np.cumsum(counts) / counts.sum()
    return int(np.searchsorted(cdf, p - 1e-12))


def hodges_lehmann(
    diffs: Any, *, confidence: float = 0.95
) -> tuple[float, float, float, float, str]:
    """Hodges–Lehmann estimate of the median difference and its interval.

    Returns ``(estimate, low, high, achieved_level, method)``. The estimate is
    the median of the Walsh averages ``(dᵢ + dⱼ)/2, i ≤ j``; the interval is
    ``[W₍k₎, W₍M+1−k₎]`` of the sorted Walsh averages (M = n(n+1)/2) with ``k``
    from the exact signed-rank distribution (n ≤ 50) or its normal
    approximation. With ties (usual for Likert data) the level is approximate.

    >>> est, lo, hi, level, method = hodges_lehmann([1.0, 2.0, 4.0])
    >>> est, lo, hi, round(level, 3), method
    (2.25, 1.0, 4.0, 0.75, 'exact')
    """
    d = np.asarray(diffs, dtype=float)
    d = d[~np.isnan(d)]
    n = d.size
    if n == 0:
        return (math.nan, math.nan, math.nan, math.nan, "none")
    i, j = np.triu_indices(n)
    walsh = np.sort((d[i] + d[j]) / 2.0)
    m = walsh.size
    estimate = float(np.median(walsh))
    alpha = 1.0 - confidence
    if n <= EXACT_MAX_N:
        k = max(_qsignrank(alpha / 2.0, n), 1)
        counts = _signed_rank_counts(n)
        achieved = 1.0 - 2.0 * float(counts[:k].sum() / counts.sum())
        method = "exact"
    else:
        from scipy.stats import norm

        z = float(norm.ppf(1.0 - alpha / 2.0))
        k = max(math.floor(m / 2.0 - z * math.sqrt(n * (n + 1) * (2 * n + 1) / 24.0)), 1)
        achieved = confidence
        method = "normal approximation"
    return (estimate, float(walsh[k - 1]), float(walsh[m - k]), achieved, method)


def paired_test(
    pre: Any,
    post: Any,
    *,
    label: str = "",
    confidence: float = 0.95,
) -> PairedTest:
    """Wilcoxon signed-rank test of ``post − pre`` with effect sizes and HL interval.

    ``pre`` and ``post`` are aligned sequences (one entry per participant); a
    NaN in either makes that pair missing.

    >>> paired_test([3, 3], [float("nan"), 4]).status
    'too few pairs to test'
    >>> paired_test([3, 4, 2], [3, 4, 2]).status
    'no change'
    >>> paired_test([3.0], [float("nan")]).message
    'not yet available: no participant has both a pre and a post score'
    """
    a = np.asarray(pre, dtype=float)
    b = np.asarray(post, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise InputError(
            f"pre and post must be equal-length lists (got {a.shape} and {b.shape})",
            fix="pass one pre and one post score per participant, in the same order",
        )
    ok = ~(np.isnan(a) | np.isnan(b))
    n_missing = int((~ok).sum() - (np.isnan(a) & np.isnan(b)).sum())
    a, b = a[ok], b[ok]
    d = b - a
    n_pairs = int(d.size)
    nan = math.nan
    base: dict[str, Any] = {
        "label": label,
        "n_pairs": n_pairs,
        "n_missing": n_missing,
        "n_zero": int((d == 0).sum()),
        "n_used": int((d != 0).sum()),
        "median_pre": float(np.median(a)) if n_pairs else nan,
        "median_post": float(np.median(b)) if n_pairs else nan,
        "mean_diff": float(d.mean()) if n_pairs else nan,
        "median_diff": float(np.median(d)) if n_pairs else nan,
    }
    hl, lo, hi, level, ci_method = hodges_lehmann(d, confidence=confidence)
    base.update(hl_estimate=hl, ci_low=lo, ci_high=hi, ci_level=level, ci_method=ci_method)
    empty_test: dict[str, Any] = {
        "w_plus": nan,
        "w_minus": nan,
        "z": nan,
        "p_value": nan,
        "p_method": "none",
        "r": nan,
        "rank_biserial": nan,
    }
    if n_pairs == 0:
        return PairedTest(
            status=STATUS_NOT_YET,
            message="not yet available: no participant has both a pre and a post score",
            **base,
            **empty_test,
        )
    if base["n_used"] == 0:
        return PairedTest(
            status=STATUS_NO_CHANGE,
            message="no pair changed, so there is nothing to test",
            **base,
            **empty_test,
        )
    nz = d[d != 0]
    n = nz.size
    ranks = pd.Series(np.abs(nz)).rank(method="average").to_numpy()
    w_plus = float(ranks[nz > 0].sum())
    w_minus = float(ranks[nz < 0].sum())
    _, tie_counts = np.unique(np.abs(nz), return_counts=True)
    var = n * (n + 1) * (2 * n + 1) / 24.0 - float((tie_counts**3 - tie_counts).sum()) / 48.0
    z = (w_plus - n * (n + 1) / 4.0) / math.sqrt(var) if var > 0 else nan
    tests: dict[str, Any] = {
        "w_plus": w_plus,
        "w_minus": w_minus,
        "z": z,
        "r": z / math.sqrt(n),
        "rank_biserial": (w_plus - w_minus) / (w_plus + w_minus),
    }
    if n < MIN_CHANGED_PAIRS:
        return PairedTest(
            status=STATUS_TOO_FEW,
            message=(
                f"too few pairs to test: {n} changed, at least {MIN_CHANGED_PAIRS} are needed"
            ),
            **base,
            **tests,
            p_value=nan,
            p_method="none",
        )
    if n <= EXACT_MAX_N:
        # the exact permutation distribution of W+ given the (mid-)ranks, ties included
        p_value = exact_signed_rank_p(ranks, w_plus)
        p_method = "exact" if (tie_counts == 1).all() else "exact, with ties"
    else:
        from scipy.stats import wilcoxon

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = wilcoxon(nz, zero_method="wilcox", correction=False, method="approx")
        p_value, p_method = float(res.pvalue), "normal approximation with tie correction"
    return PairedTest(
        status=STATUS_TESTED,
        message="",
        **base,
        **tests,
        p_value=p_value,
        p_method=p_method,
    )


def exact_signed_rank_p(ranks: Any, w_plus: float) -> float:
    """Two-sided exact p of the signed-rank statistic ``W+`` given the ranks (ties allowed).

    Under the null hypothesis each rank's sign is + or − with probability 1/2,
    independently, whatever the ranks are; mid-ranks of tied ``|d|`` are halves,
    so doubled ranks are whole numbers and the distribution of ``2·W+`` is the
    convolution of ``n`` two-point distributions (exact, as R's
    ``coin::wilcoxsign_test(distribution = "exact")``). ``p = min(1, 2·min(P(W+ ≤ w),
    P(W+ ≥ w)))``. With every difference positive, ``p = 2 / 2ⁿ`` whatever the ties.

    >>> exact_signed_rank_p([1, 2, 3, 4, 5, 6], 21.0)  # 6 of 6 positive: 2/64
    0.03125
    >>> exact_signed_rank_p([3.5] * 6, 21.0)  # the same with all |d| tied
    0.03125
    """
    doubled = np.rint(2 * np.asarray(ranks, dtype=float)).astype(int)
    total = int(doubled.sum())
    dist = np.zeros(total + 1)
    dist[0] = 1.0
    for r in doubled:
        shifted = np.zeros_like(dist)
        shifted[r:] = dist[: total + 1 - r]
        dist = 0.5 * (dist + shifted)
    w = round(2 * w_plus)
    lower = float(dist[: w + 1].sum())
    upper = float(dist[w:].sum())
    return min(1.0, 2 * min(lower, upper))


def paired_scores(
    source: Source, *, domain: str | None = None, by: str = "participant"
) -> pd.DataFrame:
    """Pre and post scores side by side, one row per participant (or participant × item).

    ``by="participant"``: columns ``participant_id, domain, n_items, pre, post,
    change`` where pre/post are the means of the items answered at both
    timepoints; participants with only one timepoint have NaN in the other.
    ``by="item"``: columns ``participant_id, domain, item, pre, post, change``.

    >>> s = pd.DataFrame({"participant_id": ["p1"] * 4 + ["p2"] * 2,
    ...     "timepoint": ["pre", "pre", "post", "post", "pre", "pre"],
    ...     "domain": ["confidence"] * 6, "item": ["a", "b", "a", "b", "a", "b"],
    ...     "score": [2, 3, 4, 4, 3, 3]})
    >>> paired_scores({"survey": s})
      participant_id      domain  n_items  pre  post  change
    0             p1  confidence        2  2.5   4.0     1.5
    1             p2  confidence        0  3.0   NaN     NaN
    """
    if by not in ("participant", "item"):
        raise InputError(f"by must be 'participant' or 'item', not {by!r}")
    survey = get_table(source, "survey")
    if domain is not None:
        survey = survey[survey["domain"] == domain]
    wide = _item_scores(survey)
    return wide[[*_KEYS, "pre", "post", "change"]] if by == "item" else _participant_scores(wide)


_KEYS = ["participant_id", "domain", "item"]


def _item_scores(survey: pd.DataFrame) -> pd.DataFrame:
    """Mean pre and post score and their change per participant, domain and item."""
    survey = survey.dropna(subset=["score"])
    survey = survey.assign(score=survey["score"].astype(float))
    # what pivot_table(index=_KEYS, columns="timepoint", aggfunc="mean") computes, sooner
    wide = survey.groupby([*_KEYS, "timepoint"])["score"].mean().unstack("timepoint")
    wide = wide.reindex(columns=["pre", "post"])
    wide.columns.name = None
    wide = wide.reset_index()
    wide["change"] = wide["post"] - wide["pre"]
    return wide


def _participant_scores(wide: pd.DataFrame) -> pd.DataFrame:
    """:func:`paired_scores` by participant from :func:`_item_scores`' table."""
    both = wide.dropna(subset=["pre", "post"])
    per = both.groupby(["participant_id", "domain"]).agg(
        n_items=("item", "size"), pre=("pre", "mean"), post=("post", "mean")
    )
    # a participant without any item answered at both timepoints is a missing pair:
    # keep whichever single-timepoint mean exists (pre preferred) and leave the other NaN
    one = wide.groupby(["participant_id", "domain"]).agg(pre=("pre", "mean"), post=("post", "mean"))
    out = one.join(per.add_suffix("_paired").rename(columns={"n_items_paired": "n_items"}))
    paired = out["n_items"].notna()
    out["post"] = out["post_paired"].where(paired, out["post"].where(out["pre"].isna()))
    out["pre"] = out["pre_paired"].where(paired, out["pre"])
    out["n_items"] = out["n_items"].fillna(0).astype(int)
    out["change"] = out["post"] - out["pre"]
    return out.reset_index()[["participant_id", "domain", "n_items", "pre", "post", "change"]]


def participant_changes(source: Source, *, domain: str = "confidence") -> pd.DataFrame:
    """Each participant's pre/post domain mean and change, with name and role when known.

    For the team report ("team members' pre/post confidence change").
    """
    scores = paired_scores(source, domain=domain)
    people = get_table(source, "participants", required=("participant_id",))
    cols = [c for c in ("participant_id", "display_name", "role", "team_id") if c in people]
    out = scores.merge(people[cols], on="participant_id", how="left")
    front = [c for c in cols if c != "participant_id"]
    return out[["participant_id", *front, "domain", "n_items", "pre", "post", "change"]]


@dataclass(frozen=True)
class SurveyAnalysis:
    """Paired analysis of a survey: one :class:`PairedTest` per domain plus per-item figures."""

    tests: dict[str, PairedTest]
    items: pd.DataFrame

    def table(self) -> pd.DataFrame:
        """One row per domain with the key figures (for a report table)."""
        rows = []
        for domain, t in self.tests.items():
            rows.append(
                {
                    "domain": domain,
                    "status": t.status,
                    "n_pairs": t.n_pairs,
                    "n_missing": t.n_missing,
                    "median_pre": t.median_pre,
                    "median_post": t.median_post,
                    "hl_change": t.hl_estimate,
                    "ci_low": t.ci_low,
                    "ci_high": t.ci_high,
                    "p_value": t.p_value,
                    "r": t.r,
                    "rank_biserial": t.rank_biserial,
                }
            )
        return pd.DataFrame(rows)

    def sentences(self) -> list[str]:
        """One sentence per domain (saying so when a domain has a single item)."""
        out = []
        for domain, t in self.tests.items():
            text = t.sentence()
            if self.n_items(domain) == 1:
                text += (
                    f" The {domain} domain has a single item, so this is one question's "
                    "answers, not a scale."
                )
            out.append(text)
        return out

    def n_items(self, domain: str) -> int:
        """How many different items the domain's answers cover."""
        if self.items.empty or "domain" not in self.items or "item" not in self.items:
            return 0
        return int(self.items.loc[self.items["domain"] == domain, "item"].nunique())


def _t_interval(values: np.ndarray, confidence: float) -> tuple[float, float, float]:
    n = values.size
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(values.mean())
    if n < 2:
        return (mean, math.nan, math.nan)
    from scipy.stats import t

    half = float(t.ppf(0.5 + confidence / 2.0, n - 1)) * float(values.std(ddof=1)) / math.sqrt(n)
    return (mean, mean - half, mean + half)


def analyse_survey(
    source: Source,
    *,
    domains: tuple[str, ...] = ("confidence", "knowledge"),
    team_id: str | None = None,
    confidence: float = 0.95,
) -> SurveyAnalysis:
    """Paired pre/post analysis of every domain (participant means) and every item.

    ``team_id`` restricts to that team's participants (needs the participants
    table). ``items`` has one row per domain × item: ``n_pairs``, pre and post
    means of the paired answers with t-intervals (``pre_low`` ...), ``mean_change``
    and the Hodges–Lehmann change with its interval.
    """
    wide = _item_scores(get_table(source, "survey"))  # once for both tables
    scores = _participant_scores(wide)
    items = wide[[*_KEYS, "pre", "post", "change"]]
    if team_id is not None:
        people = get_table(source, "participants", required=("participant_id", "team_id"))
        members = set(people.loc[people["team_id"] == team_id, "participant_id"])
        scores = scores[scores["participant_id"].isin(members)]
        items = items[items["participant_id"].isin(members)]
    tests = {}
    for domain in domains:
        sub = scores[scores["domain"] == domain]
        tests[domain] = paired_test(
            sub["pre"], sub["post"], label=domain.capitalize(), confidence=confidence
        )
    rows = []
    for (domain, item), grp in items.groupby(["domain", "item"], sort=True):
        both = grp.dropna(subset=["pre", "post"])
        pre_m, pre_lo, pre_hi = _t_interval(both["pre"].to_numpy(float), confidence)
        post_m, post_lo, post_hi = _t_interval(both["post"].to_numpy(float), confidence)
        hl, lo, hi, _, _ = hodges_lehmann(both["change"].to_numpy(float), confidence=confidence)
        rows.append(
            {
                "domain": domain,
                "item": item,
                "n_pairs": len(both),
                "pre_mean": pre_m,
                "pre_low": pre_lo,
                "pre_high": pre_hi,
                "post_mean": post_m,
                "post_low": post_lo,
                "post_high": post_hi,
                "mean_change": post_m - pre_m,
                "hl_change": hl,
                "hl_low": lo,
                "hl_high": hi,
            }
        )
    columns = [
        "domain",
        "item",
        "n_pairs",
        "pre_mean",
        "pre_low",
        "pre_high",
        "post_mean",
        "post_low",
        "post_high",
        "mean_change",
        "hl_change",
        "hl_low",
        "hl_high",
    ]
    return SurveyAnalysis(tests=tests, items=pd.DataFrame(rows, columns=columns))
