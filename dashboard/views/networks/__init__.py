"""The networks page's state and data, with no Dash in it, one module per responsibility:

- `city_network`: the city-cluster network (modeled flows and a force layout), built once per process;
- `layers`: trade-content layers (a world share per kind of trade);
- `state`: the view (`NetworksView`) and its URL codec;
- `drawing`: what a view draws (the scenario's flows, solved once per process; links, betweenness);
- `panel`: one cluster's panel;
- `files`: the CSV downloads.

The page imports this package as one namespace (`from dashboard.views import networks as nv`).
"""
from dashboard.views.networks.city_network import Network, build_network, force_layout, network
from dashboard.views.networks.drawing import (
    CHANGE_CLASSES,
    FLAT_PCT,
    STRONG_PCT,
    Drawing,
    change_class,
    draw,
    scenario_flows,
    status,
    view_flows,
)
from dashboard.views.networks.files import download_name, edges_csv, nodes_csv
from dashboard.views.networks.layers import ALL, Layer, layer_note, layers
from dashboard.views.networks.panel import ClusterFacts, cluster_facts
from dashboard.views.networks.state import (
    CHARTS,
    FLOWS,
    REGIONS,
    SIZES,
    TOP_DEFAULT,
    NetworksView,
    cluster_scenario,
    default_flows,
    from_controls,
    from_query,
    scenario_from_params,
    scenario_link,
    scenario_params,
    to_controls,
    to_query,
)

__all__ = [
    "ALL", "CHANGE_CLASSES", "CHARTS", "FLAT_PCT", "FLOWS", "REGIONS", "SIZES", "STRONG_PCT", "TOP_DEFAULT",
    "ClusterFacts", "Drawing", "Layer", "Network", "NetworksView", "build_network", "change_class", "cluster_facts",
    "cluster_scenario", "default_flows", "download_name", "draw", "edges_csv", "force_layout", "from_controls",
    "from_query", "layer_note", "layers", "network", "nodes_csv", "scenario_flows", "scenario_from_params",
    "scenario_link", "scenario_params", "status", "to_controls", "to_query", "view_flows",
]
