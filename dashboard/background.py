"""Where background callbacks run and where results are kept: the one place that decides.

- Default (one machine, nothing to install): Dash's `DiskcacheManager`. Each job runs in a process
  forked from the web worker that received it; results and progress go through a diskcache directory
  (`ATLAS_JOBS_DIR`, default `<temp dir>/atlas-jobs`) that every web worker on the machine shares. The
  result cache (dashboard/cache.py, flask-caching) is in-process, so a job's result, computed in its own
  short-lived process, is not kept for the next request of the same scenario (about a second to redo).
- `REDIS_URL` set (several machines): Dash's `CeleryManager` on a Celery app whose broker and result
  backend are that Redis; jobs run in Celery workers (`celery -A dashboard.worker worker`), and the
  result cache is a flask-caching `RedisCache` on the same Redis, shared by every web process and worker.

A job whose worker dies is reported, not left spinning (Dash's own managers keep polling it: a Celery task
whose whole worker was killed stays STARTED in Redis forever). Both managers here answer a poll for
such a job with Dash's background-callback error, which the callback's `on_error` turns into a message:
- the job's process is gone (diskcache) or Celery marked its task failed (a pool child killed: Celery
  records WorkerLostError) and no result came: at once;
- the task is STARTED (Celery), or the job's process is alive (diskcache), but no progress has reached any
  web process for `ATLAS_JOB_STALL_SECONDS` (default `STALL_SECONDS`): the whole worker died, or the job
  hangs (a deadlocked process on one machine is stopped then);
- the task is still PENDING (no worker took it) after `ATLAS_JOB_QUEUE_SECONDS` (default `QUEUE_SECONDS`;
  Celery only: on one machine a job's process starts at once, there is no queue).

Speed (issue 22): on one machine a job's process runs at a lower CPU priority than the web workers
(`ATLAS_JOB_NICENESS`, default `JOB_NICENESS`; 0 turns it off), so a Monte Carlo job uses the cores the
page does not: a slider move no longer waits behind the ranges job of the scenario before it. Measured
with `python benchmarks/scenarios.py --moves 40 --ranges ab` (moves with the ranges jobs against moves
without them, in one run; shared 2-core VM, 2026-12-05): with niceness 0 the jobs added 80–203 ms to the
median move in four of six runs (−1 and +23 ms in two, load average 8–11 from other sessions); with 10,
−33 to +69 ms in five runs (both levels); with 19, −10 and +61 ms. 10, not 19: under heavy load a
niceness of 19 leaves a job almost no CPU, and a page that waits for its ranges waits far longer.
"""
from __future__ import annotations

import functools
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import diskcache
from celery import Celery
from dash import CeleryManager, DiskcacheManager

REDIS_URL = "REDIS_URL"
JOBS_DIR = "ATLAS_JOBS_DIR"
STALL = "ATLAS_JOB_STALL_SECONDS"
NICENESS = "ATLAS_JOB_NICENESS"
QUEUE = "ATLAS_JOB_QUEUE_SECONDS"
#: A running job that sends no progress for this long has a dead or hung worker. A job reports progress
#: every 50 draws at country level (about every 0.05 s) and every 12 at city-cluster level (about 0.1 s;
#: benchmarks/uncertainty.py), and the page asks every POLL_MS; 10 s leaves room for a worker busy with its
#: process's first load.
STALL_SECONDS = 10.0
#: A job no worker has taken after this long is reported as failed: every worker is gone, or all of them
#: are busy with a queue longer than anyone waits for (add workers).
QUEUE_SECONDS = 60.0
#: How much lower a one-machine job's CPU priority is than its web worker's (os.nice; 19 is the lowest): a job
#: then takes a core only when the web workers leave it idle.
JOB_NICENESS = 10
#: How often the page asks for a running job's progress and result, in milliseconds: a poll costs two or three
#: store reads, and the answer of a one-second job shows at most this much late.
POLL_MS = 250
#: Results and progress left behind by jobs nobody asked for again are dropped after this long (seconds).
RESULT_EXPIRES = 3600
#: What Dash's job keys include besides a callback's inputs and source (`cache_by`): with it, a job's answer
#: stays readable until RESULT_EXPIRES instead of being deleted by the first poll that reads it. Two jobs of
#: the same inputs share one key (a page sets its address again to the same value, and the callback runs
#: again); with the answer deleted on first read, the poll of one job took the other's answer and that job,
#: ended and with nothing left to read, was reported as failed (seen in a browser test, about 1 run in 3).
#: Bump it when a background callback's answer changes form, so no earlier answer is read.
JOB_RESULTS_VERSION = "1"
#: Key prefix of the note that a job was stopped on purpose (`_Watched.terminate_job`), in the job store.
STOPPED = "atlas-stopped-job-"
#: The flask-caching key prefix of the result cache, in Redis (dashboard/cache.py).
CACHE_KEY_PREFIX = "atlas:"


