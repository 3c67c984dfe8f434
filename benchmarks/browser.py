"""Shared by the browser benchmarks: the app under gunicorn (as the Procfile runs it) and headless Chromium."""
from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server import HOST, free_port, procfile_command, stop, wait_until_ready  # noqa: E402


@contextlib.contextmanager
def served(workers: int = 2) -> Iterator[str]:
    """The app under gunicorn on a free loopback port; yields its base URL and stops it afterwards."""
    port = free_port()
    server = subprocess.Popen(procfile_command(port, workers), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(port, server, workers)
        yield f"http://{HOST}:{port}"
    finally:
        stop(server)


@contextlib.contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[object]:
    """Headless Debian Chromium through chromedriver, offline except loopback, with the performance log on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}",
                     "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()
