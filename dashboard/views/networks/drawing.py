"""What a view of the networks page draws: the flows (baseline, or the scenario's, solved once per
process and scenario), the strongest links that pass the filters, their betweenness, and a line
saying what is drawn. A link is the two-way trade of a pair of clusters, X_ij + X_ji in USD billion;
flows within a cluster (the diagonal) are never drawn.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np
import pandas as pd

from dashboard.model import solve_scenario
from dashboard.views import scenarios as scn
from dashboard.views.networks import city_network
from dashboard.views.networks.city_network import LAYOUT_SEED, Network
from dashboard.views.networks.layers import ALL, Layer, layers
from dashboard.views.networks.state import NetworksView
from dashboard.views.scenarios import ScenarioView

PARTNERS_IN_HOVER = 3
EXACT_BETWEENNESS_LINKS, BETWEENNESS_SAMPLE = 1000, 48
# A link's change under the scenario, in bands (percent): within ±FLAT it is "about the same".
FLAT_PCT, STRONG_PCT = 0.25, 2.0
CHANGE_CLASSES = (f"shrink by {STRONG_PCT:g} % or more", f"shrink by {FLAT_PCT:g}–{STRONG_PCT:g} %",
                  f"change by less than {FLAT_PCT:g} %", f"grow by {FLAT_PCT:g}–{STRONG_PCT:g} %",
                  f"grow by {STRONG_PCT:g} % or more")


@functools.lru_cache(maxsize=64)
def scenario_flows(net: Network, scenario: ScenarioView) -> tuple[np.ndarray, bool]:
    """The cluster flows after the scenario (USD billion, same layout as net.flows), and whether the
    solver converged. Each cluster takes its country's adoption (dashboard.views.scenarios.productivity)."""
    result = solve_scenario(net.flows, productivity_change=scn.productivity(scenario, list(net.nodes["iso3"])),
                            theta=scenario.theta, equilibrium=scenario.equilibrium)
    flows = np.asarray(result.flows, dtype=float)
    flows.setflags(write=False)
    return flows, bool(result.converged)


def view_flows(net: Network, view: NetworksView) -> tuple[np.ndarray, bool]:
    """The flows the view draws (baseline or scenario, before the layer share) and convergence."""
    return scenario_flows(net, view.scenario) if view.scenario_on else (net.flows, True)


# ---- what a view draws -------------------------------------------------------------------------

@dataclass(frozen=True)
class Links:
    """The links a view draws (layer not applied): pair positions i < j, strongest first."""

    i: np.ndarray
    j: np.ndarray
    selected: np.ndarray       # bool per node: passes the region and country filters
    candidates: int            # links that pass the filters, before top-k
    converged: bool
    betweenness: np.ndarray    # per node, on the drawn links (0 for nodes not drawn)
    betweenness_method: str


def _edge_key(view: NetworksView) -> NetworksView:
    """The part of a view that decides which links are drawn (view type, size, layer and the selected
    cluster do not: a layer scales every value by the same share, which changes no ranking)."""
    return replace(view, chart="map", size="gdp", layer=ALL, cluster=None)


@functools.lru_cache(maxsize=128)
def links_of(net: Network, key: NetworksView) -> Links:
    flows, converged = view_flows(net, key)
    nodes = net.nodes
    selected = np.ones(len(nodes), dtype=bool)
    if key.regions:
        selected &= nodes["region"].isin(key.regions).to_numpy()
    if key.countries:
        selected &= nodes["iso3"].isin(key.countries).to_numpy()
    i, j = np.triu_indices(len(nodes), 1)
    keep = selected[i] | selected[j]
    if key.international:
        iso = nodes["iso3"].to_numpy()
        keep &= iso[i] != iso[j]
    i, j = i[keep], j[keep]
    value = flows[i, j] + flows[j, i]
    order = np.lexsort((j, i, -value))[:key.top]      # strongest first; ties in network order
    i, j = i[order], j[order]
    return Links(i, j, selected, int(keep.sum()), converged, *_betweenness(len(nodes), i, j, value[order]))


def _betweenness(n: int, i: np.ndarray, j: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, str]:
    """Betweenness centrality (networkx, normalised) on the drawn links, a link's length being
    1 / its value so paths run along strong links; and how it was computed. Exact up to
    EXACT_BETWEENNESS_LINKS links (the atlas's 40 clusters have 780 at most); above, estimated from
    BETWEENNESS_SAMPLE source clusters (Brandes & Pich 2007; fixed seed, so the same view gives the
    same numbers), which keeps a 5,000-link view under a second."""
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(i.tolist(), j.tolist(), (1.0 / np.maximum(value, 1e-12)).tolist()),
                                  weight="length")
    sample = BETWEENNESS_SAMPLE if len(i) > EXACT_BETWEENNESS_LINKS and len(graph) > BETWEENNESS_SAMPLE else None
    result = np.zeros(n)
    for node, share in nx.betweenness_centrality(graph, k=sample, weight="length", seed=LAYOUT_SEED).items():
        result[node] = share
    method = "exact" if sample is None else f"estimated from {sample} sampled source clusters"
    return result, f"{method} (networkx; link length = 1 / value)"


