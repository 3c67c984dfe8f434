"""Pages: one module per page. `PAGES` is the registry; `route` turns a URL into a page layout."""
from __future__ import annotations

import logging

from dash import Input, Output, State, callback, no_update
from dash.development.base_component import Component

from dashboard.ids import Shell
from dashboard.pages import methods, networks, overview, scenarios, strategies
from dashboard.pages.embed import embed_view
from dashboard.pages.not_found import not_found, page_failed
from dashboard.pages.registry import Page, page_path, parse_query, split_address

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


def view_key(pathname: str | None, search: str | None) -> str:
    """An address as "/path?query": what the shell records as the page it was served with."""
    path = pathname if isinstance(pathname, str) and pathname else "/"
    return path + (search if isinstance(search, str) and search not in ("", "?") else "")


def opening_view(referrer: str | None) -> tuple[str, str] | None:
    """(pathname, search) of the page whose script asks for the layout, from the request's Referer
    (sent in full to the same origin under our Referrer-Policy); None if there is none or it is no
    address: the router then renders the page."""
    parts = split_address(referrer)
    return (parts[0], f"?{parts[1]}" if parts[1] else "") if parts else None


@callback(Output(Shell.PAGE, "children"), Output(Shell.PAGE, "data-view"), Input(Shell.URL, "pathname"),
          State(Shell.URL, "search"), State(Shell.PAGE, "data-view"))
def route(pathname: str | None, search: str | None, shown: str | None):
    """The page for the address. `data-view` records which address the page on screen was made for:
    on load it usually came inside the layout (dashboard.app.serve_layout), and is kept."""
    view = view_key(pathname, search)
    if shown and shown == view:
        return no_update, no_update
    return render(pathname, search), view
