"""Data files reshaped for the model, loaded once per process and read-only.

* `trade_matrix()`: the one-sector N×N matrix (goods + services), USD billion, as the scenarios page uses it.
* `sector_baseline()`: everything the multi-sector model needs, as numpy arrays (see `SectorBaseline`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.datasets import load
from dashboard.datasets.schema import SECTORS

# trade_baseline.csv is in USD million; the one-sector page works in USD billion.
MILLION_PER_BILLION = 1000.0


@functools.cache
def _trade_matrix() -> pd.DataFrame:
    flows = load.table("trade_baseline")
    order = list(load.table("economies")["iso3"])
    total = flows.groupby(["exporter", "importer"])["value"].sum()
    matrix = total.unstack("importer").loc[order, order] / MILLION_PER_BILLION
    matrix.index.name, matrix.columns.name = "exporter", "importer"
    return matrix.astype(float)


def trade_matrix() -> pd.DataFrame:
    """Baseline gross flows summed over sectors (USD billion, current; exporter × importer in
    economies.csv order; domestic sales on the diagonal), loaded once per process.

    A copy-on-write view: callers may modify it without touching the cache.
    """
    return _trade_matrix().copy(deep=False)


def baseline_year() -> int:
    """The year the baseline matrix refers to (one year for every cell; load.py checks it)."""
    return int(load.table("trade_baseline")["year"].iloc[0])


@dataclass(frozen=True)
class SectorBaseline:
    """The baseline of the multi-sector model. Arrays are read-only; units are USD million, current.

    codes, names: the N economies in economies.csv order (ROW, the rest of the world, included).
    sectors: the S sector ids ("goods", "services").
    flows: (S, N, N), flows[s, i, j] = gross sales of sector s from exporter i to importer j; domestic
        sales on the diagonal.
    sourced: (S, N, N) bool, True where the cell is a published figure (IMF DOTS goods trade between
        modeled economies); everything else is modeled (see trade_baseline.csv's method column).
    gross_output: (S, N), row sums of flows (for a re-export hub, goods gross output plus re-exports).
    value_added: (S, N), goods value added (ISIC A-E) and services value added (the rest).
    value_added_share: (S, N), β = value_added / gross_output, in (0, 1].
    gdp: (N,), GDP at market prices (value added plus taxes less subsidies on products).
    manufacturing_share_of_goods: (N,), manufacturing value added / goods value added: the part of
        the goods sector a productivity shock to manufacturing reaches.
    reexports: (N,), goods re-exports (0 where none is modeled: only the hubs have a figure).
    """

    year: int
    codes: tuple[str, ...]
    names: tuple[str, ...]
    sectors: tuple[str, ...]
    flows: np.ndarray
    sourced: np.ndarray
    gross_output: np.ndarray
    value_added: np.ndarray
    value_added_share: np.ndarray
    gdp: np.ndarray
    manufacturing_share_of_goods: np.ndarray
    reexports: np.ndarray
    unit: str = "USD million, current"


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


@functools.cache
def sector_baseline() -> SectorBaseline:
    """The baseline for the multi-sector model (see `SectorBaseline`), built once per process."""
    economies = load.table("economies")
    codes = list(economies["iso3"])
    flows = load.table("trade_baseline")
    accounts = load.table("national_accounts")
    cube = np.empty((len(SECTORS), len(codes), len(codes)))
    sourced = np.empty(cube.shape, dtype=bool)
    for s, sector in enumerate(SECTORS):
        part = flows[flows["sector"] == sector]
        cube[s] = part.pivot(index="exporter", columns="importer", values="value").loc[codes, codes].to_numpy()
        sourced[s] = (part.pivot(index="exporter", columns="importer", values="basis").loc[codes, codes]
                      == "sourced").to_numpy()
    item = accounts.pivot(index="iso3", columns="item", values="value").reindex(codes)
    value_added = item[[f"va_{sector}" for sector in SECTORS]].to_numpy(dtype=float).T
    gross_output = cube.sum(axis=2)
    reexports = item["goods_reexports"].fillna(0.0).to_numpy(dtype=float) if "goods_reexports" in item else \
        np.zeros(len(codes))
    return SectorBaseline(
        year=baseline_year(),
        codes=tuple(codes),
        names=tuple(economies["name"]),
        sectors=SECTORS,
        flows=_frozen(cube),
        sourced=_frozen(sourced),
        gross_output=_frozen(gross_output),
        value_added=_frozen(value_added),
        value_added_share=_frozen(value_added / gross_output),
        gdp=_frozen(item["gdp"].to_numpy(dtype=float)),
        manufacturing_share_of_goods=_frozen((item["va_manufacturing"] / item["va_goods"]).to_numpy(dtype=float)),
        reexports=_frozen(reexports),
    )
