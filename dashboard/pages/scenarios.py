"""Scenarios (/scenarios): move adoption of intelligent manufacturing and see who gains competitiveness.

Callbacks are thin: they turn control values into a `ScenarioView`, ask `dashboard.views.scenarios`
for the outcome, and hand it to `dashboard.figures.scenarios`.
"""
from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Mapping

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import cache, config
from dashboard.components import charts, grid
from dashboard.figures.maps import GRAPH_CONFIG, MAP_GRAPH_CONFIG
from dashboard.figures.scenarios import rank_slope, shift_map, share_change_bar, welfare_localisation
from dashboard.ids import Scenarios as ID, Shell
from dashboard.pages.registry import Page, view_key
from dashboard.views import scenarios as scn
from dashboard.views.scenarios import EQUILIBRIA, LEVELS, ScenarioView

log = logging.getLogger(__name__)

NETWORKS_PATH = "/networks"
EQUILIBRIUM_HELP = {
    "general": "wages adjust so every market clears (trade deficits fixed): who gains, net of everyone's response",
    "partial": "wages stay put: the first-round effect of cheaper production, before markets adjust",
}
TABLE_COLUMNS = [
    ("name", "Name"), ("region", "Region"), ("export_share_before_pct", "Export share before (%)"),
    ("export_share_after_pct", "Export share after (%)"), ("export_share_change_pp", "Change (pp)"),
    ("welfare_change_pct", "Real income (%)"), ("domestic_share_change_pp", "Domestic share (pp)"),
    ("export_rank_before", "Rank before"), ("export_rank_after", "Rank after"),
]


def _adoption_slider(row, value: int) -> html.Div:
    """One economy: its name, baseline (with where it comes from), a reset button, and the slider, whose
    number box shows the current value.

    Four components, laid out by a CSS grid (.adopt-row): every Dash component on the page is a store
    subscriber that each state change of a slider move visits (about 30 before the charts redraw), so
    the 20 rows are kept lean."""
    code = row.iso3
    assumed = row.basis != "sourced"
    basis = (f"world average {row.robot_density:.0f} (IFR {row.density_year}), assumed" if assumed
             else f"robot density {row.robot_density:.0f} (IFR {row.density_year})")
    return html.Div([
        # The baseline is drawn after the name from data-baseline (assets/style.css): one component, not two.
        html.Label(row.economy, htmlFor=f"adopt-{code}", className="small fw-semibold mb-0",
                   title=f"{row.baseline} % of Korea's robot density: {basis}",
                   **{"data-baseline": f"baseline {row.baseline} %"}),
        html.Button("↺", id={"type": ID.RESET_ONE, "iso3": code}, className="btn btn-link btn-sm p-0",
                    title=f"Reset {row.economy} to its baseline", **{"aria-label": f"Reset {row.economy}"}),
        # ▲ marks the baseline, and wins over the end labels when the baseline is 0 or 100 (Korea).
        dcc.Slider(id={"type": ID.ADOPT, "iso3": code}, min=0, max=100, step=1, value=value,
                   marks={0: "0", 100: "100", row.baseline: "▲"}, updatemode="mouseup",
                   tooltip={"placement": "bottom", "always_visible": False}, className="adopt-slider"),
    ], className="adopt-row", **{"data-iso3": code})


def _sliders(view: ScenarioView) -> dbc.Accordion:
    table = scn.baseline_table()
    chosen = view.adoption_of(scn.baseline_adoption())
    items = []
    for region in config.REGIONS:
        part = table[table["region"] == region]
        if part.empty:
            continue
        items.append(dbc.AccordionItem([_adoption_slider(r, chosen[r.iso3]) for r in part.itertuples()],
                                       title=f"{region} ({len(part)})", item_id=region))
    return dbc.Accordion(items, always_open=True, active_item=[i.item_id for i in items], flush=True)


# What the presets and adoption cards measure in Chromium 1,400 px wide (1,799 px in all; 1,876 at
# 1,280 px, where text wraps more), so their slot holds the place until they arrive: px per slider
# row and per region, and the rest of both cards.
ROW_PX, REGION_PX, CARDS_PX = 61, 46, 395


