"""Colours and layout shared by every figure: one palette, colour-blind safe (Okabe & Ito 2008)."""
from __future__ import annotations

import plotly.graph_objects as go

from dashboard import config

# Okabe-Ito qualitative palette: distinguishable under the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# Yellow (#F0E442) is left out: too pale on white for marks that carry meaning.
REGION_COLOURS = {**dict(zip(config.REGIONS[:-1], OKABE_ITO[:6])), "Rest of world": "#6C757D"}
# Diverging scale for gains (blue) and losses (orange-red): safe for red-green colour blindness.
DIVERGING = [[0.0, "#B35806"], [0.25, "#F1A340"], [0.5, "#F7F7F7"], [0.75, "#998EC3"], [1.0, "#542788"]]
SEQUENTIAL = "Viridis"

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def base_layout(title: str, source: str, height: int = 420) -> dict:
    """Layout shared by all charts: the title and a source line drawn into the figure,
    so an exported PNG/SVG stays attributed."""
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16)),
        font=dict(family=FONT, size=13, color="#212529"),
        height=height,
        margin=dict(l=60, r=20, t=60, b=70),
        paper_bgcolor="white",
        plot_bgcolor="white",
        annotations=[dict(
            text=f"Source: {source}", showarrow=False, xref="paper", yref="paper",
            x=0, y=-0.2, xanchor="left", yanchor="top", font=dict(size=11, color="#495057"),
        )],
    )


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank (no data for the current filters)."""
    fig = go.Figure()
    fig.update_layout(
        xaxis=dict(visible=False), yaxis=dict(visible=False), height=300, paper_bgcolor="white",
        annotations=[dict(text=message, showarrow=False, font=dict(size=15, color="#495057"))],
    )
    return fig
