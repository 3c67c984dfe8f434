"""The page registry type and URL helpers shared by the pages. No page modules imported here."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dash.development.base_component import Component

from dashboard.views.query import MAX_QUERY_LENGTH, parse_query  # noqa: F401 - pages import them from here


@dataclass(frozen=True)
class Page:
    """A page: its path, its navbar label, and `layout(query) -> Component`."""

    path: str
    name: str
    layout: Callable[[Mapping[str, str]], Component]
    description: str = ""
    in_nav: bool = True


def page_path(pathname: str | None) -> str:
    """A URL's path as the registry names pages: "/strategies/" -> "/strategies"; anything else -> "/"."""
    return (pathname if isinstance(pathname, str) and pathname else "/").rstrip("/") or "/"
