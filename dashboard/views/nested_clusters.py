"""The nested city-cluster baseline: city clusters as open economies inside the 2019 country matrix.

    python -m dashboard.views.nested_clusters      # print the nodes, the fit and the domestic shares

`nested_baseline()` builds it once per process from data/cluster_nodes.csv (the nodes, their GDP
shares and points) and `sector_baseline()` (the 2019 matrix, 2 sectors × 25 economies, USD million)
with `dashboard.model.nested` (the model and its parameters are documented there). It is computed at
load rather than stored: the fit takes about 40 ms, is deterministic (fixed inputs, fixed number of
sweeps to a fixed tolerance), and a stored 2 × 67 × 67 file would only repeat trade_baseline.csv in
another shape and could fall out of step with it.

Every node flow is modeled (method `NEST_METHOD`); the country flows it is held to keep the basis of
their trade_baseline.csv cell (IMF DOTS goods between modeled economies are sourced) — `cells()`
gives both, cell by cell, for downloads.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.datasets import load
from dashboard.datasets.matrices import sector_baseline
from dashboard.model import nested

NEST_METHOD = (
    "Nested gravity (dashboard/model/nested.py): each country's flows to each country are split among its "
    "nodes in proportion to their GDP shares (cluster_nodes.csv), and each node's purchases from each country "
    "likewise; inside these margins flows follow w_m·w_n·d^-{eps:g} with an own-node factor of {own:g} (Combes, "
    "Lafourcade & Mayer 2005; distance elasticity: Head & Mayer 2014), fitted by RAS. Nodes of a country sum "
    "exactly to the country's flows in trade_baseline.csv."
)
KINDS = ("cluster", "rest-of-country", "country")


@dataclass(frozen=True)
class NestedBaseline:
    """The nested baseline. Arrays are read-only; money in USD million, current, 2019.

    node_ids, names, iso3, kinds: the M nodes, in economies.csv order of their country, each country's
        clusters first, then its rest of country; a country without clusters (and ROW) is one node of
        kind "country" whose id is its code.
    node_country: (M,) index of each node's country in `codes`; codes, country_names: the N economies.
    lat, lon: (M,) the node's point (NaN for a single-node country: not needed).
    gdp_share: (M,) share of the country's GDP; gdp: (M,) gdp_share × the country's 2019 GDP.
    flows: (S, M, M) node flows, exporter × importer, per sector (`sectors`); country_flows: (S, N, N)
        the matrix they sum to; value_added_share: (S, M) the country's β for each of its nodes.
    distances: (M, M) km used by the prior; iterations, max_error: how the fit went.
    excluded: clusters of city_clusters.csv that are not nodes, with the reason.
    """

    year: int
    node_ids: tuple[str, ...]
    names: tuple[str, ...]
    iso3: tuple[str, ...]
    kinds: tuple[str, ...]
    node_country: np.ndarray
    codes: tuple[str, ...]
    country_names: tuple[str, ...]
    sectors: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray
    gdp_share: np.ndarray
    gdp: np.ndarray
    flows: np.ndarray
    country_flows: np.ndarray
    value_added_share: np.ndarray
    distances: np.ndarray
    own_node_factor: float
    distance_elasticity: float
    iterations: int
    max_error: float
    excluded: pd.DataFrame
    method: str
    unit: str = "USD million, current"

    @property
    def is_rest(self) -> np.ndarray:
        """(M,) True for rest-of-country nodes."""
        return np.array([k == "rest-of-country" for k in self.kinds])

    @property
    def is_cluster(self) -> np.ndarray:
        """(M,) True for city-cluster nodes."""
        return np.array([k == "cluster" for k in self.kinds])

    def summed_flows(self) -> pd.DataFrame:
        """Node flows summed over sectors (USD million), labelled by node id: the one-sector input of
        `solve_scenario`."""
        labels = pd.Index(self.node_ids, name="exporter")
        return pd.DataFrame(self.flows.sum(axis=0), index=labels, columns=labels.rename("importer"))

    def cells(self) -> pd.DataFrame:
        """Every node flow as a labelled row (sector, exporter, importer, value, unit, basis='modeled',
        method) with the country flow it is held to and that flow's own basis in trade_baseline.csv."""
        grid = np.meshgrid(np.arange(len(self.sectors)), np.arange(len(self.node_ids)),
                           np.arange(len(self.node_ids)), indexing="ij")
        s, m, n = (axis.ravel() for axis in grid)
        ids, codes = np.array(self.node_ids), np.array(self.codes)
        cm, cn = self.node_country[m], self.node_country[n]
        basis = sector_baseline().sourced[s, cm, cn]
        return pd.DataFrame({
            "sector": np.array(self.sectors)[s], "exporter": ids[m], "importer": ids[n],
            "exporter_economy": codes[cm], "importer_economy": codes[cn],
            "value": self.flows[s, m, n], "unit": self.unit, "basis": "modeled", "method": self.method,
            "country_flow": self.country_flows[s, cm, cn],
            "country_flow_basis": np.where(basis, "sourced", "modeled"),
        })


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


