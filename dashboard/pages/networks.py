"""Networks (/networks): trade between city clusters, on the world map or as a network, baseline and scenario.

Callbacks are thin: they turn control values into a `NetworksView`, ask `dashboard.views.networks`
what to draw, and hand that to `dashboard.figures.networks`. The network and its force layout are
built once per process; a scenario is solved once per process and scenario.
"""
from __future__ import annotations

import logging
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import config
from dashboard.components import charts, shell, updates
from dashboard.components.attrs import aria, data
from dashboard.figures.maps import GRAPH_CONFIG
from dashboard.figures.networks import PARTIAL, network_figure
from dashboard.figures.theme import for_mode
from dashboard.ids import Networks as ID, Shell
from dashboard.views import networks as nv, scenarios as scn
from dashboard.views.networks import CHARTS, FLOWS, REGIONS, SIZES, NetworksView
from dashboard.views.query import changed_fields, clicked_point, written_view

log = logging.getLogger(__name__)
PATH = "/networks"


def _money(value: float) -> str:
    return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"


def _scenario_banner(view: NetworksView) -> list:
    """What the scenario from the URL is, a link back to it, and the baseline/scenario toggle."""
    scenario = view.scenario
    base = scn.baseline_adoption()
    toggle = dbc.RadioItems(id=ID.FLOWS, options=[{"label": label, "value": key} for key, label in FLOWS.items()],
                            value=view.flows, inline=True, className="small")
    if not scenario.adoption:
        return [html.Div(toggle, hidden=True)]
    adoption = ", ".join(f"{code} {value} % (baseline {base[code]} %)" for code, value in scenario.adoption)
    return [dbc.Alert([
        html.Strong("Scenario from the scenarios page: "),
        f"adoption of intelligent manufacturing {adoption}; θ = {scenario.theta:g}, productivity gain at full "
        f"adoption {scenario.gain:g} %, {scn.EQUILIBRIA[scenario.equilibrium].lower()}. Each city cluster takes "
        "its country's adoption. ", html.A("Open it on the scenarios page", href=nv.scenario_link(scenario)), ".",
        html.Div([html.Span("Show ", className="small me-2"), toggle,
                  html.Span("Scenario: links at their scenario values, purple where they grow, orange where they "
                            "shrink.", className="small text-muted")], className="d-flex flex-wrap gap-2 mt-1"),
    ], color="info", className="py-2 mb-2")]


def _about(net: nv.Network) -> html.Details:
    sourced = int((net.nodes["gdp_basis"] == "sourced").sum())
    left_out = [html.Li(f"{row.name}: {row.reason}") for row in net.excluded.itertuples()]
    return html.Details([
        html.Summary("How the flows are made (all modeled)", className="small"),
        html.P([net.method, f" GDP: {sourced} of {len(net.nodes)} clusters sourced, the others filled from "
                            "population × national GDP per capita (labelled modeled per cluster). ",
                html.A("Methods", href="/methods"), "."], className="small mb-1"),
        *([html.P("Left out:", className="small mb-0"), html.Ul(left_out, className="small")] if left_out else []),
    ], className="mb-2")


