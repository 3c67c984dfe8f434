"""The performance budget in one table: python -m benchmarks   (about 2–4 minutes; `make benchmark`)

Rows (issue 9), each with its target:
- start-up: import of dashboard.app in a fresh interpreter (import + data load + validation + layout);
- per page, in headless Chromium against gunicorn as the Procfile runs it (2 workers, loopback,
  compression on, every worker past its first compression of each static file: see warm()):
  first-load transfer (bytes over the wire, from Chrome's Network.loadingFinished encodedDataLength,
  cold cache) and time to first chart (navigation start until the frame that first shows a plot has
  been painted: see FIRST_CHART_WATCH), in a browser that is already running but has never seen the
  app (see page_metrics);
- callback payloads (request and response bytes, compressed as the browser gets them) of the main
  interactions;
- the model's solve time (N = 40), the scenarios page's slider latency, and the networks page's update
  latency at 200 synthetic clusters and 5,000 links (benchmarks/networks.py, which prints more detail).
"""
from __future__ import annotations

import http.client
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import background, scenarios as slider  # noqa: E402
from benchmarks.browser import chromium, served  # noqa: E402
from dashboard.components.charts import PLACEHOLDER_META  # noqa: E402
from tests.callbacks import interactions, router_payload, scenario_payload  # noqa: E402

PAGES = ("/", "/strategies", "/networks", "/content", "/scenarios", "/methods")
LOADS = 3  # cold loads per page, of each kind (page_metrics)
ROWS: list[tuple[str, str, str, bool | None]] = []  # (what, measured, target, met)


def row(what: str, measured: str, target: str, met: bool | None) -> None:
    ROWS.append((what, measured, target, met))
    print(f"  {what}: {measured}", flush=True)


def startup_seconds(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import dashboard.app"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Installed before the page's own scripts run (CDP Page.addScriptToEvaluateOnNewDocument). The first chart
# is on screen once the browser has rendered the frame after plotly put the chart's <svg> in the page:
# an animation-frame callback runs just before that frame's style, layout and paint, and a message it
# posts is handled right after them (the "after next paint" idiom, as web-vitals measures a paint).
# A chart below the first that waits with a blank placeholder (dashboard/components/charts.py) does not count.
FIRST_CHART_WATCH = """
(function () {
  const chart = function (gd) { return !(gd.layout && gd.layout.meta === '%s') && gd.querySelector('.main-svg'); };
  const observer = new MutationObserver(function () {
    if (!Array.prototype.some.call(document.querySelectorAll('.js-plotly-plot'), chart)) { return; }
    observer.disconnect();
    requestAnimationFrame(function () {
      const channel = new MessageChannel();
      channel.port1.onmessage = function () { window.__firstChart = performance.now(); };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, {childList: true, subtree: true});
})();
""" % PLACEHOLDER_META
FIRST_CHART = """
const done = arguments[arguments.length - 1];
const started = Date.now();
(function poll() {
  if (window.__firstChart !== undefined) { done(window.__firstChart); return; }
  if (Date.now() - started > 20000) { done(null); return; }
  setTimeout(poll, 10);
})();
"""


def warm(port: int, paths=PAGES, rounds: int = 4) -> None:
    """Ask for every page, its scripts and styles (as Chrome does) and its content a few times over, so
    that every worker has compressed each static file once (dashboard.http keeps them) and built each
    page once (the first build in a worker loads plotly's figure machinery, ~0.25 s): the pages are
    then timed as a running deployment serves them, with the browser's cache cold."""
    import re

    def get(url: str, **headers) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", url, headers=headers)
            return connection.getresponse().read()
        finally:
            connection.close()

    dependencies = json.loads(get("/_dash-dependencies"))
    for _ in range(rounds):
        for path in paths:
            html = get(path).decode()
            for url in re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css)[^"]*)"', html):
                get(url, **{"Accept-Encoding": "gzip, deflate, br, zstd"})
            post_sizes(port, router_payload(dependencies, path))


# What a browser has done before a visitor opens a link in it: drawn a page with text (fonts looked up,
# the first layout and paint done). A browser started for one load pays that inside the load: ~0.1–0.15 s
# of this VM's time to first chart that no visitor with a running browser waits for.
RUNNING_BROWSER = ("data:text/html,<html lang='en'><body><p style='font-family: system-ui'>A page read "
                   "before: <b>text</b>, <i>layout</i>, 0123456789.</p></body></html>")


def page_metrics(base_url: str, path: str, running: bool = True) -> tuple[int, float | None]:
    """(bytes over the wire, ms from navigation start until the first chart is painted, None if no
    chart came within 20 s) for a load of `path` with a cold cache: the browser profile is new and has
    never seen the app. `running`: the browser has drawn another page first (RUNNING_BROWSER), as a
    visitor's has; otherwise the load is the first thing the browser does after starting."""
    with chromium() as driver:
        driver.set_script_timeout(30)
        if running:
            driver.get(RUNNING_BROWSER)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_CHART_WATCH})
        driver.get(base_url + path)
        first_chart = driver.execute_async_script(FIRST_CHART)
        time.sleep(1.5)  # late requests (component chunks, map geometry) finish
        transferred = 0
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.loadingFinished":
                transferred += int(message["params"].get("encodedDataLength", 0))
    return transferred, first_chart


