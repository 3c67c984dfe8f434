"""dashboard/background.py: which manager and result cache each environment gets, and when a job that
cannot answer any more is reported as failed (the live version of the latter: tests/test_scaleout.py)."""
from __future__ import annotations

import json
import os

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import background
from dashboard.components import ranges as panel
from dashboard.ids import Ranges, Scenarios, Shell
from dashboard.views import ranges as rv
from tests.callbacks import dependency_of

URL = "redis://127.0.0.1:1/0"  # never connected to: building the managers opens no connection


def test_one_machine_by_default_celery_on_redis_when_configured(tmp_path):
    default = background.manager({background.JOBS_DIR: str(tmp_path)})
    assert isinstance(default, background.WatchedDiskcacheManager)
    assert default.handle.directory == str(tmp_path)
    assert background.cache_config({})["CACHE_TYPE"] == "SimpleCache"
    shared = background.manager({background.REDIS_URL: URL})
    assert isinstance(shared, background.WatchedCeleryManager)
    assert shared.handle is background.celery_app(URL)  # the worker (dashboard/worker.py) serves this one
    assert shared.handle.conf.broker_url == URL and shared.handle.conf.task_track_started
    assert background.cache_config({background.REDIS_URL: URL}) == {
        "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": URL, "CACHE_KEY_PREFIX": background.CACHE_KEY_PREFIX}
    assert (shared.stall_seconds, shared.queue_seconds) == (background.STALL_SECONDS, background.QUEUE_SECONDS)


@pytest.mark.parametrize("raw, message", [
    ("soon", "ATLAS_JOB_STALL_SECONDS must be a number of seconds, got 'soon'"),
    ("0", "ATLAS_JOB_STALL_SECONDS must be positive, got '0'"),
])
def test_a_bad_timeout_is_refused_with_its_name(raw, message):
    with pytest.raises(ValueError, match=message):
        background.manager({background.STALL: raw})


@pytest.mark.parametrize("raw, message", [
    ("low", "ATLAS_JOB_NICENESS must be a whole number from 0 to 19, got 'low'"),
    ("20", "ATLAS_JOB_NICENESS must be a whole number from 0 to 19, got '20'"),
    ("-1", "ATLAS_JOB_NICENESS must be a whole number from 0 to 19, got '-1'"),
])
def test_a_bad_job_niceness_is_refused_with_its_name(raw, message):
    with pytest.raises(ValueError, match=message):
        background.manager({background.NICENESS: raw})


def test_a_one_machine_job_runs_at_a_lower_cpu_priority_than_its_web_worker(tmp_path):
    """The job's own process is niced (the speed trick of issue 22), the web worker is not."""
    import multiprocessing

    assert background.manager({background.JOBS_DIR: str(tmp_path)}).niceness == background.JOB_NICENESS > 0
    assert background.manager({background.JOBS_DIR: str(tmp_path), background.NICENESS: "0"}).niceness == 0
    fork = multiprocessing.get_context("fork")
    found = fork.Queue()
    job = fork.Process(target=background._niced, args=(7, _report_niceness, found))
    job.start()
    job.join(timeout=30)
    assert found.get(timeout=5) == os.nice(0) + 7


def _report_niceness(found) -> None:
    found.put(os.nice(0))


class _Task:
    def __init__(self, state: str):
        self.state = state


@pytest.fixture
def celery_manager(monkeypatch):
    manager = background.manager({background.REDIS_URL: URL, background.STALL: "5", background.QUEUE: "30"})
    store: dict[str, str] = {}
    monkeypatch.setattr(manager, "stored", store.get)
    monkeypatch.setattr(manager, "store", store.__setitem__)
    monkeypatch.setattr(manager, "result_ready", lambda key: False)
    monkeypatch.setattr(manager, "terminate_job", lambda job: store.__setitem__("terminated", job))
    clock = [1000.0]
    monkeypatch.setattr(background.time, "time", lambda: clock[0])
    return manager, store, clock


