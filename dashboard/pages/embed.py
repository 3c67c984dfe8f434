"""Embed mode (?embed=1): which chart of a page is shown alone, for an iframe (see assets/present.css)."""
from __future__ import annotations

import copy
from collections.abc import Mapping

from dash import dcc
from dash.development.base_component import Component

from dashboard.views import present as pv

EMBED_CHART_CLASS = "atlas-embed-chart"


def embed_view(layout: Component, query: Mapping[str, str]) -> Component:
    """In embed mode, a copy of the page's layout whose chosen chart (`chart=<graph id>`, else the
    first) carries EMBED_CHART_CLASS; other modes get the layout unchanged."""
    if not pv.is_embedded(query):
        return layout
    layout = copy.deepcopy(layout)  # some layouts are cached per process: never mark the original
    graphs = [c for c in layout._traverse() if isinstance(c, dcc.Graph)]
    chosen = pv.embed_chart(query, [getattr(g, "id", None) for g in graphs])
    if chosen is not None:
        graph = graphs[chosen]
        graph.className = f"{getattr(graph, 'className', None) or ''} {EMBED_CHART_CLASS}".strip()
    return layout
