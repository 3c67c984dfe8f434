"""The uncertainty ranges panel: `ranges_panel()` goes on the scenarios page; its one background callback
runs the Monte Carlo of the scenario in the address (`Shell.URL`'s search) on the background callback
manager (dashboard/background.py), with a progress bar and a cancel button. A new address cancels the
job of the old one (Dash's background callbacks do that); a job that can no longer answer (its worker
died) is reported here as failed (dashboard/background.py says after how long).

The scenario is read by dashboard.views.ranges (`ranges_inputs`, the adapter: its docstring states the
contract) and its summary kept in the result cache (dashboard/cache.py) under the canonical scenario, so
the same address gives the same ranges from any web process, and a scenario solved once is not solved again.

The point estimate never waits for the ranges: the page's own callback (pages/scenarios.py `update`) does
not read them. The job writes the panel (chart, table with the interval columns, status) and the sign
agreement sentences of the point estimate's headlines (`headline_box`, hidden while a job runs, so it never
speaks of the scenario before; the page puts it under its first chart, whose place it must not move).
The results CSV reads the same summary through `remembered`.
"""
from __future__ import annotations

import logging
from typing import Any

from dash import Input, Output, callback, html

from dashboard import background, cache
from dashboard.components import charts
from dashboard.components.attrs import aria
from dashboard.figures import ranges as figures
from dashboard.figures.maps import GRAPH_CONFIG
from dashboard.ids import Ranges, Scenarios, Shell
from dashboard.views import ranges as rv, scenario_text as text

log = logging.getLogger(__name__)

#: dcc.Graph props of the chart (a mapping, as components/charts.py passes them: dcc.Graph types its config).
CHART: dict[str, Any] = {"id": Ranges.CHART, "config": {**GRAPH_CONFIG, "responsive": True}}
#: The table's columns under each output: (summary statistic, heading).
STATS = (("point", "Point"), ("median", "Median"), ("low", "5th pct."), ("high", "95th pct."),
         ("sign_agreement", "Same sign"))


def headline_box() -> html.Div:
    """Where the sign agreement sentences go: the scenarios page puts it under its first chart (the export-share
    changes the headlines speak of)."""
    return html.Div(id=Ranges.HEADLINE, className="small mb-2", hidden=True, role="status", **aria(live="polite"))


def ranges_panel() -> html.Section:
    """The panel: heading, status line, progress bar with its cancel button, chart and table."""
    return html.Section(id=Ranges.PANEL, className="mt-4", children=[
        html.H2("How sure is this? Uncertainty ranges", className="h4"),
        html.P("The point estimate above uses one value for each uncertain parameter. Here the model is "
               "solved again for many draws of them (productivity effect of robots, trade elasticity, "
               "sector elasticity, measured robot density; the methods page lists their sources).",
               className="text-muted small"),
        html.Div(className="d-flex align-items-center gap-2", children=[
            # A native <progress> named for assistive technology (dbc.Progress's bar cannot carry a name).
            html.Progress(id=Ranges.PROGRESS, value="0", max="100", className="flex-grow-1",
                          style={"height": "1.25rem"}, **aria(label="Uncertainty ranges: share of draws solved")),
            html.Span(id=Ranges.PROGRESS_TEXT, className="small text-muted"),
            html.Button("Cancel", id=Ranges.CANCEL, className="btn btn-outline-secondary btn-sm", disabled=True),
        ]),
        html.P(id=Ranges.STATUS, role="status", className="small mt-2"),
        charts.chart(Ranges.CHART, figures.empty("Ranges follow the point estimate"), CHART["config"]),
        html.Div(id=Ranges.TABLE, className="table-responsive"),
    ])


def _cell(row: dict, output: str, stat: str) -> html.Td:
    value = row[f"{output}.{stat}"]
    return html.Td(text.percent_of_draws(value) if stat == "sign_agreement" else text.signed(value, 3),
                   className="text-end")


