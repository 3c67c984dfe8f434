"""Strategies (/strategies): who has an intelligent-manufacturing strategy, since when, with what focus."""
from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard import config
from dashboard.components import charts, grid, shell, updates
from dashboard.components.attrs import data
from dashboard.components.sources import source_links
from dashboard.datasets import load
from dashboard.datasets.export import to_csv
from dashboard.figures.maps import GRAPH_CONFIG
from dashboard.figures.strategies import PARTIAL, strategy_map, timeline
from dashboard.figures.theme import for_mode
from dashboard.ids import Shell, Strategies as ID
from dashboard.views import strategies as sv
from dashboard.views.query import changed_fields, clicked_point, written_view
from dashboard.views.strategies import COLOR_OPTIONS, FIRST_YEAR, LAST_YEAR, StrategiesView

PATH = "/strategies"

INDICATOR_LABELS = {
    "robot_density": "Robot density", "mva_usd_bn": "Manufacturing value added", "gdp_usd_bn": "GDP",
    "exports_gs_usd_bn": "Exports of goods and services", "population_m": "Population",
}


@functools.cache
def _economy_names() -> dict[str, str]:
    """ISO3 -> name of every economy the page can show (sv.economy_names), once per process."""
    return sv.economy_names(load.table("strategies"), load.table("economies"))


@functools.cache
def _economies() -> frozenset[str]:
    return frozenset(_economy_names())


def _view(economy, focus, period, region, color) -> StrategiesView:
    return sv.from_controls(economy, focus, period, region, color, _economies())


def detail_panel(iso3: str | None) -> list:
    """The selected economy's strategies (its own and, for EU members, the EU's) and its indicators."""
    if not iso3:
        return [html.P("Click a country on the map or the timeline, or choose one above, to see its "
                       "strategies and indicators.", className="text-muted mb-0")]
    own = sv.strategies_of(load.table("strategies"), iso3)
    cards: list[Component] = []
    for row in own.itertuples():
        years = f"{row.launch_year if pd.notna(row.launch_year) else 'year not published'}" + (
            f"–{row.end_year}" if pd.notna(row.end_year) else " (no end year published)")
        focus = ", ".join(config.FOCUS_AREAS[t] for t in row.focus_areas.split(";"))
        cards.append(html.Div([
            html.H3(row.strategy, className="h6 mb-1"),
            html.Div(f"{row.economy} · {years}", className="small text-muted"),
            html.P(row.summary, className="small my-1 atlas-strategy-summary"),
            html.Dl([
                html.Dt("Lead body"), html.Dd(row.lead_body if pd.notna(row.lead_body) else "not stated"),
                html.Dt("Headline budget"), html.Dd(row.headline_budget if pd.notna(row.headline_budget)
                                                    else "no budget published"),
                html.Dt("Focus areas"), html.Dd(focus),
            ], className="small mb-1"),
            html.Div([*source_links(row.source_publisher, row.source_url, row.retrieved_from),
                      f" ({row.source_year})." if pd.notna(row.source_year) else "."],
                     className="small atlas-source"),
        ], className="border-start border-3 ps-2 mb-3", **data(strategy=row.strategy_id)))
    indicators = load.table("indicators")
    facts = []
    for indicator, label in INDICATOR_LABELS.items():
        latest = sv.latest_indicator(indicators, indicator)
        if iso3 in latest.index:
            fact = latest.loc[iso3]
            cited = source_links(fact["source_publisher"], fact["source_url"], fact["retrieved_from"])
            facts.append(html.Li([f"{label}: {fact['value']:,.1f} {config.INDICATORS[indicator]} "
                                  f"({int(fact['year'])}). ", *cited]))
    return [
        html.H2(_economy_names().get(iso3, iso3), className="h5"),
        *(cards or [html.P("No strategy in the data.", className="atlas-no-strategy")]),
        html.H3("Indicators", className="h6"),
        html.Ul(facts or [html.Li("No sourced indicator in the data.")], className="small"),
    ]


