"""Dash's background-callback protocol over HTTP, as the renderer speaks it: shared by the scale-out tests
(tests/test_scaleout*.py) and benchmarks/background.py (which imports this module; tests never import benchmarks).

A job starts with POST /_dash-update-component?endId=... (the page load's signed token from the index's
Dash config); the answer holds signed `cacheKey` and `job` handles, which later polls carry (inputs blanked)
until an answer has a "response". Any instance sharing the manager's store can answer a poll.
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import quote

import redis

from dashboard import config
from dashboard.ids import Ranges, Scenarios, Shell
from tests.callbacks import callback_outputs, dependency_of
from tests.server import HOST, free_port, procfile_command, stop, wait_until_ready

REDIS = shutil.which("redis-server")
START_TIMEOUT = 60.0

ANSWER_TIMEOUT = 90.0  # seconds to wait for any answer before giving up
POLL_SECONDS = 0.05  # faster than the page polls: tests wait less


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_for(what: str, ready, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} not ready within {timeout:.0f} s")


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """Debian's redis-server on a free loopback port, nothing saved to disk; yields its URL, stops it after."""
    if REDIS is None:
        raise RuntimeError("redis-server is not installed (`make test` installs it)")
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        server = subprocess.Popen([REDIS, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                                   "--dir", directory], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            client = redis.Redis(host=HOST, port=port)

            def pong() -> bool:
                try:
                    return bool(client.ping())
                except redis.ConnectionError:
                    return False

            wait_for("redis-server", pong)
            yield f"redis://{HOST}:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=10)


def worker_command() -> list[str]:
    """The Procfile's worker command, its ${NAME:-default} variables at their defaults, run by this Python."""
    line = next(line for line in (config.ROOT_DIR / "Procfile").read_text().splitlines() if line.startswith("worker:"))
    args = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", line[len("worker:"):]).split()
    if args[:3] != ["celery", "-A", "dashboard.worker"]:
        raise AssertionError(f"Procfile: expected 'worker: celery -A dashboard.worker ...', got {line!r}")
    return [sys.executable, "-m", *args]


@contextlib.contextmanager
def celery_worker(environment: Mapping[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """The Procfile's Celery worker in a session of its own (so the whole worker can be killed), logging to
    `log`; yields its process once it is ready, and stops it after (if it still runs)."""
    with log.open("w") as out:
        process = subprocess.Popen(worker_command(), cwd=config.ROOT_DIR, env=dict(environment), stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for("celery worker", lambda: "ready." in log.read_text() or process.poll() is not None)
        if process.poll() is not None:
            raise AssertionError(f"the worker exited: {log.read_text()[-2000:]}")
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


@contextlib.contextmanager
def web_instances(environment: Mapping[str, str], count: int, workers: int = 1) -> Iterator[list[int]]:
    """`count` gunicorn instances as the Procfile runs them (`workers` each) on free loopback ports."""
    servers: list[tuple[int, subprocess.Popen]] = []
    try:
        for _ in range(count):
            port = free_port()
            servers.append((port, subprocess.Popen(procfile_command(port, workers), cwd=config.ROOT_DIR,
                                                   env=dict(environment), stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL)))
        for port, server in servers:
            wait_until_ready(port, server, workers)
        yield [port for port, _ in servers]
    finally:
        for _, server in servers:
            stop(server)


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
                       "inputs": [{"id": Shell.URL, "property": "search", "value": search},
                                  {"id": Scenarios.UPLOAD_STORE, "property": "data", "value": None}], "state": [],
                       "changedPropIds": [f"{Shell.URL}.search"]}).encode()


def start(port: int, search: str, token: str | None = None, replaces: dict | None = None) -> tuple[bytes, str, dict]:
    """Start the ranges job of `search` through `port`: (request body, endId, signed handles). token: the
    page load's endId (default: a new page load); replaces: the handles of the job this one replaces (the
    renderer sends its job as oldJob when the inputs change before it answered, and Dash stops it)."""
    token, body = token or end_id(port), ranges_body(port, search)
    old = f"&oldJob={quote(replaces['job'])}" if replaces else ""
    status, raw = request(port, "POST", f"/_dash-update-component?endId={quote(token)}{old}", body)
    assert status == 200, raw[:500]
    handles = json.loads(raw)
    assert {"cacheKey", "job"} <= handles.keys(), handles
    return body, token, handles


def answer(port: int, body: bytes, token: str, handles: dict, on_progress=None,
           poll_seconds: float = POLL_SECONDS) -> tuple[bytes, list]:
    """Poll through `port` as the renderer does until the job answers: (answer bytes, progress seen as
    (seconds since the first poll, {output: value})). on_progress() is called at each progress report.
    poll_seconds: the pause between polls (the renderer's is the callback's interval, background.POLL_MS)."""
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
        time.sleep(poll_seconds)
    raise AssertionError(f"no answer within {ANSWER_TIMEOUT:.0f} s")


def outputs(raw: bytes) -> dict:
    return json.loads(raw)["response"]


