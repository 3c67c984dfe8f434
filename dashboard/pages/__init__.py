"""Pages: one module per page. `PAGES` is the registry; `route` turns a URL into a page layout."""
from __future__ import annotations

import logging

from dash import Input, Output, State, callback
from dash.development.base_component import Component

from dashboard.ids import Shell
from dashboard.pages import methods, networks, overview, scenarios, strategies
from dashboard.pages.embed import embed_view
from dashboard.pages.not_found import not_found, page_failed
from dashboard.pages.registry import Page, page_path, parse_query

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


@callback(Output(Shell.PAGE, "children"), Input(Shell.URL, "pathname"), State(Shell.URL, "search"))
def route(pathname: str | None, search: str | None) -> Component:
    return render(pathname, search)