def redis_url(environ: Mapping[str, str] = os.environ) -> str | None:
    """The Redis that web processes and workers share, or None for the one-machine default."""
    return environ.get(REDIS_URL) or None


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not value > 0:
        raise ValueError(f"{name} must be positive, got {raw!r}")
    return value


def cache_config(environ: Mapping[str, str] = os.environ) -> dict[str, object]:
    """flask-caching's settings for the result cache (dashboard/cache.py): Redis when REDIS_URL is set."""
    url = redis_url(environ)
    if url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX}
    return {"CACHE_TYPE": "SimpleCache"}


@functools.cache
def celery_app(url: str) -> Celery:
    """The Celery app on `url` (broker and result backend), one per process: Dash registers each
    background callback as a task on it, and the worker (dashboard/worker.py) serves the same one."""
    app = Celery("atlas", broker=url, backend=url)
    app.conf.update(
        task_track_started=True,             # STARTED tells a job being worked on from one still queued
        worker_prefetch_multiplier=1,        # one job at a time: jobs wait in Redis, not behind a busy worker
        result_expires=RESULT_EXPIRES,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,     # keep the app's logging format (dashboard/app.py)
    )
    return app


class _Watched:
    """What both managers add to Dash's: a job that can no longer answer is answered with an error."""

    UNDEFINED: object

    def stored(self, key: str) -> bytes | str | None:
        raise NotImplementedError

    def store(self, key: str, value: str) -> None:
        raise NotImplementedError

    def failure(self, key: str, job) -> str | None:
        """Why the job can no longer answer, or None while it may."""
        raise NotImplementedError

    def seconds_since(self, key: str, suffix: str, now: float) -> float:
        """Seconds since the time stored under key + suffix; stores `now` there the first time."""
        stored = self.stored(key + suffix)
        if stored is None:
            self.store(key + suffix, repr(now))
            return 0.0
        return now - float(stored)

    def watched_progress(self, key: str, progress):
        if progress is not None:
            self.store(key + "-alive", repr(time.time()))
        return progress

    def terminate_job(self, job):
        """Dash's, noting the job as stopped on purpose. Dash stops a job the page no longer wants (its inputs
        changed, or Cancel) and one that has answered; a poll for it still on its way is then answered as Dash
        answers a cancelled job (no update), not as a failure that would overwrite the new job's answer."""
        if job is not None:
            self.store(f"{STOPPED}{job}", "1")
        super().terminate_job(job)  # type: ignore[misc]

    def watched_result(self, key: str, job, read, result_ready, terminate):
        """Dash's answer to a poll (`read()`), or the error of a job that can no longer answer."""
        result = read()
        if result is not self.UNDEFINED or job is None or self.stored(f"{STOPPED}{job}") is not None:
            return result
        reason = self.failure(key, job)
        if reason is None:
            return result
        if result_ready(key):  # the answer came meanwhile (the job ended just after writing it)
            return read()
        terminate(job)
        return {"background_callback_error": {"msg": reason, "tb": ""}}


def _results_version() -> str:
    return JOB_RESULTS_VERSION


def _niced(niceness: int, job_fn, *args):
    """Run job_fn(*args) in this (the job's own) process at a lower CPU priority."""
    if niceness:
        os.nice(niceness)
    return job_fn(*args)


