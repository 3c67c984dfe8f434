"""Shared fixtures. Browser tests run in Debian's Chromium, headless, with the internet cut off."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

# One BLAS thread, as the Procfile's processes run (dashboard/gunicorn_conf.py), and set before numpy loads:
# the browser tests' in-process server forks a process per background job (Dash's DiskcacheManager), and a
# child forked while OpenBLAS threads run can deadlock.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import psutil
import pytest

import dashboard.app  # noqa: F401 - the app first: page modules register with Dash Pages, which needs it
from dashboard import config


def pytest_sessionfinish(session, exitstatus):
    """Stop background-job processes the in-process test servers forked and left behind (a job cancelled
    or stuck when its test ended): Python would otherwise wait for them at exit and the run never ends."""
    for child in psutil.Process().children(recursive=True):
        try:
            child.kill()
        except psutil.Error:
            pass


def pytest_setup_options():
    """Options for dash[testing]'s Chrome driver (a hook the dash pytest plugin calls)."""
    from selenium.webdriver.chrome.options import Options

    class RecordingOptions(Options):
        """dash[testing] sets goog:loggingPrefs to the console log only; keep the performance log too,
        so tests can list every request the browser made."""

        def set_capability(self, name, value):
            if name == "goog:loggingPrefs":
                value = {**value, "performance": "ALL"}
            super().set_capability(name, value)

    options = RecordingOptions()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    # Resolve no host but the test server's: any CDN request fails and shows in the console log,
    # so every browser test also proves the app works offline.
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1")
    options.add_argument("--window-size=1280,900")
    return options


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break files on purpose."""
    target = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, target)
    return target


@pytest.fixture(scope="module")
def client():
    """A Flask test client of the real app (no server, no browser)."""
    from dashboard.app import app

    return app.server.test_client()


@pytest.fixture(scope="module")
def dependencies(client):
    """The callback graph as the browser gets it (/_dash-dependencies)."""
    return client.get("/_dash-dependencies").get_json()
