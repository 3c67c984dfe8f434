"""Scenarios (/scenarios): move adoption of intelligent manufacturing and see who gains competitiveness.

Callbacks are thin: they turn control values into a `ScenarioView`, ask `dashboard.views.scenarios`
for the outcome, and hand it to `dashboard.figures.scenarios`; `answer` (the main callback's logic) and
`slider_values` are plain functions the tests call.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import cache, config
from dashboard.components import charts, grid, shell
from dashboard.components.attrs import aria, data
from dashboard.components.upload import decoded
from dashboard.figures.maps import GRAPH_CONFIG
from dashboard.figures.scenarios import rank_slope, share_change_bar, shift_map, welfare_localisation
from dashboard.figures.theme import for_mode
from dashboard.ids import Scenarios as ID, Shell
from dashboard.views import present as pv, scenarios as scn
from dashboard.views.scenarios import EQUILIBRIA, LEVELS, ScenarioView

log = logging.getLogger(__name__)

PATH = "/scenarios"
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
THREE_DECIMALS = {"valueFormatter": {"function": "d3.format('.3f')(params.value)"}}
#: The charts, by the key of their figure in `results`; the first draws with the page, the others
#: come in the answer to `update`'s opening call (components/charts.py placeholder).
CHARTS = {"share": ID.SHARE_CHART, "map": ID.MAP, "welfare": ID.WELFARE_CHART, "rank": ID.RANK_CHART}
LATER = ("map", "welfare", "rank")


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
                   title=f"{row.baseline} % of the frontier robot density: {basis}",
                   **data(baseline=f"baseline {row.baseline} %")),
        html.Button("↺", id={"type": ID.RESET_ONE, "iso3": code}, className="btn btn-link btn-sm p-0",
                    title=f"Reset {row.economy} to its baseline", **aria(label=f"Reset {row.economy}")),
        # ▲ marks the baseline, and wins over the end labels when the baseline is 0 or 100 (the frontier).
        dcc.Slider(id={"type": ID.ADOPT, "iso3": code}, min=0, max=100, step=1, value=value,
                   marks={0: "0", 100: "100", row.baseline: "▲"}, updatemode="mouseup",
                   tooltip={"placement": "bottom", "always_visible": False}, className="adopt-slider"),
    ], className="adopt-row", **data(iso3=code))


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


def adoption_controls(view: ScenarioView) -> html.Div:
    """The presets and the adoption sliders. They come in the answer to `update`'s opening call, after
    the page's first chart: their ~130 components cost the first chart ~0.2 s when they came with the
    page. They come together, so a preset can never be clicked before the sliders it sets are there;
    until then the callbacks read the adoption from the ID.DRAWN record."""
    frontier = scn.frontier()
    return html.Div([
        dbc.Card(dbc.CardBody([
            html.H2("Presets", className="h6"),
            *_preset_buttons(),
            dbc.Button("Reset to baseline", id=ID.RESET, color="link", size="sm", className="px-0"),
        ]), className="mb-2"),
        dbc.Card(dbc.CardBody([
            html.H2("Adoption of intelligent manufacturing", className="h6"),
            html.P(f"Percent of the frontier robot density ({frontier.economy}, {frontier.robot_density:,.0f} robots "
                   "per 10,000 manufacturing employees). ▲ marks each economy's baseline.",
                   className="small text-muted mb-1"),
            dbc.InputGroup([
                html.Label("All economies", htmlFor=ID.ALL, className="input-group-text"),
                dbc.Input(id=ID.ALL, type="number", min=0, max=100, step=1, value=50),
                dbc.InputGroupText("%"),
                dbc.Button("Set all", id=ID.ALL_APPLY, color="secondary", outline=True),
            ], size="sm", className="mb-2"),
            _sliders(view),
        ]), className="mb-2"),
    ])


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


def _model_card(view: ScenarioView) -> dbc.Card:
    theta_low, theta_high = scn.THETA_RANGE
    gain_marks = {0: "0", scn.GAIN_DEFAULT: f"{scn.GAIN_DEFAULT:g}", 10: "10", 20: "20", 30: "30"}
    return dbc.Card(dbc.CardBody([
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
                   updatemode="mouseup", marks=gain_marks),
        html.Small([f"Default {scn.GAIN_DEFAULT:g} %: Graetz & Michaels (2018, ", html.I("Robots at Work"),
                    ") find robots added 0.36 pp a year to labour productivity growth, 1993–2007, "
                    "compounded over 14 years. See ", html.A("Methods", href="/methods"), "."],
                   className="text-muted d-block"),
    ]), className="mb-2")


def _upload_card() -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2("Bring your own baseline", className="h6"),
        html.P([f"A CSV with columns exporter, importer, value (any one currency unit; domestic sales where "
                f"exporter = importer). Up to {scn.MAX_UPLOAD_BYTES // 1_000_000} MB, "
                f"{scn.MAX_UPLOAD_ROWS:,} rows, {scn.MAX_UPLOAD_ECONOMIES} economies. ",
                html.Button("Download a template", id=ID.TEMPLATE_BUTTON,
                            className="btn btn-link btn-sm p-0 align-baseline"),
                " (our baseline)."], className="small mb-1"),
        dcc.Upload(id=ID.UPLOAD, children=html.Div(["Drop a CSV here or ", html.A("choose a file", href="#")]),
                   className="upload-zone small", multiple=False,
                   # The browser refuses files over 5× the limit outright; between the limit and that,
                   # the server answers with a clear message (parse_upload).
                   max_size=5 * scn.MAX_UPLOAD_BYTES),
        html.Div(id=ID.UPLOAD_MESSAGES, role="status", className="small mt-1"),
        dbc.Button("Back to the built-in baseline", id=ID.UPLOAD_CLEAR, color="link", size="sm", className="px-0"),
        dcc.Store(id=ID.UPLOAD_STORE, storage_type="memory"),
        dcc.Download(id=ID.TEMPLATE_DOWNLOAD),
    ]))


def layout(**query: str) -> html.Div:
    """The page with the results of the scenario its address names already in it: the first chart draws
    with the page; the other charts and the sliders come in the answer to `update`'s opening call."""
    view, notices = scn.from_query(query)
    results, failure = _solved(view, None)

    def figure(key: str) -> dict | None:
        return results[key] if results else None

    controls = [_model_card(view), html.Div(id=ID.ADOPTION_CONTROLS), _upload_card()]
    outputs = [
        html.Div(dcc.Link("See this scenario between city clusters on the networks page →", id=ID.NETWORKS_LINK,
                          href=NETWORKS_PATH + scn.to_query(view), className="small"), className="mb-2"),
        # Dimmed while an update is on its way, after 150 ms (assets/style.css): a dcc.Loading here re-rendered
        # the charts' whole subtree twice on every slider move.
        html.Div([
            html.Div(_headlines(results), id=ID.HEADLINES, className="alert alert-light border mb-2", role="status",
                     **aria(live="polite")),
            html.Div(_status(results) if results else failure, id=ID.STATUS),
            dbc.Row([
                dbc.Col(charts.chart(ID.SHARE_CHART, figure("share"), GRAPH_CONFIG), xl=12),
                dbc.Col(charts.chart(ID.MAP, figure("map"), GRAPH_CONFIG, later=True), xl=7),
                dbc.Col(charts.chart(ID.RANK_CHART, figure("rank"), GRAPH_CONFIG, later=True), xl=5),
                dbc.Col(charts.chart(ID.WELFARE_CHART, figure("welfare"), GRAPH_CONFIG, later=True), xl=12),
            ], className="g-2"),
        ], className="scenario-results"),
        html.Div([
            html.H2("Results", className="h6 me-3 mb-0"),
            dbc.Button("Download CSV", id=ID.DOWNLOAD_BUTTON, color="primary", size="sm"),
            dcc.Download(id=ID.DOWNLOAD),
        ], className="d-flex align-items-center my-2"),
        grid.lazy_grid(dag.AgGrid(
            id=ID.TABLE,
            columnDefs=[{"field": f, "headerName": h, **(THREE_DECIMALS if f.endswith(("_pct", "_pp")) else {})}
                        for f, h in TABLE_COLUMNS],
            defaultColDef={"sortable": True, "resizable": True, "filter": True},
            rowData=results["rows"] if results else [],
            dashGridOptions=grid.KEYBOARD, getRowId="params.data.code", style={"height": "420px"},
            className="ag-theme-quartz",
        ), height="420px"),
    ]
    return html.Div([
        html.H1("Scenarios: who gains from intelligent manufacturing?", className="h2"),
        html.P(["Move adoption of intelligent manufacturing for any economy and see how world export shares, real "
                "incomes and localisation shift. The numbers come from an Eaton–Kortum trade model solved in changes "
                "on a baseline whose totals are sourced and whose bilateral cells are mostly modeled; they are "
                "scenarios, not forecasts. ", html.A("How it works", href="/methods"), "."]),
        html.Div([dbc.Alert(n, color="warning", className="py-1 mb-1") for n in notices], id=ID.NOTICE, role="status"),
        dcc.Store(id=ID.DRAWN, data=drawn_record(view, results)),
        dbc.Row([dbc.Col(controls, lg=4, className="scenario-controls atlas-controls"), dbc.Col(outputs, lg=8)],
                className="g-3"),
    ])


