"""Shared components without a browser: the charts drawn after a page's first (components/charts.py)."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest
from dash import dcc

from dashboard.components.charts import PLACEHOLDER_META, after_first_chart, placeholder
from dashboard.ids import Chart
from dashboard.pages import PAGES


def test_a_deferred_chart_keeps_its_height_and_its_figure_waits_in_a_store():
    figure = {"data": [{"type": "bar", "x": [1, 2]}], "layout": {"height": 380, "title": {"text": "t"}}}
    graph, store = after_first_chart(dcc.Graph(id="g", figure=figure))
    assert graph.figure == placeholder(380) and graph.figure["layout"]["meta"] == PLACEHOLDER_META
    assert graph.figure["data"] == []  # nothing for plotly to draw or measure before the first paint
    assert store.id == {"type": Chart.LATER, "graph": "g"} and store.data == figure


def test_a_graph_figure_object_and_a_missing_height_are_handled():
    graph, store = after_first_chart(dcc.Graph(id="g", figure=go.Figure(go.Bar(x=[1]))))
    assert graph.figure["layout"]["height"] == 450 and store.data["data"][0]["type"] == "bar"
    bare = dcc.Graph(id="h")
    assert after_first_chart(bare) == [bare]  # no figure (the page says why): nothing to defer


@pytest.mark.parametrize("path", ["/", "/strategies", "/scenarios"])
def test_every_chart_but_the_first_is_drawn_after_it(path):
    page = next(p for p in PAGES if p.path == path).layout({})
    graphs = [c for c in page._traverse() if isinstance(c, dcc.Graph)]
    waiting = {c.id["graph"]: c.data for c in page._traverse()
               if isinstance(getattr(c, "id", None), dict) and c.id.get("type") == Chart.LATER}
    first, *rest = graphs
    assert len(rest) >= 1
    assert (go.Figure(first.figure).layout.meta if first.figure is not None else None) != PLACEHOLDER_META
    for graph in rest:
        assert graph.figure["layout"]["meta"] == PLACEHOLDER_META, graph.id
        assert waiting[graph.id]["data"], graph.id


def test_controls_mounted_after_the_first_chart_wait_in_a_store_beside_an_empty_slot_of_their_height():
    from dash import html

    from dashboard.components.charts import SLOT_CLASS, mounted_after_first_chart

    part = html.Div([html.Button("b", id={"type": "x", "n": 1})], id="controls")
    store, slot = mounted_after_first_chart("s", part, "120px").children
    assert store.id == {"type": Chart.PART, "slot": "s"}
    assert store.data["type"] == "Div" and store.data["props"]["id"] == "controls"  # as the browser gets it
    assert slot.id == {"type": Chart.SLOT, "slot": "s"} and slot.children is None
    assert slot.className == SLOT_CLASS and slot.style == {"--atlas-later-height": "120px"}


def test_the_scenarios_presets_and_sliders_come_after_the_first_chart_and_the_page_keeps_its_adoption():
    from dash import html

    from dashboard.ids import Scenarios as ID

    page = next(p for p in PAGES if p.path == "/scenarios").layout({"adopt": "DEU:80", "theta": "6"})
    part = next(c for c in page._traverse() if getattr(c, "id", None) == {"type": Chart.PART,
                                                                          "slot": ID.ADOPTION_CONTROLS})
    in_page = [c.id for c in page._traverse() if isinstance(getattr(c, "id", None), dict)]
    assert not any(i.get("type") in (ID.ADOPT, ID.PRESET, ID.RESET_ONE) for i in in_page)
    sliders = [c for c in html.Div(part.data["props"]["children"])._traverse()
               if isinstance(getattr(c, "id", None), dict) and c.id.get("type") == ID.ADOPT]
    assert len(sliders) == 20 and {s.id["iso3"]: s.value for s in sliders}["DEU"] == 80
    opened = next(c for c in page._traverse() if getattr(c, "id", None) == ID.OPENED).data
    assert opened["search"] == "?adopt=DEU:80&theta=6" and opened["ranks"]
    assert dict(opened["adoption"])["DEU"] == 80 and len(opened["adoption"]) == 20
    slot = next(c for c in page._traverse() if getattr(c, "id", None) == {"type": Chart.SLOT,
                                                                          "slot": ID.ADOPTION_CONTROLS})
    assert int(slot.style["--atlas-later-height"].removesuffix("px")) > 1000  # 20 sliders' worth
