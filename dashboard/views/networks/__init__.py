"""The networks page's state and data, with no Dash in it, one module per responsibility:

- `city_network`: the nested node network (city clusters, rest of country, economies without clusters;
  modeled flows held to the sourced country matrix) and a force layout, built once per process;
- `layers`: trade-content layers (goods and services node flows; technology and data from each
  exporter's own sourced mix);
- `overlay`: the scenario overlay's adapter to the scenarios page (the only module that imports it);
- `state`: the view (`NetworksView`) and its URL codec;
- `drawing`: what a view draws (links, betweenness, each node's sales by kind of buyer);
- `panel`: one node's panel;
- `files`: the CSV downloads.

The page imports this package as one namespace (`from dashboard.views import networks as nv`).
"""
from dashboard.views.networks.city_network import (
    KIND_LABELS,
    ClusterCount,
    Network,
    build_network,
    cluster_count,
    force_layout,
    network,
)
from dashboard.views.networks.drawing import (
    CHANGE_CLASSES,
    FLAT_PCT,
    GAINS,
    LINK_KINDS,
    MEASURES,
    STRONG_PCT,
    Drawing,
    change_class,
    draw,
    node_gains,
    node_measures,
    scenario_flows,
    status,
    view_flows,
)
from dashboard.views.networks.files import download_name, edges_csv, nodes_csv
from dashboard.views.networks.layers import ALL, CONTENT_PAGE, Layer, LayerFlows, layer_flows, layer_note, layers
from dashboard.views.networks.overlay import Scenario, scenario_node_flows
from dashboard.views.networks.panel import ClusterFacts, cluster_facts, gain_words, sales_labels
from dashboard.views.networks.state import (
    CHARTS,
    FLOWS,
    LINKS,
    REGIONS,
    SIZES,
    TOP_DEFAULT,
    NetworksView,
    default_flows,
    from_controls,
    from_query,
    to_controls,
    to_query,
)

__all__ = [
    "ALL", "CHANGE_CLASSES", "CHARTS", "CONTENT_PAGE", "FLAT_PCT", "FLOWS", "GAINS", "KIND_LABELS", "LINKS",
    "LINK_KINDS", "MEASURES", "REGIONS", "SIZES", "STRONG_PCT", "TOP_DEFAULT", "ClusterCount", "ClusterFacts",
    "Drawing", "Layer",
    "LayerFlows", "Network", "NetworksView", "Scenario", "build_network", "change_class", "cluster_count",
    "cluster_facts", "default_flows", "download_name", "draw", "edges_csv", "force_layout", "from_controls",
    "from_query", "gain_words", "layer_flows", "layer_note", "layers", "network", "node_gains", "node_measures",
    "nodes_csv", "sales_labels", "scenario_flows", "scenario_node_flows", "status", "to_controls", "to_query",
    "view_flows",
]
