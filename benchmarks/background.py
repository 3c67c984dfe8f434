"""Benchmark: the default Monte Carlo run (uncertainty ranges) through the background-callback path.

Run: python benchmarks/background.py [--runs 3] [--moves 15]   (about a minute)

For each manager (dashboard/background.py): the one-machine default (DiskcacheManager, gunicorn as the
Procfile runs it) and, when Debian's redis-server is installed, Celery (a local redis-server, the
Procfile's worker, one gunicorn instance with REDIS_URL):
- end to end: from the request that starts the job to the poll that gets its answer, over HTTP as the
  renderer speaks it (tests/scaleout.py; the page polls every POLL_MS), for `--runs` scenarios never
  asked for before (so no cached result), with the progress reports the polls received (count, first
  and last, seconds since the start);
- the point estimate's latency (the scenarios page's main callback, the request a slider move sends),
  A/B in the same run: alone, and while a ranges job runs (`--moves` requests each).
The model's own time for the same run on one core is benchmarks/uncertainty.py's.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script, as the README says

from dashboard import background
from dashboard.ids import Ranges
from tests.callbacks import scenario_payload
from tests.scaleout import REDIS, answer, celery_worker, redis_server, request, start, web_instances

POLL = background.POLL_MS / 1000  # as the page polls
ECONOMIES = ("DEU", "JPN", "CHN", "USA", "KOR", "IND", "MEX", "FRA")


def ranges_runs(port: int, runs: int, offset: int) -> list[tuple[float, list]]:
    """(seconds from start to answer, progress reports) for `runs` scenarios not asked for before."""
    results = []
    for run in range(runs):
        search = f"?target={ECONOMIES[run % len(ECONOMIES)]}:{410 + offset + run}"
        began = time.perf_counter()
        body, token, handles = start(port, search)
        raw, progress = answer(port, body, token, handles, poll_seconds=POLL)
        elapsed = time.perf_counter() - began
        assert "Monte Carlo draws" in json.loads(raw)["response"][Ranges.STATUS]["children"], raw[:300]
        results.append((elapsed, progress))
    return results


def point_estimate_ms(port: int, dependencies: list, moves: int, offset: int) -> list[float]:
    """Milliseconds of the scenarios page's main callback for `moves` slider positions not asked for before."""
    times = []
    for move in range(moves):
        body = scenario_payload(dependencies, {"DEU": 350.0 + (offset + move) % 500})
        began = time.perf_counter()
        status, _ = request(port, "POST", "/_dash-update-component", body)
        times.append((time.perf_counter() - began) * 1e3)
        assert status == 200
    return times


def a_b(port: int, moves: int) -> tuple[list[float], list[float]]:
    """Point-estimate latency alone, then with a ranges job running beside each request."""
    _, raw = request(port, "GET", "/_dash-dependencies")
    dependencies = json.loads(raw)
    alone = point_estimate_ms(port, dependencies, moves, offset=0)
    beside = []
    for move in range(moves):
        body, token, handles = start(port, f"?target=GBR:{500 + move}")
        time.sleep(0.2)  # the job is under way
        beside += point_estimate_ms(port, dependencies, 1, offset=50 + move)
        answer(port, body, token, handles, poll_seconds=POLL)
    return alone, beside


def report(name: str, port: int, runs: int, moves: int, offset: int) -> None:
    results = ranges_runs(port, runs, offset)
    times = [t for t, _ in results]
    print(f"\n{name}")
    print(f"  ranges, default run ({runs} scenarios), start → answer: median {statistics.median(times):.2f} s, "
          f"worst {max(times):.2f} s (polled every {background.POLL_MS} ms)")
    for elapsed, progress in results:
        text = f"{Ranges.PROGRESS_TEXT}.children"
        reports = ", ".join(f"{report[text] or '-'} @ {at:.2f}" for at, report in progress)
        print(f"    {elapsed:.2f} s; {len(progress)} progress reports: {reports}")
    alone, beside = a_b(port, moves)
    print(f"  point estimate (slider move's callback), {moves} requests each: alone median "
          f"{statistics.median(alone):.0f} ms (max {max(alone):.0f}), beside a ranges job median "
          f"{statistics.median(beside):.0f} ms (max {max(beside):.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="ranges jobs per manager")
    parser.add_argument("--moves", type=int, default=15, help="point-estimate requests per arm of the A/B")
    options = parser.parse_args()
    print(f"Background path benchmark on {os.cpu_count()} cores (shared machine: figures wander)")
    environment = {key: value for key, value in os.environ.items() if key != background.REDIS_URL}
    with tempfile.TemporaryDirectory() as jobs:
        environment[background.JOBS_DIR] = jobs
        with web_instances(environment, 1, workers=2) as (port,):
            report("One machine: DiskcacheManager, gunicorn 2 workers", port, options.runs, options.moves, 0)
        if REDIS is None:
            print("\nCelery: skipped (redis-server is not installed; `make test` installs it)")
            return
        with contextlib.ExitStack() as stack:
            url = stack.enter_context(redis_server())
            shared = {**environment, background.REDIS_URL: url}
            stack.enter_context(celery_worker(shared, Path(jobs) / "worker.log"))
            (port,) = stack.enter_context(web_instances(shared, 1, workers=2))
            report("Several machines' layout on one: CeleryManager on a local Redis, 1 worker process, "
                   "gunicorn 2 workers", port, options.runs, options.moves, 20)


if __name__ == "__main__":
    main()
