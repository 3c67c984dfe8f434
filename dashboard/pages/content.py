"""New trade content (/content): is technology and data trade growing faster than goods trade, and who leads?

One chart answers the question: each content series of one economy (technology: IP charges; data: ICT
and digitally deliverable services; manufacturing systems: robot installations) indexed against its
goods trade over the years they all cover. Below it: who leads each series (a ranking and a map, only
where enough economies publish it), the digital-trade rules each economy takes part in, and which
economy has which series for which years. The logic is in dashboard/views/content.py; callbacks only
read the controls, ask it, and hand the result to dashboard/figures/content.py.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard import config
from dashboard.components import charts, shell
from dashboard.components.attrs import aria
from dashboard.datasets.content import FLOWS, SERIES, content_series, digital_agreements
from dashboard.figures.content import growth_figure, leaders_figure, leaders_map
from dashboard.figures.maps import GRAPH_CONFIG
from dashboard.figures.theme import for_mode
from dashboard.ids import Content as ID, Shell
from dashboard.views import content as cv
from dashboard.views.content import AGREEMENT_TYPE_LABELS, ContentView
from dashboard.views.query import changed_fields, written_view

PATH = "/content"
LABEL: dict[str, Any] = dict(className="form-label small mb-0")


# ---- what the page offers, computed once per process (the data are read-only) ---------------------

@functools.cache
def _offer() -> cv.ContentParts:
    """The default view's parts: the economies offered, their names and the coverage table."""
    return cv.parts(ContentView())


def _names() -> Mapping[str, str]:
    return _offer().names


@functools.cache
def _economies() -> frozenset[str]:
    return frozenset(_offer().economies)


@functools.cache
def _years() -> tuple[int, int]:
    return cv.year_bounds(content_series())


def _parse(query: Mapping[str, str]) -> tuple[ContentView, list[str]]:
    return cv.from_query(query, _economies(), _years())


def _view(economy, flow, base, leader, year, kinds, in_force) -> ContentView:
    return cv.from_controls(economy, flow, base, leader, year, kinds, in_force, _economies(), _years())


# ---- the parts of the page ------------------------------------------------------------------------

def _link(text: str, url: str) -> html.A:
    return html.A(text, href=url, target="_blank", rel="noopener noreferrer")


def source_links(publisher: object, urls: object, retrieved_from: object) -> list:
    """A source as a policymaker cites it: the publisher's name linking to the publisher's page, then any
    copy that was read instead as "retrieved from <host>" (never the copy as the source)."""
    primary = cv.split_urls(urls)
    name = publisher if isinstance(publisher, str) and publisher else "source"
    out: list = [_link(name, primary[0]) if primary else name]
    out += [item for url in primary[1:] for item in (", ", _link(cv.mirror_label(url), url))]
    copies = cv.split_urls(retrieved_from)
    if copies:
        out.append("; retrieved from ")
        for n, url in enumerate(copies):
            out += [*([" and "] if n else []), _link(cv.mirror_label(url), url)]
    return out


def growth_notes(growth: cv.Growth) -> list:
    """Under the growth chart: the compound growth rates, what is not drawn and why, and each series'
    source (the publisher linked; a modeled series with its method)."""
    items: list[Component] = []
    if growth.window is not None and not growth.summary.empty:
        items.append(html.P(cv.headline(growth, _names()), className="small mb-1"))
    for note in growth.notes:
        items.append(html.P(note, className="small mb-1 text-warning-emphasis"))
    if growth.left_out:
        items.append(html.P("Not drawn: " + "; ".join(f"{SERIES[s].short} ({why})" for s, why in
                                                      growth.left_out.items()) + ".", className="small mb-1"))
    sources = []
    for row in cv.sources_of(growth.frame).itertuples():
        label = SERIES[row.series].label
        if row.basis == "modeled":
            method = str(row.method).split(" Build:")[0]  # the build command is for developers (methods page)
            sources.append(html.Li([html.Strong(f"{label}: "), "modeled: ", method]))
        else:
            sources.append(html.Li([html.Strong(f"{label}: "), *source_links(row.source_publisher, row.source_url,
                                                                             row.retrieved_from)]))
    if sources:
        items += [html.P("Values in current US dollars, not deflated; robots in units installed. Sources:",
                         className="small mb-0"), html.Ul(sources, className="small mb-1")]
    return items


