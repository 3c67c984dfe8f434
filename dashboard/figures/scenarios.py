"""Charts of a solved scenario: Outcome.table (dashboard.views.scenarios) -> go.Figure.

Diverging colours (orange = loses, purple = gains) are colour-blind safe (ColorBrewer PuOr); the
sign is also written in the hover text and the axis, never carried by colour alone.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.maps import GEO_LAYOUT
from dashboard.figures.theme import DIVERGING, OKABE_ITO, REGION_COLOURS, base_layout, empty_figure

GAIN, LOSS, FLAT = DIVERGING[-1][1], DIVERGING[0][1], "#ADB5BD"
SOURCE = "modeled, Eaton–Kortum in changes<br>on the {baseline}"


def _colours(values: pd.Series, eps: float = 0.005) -> list[str]:
    return [GAIN if v >= eps else LOSS if v <= -eps else FLAT for v in values]


def share_change_bar(table: pd.DataFrame, baseline: str, unit: str = "economy", top: int = 30) -> go.Figure:
    """Change in world export share (pp), sorted winners to losers (top `top` by size of change)."""
    if table.empty:
        return empty_figure("No results")
    shown = table.reindex(table["export_share_change_pp"].abs().sort_values(ascending=False).index[:top])
    shown = shown.sort_values("export_share_change_pp")
    fig = go.Figure(go.Bar(
        x=shown["export_share_change_pp"], y=shown["name"], orientation="h",
        marker_color=_colours(shown["export_share_change_pp"]),
        customdata=shown[["export_share_before_pct", "export_share_after_pct"]].to_numpy(),
        hovertemplate="<b>%{y}</b><br>%{x:+.3f} pp of world exports<br>"
                      "%{customdata[0]:.2f} % → %{customdata[1]:.2f} %<extra></extra>",
    ))
    fig.update_layout(**base_layout(f"World export share change by {unit} (pp)",
                                    SOURCE.format(baseline=baseline), height=max(360, 22 * len(shown) + 140)))
    fig.update_xaxes(title_text="percentage points of world exports (excluding domestic sales)", zeroline=True,
                     zerolinecolor="#495057")
    fig.update_layout(margin=dict(l=20, r=20, t=60, b=110))
    fig.update_yaxes(automargin=True)
    fig.update_annotations(y=-90 / fig.layout.height)
    return fig


def welfare_localisation(table: pd.DataFrame, baseline: str, unit: str = "economy") -> go.Figure:
    """Real income change (x, %) against change in domestic share (y, pp: localisation), by region."""
    if table.empty:
        return empty_figure("No results")
    # Label the points that moved most; the rest are in the hover text (labels near 0 would overlap).
    size = table["welfare_change_pct"].abs() + table["domestic_share_change_pp"].abs()
    labelled = set(table.loc[size.sort_values(ascending=False).index[:6], "code"])
    fig = go.Figure()
    for region, part in table.groupby("region", sort=True):
        fig.add_trace(go.Scatter(
            x=part["welfare_change_pct"], y=part["domestic_share_change_pp"], mode="markers+text",
            name=region, text=[c if c in labelled else "" for c in part["code"]], textposition="top center",
            textfont=dict(size=10), marker=dict(size=10, color=REGION_COLOURS.get(region, OKABE_ITO[7]),
                                                line=dict(color="white", width=1)),
            customdata=part[["name", "domestic_share_before_pct", "domestic_share_after_pct"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>real income %{x:+.2f} %<br>domestic share "
                          "%{customdata[1]:.1f} % → %{customdata[2]:.1f} % (%{y:+.2f} pp)<extra></extra>",
        ))
    fig.update_layout(**base_layout(f"Real income and localisation by {unit}",
                                    SOURCE.format(baseline=baseline), height=420))
    fig.update_xaxes(title_text="change in real income (%)", zeroline=True, zerolinecolor="#495057")
    fig.update_yaxes(title_text="change in domestic share of spending (pp)", zeroline=True, zerolinecolor="#495057")
    fig.update_layout(legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"))
    return fig


def rank_slope(table: pd.DataFrame, baseline: str, unit: str = "economy", top: int = 20) -> go.Figure:
    """Slope chart: rank by world export share, baseline → scenario (the top `top` by baseline rank)."""
    if table.empty:
        return empty_figure("No results")
    shown = table[table["export_rank_before"] <= top].sort_values("export_rank_before")
    fig = go.Figure()
    for row in shown.itertuples():
        moved = row.export_rank_after - row.export_rank_before
        colour = GAIN if moved < 0 else LOSS if moved > 0 else FLAT
        fig.add_trace(go.Scatter(
            x=["Baseline", "Scenario"], y=[row.export_rank_before, row.export_rank_after], mode="lines+markers+text",
            text=[f"{row.name} ", f" {row.name}"], textposition=["middle left", "middle right"],
            textfont=dict(size=11), line=dict(color=colour, width=3 if moved else 1.5), marker=dict(size=7),
            showlegend=False, hovertemplate=f"<b>{row.name}</b><br>rank {row.export_rank_before} → "
                                            f"{row.export_rank_after}<extra></extra>",
        ))
    fig.update_layout(**base_layout(f"Export-share rank, top {top}",
                                    SOURCE.format(baseline=baseline), height=max(380, 24 * len(shown) + 120)))
    fig.update_yaxes(autorange="reversed", title_text="rank", dtick=1, showgrid=False)
    fig.update_xaxes(range=[-0.9, 1.9], showgrid=False)
    fig.update_layout(margin=dict(l=50, r=20, t=60, b=70))
    return fig


def shift_map(table: pd.DataFrame, baseline: str) -> go.Figure:
    """World map of the change in export share (pp): countries shaded (ISO-3 codes; not ROW), or city
    clusters as bubbles at their coordinates when the table has lat/lon."""
    clusters = "lat" in table.columns
    mapped = table if clusters else table[table["code"].str.fullmatch(r"[A-Z]{3}") & (table["code"] != "ROW")]
    if mapped.empty:
        return empty_figure("Nothing to map: the results have no country codes or coordinates")
    change = mapped["export_share_change_pp"]
    extreme = float(np.nanmax(np.abs(change))) or 0.01
    colour = dict(colorscale=DIVERGING, cmid=0, cmin=-extreme, cmax=extreme,
                  colorbar=dict(title=dict(text="pp of world<br>export share"), thickness=12, len=0.7))
    customdata = mapped[["name", "export_share_before_pct", "export_share_after_pct"]].to_numpy()
    hover = "<b>%{customdata[0]}</b><br>%{marker.color:+.3f} pp<br>%{customdata[1]:.2f} % → %{customdata[2]:.2f} %<extra></extra>"
    if clusters:
        size = 8 + 30 * np.sqrt(mapped["export_share_before_pct"] / mapped["export_share_before_pct"].max())
        fig = go.Figure(go.Scattergeo(
            lat=mapped["lat"], lon=mapped["lon"], mode="markers", customdata=customdata, hovertemplate=hover,
            marker=dict(color=change, size=size, line=dict(color="#495057", width=0.5), **colour),
        ))
    else:
        fig = go.Figure(go.Choropleth(
            locations=mapped["code"], z=change, locationmode="ISO-3", zmid=0, zmin=-extreme, zmax=extreme,
            colorscale=DIVERGING, colorbar=colour["colorbar"], marker_line_color="white", marker_line_width=0.5,
            customdata=customdata, hovertemplate=hover.replace("marker.color", "z"),
        ))
    fig.update_layout(**base_layout("Where export share shifts (pp)",
                                    SOURCE.format(baseline=baseline), height=420))
    fig.update_geos(**GEO_LAYOUT)
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=50))
    return fig
