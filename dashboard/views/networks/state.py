"""The networks page's view and its URL codec: what the page draws is decided by a `NetworksView`, and
the view lives in the URL (with the scenarios page's parameters, when a scenario is overlaid).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl

from dashboard import config
from dashboard.views import scenarios as scn
from dashboard.views.networks import city_network
from dashboard.views.networks.city_network import Network
from dashboard.views.networks.layers import ALL, layers
from dashboard.views.query import coerce_number, encode, parse_choice, parse_int, parse_set
from dashboard.views.scenarios import ScenarioView

CHARTS = {"map": "Map", "network": "Network"}  # how the clusters are placed: on the world map, or by trade
# Node size: key -> (label, unit). Strength, degree and betweenness are measured on the links drawn.
SIZES = {
    "gdp": ("GDP", "USD billion"),
    "strength": ("Trade strength (links drawn)", "USD billion"),
    "degree": ("Degree (links drawn)", "links"),
    "betweenness": ("Betweenness (links drawn)", "share of shortest paths"),
}
FLOWS = {"baseline": "Baseline", "scenario": "Scenario"}
REGIONS = tuple(r for r in config.REGIONS if r != "Rest of world")
TOP_DEFAULT = 60

@dataclass(frozen=True)
class NetworksView:
    """Everything the networks page draws is decided by these values (and they live in the URL).

    flows: "baseline" or "scenario" (links at their scenario values, coloured by change); the
    scenario itself comes from the scenarios page's parameters.
    """

    chart: str = "map"
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


#: Every field's default, in one place: the codec leaves these out of the URL and falls back on them.
DEFAULT = NetworksView()


def default_flows(scenario: ScenarioView) -> str:
    """With a scenario in the URL the page opens on it; without one there is only the baseline."""
    return "scenario" if scenario.adoption else "baseline"


def cluster_scenario(scenario: ScenarioView) -> ScenarioView:
    """The scenario as the network runs it: always on the city-cluster matrix (the scenarios page's
    `level` does not apply here)."""
    return replace(scenario, level=ScenarioView().level)


def from_query(query: Mapping[str, str], net: Network | None = None) -> tuple[NetworksView, list[str]]:
    """Parse `?view=network&top=100&region=Asia&country=CHN,JPN&intl=1&size=degree&layer=data&cluster=…`
    plus the scenarios page's parameters (`adopt=DEU:80&theta=6&gain=8&eq=partial`).

    Unknown or out-of-range values are dropped or clamped; each one adds a notice for the page.
    """
    net = net or city_network.network()
    scenario, notices = scn.from_query(query)
    scenario = cluster_scenario(scenario)
    flows = parse_choice(query, "flows", FLOWS, notices) or default_flows(scenario)
    if flows == "scenario" and not scenario.adoption:
        notices.append("flows=scenario needs a scenario (e.g. adopt=DEU:80, from the scenarios page); "
                       "showing the baseline.")
        flows = DEFAULT.flows
    view = NetworksView(
        chart=parse_choice(query, "view", CHARTS, notices) or DEFAULT.chart,
        top=parse_int(query, "top", 1, net.max_links, notices) or min(TOP_DEFAULT, net.max_links),
        regions=parse_set(query, "region", REGIONS, notices),
        countries=parse_set(query, "country", sorted(set(net.nodes["iso3"])), notices),
        international=parse_choice(query, "intl", ("0", "1"), notices) == "1",
        size=parse_choice(query, "size", SIZES, notices) or DEFAULT.size,
        layer=parse_choice(query, "layer", layers(), notices) or DEFAULT.layer,
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


def from_controls(chart, top, regions, countries, international, size, layer, cluster, flows, scenario,
                  net: Network | None = None) -> NetworksView:
    """The view from the page's control values, whatever the browser sent (a hostile client can send
    anything): unknown choices get the default, numbers are clamped, the scenario is parsed as a URL."""
    net = net or city_network.network()
    scenario_view = scenario_from_params(scenario)
    return NetworksView(
        chart=_choice(chart, CHARTS, DEFAULT.chart),
        top=int(round(coerce_number(top, 1, net.max_links, min(TOP_DEFAULT, net.max_links)))),
        regions=_picks(regions, REGIONS),
        countries=_picks(countries, sorted(set(net.nodes["iso3"]))),
        international=international is True,
        size=_choice(size, SIZES, DEFAULT.size),
        layer=_choice(layer, layers(), DEFAULT.layer),
        cluster=_choice(cluster, net.position, DEFAULT.cluster),
        flows=_choice(flows, FLOWS, DEFAULT.flows) if scenario_view.adoption else DEFAULT.flows,
        scenario=scenario_view,
    )


def to_controls(view: NetworksView) -> tuple:
    """The page's control values for a view, in the order from_controls takes them (the inverse of it)."""
    return (view.chart, view.top, list(view.regions), list(view.countries), view.international, view.size,
            view.layer, view.cluster, view.flows, scenario_params(view.scenario))


def scenario_params(scenario: ScenarioView) -> dict[str, str]:
    """The scenario as URL parameters ({} for none): small enough for a dcc.Store."""
    return dict(parse_qsl(scn.to_query(cluster_scenario(scenario)).lstrip("?")))


def scenario_from_params(params) -> ScenarioView:
    """The scenario of `scenario_params` (anything else gives the baseline scenario)."""
    query = {k: v for k, v in params.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(params, dict) else {}
    return cluster_scenario(scn.from_query(query)[0])


def _join(*queries: str) -> str:
    parts = [q.lstrip("?") for q in queries if q]
    return "?" + "&".join(parts) if parts else ""


def to_query(view: NetworksView) -> str:
    """The URL query of a view: defaults left out, the scenario's own parameters kept as they are."""
    own = encode([
        ("view", view.chart if view.chart != DEFAULT.chart else None),
        ("top", view.top if view.top != DEFAULT.top else None),
        ("region", view.regions),
        ("country", view.countries),
        ("intl", "1" if view.international else None),
        ("size", view.size if view.size != DEFAULT.size else None),
        ("layer", view.layer if view.layer != DEFAULT.layer else None),
        ("cluster", view.cluster),
        ("flows", view.flows if view.flows != default_flows(view.scenario) else None),
    ])
    return _join(own, scn.to_query(cluster_scenario(view.scenario)))


def scenario_link(scenario: ScenarioView) -> str:
    """The scenarios page at the cluster level with the same scenario."""
    return "/scenarios" + _join(scn.to_query(replace(scenario, level="clusters")))
