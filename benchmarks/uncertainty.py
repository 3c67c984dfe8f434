"""Benchmark: the Monte Carlo uncertainty ranges (`scenario_ranges`) on one core.

Run: python benchmarks/uncertainty.py   (about a minute: three default runs per closure, eight replicate
runs for the Monte Carlo error check, and three runs of each city-cluster scenario)

Prints, at country level (the 2019 baseline, 25 economies incl. ROW, two sectors):
- draws, time of the default run (median and worst of three), time per draw, the progress updates
  (count, and when the first and last arrived);
- the Monte Carlo error of the interval ends against the interval's width (median and worst over
  economies and outputs), and a check of the order-statistic error estimate against the spread of the
  interval ends over eight runs with independent seeds;
- city-cluster level as the page runs it (dashboard.views.ranges on the nested baseline, CLUSTER_DRAWS
  draws, one density error per country): China's 2025 target, and the Greater Bay Area adopting alone;
  time (median and worst of three), time per draw, the Monte Carlo error of the shown outputs' interval
  ends, and what DEFAULT_DRAWS would cost there.

Workload (country level): "Asia catches up with Korea" (data/scenario_presets.csv: China, Japan, India,
Indonesia, Thailand and Türkiye reach 1,012 robots per 10,000 manufacturing employees), baseline
densities from data/indicators.csv (2019, with their basis: IFR-published or modeled); Indonesia,
Thailand and Türkiye have no 2019 density in data/, so this benchmark sets theirs to the IFR's 2019 world
average, 113, as a user would (basis "user": not varied). Deficits fixed, then closed.

One core: the process is pinned to one CPU and OpenBLAS to one thread before numpy loads.
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.datasets import load
from dashboard.datasets.matrices import sector_baseline
from dashboard.model import DEFAULT_DRAWS, scenario_ranges
from dashboard.model.uncertainty import CLUSTER_DRAWS
from dashboard.views import ranges as rv

PRESET = "asia-catches-up-korea"
USER_BASELINE = 113.0   # IFR world average robot density, 2019 (data/indicators.csv, WLD): the benchmark's stand-in
RUNS = 3
REPLICATES = 8
BUDGET_SECONDS = 2.0
#: The city-cluster scenarios timed, as the scenarios page's address holds them.
CLUSTER_SEARCHES = ("?level=clusters&target=CHN:492", "?level=clusters&city=greater-bay-area:600")
CLUSTER_BUDGET_SECONDS = 3.0


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here)"


def country_scenario() -> dict:
    baseline = sector_baseline()
    indicators = load.table("indicators")
    density = indicators[(indicators["indicator"] == "robot_density") & (indicators["year"] == 2019)]
    density = density.set_index("iso3")
    base = np.array([float(density["value"].get(code, USER_BASELINE)) for code in baseline.codes])
    basis = [str(density["basis"].get(code, "user")) for code in baseline.codes]
    presets = load.table("scenario_presets")
    preset = presets[presets["preset_id"] == PRESET].set_index("iso3")["target_robot_density"]
    target = np.array([float(preset.get(code, b)) for code, b in zip(baseline.codes, base)])
    return dict(flows=baseline.flows, value_added_share=baseline.value_added_share,
                manufacturing_share=baseline.manufacturing_share_of_goods, density_base=base,
                density_target=target, density_basis=basis, economies=baseline.codes)


def timed_run(scenario: dict, **options):
    updates: list[tuple[int, float]] = []
    start = time.perf_counter()
    result = scenario_ranges(**scenario, progress=lambda done, total: updates.append(
        (done, time.perf_counter() - start)), **options)
    return time.perf_counter() - start, result, updates


def country_table() -> None:
    scenario = country_scenario()
    print(f"\nCountry level: {len(scenario['economies'])} economies, 2 sectors, preset '{PRESET}', "
          f"{DEFAULT_DRAWS} draws (DEFAULT_DRAWS)")
    header = (f"{'closure':>8} | {'draws':>5} | {'used':>4} | {'failed':>6} | {'median (s)':>10} | {'worst (s)':>9} | "
              f"{'per draw (ms)':>13} | {'updates':>7} | {'first/last update (s)':>21} | "
              f"{'MC err / width: median':>22} | {'worst':>6}")
    print(header)
    print("-" * len(header))
    results = {}
    for closure in ("fixed", "balanced"):
        times, result, updates = [], None, []
        for _ in range(RUNS):
            elapsed, result, updates = timed_run(scenario, deficits=closure)
            times.append(elapsed)
        results[closure] = result
        ratio = result.mc_error_ratio
        median_time = statistics.median(times)
        print(f"{closure:>8} | {result.draws:>5} | {result.used:>4} | {result.failed:>6} | {median_time:>10.3f} | "
              f"{max(times):>9.3f} | {median_time / result.draws * 1e3:>13.3f} | {len(updates):>7} | "
              f"{updates[0][1]:>9.3f} / {updates[-1][1]:>9.3f} | {np.nanmedian(ratio):>21.1%} | "
              f"{np.nanmax(ratio):>6.1%}")
        verdict = "met" if max(times) <= BUDGET_SECONDS else "MISSED"
        print(f"{'':>8}   budget ≤ {BUDGET_SECONDS:g} s on one core: {verdict}")
    print("\nProgress updates of the last run (draws done, seconds):",
          ", ".join(f"{done} @ {at:.2f}" for done, at in updates))

    # Is the order-statistic error honest? Compare it with the spread of the interval ends over runs
    # with independent seeds (deficits fixed).
    result = results["fixed"]
    ends = []
    for r in range(REPLICATES):
        ends.append(scenario_ranges(**scenario, seed=result.seed + 1 + r))
    low_sd = np.std([e.low for e in ends], axis=0, ddof=1)
    high_sd = np.std([e.high for e in ends], axis=0, ddof=1)
    width = result.width
    mask = width > 1e-6
    estimated = np.maximum(result.low_se, result.high_se)[mask] / width[mask]
    observed = np.maximum(low_sd, high_sd)[mask] / width[mask]
    print(f"\nMonte Carlo error check ({REPLICATES} runs of {DEFAULT_DRAWS} draws with independent seeds, deficits "
          f"fixed): spread of the interval ends / width, median {np.median(observed):.1%}, worst "
          f"{np.max(observed):.1%}; the order-statistic estimate says median {np.median(estimated):.1%}, worst "
          f"{np.max(estimated):.1%}.")
    income = result.output("real_income")
    for code in ("CHN", "IND", "JPN", "DEU", "USA"):
        i = scenario["economies"].index(code)
        print(f"  {code} real income: point {income['point'][i]:+.2f} %, median {income['median'][i]:+.2f} %, "
              f"90 % interval {income['low'][i]:+.2f} to {income['high'][i]:+.2f} % "
              f"(MC error ±{income['low_se'][i]:.2f}"
              f" / ±{income['high_se'][i]:.2f}), same sign in {income['sign_agreement'][i]:.0%} of draws")
    jobs = result.output("goods_employment_share")
    for code in ("CHN", "IND", "JPN"):
        i = scenario["economies"].index(code)
        print(f"  {code} goods share of employment: point {jobs['point'][i]:+.2f} pp, 90 % interval "
              f"{jobs['low'][i]:+.2f} to {jobs['high'][i]:+.2f} pp, "
              f"same sign in {jobs['sign_agreement'][i]:.0%} of draws")


def cluster_table() -> None:
    print(f"\nCity-cluster level (the nested baseline as the page solves it, 2 sectors), {CLUSTER_DRAWS} draws "
          "(CLUSTER_DRAWS)")
    header = (f"{'scenario':>42} | {'nodes':>5} | {'median (s)':>10} | {'worst (s)':>9} | {'per draw (ms)':>13} | "
              f"{'MC err / width: median':>22} | {'worst':>6} | {DEFAULT_DRAWS:,} draws would take")
    print(header)
    print("-" * len(header))
    for search in CLUSTER_SEARCHES:
        prepared = rv.ranges_inputs(search)
        times, summary = [], {}
        for _ in range(RUNS):
            start = time.perf_counter()
            summary = rv.compute_summary(prepared)
            times.append(time.perf_counter() - start)
        per_draw = statistics.median(times) / CLUSTER_DRAWS
        median_error, worst_error = summary["mc_error"]
        print(f"{search:>42} | {len(summary['rows']):>5} | {statistics.median(times):>10.3f} | {max(times):>9.3f} | "
              f"{per_draw * 1e3:>13.2f} | {median_error:>21.1%} | {worst_error:>6.1%} | "
              f"{per_draw * DEFAULT_DRAWS:.1f} s")
        verdict = "met" if max(times) <= CLUSTER_BUDGET_SECONDS else "MISSED"
        print(f"{'':>42}   budget ≤ {CLUSTER_BUDGET_SECONDS:g} s on one core: {verdict}")


def main() -> None:
    print(f"scenario_ranges benchmark, {pin_one_core()}, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
    country_table()
    cluster_table()


if __name__ == "__main__":
    main()