def post_sizes(port: int, body: bytes) -> tuple[int, int]:
    """(request bytes, response bytes as sent with Accept-Encoding: br, gzip)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/_dash-update-component", body=body,
                           headers={"Content-Type": "application/json", "Accept-Encoding": "br, gzip"})
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise SystemExit(f"callback answered {response.status}")
        return len(body), len(data)
    finally:
        connection.close()


NETWORK_MOVES = 5


def main() -> int:
    print("Measuring (about 2–4 minutes) ...")
    startup = startup_seconds()
    row("start-up (import, load + validate data, build layout)", f"{startup:.2f} s", "< 2 s", startup < 2)

    from benchmarks.model import RUNS, THETA, timed, workload
    from dashboard.model import solve_scenario

    flows, a_hat = workload(40)  # the same workload, runs and timing as benchmarks/model.py
    solve_scenario(flows, a_hat, theta=THETA)
    solve_ms = timed(lambda: solve_scenario(flows, a_hat, theta=THETA), RUNS[40])[0] * 1e3
    row("model solve, N = 40 (benchmarks/model.py for N up to 1,000)", f"{solve_ms:.2f} ms", "< 0.5 ms",
        solve_ms < 0.5)

    with served() as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/_dash-dependencies")
        dependencies = json.loads(connection.getresponse().read())
        connection.close()
        warm(port, PAGES)
        for path in PAGES:
            # Three cold loads of each kind: this VM's timings wander by a few hundred ms from one load to the next.
            loads = [page_metrics(base_url, path) for _ in range(LOADS)]
            transferred = max(t for t, _ in loads)
            row(f"{path} first-load transfer", f"{transferred / 1e6:.2f} MB", "< 2 MB", transferred < 2e6)
            charts = [c for _, c in loads if c is not None]
            if charts:
                first_chart = statistics.median(charts)
                row(f"{path} time to first chart (median of {len(charts)})",
                    f"{first_chart:.0f} ms ({min(charts):.0f}–{max(charts):.0f})", "< 1500 ms", first_chart < 1500)
                started = [c for _, c in (page_metrics(base_url, path, running=False) for _ in range(LOADS))
                           if c is not None]
                if started:
                    row(f"{path} … in a browser started for the load (the measure until the sixth session)",
                        f"{statistics.median(started):.0f} ms ({min(started):.0f}–{max(started):.0f})", "", None)
        from tests.callbacks import scenario_targets

        callbacks = {
            "router: open /scenarios": router_payload(dependencies, "/scenarios", "?target=DEU:600"),
            "router: open /strategies": router_payload(dependencies, "/strategies", "?economy=DEU"),
            "scenarios: move a slider": scenario_payload(dependencies, {**scenario_targets(), "DEU": 601}),
            "scenarios: city-cluster level": scenario_payload(dependencies, {**scenario_targets(), "DEU": 601},
                                                              level="clusters"),
        }
        callbacks.update(interactions(dependencies))
        for name, body in callbacks.items():
            sent, received = post_sizes(port, body)
            row(f"callback {name}", f"request {sent / 1e3:.1f} kB, response {received / 1e3:.1f} kB",
                "response < 500 kB", received < 500e3)
        latencies = [m[0] for _, m in slider.measure(base_url, 30)]
        ranges = [elapsed for elapsed, _ in background.ranges_runs(port, 3, offset=0)]
    median, p95 = statistics.median(latencies), statistics.quantiles(latencies, n=100, method="inclusive")[94]
    row("scenarios slider → charts redrawn, median (30 moves)", f"{median:.0f} ms", "< 150 ms", median < 150)
    row("scenarios slider → charts redrawn, p95", f"{p95:.0f} ms", "< 300 ms", p95 < 300)
    row("ranges: default Monte Carlo through the background path, start → answer, median of 3 (detail: "
        "benchmarks/background.py)", f"{statistics.median(ranges):.2f} s", "", None)

    from benchmarks import networks

    # The networks page at 200 synthetic clusters and 5,000 links (benchmarks/networks.py, which prints more).
    for change, (median, p95, _, _, kilobytes) in networks.browser_run(moves=NETWORK_MOVES).items():
        row(f"networks, 5,000 links: {change} → redrawn, median / p95 ({NETWORK_MOVES} moves)",
            f"{median:.0f} / {p95:.0f} ms ({kilobytes:.1f} kB sent)", "< 1000 ms", p95 < 1000)

    print()
    width = max(len(r[0]) for r in ROWS)
    print(f"{'measure':<{width}} | {'measured':<34} | {'target':<17} | met")
    print("-" * (width + 64))
    for what, measured, target, met in ROWS:
        print(f"{what:<{width}} | {measured:<34} | {target:<17} | {'yes' if met else 'NO' if met is False else ''}")
    print("\nMore detail: python benchmarks/networks.py (build times too), benchmarks/scenarios.py, "
          "benchmarks/model.py, benchmarks/load.py")
    return 0 if all(met is not False for *_, met in ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())