def drawn_record(view: ScenarioView, results: Mapping | None, ranks: str | None = None) -> dict:
    """What the page shows (the ID.DRAWN store): the scenario's query, every economy's adoption (what the
    callbacks read until the sliders are in the page) and what the rank chart shows (`ranks`, when the
    results failed: the chart keeps the last ranks drawn)."""
    chosen = view.adoption_of(scn.baseline_adoption())
    return {"search": scn.to_query(view), "adoption": [[code, chosen[code]] for code in scn.baseline_table()["iso3"]],
            "ranks": results["ranks"] if results else ranks}


def _view(ids, values, drawn, theta, gain, equilibrium, level) -> ScenarioView:
    """The scenario of the controls. Until the sliders are in the page (no ids), their values are the
    ones the page shows (`drawn`, the ID.DRAWN record), not the baseline."""
    if not ids and isinstance(drawn, Mapping) and isinstance(drawn.get("adoption"), list):
        pairs = [p for p in drawn["adoption"] if isinstance(p, list) and len(p) == 2]
        ids, values = [{"iso3": code} for code, _ in pairs], [value for _, value in pairs]
    return scn.from_controls(ids, values, theta, gain, equilibrium, level)


CONTROLS = (
    Input({"type": ID.ADOPT, "iso3": ALL}, "value"), Input(ID.THETA, "value"), Input(ID.GAIN, "value"),
    Input(ID.EQUILIBRIUM, "value"), Input(ID.LEVEL, "value"),
)
#: What `update` sends, by name (`answer` gives a value for each name): a chart's figure, its name and summary.
OUTPUTS = {
    "headlines": Output(ID.HEADLINES, "children"), "status": Output(ID.STATUS, "children"),
    **{f"{key}{part}": output for key, graph in CHARTS.items()
       for part, output in zip(("", ":name", ":summary"), (Output(graph, "figure"), *charts.text_outputs(graph)))},
    "rows": grid.rows_output(ID.TABLE), "drawn": Output(ID.DRAWN, "data"),
    "networks link": Output(ID.NETWORKS_LINK, "href"), "adoption controls": Output(ID.ADOPTION_CONTROLS, "children"),
}


