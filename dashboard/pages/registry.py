"""The page registry type and URL helpers shared by the pages. No page modules imported here."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

from dash.development.base_component import Component

# A query string longer than this is not a view anyone shared: ignore it instead of parsing it.
MAX_QUERY_LENGTH = 4000


@dataclass(frozen=True)
class Page:
    """A page: its path, its navbar label, and `layout(query) -> Component`."""

    path: str
    name: str
    layout: Callable[[Mapping[str, str]], Component]
    description: str = ""
    in_nav: bool = True


def parse_query(search: str | None) -> dict[str, str]:
    """`?a=1&b=x` -> {"a": "1", "b": "x"}; the first value wins; junk gives {} rather than an error."""
    if not isinstance(search, str) or not search or len(search) > MAX_QUERY_LENGTH:
        return {}
    try:
        parsed = parse_qs(search.lstrip("?"), keep_blank_values=False, max_num_fields=100)
    except ValueError:
        return {}
    return {key: values[0] for key, values in parsed.items() if values}
