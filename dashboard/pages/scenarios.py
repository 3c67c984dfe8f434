"""Scenarios (/scenarios): set target robot densities (or close trade deficits) and see who gains export
share, real income, real spending and manufacturing jobs, between economies or between city clusters.

Callbacks are thin: they turn control values into a `Scenario` (dashboard.views.scenario_state), ask
`scenario_model.run` for the outcome, `scenario_text` for the words and `dashboard.figures.scenarios`
for the charts; `answer` (the main callback's logic) and `slider_values` are plain functions the tests call.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import cache, config
from dashboard.components import charts, grid, ranges, shell
from dashboard.components.attrs import aria, data
from dashboard.components.upload import decoded, limited
from dashboard.figures.maps import GRAPH_CONFIG
from dashboard.figures.scenarios import income_and_exports, rank_signature, rank_slope, share_change_bar, shift_map
from dashboard.figures.theme import for_mode
from dashboard.ids import Scenarios as ID, Shell
from dashboard.views import present as pv, scenario_files as files, scenario_model as model, scenario_text as text
from dashboard.views.query import parse_query
from dashboard.views.scenario_state import (
    BASELINE,
    CLOSURES,
    DENSITY_RANGE,
    ELASTICITIES,
    ELASTICITY_LABELS,
    ETA_RANGE,
    LEVELS,
    RULES,
    THETA_RANGE,
    DensityBaseline,
    Scenario,
    city_clusters,
    density_baselines,
    from_controls,
    from_query,
    frontier,
    number,
    preset_of,
    preset_view,
    presets,
    to_query,
)

log = logging.getLogger(__name__)

PATH = "/scenarios"
NETWORKS_PATH = "/networks"
#: The results table: the changes first, so they are in view at 1,400 px (issue 26.6); levels after.
TABLE_COLUMNS = [
    ("name", "Name"), ("goods_export_share_change_pp", "Goods export share, change (pp)"),
    ("real_income_change_pct", "Real income = real GDP (%)"), ("real_spending_change_pct", "Real spending (%)"),
    ("manufacturing_jobs_change", "Manufacturing jobs (workers)"),
    ("manufacturing_share_of_employment_change_pp", "Manufacturing share of employment (pp)"),
    ("domestic_share_of_goods_spending_change_pp", "Domestic share of goods spending (pp)"),
    ("goods_trade_balance_before_usd_bn", "Goods trade balance before (USD bn)"),
    ("goods_trade_balance_after_usd_bn", "Goods trade balance after (USD bn)"),
    ("international_goods_exports_before_usd_bn", "International goods exports before (USD bn)"),
    ("international_goods_exports_after_usd_bn", "International goods exports after (USD bn)"),
    ("goods_sales_to_own_country_clusters_before_usd_bn", "Sales to own country's clusters before (USD bn)"),
    ("goods_sales_to_own_country_clusters_after_usd_bn", "Sales to own country's clusters after (USD bn)"),
    ("goods_sales_to_rest_of_own_country_before_usd_bn", "Sales to rest of own country before (USD bn)"),
    ("goods_sales_to_rest_of_own_country_after_usd_bn", "Sales to rest of own country after (USD bn)"),
    ("goods_export_share_before_pct", "Goods export share before (%)"),
    ("goods_export_share_after_pct", "Goods export share after (%)"),
    ("goods_export_rank_before", "Rank before"), ("goods_export_rank_after", "Rank after"),
    ("robot_density_baseline", "Robot density, baseline"), ("robot_density_basis", "Baseline from"),
    ("robot_density_target", "Robot density, target"), ("region", "Region"),
]
#: Column headers of the effects apart (a scenario that both closes deficits and moves robot densities).
EFFECT_COLUMNS = [
    ("goods_export_share_closure_effect_pp", "Export share: deficit rule (pp)"),
    ("goods_export_share_adoption_effect_pp", "Export share: robots (pp)"),
    ("real_income_closure_effect_pct", "Real income: deficit rule (%)"),
    ("real_income_adoption_effect_pct", "Real income: robots (%)"),
    ("real_spending_closure_effect_pct", "Real spending: deficit rule (%)"),
    ("real_spending_adoption_effect_pct", "Real spending: robots (%)"),
    ("manufacturing_jobs_adoption_effect", "Manufacturing jobs: robots (workers)"),
]
DECIMALS = {"valueFormatter": {"function": "params.value == null ? '' : d3.format(',.3f')(params.value)"}}
WHOLE = {"valueFormatter": {"function": "params.value == null ? '' : d3.format(',.0f')(params.value)"}}
#: The charts, by the key of their figure in `results`; the first draws with the page, the others
#: come in the answer to `update`'s opening call (components/charts.py placeholder).
CHARTS = {"share": ID.SHARE_CHART, "map": ID.MAP, "welfare": ID.WELFARE_CHART, "rank": ID.RANK_CHART}
LATER = ("map", "welfare", "rank")
SLIDER_STEP = 0.1  # robots per 10,000 employees: fine enough for every density in the data (one decimal)


# ---- controls -----------------------------------------------------------------------------------------

def _baseline_words(b: DensityBaseline) -> str:
    return f"baseline {number(b.density)} ({b.basis})" if b.density is not None else "no baseline in the data"


def _target_slider(b: DensityBaseline, target: float | None, entered: float | None) -> html.Div:
    """One economy: its name with its baseline and where it comes from, a reset button, the target slider
    (with its number box). An economy with no baseline in the data gets a box to enter one; its slider
    stays off until there is one."""
    code = b.iso3
    start = b.density if b.density is not None else entered
    marks = {DENSITY_RANGE[0]: "1", DENSITY_RANGE[1]: "1,500"} | ({start: "▲"} if start else {})
    parts: list = [
        html.Label(b.economy, htmlFor=f"adopt-{code}", className="small fw-semibold mb-0",
                   title=f"Robot density {_baseline_words(b)}: {RULES[b.rule]}",
                   **data(baseline=_baseline_words(b))),
        html.Button("↺", id={"type": ID.RESET_ONE, "iso3": code}, className="btn btn-link btn-sm p-0",
                    title=f"Reset {b.economy} to its baseline", **aria(label=f"Reset {b.economy}")),
        dcc.Slider(id={"type": ID.ADOPT, "iso3": code}, min=DENSITY_RANGE[0], max=DENSITY_RANGE[1], step=SLIDER_STEP,
                   value=target if target is not None else start, marks=marks, updatemode="mouseup",
                   disabled=start is None, allow_direct_input=True,
                   tooltip={"placement": "bottom", "always_visible": False}, className="adopt-slider"),
    ]
    if b.density is None:
        parts.append(dbc.InputGroup([
            dbc.InputGroupText("Baseline"),
            dbc.Input(id={"type": ID.BASE, "iso3": code}, type="number", min=DENSITY_RANGE[0], max=DENSITY_RANGE[1],
                      value=entered, placeholder="robots per 10,000 employees", debounce=True),
        ], size="sm", className="adopt-base"))
    return html.Div(parts, className="adopt-row", **data(iso3=code))


def _sliders(view: Scenario) -> dbc.Accordion:
    targets, entered = view.target_densities(), dict(view.baselines)
    items = []
    for region in config.REGIONS:
        part = [b for b in density_baselines().values() if b.region == region]
        if part:
            items.append(dbc.AccordionItem([_target_slider(b, targets.get(b.iso3), entered.get(b.iso3)) for b in part],
                                           title=f"{region} ({len(part)})", item_id=region))
    return dbc.Accordion(items, always_open=True, active_item=[i.item_id for i in items], flush=True)


def adoption_controls(view: Scenario) -> html.Div:
    """The presets and the target sliders. They come in the answer to `update`'s opening call, after the
    page's first chart (their ~150 components cost the first chart ~0.2 s when they came with the page).
    Until then the callbacks read the targets from the ID.DRAWN record."""
    top = frontier()
    return html.Div([
        dbc.Card(dbc.CardBody([
            html.H2("Presets", className="h6"), *_preset_buttons(),
            dbc.Button("Reset to baseline", id=ID.RESET, color="link", size="sm", className="px-0"),
        ]), className="mb-2"),
        dbc.Card(dbc.CardBody([
            html.H2("Target robot density", className="h6"),
            html.P(f"Robots per 10,000 manufacturing employees. ▲ marks each economy's baseline; the frontier is "
                   f"{top.economy}'s {number(top.density or 0)} ({top.basis}).", className="small text-muted mb-1"),
            dbc.InputGroup([
                html.Label("Every economy", htmlFor=ID.ALL, className="input-group-text"),
                dbc.Input(id=ID.ALL, type="number", min=DENSITY_RANGE[0], max=DENSITY_RANGE[1], value=top.density),
                dbc.Button("Set all", id=ID.ALL_APPLY, color="secondary", outline=True),
            ], size="sm", className="mb-2"),
            _sliders(view),
        ]), className="mb-2"),
    ])


def _preset_buttons() -> list:
    buttons, notes = [], []
    for preset_id, preset in presets().items():
        label = "A published target." if preset.published else "An illustration, not a published target."
        buttons.append(dbc.Button(preset.name, id={"type": ID.PRESET, "preset": preset_id}, color="secondary",
                                  outline=True, size="sm", className="me-1 mb-1 text-start",
                                  title=f"{label} {preset.description}"))
        links = [html.A(publisher, href=url, target="_blank", rel="noopener") for publisher, url in preset.sources]
        cited = ["Source: ", *[x for link in links for x in (link, "; ")][:-1], "."] if links else []
        years = ", ".join(sorted({str(y) for y in preset.baseline_years.values()}))
        year = f" Baseline data year {years}" + (f"; target year {preset.target_year}." if preset.target_year else ".")
        notes.append(html.Li([html.Strong(preset.name + ": "), preset.description, year, " ", *cited]))
    return [html.Div(buttons), html.Details([html.Summary("What the presets assume", className="small"),
                                             html.Ul(notes, className="small")])]


def _model_card(view: Scenario) -> dbc.Card:
    clusters = sorted(city_clusters().items(), key=lambda item: item[1][0])
    city, city_target = (view.city_targets[0] if view.city_targets else (None, None))
    return dbc.Card(dbc.CardBody([
        html.H2("Model", className="h6"),
        html.Label("Level", htmlFor=ID.LEVEL, className="form-label small mb-0"),
        dbc.RadioItems(id=ID.LEVEL, options=[{"label": v, "value": k} for k, v in LEVELS.items()],
                       value=view.level, inline=True, className="small mb-2"),
        html.Label("A city cluster adopts on its own (city-cluster level)", htmlFor=ID.CITY,
                   className="form-label small mb-0"),
        dcc.Dropdown(id=ID.CITY, options=[{"label": f"{name} ({iso3})", "value": node}
                                          for node, (name, iso3) in clusters],
                     value=city, placeholder="No city cluster", className="small mb-1"),
        dbc.InputGroup([dbc.InputGroupText("Its target"),
                        dbc.Input(id=ID.CITY_TARGET, type="number", min=DENSITY_RANGE[0], max=DENSITY_RANGE[1],
                                  value=city_target, debounce=True, placeholder="robot density")],
                       size="sm", className="mb-2"),
        html.Label("Trade deficits", htmlFor=ID.CLOSURE, className="form-label small mb-0"),
        dbc.RadioItems(id=ID.CLOSURE, options=[{"label": v, "value": k} for k, v in CLOSURES.items()],
                       value=view.closure, className="small mb-2"),
        html.Label("Trade elasticity θ (goods and services)", htmlFor=ID.THETA, className="form-label small mb-0"),
        dcc.Slider(id=ID.THETA, min=THETA_RANGE[0], max=THETA_RANGE[1], step=0.5, value=view.theta,
                   updatemode="mouseup", marks={v: str(v) for v in range(2, 11, 2)}),
        html.Label("Goods–services substitution η", htmlFor=ID.ETA, className="form-label small mb-0"),
        dcc.Slider(id=ID.ETA, min=ETA_RANGE[0], max=ETA_RANGE[1], step=0.05, value=view.eta, updatemode="mouseup",
                   marks={0.5: "0.5", 1: "1", 2: "2", 3: "3"}),
        html.Small(text.ETA_NOTE, className="text-muted d-block mb-2"),
        html.Label("Productivity effect of robots ε", htmlFor=ID.ELASTICITY, className="form-label small mb-0"),
        dbc.RadioItems(id=ID.ELASTICITY, options=[
            {"label": f"{ELASTICITY_LABELS[k]}: {ELASTICITIES[k].value:.3f}", "value": k} for k in ELASTICITIES],
            value=view.elasticity, className="small mb-1"),
        html.Small(["The model assumes robots raise manufacturing productivity: Â = (target / baseline)^(ε · m · β) "
                    "in the goods sector. See ", html.A("Methods", href="/methods"), "."],
                   className="text-muted d-block"),
    ]), className="mb-2")


def _upload_card() -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2("Bring your own baseline", className="h6"),
        html.P([f"A CSV with columns exporter, importer, value (one sector, any one currency unit; domestic sales "
                f"where exporter = importer). Up to {files.MAX_UPLOAD_BYTES // 1_000_000} MB, "
                f"{files.MAX_UPLOAD_ROWS:,} rows, {files.MAX_UPLOAD_ECONOMIES} economies. ",
                html.Button("Download a template", id=ID.TEMPLATE_BUTTON,
                            className="btn btn-link btn-sm p-0 align-baseline"),
                " (our baseline, goods and services summed)."], className="small mb-1"),
        # The browser refuses a file over the limit and says so (components/upload.py); parse_upload checks
        # the size again for a client that skips the browser.
        limited(dcc.Upload(id=ID.UPLOAD, children=html.Div(["Drop a CSV here or ", html.A("choose a file", href="#")]),
                           className="upload-zone small", multiple=False),
                files.MAX_UPLOAD_BYTES, ID.UPLOAD_MESSAGES, "a trade-flows file", class_name="d-block"),
        html.Div(id=ID.UPLOAD_MESSAGES, role="status", className="small mt-1"),
        html.Div(id=ID.UPLOAD_CONTROLS),
        dbc.Button("Back to the built-in baseline", id=ID.UPLOAD_CLEAR, color="link", size="sm", className="px-0"),
        dcc.Store(id=ID.UPLOAD_STORE, storage_type="memory"),
        dcc.Download(id=ID.TEMPLATE_DOWNLOAD),
    ]))


def data_year_text() -> str:
    """The robot-density data year and how many economies' baselines came from each case of the rule."""
    counts: dict[int, list[str]] = {}
    for b in density_baselines().values():
        counts.setdefault(b.rule, []).append(b.economy)
    parts = [f"{RULES[rule]}: {len(found)}" + (f" ({', '.join(found)})" if rule in (2, 4) else "")
             for rule, found in sorted(counts.items())]
    return ("Robot densities are for 2019, the trade baseline's year. Each economy's baseline is, in order: "
            + "; ".join(parts) + ". No baseline is assumed: where the data have none, enter one. Each economy's "
            "rule is beside its slider and in the results table (column 'Baseline from').")


