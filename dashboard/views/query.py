"""Small helpers every page's URL codec shares: parse a value or say why it was dropped."""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit

View = TypeVar("View")  # a page's view state (a frozen dataclass)
MAX_VALUE_LENGTH = 200
# A query string longer than this is not a view anyone shared: ignore it instead of parsing it.
MAX_QUERY_LENGTH = 4000


def parse_query(search: str | None) -> dict[str, str]:
    """`?a=1&b=x` -> {"a": "1", "b": "x"}; the first value wins; junk gives {} rather than an error."""
    if not isinstance(search, str) or not search or len(search) > MAX_QUERY_LENGTH:
        return {}
    try:
        parsed = parse_qs(search.lstrip("?"), keep_blank_values=False, max_num_fields=100)
    except ValueError:
        return {}
    return {key: values[0] for key, values in parsed.items() if values}


def query_from_params(params: Mapping[str, object]) -> dict[str, str]:
    """The query Dash Pages hands a layout as keyword arguments (a list for a repeated key, "" for a blank
    one), as `parse_query` reads it: the first value wins, blank values are dropped, and a query longer
    than MAX_QUERY_LENGTH, or with more than 100 keys, is no view anyone shared ({})."""
    query: dict[str, str] = {}
    for key, value in params.items():
        first = value[0] if isinstance(value, list) and value else value
        if isinstance(key, str) and isinstance(first, str) and first:
            query[key] = first
    if len(query) > 100 or sum(len(k) + len(v) + 2 for k, v in query.items()) > MAX_QUERY_LENGTH:
        return {}
    return query


def split_address(address: object) -> tuple[str, str] | None:
    """(path, query without "?") of an address ("http://host/path?query" or "/path?query"); None for
    anything that is not one (not a string, or one urlsplit refuses, e.g. "http://[x/")."""
    if not isinstance(address, str) or not address:
        return None
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    return parts.path or "/", parts.query


def page_path(pathname: object) -> str:
    """A URL's path as pages are registered: "/strategies/" -> "/strategies"; anything else -> "/"."""
    return (pathname if isinstance(pathname, str) and pathname else "/").rstrip("/") or "/"


def quoted(value: str) -> str:
    """A URL value as a notice may quote it: short, so a hostile value cannot flood the page."""
    return value if len(value) <= 40 else value[:37] + "..."


def _parse_number(query: Mapping[str, str], key: str, low: float, high: float, notices: list[str],
                  convert, what: str):
    raw = query.get(key)
    if raw is None:
        return None
    try:
        value = convert(raw.strip()[:MAX_VALUE_LENGTH])
    except (ValueError, OverflowError):
        value = None
    if value is None or not math.isfinite(value):
        notices.append(f"Ignored {key}={quoted(raw)!r}: not {what}.")
        return None
    if not low <= value <= high:
        clamped = min(max(value, low), high)
        notices.append(f"{key}={quoted(raw.strip())} is outside {low:g}–{high:g}; showing {clamped:g}.")
        return clamped
    return value


def parse_int(query: Mapping[str, str], key: str, low: int, high: int, notices: list[str]) -> int | None:
    """An integer clamped to [low, high]; None (with a notice) when it is not a whole number."""
    return _parse_number(query, key, low, high, notices, int, "a whole number")


def parse_float(query: Mapping[str, str], key: str, low: float, high: float, notices: list[str]) -> float | None:
    """A finite number clamped to [low, high]; None (with a notice) when it is not a number."""
    return _parse_number(query, key, low, high, notices, float, "a number")


def parse_choice(query: Mapping[str, str], key: str, choices: Iterable[str], notices: list[str],
                 upper: bool = False) -> str | None:
    """One value from `choices`; None (with a notice) for anything else."""
    raw = query.get(key)
    if raw is None:
        return None
    value = raw.strip().upper() if upper else raw.strip()
    if value in set(choices):
        return value
    notices.append(f"Ignored {key}={quoted(raw)!r}: not a known value.")
    return None


def parse_set(query: Mapping[str, str], key: str, choices: Iterable[str], notices: list[str]) -> tuple[str, ...]:
    """Comma-separated values kept in the order of `choices`; unknown ones dropped with a notice."""
    raw = query.get(key)
    if raw is None:
        return ()
    allowed = list(choices)
    asked = [v.strip() for v in raw[:MAX_VALUE_LENGTH * 4].split(",") if v.strip()]
    unknown = [v for v in asked if v not in allowed]
    if unknown:
        notices.append(f"Ignored {key} value(s) {', '.join(repr(quoted(v)) for v in unknown[:5])}: not known.")
    return tuple(v for v in allowed if v in asked)


def coerce_number(value, low: float, high: float, default: float) -> float:
    """A control's value as a finite number in [low, high]; `default` for anything that is not a number.

    Callbacks receive what the browser sends, which a hostile client can set to anything.
    """
    if isinstance(value, bool):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(number, low), high) if math.isfinite(number) else default


def clicked_point(click) -> dict:
    """The first point of a plotly clickData, or {} for anything else (a hostile client can send any value)."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    return point if isinstance(point, dict) else {}


def encode(pairs: Iterable[tuple[str, object]]) -> str:
    """`?a=1&b=x,y` from (key, value) pairs, leaving out None and empty values; "" when nothing is left."""
    kept = [(k, ",".join(v) if isinstance(v, tuple) else v) for k, v in pairs if v not in (None, (), "")]
    return "?" + urlencode(kept, safe=",:") if kept else ""


def written_view(search: object, parse: Callable[[dict[str, str]], tuple[View, list[str]]],
                 write: Callable[[View], str]) -> View | None:
    """The view of a query that a page's codec wrote itself (`parse`: from_query, `write`: to_query),
    e.g. the page's record of what it has drawn; None for anything else: a query that does not parse,
    without a notice, back to exactly itself is not trusted."""
    if not isinstance(search, str):
        return None
    view, notices = parse(parse_query(search))
    return view if not notices and write(view) == search else None


def changed_fields(before, after) -> frozenset[str] | None:
    """The names of the fields in which view `after` differs from view `before` (instances of one
    dataclass); None when `before` is None (nothing is known to be on screen)."""
    if before is None:
        return None
    return frozenset(f.name for f in dataclasses.fields(after) if getattr(before, f.name) != getattr(after, f.name))