def _nodes(codes: tuple[str, ...], country_names: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes in model order, excluded clusters) from cluster_nodes.csv, checked against economies.csv."""
    table = load.table("cluster_nodes")
    excluded = table[table["kind"] == "excluded"]
    modeled = table[table["kind"] != "excluded"]
    foreign = sorted(set(modeled["iso3"]) - set(codes))
    if foreign:
        raise ValueError(f"cluster_nodes.csv: {foreign[0]} is not an economy of economies.csv (mark it excluded)")
    totals = modeled.groupby("iso3")["gdp_share"].sum()
    off = totals[(totals - 1).abs() > 1e-6]
    if len(off):
        raise ValueError(f"cluster_nodes.csv: the node shares of {off.index[0]} sum to {off.iloc[0]:.6f}, not 1")
    rows = []
    for code, name in zip(codes, country_names):
        part = modeled[modeled["iso3"] == code]
        if part.empty:
            rows.append({"node_id": code, "name": name, "iso3": code, "kind": "country", "lat": np.nan, "lon": np.nan,
                             "gdp_share": 1.0, "internal_km": np.nan})
            continue
        ordered = pd.concat([part[part["kind"] == "cluster"], part[part["kind"] == "rest-of-country"]])
        rows.extend(ordered[["node_id", "name", "iso3", "kind", "lat", "lon", "gdp_share", "internal_km"]]
                    .to_dict("records"))
    reasons = excluded[["node_id", "name", "iso3", "notes"]].rename(columns={"node_id": "cluster_id",
                                                                            "notes": "reason"})
    return pd.DataFrame(rows), reasons.reset_index(drop=True)


@functools.cache
def nested_baseline(own_node_factor: float = nested.OWN_NODE_FACTOR,
                    distance_elasticity: float = nested.DEFAULT_DISTANCE_ELASTICITY) -> NestedBaseline:
    """The nested baseline (see `NestedBaseline`), built once per process per parameter pair."""
    base = sector_baseline()
    nodes, excluded = _nodes(base.codes, base.names)
    country = nodes["iso3"].map({c: i for i, c in enumerate(base.codes)}).to_numpy(dtype=np.intp)
    lat, lon = nodes["lat"].to_numpy(dtype=float), nodes["lon"].to_numpy(dtype=float)
    rest = (nodes["kind"] == "rest-of-country").to_numpy()
    distances = nested.node_distances(lat, lon, country, rest, nodes["internal_km"].to_numpy(dtype=float))
    share = nodes["gdp_share"].to_numpy(dtype=float)
    fit = nested.nest_flows(base.flows, country, share, distances, own_node_factor=own_node_factor,
                            distance_elasticity=distance_elasticity)
    return NestedBaseline(
        year=base.year, node_ids=tuple(nodes["node_id"]), names=tuple(nodes["name"]), iso3=tuple(nodes["iso3"]),
        kinds=tuple(nodes["kind"]), node_country=_frozen(country), codes=base.codes, country_names=base.names,
        sectors=base.sectors, lat=_frozen(lat), lon=_frozen(lon), gdp_share=_frozen(share),
        gdp=_frozen(share * base.gdp[country]), flows=_frozen(fit.flows), country_flows=base.flows,
        value_added_share=_frozen(base.value_added_share[:, country]), distances=_frozen(distances),
        own_node_factor=own_node_factor, distance_elasticity=distance_elasticity, iterations=fit.iterations,
        max_error=fit.max_error, excluded=excluded,
        method=NEST_METHOD.format(eps=distance_elasticity, own=own_node_factor))


def domestic_shares(baseline: NestedBaseline) -> pd.DataFrame:
    """Per node: shares of its purchases (both sectors) bought from itself, from its country's other
    clusters, from its country's rest, from abroad, and the domestic total (fractions)."""
    trade = nested.node_trade(baseline.flows, baseline.node_country, baseline.is_rest)
    total = trade.total_purchases
    frame = pd.DataFrame({
        "node": baseline.node_ids, "kind": baseline.kinds, "iso3": baseline.iso3,
        "own": trade.purchases_own / total,
        "own_country_clusters": trade.purchases_own_country_clusters / total,
        "rest_of_country": trade.purchases_rest_of_country / total,
        "abroad": trade.purchases_international / total,
    })
    frame["domestic"] = 1.0 - frame["abroad"]
    return frame


def main() -> None:
    base = nested_baseline()
    print(f"{len(base.node_ids)} nodes ({int(base.is_cluster.sum())} clusters, {int(base.is_rest.sum())} "
          f"rest-of-country), {len(base.excluded)} clusters left out; RAS: {base.iterations} sweeps, "
          f"max error {base.max_error:.1e}")
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 160,
                           "display.precision", 3):
        print(domestic_shares(base))


if __name__ == "__main__":
    main()