def _adoption_controls(view: ScenarioView) -> html.Div:
    """The presets and the adoption sliders, put into the page after its first chart: their ~130
    components cost the first chart ~0.2 s. They come together, so a preset can never be clicked
    before the sliders it sets are there. Until then the callbacks read the adoption from `_opened`."""
    cards = html.Div([
        dbc.Card(dbc.CardBody([
            html.H2("Presets", className="h6"),
            *_preset_buttons(),
            dbc.Button("Reset to baseline", id=ID.RESET, color="link", size="sm", className="px-0"),
        ]), className="mb-2"),
        dbc.Card(dbc.CardBody([
            html.H2("Adoption of intelligent manufacturing", className="h6"),
            html.P("Percent of the frontier robot density (Korea, 1,012 robots per 10,000 manufacturing employees). "
                   "▲ marks each economy's baseline.", className="small text-muted mb-1"),
            dbc.InputGroup([
                html.Label("All economies", htmlFor=ID.ALL, className="input-group-text"),
                dbc.Input(id=ID.ALL, type="number", min=0, max=100, step=1, value=50),
                dbc.InputGroupText("%"),
                dbc.Button("Set all", id=ID.ALL_APPLY, color="secondary", outline=True),
            ], size="sm", className="mb-2"),
            _sliders(view),
        ]), className="mb-2"),
    ])
    economies, regions = len(scn.baseline_table()), scn.baseline_table()["region"].nunique()
    return charts.mounted_after_first_chart(ID.ADOPTION_CONTROLS, cards,
                                            f"{economies * ROW_PX + regions * REGION_PX + CARDS_PX}px")


def _opened(view: ScenarioView, shown: dict | None) -> dcc.Store:
    """The scenario the page opened with: every economy's adoption, and what the page shows until an
    update says otherwise (as the ID.ADDRESS store then does): its query and what its rank chart shows."""
    chosen = view.adoption_of(scn.baseline_adoption())
    return dcc.Store(id=ID.OPENED, data={"adoption": [[code, chosen[code]] for code in scn.baseline_table()["iso3"]],
                                         "search": scn.to_query(view), "ranks": shown["ranks"] if shown else None})


def _preset_buttons() -> list:
    buttons = []
    for preset_id, preset in scn.presets().items():
        sourced = "sourced" in preset["basis"]
        buttons.append(dbc.Button(
            preset["name"], id={"type": ID.PRESET, "preset": preset_id}, color="secondary", outline=True, size="sm",
            className="me-1 mb-1 text-start", title=preset["description"] + (
                " Target from the source." if sourced else " A scenario assumption."),
        ))
    notes = []
    for preset in scn.presets().values():
        links = [html.A(publisher.split(" | ")[0], href=url.split(" | ")[0], target="_blank", rel="noopener")
                 for publisher, url in preset["sources"]]
        notes.append(html.Li([html.Strong(preset["name"] + ": "), preset["description"], " ",
                              *(["Source: ", *links] if links else ["Scenario assumption (modeled)."])]))
    return [html.Div(buttons), html.Details([html.Summary("What the presets assume", className="small"),
                                             html.Ul(notes, className="small")])]