def layout(**query: str) -> html.Div:
    """The page with what its address shows already in it (the map draws with the page; the timeline
    comes in the answer to `update`'s opening call); `update` answers control changes."""
    view, notices = sv.from_query(query, _economies())
    parts = page_parts(view)
    return html.Div([
        html.H1("National intelligent-manufacturing strategies", className="h2"),
        html.P("Who has a strategy, since when, with what money and focus, and how far each economy has got. "
               "EU member states carry the EU's programmes beside their own."),
        dcc.Store(id=ID.DRAWN, data=sv.to_query(view)),
        html.Div([dbc.Alert(n, color="warning", className="py-1 mb-1") for n in notices], id=ID.NOTICE,
                 role="status"),
        *([shell.corrected_address(PATH, sv.to_query(view), query)] if notices else []),
        dbc.Row([
            dbc.Col([html.Label("Economy", htmlFor=ID.ECONOMY, className="form-label small"),
                     dcc.Dropdown(id=ID.ECONOMY, options=[{"label": name, "value": iso3} for iso3, name in
                                                           _economy_names().items()], value=view.economy,
                                  placeholder="Search an economy…", searchable=True)], md=3),
            dbc.Col([html.Label("Focus area", htmlFor=ID.FOCUS, className="form-label small"),
                     dcc.Dropdown(id=ID.FOCUS, options=[{"label": v, "value": k} for k, v in
                                                        config.FOCUS_AREAS.items()],
                                  value=list(view.focus), multi=True, placeholder="Any focus area")], md=3),
            dbc.Col([html.Label("Region", htmlFor=ID.REGION, className="form-label small"),
                     dcc.Dropdown(id=ID.REGION, options=[r for r in config.REGIONS if r != "Rest of world"],
                                  value=view.region, placeholder="All regions")], md=2),
            dbc.Col([html.Label("Colour the map by", htmlFor=ID.COLOR, className="form-label small"),
                     dcc.Dropdown(id=ID.COLOR, options=[{"label": v[0], "value": k} for k, v in COLOR_OPTIONS.items()],
                                  value=view.color, clearable=False)], md=2),
        ], className="g-2 mb-2 atlas-controls"),
        html.Label("Running during", htmlFor=ID.PERIOD, className="form-label small atlas-controls"),
        dcc.RangeSlider(id=ID.PERIOD, min=FIRST_YEAR, max=LAST_YEAR, step=1, value=[view.year_from, view.year_to],
                        # A mark every five years: every two, the labels ran into each other on a phone.
                        marks={y: str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1, 5)},
                        tooltip={"placement": "bottom"}, allowCross=False, className="atlas-controls"),
        dbc.Row([
            dbc.Col(dcc.Loading(charts.chart(ID.MAP, parts["map"], GRAPH_CONFIG)), lg=8),
            dbc.Col(dbc.Card(dbc.CardBody(parts["detail"], id=ID.DETAIL), className="h-100"), lg=4, class_name="mb-3"),
        ], className="mt-3"),
        charts.chart(ID.TIMELINE, parts["timeline"], GRAPH_CONFIG, later=True),
        html.Div([
            html.Span(str(parts["count"]), id=ID.COUNT, className="me-3 small"),
            dbc.Button("Download CSV", id=ID.DOWNLOAD_BUTTON, color="primary", size="sm"),
            dcc.Download(id=ID.DOWNLOAD),
        ], className="d-flex align-items-center my-2 atlas-controls"),
        grid.lazy_grid(dag.AgGrid(
            id=ID.TABLE,
            columnDefs=[{"field": c, "headerName": c.replace("_", " ")} for c in sv.TABLE_COLUMNS],
            defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapText": False},
            dashGridOptions={"pagination": True, "paginationPageSize": 20, **grid.KEYBOARD},
            rowData=parts["rows"], getRowId="params.data.strategy_id", style={"height": "480px"},
            className="ag-theme-quartz",
        ), height="480px"),
    ])


@callback(
    Output(ID.ECONOMY, "value"),
    Input(ID.MAP, "clickData"), Input(ID.TIMELINE, "clickData"),
    prevent_initial_call=True,
)
def select_economy(map_click: dict | None, timeline_click: dict | None) -> Any:
    """A click on the map or on a timeline bar selects that economy (the dropdown shows it)."""
    click = map_click if ctx.triggered_id == ID.MAP else timeline_click
    point = clicked_point(click)
    customdata = point.get("customdata")
    iso3 = point.get("location") or (customdata[0] if isinstance(customdata, list) and customdata else None)
    return iso3 if isinstance(iso3, str) and iso3 in _economies() else no_update


#: The controls, in the order sv.from_controls takes their values (sv.to_controls gives them).
CONTROLS = (Input(ID.ECONOMY, "value"), Input(ID.FOCUS, "value"), Input(ID.PERIOD, "value"),
            Input(ID.REGION, "value"), Input(ID.COLOR, "value"))
#: Where each part of the page (sv.DEPENDS_ON) goes: a chart's part is its figure, name and summary.
OUTPUTS = {"map": [Output(ID.MAP, "figure"), *charts.text_outputs(ID.MAP)],
           "timeline": [Output(ID.TIMELINE, "figure"), *charts.text_outputs(ID.TIMELINE)],
           "rows": [grid.rows_output(ID.TABLE)], "detail": [Output(ID.DETAIL, "children")],
           "count": [Output(ID.COUNT, "children")]}
#: The parts the page arrives without, sent in the answer to `update`'s opening call.
LATER = ("timeline",)


@callback(*(output for part in sv.DEPENDS_ON for output in OUTPUTS[part]), Output(ID.DRAWN, "data"), *CONTROLS,
          charts.painted(PATH), State(ID.DRAWN, "data"), State(Shell.MODE, "data"))