@dataclass(frozen=True)
class Drawing:
    """What the page shows for a view: the clusters and links drawn, and the words around them.

    nodes: drawn clusters (those passing the filters plus the partners at the end of a drawn link):
    Network.nodes columns + in_filter, strength_usd_bn, degree_links, betweenness, size_value,
    partners (hover text). edges: drawn links, strongest first: source, target (cluster ids),
    source_name, target_name, source_country, target_country, international, value_usd_bn,
    exports_source_to_target_usd_bn, exports_target_to_source_usd_bn, and with a scenario
    baseline_value_usd_bn, scenario_value_usd_bn, change_pct, change_class (index into CHANGE_CLASSES).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    candidates: int
    layer: Layer
    scenario_on: bool
    converged: bool
    method: str                # how the flows were made
    betweenness_method: str


def change_class(change_pct: np.ndarray) -> np.ndarray:
    """Index into CHANGE_CLASSES for each change in percent."""
    return np.digitize(change_pct, [-STRONG_PCT, -FLAT_PCT, FLAT_PCT, STRONG_PCT])


def _partner_text(flows: np.ndarray, share: float, names: np.ndarray) -> list[str]:
    two_way = (flows + flows.T) * share
    np.fill_diagonal(two_way, -np.inf)
    top = np.argsort(-two_way, axis=1, kind="stable")[:, :PARTNERS_IN_HOVER]
    return ["<br>".join(f"{names[k]}: {two_way[row, k]:,.1f} USD bn" for k in picks) for row, picks in enumerate(top)]


def draw(view: NetworksView, net: Network | None = None) -> Drawing:
    """The clusters and links a view shows, with their metrics, in the view's layer (USD billion)."""
    net = net or city_network.network()
    links = links_of(net, _edge_key(view))
    layer = layers()[view.layer]
    flows, _ = view_flows(net, view)
    i, j = links.i, links.j
    nodes = net.nodes
    ids, names, iso = (nodes[c].to_numpy() for c in ("cluster_id", "name", "iso3"))
    forward, back = flows[i, j] * layer.share, flows[j, i] * layer.share
    edges = pd.DataFrame({
        "source": ids[i], "target": ids[j], "source_name": names[i], "target_name": names[j],
        "source_country": iso[i], "target_country": iso[j], "international": iso[i] != iso[j],
        "value_usd_bn": forward + back,
        "exports_source_to_target_usd_bn": forward, "exports_target_to_source_usd_bn": back,
    })
    if view.scenario_on:
        before = (net.flows[i, j] + net.flows[j, i]) * layer.share
        change = 100.0 * (edges["value_usd_bn"].to_numpy() / before - 1.0)
        edges = edges.assign(baseline_value_usd_bn=before, scenario_value_usd_bn=edges["value_usd_bn"],
                             change_pct=change, change_class=change_class(change))
    n = len(nodes)
    value = edges["value_usd_bn"].to_numpy()
    strength = np.bincount(i, value, n) + np.bincount(j, value, n)
    degree = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
    drawn = links.selected.copy()
    drawn[i] = drawn[j] = True
    table = nodes.assign(in_filter=links.selected, strength_usd_bn=strength, degree_links=degree,
                         betweenness=links.betweenness, partners=_partner_text(flows, layer.share, names))
    table = table.assign(size_value=table[{"gdp": "gdp_usd_bn", "strength": "strength_usd_bn",
                                           "degree": "degree_links", "betweenness": "betweenness"}[view.size]])
    return Drawing(table[drawn].reset_index(drop=True), edges, links.candidates, layer, view.scenario_on,
                   links.converged, net.method, links.betweenness_method)


def status(drawing: Drawing, view: NetworksView) -> str:
    """One line on what is drawn: links shown of how many, clusters, layer and flows."""
    edges, nodes = drawing.edges, drawing.nodes
    if nodes.empty:
        return "No city cluster matches these filters."
    scope = "international links" if view.international else "links"
    text = (f"Showing the {len(edges)} strongest of {drawing.candidates} {scope} between {len(nodes)} city clusters "
            f"({drawing.layer.name}; USD billion, two-way; modeled).")
    if drawing.scenario_on:
        grows = int((edges["change_pct"] >= FLAT_PCT).sum())
        shrinks = int((edges["change_pct"] <= -FLAT_PCT).sum())
        text += f" Under the scenario {grows} of them grow and {shrinks} shrink by {FLAT_PCT:g} % or more."
    if view.size == "betweenness" and drawing.betweenness_method.startswith("estimated"):
        text += f" Betweenness is {drawing.betweenness_method}."
    return text