def rules_table(table: pd.DataFrame, view: ContentView) -> Component:
    """The rules as a plain HTML table (as the methods page's sources): each source link is one Tab stop,
    which it would not be inside a grid's cells, and a screen reader reads it as a table."""
    if table.empty:
        return html.P("No agreement in the data matches these filters.", className="text-muted small")
    chosen = cv.name_of(view.economy, _names())
    rows = []
    for r in table.itertuples():
        economy: list = [r.economy]
        if r.via:
            economy.append(html.Div(f"{chosen} takes part {r.via}", className="small text-muted"))
        rows.append(html.Tr([
            html.Td(economy), html.Td(r.agreement), html.Td(r.type), html.Td(r.standing),
            html.Td(source_links(r.source_publisher, r.source_url, r.retrieved_from), className="small"),
        ]))
    head = ["Economy", "Agreement", "Kind", "Where it stands", "Source"]
    return html.Div(html.Table([
        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])), html.Tbody(rows),
    ], className="table table-sm small align-top mb-1"), className="table-responsive")


def rules_count(table: pd.DataFrame, view: ContentView) -> str:
    who = "every economy" if view.economy == cv.WORLD else cv.name_of(view.economy, _names())
    kinds = ", ".join(AGREEMENT_TYPE_LABELS[k] for k in view.kinds) if view.kinds else "all kinds"
    return (f"{len(table)} {'rule' if len(table) == 1 else 'rules'} for {who} ({kinds}"
            f"{'; in force only' if view.in_force else ''}), oldest first.")


def coverage_table(cover: pd.DataFrame, economies: list[str]) -> Component:
    """Economy × series: the years each series covers ('missing' where none is published)."""
    wide = cv.coverage_wide(cover)
    counts = cv.coverage_counts(cover, economies)
    labels = [SERIES[s].short for s in SERIES]

    def cell(text: str) -> html.Td:
        return html.Td(text, className="text-muted" if text == "missing" else None)

    body = [html.Tr([html.Th(r["economy"], scope="row"), *(cell(r[label]) for label in labels)])
            for _, r in wide.iterrows()]
    foot = html.Tr([html.Th("Modeled economies with a value", scope="row"),
                    *(html.Td(f"{int(c.economies)} of {int(c.of)}") for c in counts.itertuples())])
    return html.Div(html.Table([
        html.Caption("Years with a published value. '(n missing)': years without one inside the span; nothing "
                     "is filled in.", className="caption-top small"),
        html.Thead(html.Tr([html.Th("Economy", scope="col"), *(html.Th(label, scope="col") for label in labels)])),
        html.Tbody(body), html.Tfoot(foot, className="fw-semibold"),
    ], id=ID.COVERAGE, className="table table-sm table-striped small mb-1"), className="table-responsive")


def page_parts(view: ContentView) -> Mapping[str, Any]:
    """Every part of the page for a view. Each part is memoised per process on the fields it depends on
    (cv.DEPENDS_ON), so a change of the rules' filters does not rebuild the growth chart (data read-only,
    views immutable; the mappings are read-only too)."""
    return MappingProxyType({**_growth_part(view.economy, view.flow, view.base),
                             **_leaders_part(view.leader, view.year),
                             **_rules_part(view.economy, view.kinds, view.in_force)})


@functools.lru_cache(maxsize=128)
def _growth_part(economy: str, flow: str, base: int | None) -> Mapping[str, Any]:
    growth = cv.indexed_growth(content_series(), economy, flow, base)
    return MappingProxyType(dict(
        growth=growth_figure(growth, cv.name_of(economy, _names())).to_plotly_json(),
        headline=cv.lead(growth, _names()), notes=growth_notes(growth),
        base_options=[{"label": str(y), "value": y} for y in cv.base_years(growth)],
        base_placeholder=f"first common year ({growth.base})" if growth.base else "first common year"))


