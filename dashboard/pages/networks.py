"""Networks (/networks): trade between city clusters, the rest of their countries and other economies, on
the world map or as a network, domestic and international links, baseline and scenario.

Callbacks are thin: they turn control values into a `NetworksView`, ask `dashboard.views.networks`
what to draw, and hand that to `dashboard.figures.networks`. The network and its force layout are
built once per process; a scenario is solved once per process and scenario.
"""
from __future__ import annotations

import logging
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import config
from dashboard.components import charts, shell, updates
from dashboard.components.attrs import aria, data
from dashboard.figures.maps import GRAPH_CONFIG
from dashboard.figures.networks import PARTIAL, network_figure
from dashboard.figures.theme import for_mode
from dashboard.ids import Networks as ID, Shell
from dashboard.views import networks as nv
from dashboard.views.networks import CHARTS, FLOWS, LINKS, REGIONS, SIZES, NetworksView, overlay
from dashboard.views.query import changed_fields, clicked_point, written_view

log = logging.getLogger(__name__)
PATH = "/networks"


def _money(value: float) -> str:
    return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"


def _scenario_banner(view: NetworksView) -> list:
    """What the scenario from the URL is, a link back to it, and the baseline/scenario toggle."""
    toggle = dbc.RadioItems(id=ID.FLOWS, options=[{"label": label, "value": key} for key, label in FLOWS.items()],
                            value=view.flows, inline=True, className="small")
    if not overlay.active(view.scenario):
        return [html.Div(toggle, hidden=True)]
    return [dbc.Alert([
        html.Strong("Scenario from the scenarios page: "), overlay.describe(view.scenario), " ",
        html.A("Open it on the scenarios page", href=overlay.scenarios_link(view.scenario)), ".",
        # The switch is a control (hidden in presenter mode: a slide's address says which flows it shows); the
        # key to the scenario's colours stays.
        html.Div([html.Div([html.Span("Show ", className="small me-2"), toggle], className="d-flex atlas-controls"),
                  html.Span("Scenario: links at their scenario values, purple where they grow, orange where they "
                            "shrink.", className="small text-muted")], className="d-flex flex-wrap gap-2 mt-1"),
    ], color="info", className="py-2 mb-2")]


def _about(net: nv.Network) -> html.Details:
    count = nv.cluster_count(net.baseline)
    left_out = [html.Li(f"{name}: {reason}") for name, reason in count.left_out]
    return html.Details([
        html.Summary("How the flows are made (all modeled, held to sourced country totals)", className="small"),
        html.P([net.method, f" GDP of every node: its share of its country's GDP (each share sourced, see the "
                            f"methods page) × the country's {net.year} GDP in current US dollars, so it is "
                            "labelled modeled.", " ", html.A("Methods", href="/methods"), "."], className="small mb-1"),
        *([html.P("City clusters in the data but not in the network:", className="small mb-0"),
           html.Ul(left_out, className="small")] if left_out else []),
    ], className="mb-2")


def _lead(net: nv.Network) -> html.P:
    """One line above the chart: what the nodes and links are (the rest is under the chart)."""
    count = nv.cluster_count(net.baseline)
    return html.P([
        f"{count.clusters} city clusters in {count.countries} countries, each country's clusters plus a ",
        html.Em("rest of country"), f" adding up to the country; {net.year} flows ", html.Strong("modeled"),
        " within the sourced country matrix. Dashed links: domestic; solid: international."],
        className="small mb-2")


def _intro(net: nv.Network) -> html.P:
    return html.P([
        "City clusters as open economies inside their countries: a country's clusters (circles) and its rest of "
        "country (square) together trade exactly what the country trades; economies without clusters are one "
        "node (diamond). Domestic links join nodes of one country; international links cross a border. No source "
        "publishes trade between city clusters, so read a single link as illustrative. ",
        html.A("How it works", href="/methods"), "."], className="small mb-1")


