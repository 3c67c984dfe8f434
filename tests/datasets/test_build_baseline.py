"""The trade baseline: built deterministically, matches its sourced totals and pairs, and is complete."""
from __future__ import annotations

import csv
import io
import shutil

import numpy as np
import pandas as pd
import pytest

from dashboard import config
from dashboard.datasets import build_baseline, load
from dashboard.datasets.load import DataError, load_tables
from dashboard.datasets.matrices import trade_matrix
from dashboard.model import solve_scenario


@pytest.fixture(scope="module")
def built() -> str:
    return build_baseline.build()


def _wdi(indicator: str) -> pd.Series:
    frame = load.table("indicators")
    frame = frame[(frame["indicator"] == indicator) & (frame["year"] == build_baseline.YEAR)]
    return frame.set_index("iso3")["value"].astype(float)


def test_the_committed_file_is_what_the_build_gives(built):
    assert (config.DATA_DIR / "trade_baseline.csv").read_text(encoding="utf-8") == built
    assert build_baseline.build() == built  # deterministic


def test_rows_sum_to_gdp_and_columns_to_absorption():
    matrix = trade_matrix()
    gdp, exports, imports = _wdi("gdp_usd_bn"), _wdi("exports_gs_usd_bn"), _wdi("imports_gs_usd_bn")
    named = [c for c in matrix.index if c != "ROW"]
    tolerance = 1e-3 * len(matrix)  # cells are rounded to USD 1 million
    np.testing.assert_allclose(matrix.sum(axis=1)[named], gdp[named], atol=tolerance)
    np.testing.assert_allclose(matrix.sum(axis=0)[named], (gdp - exports + imports)[named], atol=tolerance)
    np.testing.assert_allclose(np.diag(matrix)[:len(named)], (gdp - exports)[named], atol=1e-3)
    assert matrix.loc["ROW"].sum() == pytest.approx(gdp["WLD"] - gdp[named].sum(), abs=tolerance)
    # ROW's exports are world minus the rest; its imports make world imports equal world exports.
    rest_exports = exports["WLD"] - exports[named].sum()
    rest_imports = exports["WLD"] - imports[named].sum()
    rest_gdp = gdp["WLD"] - gdp[named].sum()
    assert matrix["ROW"].sum() == pytest.approx(rest_gdp - rest_exports + rest_imports, abs=tolerance)


def test_sourced_pairs_keep_their_published_values():
    pairs = pd.read_csv(build_baseline.PAIRS_INPUT)
    flows = load.table("trade_baseline").set_index(["exporter", "importer"])
    for pair in pairs.itertuples():
        cell = flows.loc[(pair.exporter, pair.importer)]
        assert cell["basis"] == "sourced"
        assert cell["value"] == pytest.approx(pair.value_usd_bn)
        assert cell["source_url"] == pair.source_url
    assert (flows["basis"] == "sourced").sum() == len(pairs)
    modeled = flows[flows["basis"] == "modeled"]
    assert modeled["method"].str.len().gt(20).all()


def test_the_baseline_is_an_equilibrium_of_the_model():
    matrix = trade_matrix()
    result = solve_scenario(matrix)
    assert result.converged
    np.testing.assert_allclose(result.flows.to_numpy(), matrix.to_numpy(), rtol=1e-9)


def test_a_missing_cell_names_file_and_pair(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)
    path = data / "trade_baseline.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    dropped = rows.pop(5)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_tables(data)
    assert caught.value.file == "trade_baseline.csv" and caught.value.column == "importer"
    assert f"{dropped[0]} → {dropped[1]}" in str(caught.value)


def test_zero_domestic_sales_are_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)
    path = data / "trade_baseline.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("value")] = "0"
    assert rows[1][0] == rows[1][1]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_tables(data)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("trade_baseline.csv", 1, "value")
    assert "domestic sales must be positive" in str(caught.value)


def test_a_pair_with_an_unknown_economy_stops_the_build(tmp_path, monkeypatch):
    bad = tmp_path / "pairs.csv"
    text = build_baseline.PAIRS_INPUT.read_text(encoding="utf-8").replace("\nUSA,CAN,", "\nUSA,ATA,", 1)
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(build_baseline, "PAIRS_INPUT", bad)
    with pytest.raises(build_baseline.BuildError, match=r"row 1, column 'importer': 'ATA'"):
        build_baseline.build()


def test_every_capital_is_found_for_the_modeled_economies():
    places = build_baseline.capitals()
    economies = [c for c in load.table("economies")["iso3"] if c != "ROW"]
    assert all(code in places for code in economies)
    # Accents are ignored: GeoNames lists Brasília, the country record says Brasilia.
    assert places["BRA"].lat == pytest.approx(-15.78, abs=0.1)
