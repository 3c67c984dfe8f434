"""Scale-out, for real: one Redis, one Celery worker and two gunicorn instances on loopback.

Starts Debian's `redis-server` on a free port (no data written to disk; stopped after), a Celery worker
(`celery -A dashboard.worker worker`, as the Procfile runs it) and two gunicorn instances (the Procfile's
web command, one worker each), all with REDIS_URL on that Redis. The tests speak Dash's callback protocol
over HTTP (POST /_dash-update-component, then polls with the signed `cacheKey` and `job` handles and the
page's `endId`, as the renderer does): a browser would add only timing noise to what is checked here, and
the protocol is what has to work across instances.

Checked: the same scenario gives the same bytes from both instances and the second answer comes from the
shared result cache (the worker solves it once); a job started through one instance is answered through
the other; a job whose worker is killed (SIGKILL to the whole worker) is reported as failed after
ATLAS_JOB_STALL_SECONDS, set to STALL here, instead of polling forever.
"""
from __future__ import annotations

import json
import os
import signal

import pytest
import redis

from dashboard import background
from dashboard.ids import Ranges
from dashboard.views import ranges as rv
from tests.callbacks import scenario_payload
from tests.scaleout import REDIS, answer, celery_worker, outputs, redis_server, request, start, web_instances

STALL = 3  # seconds without progress before a running job is reported as failed (ATLAS_JOB_STALL_SECONDS)
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (`make test` installs it)")


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture(scope="module")
def environment(redis_url, tmp_path_factory):
    return {**os.environ, "REDIS_URL": redis_url, background.STALL: str(STALL),
            background.JOBS_DIR: str(tmp_path_factory.mktemp("jobs"))}


@pytest.fixture(scope="module")
def worker(environment, tmp_path_factory):
    """The Procfile's worker; its log says which scenarios it solved."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with celery_worker(environment, log) as process:
        yield process, log


@pytest.fixture(scope="module")
def instances(environment, worker):
    """Two gunicorn instances (one worker each) sharing the Redis: their ports."""
    with web_instances(environment, 2) as ports:
        yield ports


def test_same_scenario_same_bytes_from_both_instances_and_solved_once(instances, worker, redis_url):
    first, second = instances
    # The point estimate (the scenarios page's main callback) is the same from both.
    _, raw = request(first, "GET", "/_dash-dependencies")
    body = scenario_payload(json.loads(raw), {"DEU": 610.0})
    answers = [request(port, "POST", "/_dash-update-component", body) for port in (first, second)]
    assert answers[0][0] == answers[1][0] == 200
    assert answers[0][1] == answers[1][1]
    # The ranges: solved by the worker through the first instance, then asked for through the second.
    search = "?target=DEU:810"
    started = start(first, search)
    through_first, progress = answer(first, *started)
    assert progress, "a solved job reports its progress"
    through_second, _ = answer(second, *start(second, search))
    # The same outputs, byte for byte (the first answer also carries the job's last progress report, before
    # its outputs; the cached one has none).
    assert through_first[through_first.index(b'"response"'):] == through_second[through_second.index(b'"response"'):]
    status = outputs(through_first)[Ranges.STATUS]["children"]
    assert "90 % intervals over 1,000 Monte Carlo draws" in status
    log = worker[1].read_text()
    key = f"{background.CACHE_KEY_PREFIX}{rv.CACHE_VERSION}:{search}"
    assert log.count(f"ranges computed for {rv.CACHE_VERSION}:{search}") == 1, log[-3000:]  # the second came from Redis
    assert log.count(f"ranges answered for {rv.CACHE_VERSION}:{search}") == 2
    assert redis.Redis.from_url(redis_url).exists(key)


def test_a_job_started_through_one_instance_is_answered_through_the_other(instances):
    first, second = instances
    body, end_id, handles = start(first, "?target=JPN:950")
    raw, _ = answer(second, body, end_id, handles)
    shown = outputs(raw)
    figure = shown[Ranges.CHART]["figure"]
    assert len(figure["data"][0]["y"]) == 25  # every economy of the two-sector baseline, ROW included
    assert "Monte Carlo draws" in shown[Ranges.STATUS]["children"]


def test_a_new_scenario_stops_the_job_of_the_old_one_on_the_worker(instances, redis_url):
    """plotly/dash#2587: the job the page no longer wants is stopped on the Celery worker (revoked and
    its pool process terminated), so the new one does not wait behind it (the worker runs one at a time)."""
    first, second = instances
    store = redis.Redis.from_url(redis_url)

    def revoked() -> int:
        return sum(b'"REVOKED"' in (store.get(key) or b"") for key in store.keys("celery-task-meta-*"))

    before = revoked()
    _, token, old = start(first, "?target=FRA:900")
    body, token, new = start(second, "?target=FRA:910", token=token, replaces=old)
    raw, _ = answer(second, body, token, new)
    assert "Monte Carlo draws" in outputs(raw)[Ranges.STATUS]["children"]
    assert revoked() == before + 1  # the old job, and only it


def test_a_job_whose_worker_is_killed_is_reported_as_failed(instances, worker):
    """Runs last: it kills the module's worker (main process and pool, SIGKILL: nobody records the task
    as failed, so it stays STARTED in Redis), once the job has reported progress."""
    process, _ = worker
    first, second = instances
    body, end_id, handles = start(first, "?target=IND:70")

    def kill() -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    raw, progress = answer(second, body, end_id, handles, on_progress=kill)
    assert progress and process.poll() is not None, "the worker was killed while the job ran"
    status = outputs(raw)[Ranges.STATUS]["children"]
    assert "could not be computed" in status and f"no progress for {STALL} s" in status, status
