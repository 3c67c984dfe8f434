"""One node's panel on the networks page: what it is, its sales by kind of buyer (goods + services,
USD billion), its metrics in the view, its top partners in the view's layer and, with a scenario,
how its sales change."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.views.networks import city_network
from dashboard.views.networks.city_network import Network
from dashboard.views.networks.drawing import MEASURES, Drawing, drawn_flows, node_gains, node_measures
from dashboard.views.networks.layers import layer_flows
from dashboard.views.networks.state import NetworksView

PARTNERS_IN_PANEL = 8


@dataclass(frozen=True)
class ClusterFacts:
    """The panel of one node: identity, sales by kind of buyer, metrics in the view, top partners.

    measures: MEASURES' keys and world_export_share_pct -> value (goods + services, the view's flows);
    before: the same in the baseline when a scenario is shown (else None).
    country: its country's nodes added up (the country itself): clusters (how many), gdp_usd_bn,
    international_exports_usd_bn, and the node's gdp_share_pct and exports_share_pct of them.
    partners: partner, partner_id, country, link, value_usd_bn (two-way), exports_to_usd_bn,
    imports_from_usd_bn and, with a scenario, baseline_value_usd_bn and change_pct. Values in the layer.
    gains: with a scenario, drawing.GAINS' keys -> USD billion (where its change in sales comes from); else None.
    """

    node: Mapping[str, Any]
    drawn: bool
    measures: Mapping[str, float]
    before: Mapping[str, float] | None
    partners: pd.DataFrame
    country: Mapping[str, float]
    gains: Mapping[str, float] | None = None


def cluster_facts(view: NetworksView, drawing: Drawing, net: Network | None = None) -> ClusterFacts | None:
    """The chosen node's facts, or None when no node is chosen."""
    net = net or city_network.network()
    if view.cluster is None:
        return None
    k = net.position[view.cluster]
    flows = drawn_flows(net, view)
    nodes = net.nodes
    row = drawing.nodes[drawing.nodes["node_id"] == view.cluster]
    drawn = not row.empty
    node = (row.iloc[0] if drawn else nodes.iloc[k]).to_dict()
    keys = [*MEASURES, "world_export_share_pct"]
    after = node_measures(net, view.scenario if view.scenario_on else None).iloc[k]
    before = node_measures(net, None).iloc[k] if view.scenario_on else None
    others = net.placed & (np.arange(len(nodes)) != k)
    out, back = flows[k], flows[:, k]
    two_way = np.where(others, out + back, np.nan)
    ranked = np.nan_to_num(two_way, nan=-np.inf)
    count = min(PARTNERS_IN_PANEL, int(np.isfinite(ranked).sum()))
    top = np.argsort(-ranked, kind="stable")[:count]
    same = net.country_of[top] == net.country_of[k]
    partners = pd.DataFrame({
        "partner": nodes["name"].to_numpy()[top], "partner_id": nodes["node_id"].to_numpy()[top],
        "country": nodes["iso3"].to_numpy()[top], "link": np.where(same, "domestic", "international"),
        "value_usd_bn": two_way[top], "exports_to_usd_bn": out[top], "imports_from_usd_bn": back[top],
    })
    if view.scenario_on:
        base = layer_flows(net, view.layer).flows
        was = (base[k] + base[:, k])[top]
        partners = partners.assign(baseline_value_usd_bn=was, change_pct=100 * (partners["value_usd_bn"] / was - 1))
    members = net.country_of == net.country_of[k]
    measures = node_measures(net, view.scenario if view.scenario_on else None)
    exports = float(measures.loc[members, "international_exports_usd_bn"].sum())
    gdp = float(nodes.loc[members, "gdp_usd_bn"].sum())
    country = dict(clusters=float((nodes.loc[members, "kind"] == "cluster").sum()), gdp_usd_bn=gdp,
                   international_exports_usd_bn=exports, gdp_share_pct=100 * float(nodes["gdp_usd_bn"].iloc[k]) / gdp,
                   exports_share_pct=100 * float(after["international_exports_usd_bn"]) / exports if exports else 0.0)
    gains = node_gains(net, view.scenario).iloc[k].to_dict() if view.scenario_on else None
    return ClusterFacts(node, drawn, {key: float(after[key]) for key in keys},
                        None if before is None else {key: float(before[key]) for key in keys}, partners, country,
                        None if gains is None else {key: float(value) for key, value in gains.items()})


def sales_labels(node: Mapping[str, Any]) -> dict[str, str]:
    """What each sales measure but international exports means for this kind of node, in its country's
    name (a rest of country sells to its country's clusters and within itself; an economy without
    clusters within itself only)."""
    country = node["country"]
    if node["kind"] == "rest-of-country":
        return {"sales_to_own_country_clusters_usd_bn": f"To {country}'s city clusters",
                "sales_within_usd_bn": f"Within the rest of {country}"}
    if node["kind"] == "cluster":
        return {"sales_to_own_country_clusters_usd_bn": f"To other city clusters of {country}",
                "sales_to_rest_of_country_usd_bn": f"To the rest of {country}", "sales_within_usd_bn": "Within itself"}
    return {"sales_within_usd_bn": f"Within {country}"}


def _signed(value: float) -> str:
    """USD billion with its sign, 0.0 when it rounds to nothing (never -0.0)."""
    text = f"{value:+,.1f}" if abs(value) >= 0.05 else "0.0"
    return f"{text} USD bn"


def gain_words(facts: ClusterFacts) -> str:
    """In plain words, where the node's change in sales under the scenario comes from (empty without one):
    how much from buyers spending more, and how much is taken from the rest of its own country, from its
    country's other clusters and from abroad (negative: lost to them)."""
    if facts.gains is None:
        return ""
    gain, node = facts.gains, facts.node
    country = node["country"]
    verb = "rise" if gain["sales_change_usd_bn"] >= 0.05 else "fall" if gain["sales_change_usd_bn"] <= -0.05 \
        else "barely change"
    parts = [f"{_signed(gain['market_growth_usd_bn'])} from buyers spending more"]
    if node["kind"] == "cluster":
        parts.append(f"{_signed(gain['from_rest_of_country_usd_bn'])} from market share of the rest of {country}")
    if node["kind"] in ("cluster", "rest-of-country"):
        parts.append(f"{_signed(gain['from_own_country_clusters_usd_bn'])} from market share of "
                     f"{'other city clusters' if node['kind'] == 'cluster' else 'the city clusters'} of {country}")
    parts.append(f"{_signed(gain['from_abroad_usd_bn'])} from market share of suppliers abroad")
    return (f"Under the scenario its sales {verb} ({_signed(gain['sales_change_usd_bn'])}): "
            + "; ".join(parts) + ". A negative share figure is market share lost to them (modeled).")