# Called as the page is put in (Dash's name for that with outputs shared with other pages: initial_duplicate),
# and answered "nothing to update" then: a newer call, it makes Dash drop an answer on its way to the page
# drawn before (Back, Forward).
@callback(*OUTPUTS.values(), *CONTROLS, Input(ID.UPLOAD_STORE, "data"), charts.painted(PATH),
          State({"type": ID.ADOPT, "iso3": ALL}, "id"), State(ID.DRAWN, "data"), State(Shell.MODE, "data"),
          prevent_initial_call="initial_duplicate")
def update(values, theta, gain, equilibrium, level, uploaded, _painted, ids, drawn, mode) -> list:
    """Everything a control change shows, in one answer: results, charts, the record of the scenario
    drawn (which the address follows: `keep_address`) and the link that opens it on the networks page.
    Once the page's first chart is on screen (charts.painted), the charts and controls it arrived without."""
    view = _view(ids, values, drawn, theta, gain, equilibrium, level)
    new_baseline = any(t["prop_id"].startswith(f"{ID.UPLOAD_STORE}.") for t in ctx.triggered)
    opening = charts.is_painted(ctx.triggered_id)
    sent = answer(view, drawn, mode, uploaded, opening=opening, new_baseline=new_baseline)
    return [sent.get(name, no_update) for name in OUTPUTS]


