"""The frame around every page: navbar, notice area, footer."""
from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import config
from dashboard.ids import Shell
from dashboard.pages.registry import Page


def navbar(pages: Sequence[Page]) -> dbc.Navbar:
    links = [dbc.NavItem(dbc.NavLink(p.name, href=p.path, active="exact")) for p in pages if p.in_nav]
    return dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand(config.APP_TITLE, href="/", class_name="fw-semibold"),
            dbc.NavbarToggler(id=Shell.NAV_TOGGLER, n_clicks=0),
            dbc.Collapse(dbc.Nav(links, class_name="ms-auto", navbar=True), id=Shell.NAV_COLLAPSE,
                         is_open=False, navbar=True),
        ], fluid=True),
        id=Shell.NAVBAR, color="dark", dark=True, expand="lg", class_name="mb-3",
    )


def footer() -> html.Footer:
    return html.Footer(
        dbc.Container(html.Small([
            "Figures carry their sources; modeled figures are labelled as such. ",
            html.A("Sources and methods", href="/methods"), " · Open source · Map data: Natural Earth.",
        ]), fluid=True),
        className="border-top mt-4 py-3 text-muted",
    )


def layout(pages: Sequence[Page]) -> html.Div:
    return html.Div([
        dcc.Location(id=Shell.URL, refresh="callback-nav"),
        navbar(pages),
        dbc.Container([
            html.Div(id=Shell.NOTICE, role="status"),
            html.Main(id=Shell.PAGE, tabIndex="-1"),
        ], fluid="xl"),
        footer(),
    ])


@callback(
    Output(Shell.NAV_COLLAPSE, "is_open"),
    Input(Shell.NAV_TOGGLER, "n_clicks"),
    State(Shell.NAV_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
def toggle_navbar(_clicks: int, is_open: bool) -> bool:
    return not is_open
