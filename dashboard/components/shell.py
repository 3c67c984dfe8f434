"""The frame around every page: navbar, notice area, footer."""
from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import config
from dashboard.components import present
from dashboard.ids import Present, Shell
from dashboard.pages.registry import Page


def navbar(pages: Sequence[Page]) -> dbc.Navbar:
    links = [dbc.NavItem(dbc.NavLink(p.name, href=p.path, active="exact")) for p in pages if p.in_nav]
    return dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand(config.APP_TITLE, href="/", class_name="fw-semibold"),
            dbc.NavbarToggler(id=Shell.NAV_TOGGLER, n_clicks=0),
            dbc.Collapse(dbc.Nav([*links, dbc.NavItem(copy_link(), class_name="d-flex align-items-center ms-lg-2"),
                                  dbc.NavItem(present.toggle(), class_name="d-flex align-items-center ms-lg-2")],
                                 class_name="ms-auto", navbar=True), id=Shell.NAV_COLLAPSE, is_open=False, navbar=True),
        ], fluid=True),
        id=Shell.NAVBAR, color="dark", dark=True, expand="lg", class_name="mb-3",
    )


def copy_link(clipboard_id: str = Shell.COPY_LINK) -> html.Span:
    """A button that copies the address of the current view (every page keeps its state in the URL)."""
    return html.Span([
        dcc.Clipboard(id=clipboard_id, content="", title="Copy a link to this exact view",
                      className="btn btn-sm btn-outline-light", style={"display": "inline-block"}),
        html.Span("Copy link", className="text-light small ms-1", **{"aria-hidden": "true"}),
    ], className="d-inline-flex align-items-center")


def footer() -> html.Footer:
    return html.Footer(
        dbc.Container(html.Small([
            "Figures carry their sources; modeled figures are labelled as such. ",
            html.A("Sources and methods", href="/methods"), " · Open source · Map data: Natural Earth.",
        ]), fluid=True),
        className="border-top mt-4 py-3 text-muted",
    )


def layout(pages: Sequence[Page], page=None, view: str = "") -> html.Div:
    """The frame, with `page` (the layout of the address `view`, "/path?query") already inside when
    the server knows which page the browser opens: then the router has nothing to do on load."""
    return html.Div([
        dcc.Location(id=Shell.URL, refresh="callback-nav"),
        dcc.Store(id=Shell.ROUTE),
        *present.stores(),
        navbar(pages),
        dbc.Container([
            html.Div(id=Shell.NOTICE, role="status"),
            present.caption(),
            html.Main(page, id=Shell.PAGE, tabIndex="-1", **{"data-view": view}),
        ], fluid="xl"),
        footer(),
        present.toolbar(copy_link(Present.COPY_LINK)),
    ], id=Present.ROOT)


@callback(
    Output(Shell.NAV_COLLAPSE, "is_open"),
    Input(Shell.NAV_TOGGLER, "n_clicks"),
    State(Shell.NAV_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
def toggle_navbar(_clicks: int, is_open: bool) -> bool:
    return not is_open


# The link is read in the browser (assets/shell.js): it is the address bar, which callbacks keep current.
# Presenter mode hides the navbar, so its toolbar has a copy-link button of its own.
for _clipboard in (Shell.COPY_LINK, Present.COPY_LINK):
    clientside_callback(ClientsideFunction("shell", "currentAddress"), Output(_clipboard, "content"),
                        Input(_clipboard, "n_clicks"), prevent_initial_call=True)
