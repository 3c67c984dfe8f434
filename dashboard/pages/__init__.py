"""Pages: one module per page. `PAGES` is the registry; `route` turns a URL into a page layout."""
from __future__ import annotations

import logging

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update
from dash.development.base_component import Component

from dashboard.ids import Shell
from dashboard.pages import methods, networks, overview, scenarios, strategies
from dashboard.pages.embed import embed_view
from dashboard.pages.not_found import not_found, page_failed
from dashboard.pages.registry import Page, page_path, parse_query, split_address, view_key  # noqa: F401

log = logging.getLogger(__name__)

PAGES: tuple[Page, ...] = (
    overview.PAGE,
    strategies.PAGE,
    networks.PAGE,
    scenarios.PAGE,
    methods.PAGE,
)
_BY_PATH = {p.path: p for p in PAGES}
PATHS = frozenset(_BY_PATH)


def render(pathname: str | None, search: str | None) -> Component:
    """The layout for a URL: the page's own, the 404 page, or a friendly error; never a traceback."""
    path = page_path(pathname)
    page = _BY_PATH.get(path)
    if page is None:
        return not_found(path, PAGES)
    try:
        query = parse_query(search)
        return embed_view(page.layout(query), query)
    except Exception:  # noqa: BLE001 - the boundary that keeps tracebacks out of the browser
        log.exception("layout of %s failed for query %r", path, search)
        return page_failed(PAGES)


def opening_view(referrer: str | None) -> tuple[str, str] | None:
    """(pathname, search) of the page whose script asks for the layout, from the request's Referer
    (sent in full to the same origin under our Referrer-Policy); None if there is none or it is no
    address: the router then renders the page."""
    parts = split_address(referrer)
    return (parts[0], f"?{parts[1]}" if parts[1] else "") if parts else None


# Whether the address on screen needs another page is decided in the browser (assets/shell.js
# `route`): when the page shown was made for it, nothing happens. Pages that rewrite their own URL
# (a slider, a filter) record the view they now show in data-view, so only loads without a Referer,
# links, and Back/Forward (also between two views of one page) reach the server.
clientside_callback(ClientsideFunction("shell", "route"), Output(Shell.ROUTE, "data"),
                    Input(Shell.URL, "pathname"), Input(Shell.URL, "search"), State(Shell.PAGE, "data-view"))


@callback(Output(Shell.PAGE, "children"), Output(Shell.PAGE, "data-view"), Input(Shell.ROUTE, "data"),
          prevent_initial_call=True)
def route(address):
    """The page for an address {pathname, search}, and the view it was made for (data-view)."""
    if not isinstance(address, dict):
        return no_update, no_update
    pathname, search = address.get("pathname"), address.get("search")
    pathname = pathname if isinstance(pathname, str) else "/"
    search = search if isinstance(search, str) else ""
    return render(pathname, search), view_key(pathname, search)