def layout(query: Mapping[str, str]) -> html.Div:
    """The page with the results of the scenario its address names already in it: the charts draw
    with the page, not after a second round trip (the update callback waits for a control to move)."""
    view, notices = scn.from_query(query)
    shown, failure = _solved(view, None)

    def figure(key: str) -> dict:
        return {"figure": shown[key]} if shown else {}
    theta_low, theta_high = scn.THETA_RANGE
    controls = [
        dbc.Card(dbc.CardBody([
            html.H2("Model", className="h6"),
            html.Label("Level", htmlFor=ID.LEVEL, className="form-label small mb-0"),
            dbc.RadioItems(id=ID.LEVEL, options=[{"label": v, "value": k} for k, v in LEVELS.items()],
                           value=view.level, inline=True, className="small mb-2"),
            html.Label("Equilibrium", htmlFor=ID.EQUILIBRIUM, className="form-label small mb-0"),
            dbc.RadioItems(id=ID.EQUILIBRIUM, options=[
                {"label": html.Span([EQUILIBRIA[k], html.Br(), html.Small(EQUILIBRIUM_HELP[k], className="text-muted")]),
                 "value": k} for k in EQUILIBRIA], value=view.equilibrium, className="small mb-2"),
            html.Label("Trade elasticity θ", htmlFor=ID.THETA, className="form-label small mb-0"),
            dcc.Slider(id=ID.THETA, min=theta_low, max=theta_high, step=0.5, value=view.theta, updatemode="mouseup",
                       marks={v: str(v) for v in range(2, 11, 2)}),
            html.Small("Estimates range from about 4 (Simonovska & Waugh 2014) to 8.3 (Eaton & Kortum 2002); "
                       "higher θ: trade reacts more to costs.", className="text-muted d-block mb-2"),
            html.Label("Productivity gain from full adoption (%)", htmlFor=ID.GAIN, className="form-label small mb-0"),
            dcc.Slider(id=ID.GAIN, min=scn.GAIN_RANGE[0], max=scn.GAIN_RANGE[1], step=0.1, value=view.gain,
                       updatemode="mouseup", marks={0: "0", 5.2: "5.2", 10: "10", 20: "20", 30: "30"}),
            html.Small(["Default 5.2 %: Graetz & Michaels (2018, ", html.I("Robots at Work"),
                        ") find robots added 0.36 pp a year to labour productivity growth, 1993–2007, "
                        "compounded over 14 years. See ", html.A("Methods", href="/methods"), "."],
                       className="text-muted d-block"),
        ]), className="mb-2"),
        _adoption_controls(view),
        _opened(view, shown),
        dbc.Card(dbc.CardBody([
            html.H2("Bring your own baseline", className="h6"),
            html.P([f"A CSV with columns exporter, importer, value (any one currency unit; domestic sales where "
                    f"exporter = importer). Up to {scn.MAX_UPLOAD_BYTES // 1_000_000} MB, "
                    f"{scn.MAX_UPLOAD_ROWS:,} rows, {scn.MAX_UPLOAD_ECONOMIES} economies. ",
                    html.Button("Download a template", id=ID.TEMPLATE_BUTTON, className="btn btn-link btn-sm p-0 align-baseline"),
                    " (our baseline)."], className="small mb-1"),
            dcc.Upload(id=ID.UPLOAD, children=html.Div(["Drop a CSV here or ", html.A("choose a file", href="#")]),
                       className="upload-zone small", multiple=False,
                       # The browser refuses files over 5× the limit outright; between the limit and that,
                       # the server answers with a clear message (parse_upload).
                       max_size=5 * scn.MAX_UPLOAD_BYTES),
            html.Div(id=ID.UPLOAD_MESSAGES, role="status", className="small mt-1"),
            dbc.Button("Back to the built-in baseline", id=ID.UPLOAD_CLEAR, color="link", size="sm", className="px-0"),
            dcc.Store(id=ID.UPLOAD_STORE, storage_type="memory"),
            dcc.Store(id=ID.ADDRESS, storage_type="memory"),
            dcc.Download(id=ID.TEMPLATE_DOWNLOAD),
        ])),
    ]
    from dashboard.pages import PATHS  # at call time: the registry imports this module

    networks_link = html.Div(dcc.Link(
        "See this scenario between city clusters on the networks page →", id=ID.NETWORKS_LINK,
        href=NETWORKS_PATH + scn.to_query(view), className="small"), className="mb-2",
        hidden=NETWORKS_PATH not in PATHS)
    outputs = [
        networks_link,
        # Dimmed while an update is on its way, after 150 ms (assets/style.css): a dcc.Loading here re-rendered
        # the charts' whole subtree twice on every slider move.
        html.Div([
            html.Div(_headlines(shown), id=ID.HEADLINES, className="alert alert-light border mb-2", role="status",
                     **{"aria-live": "polite"}),
            html.Div(_status(shown) if shown else failure, id=ID.STATUS),
            dbc.Row([
                dbc.Col(dcc.Graph(id=ID.SHARE_CHART, config=GRAPH_CONFIG, **figure("share")), xl=12),
                # The charts below the first are drawn one frame after it (components/charts.py).
                dbc.Col(charts.after_first_chart(dcc.Graph(id=ID.MAP, config=MAP_GRAPH_CONFIG, **figure("map"))), xl=7),
                dbc.Col(charts.after_first_chart(dcc.Graph(id=ID.RANK_CHART, config=GRAPH_CONFIG, **figure("rank"))),
                        xl=5),
                dbc.Col(charts.after_first_chart(dcc.Graph(id=ID.WELFARE_CHART, config=GRAPH_CONFIG,
                                                           **figure("welfare"))), xl=12),
            ], className="g-2"),
        ], className="scenario-results"),
        html.Div([
            html.H2("Results", className="h6 me-3 mb-0"),
            dbc.Button("Download CSV", id=ID.DOWNLOAD_BUTTON, color="primary", size="sm"),
            dcc.Download(id=ID.DOWNLOAD),
        ], className="d-flex align-items-center my-2"),
        grid.after_first_paint(dag.AgGrid(
            id=ID.TABLE,
            columnDefs=[{"field": f, "headerName": h, **({"valueFormatter": {"function": "d3.format('.3f')(params.value)"}}
                                                          if f.endswith(("_pct", "_pp")) else {})}
                        for f, h in TABLE_COLUMNS],
            defaultColDef={"sortable": True, "resizable": True, "filter": True},
            rowData=shown["rows"] if shown else [],
            dashGridOptions=grid.KEYBOARD, getRowId="params.data.code", style={"height": "420px"},
            className="ag-theme-quartz",
        ), height="420px"),
    ]
    return html.Div([
        html.H1("Scenarios: who gains from intelligent manufacturing?", className="h2"),
        html.P(["Move adoption of intelligent manufacturing for any economy and see how world export shares, real "
                "incomes and localisation shift. The numbers come from an Eaton–Kortum trade model solved in changes "
                "on a 2022 baseline whose totals are sourced and whose bilateral cells are mostly modeled; they are "
                "scenarios, not forecasts. ", html.A("How it works", href="/methods"), "."]),
        html.Div([dbc.Alert(n, color="warning", className="py-1 mb-1") for n in notices], id=ID.NOTICE, role="status"),
        dbc.Row([dbc.Col(controls, lg=4, className="scenario-controls atlas-controls"), dbc.Col(outputs, lg=8)], className="g-3"),
    ])