def _columns(split: bool) -> list[dict]:
    # The scenario's changes first, then (when a deficit rule and robots are solved apart) their effects.
    chosen = TABLE_COLUMNS[:5] + (EFFECT_COLUMNS if split else []) + TABLE_COLUMNS[5:]
    return [{"field": f, "headerName": h, "pinned": "left" if f == "name" else None,
             **(DECIMALS if f.endswith(("_pct", "_pp", "_bn")) else WHOLE if f.endswith(("_change", "effect"))
                else {})} for f, h in chosen]


def layout(**query: str) -> html.Div:
    """The page with the results of the scenario its address names already in it (an address naming none
    opens on the default preset): the first chart draws with the page; the other charts and the sliders
    come in the answer to `update`'s opening call. On a phone the results come first, the controls after."""
    view, notices = from_query(query)
    results, failure = _solved(view, None)

    def figure(key: str) -> dict | None:
        return results[key] if results else None

    controls = html.Details([
        html.Summary("Scenario controls", className="h6"),
        _model_card(view), html.Div(id=ID.ADOPTION_CONTROLS), _upload_card(),
    ], id=ID.CONTROLS, open=True)
    outputs = [
        html.Div([
            html.Div(_headlines(results), id=ID.HEADLINES, className="alert alert-light border mb-2", role="status",
                     **aria(live="polite")),
            dbc.Row([
                dbc.Col(charts.chart(ID.SHARE_CHART, figure("share"), GRAPH_CONFIG), xl=12),
                # How sure the headlines are, written by the ranges job: below the first chart, so its arrival
                # never pushes that chart off a laptop's first screen.
                dbc.Col(ranges.headline_box(), xl=12),
                # Below the first chart, so that chart starts on a laptop's first screen (issue 26.10).
                dbc.Col(html.Div(_status(results) if results else failure, id=ID.STATUS), xl=12),
                dbc.Col(charts.chart(ID.MAP, figure("map"), GRAPH_CONFIG, later=True), xl=7),
                dbc.Col(charts.chart(ID.RANK_CHART, figure("rank"), GRAPH_CONFIG, later=True), xl=5),
                dbc.Col(charts.chart(ID.WELFARE_CHART, figure("welfare"), GRAPH_CONFIG, later=True), xl=12),
            ], className="g-2"),
        ], className="scenario-results"),
        html.Div([
            html.H2("Results", className="h6 me-3 mb-0"),
            dbc.Button("Download CSV", id=ID.DOWNLOAD_BUTTON, color="primary", size="sm"),
            dcc.Download(id=ID.DOWNLOAD),
            dcc.Link("See this scenario between city clusters on the networks page →", id=ID.NETWORKS_LINK,
                     href=NETWORKS_PATH + model.networks_query(view), className="small ms-3"),
        ], className="d-flex align-items-center flex-wrap my-2"),
        grid.lazy_grid(dag.AgGrid(
            id=ID.TABLE, columnDefs=_columns(results["split"] if results else False),
            defaultColDef={"sortable": True, "resizable": True, "filter": True, "width": 150, "wrapHeaderText": True,
                           "autoHeaderHeight": True},
            rowData=results["rows"] if results else [],
            dashGridOptions=grid.KEYBOARD, getRowId="params.data.code", style={"height": "420px"},
            className="ag-theme-quartz",
        ), height="420px"),
        html.P(data_year_text(), id=ID.DATA_YEAR, className="small text-muted mt-2"),
        ranges.ranges_panel(),
    ]
    return html.Div([
        html.H1("Scenarios: who gains from intelligent manufacturing?", className="h3"),
        html.P(["Set a target robot density for any economy, or a city cluster, and see the change in world goods "
                "export shares, real income, real spending and manufacturing jobs: a two-sector (goods, services) "
                "trade model on the sourced 2019 baseline. Scenarios, not forecasts. ",
                html.A("How it works", href="/methods"), "."], className="small mb-2"),
        html.Div([dbc.Alert(n, color="warning", className="py-1 mb-1") for n in notices], id=ID.NOTICE, role="status"),
        *([shell.corrected_address(PATH, to_query(view), query)] if notices else []),
        dcc.Store(id=ID.DRAWN, data=drawn_record(view, results)),
        dbc.Row([dbc.Col(outputs, lg=8, className="order-1 order-lg-2"),
                 dbc.Col(controls, lg=4, className="scenario-controls atlas-controls order-2 order-lg-1")],
                className="g-3"),
    ])