def answer(view: ScenarioView, drawn: object, mode: object, uploaded: object = None, opening: bool = False,
           new_baseline: bool = False) -> dict[str, object]:
    """What `update` sends, by name of OUTPUTS (the others are left as they are). The opening call sends
    the LATER charts and the adoption controls of the scenario on screen. Otherwise PreventUpdate when
    nothing the page shows would change (Dash calls `update` when the sliders are put in, and for a
    preset already shown); a scenario that does not solve keeps the charts of the last one that did."""
    on_screen = drawn if isinstance(drawn, Mapping) else {}
    if opening:
        results, _ = _solved(view, None)
        if results is None:
            raise PreventUpdate
        later = {name: value for key in LATER for name, value in _chart(key, results, mode).items()}
        return later | {"adoption controls": adoption_controls(view)}
    query = scn.to_query(view)
    if query == on_screen.get("search") and not new_baseline:
        raise PreventUpdate
    results, failure = _solved(view, scn.matrix_from_records(uploaded))
    sent: dict[str, object] = {"networks link": pv.link_in_mode(NETWORKS_PATH + query, mode),
                               "drawn": drawn_record(view, results, on_screen.get("ranks"))}
    if results is None:  # the charts keep the last scenario that solved, and the rank chart its ranks
        return sent | {"headlines": [], "status": failure}
    sent |= {"headlines": _headlines(results), "status": _status(results), "rows": results["rows"]}
    # Most moves change no rank: then the slope chart is not sent or redrawn (a redraw costs ~40 ms).
    for key in CHARTS:
        if key != "rank" or results["ranks"] != on_screen.get("ranks"):
            sent |= _chart(key, results, mode)
    return sent


@callback(*shell.address_outputs(PATH), Input(ID.DRAWN, "data"), State(Shell.MODE, "data"), prevent_initial_call=True)
def keep_address(drawn: object, mode: object) -> tuple[str, dict]:
    """The address follows the scenario the page has drawn (ID.DRAWN, written with the charts), so a
    presenter's link reopens exactly it. Written by this second answer, after the charts' redraw: in
    the same answer, the address's write (history, Dash Pages' router) came before the redraw."""
    search = drawn.get("search") if isinstance(drawn, Mapping) else None
    if not isinstance(search, str):
        raise PreventUpdate
    return shell.address(PATH, search, mode)


def _chart(key: str, results: Mapping, mode: object) -> dict[str, object]:
    """A chart's figure (as the page's mode draws it), name and summary, by name of OUTPUTS."""
    figure = for_mode(results[key], mode)
    name, summary = charts.text_of(figure)
    return {key: figure, f"{key}:name": name, f"{key}:summary": summary}


def _solved(view: ScenarioView, matrix) -> tuple[dict | None, dbc.Alert | None]:
    """(what the page shows, None), or (None, a message saying why the model could not solve it)."""
    try:
        if matrix is None:  # the built-in baselines: answered from the cache, keyed by the scenario's URL
            return cache.remembered(f"scenario:{view.level}:{scn.to_query(view)}", lambda: _results(view, None)), None
        return _results(view, matrix), None
    except (ValueError, ArithmeticError) as error:
        log.warning("scenario %r failed: %s", view, error)
        return None, dbc.Alert(f"The model could not solve this scenario: {error}", color="danger")


def _headlines(results: Mapping | None) -> list:
    return [html.P(s, className="mb-1") for s in results["headlines"]] if results else []


def _status(results: Mapping) -> list:
    status = [dbc.Alert(n, color="info", className="py-1 mb-1 small") for n in results["notes"]]
    if not results["converged"]:
        status.append(dbc.Alert("The solver did not converge: treat these numbers as unreliable.", color="danger"))
    return status


def _results(view: ScenarioView, matrix) -> dict:
    """What the page shows for a scenario, as plain data (so it can be cached and shared by workers)."""
    outcome = scn.run(view, matrix)
    table, label, unit = outcome.table, outcome.baseline_label, outcome.unit_label
    return dict(headlines=scn.headlines(outcome), notes=list(outcome.notes), converged=outcome.converged,
                share=share_change_bar(table, label, unit), map=shift_map(table, label),
                welfare=welfare_localisation(table, label, unit), rank=rank_slope(table, label, unit),
                rows=table.round(4).to_dict("records"), ranks=scn.rank_signature(outcome))


