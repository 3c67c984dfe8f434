"""Browser-test helpers: start the app once per test, wait for charts, check what the page fetched."""
from __future__ import annotations

import json
import socket
import time
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.keys import Keys


@pytest.fixture
def atlas(dash_duo):
    """dash_duo serving the real app (the same object gunicorn serves)."""
    from dashboard.app import app

    dash_duo.start_server(app, port=free_port())
    return dash_duo


def free_port() -> int:
    """A port no one listens on, so two test runs on one machine (or a benchmark) never collide."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def wait_until(predicate, timeout=10.0, message="condition not met"):
    """The first truthy value of predicate() within `timeout` seconds, or an AssertionError."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(message)


def query_of(duo) -> dict:
    """The current URL's query as {key: first value}."""
    return {k: v[0] for k, v in parse_qs(urlparse(duo.driver.current_url).query).items()}


def centre(duo, element) -> None:
    """Scroll an element to the middle of the window, instantly: Bootstrap makes scrolling smooth, so
    a click right after a smooth scroll lands where the element used to be."""
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)


def click(duo, selector: str) -> None:
    """Bring the element to the middle of the window, then click it."""
    element = duo.find_element(selector)
    centre(duo, element)
    element.click()


def choose(duo, dropdown_id: str, text: str) -> None:
    """Pick an option the way a keyboard user does: open the dropdown, type, press Enter.

    Waits for the search box and for the option to be chosen (the dropdown then shows it), so a
    slow machine does not lose keystrokes.
    """
    dropdown = duo.find_element(f"#{dropdown_id}")
    dropdown.click()
    search = wait_until(lambda: (el := duo.driver.switch_to.active_element).tag_name == "input" and el,
                        message="the dropdown's search box did not open")
    search.send_keys(text)
    deadline = time.time() + 10
    while text not in duo.find_element(f"#{dropdown_id}").text and time.time() < deadline:
        time.sleep(0.3)
        duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)


def pick(duo, dropdown_id: str, label: str) -> None:
    """Open a dropdown without a search box and click the option with this label."""
    click(duo, f"#{dropdown_id}")
    option = wait_until(lambda: next((o for o in duo.find_elements("[role=option]") if o.text == label), None),
                        message=f"no option {label!r}")
    option.click()
