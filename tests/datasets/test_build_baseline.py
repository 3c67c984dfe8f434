"""The 2019 baseline: rebuilt byte for byte from the repository, goods trade between modeled economies
sourced from the IMF as published, services totals the World Bank's as published, positive
rest-of-world cells, plausible home shares, and national accounts that add up."""
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
from dashboard.datasets.matrices import MILLION_PER_BILLION, sector_baseline, trade_matrix
from dashboard.model import solve_scenario

ROW = build_baseline.ROW
# Five well-known 2019 goods flows, USD million, as the exporter reports them to the IMF (DOTS). The
# reference README (../shared/reference/imf_dots_goods_2017_2020_README.md) quotes them rounded:
# US exports to China 106,627, to Mexico 256,374, to Canada 292,587; Germany's exports to the US
# 133,667; China's exports to the US 418.6 bn. The cells must hold them to the dollar as stored.
PUBLISHED = {
    ("USA", "CHN"): ("106626.774557", 106_627),
    ("USA", "MEX"): ("256374.085277", 256_374),
    ("USA", "CAN"): ("292587.247056", 292_587),
    ("DEU", "USA"): ("133667.051991", 133_667),
    ("CHN", "USA"): ("418584.24966", 418_584),
}
# Domestic sales / goods absorption below 10 % would mean an economy buys almost none of its own
# goods; above 95 % that it hardly trades. Both happen only when inputs do not fit together.
HOME_SHARE_RANGE = (0.10, 0.95)


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    return build_baseline.build()


@pytest.fixture(scope="module")
def flows() -> pd.DataFrame:
    return load.table("trade_baseline")


@pytest.fixture(scope="module")
def accounts() -> pd.DataFrame:
    frame = load.table("national_accounts")
    codes = list(load.table("economies")["iso3"])
    return frame.pivot(index="iso3", columns="item", values="value").loc[codes]


def _matrix(flows: pd.DataFrame, sector: str, column: str = "value") -> pd.DataFrame:
    codes = list(load.table("economies")["iso3"])
    return flows[flows["sector"] == sector].pivot(index="exporter", columns="importer", values=column).loc[codes, codes]


def _named() -> list[str]:
    return [c for c in load.table("economies")["iso3"] if c != ROW]


def test_the_committed_files_are_what_the_build_gives(built):
    for name, path in build_baseline.OUTPUTS.items():
        assert path.read_text(encoding="utf-8") == built[name], \
            f"{path.name}: run python -m dashboard.datasets.build_baseline"
    assert build_baseline.build() == built      # deterministic
    assert build_baseline.main(["--check"]) == 0


def test_every_international_goods_cell_among_modeled_economies_is_sourced(flows):
    named = _named()
    goods = flows[(flows["sector"] == "goods") & flows["exporter"].isin(named) & flows["importer"].isin(named)
                  & (flows["exporter"] != flows["importer"])]
    assert len(goods) == len(named) * (len(named) - 1)
    assert (goods["basis"] == "sourced").all()
    assert (goods["source_publisher"] == "International Monetary Fund").all()
    assert goods["retrieved_from"].str.startswith("https://github.com/SamLeBlanc/Direction-of-Trade-Map/blob/").all()
    assert goods["notes"].str.contains("Source: International Monetary Fund, Direction of Trade Statistics.").all()
    # Everything else says how it was made.
    others = flows.drop(goods.index)
    assert (others["basis"] == "modeled").all() and others["method"].str.len().gt(40).all()


def test_sourced_cells_keep_the_extracts_values_as_published(built):
    extract = pd.read_csv(build_baseline.DOTS_INPUT, dtype=str)
    extract = extract[extract["flow"] == "exports_fob"].set_index(["reporter", "partner"])["value_usd_million"]
    rows = csv.DictReader(io.StringIO(built["trade_baseline"]))
    sourced = {(r["exporter"], r["importer"]): r["value"] for r in rows if r["basis"] == "sourced"}
    assert sourced and all(text == extract[pair] for pair, text in sourced.items())


@pytest.mark.parametrize("pair", sorted(PUBLISHED))
def test_well_known_flows_equal_the_published_figures_to_the_dollar(built, pair):
    stored, rounded = PUBLISHED[pair]
    rows = csv.DictReader(io.StringIO(built["trade_baseline"]))
    cell = next(r for r in rows if r["sector"] == "goods" and (r["exporter"], r["importer"]) == pair)
    assert cell["value"] == stored and cell["basis"] == "sourced"
    assert round(float(cell["value"])) == rounded


def test_every_rest_of_world_cell_is_positive(flows):
    row_cells = flows[(flows["exporter"] == ROW) | (flows["importer"] == ROW)]
    print("\nsmallest rest-of-world cells (USD million):")
    print(row_cells.nsmallest(5, "value")[["sector", "exporter", "importer", "value"]].to_string(index=False))
    assert len(row_cells) == 2 * (2 * len(_named()) + 1)
    assert (row_cells["value"] > 0).all()


