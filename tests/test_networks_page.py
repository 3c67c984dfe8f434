"""The networks page as the router renders it: the counts it states, what comes first, the node panel."""
from __future__ import annotations

import re

from dash import html

from dashboard.ids import Networks as ID, Overview
from dashboard.pages import networks as page
from dashboard.views import networks as nv
from dashboard.views.networks import NetworksView
from tests.pages import render


def _text(component) -> str:
    """Every string in a component tree, joined by spaces (what a person reads, markup aside)."""
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return " ".join(_text(c) for c in component)
    children = getattr(component, "children", None)
    return "" if children is None else _text(children)


def _ids_in_order(component) -> list[str]:
    found = []
    if isinstance(component, (list, tuple)):
        for child in component:
            found += _ids_in_order(child)
        return found
    if getattr(component, "id", None) is not None and isinstance(component.id, str):
        found.append(component.id)
    children = getattr(component, "children", None)
    if children is not None and not isinstance(children, str):
        found += _ids_in_order(children)
    return found


def test_the_overview_and_the_networks_page_state_the_same_number_of_city_clusters():
    count = nv.cluster_count()
    said = f"{count.clusters} city clusters in {count.countries} countries"
    overview, networks = _text(render("/")), _text(render("/networks"))
    assert said in overview and said in networks
    stated = {int(n) for n in re.findall(r"(\d+) city clusters in \d+ countries", overview + networks)}
    assert stated == {count.clusters} == {43}
    assert Overview.CLUSTER_MAP in _ids_in_order(render("/"))


def test_the_chart_comes_before_the_controls_below_it_and_the_panel_beside_it():
    order = _ids_in_order(render("/networks"))
    # The toolbar (view, links, trade content) is above the chart; the other controls are under it.
    assert order.index(ID.VIEW) < order.index(ID.LINKS) < order.index(ID.LAYER) < order.index(ID.GRAPH)
    assert order.index(ID.GRAPH) < order.index(ID.STATUS) < order.index(ID.TOP) < order.index(ID.CLUSTER)
    assert order.index(ID.GRAPH) < order.index(ID.PANEL) < order.index(ID.TOP)


def test_the_panel_says_where_a_clusters_sales_go_and_under_a_scenario_where_its_gain_comes_from():
    view = NetworksView(cluster="munich", flows="scenario", scenario=(("adopt", "DEU:80"),))
    drawing = nv.draw(view)
    text = _text(page.cluster_panel(nv.cluster_facts(view, drawing), drawing))
    for label in ("International exports", "To other city clusters of Germany", "To the rest of Germany",
                  "Within itself", "Total sales"):
        assert label in text
    assert re.search(r"International exports [\d.,]+ → [\d.,]+ USD bn \(\+\d", text)
    assert "Under the scenario its sales rise" in text and "from market share of suppliers abroad" in text
    baseline = NetworksView(cluster="rest-of-deu")
    rest = _text(page.cluster_panel(nv.cluster_facts(baseline, nv.draw(baseline)), nv.draw(baseline)))
    assert "To Germany's city clusters" in rest and "Under the scenario" not in rest and "→" not in rest


def test_the_layer_note_links_to_the_content_page():
    layout = render("/networks", "?layer=data")
    note = layout[ID.LAYER_NOTE]
    links = [c for c in note.children if isinstance(c, html.A)]
    assert [a.href for a in links] == [nv.CONTENT_PAGE] and "Data" in _text(note)
