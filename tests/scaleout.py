"""Dash's background-callback protocol over HTTP, as the renderer speaks it: shared by the scale-out tests
(tests/test_scaleout*.py) and benchmarks/background.py (which imports this module; tests never import benchmarks).

A job starts with POST /_dash-update-component?endId=... (the page load's signed token from the index's
Dash config); the answer holds signed `cacheKey` and `job` handles, which later polls carry (inputs blanked)
until an answer has a "response". Any instance sharing the manager's store can answer a poll.
"""
from __future__ import annotations

import http.client
import json
import re
import time
from urllib.parse import quote

from dashboard.ids import Ranges, Shell
from tests.callbacks import callback_outputs, dependency_of
from tests.server import HOST

ANSWER_TIMEOUT = 90.0  # seconds to wait for any answer before giving up
POLL_SECONDS = 0.05


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def end_id(port: int) -> str:
    """The page load's signed token from the index's Dash config (the renderer echoes it as endId)."""
    _, page = request(port, "GET", "/scenarios")
    config = re.search(rb'<script id="_dash-config" type="application/json">(.*?)</script>', page, re.S)
    assert config, "no Dash config in the index"
    return json.loads(config.group(1))["end_id"]


def ranges_body(port: int, search: str | None) -> bytes:
    _, raw = request(port, "GET", "/_dash-dependencies")
    dep = dependency_of(json.loads(raw), f"{Ranges.CHART}.figure")
    return json.dumps({"output": dep["output"], "outputs": callback_outputs(dep),
                       "inputs": [{"id": Shell.URL, "property": "search", "value": search}], "state": [],
                       "changedPropIds": [f"{Shell.URL}.search"]}).encode()


def start(port: int, search: str) -> tuple[bytes, str, dict]:
    """Start the ranges job of `search` through `port`: (request body, endId, signed handles)."""
    token, body = end_id(port), ranges_body(port, search)
    status, raw = request(port, "POST", f"/_dash-update-component?endId={quote(token)}", body)
    assert status == 200, raw[:500]
    handles = json.loads(raw)
    assert {"cacheKey", "job"} <= handles.keys(), handles
    return body, token, handles


def answer(port: int, body: bytes, token: str, handles: dict, on_progress=None) -> tuple[bytes, list]:
    """Poll through `port` as the renderer does until the job answers: (answer bytes, progress seen as
    (seconds since the first poll, {output: value})). on_progress() is called at each progress report."""
    polled = json.loads(body)
    for entry in polled["inputs"]:
        entry["value"] = None  # the renderer blanks inputs when it polls
    path = (f"/_dash-update-component?endId={quote(token)}&cacheKey={quote(handles['cacheKey'])}"
            f"&job={quote(handles['job'])}")
    progress = []
    began = time.monotonic()
    while time.monotonic() < began + ANSWER_TIMEOUT:
        status, raw = request(port, "POST", path, json.dumps(polled).encode())
        assert status == 200, (status, raw[:300])  # 204 would leave the page spinning (plotly/dash#2808)
        data = json.loads(raw)
        if "progress" in data:
            progress.append((time.monotonic() - began, data["progress"]))
            if on_progress:
                on_progress()
        if "response" in data:
            return raw, progress
        time.sleep(POLL_SECONDS)
    raise AssertionError(f"no answer within {ANSWER_TIMEOUT:.0f} s")


def outputs(raw: bytes) -> dict:
    return json.loads(raw)["response"]