def test_home_share_of_goods_spending_is_plausible_for_every_economy(flows):
    goods = _matrix(flows, "goods")
    home = pd.Series(np.diag(goods) / goods.sum(axis=0).to_numpy(), index=goods.index)
    print("\nhome share of goods spending (domestic goods sales / goods absorption):")
    print(home.round(3).to_string())
    low, high = HOME_SHARE_RANGE
    assert home.between(low, high).all(), home[~home.between(low, high)].to_dict()


def test_national_accounts_add_up(accounts):
    _named()
    a = accounts
    assert (a["go_goods"] >= a["va_goods"]).all() and (a["go_services"] >= a["va_services"]).all()
    assert (a["va_goods"] <= a["gdp"]).all() and (a["va_total"] <= a["gdp"] * 1.0000001).all()
    assert (a["va_manufacturing"] <= a["va_mining_manufacturing_utilities"]).all()
    rounding = 0.002                            # figures are written to USD 1,000
    np.testing.assert_allclose(a["va_goods"], a["va_agriculture"] + a["va_mining_manufacturing_utilities"],
                               atol=rounding)
    np.testing.assert_allclose(a["va_goods"] + a["va_services"], a["va_total"], atol=rounding)
    assert set(a["goods_reexports"].dropna().index) == set(build_baseline.HUBS)
    hubs = list(build_baseline.HUBS)
    assert (a.loc[hubs, "goods_reexports"] < a.loc[hubs, "goods_exports"]).all()


def _wdi_extract() -> pd.DataFrame:
    extract = pd.read_csv(build_baseline.WDI_SERVICES_INPUT, dtype=str)
    extract["iso3"] = extract["economy"].str.upper()
    extract["flow"] = extract["indicator"].map({v: k for k, v in build_baseline.WDI_SERVICES_INDICATORS.items()})
    return extract.set_index(["flow", "iso3"])


def test_services_totals_are_the_world_banks_figures_as_stored(built):
    extract = _wdi_extract()
    rows = [r for r in csv.DictReader(io.StringIO(built["national_accounts"]))
            if r["item"] in ("services_exports", "services_imports") and r["iso3"] != ROW]
    assert len(rows) == 2 * len(_named())
    for r in rows:
        flow = r["item"].removeprefix("services_")
        stored = extract.loc[(flow, r["iso3"])]
        # USD million written to USD 1,000, from the copy's US$ value as stored
        assert r["value"] == f"{float(stored['value_usd']) / 1e6:.3f}", (r["iso3"], flow)
        assert r["basis"] == "sourced" and r["source_publisher"] == "World Bank"
        assert r["source_url"] == f"https://data.worldbank.org/indicator/{stored['indicator']}"
        assert r["retrieved_from"] == (f"https://github.com/{stored['repository']}/blob/{stored['commit']}/"
                                       f"{stored['path']}")
        assert stored["value_usd"] in r["notes"]


def test_published_figures_the_matrix_quotes_to_the_dollar(accounts):
    # WDI 2019, US$: US services exports 891,181 million, China's imports 505,508 million
    assert accounts.loc["USA", "services_exports"] == pytest.approx(891_181.0, abs=0.001)
    assert round(accounts.loc["CHN", "services_imports"]) == 505_508


def test_rest_of_world_services_close_the_wdi_world_total(accounts):
    extract = _wdi_extract()
    world = {flow: float(extract.loc[(flow, "WLD"), "value_usd"]) / 1e6 for flow in ("exports", "imports")}
    tolerance = 1e-3 * len(accounts)
    assert accounts["services_exports"].sum() == pytest.approx(world["exports"], abs=tolerance)
    assert accounts["services_imports"].sum() == pytest.approx(accounts["services_exports"].sum(), abs=tolerance)
    assert world["imports"] < world["exports"]      # the gap the ROW imports row states


def test_no_economy_trades_implausibly_few_services_without_a_note():
    frame = load.table("national_accounts")
    gdp = frame[frame["item"] == "gdp"].set_index("iso3")["value"]
    services = frame[frame["item"].isin(["services_exports", "services_imports"]) & (frame["iso3"] != ROW)]
    share = services["value"].to_numpy() / gdp.loc[services["iso3"]].to_numpy()
    floor = build_baseline.SERVICES_SHARE_OF_GDP_FLOOR
    print("\nservices trade, share of GDP (lowest five):")
    print(services.assign(share=share).nsmallest(5, "share")[["iso3", "item", "share"]].round(4).to_string(index=False))
    flagged = services["notes"].str.contains(f"Below {floor:.0%} of GDP", regex=False)
    assert ((share >= floor) | flagged.to_numpy()).all()
    assert not (flagged.to_numpy() & (share >= floor)).any()     # the note appears only where it applies


