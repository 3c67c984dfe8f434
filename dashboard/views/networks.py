"""The networks page's state and data, with no Dash in it: URL codec, the city-cluster network (flows
and a force layout, built once per process), the scenario overlay, what a view draws, a cluster's
panel, and the CSV files.

Every flow is modeled (`dashboard.model.clusters`: gravity on GDP and distance, RAS-balanced); no
source publishes trade between city clusters. A link is the two-way trade of a pair of clusters,
X_ij + X_ji in USD billion; flows within a cluster (the diagonal) are never drawn. A trade-content
layer multiplies every value by one world share from data/trade_content.csv: a uniform share per
layer, not per pair.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl

import networkx as nx
import numpy as np
import pandas as pd

from dashboard import config
from dashboard.datasets import load
from dashboard.datasets.export import to_csv
from dashboard.datasets.regions import region_of
from dashboard.model import ClusterBaseline, cluster_baseline, solve_scenario
from dashboard.views import scenarios as scn
from dashboard.views.query import coerce_number, encode, parse_choice, parse_int, parse_set
from dashboard.views.scenarios import ScenarioView

VIEWS = {"map": "Map", "network": "Network"}
# Node size: key -> (label, unit). Strength, degree and betweenness are measured on the links drawn.
SIZES = {
    "gdp": ("GDP", "USD billion"),
    "strength": ("Trade strength (links drawn)", "USD billion"),
    "degree": ("Degree (links drawn)", "links"),
    "betweenness": ("Betweenness (links drawn)", "share of shortest paths"),
}
FLOWS = {"baseline": "Baseline", "scenario": "Scenario"}
ALL = "all"
REGIONS = tuple(r for r in config.REGIONS if r != "Rest of world")
TOP_DEFAULT = 60
LAYOUT_SEED = 7
LAYOUT_PARTNERS = 5          # the force layout pulls each cluster towards its strongest partners
PARTNERS_IN_HOVER = 3
PARTNERS_IN_PANEL = 8
EXACT_BETWEENNESS_LINKS, BETWEENNESS_SAMPLE = 1000, 48
# A link's change under the scenario, in bands (percent): within ±FLAT it is "about the same".
FLAT_PCT, STRONG_PCT = 0.25, 2.0
CHANGE_CLASSES = (f"shrink by {STRONG_PCT:g} % or more", f"shrink by {FLAT_PCT:g}–{STRONG_PCT:g} %",
                  f"change by less than {FLAT_PCT:g} %", f"grow by {FLAT_PCT:g}–{STRONG_PCT:g} %",
                  f"grow by {STRONG_PCT:g} % or more")
FLOW_BASIS = "modeled"


# ---- the network, once per process -------------------------------------------------------------

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


# ---- trade-content layers ----------------------------------------------------------------------

@dataclass(frozen=True)
class Layer:
    """A trade-content layer: every flow × `share` (a fraction). basis/source describe the share."""

    key: str
    name: str
    share: float
    year: int | None = None
    definition: str = "every modeled flow as it is"
    basis: str = "modeled"
    method: str = ""
    source: str = ""
    url: str = ""


@functools.cache
def layers() -> dict[str, Layer]:
    """'all' (flows as modeled), then one layer per row of data/trade_content.csv."""
    result = {ALL: Layer(ALL, "All trade", 1.0)}
    for row in load.table("trade_content").itertuples():
        source = (f"{row.source_publisher}, {row.source_title} ({row.source_year})"
                  if pd.notna(row.source_publisher) else "")
        result[row.layer] = Layer(row.layer, row.name, float(row.share_pct) / 100.0, int(row.year), row.definition,
                                  row.basis, row.method if pd.notna(row.method) else "", source,
                                  row.source_url if pd.notna(row.source_url) else "")
    return result


def layer_note(layer: Layer) -> str:
    """One sentence on what the layer does to the numbers, and where its share comes from."""
    if layer.key == ALL:
        return "All trade: the modeled flows as they are (goods and services together)."
    basis = f"sourced: {layer.source}" if layer.basis == "sourced" else f"modeled: {layer.method}"
    return (f"{layer.name}: {layer.definition}. Every flow × {100 * layer.share:.1f} %, the layer's share of world "
            f"trade in goods and services in {layer.year} ({basis}). A uniform share per layer, not per pair: the "
            "real mix differs from one pair of clusters to the next.")


# ---- view state and URL codec ------------------------------------------------------------------

@dataclass(frozen=True)
class NetworksView:
    """Everything the networks page draws is decided by these values (and they live in the URL).

    flows: "baseline" or "scenario" (links at their scenario values, coloured by change); the
    scenario itself comes from the scenarios page's parameters.
    """

    view: str = "map"
    top: int = TOP_DEFAULT
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    international: bool = False
    size: str = "gdp"
    layer: str = ALL
    cluster: str | None = None
    flows: str = "baseline"
    scenario: ScenarioView = field(default_factory=ScenarioView)

    @property
    def scenario_on(self) -> bool:
        return self.flows == "scenario" and bool(self.scenario.adoption)


def default_flows(scenario: ScenarioView) -> str:
    """With a scenario in the URL the page opens on it; without one there is only the baseline."""
    return "scenario" if scenario.adoption else "baseline"


def _scenario_only(scenario: ScenarioView) -> ScenarioView:
    # The network is always the cluster matrix: the scenarios page's `level` does not apply here.
    return replace(scenario, level=ScenarioView().level)


def from_query(query: Mapping[str, str], net: Network | None = None) -> tuple[NetworksView, list[str]]:
    """Parse `?view=network&top=100&region=Asia&country=CHN,JPN&intl=1&size=degree&layer=data&cluster=…`
    plus the scenarios page's parameters (`adopt=DEU:80&theta=6&gain=8&eq=partial`).

    Unknown or out-of-range values are dropped or clamped; each one adds a notice for the page.
    """
    net = net or network()
    scenario, notices = scn.from_query(query)
    scenario = _scenario_only(scenario)
    flows = parse_choice(query, "flows", FLOWS, notices) or default_flows(scenario)
    if flows == "scenario" and not scenario.adoption:
        notices.append("flows=scenario needs a scenario (e.g. adopt=DEU:80, from the scenarios page); "
                       "showing the baseline.")
        flows = "baseline"
    view = NetworksView(
        view=parse_choice(query, "view", VIEWS, notices) or "map",
        top=parse_int(query, "top", 1, net.max_links, notices) or min(TOP_DEFAULT, net.max_links),
        regions=parse_set(query, "region", REGIONS, notices),
        countries=parse_set(query, "country", sorted(set(net.nodes["iso3"])), notices),
        international=parse_choice(query, "intl", ("0", "1"), notices) == "1",
        size=parse_choice(query, "size", SIZES, notices) or "gdp",
        layer=parse_choice(query, "layer", layers(), notices) or ALL,
        cluster=parse_choice(query, "cluster", net.position, notices),
        flows=flows,
        scenario=scenario,
    )
    return view, notices


def _choice(value, choices, default):
    return value if isinstance(value, str) and value in choices else default


def _picks(values, choices) -> tuple[str, ...]:
    chosen = {v for v in values if isinstance(v, str)} if isinstance(values, list) else set()
    return tuple(c for c in choices if c in chosen)


def from_controls(view, top, regions, countries, international, size, layer, cluster, flows, scenario,
                  net: Network | None = None) -> NetworksView:
    """The view from the page's control values, whatever the browser sent (a hostile client can send
    anything): unknown choices get the default, numbers are clamped, the scenario is parsed as a URL."""
    net = net or network()
    scenario_view = scenario_from_params(scenario)
    return NetworksView(
        view=_choice(view, VIEWS, "map"),
        top=int(round(coerce_number(top, 1, net.max_links, min(TOP_DEFAULT, net.max_links)))),
        regions=_picks(regions, REGIONS),
        countries=_picks(countries, sorted(set(net.nodes["iso3"]))),
        international=international is True,
        size=_choice(size, SIZES, "gdp"),
        layer=_choice(layer, layers(), ALL),
        cluster=_choice(cluster, net.position, None),
        flows=_choice(flows, FLOWS, "baseline") if scenario_view.adoption else "baseline",
        scenario=scenario_view,
    )


def to_controls(view: NetworksView) -> tuple:
    """The page's control values for a view, in the order from_controls takes them (the inverse of it)."""
    return (view.view, view.top, list(view.regions), list(view.countries), view.international, view.size,
            view.layer, view.cluster, view.flows, scenario_params(view.scenario))


