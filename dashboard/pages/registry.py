"""The page registry type and URL helpers shared by the pages. No page modules imported here."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

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


def split_address(address) -> tuple[str, str] | None:
    """(path, query without "?") of an address ("http://host/path?query" or "/path?query"); None for
    anything that is not one (not a string, or one urlsplit refuses, e.g. "http://[x/")."""
    if not isinstance(address, str) or not address:
        return None
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    return parts.path or "/", parts.query


def view_key(pathname: str | None, search: str | None) -> str:
    """An address as "/path?query": what the shell records (data-view) as the view the page on
    screen was made for, and what a page records when it rewrites its own URL."""
    path = pathname if isinstance(pathname, str) and pathname else "/"
    return path + (search if isinstance(search, str) and search not in ("", "?") else "")


def page_path(pathname: str | None) -> str:
    """A URL's path as the registry names pages: "/strategies/" -> "/strategies"; anything else -> "/"."""
    return (pathname if isinstance(pathname, str) and pathname else "/").rstrip("/") or "/"
