"""A chart as every page draws it: a dcc.Graph inside a `role="figure"` element named by the figure's
title and described by a summary written from its data (dashboard/figures/describe.py).

Callbacks that send a new figure send its name and summary too, through `text_outputs` and
`text_of`, so what a screen reader hears follows a slider move.

A chart below a page's first one can start as a `placeholder` of its final height, its figure sent by
the page's opening callback, whose input is `PAINTED`: plotly draws every chart a page mounts in the
task that mounts them, and the browser paints none of them before the last is drawn, so the first
chart would otherwise wait for the others (a map among them). The measurements that justify this are
in the docstrings of `placeholder` and `PAINTED`.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import MATCH, ClientsideFunction, Input, Output, clientside_callback, dcc, html

from dashboard.components.attrs import aria
from dashboard.figures import describe
from dashboard.ids import Shell

#: The layout meta of a placeholder figure (benchmarks tell a placeholder from a chart by it).
PLACEHOLDER_META = "atlas-later"
DEFAULT_HEIGHT = 450  # dcc.Graph's own default, for a figure that sets none

Figure = Mapping[str, Any] | Any  # a figure dict or a plotly go.Figure


def placeholder(height: int) -> dict:
    """A blank figure of `height` px: what a chart below the first shows until the page's opening
    callback sends its figure. Measured on the overview (three charts below the first, one a map) and
    the scenarios page (three, one a map): drawing them with the first delayed the first chart by
    0.2–0.4 s on this machine (benchmarks/__main__.py, time to first chart)."""
    hidden = {"visible": False}
    return {"data": [], "layout": {"height": height, "meta": PLACEHOLDER_META, "xaxis": hidden, "yaxis": hidden,
                                   "paper_bgcolor": "white", "plot_bgcolor": "white"}}


def painted(path: str) -> Input:
    """The input of the opening callback of the page at `path`: set (assets/charts.js) once the frame
    showing the page's first chart has been painted. Asked for as the page is put in instead, the later
    charts' answer came back while the first was drawn and was drawn before the browser painted it: on
    the overview (a map and two bar charts below the first) the first chart came 0.11 s later (median of
    9 loads: 0.94 against 0.83 s; main-thread work before it 0.90 against 0.72 s; 2026-12-04)."""
    return Input({"type": Shell.PAINTED, "page": path}, "data")


def painted_store(path: str) -> dcc.Store:
    """The store `painted(path)` reads (the frame puts one in each page)."""
    return dcc.Store(id={"type": Shell.PAINTED, "page": path})


def is_painted(trigger: object) -> bool:
    """Whether a callback was set off by its page's `painted` input (ctx.triggered_id)."""
    return isinstance(trigger, Mapping) and trigger.get("type") == Shell.PAINTED


clientside_callback(ClientsideFunction("charts", "painted"), Output({"type": Shell.PAINTED, "page": MATCH}, "data"),
                    Input({"type": Shell.PAINTED, "page": MATCH}, "id"))


def height_of(figure: Figure) -> int:
    return int((describe.as_dict(figure).get("layout") or {}).get("height") or DEFAULT_HEIGHT)


def _ids(graph_id: str) -> tuple[str, str]:
    return f"{graph_id}-name", f"{graph_id}-summary"


def chart(graph_id: str, figure: Figure | None, config: Mapping[str, Any], later: bool = False,
          height: int | None = None, class_name: str | None = None) -> html.Div:
    """The chart `graph_id` drawing `figure` (None: the page says elsewhere why there is none), named and
    described by its figure. `later`: start as a placeholder of the figure's height (or `height`), the
    figure to be sent by the page's opening callback."""
    name_id, summary_id = _ids(graph_id)
    name, about = text_of(figure) if figure is not None and not later else ("", "")
    graph_figure = placeholder(height or height_of(figure)) if later and figure is not None else \
        placeholder(height) if later and height else figure
    props: dict[str, Any] = {"id": graph_id, "config": dict(config)}
    if graph_figure is not None:
        props["figure"] = graph_figure
    if class_name:
        props["className"] = class_name
    graph = dcc.Graph(**props)
    return html.Div([
        graph,
        html.Span(name, id=name_id, className="visually-hidden"),
        html.P(about, id=summary_id, className="visually-hidden atlas-chart-summary"),
    ], role="figure", **aria(labelledby=name_id, describedby=summary_id))


def text_of(figure: Figure) -> tuple[str, str]:
    """(name, summary) of a figure, for the two `text_outputs` of its chart."""
    return describe.title_of(figure), describe.summary(figure)


def text_outputs(graph_id: str) -> list[Output]:
    """The outputs through which a callback that redraws `graph_id` updates its name and summary."""
    return [Output(component, "children") for component in _ids(graph_id)]
