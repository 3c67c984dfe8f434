"""The overview's figures table (its CSV download): what the four charts are drawn from, with sources."""
from __future__ import annotations

import io

import pandas as pd

from dashboard.datasets.export import to_csv
from dashboard.views import overview as ov

SOURCE = dict(basis="sourced", source_publisher="P", source_title="T", source_year=2023, source_url="https://x")


def _indicators(values: dict[str, float], indicator: str = "robot_density") -> pd.DataFrame:
    rows = [dict(iso3=code, indicator=indicator, year=2022, value=v, unit="u", **SOURCE) for code, v in values.items()]
    rows.append(dict(iso3="DEU", indicator=indicator, year=2015, value=1e9, unit="u", **SOURCE))  # older: not latest
    rows.append(dict(iso3="WLD", indicator=indicator, year=2022, value=1e9, unit="u", **SOURCE))  # an aggregate
    return pd.DataFrame(rows)


def _table(values: dict[str, float]) -> pd.DataFrame:
    strategies = pd.DataFrame(dict(launch_year=[2013, 2013, 2015, None]))
    clusters = pd.DataFrame(dict(cluster_id=["a"], name=["A"], population_m=[1.5], population_year=[None], **{
        k: [v] for k, v in SOURCE.items()}))
    names = pd.Series({code: code.title() for code in values} | {"DEU": "Germany"})
    return ov.figures_table(strategies, clusters, _indicators(values), names)


def test_strategies_are_counted_by_launch_year_and_undated_ones_left_out():
    table = _table({"DEU": 1.0})
    counts = table[table["chart"] == ov.STRATEGIES_CHART]
    assert counts.set_index("data_year")["value"].to_dict() == {2013: 2, 2015: 1}
    assert set(counts["basis"]) == {"derived"}


def test_ranked_charts_hold_the_latest_value_per_economy_and_flag_the_top_ten_as_shown():
    values = {f"E{i:02d}": float(i) for i in range(12)} | {"DEU": 50.0}
    table = _table(values)
    density = table[table["chart"] == ov.RANKED_CHARTS["robot_density"]]
    assert "WLD" not in set(density["code"])
    assert density.set_index("code").loc["DEU", "value"] == 50.0  # 2022, not the older 2015 figure
    assert density["shown_in_chart"].sum() == ov.TOP
    shown = set(density.loc[density["shown_in_chart"], "code"])
    assert shown == {"DEU", *[f"E{i:02d}" for i in range(11, 2, -1)]}
    assert (density["source_url"] == "https://x").all()


def test_a_missing_population_year_stays_empty():
    clusters = _table({"DEU": 1.0}).query("chart == @ov.CLUSTERS_CHART")
    assert clusters["data_year"].isna().all()
    assert clusters["value"].tolist() == [1.5]


def test_the_data_in_data_gives_every_chart_its_rows_and_every_row_a_source():
    table = ov.overview_figures()
    assert list(table.columns) == list(ov.COLUMNS)
    assert set(table["chart"]) == {ov.STRATEGIES_CHART, ov.CLUSTERS_CHART, *ov.RANKED_CHARTS.values()}
    assert table["source_publisher"].notna().all() and table["source_title"].notna().all()
    sourced = table[table["basis"] == "sourced"]
    assert sourced["source_url"].notna().all()
    parsed = pd.read_csv(io.StringIO(to_csv(table)))
    assert len(parsed) == len(table)
    assert parsed["value"].sum() == table["value"].sum()


def test_an_economy_missing_from_the_names_is_named_not_coded():
    """data/economies.csv does not name every economy with an indicator (Singapore, Sweden, Denmark
    had robot densities but showed as SGP, SWE, DNK); the chart and the CSV use a country name."""
    latest = ov.latest_by_economy(_indicators({"SGP": 730.0, "SWE": 274.0, "XXA": 1.0}), "robot_density",
                                  pd.Series({"DEU": "Germany"}))
    assert latest.set_index("iso3")["name"].to_dict() == {"DEU": "Germany", "SGP": "Singapore", "SWE": "Sweden",
                                                          "XXA": "XXA"}  # a code no list knows stays a code