# ---- state of the page --------------------------------------------------------------------------------

def drawn_record(view: Scenario, results: Mapping | None, ranks: str | None = None) -> dict:
    """What the page shows (the ID.DRAWN store): the scenario's query (what the callbacks read until the
    sliders are in the page) and what the rank chart shows (`ranks`, when the results failed: the chart
    keeps the last ranks drawn)."""
    return {"search": to_query(view), "ranks": results["ranks"] if results else ranks}


def _view(ids, values, base_ids, bases, drawn, closure, theta, eta, elasticity, level, city, city_target) -> Scenario:
    """The scenario of the controls. Until the sliders are in the page (no ids), the targets and entered
    baselines are the ones the page shows (`drawn`, the ID.DRAWN record), not the baseline."""
    if not ids and isinstance(drawn, Mapping) and isinstance(drawn.get("search"), str):
        shown, _ = from_query(parse_query(drawn["search"]))
        ids = [{"iso3": code} for code, _ in shown.targets]
        values = [value for _, value in shown.targets]
        base_ids = [{"iso3": code} for code, _ in shown.baselines]
        bases = [value for _, value in shown.baselines]
    return from_controls(ids, values, base_ids, bases, closure, theta, eta, elasticity, level, city, city_target)


CONTROLS = (
    Input({"type": ID.ADOPT, "iso3": ALL}, "value"), Input({"type": ID.BASE, "iso3": ALL}, "value"),
    Input(ID.CLOSURE, "value"), Input(ID.THETA, "value"), Input(ID.ETA, "value"), Input(ID.ELASTICITY, "value"),
    Input(ID.LEVEL, "value"), Input(ID.CITY, "value"), Input(ID.CITY_TARGET, "value"),
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
          State({"type": ID.ADOPT, "iso3": ALL}, "id"), State({"type": ID.BASE, "iso3": ALL}, "id"),
          State(ID.DRAWN, "data"), State(Shell.MODE, "data"), prevent_initial_call="initial_duplicate")
