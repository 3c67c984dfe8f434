"""Many workers, one truth: under gunicorn with two workers, the same request gets the same bytes from each.

Starts gunicorn as the Procfile does (2 workers, loopback), logs which worker served each request, and
sends the same page, layout and scenario-callback requests many times at once so both workers answer.
"""
from __future__ import annotations

import json
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard import config, gunicorn_conf
from tests.callbacks import router_payload, scenario_payload
from tests.scaleout import request
from tests.server import free_port, procfile_command, stop, wait_until_ready

ROUNDS = 24


_request = request  # one HTTP helper for the server tests (tests/scaleout.py)


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "access.log"
    command = [*procfile_command(port, 2), "--access-logfile", str(log), "--access-logformat", "%(p)s %(U)s"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(port, server, 2)
        yield port, log
    finally:
        stop(server)


def _same_from_every_worker(port: int, log, method: str, path: str, body: bytes | None = None) -> bytes:
    """Send the request in concurrent batches until both workers have answered; all answers must match."""
    answers, served_by = [], set()
    for _ in range(10):  # a fast request can be served by one worker for a whole batch: try again
        start = len(log.read_text().splitlines()) if log.exists() else 0
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers += list(pool.map(lambda _: _request(port, method, path, body), range(ROUNDS)))
        time.sleep(0.3)  # let the access log flush
        served_by |= {re.match(r"<?(\d+)", line).group(1) for line in log.read_text().splitlines()[start:]}
        if len(served_by) >= 2:
            break
    assert all(status == 200 for status, _ in answers), {status for status, _ in answers}
    # Dash 4 writes a fresh random end_id (a per-page-load token for its callback URLs) into every
    # index page; it is Dash's, not app state, so it is left out of the comparison.
    bodies = {re.sub(rb'"end_id":"[^"]*"', b'"end_id":""', data) for _, data in answers}
    assert len(bodies) == 1, f"{path}: the workers gave different answers"
    assert len(served_by) >= 2, f"{path}: only worker(s) {served_by} answered; the test proves nothing"
    return answers[0][1]


def test_pages_and_layout_are_identical_on_every_worker(gunicorn):
    port, log = gunicorn
    for path in ("/", "/_dash-layout", "/_dash-dependencies"):
        _same_from_every_worker(port, log, "GET", path)


def test_callbacks_give_byte_identical_results_on_every_worker(gunicorn):
    port, log = gunicorn
    dependencies = json.loads(_request(port, "GET", "/_dash-dependencies")[1])
    _same_from_every_worker(port, log, "POST", "/_dash-update-component",
                            router_payload(dependencies, "/strategies", "?economy=DEU&focus=robotics"))
    body = _same_from_every_worker(port, log, "POST", "/_dash-update-component",
                                   scenario_payload(dependencies, {"DEU": 600.0, "CHN": 300.0},
                                                    theta=6.0))
    assert b"Germany gains" in body


def test_a_long_address_gets_the_app_not_gunicorns_bare_error(gunicorn):
    """Issue 26 #14: a 5 KB address (gunicorn's default request line is 4,094 bytes) is answered by the
    app; one over config.MAX_URL_BYTES gets the app's own page saying the link is too long."""
    port, _log = gunicorn
    status, body = _request(port, "GET", "/strategies?x=" + "a" * 5_000)
    assert status == 200 and b"_dash-renderer" in body
    status, body = _request(port, "GET", "/strategies?x=" + "a" * config.MAX_URL_BYTES)
    assert status == 414 and b"This link is too long" in body and b'href="/strategies"' in body
    assert gunicorn_conf.limit_request_line >= len("GET  HTTP/1.1") + config.MAX_URL_BYTES
