"""The networks page's CSV files: exactly the clusters and links drawn, with units, basis, the layer
and the view's parameters on every row."""
from __future__ import annotations

import numpy as np

from dashboard.datasets.export import to_csv
from dashboard.views.networks.drawing import Drawing
from dashboard.views.networks.layers import ALL
from dashboard.views.networks.state import NetworksView, to_query

FLOW_BASIS = "modeled"

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