@callback(
    Output({"type": ID.ADOPT, "iso3": ALL}, "value"),
    Input({"type": ID.PRESET, "preset": ALL}, "n_clicks"), Input(ID.RESET, "n_clicks"), Input(ID.ALL_APPLY, "n_clicks"),
    Input({"type": ID.RESET_ONE, "iso3": ALL}, "n_clicks"),
    State({"type": ID.ADOPT, "iso3": ALL}, "id"), State(ID.ALL, "value"),
    prevent_initial_call=True,
)
def set_sliders(_presets, _reset, _apply, _reset_one, ids, everyone) -> list:
    """Presets, reset, "all economies" and the per-economy reset all move the sliders (and only them)."""
    clicked = any(t.get("value") is not None for t in ctx.triggered)
    codes = [i.get("iso3") if isinstance(i, dict) else None for i in ids] if isinstance(ids, list) else []
    return slider_values(ctx.triggered_id if clicked else None, codes, everyone)


def slider_values(trigger: object, codes: list, everyone: object) -> list:
    """Each slider's new value (no_update: it stays) when `trigger` (a button's id) was pressed; codes:
    the sliders' economies in page order (one that is not modeled stays); everyone: the "all economies" box."""
    base = scn.baseline_adoption()
    chosen: dict = {}
    if trigger == ID.RESET:
        chosen = base
    elif trigger == ID.ALL_APPLY and (level := scn.clamped_adoption(everyone)) is not None:
        chosen = dict.fromkeys(base, level)
    elif isinstance(trigger, Mapping) and trigger.get("type") == ID.PRESET and trigger.get("preset") in scn.presets():
        chosen = scn.preset_view(str(trigger["preset"]), ScenarioView()).adoption_of(base)
    elif isinstance(trigger, Mapping) and trigger.get("type") == ID.RESET_ONE and trigger.get("iso3") in base:
        chosen = {trigger["iso3"]: base[trigger["iso3"]]}
    return [chosen.get(c, no_update) if isinstance(c, str) else no_update for c in codes]


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
    matrix, problems = scn.parse_upload(decoded(contents))
    name = str(filename or "the file")[:80]
    if problems or matrix is None:
        return no_update, dbc.Alert([html.Strong(f"{name} was not used:"),
                                     html.Ul([html.Li(p) for p in problems], className="mb-0")],
                                    color="danger", className="py-1 mt-1")
    return scn.matrix_to_records(matrix), dbc.Alert(
        f"Using {name}: {len(matrix)} economies. The results below run on it.", color="success", className="py-1 mt-1")


@callback(
    Output(ID.DOWNLOAD, "data"), Input(ID.DOWNLOAD_BUTTON, "n_clicks"),
    *(State(c.component_id, c.component_property) for c in CONTROLS), State(ID.UPLOAD_STORE, "data"),
    State({"type": ID.ADOPT, "iso3": ALL}, "id"), State(ID.DRAWN, "data"),
    prevent_initial_call=True,
)
def download(_clicks, values, theta, gain, equilibrium, level, uploaded, ids, drawn) -> Any:
    """The results with every parameter of the scenario in the file."""
    view = _view(ids, values, drawn, theta, gain, equilibrium, level)
    try:
        outcome = scn.run(view, scn.matrix_from_records(uploaded))
    except (ValueError, ArithmeticError) as error:  # the page already says the scenario failed
        log.warning("download of %r failed: %s", view, error)
        return no_update
    return dict(content=scn.results_csv(view, outcome), filename=scn.download_name(view), type="text/csv")


@callback(Output(ID.TEMPLATE_DOWNLOAD, "data"), Input(ID.TEMPLATE_BUTTON, "n_clicks"), prevent_initial_call=True)
def template(_clicks) -> dict:
    return dict(content=scn.template_csv(), filename="trade-baseline-template.csv", type="text/csv")


dash.register_page(__name__, path=PATH, name="Scenarios", order=3, title=f"Scenarios · {config.APP_TITLE}",
                   description="Move adoption of intelligent manufacturing; see who gains export share and real "
                               "income.",
                   layout=shell.page_layout(PATH, layout))
