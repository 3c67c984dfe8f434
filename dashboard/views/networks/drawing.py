"""What a view of the networks page draws: the flows (baseline, or the scenario's, solved once per
process and scenario), the strongest links that pass the filters, their betweenness, each node's sales
by kind of buyer, and a line saying what is drawn. A link is the two-way trade of a pair of nodes,
X_mn + X_nm in USD billion, in the view's content layer; flows within a node (the diagonal) are never
drawn. A link is *domestic* when both nodes are in one country, *international* otherwise.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.model import nested
from dashboard.views.networks import city_network, overlay
from dashboard.views.networks.betweenness import betweenness_centrality, node_order
from dashboard.views.networks.city_network import LAYOUT_SEED, MILLION_PER_BILLION, Network
from dashboard.views.networks.layers import Layer, LayerFlows, layer_flows
from dashboard.views.networks.overlay import Scenario
from dashboard.views.networks.state import NetworksView

PARTNERS_IN_HOVER = 3
EXACT_BETWEENNESS_LINKS, BETWEENNESS_SAMPLE = 1000, 48
# A link's change under the scenario, in bands (percent): within ±FLAT it is "about the same".
FLAT_PCT, STRONG_PCT = 0.25, 2.0
CHANGE_CLASSES = (f"shrink by {STRONG_PCT:g} % or more", f"shrink by {FLAT_PCT:g}–{STRONG_PCT:g} %",
                  f"change by less than {FLAT_PCT:g} %", f"grow by {FLAT_PCT:g}–{STRONG_PCT:g} %",
                  f"grow by {STRONG_PCT:g} % or more")
LINK_KINDS = ("domestic", "international")


@functools.lru_cache(maxsize=64)
def scenario_flows(net: Network, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(before, after) node flows of the scenario, goods + services, USD billion, in the network's node
    order; through the overlay's adapter (overlay.scenario_node_flows), solved once per process and scenario."""
    solved = overlay.scenario_node_flows(scenario, net.baseline)
    if solved is None:
        return net.flows, net.flows
    before, after = (np.asarray(a, dtype=float) / MILLION_PER_BILLION for a in solved)
    if before.shape != net.flows.shape or after.shape != net.flows.shape:
        raise ValueError(f"the scenario's node flows are {after.shape}, the network has {net.flows.shape[0]} nodes")
    for array in (before, after):
        array.setflags(write=False)
    return before, after


@functools.lru_cache(maxsize=64)
def view_flows(net: Network, layer: str, scenario: Scenario | None) -> np.ndarray:
    """The (M, M) flows a view draws, USD billion, NaN where its layer has no value: the layer's baseline
    flows, or under a scenario those flows times each cell's change in goods + services (the scenario
    model has one sector here, so a layer moves with its flow)."""
    base = layer_flows(net, layer).flows
    if scenario is None:
        return base
    before, after = scenario_flows(net, scenario)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(before > 0, after / before, 1.0)
    flows = base * change
    flows.setflags(write=False)
    return flows


def drawn_flows(net: Network, view: NetworksView) -> np.ndarray:
    """The (M, M) flows a view draws (see view_flows)."""
    return view_flows(net, view.layer, view.scenario if view.scenario_on else None)


# ---- each node's sales by kind of buyer -------------------------------------------------------------

MEASURES = {
    "international_exports_usd_bn": "international exports (to nodes of other countries)",
    "sales_to_own_country_clusters_usd_bn": "sales to other city clusters of its own country",
    "sales_to_rest_of_country_usd_bn": "sales to the rest of its own country",
    "sales_within_usd_bn": "sales within itself",
    "total_sales_usd_bn": "total sales (the four above)",
}


