"""The networks page's view and its URL codec: what the page draws is decided by a `NetworksView`, and
the view lives in the URL (with the scenarios page's parameters, when a scenario is overlaid).

Old links keep working: `intl=1` (international links only, before domestic links could be chosen)
reads as `links=international`, and a cluster the nested baseline leaves out is named with the reason.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard import config
from dashboard.views.networks import city_network, overlay
from dashboard.views.networks.city_network import Network
from dashboard.views.networks.layers import ALL, layers
from dashboard.views.networks.overlay import Scenario
from dashboard.views.query import coerce_number, encode, parse_choice, parse_int, parse_set, quoted

CHARTS = {"map": "Map", "network": "Network"}  # how the nodes are placed: on the world map, or by trade
# Node size: key -> (label, unit). Strength, degree and betweenness are measured on the links drawn.
SIZES = {
    "gdp": ("GDP", "USD billion"),
    "strength": ("Trade strength (links drawn)", "USD billion"),
    "degree": ("Degree (links drawn)", "links"),
    "betweenness": ("Betweenness (links drawn)", "share of shortest paths"),
}
#: Which links: between nodes of one country (domestic), of two countries (international), or both.
LINKS = {"all": "Domestic and international", "domestic": "Domestic only", "international": "International only"}
FLOWS = {"baseline": "Baseline", "scenario": "Scenario"}
REGIONS = tuple(r for r in config.REGIONS if r != "Rest of world")
TOP_DEFAULT = 60


@dataclass(frozen=True)
class NetworksView:
    """Everything the networks page draws is decided by these values (and they live in the URL).

    cluster: the chosen node (a city cluster, a rest of country or an economy without clusters).
    flows: "baseline" or "scenario" (links at their scenario values, coloured by change); the
    scenario itself is the scenarios page's URL parameters (`overlay.Scenario`).
    """

    chart: str = "map"
    top: int = TOP_DEFAULT
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    links: str = "all"
    size: str = "gdp"
    layer: str = ALL
    cluster: str | None = None
    flows: str = "baseline"
    scenario: Scenario = ()

    @property
    def scenario_on(self) -> bool:
        return self.flows == "scenario" and overlay.active(self.scenario)


#: Every field's default, in one place: the codec leaves these out of the URL and falls back on them.
DEFAULT = NetworksView()


def default_flows(scenario: Scenario) -> str:
    """With a scenario in the URL the page opens on it; without one there is only the baseline."""
    return "scenario" if overlay.active(scenario) else "baseline"


def _countries(net: Network) -> list[str]:
    """The codes of the countries with a drawn node, in the network's order."""
    return list(dict.fromkeys(net.nodes.loc[net.placed, "iso3"]))


def _cluster(query: Mapping[str, str], net: Network, notices: list[str]) -> str | None:
    """The chosen node; a cluster the nested baseline leaves out (an old link) is named with its reason."""
    raw = query.get("cluster")
    left_out = dict(zip(net.excluded["cluster_id"], zip(net.excluded["name"], net.excluded["reason"])))
    if raw is not None and raw.strip() in left_out:
        name, reason = left_out[raw.strip()]
        notices.append(f"{name} is no longer a node of the network. {reason}")
        return None
    return parse_choice(query, "cluster", net.position, notices)


def _links(query: Mapping[str, str], notices: list[str]) -> str:
    """`links=…`, or an old link's `intl=1` (international links only)."""
    if "links" in query:
        return parse_choice(query, "links", LINKS, notices) or DEFAULT.links
    legacy = query.get("intl")
    if legacy is not None and legacy.strip() not in ("0", "1"):
        notices.append(f"Ignored intl={quoted(legacy)!r}: use links=international or links=domestic.")
    return "international" if legacy is not None and legacy.strip() == "1" else DEFAULT.links


def from_query(query: Mapping[str, str], net: Network | None = None) -> tuple[NetworksView, list[str]]:
    """Parse `?view=network&top=100&region=Asia&country=CHN,JPN&links=domestic&size=degree&layer=data&cluster=…`
    plus the scenarios page's parameters (`adopt=DEU:80&theta=6&gain=8&eq=partial`).

    Unknown or out-of-range values are dropped or clamped; each one adds a notice for the page.
    """
    net = net or city_network.network()
    scenario, notices = overlay.parse(query)
    flows = parse_choice(query, "flows", FLOWS, notices) or default_flows(scenario)
    if flows == "scenario" and not overlay.active(scenario):
        notices.append("flows=scenario needs a scenario (e.g. adopt=DEU:80, from the scenarios page); "
                       "showing the baseline.")
        flows = DEFAULT.flows
    view = NetworksView(
        chart=parse_choice(query, "view", CHARTS, notices) or DEFAULT.chart,
        top=parse_int(query, "top", 1, net.max_links, notices) or min(TOP_DEFAULT, net.max_links),
        regions=parse_set(query, "region", REGIONS, notices),
        countries=parse_set(query, "country", _countries(net), notices),
        links=_links(query, notices),
        size=parse_choice(query, "size", SIZES, notices) or DEFAULT.size,
        layer=parse_choice(query, "layer", layers(), notices) or DEFAULT.layer,
        cluster=_cluster(query, net, notices),
        flows=flows,
        scenario=scenario,
    )
    return view, notices


def _choice(value, choices, default):
    return value if isinstance(value, str) and value in choices else default


def _picks(values, choices) -> tuple[str, ...]:
    chosen = {v for v in values if isinstance(v, str)} if isinstance(values, list) else set()
    return tuple(c for c in choices if c in chosen)


def from_controls(chart, top, regions, countries, links, size, layer, cluster, flows, scenario,
                  net: Network | None = None) -> NetworksView:
    """The view from the page's control values, whatever the browser sent (a hostile client can send
    anything): unknown choices get the default, numbers are clamped, the scenario is parsed as a URL."""
    net = net or city_network.network()
    params = overlay.from_store(scenario)
    return NetworksView(
        chart=_choice(chart, CHARTS, DEFAULT.chart),
        top=int(round(coerce_number(top, 1, net.max_links, min(TOP_DEFAULT, net.max_links)))),
        regions=_picks(regions, REGIONS),
        countries=_picks(countries, _countries(net)),
        links=_choice(links, LINKS, DEFAULT.links),
        size=_choice(size, SIZES, DEFAULT.size),
        layer=_choice(layer, layers(), DEFAULT.layer),
        cluster=_choice(cluster, net.position, DEFAULT.cluster),
        flows=_choice(flows, FLOWS, DEFAULT.flows) if overlay.active(params) else DEFAULT.flows,
        scenario=params,
    )


def to_controls(view: NetworksView) -> tuple:
    """The page's control values for a view, in the order from_controls takes them (the inverse of it)."""
    return (view.chart, view.top, list(view.regions), list(view.countries), view.links, view.size,
            view.layer, view.cluster, view.flows, dict(view.scenario))


def to_query(view: NetworksView) -> str:
    """The URL query of a view: defaults left out, the scenario's own parameters kept as they are."""
    return encode([
        ("view", view.chart if view.chart != DEFAULT.chart else None),
        ("top", view.top if view.top != DEFAULT.top else None),
        ("region", view.regions),
        ("country", view.countries),
        ("links", view.links if view.links != DEFAULT.links else None),
        ("size", view.size if view.size != DEFAULT.size else None),
        ("layer", view.layer if view.layer != DEFAULT.layer else None),
        ("cluster", view.cluster),
        ("flows", view.flows if view.flows != default_flows(view.scenario) else None),
        *view.scenario,
    ])
