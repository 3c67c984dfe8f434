"""Sources as a policymaker cites them: each publisher by name, linked to its own page, primary source
first; a copy we read instead (a GitHub mirror of a bulk file, a news or trade-press report) only after
it, as "retrieved from <site>".

Every data file carries `source_publisher`, `source_url` and `retrieved_from` (dashboard/datasets/schema.py
SOURCE_COLUMNS), several values separated by " | ", the n-th publisher naming the n-th URL.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
from dash import html
from dash.development.base_component import Component

SEPARATOR = " | "


def _parts(value: object) -> list[str]:
    if not isinstance(value, str) or pd.isna(value):
        return []
    return [part.strip() for part in value.split(SEPARATOR.strip()) if part.strip()]


def site_name(url: str) -> str:
    """A short name for the site of a copy: "GitHub copy (owner/repo)" for a repository file, else the
    host without "www." (e.g. "en.people.cn")."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    if host == "github.com":
        repo = "/".join(parts.path.strip("/").split("/")[:2])
        return f"GitHub copy ({repo})" if repo else "GitHub"
    return host or url


def citations(publisher: object, url: object) -> list[tuple[str, str]]:
    """(link text, URL) of each primary source, in the file's order: the n-th publisher names the n-th URL;
    a URL without its own publisher is named by its site, and a publisher without a URL is left out
    (the text beside the links names it)."""
    names, urls = _parts(publisher), _parts(url)
    return [(names[n] if n < len(names) else site_name(link), link) for n, link in enumerate(urls)]


def copies(retrieved_from: object) -> list[tuple[str, str]]:
    """(link text, URL) of each copy the figure was read from, named by its site."""
    return [(site_name(link), link) for link in _parts(retrieved_from)]


def _anchor(text: str, url: str) -> html.A:
    return html.A(text, href=url, target="_blank", rel="noopener noreferrer")


def links(pairs: list[tuple[str, str]]) -> list[Component | str]:
    """The (text, URL) pairs as links, separated by commas."""
    out: list[Component | str] = []
    for n, (text, url) in enumerate(pairs):
        out += ([", "] if n else []) + [_anchor(text, url)]
    return out


def source_links(publisher: object, url: object, retrieved_from: object, prefix: str = "Source: ") -> list:
    """`prefix`, the publishers as links (primary first), then "; retrieved from" and the copies: the
    children of a line citing one figure or document. [] when there is no URL at all."""
    primary, mirrors = citations(publisher, url), copies(retrieved_from)
    if not primary and not mirrors:
        return []
    line: list = [prefix, *links(primary)] if primary else [prefix, "retrieved from "]
    if mirrors:
        line += ["; retrieved from " if primary else "", *links(mirrors)]
    return line
