"""clean_frame's plain-Python path leaves every table as the pandas path does (issue 16)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from qiteach.workspace import raw
from qiteach.workspace.raw import clean_frame

#: cell texts that exercise every step: spaces, line breaks, empty tokens, quotes, formulas
PIECES = [
    "", " ", "\t", "\xa0", "\u2028", "\r\n", "\r", "\n", "NA", "N/A", "n/a", "-", "na",
    "'", "'=", "'+1", "'-", "'@x", "''", "=SUM(A1)", "-5", "north", "2025-01-06", "12",
    "café", " a ", "x\r\ny", "\"q\"", "'\t", "\t'=",
]  # fmt: skip


def _cell(rng: random.Random) -> object:
    roll = rng.random()
    if roll < 0.12:
        return None
    if roll < 0.18:
        return float("nan")
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))


@pytest.mark.parametrize("seed", range(40))
def test_clean_frame_equals_the_pandas_path_on_random_text(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(0, 12), rng.randint(0, 6)
    df = pd.DataFrame(
        [[_cell(rng) for _ in range(cols)] for _ in range(rows)],
        columns=[f"c{i}" for i in range(cols)],
        dtype=object,
    )
    first = rng.choice([2, 5])
    index = pd.RangeIndex(first, first + len(df))
    want = raw._clean_frame_pandas(df, index)
    got = clean_frame(df, first)
    pdt.assert_frame_equal(got, want, check_index_type=True)
    assert all(v is None or isinstance(v, str) for v in got.to_numpy().ravel().tolist())


def test_clean_frame_keeps_duplicate_columns_given_rows_and_the_input() -> None:
    df = pd.DataFrame([[" a ", None], ["", "N/A"], ["'=x", "b"]], columns=["k", "k"])
    before = df.copy()
    got = clean_frame(df, rows=[4, 7, 9])
    assert got.columns.tolist() == ["k", "k"]
    assert got.index.tolist() == [4, 9] and got.index.dtype == np.int64
    assert got.to_numpy().tolist() == [["a", None], ["=x", "b"]]
    pdt.assert_frame_equal(df, before)  # the input is not changed


def test_clean_frame_turns_non_text_cells_into_text_the_pandas_way() -> None:
    df = pd.DataFrame({"a": [1, None, 2.5], "b": [" x", "y ", pd.NA]}, dtype=object)
    got = clean_frame(df)
    assert got.to_numpy().tolist() == [["1", "x"], [None, "y"], ["2.5", None]]
    pdt.assert_frame_equal(got, raw._clean_frame_pandas(df, pd.RangeIndex(2, 5)))