def test_the_matrix_rests_on_the_national_accounts(flows, accounts):
    named = _named()
    tolerance = 1e-3 * 2 * len(accounts)      # cells are written to USD 1,000
    goods, services = _matrix(flows, "goods"), _matrix(flows, "services")
    reexports = accounts["goods_reexports"].fillna(0.0)
    np.testing.assert_allclose(goods.sum(axis=1), accounts["go_goods"] + reexports, atol=tolerance)
    np.testing.assert_allclose(services.sum(axis=1), accounts["go_services"], atol=tolerance)
    exports = goods.sum(axis=1) - np.diag(goods)
    np.testing.assert_allclose(exports[named], accounts.loc[named, "goods_exports"], atol=tolerance)
    imports = goods.sum(axis=0) - np.diag(goods)
    np.testing.assert_allclose(imports[named], accounts.loc[named, "goods_imports"], atol=tolerance)
    for side, totals in ((1, "services_exports"), (0, "services_imports")):
        trade = services.sum(axis=side) - np.diag(services)
        np.testing.assert_allclose(trade[named], accounts.loc[named, totals], atol=tolerance)


def test_sector_baseline_contract():
    base = sector_baseline()
    n, s = len(base.codes), len(base.sectors)
    assert base.sectors == ("goods", "services") and base.codes[-1] == ROW and base.year == 2019
    assert base.flows.shape == base.sourced.shape == (s, n, n)
    for array in (base.value_added, base.value_added_share, base.gross_output):
        assert array.shape == (s, n)
    assert base.gdp.shape == base.manufacturing_share_of_goods.shape == base.reexports.shape == (n,)
    assert (base.flows > 0).all() and ((base.value_added_share > 0) & (base.value_added_share <= 1)).all()
    np.testing.assert_allclose(base.value_added_share * base.gross_output, base.value_added)
    np.testing.assert_allclose(base.flows.sum(axis=0), trade_matrix().to_numpy() * MILLION_PER_BILLION)
    assert ((base.manufacturing_share_of_goods > 0) & (base.manufacturing_share_of_goods < 1)).all()
    assert base.sourced.sum() == (n - 1) * (n - 2)        # goods among the modeled economies
    with pytest.raises(ValueError):
        base.flows[0, 0, 0] = 1.0
    assert sector_baseline() is base                        # loaded once


def test_the_baseline_is_an_equilibrium_of_the_one_sector_model():
    matrix = trade_matrix()
    result = solve_scenario(matrix)
    assert result.converged
    np.testing.assert_allclose(result.flows.to_numpy(), matrix.to_numpy(), rtol=1e-9)


def _rewrite(path, edit) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_a_missing_cell_names_file_sector_and_pair(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)
    dropped = []
    _rewrite(data / "trade_baseline.csv", lambda rows: dropped.append(rows.pop(5)))
    with pytest.raises(DataError) as caught:
        load_tables(data)
    assert caught.value.file == "trade_baseline.csv" and caught.value.column == "importer"
    assert f"{dropped[0][0]} {dropped[0][1]} → {dropped[0][2]}" in str(caught.value)


def test_zero_domestic_sales_are_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)

    def zero(rows):
        assert rows[1][1] == rows[1][2]
        rows[1][rows[0].index("value")] = "0"
    _rewrite(data / "trade_baseline.csv", zero)
    with pytest.raises(DataError) as caught:
        load_tables(data)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("trade_baseline.csv", 1, "value")
    assert "domestic sales of goods must be positive" in str(caught.value)


def test_an_economy_without_national_accounts_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)
    _rewrite(data / "national_accounts.csv", lambda rows: rows.__delitem__(
        next(k for k, r in enumerate(rows) if r[:2] == ["SWE", "go_goods"])))
    with pytest.raises(DataError, match="no go_goods for SWE"):
        load_tables(data)


def test_a_missing_dots_pair_stops_the_build(tmp_path, monkeypatch):
    bad = tmp_path / "dots.csv"
    lines = build_baseline.DOTS_INPUT.read_text(encoding="utf-8").splitlines(keepends=True)
    bad.write_text("".join(line for line in lines if not line.startswith("USA,CHN,exports_fob,")), encoding="utf-8")
    monkeypatch.setattr(build_baseline, "DOTS_INPUT", bad)
    with pytest.raises(build_baseline.BuildError, match="no exports_fob row for USA → CHN in 2019"):
        build_baseline.build()


def test_every_capital_is_found_for_the_modeled_economies():
    places = build_baseline.capitals()
    assert all(code in places for code in _named())
    # Accents are ignored: GeoNames lists Brasília, the country record says Brasilia.
    assert places["BRA"].lat == pytest.approx(-15.78, abs=0.1)


def test_a_missing_wdi_services_row_stops_the_build(tmp_path, monkeypatch):
    bad = tmp_path / "wdi.csv"
    lines = build_baseline.WDI_SERVICES_INPUT.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not (line.startswith("BM.GSR.NFSV.CD,") and ",mys,2019," in line)]
    assert len(kept) == len(lines) - 1
    bad.write_text("".join(kept), encoding="utf-8")
    monkeypatch.setattr(build_baseline, "WDI_SERVICES_INPUT", bad)
    with pytest.raises(build_baseline.BuildError, match=r"no BM\.GSR\.NFSV\.CD row for MYS in 2019"):
        build_baseline.build()