@pytest.mark.parametrize("state, seconds, reason", [
    ("PENDING", 29, None),
    ("PENDING", 31, "no worker took the job within 30 s"),
    ("STARTED", 4, None),
    ("STARTED", 6, "the worker sent no progress for 5 s"),
    ("FAILURE", 0, "the worker running the job stopped before answering"),
    ("SUCCESS", 600, None),   # its result is being written: the next poll has it
])
def test_a_job_that_cannot_answer_is_answered_with_an_error(celery_manager, monkeypatch, state, seconds, reason):
    manager, store, clock = celery_manager
    monkeypatch.setattr(manager, "get_task", lambda job: _Task(state))
    store["key-queued"] = repr(clock[0])
    assert manager.failure("key", "job") is None or state == "FAILURE"  # first sight of a running job
    clock[0] += seconds
    assert manager.failure("key", "job") == reason
    answer = manager.watched_result("key", "job", lambda: manager.UNDEFINED, manager.result_ready,
                                    manager.terminate_job)
    if reason is None:
        assert answer is manager.UNDEFINED and "terminated" not in store
    else:
        assert answer == {"background_callback_error": {"msg": reason, "tb": ""}} and store["terminated"] == "job"


def test_progress_keeps_a_running_job_alive(celery_manager, monkeypatch):
    manager, _, clock = celery_manager
    monkeypatch.setattr(manager, "get_task", lambda job: _Task("STARTED"))
    assert manager.failure("key", "job") is None
    for _ in range(4):  # 4 × 4 s, a progress report each time: never 5 s without one
        clock[0] += 4
        manager.watched_progress("key", [50, "500 of 1,000 draws"])
        assert manager.failure("key", "job") is None
    clock[0] += 6
    assert manager.failure("key", "job") == "the worker sent no progress for 5 s"


def test_the_same_address_gives_the_same_ranges():
    """A link reproduces its ranges: the seed comes from the scenario, and the query is read canonically."""
    first = panel.answer("?target=DEU:600&theta=5")
    again = panel.answer("?theta=5.0&target=deu:600.0")
    assert json.dumps(first, cls=PlotlyJSONEncoder) == json.dumps(again, cls=PlotlyJSONEncoder)  # as sent
    assert rv.ranges_inputs("?target=DEU:600&theta=5").key == rv.ranges_inputs("?theta=5.0&target=deu:600.0").key
    assert "Monte Carlo draws" in first[2]


def test_city_cluster_ranges_are_drawn_with_their_draws_and_cost_stated(monkeypatch):
    monkeypatch.setitem(rv.DRAWS, "clusters", 8)
    figure, table, status, headline = panel.answer("?level=clusters&city=greater-bay-area:600")
    assert status.startswith("Medians and 90 % intervals over 8 Monte Carlo draws (0 did not converge; 8 draws at "
                             f"city-cluster level, {rv.COST['clusters']}).")
    shown = json.dumps(table, cls=PlotlyJSONEncoder)
    assert "City cluster or rest of country" in shown and "Guangdong-Hong Kong-Macao Greater Bay Area" in shown
    assert "5th pct." in shown and "Same sign" in shown
    assert headline[0].children == "Guangdong-Hong Kong-Macao Greater Bay Area gains export share in 100 % of draws."
    assert len(figure["data"][0]["y"]) == len(rv.ranges_inputs("?level=clusters").names or {})


def test_no_ranges_are_shown_for_an_uploaded_matrix():
    """The ranges are the built-in baseline's: under an upload's results they would speak of another economy."""
    _, table, status, headline = panel.answer("?target=DEU:600", uploaded={"codes": ["AAA", "BBB"], "values": []})
    assert (table, headline) == ([], []) and status == panel.UPLOADED


def test_a_failed_job_is_reported_with_its_reason():
    _, table, status, headline = panel.failed(Exception(
        "An error occurred inside a background callback: the worker sent no progress for 10 s\n"))
    assert table == [] and headline == [] and status.startswith(
        "The uncertainty ranges could not be computed (the worker sent no progress for 10 s).")


def test_the_panel_holds_its_parts_and_its_callback_runs_in_the_background(dependencies):
    layout = json.dumps(panel.ranges_panel(), cls=PlotlyJSONEncoder)
    for part in (Ranges.STATUS, Ranges.PROGRESS, Ranges.CANCEL, Ranges.CHART, Ranges.TABLE):
        assert f'"{part}"' in layout
    assert Ranges.HEADLINE in json.dumps(panel.headline_box(), cls=PlotlyJSONEncoder)
    dep = dependency_of(dependencies, f"{Ranges.CHART}.figure")
    assert dep["background"] == {"interval": background.POLL_MS}
    # The address (the scenario the page shows) and the upload (then there are no ranges to show).
    assert [i["id"] for i in dep["inputs"]] == [Shell.URL, Scenarios.UPLOAD_STORE]
    assert f"{Ranges.HEADLINE}.children" in dep["output"]  # how sure the headlines are
    # Dash registers the cancel button as a callback of its own, which stops the job.
    assert any(i["id"] == Ranges.CANCEL for d in dependencies for i in d["inputs"])


