"""Browser-test helpers: start the app once per test, wait for charts, check what the page fetched."""
from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest


@pytest.fixture
def atlas(dash_duo):
    """dash_duo serving the real app (the same object gunicorn serves)."""
    from dashboard.app import app

    dash_duo.start_server(app)
    return dash_duo


def requested_urls(duo) -> list[str]:
    """Every URL the browser asked for so far, from Chrome's performance log (Network.requestWillBeSent)."""
    urls = []
    for entry in duo.driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def external_requests(urls: list[str], server_url: str) -> list[str]:
    """The URLs that left the test server's host (must be none: the app works offline)."""
    local = urlparse(server_url).netloc
    return [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != local]


def open_path(duo, path: str) -> None:
    duo.driver.get(duo.server_url + path)
    duo.wait_for_element("#page-content > *", timeout=10)
