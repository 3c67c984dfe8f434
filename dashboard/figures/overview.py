"""Charts of the overview page: small, sourced bar charts of the headline indicators."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import OKABE_ITO, axis_titles, base_layout, empty_figure


def ranked_bar(frame: pd.DataFrame, title: str, unit: str, top: int = 10) -> go.Figure:
    """Horizontal bars of the `top` largest values, labelled with each value's data year."""
    if frame.empty:
        return empty_figure("No sourced figures for this indicator yet")
    bars = frame.head(top).iloc[::-1]
    publishers = sorted(set(bars["source_publisher"]))
    source = "; ".join(publishers) if len(publishers) <= 2 else f"{len(publishers)} publishers (see Methods)"
    fig = go.Figure(go.Bar(
        x=bars["value"], y=bars["name"], orientation="h", marker_color=OKABE_ITO[0],
        text=[f"{v:,.0f} ({y})" for v, y in zip(bars["value"], bars["year"])], textposition="auto",
        customdata=bars[["year"]].to_numpy(),
        hovertemplate="%{y}: %{x:,.0f} " + unit + " (data year %{customdata[0]})<extra></extra>",
    ))
    layout = base_layout(title, source, height=380, below_modebar=True)
    layout["annotations"] += axis_titles(x=unit)
    fig.update_layout(**layout)
    fig.update_xaxes(gridcolor="#e9ecef")
    return fig


def strategies_per_year(counts: pd.Series, title: str) -> go.Figure:
    """Bars of strategies launched per year (`counts`: number of strategies by launch year)."""
    if counts.empty:
        return empty_figure("No dated strategies")
    fig = go.Figure(go.Bar(x=counts.index.astype(int), y=counts.to_numpy(), marker_color=OKABE_ITO[1],
                           hovertemplate="%{x}: %{y} strategies launched<extra></extra>"))
    layout = base_layout(title, "national and EU strategy documents (see Methods)", height=330,
                         below_modebar=True)
    layout["annotations"] += axis_titles(x="launch year", y="strategies", y_shift=30)
    fig.update_layout(**layout)
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(gridcolor="#e9ecef")
    return fig