@functools.lru_cache(maxsize=64)
def node_measures(net: Network, flows_key: Scenario | None) -> pd.DataFrame:
    """Per node (network order), goods + services, USD billion: its sales within itself, to its country's
    other clusters, to its country's rest, abroad (international exports) and in total
    (dashboard.model.nested.node_trade), and its share of world exports in percent (international exports
    over every node's, so sales to clusters of its own country never count). flows_key: a scenario for
    its flows after, None for the baseline."""
    flows = net.flows if flows_key is None else scenario_flows(net, flows_key)[1]
    trade = nested.node_trade(flows, net.country_of, net.is_rest)
    frame = pd.DataFrame({
        "international_exports_usd_bn": trade.sales_international,
        "sales_to_own_country_clusters_usd_bn": trade.sales_own_country_clusters,
        "sales_to_rest_of_country_usd_bn": trade.sales_rest_of_country,
        "sales_within_usd_bn": trade.sales_own,
        "total_sales_usd_bn": trade.total_sales,
    })
    frame["world_export_share_pct"] = 100.0 * frame["international_exports_usd_bn"] / trade.sales_international.sum()
    return frame


GAINS = {
    "sales_change_usd_bn": "change in total sales",
    "market_growth_usd_bn": "buyers spending more at unchanged shares",
    "from_rest_of_country_usd_bn": "market share taken from the rest of its own country",
    "from_own_country_clusters_usd_bn": "market share taken from other city clusters of its own country",
    "from_abroad_usd_bn": "market share taken from suppliers abroad",
}


@functools.lru_cache(maxsize=64)
def node_gains(net: Network, scenario: Scenario) -> pd.DataFrame:
    """Per node (network order), goods + services, USD billion: how its sales change under the scenario,
    by source (dashboard.model.nested.gain_decomposition): buyers spending more, and market share taken
    from (or, negative, lost to) the rest of its own country, its country's other clusters, and abroad;
    the four add up to the change in sales."""
    before, after = scenario_flows(net, scenario)
    gain = nested.gain_decomposition(before, after, net.country_of, net.is_rest)
    return pd.DataFrame({
        "sales_change_usd_bn": gain.sales_change, "market_growth_usd_bn": gain.market_growth,
        "from_rest_of_country_usd_bn": gain.from_rest_of_country,
        "from_own_country_clusters_usd_bn": gain.from_own_country_clusters,
        "from_abroad_usd_bn": gain.from_abroad,
    })


# ---- what a view draws -------------------------------------------------------------------------

@dataclass(frozen=True)
class Links:
    """The links a view draws: pair positions i < j, strongest first, and their two-way values."""

    i: np.ndarray
    j: np.ndarray
    value: np.ndarray
    selected: np.ndarray       # bool per node: passes the region and country filters (and is drawn at all)
    candidates: int            # links that pass the filters and have a value, before top-k


def _edge_key(view: NetworksView) -> NetworksView:
    """The part of a view that decides which links are drawn (chart, node size and the chosen node do not)."""
    return replace(view, chart="map", size="gdp", cluster=None)


@functools.lru_cache(maxsize=128)
def links_of(net: Network, key: NetworksView) -> Links:
    flows = drawn_flows(net, key)
    nodes = net.nodes
    selected = net.placed.copy()
    if key.regions:
        selected &= nodes["region"].isin(key.regions).to_numpy()
    if key.countries:
        selected &= nodes["iso3"].isin(key.countries).to_numpy()
    i, j = np.triu_indices(len(nodes), 1)
    keep = (selected[i] | selected[j]) & net.placed[i] & net.placed[j]
    if key.links != "all":
        same = net.country_of[i] == net.country_of[j]
        keep &= same if key.links == "domestic" else ~same
    value = flows[i, j] + flows[j, i]
    keep &= np.isfinite(value) & (value > 0)
    i, j, value = i[keep], j[keep], value[keep]
    order = np.lexsort((j, i, -value))[:key.top]      # strongest first; ties in network order
    return Links(i[order], j[order], value[order], selected, int(keep.sum()))