@functools.lru_cache(maxsize=64)
def _leaders_part(leader: str, year: int | None) -> Mapping[str, Any]:
    series, shown = content_series(), _offer().economies
    ranking = cv.leaders(series, leader, shown, _names(), year)
    return MappingProxyType(dict(
        leaders=leaders_figure(ranking).to_plotly_json(), leaders_map=leaders_map(ranking).to_plotly_json(),
        leaders_text=cv.leaders_sentence(ranking),
        year_options=[{"label": str(y), "value": y} for y in cv.leader_years(series, leader, shown)],
        year_placeholder=f"latest ({ranking.eligible_years[-1]})" if ranking.eligible_years else
        "no year has enough economies"))


@functools.lru_cache(maxsize=128)
def _rules_part(economy: str, kinds: tuple[str, ...], in_force: bool) -> Mapping[str, Any]:
    view = ContentView(economy=economy, kinds=kinds, in_force=in_force)
    table = cv.rules(digital_agreements(), view, _names())
    return MappingProxyType(dict(rules=rules_table(table, view), rules_count=rules_count(table, view)))


# ---- layout -------------------------------------------------------------------------------------------

def layout(**query: str) -> html.Div:
    """The page with what its address shows already in it (the growth chart draws with the page; the
    ranking and its map come in the answer to `update`'s opening call)."""
    view, notices = _parse(query)
    parts = page_parts(view)
    offer = _offer()
    names = offer.names
    growth_controls = dbc.Col([
        html.Label("Economy", htmlFor=ID.ECONOMY, **LABEL),
        dcc.Dropdown(id=ID.ECONOMY, options=[{"label": cv.name_of(c, names), "value": c} for c in offer.economies],
                     value=view.economy, clearable=False, searchable=True, className="mb-2"),
        html.Label("Direction of trade", htmlFor=ID.FLOW, **LABEL),
        dbc.RadioItems(id=ID.FLOW, options=[{"label": label, "value": key} for key, label in FLOWS.items()],
                       value=view.flow, className="small mb-2"),
        html.Label("Base year (index = 100)", htmlFor=ID.BASE, **LABEL),
        dcc.Dropdown(id=ID.BASE, options=parts["base_options"], value=view.base,
                     placeholder=parts["base_placeholder"], className="mb-2"),
        html.P("The economy also picks the rules shown below.", className="small text-muted mb-0"),
    ], lg=3, className="atlas-controls")
    leader_controls = dbc.Row([
        dbc.Col([html.Label("Series", htmlFor=ID.LEADER, **LABEL),
                 dcc.Dropdown(id=ID.LEADER, clearable=False, value=view.leader, options=[
                     {"label": label, "value": sid, "disabled": not ok}
                     for sid, label, ok in cv.leader_choices(content_series(), offer.economies)])], md=6),
        dbc.Col([html.Label("Year", htmlFor=ID.YEAR, **LABEL),
                 dcc.Dropdown(id=ID.YEAR, options=parts["year_options"], value=view.year,
                              placeholder=parts["year_placeholder"])], md=3),
    ], className="g-2 mb-2 atlas-controls")
    rule_controls = dbc.Row([
        dbc.Col([html.Label("Kind of agreement", htmlFor=ID.KINDS, **LABEL),
                 dcc.Dropdown(id=ID.KINDS, options=[{"label": label, "value": key}
                                                    for key, label in AGREEMENT_TYPE_LABELS.items()],
                              value=list(view.kinds), multi=True, placeholder="Every kind")], md=6),
        dbc.Col(dbc.Switch(id=ID.IN_FORCE, label="In force only", value=view.in_force, className="small mt-md-4"),
                md=3),
    ], className="g-2 mb-2 atlas-controls")
    return html.Div([
        html.H1("New trade content", className="h2"),
        html.P(["Is technology and data trade growing faster than goods trade, and who leads? ",
                html.A("How it is measured", href="/methods"), "."], className="mb-2"),
        html.Div([dbc.Alert(n, color="warning", className="py-1 mb-1") for n in notices], id=ID.NOTICE,
                 role="status"),
        html.P(parts["headline"], id=ID.HEADLINE, className="lead fs-6 fw-semibold mb-2", **aria(live="polite")),
        dcc.Store(id=ID.DRAWN, data=cv.to_query(view)),
        dbc.Row([
            dbc.Col([
                charts.chart(ID.GROWTH, parts["growth"], GRAPH_CONFIG),
                html.Div(parts["notes"], id=ID.GROWTH_NOTES),
                html.Div(dbc.Button("Download the chart's data (CSV)", id=ID.GROWTH_BUTTON, color="primary",
                                    size="sm"), className="my-2 atlas-controls"),
            ], lg=9),
            growth_controls,
        ], className="mb-3"),
        html.H2("Who leads", className="h4 mt-3"),
        leader_controls,
        html.P(parts["leaders_text"], id=ID.LEADERS_TEXT, className="fw-semibold mb-2", **aria(live="polite")),
        dbc.Row([
            dbc.Col(charts.chart(ID.LEADERS, parts["leaders"], GRAPH_CONFIG, later=True), lg=6),
            dbc.Col(charts.chart(ID.LEADERS_MAP, parts["leaders_map"], GRAPH_CONFIG, later=True), lg=6),
        ]),
        html.P(f"A ranking is drawn only in a year in which at least {config.CONTENT_LEADERS_MIN_ECONOMIES} of the "
               f"modeled economies publish the series: a ranking of a handful would crown whoever happens to be "
               "published.", className="small text-muted mb-1"),
        html.Div(dbc.Button("Download the ranking (CSV)", id=ID.LEADERS_BUTTON, color="primary", size="sm"),
                 className="my-2 atlas-controls"),
        html.H2("The rules each economy takes part in", className="h4 mt-4"),
        html.P("Agreements on digital trade and data: the WTO Joint Statement Initiative on e-commerce (EU member "
               "states take part through the EU), digital economy agreements, the digital-trade chapters of trade "
               "agreements, and EU adequacy decisions, which the EU takes alone about an economy: in force since a "
               "date, not joined.", className="small"),
        rule_controls,
        html.P(parts["rules_count"], id=ID.RULES_COUNT, className="small mb-1", role="status"),
        html.Div(parts["rules"], id=ID.RULES),
        html.Div(dbc.Button("Download the rules shown (CSV)", id=ID.RULES_BUTTON, color="primary", size="sm"),
                 className="my-2 atlas-controls"),
        html.H2("What is published: economy × series × years", className="h4 mt-4"),
        coverage_table(offer.coverage, offer.economies),
        html.Div(dbc.Button("Download the coverage table (CSV)", id=ID.COVERAGE_BUTTON, color="primary",
                            size="sm"), className="my-2 atlas-controls"),
        dcc.Download(id=ID.DOWNLOAD),
    ])