def layout(**query: str) -> html.Div:
    """The page with what its address shows already in it (the chart draws with the page). The chart comes
    first (issue 26: at 1280×720 it starts above the fold): a one-line toolbar of the controls that change
    what the links are, the chart with the node panel beside it, then the other controls and the notes."""
    net = nv.network()
    view, notices = nv.from_query(query, net)
    figure, status, panel, note = (None if part is no_update else part for part in _outputs(view))
    drawable = net.nodes[net.placed]
    countries = drawable.drop_duplicates("iso3").sort_values("country")
    nodes = drawable.sort_values("name")
    top_marks = {k: str(k) for k in (1, 500, 1000, 1500) if k < net.max_links} | {net.max_links: str(net.max_links)}
    label: dict[str, Any] = dict(className="form-label small mb-0")
    toolbar = html.Div([
        html.Div([html.Label("View", htmlFor=ID.VIEW, **label),
                  dbc.RadioItems(id=ID.VIEW, options=[{"label": v, "value": k} for k, v in CHARTS.items()],
                                 value=view.chart, inline=True, className="small")]),
        html.Div([html.Label("Links", htmlFor=ID.LINKS, **label),
                  dbc.RadioItems(id=ID.LINKS, options=[{"label": v, "value": k} for k, v in LINKS.items()],
                                 value=view.links, inline=True, className="small")]),
        html.Div([html.Label("Trade content", htmlFor=ID.LAYER, **label),
                  dcc.Dropdown(id=ID.LAYER, clearable=False, value=view.layer, searchable=False,
                               options=[{"label": layer.name, "value": key} for key, layer in nv.layers().items()])],
                 style={"minWidth": "17rem"}),
    ], className="d-flex flex-wrap align-items-end column-gap-4 row-gap-1 mb-2 atlas-controls")
    controls = dbc.Row([
        dbc.Col([
            html.Label("Links shown (the strongest first)", htmlFor=ID.TOP, **label),
            dcc.Slider(id=ID.TOP, min=1, max=net.max_links, step=1, value=view.top, marks=top_marks,
                       updatemode="mouseup", tooltip={"placement": "bottom"}),
            html.Label("Node size", htmlFor=ID.SIZE, **label),
            dcc.Dropdown(id=ID.SIZE, options=[{"label": v[0], "value": k} for k, v in SIZES.items()], value=view.size,
                         clearable=False),
        ], lg=4),
        dbc.Col([
            html.Label("Region", htmlFor=ID.REGION, **label),
            dcc.Dropdown(id=ID.REGION, options=list(REGIONS), value=list(view.regions), multi=True,
                         placeholder="All regions", className="mb-2"),
            html.Label("Country", htmlFor=ID.COUNTRY, **label),
            dcc.Dropdown(id=ID.COUNTRY, options=[{"label": f"{r.country} ({r.iso3})", "value": r.iso3}
                                                 for r in countries.itertuples()],
                         value=list(view.countries), multi=True, placeholder="All countries"),
        ], lg=4),
        dbc.Col([
            html.Label("City cluster or node", htmlFor=ID.CLUSTER, **label),
            dcc.Dropdown(id=ID.CLUSTER, options=[{"label": f"{r.name} ({r.iso3})", "value": r.node_id}
                                                 for r in nodes.itertuples()],
                         value=view.cluster, placeholder="Click a node or search…", searchable=True),
        ], lg=4),
    ], className="g-3")
    return html.Div([
        # In presenter mode the heading and lead give way to the chart, which repeats them (title, key, source
        # line), so that at 1280×720 the whole chart is above the toolbar (assets/present.css).
        html.Div([html.H1("Trade between city clusters", className="h3 mb-1"), _lead(net)], className="atlas-heading"),
        html.Div([dbc.Alert(n, color="warning", className="py-1 mb-1") for n in notices], id=ID.NOTICE, role="status"),
        *([shell.corrected_address(PATH, nv.to_query(view), query)] if notices else []),
        dcc.Store(id=ID.SCENARIO, data=dict(view.scenario)),
        dcc.Store(id=ID.DRAWN, data=nv.to_query(view) if figure else None),
        toolbar,
        dbc.Row([
            dbc.Col([
                dcc.Loading(charts.chart(ID.GRAPH, figure, GRAPH_CONFIG), delay_show=300,
                            overlay_style={"visibility": "visible", "opacity": 0.6}),
                html.Div(status, id=ID.STATUS, className="small", role="status"),
                html.Div(note, id=ID.LAYER_NOTE, className="small text-muted mt-1"),
                *_scenario_banner(view),
                html.Div([
                    dbc.Button("Download nodes (CSV)", id=ID.NODES_BUTTON, color="primary", size="sm",
                               className="me-2"),
                    dbc.Button("Download links (CSV)", id=ID.EDGES_BUTTON, color="primary", size="sm"),
                    dcc.Download(id=ID.NODES_DOWNLOAD), dcc.Download(id=ID.EDGES_DOWNLOAD),
                ], className="d-flex flex-wrap align-items-center my-2 atlas-controls"),
            ], lg=8),
            dbc.Col(dbc.Card(dbc.CardBody(html.Div(panel, id=ID.PANEL, **aria(live="polite")))),
                    lg=4, class_name="mb-3"),
        ]),
        dbc.Card(dbc.CardBody(controls), className="mb-3 atlas-controls"),
        _intro(net),
        _about(net),
    ])


