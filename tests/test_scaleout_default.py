"""The one-machine default under gunicorn as the Procfile runs it, without REDIS_URL: Dash's
DiskcacheManager runs the ranges job in a process forked from the web worker, and the answer comes over
the same callback protocol as on Celery (tests/scaleout.py). Nothing else to install."""
from __future__ import annotations

import os
import subprocess

import pytest

from dashboard import background
from dashboard.ids import Ranges
from tests.scaleout import answer, outputs, start
from tests.server import free_port, procfile_command, stop, wait_until_ready


@pytest.fixture(scope="module")
def one_machine(tmp_path_factory):
    environment = {key: value for key, value in os.environ.items() if key != background.REDIS_URL}
    environment[background.JOBS_DIR] = str(tmp_path_factory.mktemp("jobs"))
    port = free_port()
    server = subprocess.Popen(procfile_command(port, 2), env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(port, server, 2)
        yield port
    finally:
        stop(server)


def test_the_default_manager_answers_a_ranges_job_with_progress(one_machine):
    raw, progress = answer(one_machine, *start(one_machine, "?target=MEX:400"))
    assert progress and all(Ranges.PROGRESS in str(report) for _, report in progress)
    shown = outputs(raw)
    assert len(shown[Ranges.CHART]["figure"]["data"][0]["y"]) == 25
    assert "90 % intervals over 1,000 Monte Carlo draws" in shown[Ranges.STATUS]["children"]