def _view(ids, values, opened, theta, gain, equilibrium, level) -> ScenarioView:
    """The scenario of the controls. Until the sliders are in the page (no ids), their values are the
    ones the page opened with (`opened`, the ID.OPENED store), not the baseline."""
    if not ids and isinstance(opened, Mapping) and isinstance(opened.get("adoption"), list):
        pairs = [p for p in opened["adoption"] if isinstance(p, list) and len(p) == 2]
        ids, values = [{"iso3": code} for code, _ in pairs], [value for _, value in pairs]
    return scn.from_controls(ids, values, theta, gain, equilibrium, level)


def _on_screen(address, opened, key: str):
    """What the page shows ("search": its query; "ranks": what its rank chart shows): the last
    update's, else what it opened with."""
    for held in (address, opened):
        if isinstance(held, Mapping):
            return held.get(key)
    return None


CONTROLS = (
    Input({"type": ID.ADOPT, "iso3": ALL}, "value"), Input(ID.THETA, "value"), Input(ID.GAIN, "value"),
    Input(ID.EQUILIBRIUM, "value"), Input(ID.LEVEL, "value"),
)


@callback(
    Output(ID.HEADLINES, "children"), Output(ID.STATUS, "children"),
    Output(ID.SHARE_CHART, "figure"), Output(ID.MAP, "figure"), Output(ID.WELFARE_CHART, "figure"),
    Output(ID.RANK_CHART, "figure"), grid.rows_output(ID.TABLE),
    Output(ID.ADDRESS, "data"),
    *CONTROLS, Input(ID.UPLOAD_STORE, "data"),
    State({"type": ID.ADOPT, "iso3": ALL}, "id"), State(ID.OPENED, "data"), State(ID.ADDRESS, "data"),
    prevent_initial_call=True,  # the page arrives with the results of its address (layout)
)
def update(values, theta, gain, equilibrium, level, uploaded, ids, opened, address):
    """Everything a control change shows, in one answer: results, charts, and the address of the
    scenario, which the URL follows (a presenter's link reopens exactly this scenario), as does the
    link that opens it on the networks page. One request per slider move, not two.

    The address goes to a store, and assets/scenarios.js writes it to the URL and the link once the
    charts are drawn: writing the URL (history, dcc.Location, the callbacks that follow it) cost
    ~35 ms of each move before the first chart could redraw (benchmarks/scenarios.py)."""
    if ctx.triggered_id is None:
        # No control moved (a call Dash makes as the page is put in): the page came with its results.
        raise PreventUpdate
    view = _view(ids, values, opened, theta, gain, equilibrium, level)
    query = scn.to_query(view)
    new_baseline = any(t["prop_id"].startswith(f"{ID.UPLOAD_STORE}.") for t in ctx.triggered)
    if query == _on_screen(address, opened, "search") and not new_baseline:
        # Nothing the page shows would change. Dash calls this when the sliders are put into the page
        # (their values are inputs, and its outputs are outside them), and for a preset already shown.
        raise PreventUpdate
    drawn = _on_screen(address, opened, "ranks")
    address = dict(path=PAGE.path, search=query, networks=NETWORKS_PATH + query, view=view_key(PAGE.path, query))
    shown, failure = _solved(view, scn.matrix_from_records(uploaded))
    if shown is None:  # the charts keep the last scenario that solved, and the rank chart its ranks
        return [], failure, no_update, no_update, no_update, no_update, no_update, {**address, "ranks": drawn}
    # Most moves change no rank: then the slope chart is not sent or redrawn (a redraw costs ~40 ms).
    rank_figure = no_update if shown["ranks"] == drawn else shown["rank"]
    return (_headlines(shown), _status(shown), shown["share"], shown["map"], shown["welfare"], rank_figure,
            shown["rows"], {**address, "ranks": shown["ranks"]})