def _partners_table(facts: nv.ClusterFacts) -> dbc.Table:
    partners = facts.partners
    change = "change_pct" in partners
    head = ["Partner", "Two-way", "Sells to", "Buys from", *(["Change"] if change else [])]
    rows = [html.Tr([html.Td([f"{r.partner} ({r.country})", html.Small(f" {r.link}", className="text-muted")]),
                     html.Td(_money(r.value_usd_bn)),
                     html.Td(_money(r.exports_to_usd_bn)), html.Td(_money(r.imports_from_usd_bn)),
                     *([html.Td(f"{r.change_pct:+.2f} %")] if change else [])], **data(partner=r.partner_id))
            for r in partners.itertuples()]
    return dbc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)], size="sm",
                     responsive=True, className="small mb-1")


def _sales(facts: nv.ClusterFacts) -> list:
    """The node's sales by kind of buyer (goods + services), before → after under a scenario."""
    def value(key: str) -> str:
        after = facts.measures[key]
        if facts.before is None:
            return f"{_money(after)} USD bn"
        before = facts.before[key]
        change = f" ({100 * (after / before - 1):+.2f} %)" if before else ""
        return f"{_money(before)} → {_money(after)} USD bn{change}"

    share = facts.measures["world_export_share_pct"]
    items = [html.Dt("International exports"),
             html.Dd([value("international_exports_usd_bn"),
                      html.Span(f"; {share:.2f} % of world exports (sales to nodes of other countries only)",
                                className="text-muted")])]
    for key, text in nv.sales_labels(facts.node).items():
        items += [html.Dt(text), html.Dd(value(key))]
    items += [html.Dt("Total sales"), html.Dd(value("total_sales_usd_bn"))]
    return items


def cluster_panel(facts: nv.ClusterFacts | None, drawing: nv.Drawing) -> list:
    """The chosen node: what it is, its sales by kind of buyer, its share of its country, its metrics in
    this view, its top partners."""
    if facts is None:
        return [html.P("Click a city cluster (or a rest of country) on the chart, or choose one under \"City cluster "
                       "or node\" below the chart, to see where its sales go: abroad, to its country's other "
                       "clusters, to the rest of its country.", className="text-muted mb-0")]
    node, country, layer = facts.node, facts.country, drawing.layer.name
    if facts.drawn:
        metrics = [html.Dt("In this view"), html.Dd(
            f"{int(node['degree_links'])} link{'' if int(node['degree_links']) == 1 else 's'} drawn, "
            f"{_money(node['strength_usd_bn'])} USD bn on them; "
            f"betweenness {node['betweenness']:.3f} (share of shortest paths through it)")]
    else:
        metrics = [html.Dt("In this view"),
                   html.Dd("none of its links is among those drawn (filters or number of links)")]
    whole = (f"{node['country']} = {int(country['clusters'])} city clusters + the rest of {node['country']}: this node "
             f"is {country['gdp_share_pct']:.1f} % of its GDP ({_money(country['gdp_usd_bn'])} USD bn) and "
             f"{country['exports_share_pct']:.1f} % of its international exports "
             f"({_money(country['international_exports_usd_bn'])} USD bn)") if node["kind"] != "country" else \
        f"{node['country']} has no city cluster in the data: one node"
    body = [
        html.H2(node["name"], className="h5 mb-0"),
        html.Div(f"{node['country']} · {nv.KIND_LABELS[node['kind']]} · {node['region']}",
                 className="small text-muted mb-2"),
        html.Dl(_sales(facts), className="small mb-1", **data(part="sales")),
        html.Small("Sales: goods and services, USD billion, modeled.", className="text-muted d-block mb-2"),
        *([html.P(words, className="small mb-2", **data(part="gain"))] if (words := nv.gain_words(facts)) else []),
        html.Dl([
            html.Dt("GDP"), html.Dd(f"{_money(node['gdp_usd_bn'])} USD bn ({drawing.year}; modeled: its share of "
                                    f"{node['country']}'s GDP, {100 * node['gdp_share']:.1f} %, × the country's "
                                    f"{drawing.year} GDP in current US dollars)"),
            html.Dt("Part of its country"), html.Dd(whole),
            *metrics,
        ], className="small mb-2"),
        html.H3(f"Top partners ({layer})", className="h6"), _partners_table(facts),
        html.Small(f"USD billion, {layer}; modeled flows.", className="text-muted"),
    ]
    return body


CONTROLS = (
    Input(ID.VIEW, "value"), Input(ID.TOP, "value"), Input(ID.REGION, "value"), Input(ID.COUNTRY, "value"),
    Input(ID.LINKS, "value"), Input(ID.SIZE, "value"), Input(ID.LAYER, "value"), Input(ID.CLUSTER, "value"),
    Input(ID.FLOWS, "value"), State(ID.SCENARIO, "data"),
)


