"""Charts below a page's first one, and controls it can do without: put in once the first is on screen.

Plotly draws every chart a page mounts in the task that mounts them, and the browser paints none of
them before the last is drawn: on the scenarios page the first chart waited for three more (a map
among them). A chart placed with `after_first_chart` is mounted at once, at its final height, with
a blank placeholder figure (no traces, nothing to measure), and its real figure is kept in a store;
assets/charts.js hands that figure to the chart once the page's first real chart has been painted.

The chart is in the page from the start, so callbacks that update its figure work as before; an
update that comes before the deferred figure wins (the figure is handed over only while the chart
still shows the placeholder). Controls placed with `mounted_after_first_chart` come into the page
only then (assets/charts.js `mount`).
"""
from __future__ import annotations

from dash import MATCH, ClientsideFunction, Input, Output, clientside_callback, dcc, html
from dash.development.base_component import Component

from dashboard.ids import Chart

#: layout.meta of the placeholder figure, by which assets/charts.js tells a placeholder from a chart.
PLACEHOLDER_META = "atlas-later"
#: class of a slot filled after the first chart (assets/style.css holds its height while it is empty).
SLOT_CLASS = "atlas-later-slot"
DEFAULT_HEIGHT = 450  # dcc.Graph's own default, for a figure that sets none


def placeholder(height: int) -> dict:
    """A blank figure of `height` px: what a deferred chart shows until its figure arrives."""
    hidden = {"visible": False}
    return {"data": [], "layout": {"height": height, "meta": PLACEHOLDER_META, "xaxis": hidden, "yaxis": hidden,
                                   "paper_bgcolor": "white", "plot_bgcolor": "white"}}


def _plain(figure) -> dict:
    return figure if isinstance(figure, dict) else figure.to_plotly_json()


def after_first_chart(graph: dcc.Graph) -> list:
    """`graph` (with an id and a figure) drawn after the page's first chart: the graph, now holding a
    placeholder of the figure's height, and the store its figure waits in. Put both in the layout
    where the graph would go."""
    if getattr(graph, "figure", None) is None:  # nothing to wait for (the page says why it has no figure)
        return [graph]
    figure = _plain(graph.figure)
    height = (figure.get("layout") or {}).get("height") or DEFAULT_HEIGHT
    graph.figure = placeholder(height)
    return [graph, dcc.Store(id={"type": Chart.LATER, "graph": graph.id}, data=figure)]


def mounted_after_first_chart(slot: str, children: Component, min_height: str) -> html.Div:
    """`children` put into the page once its first chart has been painted, in a slot that holds
    `min_height` until then (so nothing below moves when they arrive).

    For controls that cost the first chart more than they give it: on the scenarios page the 20
    adoption sliders (about 100 components for React and Dash's renderer to build) delayed it by
    ~0.2 s. They come from the server with the page, so they open on its view. Two things follow
    for a callback that reads them with an ALL pattern:
    - until they are there it gets empty lists, which must not be read as "every slider at 0"
      (the scenarios page keeps the adoption it opened with in a store for that);
    - Dash calls it when they arrive (its inputs appear and its outputs are elsewhere), with
      nothing moved (the scenarios page answers such a call with "no update")."""
    return html.Div([
        dcc.Store(id={"type": Chart.PART, "slot": slot}, data=children.to_plotly_json()),
        # The height holds only while the slot is empty (assets/style.css): a reader who folds a section
        # of what arrives must not be left with a gap.
        html.Div(id={"type": Chart.SLOT, "slot": slot}, className=SLOT_CLASS,
                 style={"--atlas-later-height": min_height}),
    ])


# The figure goes to the chart with dash_clientside.set_props once the first chart is painted (an
# Output on the graph's figure would duplicate the outputs of the callbacks that update the chart).
# The declared output is never written: Dash calls a callback when its page is put in only if the
# callback has an output there.
clientside_callback(ClientsideFunction("charts", "later"),
                    Output({"type": Chart.LATER, "graph": MATCH}, "modified_timestamp"),
                    Input({"type": Chart.LATER, "graph": MATCH}, "data"))
clientside_callback(ClientsideFunction("charts", "mount"), Output({"type": Chart.SLOT, "slot": MATCH}, "children"),
                    Input({"type": Chart.PART, "slot": MATCH}, "data"))
