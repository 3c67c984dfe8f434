"""Charts of the strategies page: a choropleth of who has a strategy, and a timeline of strategies."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import config
from dashboard.datasets.regions import region_of
from dashboard.figures.maps import GEO_LAYOUT
from dashboard.figures.partial import Part
from dashboard.figures.theme import REGION_COLOURS, SEQUENTIAL, axis_titles, base_layout, empty_figure
from dashboard.views.strategies import COLOR_OPTIONS, LAST_YEAR


def _year_span(years: pd.Series) -> str:
    years = years.dropna().astype(int)
    if years.empty:
        return "no data year"
    low, high = years.min(), years.max()
    return f"data year {low}" if low == high else f"latest data year per economy, {low}–{high}"


def strategy_map(summary: pd.DataFrame, color: str, selected: str | Sequence[str] | None = None) -> go.Figure:
    """Countries with a strategy, coloured by `color` (a key of COLOR_OPTIONS); legend states unit and year."""
    if summary.empty:
        return empty_figure("No strategy matches these filters")
    label, unit = COLOR_OPTIONS[color]
    values = summary[color].astype(float)
    year_note = "" if color in ("launch", "focus") else f" ({_year_span(summary[f'{color}_year'])})"
    economies = summary.assign(value_text=[
        "no sourced figure" if np.isnan(v) else (f"{v:.0f}" if color in ("launch", "focus") else f"{v:,.0f} {unit}")
        for v in values
    ])
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>" + label + ": %{customdata[2]}<extra></extra>"
    # Grey underneath: an economy with a strategy but no figure for this colour stays on the map.
    fig = go.Figure(go.Choropleth(
        locations=economies["iso3"], z=[0] * len(economies), locationmode="ISO-3", showscale=False,
        colorscale=[[0, "#ced4da"], [1, "#ced4da"]], marker_line_color="white", marker_line_width=0.5,
        customdata=economies[["economy", "strategies", "value_text"]].to_numpy(), hovertemplate=hover,
    ))
    coloured = economies[values.notna()]
    fig.add_trace(go.Choropleth(
        locations=coloured["iso3"], z=coloured[color].astype(float), locationmode="ISO-3",
        colorscale=SEQUENTIAL, reversescale=color == "launch", marker_line_color="white", marker_line_width=0.5,
        colorbar=dict(title=dict(text=f"{label}<br><sub>{unit}{year_note}</sub>"), thickness=12, len=0.7,
                      ticklabeloverflow="allow"),  # see theme.FAST_AXIS
        customdata=coloured[["economy", "strategies", "value_text"]].to_numpy(), hovertemplate=hover,
    ))
    # The selected economy's outline: always there (empty when none is on the map), so selecting
    # another replaces this trace only (PARTIAL).
    # `selected`: one economy, or several (the EU's member states when the EU is chosen).
    on_map = set(summary["iso3"])
    chosen = [c for c in ([selected] if isinstance(selected, str) else selected or ()) if c in on_map]
    fig.add_trace(go.Choropleth(
        locations=chosen, z=[1] * len(chosen), locationmode="ISO-3", showscale=False, hoverinfo="skip", meta="selected",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], marker_line_color="#000", marker_line_width=2,
    ))
    fig.update_layout(**base_layout(f"Economies with an intelligent-manufacturing strategy: {label.lower()}",
                                    "strategy documents; IFR; World Bank WDI (see Methods)", height=460,
                                    source_below=8, below_modebar=True))
    fig.update_geos(**GEO_LAYOUT)
    fig.update_layout(margin=dict(l=10, r=10, t=85, b=40), clickmode="event")
    return fig


#: What a change of one field of the view alone changes in `strategy_map` (dashboard.figures.partial).
PARTIAL: dict[str, tuple[Part, ...]] = {"economy": (("selected", ()),)}


def timeline(filtered: pd.DataFrame, selected: str | None = None) -> go.Figure:
    """One bar per strategy from launch to end year (open-ended ones to the period's end), by region."""
    dated = filtered.dropna(subset=["launch_year"])
    if dated.empty:
        return empty_figure("No dated strategy matches these filters")
    frame = dated.assign(
        region=dated["iso3"].map(region_of),
        open_ended=dated["end_year"].isna(),
        end=dated["end_year"].fillna(LAST_YEAR).astype(int),
        launch=dated["launch_year"].astype(int),
    )
    order = {r: i for i, r in enumerate(config.REGIONS)}
    frame = frame.assign(order=frame["region"].map(order)).sort_values(
        ["order", "launch", "economy"], ascending=[False, False, False], kind="stable")
    frame = frame.assign(label=frame["economy"] + ": " + frame["strategy"].str.slice(0, 48))
    fig = go.Figure()
    for region, rows in frame.groupby("region", sort=False):
        fig.add_trace(go.Bar(
            y=rows["label"], x=rows["end"] - rows["launch"] + 1, base=rows["launch"], orientation="h", name=region,
            marker=dict(color=REGION_COLOURS.get(region),
                        opacity=[1.0 if selected in (None, i) else 0.35 for i in rows["iso3"]],
                        pattern=dict(shape=["/" if o else "" for o in rows["open_ended"]], solidity=0.4)),
            customdata=np.stack([rows["iso3"], rows["launch"],
                                 np.where(rows["open_ended"], "open-ended", rows["end"].astype(str))], axis=-1),
            hovertemplate="<b>%{y}</b><br>%{customdata[1]} – %{customdata[2]}<extra></extra>",
        ))
    layout = base_layout("Strategies over time (hatched: no end year published)",
                         "strategy documents (see table for each source)", height=max(320, 22 * len(frame) + 150),
                         source_below=46, below_modebar=True)
    layout["annotations"] += axis_titles(x="year")
    fig.update_layout(**layout)
    fig.update_layout(barmode="overlay", legend=dict(orientation="h", y=1.02, yanchor="bottom"),
                      margin=dict(l=10, r=20, t=110, b=70))
    fig.update_xaxes(range=[config.STRATEGY_YEARS[0] - 0.5, LAST_YEAR + 1.5], dtick=2, gridcolor="#e9ecef")
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=list(frame["label"]))
    return fig
