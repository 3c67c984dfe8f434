"""Charts of the overview page: small, sourced bar charts of the headline indicators."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import OKABE_ITO, base_layout, empty_figure


def latest_by_economy(indicators: pd.DataFrame, indicator: str, names: pd.Series) -> pd.DataFrame:
    """Latest sourced value of `indicator` per economy (aggregates excluded), largest first.

    Returns columns iso3, name, year, value, source_publisher, source_title.
    """
    rows = indicators[(indicators["indicator"] == indicator) & (indicators["basis"] == "sourced")]
    rows = rows[~rows["iso3"].isin(["WLD", "EUU", "ROW"])]
    latest = rows.sort_values("year").groupby("iso3", sort=False).tail(1)
    latest = latest.assign(name=latest["iso3"].map(names).fillna(latest["iso3"]))
    return latest.sort_values("value", ascending=False, kind="stable")[
        ["iso3", "name", "year", "value", "unit", "source_publisher", "source_title"]
    ].reset_index(drop=True)


def ranked_bar(frame: pd.DataFrame, title: str, unit: str, top: int = 10) -> go.Figure:
    """Horizontal bars of the `top` largest values, labelled with each value's data year."""
    if frame.empty:
        return empty_figure("No sourced figures for this indicator yet")
    shown = frame.head(top).iloc[::-1]
    publishers = sorted(set(shown["source_publisher"]))
    source = "; ".join(publishers) if len(publishers) <= 2 else f"{len(publishers)} publishers (see Methods)"
    fig = go.Figure(go.Bar(
        x=shown["value"], y=shown["name"], orientation="h", marker_color=OKABE_ITO[0],
        text=[f"{v:,.0f} ({y})" for v, y in zip(shown["value"], shown["year"])], textposition="auto",
        customdata=shown[["year"]].to_numpy(),
        hovertemplate="%{y}: %{x:,.0f} " + unit + " (data year %{customdata[0]})<extra></extra>",
    ))
    fig.update_layout(**base_layout(title, source, height=380))
    fig.update_xaxes(title_text=unit, gridcolor="#e9ecef")
    return fig


def strategies_per_year(strategies: pd.DataFrame) -> go.Figure:
    """Count of strategies launched per year (strategies without a sourced launch year left out)."""
    dated = strategies.dropna(subset=["launch_year"])
    if dated.empty:
        return empty_figure("No dated strategies")
    counts = dated.groupby("launch_year").size()
    fig = go.Figure(go.Bar(x=counts.index.astype(int), y=counts.to_numpy(), marker_color=OKABE_ITO[1],
                           hovertemplate="%{x}: %{y} strategies launched<extra></extra>"))
    fig.update_layout(**base_layout("Intelligent-manufacturing strategies launched per year",
                                    "national and EU strategy documents (see Methods)", height=320))
    fig.update_xaxes(title_text="launch year", dtick=1)
    fig.update_yaxes(title_text="strategies", gridcolor="#e9ecef")
    return fig