@callback(
    Output(ID.GRAPH, "figure"), *charts.text_outputs(ID.GRAPH), Output(ID.STATUS, "children"),
    Output(ID.PANEL, "children"), Output(ID.LAYER_NOTE, "children"), Output(ID.DRAWN, "data"),
    *CONTROLS, State(ID.DRAWN, "data"), State(Shell.MODE, "data"),
)
def update(*values) -> tuple:
    """What the view of the controls shows, and the record of it (ID.DRAWN). Also called as the page is
    put in; the page arrives with what its address shows, so that call answers "nothing to update" (and,
    being a newer call, makes Dash drop an answer still on its way to the page drawn before)."""
    *controls, drawn, mode = values
    return answer(nv.from_controls(*controls), drawn, mode)


def answer(view: nv.NetworksView, drawn: object, mode: object) -> tuple:
    """`update`'s outputs for a view, from the view on screen (`drawn`: its query): when the two differ
    in the node size or the chosen cluster alone, the figure goes as the part of it that changed
    (components/updates.py; with 5,000 links ~5 kB instead of ~150 kB). PreventUpdate when the screen
    shows this view already."""
    changed = changed_fields(written_view(drawn, nv.from_query, nv.to_query), view)
    if changed == frozenset():
        raise PreventUpdate
    figure, status, panel, note = _outputs(view)
    if figure is no_update:  # the figure on screen stays, and so does the record of what it shows
        return figure, no_update, no_update, status, panel, note, no_update
    figure = for_mode(figure, mode)
    return (updates.figure_or_patch(figure, changed, PARTIAL), *charts.text_of(figure), status, panel, note,
            nv.to_query(view))


def _outputs(view) -> tuple:
    """(figure, status, cluster panel, layer note) of a view; a failed scenario keeps the figure,
    panel and note on screen (no_update) and says why in the status."""
    try:
        drawing = nv.draw(view)
    except (ValueError, ArithmeticError) as error:
        log.warning("networks view %r failed: %s", view, error)
        return no_update, dbc.Alert(f"The model could not solve this scenario: {error}", color="danger"), \
            no_update, no_update
    status = nv.status(drawing, view)
    note = [nv.layer_note(drawing.values), " The series, their sources and who leads: ",
            html.A("the trade-content page", href=nv.CONTENT_PAGE), "."]
    return network_figure(drawing, view), status, cluster_panel(nv.cluster_facts(view, drawing), drawing), note


@callback(*shell.address_outputs(PATH), Input(ID.DRAWN, "data"), State(Shell.MODE, "data"), prevent_initial_call=True)
def keep_address(drawn: object, mode: object) -> tuple[str, dict]:
    """The address follows the view the page has drawn (ID.DRAWN), so the address bar is always a link to
    the view on screen; written by this second answer, after the redraw (as on the scenarios page)."""
    if not isinstance(drawn, str):
        raise PreventUpdate
    return shell.address(PATH, drawn, mode)


@callback(Output(ID.CLUSTER, "value"), Input(ID.GRAPH, "clickData"), prevent_initial_call=True)
def select_cluster(click: dict | None):
    """A click on a node selects it (the dropdown shows it, the panel opens)."""
    cluster = clicked_point(click).get("customdata")
    return cluster if isinstance(cluster, str) and cluster in nv.network().position else no_update


@callback(Output(ID.NODES_DOWNLOAD, "data"), Input(ID.NODES_BUTTON, "n_clicks"),
          *(State(c.component_id, c.component_property) for c in CONTROLS), prevent_initial_call=True)
def download_nodes(_clicks, *controls) -> dict:
    """Exactly the nodes drawn, with their measures, units, basis and the view's parameters."""
    view = nv.from_controls(*controls)
    return dict(content=nv.nodes_csv(view, nv.draw(view, betweenness=True)), filename=nv.download_name(view, "nodes"),
                type="text/csv")


@callback(Output(ID.EDGES_DOWNLOAD, "data"), Input(ID.EDGES_BUTTON, "n_clicks"),
          *(State(c.component_id, c.component_property) for c in CONTROLS), prevent_initial_call=True)
def download_edges(_clicks, *controls) -> dict:
    """Exactly the links drawn, strongest first, with units, basis and the view's parameters."""
    view = nv.from_controls(*controls)
    return dict(content=nv.edges_csv(view, nv.draw(view, betweenness=True)), filename=nv.download_name(view, "links"),
                type="text/csv")


dash.register_page(__name__, path=PATH, name="Networks", order=2, title=f"Networks · {config.APP_TITLE}",
                   description="Trade between city clusters and the rest of their countries on a map and as a "
                               "network, domestic and international, baseline and scenario (modeled).",
                   layout=shell.page_layout(PATH, layout))
