"""The gunicorn settings the Procfile loads: each worker is warmed before its first request."""
from __future__ import annotations

import logging

from dashboard import gunicorn_conf
from dashboard.views import scenario_model as scn


class _Client:
    asked: list[str] = []

    def get(self, path: str) -> None:
        self.asked.append(path)


class _Worker:
    log = logging.getLogger("test-worker")

    class wsgi:
        test_client = _Client


def test_a_new_worker_answers_one_index_request_before_any_other(monkeypatch):
    """Dash's first-request set-up must not run beside other requests (the Procfile gives each worker
    threads): post_worker_init makes that first request itself."""
    monkeypatch.setattr(scn, "run", lambda view, uploaded=None: None)
    _Client.asked.clear()
    gunicorn_conf.post_worker_init(_Worker())
    assert _Client.asked == ["/"]


def test_the_procfile_loads_these_settings():
    from tests.server import procfile_command

    command = procfile_command(8050, 2)
    assert command[command.index("--config") + 1] == "python:dashboard.gunicorn_conf"


def test_a_new_worker_solves_a_scenario_at_each_level(monkeypatch):
    solved = []
    monkeypatch.setattr(scn, "run", lambda view, uploaded=None: solved.append(view))
    gunicorn_conf.post_worker_init(_Worker())
    assert sorted(v.level for v in solved) == sorted(scn.LEVELS)
    assert all(v.targets for v in solved)  # a scenario that moves a robot density, not the baseline


def test_a_failed_warm_up_is_logged_and_the_worker_still_starts(monkeypatch, caplog):
    def broken(view, uploaded=None):
        raise ValueError("no data")

    monkeypatch.setattr(scn, "run", broken)
    with caplog.at_level(logging.ERROR, logger="test-worker"):
        gunicorn_conf.post_worker_init(_Worker())  # does not raise
    assert "warming the scenario model failed" in caplog.text