# ---- callbacks ------------------------------------------------------------------------------------------

#: The controls, in the order cv.from_controls takes their values (cv.to_controls gives them).
CONTROLS = (Input(ID.ECONOMY, "value"), Input(ID.FLOW, "value"), Input(ID.BASE, "value"),
            Input(ID.LEADER, "value"), Input(ID.YEAR, "value"), Input(ID.KINDS, "value"), Input(ID.IN_FORCE, "value"))
#: Where each part of the page (cv.DEPENDS_ON) goes: a chart's part is its figure, name and summary.
OUTPUTS = {
    "growth": [Output(ID.GROWTH, "figure"), *charts.text_outputs(ID.GROWTH), Output(ID.HEADLINE, "children"),
               Output(ID.GROWTH_NOTES, "children"), Output(ID.BASE, "options"), Output(ID.BASE, "placeholder")],
    "leaders": [Output(ID.LEADERS, "figure"), *charts.text_outputs(ID.LEADERS), Output(ID.LEADERS_MAP, "figure"),
                *charts.text_outputs(ID.LEADERS_MAP), Output(ID.LEADERS_TEXT, "children"), Output(ID.YEAR, "options"),
                Output(ID.YEAR, "placeholder")],
    "rules": [Output(ID.RULES, "children"), Output(ID.RULES_COUNT, "children")],
}
#: The parts the page arrives without (its charts below the first), sent in the answer to the opening call.
LATER = ("leaders",)


@callback(*(output for part in cv.DEPENDS_ON for output in OUTPUTS[part]), Output(ID.DRAWN, "data"), *CONTROLS,
          charts.painted(PATH), State(ID.DRAWN, "data"), State(Shell.MODE, "data"))