def scenario_params(scenario: ScenarioView) -> dict[str, str]:
    """The scenario as URL parameters ({} for none): small enough for a dcc.Store."""
    return dict(parse_qsl(scn.to_query(_scenario_only(scenario)).lstrip("?")))


def scenario_from_params(params) -> ScenarioView:
    """The scenario of `scenario_params` (anything else gives the baseline scenario)."""
    query = {k: v for k, v in params.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(params, dict) else {}
    return _scenario_only(scn.from_query(query)[0])


def _join(*queries: str) -> str:
    parts = [q.lstrip("?") for q in queries if q]
    return "?" + "&".join(parts) if parts else ""


def to_query(view: NetworksView) -> str:
    """The URL query of a view: defaults left out, the scenario's own parameters kept as they are."""
    default = NetworksView()
    own = encode([
        ("view", view.view if view.view != default.view else None),
        ("top", view.top if view.top != default.top else None),
        ("region", view.regions),
        ("country", view.countries),
        ("intl", "1" if view.international else None),
        ("size", view.size if view.size != default.size else None),
        ("layer", view.layer if view.layer != default.layer else None),
        ("cluster", view.cluster),
        ("flows", view.flows if view.flows != default_flows(view.scenario) else None),
    ])
    return _join(own, scn.to_query(_scenario_only(view.scenario)))


def scenario_link(scenario: ScenarioView) -> str:
    """The scenarios page at the cluster level with the same scenario."""
    return "/scenarios" + _join(scn.to_query(replace(scenario, level="clusters")))


# ---- the scenario, solved once per process and scenario ----------------------------------------

@functools.lru_cache(maxsize=64)
def scenario_flows(net: Network, scenario: ScenarioView) -> tuple[np.ndarray, bool]:
    """The cluster flows after the scenario (USD billion, same layout as net.flows), and whether the
    solver converged. Each cluster takes its country's adoption (dashboard.views.scenarios.productivity)."""
    result = solve_scenario(net.flows, productivity_change=scn.productivity(scenario, list(net.nodes["iso3"])),
                            theta=scenario.theta, equilibrium=scenario.equilibrium)
    flows = np.asarray(result.flows, dtype=float)
    flows.setflags(write=False)
    return flows, bool(result.converged)


def shown_flows(net: Network, view: NetworksView) -> tuple[np.ndarray, bool]:
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
    return replace(view, view="map", size="gdp", layer=ALL, cluster=None)


@functools.lru_cache(maxsize=128)
def _links(net: Network, key: NetworksView) -> Links:
    flows, converged = shown_flows(net, key)
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
    net = net or network()
    links = _links(net, _edge_key(view))
    layer = layers()[view.layer]
    flows, _ = shown_flows(net, view)
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


# ---- one cluster's panel -----------------------------------------------------------------------

@dataclass(frozen=True)
class ClusterFacts:
    """The panel of one cluster: identity, metrics in the current view, top partners, scenario change.

    partners: partner, country, value_usd_bn (two-way), exports_to_usd_bn, imports_from_usd_bn and,
    with a scenario, baseline_value_usd_bn and change_pct. Values in the view's layer.
    """

    node: Mapping[str, object]
    drawn: bool
    partners: pd.DataFrame
    trade_usd_bn: float                         # two-way trade with every other cluster
    international_pct: float                    # of which with clusters in other countries
    scenario: Mapping[str, float] | None = None  # before/after of its trade and within-cluster sales


def cluster_facts(view: NetworksView, drawing: Drawing, net: Network | None = None) -> ClusterFacts | None:
    """The selected cluster's facts, or None when no cluster is selected."""
    net = net or network()
    if view.cluster is None:
        return None
    k = net.position[view.cluster]
    share = drawing.layer.share
    flows, _ = shown_flows(net, view)
    nodes = net.nodes
    row = drawing.nodes[drawing.nodes["cluster_id"] == view.cluster]
    drawn = not row.empty
    node = (row.iloc[0] if drawn else nodes.iloc[k]).to_dict()
    others = np.arange(len(nodes)) != k
    out, back = flows[k] * share, flows[:, k] * share
    two_way = np.where(others, out + back, 0.0)
    abroad = others & (nodes["iso3"].to_numpy() != nodes["iso3"].iloc[k])
    top = np.argsort(-two_way, kind="stable")[:min(PARTNERS_IN_PANEL, int(others.sum()))]
    partners = pd.DataFrame({
        "partner": nodes["name"].to_numpy()[top], "partner_id": nodes["cluster_id"].to_numpy()[top],
        "country": nodes["iso3"].to_numpy()[top], "value_usd_bn": two_way[top],
        "exports_to_usd_bn": out[top], "imports_from_usd_bn": back[top],
    })
    scenario = None
    if view.scenario_on:
        base = net.flows
        before = (base[k] + base[:, k])[top] * share
        partners = partners.assign(baseline_value_usd_bn=before,
                                   change_pct=100 * (partners["value_usd_bn"] / before - 1))
        trade_before = float(((base[k] + base[:, k]) * share)[others].sum())
        scenario = dict(trade_before=trade_before, trade_after=float(two_way.sum()),
                        within_before=float(base[k, k] * share), within_after=float(flows[k, k] * share))
    total = float(two_way.sum())
    return ClusterFacts(node, drawn, partners, total, 100.0 * float(two_way[abroad].sum()) / total if total else 0.0,
                        scenario)


# ---- CSV files ---------------------------------------------------------------------------------

def _context(view: NetworksView, drawing: Drawing) -> dict[str, object]:
    """Columns every row of a download repeats: layer, flows, basis, method and the view's link."""
    layer = drawing.layer
    context = {
        "layer": layer.key, "layer_share_pct": round(100 * layer.share, 4),
        "layer_basis": layer.basis if layer.key != ALL else "none: flows as modeled",
        "layer_source": layer.url or layer.method, "flows": view.flows if view.scenario_on else "baseline",
        "flow_basis": FLOW_BASIS, "flow_method": drawing.method, "betweenness_method": drawing.betweenness_method,
    }
    if view.scenario_on:
        context |= {"scenario_adoption_pct": "; ".join(f"{k}:{v}" for k, v in view.scenario.adoption),
                    "scenario_theta": view.scenario.theta, "scenario_gain_pct": view.scenario.gain,
                    "scenario_equilibrium": view.scenario.equilibrium}
    return context | {"view_query": to_query(view)}


NODE_COLUMNS = ["cluster_id", "name", "iso3", "country", "region", "lat", "lon", "x", "y", "gdp_usd_bn", "gdp_year",
                "gdp_basis", "gdp_note", "in_filter", "strength_usd_bn", "degree_links", "betweenness"]


def nodes_csv(view: NetworksView, drawing: Drawing) -> str:
    """The clusters drawn, with their metrics (strength in USD billion, in the view's layer) and the
    view's parameters. x, y are the network view's positions; GDP basis is per row."""
    table = drawing.nodes[NODE_COLUMNS].rename(columns={"iso3": "country_iso3", "x": "network_x", "y": "network_y",
                                                        "gdp_note": "gdp_source_or_method"})
    return to_csv(table.assign(**_context(view, drawing)))


def edges_csv(view: NetworksView, drawing: Drawing) -> str:
    """The links drawn, strongest first: two-way value and each direction in USD billion (the view's
    layer), and with a scenario the baseline value and the change in percent."""
    table = drawing.edges.drop(columns=["change_class"], errors="ignore")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return to_csv(table.assign(**_context(view, drawing)))


def download_name(view: NetworksView, what: str) -> str:
    """e.g. networks-links_top60_layer-data_region-asia_scenario.csv (what: 'links' or 'clusters')."""
    parts = [f"networks-{what}", f"top{view.top}", f"layer-{view.layer}"]
    parts += [f"region-{r.lower().replace(' ', '-')}" for r in view.regions]
    if view.countries:
        parts.append("country-" + "+".join(view.countries))
    if view.international:
        parts.append("international")
    parts.append("scenario" if view.scenario_on else "baseline")
    return "_".join(parts) + ".csv"