#: The betweenness column when the view does not need it (see `draw`).
NOT_COMPUTED = "not computed in this view (node size is not betweenness and no node is chosen)"


@functools.lru_cache(maxsize=128)
def betweenness_of(net: Network, key: NetworksView) -> tuple[np.ndarray, str]:
    """Each node's betweenness on the links of `key` (see _betweenness), computed once per process and links.
    Apart from links_of because only some views need it (200 nodes, 5,000 links: 13-46 ms on the benchmark
    machine, benchmarks/networks.py; it was most of a cold link change's time with networkx's own code)."""
    links = links_of(net, key)
    return _betweenness(len(net.nodes), links.i, links.j, links.value)


def _betweenness(n: int, i: np.ndarray, j: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, str]:
    """Betweenness centrality (networkx's definition, normalised) on the drawn links, a link's length being
    1 / its value so paths run along strong links; and how it was computed. Exact up to
    EXACT_BETWEENNESS_LINKS links; above, estimated from BETWEENNESS_SAMPLE source nodes (Brandes & Pich
    2007; fixed seed, so the same view gives the same numbers). networkx's numbers, computed by
    dashboard.views.networks.betweenness (its docstring says how much faster)."""
    length = 1.0 / np.maximum(value, 1e-12)
    linked = len(node_order(i, j))
    sample = BETWEENNESS_SAMPLE if len(i) > EXACT_BETWEENNESS_LINKS and linked > BETWEENNESS_SAMPLE else None
    result = betweenness_centrality(n, i, j, length, sample, LAYOUT_SEED)
    method = "exact" if sample is None else f"estimated from {sample} sampled source nodes"
    return result, f"{method} (networkx's definition; link length = 1 / value)"


