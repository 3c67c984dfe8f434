"""The city-cluster network, built once per process: the modeled baseline flows (dashboard.model.clusters:
gravity on GDP and distance, RAS-balanced; no source publishes trade between city clusters), each
cluster's name, country and region, and a force layout for the network view.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from dashboard.datasets import load
from dashboard.datasets.regions import region_of
from dashboard.model import ClusterBaseline
from dashboard.views.clusters import cluster_baseline

LAYOUT_SEED = 7
LAYOUT_PARTNERS = 5          # the force layout pulls each cluster towards its strongest partners

@dataclass(frozen=True, eq=False)
class Network:
    """A city-cluster network ready to draw (read-only; hashed by identity so results can be cached).

    nodes: one row per cluster, in the order of `flows`: cluster_id, name, iso3, country, region, lat,
    lon, gdp_usd_bn, gdp_year, gdp_basis, gdp_note (the method if modeled, the source URLs separated by
    ' | ' if sourced), x, y (force layout, unitless, in [-1, 1]).
    flows: N×N USD billion, exporter rows × importer columns (diagonal: within a cluster).
    excluded: clusters of data/ left out of the network, and why (cluster_id, name, reason).
    """

    nodes: pd.DataFrame
    flows: np.ndarray
    method: str
    excluded: pd.DataFrame

    @property
    def max_links(self) -> int:
        return len(self.nodes) * (len(self.nodes) - 1) // 2

    @functools.cached_property
    def position(self) -> dict[str, int]:
        return {c: k for k, c in enumerate(self.nodes["cluster_id"])}


def _country_names() -> dict[str, str]:
    economies = load.table("economies")
    return dict(zip(economies["iso3"], economies["name"]))


def force_layout(flows: np.ndarray, partners: int = LAYOUT_PARTNERS, seed: int = LAYOUT_SEED) -> np.ndarray:
    """N×2 positions in [-1, 1] (networkx spring layout, fixed seed): every cluster linked to its
    `partners` strongest partners, weighted by two-way trade, so strong partners sit close."""
    two_way = flows + flows.T
    np.fill_diagonal(two_way, 0.0)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(flows)))
    strongest = two_way.max() or 1.0
    for i, row in enumerate(two_way):
        for j in np.argsort(-row, kind="stable")[:partners]:
            graph.add_edge(i, int(j), weight=float(row[j] / strongest))
    placed = nx.spring_layout(graph, weight="weight", seed=seed)
    xy = np.array([placed[i] for i in range(len(flows))], dtype=float)
    span = np.abs(xy).max() or 1.0
    return xy / span


def build_network(baseline: ClusterBaseline) -> Network:
    """A drawable network from a cluster baseline: names, regions, GDP notes and the force layout."""
    nodes = baseline.nodes
    names = _country_names()
    flows = baseline.flows.to_numpy(dtype=float, copy=True)
    flows.setflags(write=False)
    xy = force_layout(flows)
    year = nodes["gdp_year"].astype("Int64")
    note = [method if basis == "modeled" else source
            for basis, method, source in zip(nodes["gdp_basis"], nodes["gdp_method"], nodes["gdp_source"])]
    table = pd.DataFrame({
        "cluster_id": nodes["cluster_id"].astype(str).to_numpy(),
        "name": nodes["name"].astype(str).to_numpy(),
        "iso3": nodes["iso3"].astype(str).to_numpy(),
        "country": [names.get(c, c) for c in nodes["iso3"]],
        "region": [region_of(c) for c in nodes["iso3"]],
        "lat": nodes["lat"].astype(float).to_numpy(),
        "lon": nodes["lon"].astype(float).to_numpy(),
        "gdp_usd_bn": nodes["gdp_usd_bn"].astype(float).to_numpy(),
        "gdp_year": year.to_numpy(),
        "gdp_basis": nodes["gdp_basis"].astype(str).to_numpy(),
        "gdp_note": note,
        "x": xy[:, 0],
        "y": xy[:, 1],
    })
    return Network(table, flows, baseline.method, baseline.excluded)


@functools.cache
def network() -> Network:
    """The city-cluster network from data/, with its force layout: computed once per process."""
    return build_network(cluster_baseline())
