"""Map settings and maps: Plotly's world geometry served from our own assets (no CDN)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import config
from dashboard.figures.theme import REGION_COLOURS, base_layout, empty_figure

# Plotly appends "world_110m.json" to this URL; without it, geo maps fetch it from a CDN.
TOPOJSON_URL = config.ASSETS_URL + "topojson/"

# One config for every chart. plotly's camera button gives way to the PNG and SVG buttons assets/export.js
# sets for every chart (they name the file after the chart's title), and its "Share chart" button, which
# uploads the figure to Plotly Cloud, goes; maps take their geometry from our assets (topojsonURL,
# plotly's public config for it), never from a CDN.
GRAPH_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage", "sendChartToCloud"],
                "topojsonURL": TOPOJSON_URL}

# Nested (not plotly's magic underscores) so it also works in figures built as plain dicts.
GEO_LAYOUT = dict(
    projection=dict(type="natural earth"), showframe=False, showcountries=True, countrycolor="#adb5bd",
    showcoastlines=False, landcolor="#f1f3f5", showland=True, lataxis=dict(range=[-58, 85]),
)


def cluster_map(clusters: pd.DataFrame, title: str, source: str, height: int = 420) -> go.Figure:
    """City clusters as points at their representative city, one trace per region.

    `clusters` needs name, rep_city, lat, lon, region and size_value/size_label (marker area
    is proportional to size_value; rows without it get the smallest marker).
    """
    if clusters.empty:
        return empty_figure("No city clusters for these filters")
    size = clusters["size_value"].astype(float)
    scale = 40.0 / np.sqrt(size.max()) if size.notna().any() and size.max() > 0 else 0.0
    fig = go.Figure()
    for region, rows in clusters.groupby("region", sort=True):
        area = np.sqrt(rows["size_value"].astype(float).fillna(0.0).to_numpy()) * scale
        fig.add_trace(go.Scattergeo(
            lat=rows["lat"], lon=rows["lon"], name=region, mode="markers",
            marker=dict(size=np.maximum(area, 6), color=REGION_COLOURS.get(region), opacity=0.8,
                        line=dict(width=0.5, color="white")),
            text=rows["name"], customdata=rows[["rep_city", "size_label"]].to_numpy(),
            hovertemplate="<b>%{text}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))
    fig.update_layout(**base_layout(title, source, height=height, source_below=8, below_modebar=True))
    fig.update_geos(**GEO_LAYOUT)
    # The legend above the map, under the title: below it, it took the source line's place.
    fig.update_layout(legend=dict(orientation="h", x=0, y=1, yanchor="bottom"), margin=dict(l=10, r=10, t=110, b=40))
    return fig
