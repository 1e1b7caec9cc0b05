"""The start-up benchmark's round-by-round comparison with a peer (issue 16): its exact
sign test agrees with an independent implementation, scipy's binomial test."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from scipy.stats import binomtest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_startup.py"
_SPEC = importlib.util.spec_from_file_location("bench_startup", _PATH)
bench = importlib.util.module_from_spec(_SPEC)
sys.modules.setdefault("bench_startup", bench)  # its dataclasses look themselves up there
_SPEC.loader.exec_module(bench)


@pytest.mark.parametrize("lower, higher, ties", [(6, 0, 0), (20, 21, 0), (30, 11, 3), (2, 9, 1)])
def test_sign_test_matches_scipy(lower: int, higher: int, ties: int) -> None:
    mine = [1.0] * (lower + higher + ties)
    theirs = [1.1] * lower + [0.9] * higher + [1.0] * ties
    text = bench.paired(mine, theirs)
    p = float(re.search(r"p = ([0-9.]+)", text).group(1))
    expected = binomtest(lower, lower + higher, 0.5).pvalue
    assert p == pytest.approx(expected, abs=5e-4)
    assert f"cheaper in {lower} of {lower + higher + ties} rounds" in text


def test_median_difference_is_round_by_round() -> None:
    # medians of each side are equal (1.0), but in every round the first is 0.1 s cheaper
    assert bench.paired([0.9, 1.0, 1.1], [1.0, 1.1, 1.2]).startswith("median -0.100 s")