@dataclass(frozen=True)
class Drawing:
    """What the page shows for a view: the nodes and links drawn, and the words around them.

    nodes: drawn nodes (those passing the filters plus the partners at the end of a drawn link):
    Network.nodes columns + in_filter, strength_usd_bn, degree_links, betweenness, size_value, partners
    (hover text), and node_measures' columns (goods + services, whatever the layer). edges: drawn links,
    strongest first: source, target (node ids), source_name, target_name, source_country, target_country,
    link ("domestic" or "international"), value_usd_bn, exports_source_to_target_usd_bn,
    exports_target_to_source_usd_bn, and with a scenario baseline_value_usd_bn, scenario_value_usd_bn,
    change_pct, change_class (index into CHANGE_CLASSES). Values in the view's layer.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    candidates: int
    layer: Layer
    values: LayerFlows
    scenario_on: bool
    year: int
    method: str                # how the flows were made
    betweenness_method: str
    not_drawn: tuple[str, ...]  # nodes of the baseline that no view draws (the rest of the world)


def change_class(change_pct: np.ndarray) -> np.ndarray:
    """Index into CHANGE_CLASSES for each change in percent."""
    return np.digitize(change_pct, [-STRONG_PCT, -FLAT_PCT, FLAT_PCT, STRONG_PCT])


def _partner_text(flows: np.ndarray, placed: np.ndarray, names: np.ndarray) -> list[str]:
    two_way = np.nan_to_num(flows + flows.T, nan=-np.inf)
    two_way[:, ~placed] = -np.inf
    np.fill_diagonal(two_way, -np.inf)
    top = np.argsort(-two_way, axis=1, kind="stable")[:, :PARTNERS_IN_HOVER]
    return ["<br>".join(f"{names[k]}: {two_way[row, k]:,.1f} USD bn" for k in picks if np.isfinite(two_way[row, k]))
            or "none with a value in this layer" for row, picks in enumerate(top)]


def draw(view: NetworksView, net: Network | None = None, betweenness: bool = False) -> Drawing:
    """The nodes and links a view shows, with their metrics, in the view's layer (USD billion). Betweenness
    is computed where it is shown (node size by betweenness, a chosen node's panel) or asked for
    (`betweenness`: the CSV files); elsewhere the column is NaN and betweenness_method says so."""
    net = net or city_network.network()
    key = _edge_key(view)
    links = links_of(net, key)
    if betweenness or view.size == "betweenness" or view.cluster is not None:
        between, between_method = betweenness_of(net, key)
    else:
        between, between_method = np.full(len(net.nodes), np.nan), NOT_COMPUTED
    values = layer_flows(net, view.layer)
    flows = drawn_flows(net, view)
    i, j = links.i, links.j
    nodes = net.nodes
    ids, names, iso = (nodes[c].to_numpy() for c in ("node_id", "name", "iso3"))
    forward, back = flows[i, j], flows[j, i]
    edges = pd.DataFrame({
        "source": ids[i], "target": ids[j], "source_name": names[i], "target_name": names[j],
        "source_country": iso[i], "target_country": iso[j],
        "link": np.where(net.country_of[i] == net.country_of[j], "domestic", "international"),
        "value_usd_bn": forward + back,
        "exports_source_to_target_usd_bn": forward, "exports_target_to_source_usd_bn": back,
    })
    if view.scenario_on:
        base = values.flows
        before = base[i, j] + base[j, i]
        change = 100.0 * (edges["value_usd_bn"].to_numpy() / before - 1.0)
        edges = edges.assign(baseline_value_usd_bn=before, scenario_value_usd_bn=edges["value_usd_bn"],
                             change_pct=change, change_class=change_class(change))
    n = len(nodes)
    value = edges["value_usd_bn"].to_numpy()
    strength = np.bincount(i, value, n) + np.bincount(j, value, n)
    degree = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
    drawn = links.selected.copy()
    drawn[i] = drawn[j] = True
    measures = node_measures(net, view.scenario if view.scenario_on else None)
    table = pd.concat([nodes, measures], axis=1).assign(
        in_filter=links.selected, strength_usd_bn=strength, degree_links=degree, betweenness=between,
        partners=_partner_text(flows, net.placed, names))
    table = table.assign(size_value=table[{"gdp": "gdp_usd_bn", "strength": "strength_usd_bn",
                                           "degree": "degree_links", "betweenness": "betweenness"}[view.size]])
    return Drawing(table[drawn].reset_index(drop=True), edges, links.candidates, values.layer, values,
                   view.scenario_on, net.year, net.method, between_method,
                   tuple(nodes.loc[~net.placed, "name"]))


def status(drawing: Drawing, view: NetworksView) -> str:
    """One line on what is drawn: links shown of how many, of which domestic, nodes, layer and flows."""
    edges, nodes = drawing.edges, drawing.nodes
    if nodes.empty:
        return "No node matches these filters."
    if edges.empty and drawing.layer.content and view.links == "domestic":
        return (f"{drawing.layer.name} has no domestic links: its series are cross-border receipts. "
                "Choose international links or another layer.")
    domestic = int((edges["link"] == "domestic").sum())
    scope = {"all": "links", "domestic": "domestic links", "international": "international links"}[view.links]
    text = (f"Showing the {len(edges):,} strongest of {drawing.candidates:,} {scope} between {len(nodes)} nodes"
            f" ({domestic} domestic, {len(edges) - domestic} international; {drawing.layer.name}, USD billion, "
            f"two-way, {drawing.year}; modeled).")
    if drawing.not_drawn:
        text += f" Not drawn: {', '.join(drawing.not_drawn)} (no place on a map); its trade is in every node's totals."
    if drawing.scenario_on:
        grows = int((edges["change_pct"] >= FLAT_PCT).sum())
        shrinks = int((edges["change_pct"] <= -FLAT_PCT).sum())
        text += f" Under the scenario {grows} of them grow and {shrinks} shrink by {FLAT_PCT:g} % or more."
    if view.size == "betweenness" and drawing.betweenness_method.startswith("estimated"):
        text += f" Betweenness is {drawing.betweenness_method}."
    return text
