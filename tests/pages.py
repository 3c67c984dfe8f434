"""The app's pages as Dash Pages registered them, and a way to render one as the router does."""
from __future__ import annotations

from urllib.parse import parse_qs

import dash
from dash.development.base_component import Component

import dashboard.app  # noqa: F401 - creating the app registers its pages

#: Every page a visitor can open from the navbar, in navbar order.
PATHS = tuple(p["path"] for p in dash.page_registry.values() if p.get("in_nav", True))


def params(search: str) -> dict:
    """The keyword arguments Dash Pages gives a layout for a query string (a list for a repeated key)."""
    if not isinstance(search, str) or not search.startswith("?"):
        return {}
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(search[1:], keep_blank_values=True).items()}


def render(path: str, search: str = "", on_screen: list | None = None) -> Component:
    """The layout the router puts in for `path` + `search` (the 404 page for an unknown path)."""
    pages = list(dash.page_registry.values())
    page = next((p for p in pages if p["path"] == path), None) or \
        next(p for p in pages if p["module"].endswith("not_found_404"))
    kwargs = params(search)
    if on_screen is not None:
        kwargs["on_screen_"] = on_screen
    return page["layout"](**kwargs)


def find(layout: Component, component_id) -> Component:
    """The component with this id in a layout (KeyError if there is none)."""
    return layout[component_id]
