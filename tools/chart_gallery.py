"""Render every chart type and rule set to ``build/gallery/*.png`` for a human to look at.

Usage (from the repository root)::

    .venv/bin/python tools/chart_gallery.py [--out build/gallery] [--only NAME ...]

The data are made up here with a fixed seed (nothing is downloaded or read
from outside the repository), shaped like primary-care QI measures: DNA rates,
waits, counts of incidents, days between events. Each figure is computed with
:func:`qiteach.compute_chart` and drawn with :func:`qiteach.plot.plot_chart`;
its alt text is written next to it as ``NAME.txt``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from qiteach.charts import compute_chart
from qiteach.plot import alt_text, plot_chart, save_figure

__all__ = ["GALLERY", "main"]

SEED = 20240401


def _months(n: int, start: str = "2022-01-01") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="MS")


def _weeks(n: int, start: str = "2023-01-02") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="W-MON")


def _rng(offset: int) -> np.random.Generator:
    return np.random.default_rng(SEED + offset)


def _dna(n: int = 30, shift_at: int = 18, offset: int = 0) -> pd.DataFrame:
    """Monthly DNAs among booked appointments; the rate falls after ``shift_at``."""
    rng = _rng(offset)
    booked = rng.integers(380, 520, n)
    rate = np.where(np.arange(n) < shift_at, 0.08, 0.055)
    dnas = rng.binomial(booked, rate)
    return pd.DataFrame({"month": _months(n), "dnas": dnas, "booked": booked})


# Each gallery entry: name -> (title, function returning (result, plot options)).
Entry = tuple[str, Callable[[], tuple[object, dict]]]


def _run_anhoej():
    d = _dna(offset=1)
    d["pct"] = d["dnas"] / d["booked"] * 100
    notes = [None] * len(d)
    notes[9] = "Reception staff changes"
    d["note"] = notes
    r = compute_chart(d, x="month", y="pct", chart="run", notes="note", direction="decrease")
    pdsa = {"2023-06-01": "PDSA 1: text reminders", "2023-08-01": "PDSA 2: reminder 2 days before"}
    return r, {"ylabel": "DNA rate (%)", "pdsa": pdsa}


def _run_ihi():
    rng = _rng(2)
    y = np.concatenate([rng.normal(22, 3, 14), np.linspace(22, 34, 8) + rng.normal(0, 0.4, 8)])
    d = pd.DataFrame({"week": _weeks(len(y)), "y": np.round(y, 1)})
    r = compute_chart(d, x="week", y="y", chart="run", rules="ihi", direction="increase")
    return r, {"ylabel": "Calls answered in 2 min (%)"}


def _i_rules(rules: str):
    def make():
        rng = _rng(3)
        y = np.concatenate([rng.normal(14, 2.2, 20), rng.normal(10.5, 2.2, 12)])
        y[6] = 23.0
        d = pd.DataFrame({"week": _weeks(len(y)), "days": np.round(y, 1)})
        direction = "decrease"
        r = compute_chart(
            d, x="week", y="days", chart="i", rules=rules, direction=direction,
            target=12.0 if rules == "mdc" else None,
        )  # fmt: skip
        return r, {"ylabel": "Days to routine GP appointment"}

    return make


def _mr():
    rng = _rng(3)
    y = np.concatenate([rng.normal(14, 2.2, 20), rng.normal(10.5, 2.2, 12)])
    d = pd.DataFrame({"week": _weeks(len(y)), "days": np.round(y, 1)})
    return compute_chart(d, x="week", y="days", chart="mr"), {"ylabel": "Moving range (days)"}


def _subgroups():
    """Daily samples of 5 consultation lengths per week."""
    rng = _rng(4)
    weeks = _weeks(24)
    rows = []
    for i, w in enumerate(weeks):
        size = int(rng.integers(3, 8))
        mean = 11.5 if i < 14 else 10.2
        rows += [{"week": w, "minutes": round(float(v), 1)} for v in rng.normal(mean, 1.8, size)]
    return pd.DataFrame(rows)


def _xbar():
    r = compute_chart(_subgroups(), x="week", y="minutes", chart="xbar", rules="hcdg")
    return r, {"ylabel": "Mean consultation length (min)"}


def _s():
    r = compute_chart(_subgroups(), x="week", y="minutes", chart="s")
    return r, {"ylabel": "SD of consultation length (min)"}


def _p_freeze():
    d = _dna(offset=5)
    r = compute_chart(
        d, x="month", y="dnas", n="booked", chart="p", multiply=100, freeze=12,
        direction="decrease", target=6.0,
    )  # fmt: skip
    return r, {"ylabel": "DNA rate (%)"}


def _p_parts():
    d = _dna(offset=6)
    r = compute_chart(
        d, x="month", y="dnas", n="booked", chart="p", part=18, exclude=[7],
        direction="decrease",
    )  # fmt: skip
    return r, {"ylabel": "DNA rate", "percent": True}


def _pp():
    rng = _rng(7)
    n = rng.integers(20000, 26000, 24)
    p = np.clip(rng.normal(0.62, 0.02, 24), 0, 1)
    d = pd.DataFrame({"month": _months(24), "y": rng.binomial(n, p), "n": n})
    r = compute_chart(d, x="month", y="y", n="n", chart="pp", multiply=100, direction="increase")
    return r, {"ylabel": "Online consultations answered same day (%)"}


def _c():
    rng = _rng(8)
    d = pd.DataFrame({"month": _months(28), "incidents": rng.poisson(6, 28)})
    d.loc[20, "incidents"] = 16
    r = compute_chart(d, x="month", y="incidents", chart="c", direction="decrease")
    return r, {"ylabel": "Prescribing incidents"}


def _u():
    rng = _rng(9)
    list_size = rng.integers(9000, 15000, 26)
    rate = np.where(np.arange(26) < 14, 2.1e-3, 1.5e-3)
    d = pd.DataFrame({"month": _months(26), "y": rng.poisson(list_size * rate), "n": list_size})
    r = compute_chart(
        d, x="month", y="y", n="n", chart="u", multiply=1000, direction="decrease"
    )  # fmt: skip
    return r, {"ylabel": "A&E attendances per 1,000 patients"}


def _up():
    rng = _rng(10)
    n = rng.integers(200000, 260000, 24)
    d = pd.DataFrame({"month": _months(24), "y": rng.poisson(n * rng.normal(0.01, 8e-4, 24)),
                      "n": n})  # fmt: skip
    r = compute_chart(d, x="month", y="y", n="n", chart="up", multiply=1000)
    return r, {"ylabel": "Items per 1,000 patients"}


def _g():
    rng = _rng(11)
    y = np.concatenate([rng.geometric(1 / 40, 18), rng.geometric(1 / 110, 8)])
    r = compute_chart(y=y, chart="g", direction="increase")
    return r, {"ylabel": "Prescriptions between errors", "xlabel": "Error number"}


def _t():
    rng = _rng(12)
    dates = pd.Timestamp("2023-01-05") + pd.to_timedelta(np.cumsum(rng.exponential(9, 25)), "D")
    days = np.diff(np.concatenate([[0.0], (dates - dates[0]).days.to_numpy(float)]))[1:]
    d = pd.DataFrame({"date": dates.normalize()[1:], "days": np.maximum(days, 0.5)})
    r = compute_chart(d, x="date", y="days", chart="t", direction="increase")
    return r, {"ylabel": "Days between falls"}


def _mdc(direction: str, target: float):
    def make():
        rng = _rng(13)
        y = np.concatenate([rng.normal(62, 4, 16), rng.normal(72, 4, 10)])
        d = pd.DataFrame({"week": _weeks(len(y)), "pct": np.round(y, 1)})
        r = compute_chart(
            d, x="week", y="pct", chart="i", rules="mdc", direction=direction, target=target
        )
        return r, {"ylabel": "Patients reviewed in 48 h (%)", "percent": True}

    return make


def _missing():
    d = _dna(offset=14)
    d.loc[[5, 6, 15], "dnas"] = np.nan
    r = compute_chart(d, x="month", y="dnas", n="booked", chart="p", multiply=100)
    return r, {"ylabel": "DNA rate (%)"}


def _short():
    d = _dna(n=11, offset=15)
    r = compute_chart(d, x="month", y="dnas", n="booked", chart="p", multiply=100)
    return r, {"ylabel": "DNA rate (%)"}


def _categories():
    rng = _rng(16)
    practices = [f"Practice {c}" for c in "ABCDEFGHIJKLMNOP"]
    n = rng.integers(120, 900, len(practices))
    d = pd.DataFrame({"practice": practices, "y": rng.binomial(n, 0.3), "n": n})
    d.loc[3, "y"] = int(d.loc[3, "n"] * 0.45)
    r = compute_chart(d, x="practice", y="y", n="n", chart="p", multiply=100)
    return r, {"ylabel": "Patients with BP recorded (%)"}


GALLERY: dict[str, Entry] = {
    "run_anhoej": ("DNA rate: run chart with notes and PDSA cycles", _run_anhoej),
    "run_ihi": ("Calls answered in 2 minutes: IHI rules", _run_ihi),
    "i_anhoej": ("Days to routine appointment: I chart (Anhøj)", _i_rules("anhoej")),
    "i_ihi": ("Days to routine appointment: I chart (IHI)", _i_rules("ihi")),
    "i_hcdg": ("Days to routine appointment: I chart (HCDG)", _i_rules("hcdg")),
    "i_mdc": ("Days to routine appointment: Making Data Count", _i_rules("mdc")),
    "mr": ("Moving ranges of days to appointment", _mr),
    "xbar_hcdg": ("Consultation length: X-bar chart (HCDG rules)", _xbar),
    "s": ("Consultation length: S chart", _s),
    "p_freeze": ("DNA rate: P chart, limits frozen on 12-month baseline", _p_freeze),
    "p_parts": ("DNA rate: P chart in two parts, one month excluded", _p_parts),
    "pp": ("Same-day answers: Laney P′ chart", _pp),
    "c": ("Prescribing incidents: C chart", _c),
    "u": ("A&E attendances: U chart", _u),
    "up": ("Prescription items: Laney U′ chart", _up),
    "g": ("Prescriptions between errors: G chart", _g),
    "t": ("Days between falls: T chart", _t),
    "mdc_improving": ("Reviews in 48 h: improving, target 60%", _mdc("increase", 60.0)),
    "mdc_concern": ("Reviews in 48 h: more is worse, target 85%", _mdc("decrease", 85.0)),
    "mdc_fail": ("Reviews in 48 h: target 95% out of reach", _mdc("increase", 95.0)),
    "missing": ("DNA rate with missing months", _missing),
    "short": ("DNA rate: only 11 months (trial limits)", _short),
    "categories": ("BP recorded by practice: P chart across practices", _categories),
}


def render(name: str, out: Path) -> Path:
    """Render one gallery entry to ``out/NAME.png`` (and its alt text to ``NAME.txt``)."""
    title, make = GALLERY[name]
    result, options = make()
    ax = plot_chart(result, title=title, **options)
    path = save_figure(ax.figure, out / f"{name}.png")
    (out / f"{name}.txt").write_text(alt_text(result, title=title) + "\n", encoding="utf-8")
    plt.close(ax.figure)
    return path


def main(argv: list[str] | None = None) -> int:
    """Render the gallery; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/gallery"))
    parser.add_argument("--only", nargs="*", choices=sorted(GALLERY), help="entries to render")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.only or GALLERY:
        print(render(name, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
