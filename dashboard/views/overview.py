"""The overview page's figures as one table: what its charts are drawn from, for the CSV download.

One row per figure, in long form so that the four charts share one header: which chart, which
economy, cluster or year, the measure with its unit, the data year, whether the chart shows the row
(the bar charts show the ten largest), and the figure's source (or, for counts, how it was derived).
"""
from __future__ import annotations

import pandas as pd

from dashboard.datasets import load
from dashboard.datasets.regions import short_name

COLUMNS = ("chart", "code", "name", "measure", "value", "unit", "data_year", "shown_in_chart", "basis",
           "source_publisher", "source_title", "source_year", "source_url")
DOWNLOAD_NAME = "atlas_overview_figures.csv"
TOP = 10  # bars in each ranked chart (dashboard/figures/overview.py ranked_bar)
STRATEGIES_CHART = "Intelligent-manufacturing strategies launched per year"
CLUSTERS_CHART = "City clusters in the atlas (marker area: published population)"
RANKED_CHARTS = {"robot_density": "Robot density, latest year",
                 "mva_usd_bn": "Manufacturing value added, latest year"}
SOURCE_COLUMNS = ["basis", "source_publisher", "source_title", "source_year", "source_url"]


def latest_by_economy(indicators: pd.DataFrame, indicator: str, names: pd.Series) -> pd.DataFrame:
    """Latest sourced value of `indicator` per economy (aggregates excluded), largest first.

    Returns columns iso3, name (from `names`, else datasets.regions.short_name), year, value, unit
    and the row's source columns.
    """
    rows = indicators[(indicators["indicator"] == indicator) & (indicators["basis"] == "sourced")]
    rows = rows[~rows["iso3"].isin(["WLD", "EUU", "ROW"])]
    latest = rows.sort_values("year").groupby("iso3", sort=False).tail(1)
    # An economy that data/economies.csv does not list is named from country_converter, not by its code.
    latest = latest.assign(name=latest["iso3"].map(names).fillna(latest["iso3"].map(short_name)))
    return latest.sort_values("value", ascending=False, kind="stable")[
        ["iso3", "name", "year", "value", "unit", *SOURCE_COLUMNS]
    ].reset_index(drop=True)


def strategies_per_year(strategies: pd.DataFrame) -> pd.Series:
    """Strategies launched per year (strategies without a sourced launch year left out), by year."""
    dated = strategies.dropna(subset=["launch_year"])
    return dated.groupby(dated["launch_year"].astype(int)).size()


def figures_table(strategies: pd.DataFrame, clusters: pd.DataFrame, indicators: pd.DataFrame,
                  names: pd.Series) -> pd.DataFrame:
    """Every figure the overview's charts are drawn from, in COLUMNS order."""
    counts = strategies_per_year(strategies)
    parts = [pd.DataFrame({
        "chart": STRATEGIES_CHART, "code": counts.index.astype(str), "name": counts.index.astype(str),
        "measure": "strategies launched", "value": counts.to_numpy(), "unit": "strategies",
        "data_year": counts.index, "shown_in_chart": True, "basis": "derived",
        "source_publisher": "this atlas",
        "source_title": "count of data/strategies.csv rows by launch_year; each strategy's own source is in that file",
        "source_year": pd.NA, "source_url": pd.NA,
    })]
    parts.append(pd.DataFrame({
        "chart": CLUSTERS_CHART, "code": clusters["cluster_id"], "name": clusters["name"],
        "measure": "population (marker area)", "value": clusters["population_m"], "unit": "million people",
        "data_year": clusters["population_year"], "shown_in_chart": True,
        **{c: clusters[c] for c in SOURCE_COLUMNS},
    }))
    for indicator, chart in RANKED_CHARTS.items():
        latest = latest_by_economy(indicators, indicator, names)
        parts.append(pd.DataFrame({
            "chart": chart, "code": latest["iso3"], "name": latest["name"], "measure": indicator,
            "value": latest["value"], "unit": latest["unit"], "data_year": latest["year"],
            "shown_in_chart": latest.index < TOP, **{c: latest[c] for c in SOURCE_COLUMNS},
        }))
    table = pd.concat(parts, ignore_index=True)[list(COLUMNS)]
    return table.astype({"data_year": "Int64", "source_year": "Int64", "shown_in_chart": bool})


def overview_figures() -> pd.DataFrame:
    """figures_table of the data in data/."""
    economies = load.table("economies")
    return figures_table(load.table("strategies"), load.table("city_clusters"), load.table("indicators"),
                         economies.set_index("iso3")["name"])