def layout(**query: str) -> html.Div:
    """The page with what its address shows already in it (the chart draws with the page)."""
    net = nv.network()
    view, notices = nv.from_query(query, net)
    figure, status, panel, note = (None if part is no_update else part for part in _outputs(view))
    countries = net.nodes.drop_duplicates("iso3").sort_values("country")
    clusters = net.nodes.sort_values("name")
    top_marks = {k: str(k) for k in (1, 100, 250, 500) if k < net.max_links} | {net.max_links: str(net.max_links)}
    label: dict[str, Any] = dict(className="form-label small mb-0")
    controls = dbc.Row([
        dbc.Col([
            html.Label("View", htmlFor=ID.VIEW, **label),
            dbc.RadioItems(id=ID.VIEW, options=[{"label": v, "value": k} for k, v in CHARTS.items()], value=view.chart,
                           inline=True, className="small mb-2"),
            html.Label("Links shown (the strongest first)", htmlFor=ID.TOP, **label),
            dcc.Slider(id=ID.TOP, min=1, max=net.max_links, step=1, value=view.top, marks=top_marks,
                       updatemode="mouseup", tooltip={"placement": "bottom"}),
        ], lg=4),
        dbc.Col([
            html.Label("Region", htmlFor=ID.REGION, **label),
            dcc.Dropdown(id=ID.REGION, options=list(REGIONS), value=list(view.regions), multi=True,
                         placeholder="All regions", className="mb-2"),
            html.Label("Country", htmlFor=ID.COUNTRY, **label),
            dcc.Dropdown(id=ID.COUNTRY, options=[{"label": f"{r.country} ({r.iso3})", "value": r.iso3}
                                                 for r in countries.itertuples()],
                         value=list(view.countries), multi=True, placeholder="All countries", className="mb-2"),
            dbc.Switch(id=ID.INTERNATIONAL, label="International links only", value=view.international,
                       className="small"),
        ], lg=4),
        dbc.Col([
            html.Label("Node size", htmlFor=ID.SIZE, **label),
            dcc.Dropdown(id=ID.SIZE, options=[{"label": v[0], "value": k} for k, v in SIZES.items()], value=view.size,
                         clearable=False, className="mb-2"),
            html.Label("Trade content", htmlFor=ID.LAYER, **label),
            dcc.Dropdown(id=ID.LAYER, clearable=False, value=view.layer, className="mb-2", options=[
                {"label": layer.name if key == nv.ALL else f"{layer.name} ({100 * layer.share:.1f} %, {layer.basis})",
                 "value": key} for key, layer in nv.layers().items()]),
            html.Label("City cluster", htmlFor=ID.CLUSTER, **label),
            dcc.Dropdown(id=ID.CLUSTER, options=[{"label": f"{r.name} ({r.iso3})", "value": r.cluster_id}
                                                 for r in clusters.itertuples()],
                         value=view.cluster, placeholder="Click a cluster or search…", searchable=True),
        ], lg=4),
    ], className="g-3")
    return html.Div([
        html.H1("Trade between city clusters", className="h2"),
        html.P(["City clusters as trading units: each node is one of the atlas's city clusters, each link the two-way "
                "trade between two of them. Every flow is ", html.Strong("modeled"), " (a gravity model on GDP and "
                "distance, balanced so each cluster's sales and purchases equal its GDP): no source publishes trade "
                "between city clusters, so read the links as illustrative. ", html.A("How it works", href="/methods"),
                "."]),
        _about(net),
        html.Div([dbc.Alert(n, color="warning", className="py-1 mb-1") for n in notices], id=ID.NOTICE, role="status"),
        *_scenario_banner(view),
        dcc.Store(id=ID.SCENARIO, data=nv.scenario_params(view.scenario)),
        dcc.Store(id=ID.DRAWN, data=nv.to_query(view) if figure else None),
        dbc.Card(dbc.CardBody([controls, html.Div(note, id=ID.LAYER_NOTE, className="small text-muted mt-2")]),
                 className="mb-3 atlas-controls"),
        dbc.Row([
            dbc.Col(dcc.Loading(charts.chart(ID.GRAPH, figure, GRAPH_CONFIG), delay_show=300,
                                overlay_style={"visibility": "visible", "opacity": 0.6}), lg=8),
            dbc.Col(dbc.Card(dbc.CardBody(html.Div(panel, id=ID.PANEL, **aria(live="polite"))), className="h-100"),
                    lg=4, class_name="mb-3"),
        ]),
        html.Div(status, id=ID.STATUS, className="small", role="status"),
        html.Div([
            dbc.Button("Download clusters (CSV)", id=ID.NODES_BUTTON, color="primary", size="sm", className="me-2"),
            dbc.Button("Download links (CSV)", id=ID.EDGES_BUTTON, color="primary", size="sm"),
            dcc.Download(id=ID.NODES_DOWNLOAD), dcc.Download(id=ID.EDGES_DOWNLOAD),
        ], className="d-flex flex-wrap align-items-center my-2 atlas-controls"),
    ])


def _partners_table(facts: nv.ClusterFacts) -> dbc.Table:
    partners = facts.partners
    change = "change_pct" in partners
    head = ["Partner", "Two-way", "Exports to", "Imports from", *(["Change"] if change else [])]
    rows = [html.Tr([html.Td(f"{r.partner} ({r.country})"), html.Td(_money(r.value_usd_bn)),
                     html.Td(_money(r.exports_to_usd_bn)), html.Td(_money(r.imports_from_usd_bn)),
                     *([html.Td(f"{r.change_pct:+.2f} %")] if change else [])], **data(partner=r.partner_id))
            for r in partners.itertuples()]
    return dbc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)], size="sm",
                     className="small mb-1")


