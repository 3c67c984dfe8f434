"""One city cluster's panel on the networks page: what it is, its metrics in the view, its top partners
and, with a scenario, how its trade changes (values in the view's layer, USD billion)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.views.networks import city_network
from dashboard.views.networks.city_network import Network
from dashboard.views.networks.drawing import Drawing, view_flows
from dashboard.views.networks.state import NetworksView

PARTNERS_IN_PANEL = 8

@dataclass(frozen=True)
class ClusterFacts:
    """The panel of one cluster: identity, metrics in the current view, top partners, scenario change.

    partners: partner, country, value_usd_bn (two-way), exports_to_usd_bn, imports_from_usd_bn and,
    with a scenario, baseline_value_usd_bn and change_pct. Values in the view's layer.
    """

    node: Mapping[str, Any]
    drawn: bool
    partners: pd.DataFrame
    trade_usd_bn: float                         # two-way trade with every other cluster
    international_pct: float                    # of which with clusters in other countries
    scenario: Mapping[str, float] | None = None  # before/after of its trade and within-cluster sales


def cluster_facts(view: NetworksView, drawing: Drawing, net: Network | None = None) -> ClusterFacts | None:
    """The selected cluster's facts, or None when no cluster is selected."""
    net = net or city_network.network()
    if view.cluster is None:
        return None
    k = net.position[view.cluster]
    share = drawing.layer.share
    flows, _ = view_flows(net, view)
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