def update(economy, flow, base, leader, year, kinds, in_force, _painted, drawn, mode) -> list:
    """What the controls change on the page, and the record of the view it then shows. Once the page's
    first chart is on screen (charts.painted), the ranking and its map. Also called as the page is put
    in, and answered "nothing to update" then."""
    opening = charts.is_painted(ctx.triggered_id)
    return answer(_view(economy, flow, base, leader, year, kinds, in_force), drawn, mode, opening=opening)


def answer(view: ContentView, drawn: object, mode: object, opening: bool = False) -> list:
    """`update`'s outputs (OUTPUTS' order, then the record of the view): only the parts that a change from
    the view on screen (`drawn`: its query) to `view` alters; the opening call sends the LATER parts of
    the view on screen. PreventUpdate when nothing is to be sent (the call made as the page is put in:
    being a newer call, it makes Dash drop an answer still on its way to the page drawn before)."""
    on_screen = written_view(drawn, _parse, cv.to_query)
    changed = None if opening else changed_fields(on_screen, view)
    if (opening and on_screen is None) or changed == frozenset():
        raise PreventUpdate
    view = on_screen if opening and on_screen is not None else view
    sent = LATER if opening else cv.parts_to_send(changed)
    parts = page_parts(view)
    values = {"growth": [*_chart(parts["growth"], mode), parts["headline"], parts["notes"], parts["base_options"],
                         parts["base_placeholder"]],
              "leaders": [*_chart(parts["leaders"], mode), *_chart(parts["leaders_map"], mode), parts["leaders_text"],
                          parts["year_options"], parts["year_placeholder"]],
              "rules": [parts["rules"], parts["rules_count"]]}
    record = no_update if opening else cv.to_query(view)
    return [value if part in sent else no_update for part in cv.DEPENDS_ON for value in values[part]] + [record]


def _chart(figure: dict, mode: object) -> list:
    """A chart's three outputs: its figure as the page's mode draws it, its name and its summary."""
    shown = for_mode(figure, mode)
    return [shown, *charts.text_of(shown)]


@callback(*shell.address_outputs(PATH), Input(ID.DRAWN, "data"), State(Shell.MODE, "data"), prevent_initial_call=True)
def keep_address(drawn: object, mode: object) -> tuple[str, dict]:
    """The address follows the view the page has drawn (ID.DRAWN), written after the redraw."""
    if not isinstance(drawn, str):
        raise PreventUpdate
    return shell.address(PATH, drawn, mode)


#: What each download button downloads.
DOWNLOADS = {ID.GROWTH_BUTTON: "growth", ID.LEADERS_BUTTON: "leaders", ID.RULES_BUTTON: "rules",
             ID.COVERAGE_BUTTON: "coverage"}


@callback(Output(ID.DOWNLOAD, "data"), *(Input(button, "n_clicks") for button in DOWNLOADS),
          *(State(c.component_id, c.component_property) for c in CONTROLS), prevent_initial_call=True)
def download(*values) -> dict:
    """The CSV of the part whose button was pressed, for the view of the controls."""
    controls = values[len(DOWNLOADS):]
    trigger = ctx.triggered_id
    return download_for(DOWNLOADS.get(trigger) if isinstance(trigger, str) else None, _view(*controls))


def download_for(what: str | None, view: ContentView) -> dict:
    """dcc.Download's data for one part of the page: its rows with their sources and the view's filters
    in the file. PreventUpdate for anything else."""
    if what is None:
        raise PreventUpdate
    bundle = cv.parts(view)
    content = {
        "growth": lambda: cv.growth_csv(bundle.growth, view, bundle.names),
        "leaders": lambda: cv.leaders_csv(bundle.ranking, view),
        "rules": lambda: cv.rules_csv(bundle.rules, view, bundle.names),
        "coverage": lambda: cv.coverage_csv(bundle.coverage),
    }[what]()
    return dict(content=content, filename=cv.download_name(view, what), type="text/csv")


dash.register_page(__name__, path=PATH, name="New trade content", order=2.5,
                   title=f"New trade content · {config.APP_TITLE}",
                   description="Technology, data and robots against goods trade: indexed growth, who leads, and "
                               "the digital-trade rules each economy takes part in.",
                   layout=shell.page_layout(PATH, layout))
