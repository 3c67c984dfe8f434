"""What an unknown path or a failing page shows: a friendly page with links, never a traceback."""
from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import html

from dashboard.pages.registry import Page


def _links(pages: Sequence[Page]) -> html.Ul:
    return html.Ul([html.Li(html.A(p.name, href=p.path)) for p in pages if p.in_nav])


def not_found(path: str, pages: Sequence[Page]) -> html.Div:
    shown = path if len(path) <= 80 else path[:77] + "..."
    return html.Div([
        html.H1("Page not found", className="h3"),
        html.P(["There is no page at ", html.Code(shown), ". Try one of these:"]),
        _links(pages),
    ], id="not-found")


def page_failed(pages: Sequence[Page]) -> html.Div:
    return dbc.Alert([
        html.H1("This page could not be shown", className="h4"),
        html.P("Something went wrong while building it; the error has been logged. "
               "Try the page without its query string, or another page:"),
        _links(pages),
    ], color="warning", id="page-failed")
