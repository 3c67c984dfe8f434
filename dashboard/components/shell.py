"""The frame around every page (navbar, notices, footer, presenter toolbar) and the layout function
that Dash Pages calls for each page.

Routing is Dash Pages' own: each page module calls `dash.register_page(..., layout=page_layout(path,
layout))`, and the router renders a page when the address changes. What this module adds:

- **The address is the view.** Pages write their view into the address through the frame's
  `dcc.Location` (`Shell.URL`, refresh="callback-nav"), so each control change is a step in the
  browser's history. Dash Pages' router hears every such change and asks the page for its layout
  again; `page_layout` answers "nothing to update" (PreventUpdate) when the page on screen already
  shows that address, which it knows from the record each page keeps of the address it shows
  (`Shell.VIEW`, passed to the layout by `routing_callback_inputs`, see dashboard/app.py). So a slider
  move never redraws the page, and Back / Forward (also between two views of one page) draw the view
  they lead to.
- **Modes.** `?present=1` (presenter mode) and `?embed=1&chart=<graph id>` (one chart, for an iframe)
  are the frame's own parameters (dashboard/views/present.py MODE_KEYS). The frame shows the toolbar
  in presenter mode and marks the chart to embed; the class on <html> that restyles the page for a
  mode is set by the server in the index (dashboard/app.py), so entering or leaving a mode loads the
  page (`Shell.RELOAD`).
- **Failures.** A page whose layout raises shows a short notice with links, never a traceback.
"""
from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard import config
from dashboard.components import charts, present
from dashboard.figures.theme import for_presenter
from dashboard.ids import Present, Shell
from dashboard.views import present as pv
from dashboard.views.query import parse_query, query_from_params, quoted

log = logging.getLogger(__name__)

#: The class embed mode puts on the chart it shows (assets/present.css).
EMBED_CHART_CLASS = "atlas-embed-chart"
#: The keyword under which Dash Pages hands a layout the records of the page on screen (dashboard/app.py).
ON_SCREEN = "on_screen_"
#: Where a page on screen keeps the query of the address it shows (one store per page: pattern-matching,
#: so that the router's state is an empty list before the first page is in).
ON_SCREEN_STATE = State({"type": Shell.VIEW, "page": ALL}, "data")

Build = Callable[..., Component]


def nav_pages() -> list[dict]:
    """The registered pages the navbar links to, in their registered order."""
    return [p for p in dash.page_registry.values() if p.get("in_nav", True)]


def navbar() -> dbc.Navbar:
    links = [dbc.NavItem(dbc.NavLink(p["name"], href=p["relative_path"], active="exact")) for p in nav_pages()]
    return dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand(config.APP_TITLE, href="/", class_name="fw-semibold"),
            dbc.NavbarToggler(id=Shell.NAV_TOGGLER, n_clicks=0),
            dbc.Collapse(dbc.Nav([*links, dbc.NavItem(copy_link(Shell.COPY_LINK),
                                                      class_name="d-flex align-items-center ms-lg-2"),
                                  dbc.NavItem(present.toggle(), class_name="d-flex align-items-center ms-lg-2")],
                                 class_name="ms-auto", navbar=True), id=Shell.NAV_COLLAPSE, is_open=False, navbar=True),
        ], fluid=True),
        id=Shell.NAVBAR, color="dark", dark=True, expand="lg", class_name="mb-3",
    )


def copy_link(button_id: str) -> html.Span:
    """A button that copies the address of the view on screen (every page keeps its view in the URL),
    and a status line that says it did (assets/present.js copyLink: the clipboard is the browser's)."""
    return html.Span([
        html.Button("Copy link", id=button_id, type="button", n_clicks=0, title="Copy a link to this exact view",
                    className="btn btn-sm btn-outline-light"),
        html.Span(id=copy_status(button_id), role="status", className="text-light small ms-1"),
    ], className="d-inline-flex align-items-center")


def corrected_address(path: str, view_query: str, query: Mapping[str, str]) -> dcc.Store:
    """What a page puts in when its notices corrected values of its address: the corrected query (the
    page's `view_query`, the frame's mode kept), which assets/present.js puts in the address bar in place
    of the one opened (history.replaceState: Back does not lead to the uncorrected address again)."""
    return dcc.Store(id=Shell.CORRECTED, data=address(path, view_query, pv.mode_of(query))[0])


def copy_status(button_id: str) -> str:
    """The id of the status line beside a Copy link button."""
    return f"{button_id}-status"


def footer() -> html.Footer:
    return html.Footer(
        dbc.Container(html.Small([
            "Figures carry their sources; modeled figures are labelled as such. ",
            html.A("Sources and methods", href="/methods"), " · Open source · Map data: Natural Earth.",
        ]), fluid=True),
        className="border-top mt-4 py-3 text-muted",
    )


def page_failed() -> dbc.Alert:
    """What a page whose layout failed shows (the error is logged, never shown)."""
    return dbc.Alert([
        html.H1("This page could not be shown", className="h4"),
        html.P("Something went wrong while building it; the error has been logged. "
               "Try the page without its query string, or another page:"),
        html.Ul([html.Li(html.A(p["name"], href=p["relative_path"])) for p in nav_pages()]),
    ], color="warning", id="page-failed")


def walk(component: object) -> Iterator[Component]:
    """Every component in a layout, depth first in page order (through `children`)."""
    if isinstance(component, (list, tuple)):
        for child in component:
            yield from walk(child)
    elif isinstance(component, Component):
        yield component
        yield from walk(getattr(component, "children", None))


