"""Load test: concurrent visitors against gunicorn started as the Procfile starts it, on loopback only.

Run: python benchmarks/load.py                      (pages, then fresh scenarios: about 3 minutes in all)
     python benchmarks/load.py --users 5 --seconds 5  (a quick check)
     python benchmarks/load.py --only scenarios --level clusters

Part 1, pages (issue 8). What one user does, in a loop with no pause until the time is up (or the request
cap is reached): pick the next of /, /strategies, /scenarios, /methods and load it as the browser does after
its (cached) scripts: GET the index HTML, GET /_dash-layout, GET /_dash-dependencies, then POST Dash Pages'
router callback (built from /_dash-dependencies) that renders the page; on /scenarios, then one slider move
to a fresh scenario. Requests ask for gzip like a browser, and every answer is checked (status, JSON, no
error page). Prints throughput, p50/p95/p99 latency per request kind, the error count, and the resident
memory (VmRSS) of the gunicorn master and its workers after warm-up and after the load.
Targets (issue 8): 0 errors, p95 under 1 s, memory growth under 10 %.

Part 2, fresh scenarios (issue 22). Every scenario sent is new to the server (never sent before in the run,
so no worker has it in its result cache: target robot densities of two economies from a counter), and is
solved by the two-sector model (country level, or the nested city-cluster baseline with --level clusters).
(a) Server CPU per fresh scenario: scenarios sent one at a time; each one's CPU time is the growth of the
    gunicorn workers' on-CPU time (the kernel's /proc/<pid>/task/<tid>/schedstat, nanoseconds, all threads)
    over its request. Target: median ≤ 10 ms.
(b) --users users (default 50), each sending a fresh scenario as soon as the last one is answered, for
    --seconds: scenarios answered per second, p50/p95/p99 latency.
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.ids import Scenarios  # noqa: E402
from tests.callbacks import ROUTER_OUTPUT, router_payload, scenario_payload  # noqa: E402
from tests.server import HOST, children, free_port, procfile_command, stop, wait_until_ready  # noqa: E402

PAGES = ("/", "/strategies", "/scenarios", "/methods")
REQUEST_TIMEOUT_S = 30.0
WARM_UP_VISITS = 3  # page loads per warm-up user (4 requests each)


# --- gunicorn, as the Procfile runs it ------------------------------------------------------------------







def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory(master: int) -> dict[str, int]:
    """VmRSS in KiB of the master and of each worker."""
    out = {f"master {master}": rss_kib(master)}
    out.update({f"worker {pid}": rss_kib(pid) for pid in children(master)})
    return out


# --- one request, timed and checked ---------------------------------------------------------------------

@dataclass
class Tally:
    """Every user thread appends here (list.append and Counter updates under the lock)."""
    cap: int
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        """Reserve one request under the cap."""
        with self.lock:
            if self.sent >= self.cap:
                return False
            self.sent += 1
            return True

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors[f"{kind}: {error}"] += 1


def fetch(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        headers = {"Accept-Encoding": "gzip"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return response.status, data
    finally:
        connection.close()


def check(kind: str, status: int, data: bytes) -> str | None:
    """Why this answer is wrong, or None."""
    if status != 200:
        return f"HTTP {status}"
    if kind == "index":
        return None if b"_dash-config" in data else "no Dash index page"
    parsed = json.loads(data)
    if kind == "scenario":
        return None if Scenarios.SHARE_CHART in parsed.get("response", {}) else "no chart in the scenario answer"
    if kind == "callback":
        page = parsed.get("response", {}).get(ROUTER_OUTPUT.split(".")[0], {}).get("children")
        if page is None:
            return "no page in the router's answer"
        if "went wrong" in json.dumps(page):
            return "the page rendered its error notice"
    return None


def timed_request(tally: Tally, port: int, kind: str, method: str, path: str, body: bytes | None = None) -> bool:
    if not tally.take():
        return False
    start = time.perf_counter()
    try:
        status, data = fetch(port, method, path, body)
        error = check(kind, status, data)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        error = type(exc).__name__
    tally.record(kind, time.perf_counter() - start, error)
    return True


def visit(tally: Tally, port: int, page: str, payloads: dict[str, bytes], number: int) -> bool:
    """One page load (and on /scenarios one slider move); False once the request cap is reached."""
    loaded = (timed_request(tally, port, "index", "GET", page)
              and timed_request(tally, port, "layout", "GET", "/_dash-layout")
              and timed_request(tally, port, "dependencies", "GET", "/_dash-dependencies")
              and timed_request(tally, port, "callback", "POST", "/_dash-update-component", payloads[page]))
    if loaded and page == "/scenarios":
        return timed_request(tally, port, "scenario", "POST", "/_dash-update-component", payloads["fresh"].next())
    return loaded


def user(tally: Tally, port: int, number: int, payloads: dict, deadline: float) -> None:
    visits = number  # users start on different pages
    while time.monotonic() < deadline:
        page = PAGES[visits % len(PAGES)]
        if not visit(tally, port, page, payloads, visits):
            return
        visits += 1


class Fresh:
    """Scenario requests never sent before in this run: target densities of Germany and Japan (robots per
    10,000 employees, whole numbers 10–1,009) from a counter, skipping their baselines (a target equal to
    the baseline is the baseline's scenario). Thread-safe."""

    MOVED = ("DEU", "JPN")

    def __init__(self, dependencies: list[dict], level: str = "countries"):
        from tests.callbacks import scenario_targets

        self.dependencies, self.level, self.base = dependencies, level, scenario_targets()
        self.count, self.lock = 0, threading.Lock()

    def _targets(self, n: int) -> dict[str, float]:
        first, second = (float(10 + (n % 1000)), float(10 + (n // 1000) % 1000))
        return {**self.base, self.MOVED[0]: first, self.MOVED[1]: second}

    def next(self) -> bytes:
        with self.lock:
            while True:
                n, self.count = self.count, self.count + 1
                targets = self._targets(n)
                if all(targets[c] != self.base[c] for c in self.MOVED):
                    break
        return scenario_payload(self.dependencies, targets, level=self.level)


def scenario_user(tally: Tally, port: int, number: int, payloads: dict, deadline: float) -> None:
    """Fresh scenarios, one after another with no pause, until the time is up (or the cap is reached)."""
    while time.monotonic() < deadline:
        if not timed_request(tally, port, "scenario", "POST", "/_dash-update-component", payloads["fresh"].next()):
            return


def run_users(port: int, users: int, seconds: float, cap: int, payloads: dict, target=user) -> tuple[Tally, float]:
    tally = Tally(cap=cap)
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=target, args=(tally, port, n, payloads, deadline), daemon=True)
               for n in range(users)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * REQUEST_TIMEOUT_S)
    return tally, time.perf_counter() - start


def on_cpu_ns(pids: list[int]) -> int:
    """Time the processes' threads have spent on a CPU, nanoseconds (first field of each task's schedstat)."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # a thread that ended meanwhile
    return total


def cpu_per_scenario(port: int, workers: list[int], fresh: Fresh, count: int) -> tuple[list[float], list[float]]:
    """(server CPU ms, latency ms) of `count` fresh scenarios sent one at a time."""
    cpu, wall = [], []
    for _ in range(count):
        body = fresh.next()
        before, start = on_cpu_ns(workers), time.perf_counter()
        status, data = fetch(port, "POST", "/_dash-update-component", body)
        wall.append((time.perf_counter() - start) * 1e3)
        time.sleep(0.005)  # the worker thread's last bookkeeping after it sent the answer
        cpu.append((on_cpu_ns(workers) - before) / 1e6)
        error = check("scenario", status, data)
        if error:
            raise SystemExit(f"a fresh scenario failed: {error}")
    return cpu, wall


# --- report ---------------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def print_latency(tally: Tally, elapsed: float) -> None:
    rows = [*tally.latencies.items(), ("all", [v for vs in tally.latencies.values() for v in vs])]
    header = f"{'request':<13} | {'count':>7} | {'per s':>7} | " + " | ".join(
        f"{name + ' ms':>7}" for name in ("p50", "p95", "p99", "max"))
    print(header)
    print("-" * len(header))
    for kind, values in rows:
        if values:
            milliseconds = [percentile(values, q) * 1e3 for q in (50, 95, 99)] + [max(values) * 1e3]
            print(f"{kind:<13} | {len(values):>7} | {len(values) / elapsed:>7.1f} | "
                  + " | ".join(f"{ms:>7.0f}" for ms in milliseconds))


def print_memory(before: dict[str, int], after: dict[str, int]) -> float:
    print(f"{'process':<16} | {'after warm-up MiB':>17} | {'after load MiB':>14} | {'growth':>7}")
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name), after.get(name)
        growth = f"{(a / b - 1) * 100:>+6.1f}%" if a and b else "    n/a"
        print(f"{name:<16} | {(b or 0) / 1024:>17.1f} | {(a or 0) / 1024:>14.1f} | {growth}")
    total_before, total_after = sum(before.values()), sum(after.values())
    growth = (total_after / total_before - 1) * 100
    print(f"{'total':<16} | {total_before / 1024:>17.1f} | {total_after / 1024:>14.1f} | {growth:>+6.1f}%")
    return growth


# --- main -----------------------------------------------------------------------------------------------





def pages_part(port: int, server: subprocess.Popen, args, payloads: dict) -> int:
    """Part 1 (issue 8): the mixed page loads. Returns the error count."""
    # Warm-up: a few loads of each page, spread over the workers, before memory is measured.
    warm_users = args.workers * len(PAGES)
    warm, _ = run_users(port, warm_users, 2.0, warm_users * 4 * WARM_UP_VISITS, payloads)
    if warm.errors:
        raise SystemExit(f"warm-up failed: {dict(warm.errors)}")
    before = memory(server.pid)

    print(f"Part 1, pages: {args.users} users for {args.seconds:g} s (cap {args.max_requests:,} requests) "
          f"on http://{HOST}:{port}, {args.workers} workers")
    tally, elapsed = run_users(port, args.users, args.seconds, args.max_requests, payloads)
    after = memory(server.pid)

    total = sum(len(v) for v in tally.latencies.values())
    errors = sum(tally.errors.values())
    all_latencies = [v for vs in tally.latencies.values() for v in vs]
    print(f"{total:,} requests in {elapsed:.1f} s: {total / elapsed:.1f} requests/s, "
          f"{len(tally.latencies.get('callback', [])) / elapsed:.1f} page loads/s; errors: {errors}"
          + (" (request cap reached)" if tally.sent >= tally.cap else ""))
    for message, count in tally.errors.most_common(5):
        print(f"  {count} × {message}")
    print()
    print_latency(tally, elapsed)
    print()
    growth = print_memory(before, after)
    p95 = percentile(all_latencies, 95)
    print()
    print(f"Targets: 0 errors ({'met' if errors == 0 else 'MISSED'}), p95 under 1 s "
          f"({'met' if p95 < 1 else 'MISSED'}: {p95 * 1e3:.0f} ms), memory growth under 10 % "
          f"({'met' if growth < 10 else 'MISSED'}: {growth:+.1f} %).")
    return errors


def scenarios_part(port: int, server: subprocess.Popen, args, payloads: dict) -> int:
    """Part 2 (issue 22): fresh two-sector scenarios, one at a time for their CPU cost, then under load."""
    fresh, workers = payloads["fresh"], children(server.pid)
    print(f"Part 2, fresh scenarios at {fresh.level} level (every one new to the server; two-sector model)")
    cpu_per_scenario(port, workers, fresh, 4 * args.workers)  # each worker past its first requests
    cpu, wall = cpu_per_scenario(port, workers, fresh, args.sequential)
    median_cpu = statistics.median(cpu)
    print(f"  (a) one at a time, {len(cpu)} scenarios: server CPU per scenario median {median_cpu:.1f} ms, "
          f"p95 {percentile(cpu, 95):.1f} ms (target median ≤ 10 ms: {'met' if median_cpu <= 10 else 'MISSED'}); "
          f"latency median {statistics.median(wall):.1f} ms")
    tally, elapsed = run_users(port, args.users, args.seconds, args.max_requests, payloads, target=scenario_user)
    latencies = tally.latencies.get("scenario", [])
    errors = sum(tally.errors.values())
    if latencies:
        ms = [percentile(latencies, q) * 1e3 for q in (50, 95, 99)]
        print(f"  (b) {args.users} users, no pause, {elapsed:.0f} s: {len(latencies) / elapsed:.0f} fresh scenarios "
              f"answered per second; latency p50 {ms[0]:.0f} ms, p95 {ms[1]:.0f} ms, p99 {ms[2]:.0f} ms; "
              f"errors: {errors}")
    for message, count in tally.errors.most_common(5):
        print(f"  {count} × {message}")
    print(f"  {fresh.count:,} scenarios made in this run, none sent twice")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument("--seconds", type=float, default=60.0, help="duration of each load (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, the Procfile's default (2)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="cap on requests sent (default 100000)")
    parser.add_argument("--only", choices=("pages", "scenarios"), help="run one part only")
    parser.add_argument("--level", choices=("countries", "clusters"), default="countries",
                        help="the fresh scenarios' level (default countries)")
    parser.add_argument("--sequential", type=int, default=200,
                        help="fresh scenarios sent one at a time for their CPU cost (default 200)")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 200 and 0 < args.seconds <= 600 and 1 <= args.max_requests <= 1_000_000
            and 2 <= args.sequential <= 10_000):
        parser.error("bounds: 1-200 users, up to 600 s, up to 1,000,000 requests, 2-10,000 sequential scenarios")

    port = free_port()
    command = procfile_command(port, args.workers)
    env = {k: v for k, v in os.environ.items() if k not in ("DASH_DEBUG", "PORT", "WEB_CONCURRENCY")}
    print(f"Starting: {' '.join(shlex.quote(a) for a in command)}")
    errors = 0
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_ready(port, server, args.workers)
            print(f"Ready in {time.perf_counter() - started:.1f} s: master {server.pid}, "
                  f"workers {children(server.pid)}")
            dependencies = json.loads(fetch(port, "GET", "/_dash-dependencies")[1])
            payloads: dict = {page: router_payload(dependencies, page) for page in PAGES}
            payloads["fresh"] = Fresh(dependencies, args.level)
            if args.only != "scenarios":
                errors += pages_part(port, server, args, payloads)
                print()
            if args.only != "pages":
                errors += scenarios_part(port, server, args, payloads)
        except BaseException:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        finally:
            stop(server)
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