def test_an_answer_written_as_the_job_ended_is_not_taken_for_a_failure(celery_manager, monkeypatch):
    manager, store, _ = celery_manager
    monkeypatch.setattr(manager, "get_task", lambda job: _Task("FAILURE"))
    monkeypatch.setattr(manager, "result_ready", lambda key: True)
    answers = iter([manager.UNDEFINED, {"answer": 1}])  # not there at the first read, there at the second
    assert manager.watched_result("key", "job", lambda: next(answers), manager.result_ready,
                                  manager.terminate_job) == {"answer": 1}
    assert "terminated" not in store


@pytest.fixture
def disk_manager(tmp_path, monkeypatch):
    manager = background.manager({background.JOBS_DIR: str(tmp_path), background.STALL: "5"})
    alive = [True]
    killed: list = []
    monkeypatch.setattr(manager, "job_running", lambda job: alive[0])
    monkeypatch.setattr(manager, "terminate_job", killed.append)
    clock = [1000.0]
    monkeypatch.setattr(background.time, "time", lambda: clock[0])
    return manager, alive, killed, clock


def test_a_one_machine_job_alive_without_progress_is_stopped_and_reported(disk_manager, monkeypatch):
    """The diskcache manager's stall rule: a job process that lives on but reports nothing (deadlocked)."""
    manager, _, killed, clock = disk_manager
    assert manager.stall_seconds == 5
    assert manager.failure("key", 123) is None  # first sight: the clock starts
    monkeypatch.setattr(background.DiskcacheManager, "get_progress", lambda self, key: [50, "500 of 1,000 draws"])
    for _ in range(3):  # 4 s apart, progress each time: alive
        clock[0] += 4
        assert manager.get_progress("key") == [50, "500 of 1,000 draws"]
        assert manager.failure("key", 123) is None
    clock[0] += 6
    assert manager.get_result("key", 123) == {"background_callback_error": {
        "msg": "the job sent no progress for 5 s", "tb": ""}}
    assert killed == [123]


def test_a_one_machine_job_whose_process_ended_is_reported_at_once(disk_manager):
    manager, alive, killed, _ = disk_manager
    alive[0] = False
    assert manager.get_result("key", 123) == {"background_callback_error": {
        "msg": "the process running the job ended without an answer", "tb": ""}}
    assert killed == [123]  # Dash's own clean-up of the job, as for any ended job


def test_a_new_job_with_the_same_inputs_starts_its_clock_afresh(disk_manager, monkeypatch):
    manager, _, _, clock = disk_manager
    assert manager.failure("key", 123) is None
    clock[0] += 60  # an old job of the same scenario, long ago
    monkeypatch.setattr(background.DiskcacheManager, "call_job_fn", lambda self, key, *args: 456)
    assert manager.call_job_fn("key", None, (), {}) == 456
    assert manager.failure("key", 456) is None


def test_a_poll_for_a_job_stopped_on_purpose_is_not_a_failure(disk_manager, monkeypatch):
    """New inputs (an upload, a slider) or Cancel make Dash stop the old job; a poll for it still on its way
    gets Dash's answer for a cancelled job (nothing), not an error that would overwrite the new job's answer."""
    manager, alive, _, _ = disk_manager
    stopped: list = []
    monkeypatch.setattr(background.DiskcacheManager, "terminate_job", lambda self, job: stopped.append(job))
    background.WatchedDiskcacheManager.terminate_job(manager, 123)  # as Dash calls it, for oldJob or cancelJob
    alive[0] = False
    assert stopped == [123]
    assert manager.get_result("key", 123) is manager.UNDEFINED
    assert manager.get_result("key", 456) == {"background_callback_error": {  # another job that died: reported
        "msg": "the process running the job ended without an answer", "tb": ""}}