def update(economy, focus, period, region, color, _painted, drawn, mode) -> list:
    """What the controls change on the page, and the record of the view it then shows. Once the page's
    first chart is on screen (charts.painted), the parts the page arrived without (LATER). Also called
    as the page is put in, and answered "nothing to update" then."""
    opening = charts.is_painted(ctx.triggered_id)
    return answer(_view(economy, focus, period, region, color), drawn, mode, opening=opening)


def answer(view: StrategiesView, drawn: object, mode: object, opening: bool = False) -> list:
    """`update`'s outputs (OUTPUTS' order, then the record of the view): only the parts that a change
    from the view on screen (`drawn`: its query) to `view` alters, the map as its outline of the
    selected economy when only the economy changed (a Patch: components/updates.py). The opening call
    sends the LATER parts of the view on screen. PreventUpdate when nothing is to be sent.

    The call made as the page is put in (the view on screen, nothing changed) is answered "nothing to
    update"; being a newer call of this callback, it makes Dash drop an answer still on its way to the
    page drawn before (Back, Forward), which would otherwise land on this one."""
    on_screen = written_view(drawn, _parse, sv.to_query)
    changed = None if opening else changed_fields(on_screen, view)
    if (opening and on_screen is None) or changed == frozenset():
        raise PreventUpdate  # nothing deferred to send, or the screen shows this view already
    view = on_screen if opening and on_screen is not None else view
    sent = LATER if opening else sv.parts_to_send(changed)
    parts = page_parts(view)
    values: dict[str, list] = {part: [parts[part]] for part in ("rows", "detail", "count")}
    for chart in ("map", "timeline"):
        figure = for_mode(parts[chart], mode)
        values[chart] = [figure, *charts.text_of(figure)]
    values["map"][0] = updates.figure_or_patch(values["map"][0], changed, PARTIAL)
    record = no_update if opening else sv.to_query(view)
    return [value if part in sent else no_update for part in sv.DEPENDS_ON for value in values[part]] + [record]


def _parse(query: Mapping[str, str]) -> tuple[StrategiesView, list[str]]:
    return sv.from_query(query, _economies())


@functools.lru_cache(maxsize=256)
def page_parts(view: StrategiesView) -> Mapping[str, object]:
    """Every part of the page (keys of sv.DEPENDS_ON) for a view, memoised per process (data are
    read-only, views immutable; the mapping is read-only too)."""
    filtered = sv.filter_strategies(load.table("strategies"), view)
    summary = sv.economy_summary(filtered, load.table("indicators"))
    table = sv.table_frame(filtered)
    return MappingProxyType(dict(
        map=strategy_map(summary, view.color, sv.outlined(view.economy)).to_plotly_json(),
        timeline=timeline(filtered, view.economy).to_plotly_json(),
        rows=table.astype(object).where(table.notna(), None).to_dict("records"), detail=detail_panel(view.economy),
        count=f"{len(table)} strategies from {table['iso3'].nunique()} economies match."))


@callback(*shell.address_outputs(PATH), Input(ID.DRAWN, "data"), State(Shell.MODE, "data"), prevent_initial_call=True)
def keep_address(drawn: object, mode: object) -> tuple[str, dict]:
    """The address follows the view the page has drawn (ID.DRAWN), so the address bar is always a link to
    the view on screen; written by this second answer, after the redraw (as on the scenarios page)."""
    if not isinstance(drawn, str):
        raise PreventUpdate
    return shell.address(PATH, drawn, mode)


@callback(
    Output(ID.DOWNLOAD, "data"),
    Input(ID.DOWNLOAD_BUTTON, "n_clicks"),
    State(ID.TABLE, "virtualRowData"), *(State(c.component_id, c.component_property) for c in CONTROLS),
    prevent_initial_call=True,
)
def download(_clicks, rows_in_table, economy, focus, period, region, color) -> dict:
    """Exactly the rows the table shows (after its own sorting and column filters), with sources."""
    view = _view(economy, focus, period, region, color)
    table = sv.table_frame(sv.filter_strategies(load.table("strategies"), view))
    if isinstance(rows_in_table, list):
        order = [r["strategy_id"] for r in rows_in_table
                 if isinstance(r, dict) and isinstance(r.get("strategy_id"), str)]
        table = table.set_index("strategy_id", drop=False).reindex([i for i in order if i in set(table["strategy_id"])])
    return dict(content=to_csv(table.reset_index(drop=True), sv.download_filters(view, _economy_names())),
                filename=sv.download_name(view), type="text/csv")


dash.register_page(__name__, path=PATH, name="Strategies", order=1, title=f"Strategies · {config.APP_TITLE}",
                   description="National strategies on a map and a timeline, with sources.",
                   layout=shell.page_layout(PATH, layout))