class WatchedDiskcacheManager(_Watched, DiskcacheManager):
    """DiskcacheManager that reports a job whose process ended without an answer, or that is alive but has
    sent no progress for `stall_seconds` (deadlocked or hung: its process is then stopped), and runs each
    job at `niceness` below its web worker. The times live in the shared diskcache, so any web worker of the
    machine may answer a poll."""

    def __init__(self, cache: diskcache.Cache, stall_seconds: float = STALL_SECONDS, niceness: int = JOB_NICENESS):
        super().__init__(cache=cache, cache_by=[_results_version], expire=RESULT_EXPIRES)
        self.stall_seconds = stall_seconds
        self.niceness = niceness

    def call_job_fn(self, key, job_fn, args, context):
        for suffix in ("-started", "-alive"):  # the same inputs give the same key: start afresh
            self.clear_cache_entry(key + suffix)
        return super().call_job_fn(key, functools.partial(_niced, self.niceness, job_fn), args, context)

    def get_progress(self, key):
        return self.watched_progress(key, super().get_progress(key))

    def stored(self, key):
        return self.handle.get(key)

    def store(self, key, value):
        self.handle.set(key, value, expire=RESULT_EXPIRES)

    def failure(self, key, job):
        if not self.job_running(job):
            return "the process running the job ended without an answer"
        now = time.time()
        quiet = min(self.seconds_since(key, "-started", now), self.seconds_since(key, "-alive", now))
        if quiet > self.stall_seconds:
            return f"the job sent no progress for {self.stall_seconds:g} s"
        return None

    def get_result(self, key, job):
        read = functools.partial(DiskcacheManager.get_result, self, key, job)
        return self.watched_result(key, job, read, self.result_ready, self.terminate_job)


class WatchedCeleryManager(_Watched, CeleryManager):
    """CeleryManager that reports a job whose worker died, hangs, or never came."""

    def __init__(self, app: Celery, stall_seconds: float, queue_seconds: float):
        super().__init__(app, cache_by=[_results_version], expire=RESULT_EXPIRES)
        self.stall_seconds = stall_seconds
        self.queue_seconds = queue_seconds

    def stored(self, key):
        return self.handle.backend.get(key)

    def store(self, key, value):
        self.handle.backend.set(key, value)
        self.handle.backend.expire(key, RESULT_EXPIRES)

    def call_job_fn(self, key, job_fn, args, context):
        job = super().call_job_fn(key, job_fn, args, context)
        for suffix in ("-queued", "-started", "-alive"):  # the same inputs give the same key: start afresh
            self.clear_cache_entry(key + suffix)
        self.store(key + "-queued", repr(time.time()))
        return job

    def failure(self, key, job):
        state = self.get_task(job).state
        now = time.time()
        if state in ("FAILURE", "REVOKED"):
            return "the worker running the job stopped before answering"
        if state == "PENDING" and self.seconds_since(key, "-queued", now) > self.queue_seconds:
            return f"no worker took the job within {self.queue_seconds:g} s"
        if state in ("STARTED", "PROGRESS"):
            quiet = min(self.seconds_since(key, "-started", now), self.seconds_since(key, "-alive", now))
            if quiet > self.stall_seconds:
                return f"the worker sent no progress for {self.stall_seconds:g} s"
        return None

    def get_progress(self, key):
        return self.watched_progress(key, super().get_progress(key))

    def get_result(self, key, job):
        read = functools.partial(CeleryManager.get_result, self, key, job)
        return self.watched_result(key, job, read, self.result_ready, self.terminate_job)


def jobs_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The diskcache directory of the one-machine default, shared by every web worker on the machine."""
    return Path(environ.get(JOBS_DIR) or Path(tempfile.gettempdir()) / "atlas-jobs")


def manager(environ: Mapping[str, str] = os.environ) -> WatchedDiskcacheManager | WatchedCeleryManager:
    """The background callback manager for `Dash(background_callback_manager=...)`."""
    stall, queue = _seconds(environ, STALL, STALL_SECONDS), _seconds(environ, QUEUE, QUEUE_SECONDS)
    url = redis_url(environ)
    if url:
        return WatchedCeleryManager(celery_app(url), stall, queue)
    return WatchedDiskcacheManager(diskcache.Cache(str(jobs_dir(environ))), stall, _niceness(environ))


def _niceness(environ: Mapping[str, str]) -> int:
    raw = environ.get(NICENESS, str(JOB_NICENESS))
    if not (raw.isdigit() and int(raw) <= 19):
        raise ValueError(f"{NICENESS} must be a whole number from 0 to 19, got {raw!r}")
    return int(raw)
