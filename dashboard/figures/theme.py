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

# Tick labels may overflow a chart's plot area (the margins leave room), so plotly need not measure
# every label to hide the ones that would: its default ("hide past div") measures every label once
# for each label drawn, on every draw (about 15 ms of a slider move; more on a page's first draw).
FAST_AXIS = dict(ticklabeloverflow="allow")

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


#: Where a chart's title starts with `below_modebar`, in px from the figure's top: below plotly's mode bar
#: (its icons reach 37 px down on the right in presenter mode, measured), so a long title never runs into
#: them. Such a chart needs a top margin of at least TITLE_MARGIN px.
TITLE_TOP = 40
TITLE_MARGIN = 80


def base_layout(title: str, source: str, height: int = 420, source_below: int | None = None,
                below_modebar: bool = False) -> dict:
    """Layout shared by all charts: the title and a source line drawn into the figure,
    so an exported PNG/SVG stays attributed.

    `below_modebar`: the title starts TITLE_TOP px below the figure's top, clear of the mode bar (the top
    margin becomes TITLE_MARGIN; a chart that sets its own must leave as much). `source_below`: the
    source line's distance in px below the plot area; without it, a fifth of the plot's height, which
    falls outside a tall chart (the bottom margin must hold the line)."""
    below = dict(y=0, yshift=-source_below) if source_below is not None else dict(y=-0.2)
    place = dict(yref="container", y=1, yanchor="top", pad=dict(t=TITLE_TOP)) if below_modebar else {}
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16), **place),
        font=dict(family=FONT, size=13, color="#212529"),
        height=height,
        margin=dict(l=60, r=20, t=TITLE_MARGIN if below_modebar else 60, b=70),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(FAST_AXIS),
        yaxis=dict(FAST_AXIS),
        annotations=[dict(
            text=f"Source: {source}", showarrow=False, xref="paper", yref="paper",
            x=0, xanchor="left", yanchor="top", font=dict(size=11, color="#495057"), **below,
        )],
    )


#: Annotation names that mark an axis title drawn as an annotation (see `axis_titles`); figures/describe.py
#: reads them for the charts' text alternatives.
AXIS_TITLE_NAMES = {"x": "x axis title", "y": "y axis title"}


def axis_titles(x: str | None = None, y: str | None = None, x_shift: int = 22, y_shift: int = 40) -> list[dict]:
    """Axis titles as annotations, for charts that redraw on every slider move.

    plotly.js moves a real axis title clear of the tick labels by measuring the title and every tick
    label of its axis (`scootTitle`: a forced layout each, ~17 ms of a slider move on the scenarios
    page). An annotation at a fixed distance from the plot area is measured once and cached. The
    distances are in pixels: `x_shift` below the plot for the x title (under its tick labels),
    `y_shift` left of it for the y title (past its tick labels; the chart's left margin must be wider)."""
    titles = []
    if x:
        titles.append(dict(text=x, name=AXIS_TITLE_NAMES["x"], showarrow=False, xref="paper", yref="paper",
                           x=0.5, y=0, xanchor="center", yanchor="top", yshift=-x_shift))
    if y:
        titles.append(dict(text=y, name=AXIS_TITLE_NAMES["y"], showarrow=False, xref="paper", yref="paper",
                           x=0, y=0.5, xanchor="right", yanchor="middle", xshift=-y_shift, textangle=-90))
    return titles


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank (no data for the current filters)."""
    fig = go.Figure()
    fig.update_layout(
        xaxis=dict(visible=False), yaxis=dict(visible=False), height=300, paper_bgcolor="white",
        annotations=[dict(text=message, showarrow=False, font=dict(size=15, color="#495057"))],
    )
    return fig


#: Presenter mode enlarges the page's type (assets/present.css: 125 %); its charts' type grows with it.
PRESENTER_SCALE = 1.25
#: plotly.js's own sizes, for the text a figure leaves at its default (px).
_DEFAULT_SIZES = {"font": 12, "title": 17, "annotation": 12, "legend": 12}


def _scaled(font: object, default: int) -> dict:
    font = dict(font) if isinstance(font, dict) else {}
    return {**font, "size": round((font.get("size") or default) * PRESENTER_SCALE)}


def for_presenter(figure: go.Figure | dict) -> dict:
    """The figure with every font enlarged by PRESENTER_SCALE (its data untouched, not copied)."""
    plain = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    layout = dict(plain.get("layout") or {})
    layout["font"] = _scaled(layout.get("font"), _DEFAULT_SIZES["font"])
    if isinstance(layout.get("title"), dict):
        layout["title"] = {**layout["title"], "font": _scaled(layout["title"].get("font"), _DEFAULT_SIZES["title"])}
    if isinstance(layout.get("annotations"), (list, tuple)):
        layout["annotations"] = [{**a, "font": _scaled(a.get("font"), _DEFAULT_SIZES["annotation"])}
                                 if isinstance(a, dict) else a for a in layout["annotations"]]
    if isinstance(layout.get("legend"), dict):
        layout["legend"] = {**layout["legend"], "font": _scaled(layout["legend"].get("font"), _DEFAULT_SIZES["legend"])}
    return {**plain, "layout": layout}


def for_mode(figure: go.Figure | dict, mode: object) -> go.Figure | dict:
    """The figure as the page's mode draws it (the frame's Shell.MODE store: enlarged in presenter mode)."""
    presenting = isinstance(mode, dict) and mode.get("present") == "1"
    return for_presenter(figure) if presenting else figure
