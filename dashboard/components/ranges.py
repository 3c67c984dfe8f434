"""The uncertainty ranges panel: `ranges_panel()` goes on the scenarios page; its one background callback
runs the Monte Carlo of the scenario in the address (`Shell.URL`'s search) on the background callback
manager (dashboard/background.py), with a progress bar and a cancel button. A new address cancels the
job of the old one (Dash's background callbacks do that); a job that can no longer answer (its worker
died) is reported here as failed (dashboard/background.py says after how long).

The scenario is read by dashboard.views.ranges (`ranges_inputs`, the adapter: its docstring states the
contract) and its summary kept in the result cache (dashboard/cache.py) under the canonical scenario, so
the same address gives the same ranges from any web process, and a scenario solved once is not solved again.
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
from dashboard.ids import Ranges, Shell
from dashboard.views import ranges as rv

log = logging.getLogger(__name__)

#: dcc.Graph props of the chart (a mapping, as components/charts.py passes them: dcc.Graph types its config).
CHART: dict[str, Any] = {"id": Ranges.CHART, "config": {**GRAPH_CONFIG, "responsive": True}}


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


def _cell(row: dict, output: str) -> str:
    return (f"{row[f'{output}.median']:+.3f} [{row[f'{output}.low']:+.3f}, {row[f'{output}.high']:+.3f}], "
            f"same sign in {row[f'{output}.sign_agreement']:.0%}")


def table(summary: dict) -> html.Table:
    """Per economy and shown output: median [5th, 95th percentile], and the share of draws with the
    point estimate's sign."""
    head = html.Tr([html.Th("Economy"), *(html.Th(label) for _, label in rv.SHOWN)])
    body = [html.Tr([html.Td(row["name"]), *(html.Td(_cell(row, output)) for output, _ in rv.SHOWN)])
            for row in summary["rows"]]
    return html.Table([html.Thead(head), html.Tbody(body)], className="table table-sm small")


def answer(search: str | None, report=None) -> tuple[dict, object, str]:
    """(chart, table, status) for the scenario in `search`; report(percent, label) as draws are done."""
    prepared = rv.ranges_inputs(search)
    if prepared.inputs is None:
        return figures.empty(prepared.notices[0]), [], " ".join(prepared.notices)
    inputs = prepared.inputs

    def progress(done: int, total: int) -> None:
        if report is not None:
            report((round(100 * done / total), f"{done:,} of {total:,} draws"))

    def compute() -> dict:
        log.info("ranges computed for %s", prepared.key)
        return rv.summary(rv.compute(inputs, progress=progress), rv.economy_names())

    summary = cache.remembered(prepared.key, compute)
    log.info("ranges answered for %s", prepared.key)
    label = rv.SHOWN[0][1]
    status = (f"Medians and 90 % intervals over {summary['used']:,} Monte Carlo draws "
              f"({summary['failed']} did not converge). " + " ".join(prepared.notices))
    return figures.interval_chart(summary, rv.SHOWN[0][0], label), table(summary), status.strip()


def failed(error: Exception) -> tuple[dict, list, str]:
    """What the panel shows when the job failed or its worker died (Dash's on_error)."""
    reason = str(error).removeprefix("An error occurred inside a background callback: ").splitlines()[0]
    return (figures.empty("No ranges: the job failed"), [],
            f"The uncertainty ranges could not be computed ({reason}). Reload the page to try again.")


def _outputs(figure: dict, table: object, status: str) -> tuple:
    """The callback's values: the chart with its name and text alternative (components/charts.py), the table
    and the status line."""
    return (figure, *charts.text_of(figure), table, status)


def _failed_outputs(error: Exception) -> tuple:
    return _outputs(*failed(error))


@callback(
    Output(Ranges.CHART, "figure"), *charts.text_outputs(Ranges.CHART), Output(Ranges.TABLE, "children"),
    Output(Ranges.STATUS, "children"),
    Input(Shell.URL, "search"),
    background=True,
    progress=[Output(Ranges.PROGRESS, "value"), Output(Ranges.PROGRESS_TEXT, "children")],
    progress_default=[0, ""],
    running=[(Output(Ranges.CANCEL, "disabled"), False, True)],
    cancel=[Input(Ranges.CANCEL, "n_clicks")],
    interval=background.POLL_MS,
    on_error=_failed_outputs,
)
def draw_ranges(set_progress, search):
    return _outputs(*answer(search, set_progress))