def _solved(view: ScenarioView, matrix) -> tuple[dict | None, dbc.Alert | None]:
    """(what the page shows, None), or (None, a message saying why the model could not solve it)."""
    try:
        if matrix is None:  # the built-in baselines: answered from the cache, keyed by the scenario's URL
            return cache.remembered(f"scenario:{view.level}:{scn.to_query(view)}", lambda: _shown(view, None)), None
        return _shown(view, matrix), None
    except (ValueError, ArithmeticError) as error:
        log.warning("scenario %r failed: %s", view, error)
        return None, dbc.Alert(f"The model could not solve this scenario: {error}", color="danger")


def _headlines(shown: dict | None) -> list:
    return [html.P(s, className="mb-1") for s in shown["headlines"]] if shown else []


def _status(shown: dict) -> list:
    status = [dbc.Alert(n, color="info", className="py-1 mb-1 small") for n in shown["notes"]]
    if not shown["converged"]:
        status.append(dbc.Alert("The solver did not converge: treat these numbers as unreliable.", color="danger"))
    return status


def _shown(view: ScenarioView, matrix) -> dict:
    """What the page shows for a scenario, as plain data (so it can be cached and shared by workers)."""
    outcome = scn.run(view, matrix)
    table, label, unit = outcome.table, outcome.baseline_label, outcome.unit_label
    return dict(headlines=scn.headlines(outcome), notes=list(outcome.notes), converged=outcome.converged,
                share=share_change_bar(table, label, unit), map=shift_map(table, label),
                welfare=welfare_localisation(table, label, unit), rank=rank_slope(table, label, unit),
                rows=table.round(4).to_dict("records"), ranks=scn.rank_signature(outcome))


# The URL and the networks link follow the scenario's address one frame after the charts are drawn,
# and only while its page is still open (assets/scenarios.js); the page records the view as its own.
clientside_callback(ClientsideFunction("scenarios", "address"), Output(Shell.URL, "search", allow_duplicate=True),
                    Output(ID.NETWORKS_LINK, "href"), Output(Shell.PAGE, "data-view", allow_duplicate=True),
                    Input(ID.ADDRESS, "data"), prevent_initial_call=True)