def update(values, bases, closure, theta, eta, elasticity, level, city, city_target, uploaded, _painted, ids,
           base_ids, drawn, mode) -> list:
    """Everything a control change shows, in one answer: results, charts, the record of the scenario
    drawn (which the address follows: `keep_address`) and the link that opens it on the networks page.
    Once the page's first chart is on screen (charts.painted), the charts and controls it arrived without."""
    view = _view(ids, values, base_ids, bases, drawn, closure, theta, eta, elasticity, level, city, city_target)
    new_baseline = any(t["prop_id"].startswith(f"{ID.UPLOAD_STORE}.") for t in ctx.triggered)
    sent = answer(view, drawn, mode, uploaded, opening=charts.is_painted(ctx.triggered_id), new_baseline=new_baseline)
    return [sent.get(name, no_update) for name in OUTPUTS]


def answer(view: Scenario, drawn: object, mode: object, uploaded: object = None, opening: bool = False,
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
    query = to_query(view)
    if query == on_screen.get("search") and not new_baseline:
        raise PreventUpdate
    results, failure = _solved(view, uploaded)
    sent: dict[str, object] = {"networks link": pv.link_in_mode(NETWORKS_PATH + model.networks_query(view), mode),
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
    presenter's link reopens exactly it. Written by this second answer, after the charts' redraw."""
    search = drawn.get("search") if isinstance(drawn, Mapping) else None
    if not isinstance(search, str):
        raise PreventUpdate
    return shell.address(PATH, search, mode)


def _chart(key: str, results: Mapping, mode: object) -> dict[str, object]:
    """A chart's figure (as the page's mode draws it), name and summary, by name of OUTPUTS."""
    figure = for_mode(results[key], mode)
    name, summary = charts.text_of(figure)
    return {key: figure, f"{key}:name": name, f"{key}:summary": summary}


def _solved(view: Scenario, uploaded: object) -> tuple[dict | None, dbc.Alert | None]:
    """(what the page shows, None), or (None, a message saying why the model could not solve it).
    `uploaded`: the upload store's record (None: the built-in baselines)."""
    matrix, productivity = files.upload_from_records(uploaded)
    try:
        if matrix is None:  # the built-in baselines: answered from the cache, keyed by the scenario's URL
            return cache.remembered(model.cache_key(view), lambda: _results(view)), None
        return _results(view, matrix, productivity), None
    except (ValueError, ArithmeticError) as error:
        log.warning("scenario %r failed: %s", view, error)
        return None, dbc.Alert(f"The model could not solve this scenario: {error}", color="danger")


def _headlines(results: Mapping | None) -> list:
    if not results:
        return []
    lines = [html.P(s, className="mb-1") for s in results["headlines"]]
    if results["why"]:
        lines.append(html.P(results["why"], id=ID.WHY, className="mb-0 small text-muted"))
    return lines


def _status(results: Mapping) -> list:
    status = [dbc.Alert(n, color="info", className="py-1 mb-1 small") for n in results["notes"]]
    if not results["converged"]:
        status.append(dbc.Alert("The solver did not converge: treat these numbers as unreliable.", color="danger"))
    return status


def _results(view: Scenario, matrix=None, productivity: Mapping[str, float] | None = None) -> dict:
    """What the page shows for a scenario, as plain data (so it can be cached and shared by workers)."""
    outcome = model.run(view, matrix, productivity)
    table, label, unit = outcome.table, outcome.baseline_label, outcome.unit
    lines = text.headlines(outcome, view)
    lines += [text.decomposition_sentence(part) for part in outcome.decompositions]
    preset = presets().get(preset_of(view) or "")
    notes = list(outcome.notes)
    if preset is not None:
        kind = "a published target" if preset.published else "an illustration, not a published target"
        notes.insert(0, f"Preset “{preset.name}”: {kind}. {preset.description}")
    return dict(headlines=lines, why=text.why(outcome, view), notes=notes, converged=outcome.converged,
                split=outcome.split,
                share=share_change_bar(table, label, unit, split=outcome.split), map=shift_map(table, label),
                welfare=income_and_exports(table, label, unit, outcome.adopters),
                rank=rank_slope(table, label, unit),
                rows=table.round(4).to_dict("records"), ranks=rank_signature(table, label))


# ---- presets, resets, uploads, files -------------------------------------------------------------------

@callback(
    Output({"type": ID.ADOPT, "iso3": ALL}, "value"), Output(ID.CLOSURE, "value"), Output(ID.CITY, "value"),
    Input({"type": ID.PRESET, "preset": ALL}, "n_clicks"), Input(ID.RESET, "n_clicks"), Input(ID.ALL_APPLY, "n_clicks"),
    Input({"type": ID.RESET_ONE, "iso3": ALL}, "n_clicks"),
    State({"type": ID.ADOPT, "iso3": ALL}, "id"), State(ID.ALL, "value"),
    prevent_initial_call=True,
)
def set_sliders(_presets, _reset, _apply, _reset_one, ids, everyone) -> tuple:
    """Presets, reset, "every economy" and the per-economy reset move the sliders; a preset and the reset
    also set the deficit rule and clear the city cluster."""
    clicked = any(t.get("value") is not None for t in ctx.triggered)
    codes = [i.get("iso3") if isinstance(i, dict) else None for i in ids] if isinstance(ids, list) else []
    trigger = ctx.triggered_id if clicked else None
    values = slider_values(trigger, codes, everyone)
    closure = deficit_rule(trigger)
    return values, closure, (None if closure is not no_update else no_update)


def deficit_rule(trigger: object) -> object:
    """The deficit rule a button sets (a preset's, or the baseline's for the reset); no_update otherwise."""
    if trigger == ID.RESET:
        return BASELINE.closure
    if isinstance(trigger, Mapping) and trigger.get("type") == ID.PRESET and trigger.get("preset") in presets():
        return presets()[str(trigger["preset"])].closure
    return no_update


def slider_values(trigger: object, codes: list, everyone: object) -> list:
    """Each slider's new target density (no_update: it stays) when `trigger` (a button's id) was pressed;
    codes: the sliders' economies in page order; everyone: the "every economy" box. Economies with no
    baseline in the data are left to the user."""
    base = {c: b.density for c, b in density_baselines().items() if b.density is not None}
    chosen: dict = {}
    if trigger == ID.RESET:
        chosen = base
    elif trigger == ID.ALL_APPLY and isinstance(everyone, (int, float)) and not isinstance(everyone, bool) \
            and everyone > 0:
        chosen = dict.fromkeys(base, min(max(float(everyone), DENSITY_RANGE[0]), DENSITY_RANGE[1]))
    elif isinstance(trigger, Mapping) and trigger.get("type") == ID.PRESET and trigger.get("preset") in presets():
        chosen = base | dict(preset_view(str(trigger["preset"]), BASELINE).targets)
    elif isinstance(trigger, Mapping) and trigger.get("type") == ID.RESET_ONE and trigger.get("iso3") in base:
        chosen = {trigger["iso3"]: base[trigger["iso3"]]}
    return [chosen.get(c, no_update) if isinstance(c, str) else no_update for c in codes]


@callback(Output({"type": ID.ADOPT, "iso3": MATCH}, "disabled"), Output({"type": ID.ADOPT, "iso3": MATCH}, "value",
                                                                        allow_duplicate=True),
          Input({"type": ID.BASE, "iso3": MATCH}, "value"), State({"type": ID.ADOPT, "iso3": MATCH}, "value"),
          prevent_initial_call=True)
def entered_baseline(base: object, target: object) -> tuple[bool, object]:
    """An economy with no baseline in the data: its slider comes on once the user enters one (and starts there)."""
    usable = isinstance(base, (int, float)) and not isinstance(base, bool) and base > 0
    return (not usable, base if usable and target is None else no_update)


@callback(
    Output(ID.UPLOAD_STORE, "data"), Output(ID.UPLOAD_MESSAGES, "children"), Output(ID.UPLOAD_CONTROLS, "children"),
    Input(ID.UPLOAD, "contents"), Input(ID.UPLOAD_CLEAR, "n_clicks"), State(ID.UPLOAD, "filename"),
    prevent_initial_call=True,
)
def upload(contents, _clear, filename):
    """A valid file replaces the baseline; a bad one lists its problems and changes nothing else."""
    if ctx.triggered_id == ID.UPLOAD_CLEAR:
        return None, html.Span("Using the built-in country baseline.", className="text-muted"), []
    if not contents or not isinstance(contents, str):
        return no_update, no_update, no_update
    name = str(filename or "the file")[:80]
    matrix, problems, note = files.parse_upload(decoded(contents), name)
    if problems or matrix is None:
        return no_update, dbc.Alert([html.Strong(f"{name} was not used:"),
                                     html.Ul([html.Li(p) for p in problems], className="mb-0")],
                                    color="danger", className="py-1 mt-1"), no_update
    read_as = f" ({note})" if note else ""
    return files.matrix_to_records(matrix), dbc.Alert(
        f"Using {name}{read_as}: {len(matrix)} economies. The results below run on it.", color="success",
        className="py-1 mt-1"), _productivity_sliders(model.set_by_user(str(c) for c in matrix.index))


def _productivity_sliders(codes: tuple[str, ...]) -> list:
    """A slider per uploaded economy we hold no robot density for: the change in its productivity, which
    the user sets directly (the target sliders above move the economies we hold data for)."""
    if not codes:
        return []
    low, high = model.UPLOAD_CHANGE_RANGE
    return [html.P(f"Your file has {len(codes)} economies with no robot density in our data: set the change in "
                   "their productivity directly (%, the whole economy, one sector).", className="small mb-1 mt-2"),
            *(html.Div([html.Label(code, className="small fw-semibold mb-0"),
                        dcc.Slider(id={"type": ID.UPLOAD_PRODUCTIVITY, "code": code}, min=low, max=high, step=0.5,
                                   value=0, marks={low: f"{low:g}", 0: "0", high: f"+{high:g}"},
                                   updatemode="mouseup", allow_direct_input=True,
                                   tooltip={"placement": "bottom", "always_visible": False},
                                   className="upload-productivity-slider")],
                       className="mb-1", **data(code=code)) for code in codes)]


@callback(
    Output(ID.UPLOAD_STORE, "data", allow_duplicate=True),
    Input({"type": ID.UPLOAD_PRODUCTIVITY, "code": ALL}, "value"),
    State({"type": ID.UPLOAD_PRODUCTIVITY, "code": ALL}, "id"), State(ID.UPLOAD_STORE, "data"),
    prevent_initial_call=True,
)
def set_productivity(values, ids, uploaded):
    """An uploaded economy's productivity slider moved: the upload's record carries the new changes (the
    scenario is solved again by `update`, which the record's change calls)."""
    changes = {i.get("code"): v for i, v in zip(ids or [], values or []) if isinstance(i, Mapping)}
    record = files.with_productivity(uploaded, changes)
    if record is None or record == uploaded:
        raise PreventUpdate
    return record


@callback(
    Output(ID.DOWNLOAD, "data"), Input(ID.DOWNLOAD_BUTTON, "n_clicks"),
    *(State(c.component_id, c.component_property) for c in CONTROLS), State(ID.UPLOAD_STORE, "data"),
    State({"type": ID.ADOPT, "iso3": ALL}, "id"), State({"type": ID.BASE, "iso3": ALL}, "id"), State(ID.DRAWN, "data"),
    prevent_initial_call=True,
)
def download(_clicks, values, bases, closure, theta, eta, elasticity, level, city, city_target, uploaded, ids,
             base_ids, drawn) -> Any:
    """The results with every parameter of the scenario in the file, and its uncertainty ranges (from the
    result cache, or computed here: about 1–2 s, scenario_files' docstring)."""
    view = _view(ids, values, base_ids, bases, drawn, closure, theta, eta, elasticity, level, city, city_target)
    matrix, productivity = files.upload_from_records(uploaded)
    try:
        outcome = model.run(view, matrix, productivity)
        summary = ranges.remembered(to_query(view))[1] if matrix is None else None
    except (ValueError, ArithmeticError) as error:  # the page already says the scenario failed
        log.warning("download of %r failed: %s", view, error)
        return no_update
    return dict(content=files.results_csv(view, outcome, summary), filename=files.download_name(view),
                type="text/csv")


@callback(Output(ID.TEMPLATE_DOWNLOAD, "data"), Input(ID.TEMPLATE_BUTTON, "n_clicks"), prevent_initial_call=True)
def template(_clicks) -> dict:
    return dict(content=files.template_csv(), filename="trade-baseline-template.csv", type="text/csv")


dash.register_page(__name__, path=PATH, name="Scenarios", order=3, title=f"Scenarios · {config.APP_TITLE}",
                   description="Set target robot densities or close trade deficits; see who gains export share, real "
                               "income, real spending and manufacturing jobs.",
                   layout=shell.page_layout(PATH, layout))