def _embedded(body: Component, query: Mapping[str, str], path: str) -> Component:
    """A copy of the page whose chosen chart (`chart=<graph id>`, else the first) carries
    EMBED_CHART_CLASS; the page's other parts are hidden by assets/present.css. A page without a chart
    gets a notice in its place, with a link to the page (`path`)."""
    body = copy.deepcopy(body)  # some layouts are built once per process: never mark the original
    graphs = [c for c in walk(body) if isinstance(c, dcc.Graph)]
    chosen = pv.embed_chart(query, [getattr(g, "id", None) for g in graphs])
    if chosen is None:  # say so, in the one element embed mode shows, with the way to the page itself
        return html.Div([body, html.Div(html.P([
            "This page has no chart to embed. ", html.A("Open it in the atlas", href=path, target="_blank",
                                                        rel="noopener")], className="p-3 mb-0"),
            id=Shell.EMBED_NONE, className=EMBED_CHART_CLASS)])
    graph: Any = graphs[chosen]  # Dash's components take their props as attributes
    graph.className = f"{getattr(graph, 'className', None) or ''} {EMBED_CHART_CLASS}".strip()
    return body


def _presented(body: Component, mode: Mapping[str, str]) -> Component:
    """A copy of the page whose charts' type is enlarged with the page's (figures/theme.py for_presenter)
    and whose links to other pages of the atlas stay in presenter mode."""
    body = copy.deepcopy(body)
    for component in walk(body):
        node: Any = component  # Dash's components take their props as attributes
        if isinstance(component, dcc.Graph) and getattr(node, "figure", None) is not None:
            node.figure = for_presenter(node.figure)
        elif isinstance(component, (dcc.Link, html.A)) and isinstance(getattr(node, "href", None), str):
            node.href = pv.link_in_mode(node.href, mode)
    return body


def frame(path: str, query: Mapping[str, str], body: Component) -> html.Div:
    """The page `body` in the frame: the address it shows (`Shell.URL`, its record `Shell.VIEW`, the
    mode's parameters `Shell.MODE`), navbar, presenter toolbar, footer."""
    mode = pv.mode_of(query)
    if pv.is_embedded(query):
        body = _embedded(body, query, path)
    elif pv.is_presenting(query):
        body = _presented(body, mode)
    return html.Div([
        dcc.Location(id=Shell.URL, refresh="callback-nav"),
        dcc.Location(id=Shell.RELOAD, refresh=True),
        dcc.Store(id={"type": Shell.VIEW, "page": path}, data=record(path, query)),
        dcc.Store(id=Shell.MODE, data=mode),
        charts.painted_store(path),
        navbar(),
        dbc.Container([
            *([present.caption()] if pv.is_presenting(query) else []),
            html.Main(body, id=Shell.PAGE, tabIndex="-1"),
        ], fluid="xl"),
        footer(),
        *([present.toolbar(copy_link(Present.COPY_LINK))] if pv.is_presenting(query) else []),
    ], id=Present.ROOT)


def page_layout(path: str, build: Build) -> Callable[..., Component]:
    """The layout function Dash Pages calls for the page at `path`: `build(**query)` in the frame.

    Dash Pages passes the address's query parameters as keyword arguments (lists for repeated ones),
    and the records of the page on screen under ON_SCREEN. When the page on screen already shows this
    address (its own control wrote it), nothing is redrawn."""
    def layout(**params: Any) -> Component:
        on_screen = params.pop(ON_SCREEN, None)
        query = query_from_params(params)
        if isinstance(on_screen, list) and record(path, query) in on_screen:
            raise PreventUpdate  # this page shows this address already: a control of it wrote the address
        try:
            body = build(**query)
        except Exception:
            log.exception("layout of %s failed for query %r", path, {k: quoted(v) for k, v in query.items()})
            body = page_failed()
        return frame(path, query, body)

    layout.__doc__ = build.__doc__
    return layout


def address_outputs(path: str) -> list[Output]:
    """The outputs through which a page's callback writes its view into the address: the URL's query
    and the page's record of it (which tells the router that the page shows it already)."""
    return [Output(Shell.URL, "search", allow_duplicate=True),
            Output({"type": Shell.VIEW, "page": path}, "data", allow_duplicate=True)]


def record(path: str, query: Mapping[str, str]) -> dict:
    """What the page at `path` keeps (Shell.VIEW) of the address it shows, its query as a mapping. The
    presenter's slide number and story are left out: they change the toolbar and caption (which follow
    the address by themselves), not the page, so writing them redraws nothing."""
    return {"path": path, "query": {k: v for k, v in query.items() if k not in pv.STORY_ADDRESS_KEYS}}


def address(path: str, view_query: str, mode: object) -> tuple[str, dict]:
    """(the URL query, the page's record of it) for the view `view_query` ("?a=1" or "") of the page at
    `path`, in a frame whose mode's parameters are `mode` (the Shell.MODE store: presenter and embed mode
    survive a control change)."""
    search = pv.with_mode(view_query, mode)
    return search, record(path, parse_query(search))


@callback(Output(Shell.NAV_COLLAPSE, "is_open"), Input(Shell.NAV_TOGGLER, "n_clicks"),
          State(Shell.NAV_COLLAPSE, "is_open"), prevent_initial_call=True)
def toggle_navbar(_clicks: int, is_open: bool) -> bool:
    return not is_open


# What "Copy link" copies: the address bar, which pages keep current (assets/present.js). Presenter
# mode hides the navbar, so its toolbar has a Copy link button of its own.
# An output it never writes: Dash makes no initial call of a callback without outputs.
clientside_callback(ClientsideFunction("atlas", "replaceAddress"), Output(Shell.CORRECTED, "clear_data"),
                    Input(Shell.CORRECTED, "data"))
for _button in (Shell.COPY_LINK, Present.COPY_LINK):
    clientside_callback(ClientsideFunction("atlas", "copyLink"), Output(copy_status(_button), "children"),
                        Input(_button, "n_clicks"), prevent_initial_call=True)