def table(summary: dict) -> html.Table:
    """Per economy (node) and shown output: the point estimate, the median, the 90 % interval's ends (5th and
    95th percentile of the draws) and the share of draws with the point estimate's sign, a column each."""
    unit = "City cluster or rest of country" if summary.get("level") == "clusters" else "Economy"
    groups = html.Tr([html.Td(""), *(html.Th(label, colSpan=len(STATS), scope="colgroup", className="text-center")
                                     for _, label, _ in rv.SHOWN)])
    head = html.Tr([html.Th(unit, scope="col"),
                    *(html.Th(heading, scope="col", className="text-end") for _ in rv.SHOWN for _, heading in STATS)])
    body = [html.Tr([html.Th(row["name"], scope="row", className="fw-normal"),
                     *(_cell(row, output, stat) for output, *_ in rv.SHOWN for stat, _ in STATS)])
            for row in summary["rows"]]
    return html.Table([html.Thead([groups, head]), html.Tbody(body)], className="table table-sm small")


def remembered(search: str | None, report=None) -> tuple[rv.RangesInputs, dict]:
    """The adapter's reading of `search` and the ranges' summary: from the result cache, or computed (and
    kept) with report(percent, label) as draws are done. The same scenario gives the same summary."""
    prepared = rv.ranges_inputs(search)

    def progress(done: int, total: int) -> None:
        if report is not None:
            report((round(100 * done / total), f"{done:,} of {total:,} draws"))

    def compute() -> dict:
        log.info("ranges computed for %s", prepared.key)
        return rv.compute_summary(prepared, progress=progress)

    return prepared, cache.remembered(prepared.key, compute)


def headline(summary: dict) -> list:
    """The sign agreement sentences: how sure the point estimate's headlines are."""
    return [html.P(line, className="mb-0") for line in rv.headline(summary)]


#: What the panel says while the page runs on an uploaded matrix (its ranges would be the built-in baseline's).
UPLOADED = ("No uncertainty ranges for an uploaded matrix: they are drawn on the built-in baselines only, and the "
            "results above run on your file.")


def answer(search: str | None, report=None, uploaded: object = None) -> tuple[dict, object, str, list]:
    """(chart, table, status, headline) for the scenario in `search`; report(percent, label) as draws are done.
    With an uploaded matrix on the page (`uploaded`, the upload store's data) there are none: the panel says so."""
    if uploaded:
        return figures.empty("No ranges for an uploaded matrix"), [], UPLOADED, []
    prepared, summary = remembered(search, report)
    log.info("ranges answered for %s", prepared.key)
    output, label, _ = rv.SHOWN[0]
    status = " ".join([rv.draws_words(summary), *prepared.notices])
    return figures.interval_chart(summary, output, label), table(summary), status, headline(summary)


def failed(error: Exception) -> tuple[dict, list, str, list]:
    """What the panel shows when the job failed or its worker died (Dash's on_error)."""
    reason = str(error).removeprefix("An error occurred inside a background callback: ").splitlines()[0]
    return (figures.empty("No ranges: the job failed"), [],
            f"The uncertainty ranges could not be computed ({reason}). Reload the page to try again.", [])


def _outputs(figure: dict, table: object, status: str, headline: list) -> tuple:
    """The callback's values: the chart with its name and text alternative (components/charts.py), the table,
    the status line and the headline sentences."""
    return (figure, *charts.text_of(figure), table, status, headline)


def _failed_outputs(error: Exception) -> tuple:
    return _outputs(*failed(error))


@callback(
    Output(Ranges.CHART, "figure"), *charts.text_outputs(Ranges.CHART), Output(Ranges.TABLE, "children"),
    Output(Ranges.STATUS, "children"), Output(Ranges.HEADLINE, "children"),
    Input(Shell.URL, "search"), Input(Scenarios.UPLOAD_STORE, "data"),
    background=True,
    progress=[Output(Ranges.PROGRESS, "value"), Output(Ranges.PROGRESS_TEXT, "children")],
    progress_default=[0, ""],
    running=[(Output(Ranges.CANCEL, "disabled"), False, True), (Output(Ranges.HEADLINE, "hidden"), True, False)],
    cancel=[Input(Ranges.CANCEL, "n_clicks")],
    interval=background.POLL_MS,
    on_error=_failed_outputs,
)
def draw_ranges(set_progress, search, uploaded):
    return _outputs(*answer(search, set_progress, uploaded))
