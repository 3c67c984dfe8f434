"""Data files reshaped for the model: the bilateral trade matrix as an N×N labelled frame."""
from __future__ import annotations

import functools

import pandas as pd

from dashboard.datasets import load


@functools.cache
def _trade_matrix() -> pd.DataFrame:
    flows = load.table("trade_baseline")
    order = list(load.table("economies")["iso3"])
    matrix = flows.pivot(index="exporter", columns="importer", values="value").loc[order, order]
    matrix.index.name, matrix.columns.name = "exporter", "importer"
    return matrix.astype(float)


def trade_matrix() -> pd.DataFrame:
    """Baseline flows (USD billion, exporter × importer, economies.csv order), loaded once per process.

    A copy-on-write view: callers may modify it without touching the cache.
    """
    return _trade_matrix().copy(deep=False)


def baseline_year() -> int:
    return int(load.table("trade_baseline")["year"].max())
