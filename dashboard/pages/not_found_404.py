"""What an unknown path shows: a friendly page with links, never a traceback (Dash Pages renders the
page of the module named not_found_404 for any path no page is registered at)."""
from __future__ import annotations

import dash
from dash import html

from dashboard.components import shell

PATH = "/404"


def layout(**_query: str) -> html.Div:
    """The 404 page; the address is not echoed (a hostile link cannot put its text on the page)."""
    return html.Div([
        html.H1("Page not found", className="h3"),
        html.P("There is no page at this address. Try one of these:"),
        html.Ul([html.Li(html.A(p["name"], href=p["relative_path"])) for p in shell.nav_pages()]),
    ], id="not-found")


dash.register_page(__name__, path=PATH, name="Page not found", in_nav=False, layout=shell.page_layout(PATH, layout))