def cluster_panel(facts: nv.ClusterFacts | None, drawing: nv.Drawing) -> list:
    """The selected cluster: what it is, its metrics in this view, its top partners, the scenario's effect."""
    if facts is None:
        return [html.P("Click a city cluster on the chart, or choose one above, to see its partners and metrics.",
                       className="text-muted mb-0")]
    node, layer = facts.node, drawing.layer.name
    year = "" if pd.isna(node["gdp_year"]) else f", {int(node['gdp_year'])}"
    gdp: list[Any] = [f"GDP {_money(node['gdp_usd_bn'])} USD bn ({node['gdp_basis']}{year})"]
    if node["gdp_basis"] == "sourced":
        gdp += [": ", *(html.A(f"source {n}", href=url.strip(), target="_blank", rel="noopener", className="me-1")
                        for n, url in enumerate(node["gdp_note"].split(" | "), start=1))]
    else:
        gdp.append(f": {node['gdp_note']}")
    if facts.drawn:
        metrics = [html.Dt("In this view"), html.Dd(
            f"{int(node['degree_links'])} links drawn, {_money(node['strength_usd_bn'])} USD bn on them; "
            f"betweenness {node['betweenness']:.3f} (share of shortest paths through it)")]
    else:
        metrics = [html.Dt("In this view"),
                   html.Dd("none of its links is among those drawn (filters or number of links)")]
    body = [
        html.H2(node["name"], className="h5 mb-0"),
        html.Div(f"{node['country']} · {node['region']}", className="small text-muted mb-2"),
        html.Dl([
            html.Dt("Size"), html.Dd(gdp), *metrics,
            html.Dt(f"Trade with every other cluster ({layer})"),
            html.Dd(f"{_money(facts.trade_usd_bn)} USD bn two-way, "
                    f"{facts.international_pct:.0f} % of it international"),
        ], className="small mb-2"),
    ]
    if facts.scenario:
        s = facts.scenario
        body.append(html.P([html.Strong("Under the scenario: "),
                            f"trade with other clusters {_money(s['trade_before'])} → "
                            f"{_money(s['trade_after'])} USD bn "
                            f"({100 * (s['trade_after'] / s['trade_before'] - 1):+.2f} %); sales within the cluster "
                            f"{_money(s['within_before'])} → {_money(s['within_after'])} USD bn "
                            f"({100 * (s['within_after'] / s['within_before'] - 1):+.2f} %)."], className="small"))
    body += [html.H3("Top partners", className="h6"), _partners_table(facts),
             html.Small(f"USD billion, {layer}; modeled flows.", className="text-muted")]
    return body


CONTROLS = (
    Input(ID.VIEW, "value"), Input(ID.TOP, "value"), Input(ID.REGION, "value"), Input(ID.COUNTRY, "value"),
    Input(ID.INTERNATIONAL, "value"), Input(ID.SIZE, "value"), Input(ID.LAYER, "value"), Input(ID.CLUSTER, "value"),
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
    status: list[Any] = [nv.status(drawing, view)]
    if not drawing.converged:
        status.append(html.Strong(" The scenario did not converge: treat its numbers as unreliable.",
                                  className="text-danger"))
    layer = drawing.layer
    note = [nv.layer_note(layer), *([" ", html.A("Source", href=layer.url, target="_blank", rel="noopener")]
                                    if layer.url else [])]
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
    """A click on a cluster selects it (the dropdown shows it, the panel opens)."""
    cluster = clicked_point(click).get("customdata")
    return cluster if isinstance(cluster, str) and cluster in nv.network().position else no_update


@callback(Output(ID.NODES_DOWNLOAD, "data"), Input(ID.NODES_BUTTON, "n_clicks"),
          *(State(c.component_id, c.component_property) for c in CONTROLS), prevent_initial_call=True)
def download_nodes(_clicks, *controls) -> dict:
    """Exactly the clusters drawn, with their metrics, units, basis and the view's parameters."""
    view = nv.from_controls(*controls)
    return dict(content=nv.nodes_csv(view, nv.draw(view)), filename=nv.download_name(view, "clusters"),
                type="text/csv")


@callback(Output(ID.EDGES_DOWNLOAD, "data"), Input(ID.EDGES_BUTTON, "n_clicks"),
          *(State(c.component_id, c.component_property) for c in CONTROLS), prevent_initial_call=True)
def download_edges(_clicks, *controls) -> dict:
    """Exactly the links drawn, strongest first, with units, basis and the view's parameters."""
    view = nv.from_controls(*controls)
    return dict(content=nv.edges_csv(view, nv.draw(view)), filename=nv.download_name(view, "links"), type="text/csv")


dash.register_page(__name__, path=PATH, name="Networks", order=2, title=f"Networks · {config.APP_TITLE}",
                   description="Trade between city clusters on a map and as a network, baseline and scenario "
                               "(modeled).",
                   layout=shell.page_layout(PATH, layout))