@callback(
    Output({"type": ID.ADOPT, "iso3": ALL}, "value"),
    Input({"type": ID.PRESET, "preset": ALL}, "n_clicks"), Input(ID.RESET, "n_clicks"), Input(ID.ALL_APPLY, "n_clicks"),
    Input({"type": ID.RESET_ONE, "iso3": ALL}, "n_clicks"),
    State({"type": ID.ADOPT, "iso3": ALL}, "id"), State(ID.ALL, "value"),
    prevent_initial_call=True,
)
def set_sliders(_presets, _reset, _apply, _reset_one, ids, everyone):
    """Presets, reset, "all economies" and the per-economy reset all move the sliders (and only them)."""
    trigger = ctx.triggered_id
    if not ctx.triggered or not any(t.get("value") is not None for t in ctx.triggered):
        return [no_update] * len(ids)
    base = scn.baseline_adoption()
    codes = [i["iso3"] for i in ids]
    if trigger == ID.RESET:
        return [base[c] for c in codes]
    if trigger == ID.ALL_APPLY:
        try:
            level = int(round(min(max(float(everyone), 0.0), 100.0)))
        except (TypeError, ValueError):
            return [no_update] * len(ids)
        return [level for _ in codes]
    if isinstance(trigger, Mapping) and trigger.get("type") == ID.PRESET:
        chosen = scn.presets().get(trigger.get("preset"), {}).get("adoption", {})
        return [chosen.get(c, base[c]) for c in codes]
    if isinstance(trigger, Mapping) and trigger.get("type") == ID.RESET_ONE:
        return [base[c] if c == trigger.get("iso3") else no_update for c in codes]
    return [no_update] * len(ids)


@callback(
    Output(ID.UPLOAD_STORE, "data"), Output(ID.UPLOAD_MESSAGES, "children"),
    Input(ID.UPLOAD, "contents"), Input(ID.UPLOAD_CLEAR, "n_clicks"), State(ID.UPLOAD, "filename"),
    prevent_initial_call=True,
)
def upload(contents, _clear, filename):
    """A valid file replaces the baseline; a bad one lists its problems and changes nothing else."""
    if ctx.triggered_id == ID.UPLOAD_CLEAR:
        return None, html.Span("Using the built-in country baseline.", className="text-muted")
    if not contents or not isinstance(contents, str):
        return no_update, no_update
    try:
        raw = base64.b64decode(contents.split(",", 1)[1], validate=False)
    except (IndexError, ValueError, binascii.Error):
        raw = b"\x00"
    matrix, problems = scn.parse_upload(raw)
    name = str(filename or "the file")[:80]
    if problems:
        return no_update, dbc.Alert([html.Strong(f"{name} was not used:"),
                                     html.Ul([html.Li(p) for p in problems], className="mb-0")],
                                    color="danger", className="py-1 mt-1")
    return scn.matrix_to_records(matrix), dbc.Alert(
        f"Using {name}: {len(matrix)} economies. The results below run on it.", color="success", className="py-1 mt-1")


@callback(
    Output(ID.DOWNLOAD, "data"), Input(ID.DOWNLOAD_BUTTON, "n_clicks"),
    State({"type": ID.ADOPT, "iso3": ALL}, "value"), State(ID.THETA, "value"), State(ID.GAIN, "value"),
    State(ID.EQUILIBRIUM, "value"), State(ID.LEVEL, "value"), State(ID.UPLOAD_STORE, "data"),
    State({"type": ID.ADOPT, "iso3": ALL}, "id"), State(ID.OPENED, "data"),
    prevent_initial_call=True,
)
def download(_clicks, values, theta, gain, equilibrium, level, uploaded, ids, opened) -> dict:
    """The results with every parameter of the scenario in the file."""
    view = _view(ids, values, opened, theta, gain, equilibrium, level)
    try:
        outcome = scn.run(view, scn.matrix_from_records(uploaded))
    except (ValueError, ArithmeticError) as error:  # the page already says the scenario failed
        log.warning("download of %r failed: %s", view, error)
        return no_update
    return dict(content=scn.results_csv(view, outcome), filename=scn.download_name(view), type="text/csv")


@callback(Output(ID.TEMPLATE_DOWNLOAD, "data"), Input(ID.TEMPLATE_BUTTON, "n_clicks"), prevent_initial_call=True)
def template(_clicks) -> dict:
    return dict(content=scn.template_csv(), filename="trade-baseline-template.csv", type="text/csv")


PAGE = Page(path="/scenarios", name="Scenarios", layout=layout,
            description="Move adoption of intelligent manufacturing; see who gains export share and real income.")
