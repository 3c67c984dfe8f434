"""The networks page's CSV files: exactly the nodes and links drawn, with units, what is sourced and what
modeled, the layer and the view's parameters on every row."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.datasets.export import to_csv
from dashboard.views.networks import overlay
from dashboard.views.networks.drawing import MEASURES, Drawing
from dashboard.views.networks.state import NetworksView, to_query

FLOW_BASIS = "modeled"
GDP_METHOD = ("the node's share of its country's GDP (cluster_nodes.csv, each share from its cited source) × the "
              "country's {year} GDP in current US dollars (national_accounts.csv)")


def _context(view: NetworksView, drawing: Drawing) -> dict[str, object]:
    """Columns every row of a download repeats: layer, flows, basis, method and the view's link."""
    layer = drawing.layer
    context: dict[str, object] = {
        "year": drawing.year, "layer": layer.key, "layer_basis": layer.basis,
        "flows": "scenario" if view.scenario_on else "baseline",
        "flow_basis": FLOW_BASIS, "flow_method": drawing.method, "betweenness_method": drawing.betweenness_method,
    }
    if view.scenario_on:
        context |= overlay.parameters(view.scenario)
    return context | {"view_query": to_query(view)}


NODE_COLUMNS = ["node_id", "name", "kind", "iso3", "country", "region", "lat", "lon", "x", "y", "gdp_usd_bn",
                "gdp_share", "in_filter", "strength_usd_bn", "degree_links", "betweenness", *MEASURES,
                "world_export_share_pct"]


def nodes_csv(view: NetworksView, drawing: Drawing) -> str:
    """The nodes drawn: kind, GDP (USD billion, one basis), sales by kind of buyer (goods + services, USD
    billion, whatever the layer), their metrics on the links drawn (in the view's layer) and the view's
    parameters. x, y are the network view's positions."""
    table = drawing.nodes[NODE_COLUMNS].rename(columns={"iso3": "country_iso3", "x": "network_x", "y": "network_y",
                                                        "gdp_share": "gdp_share_of_country"})
    table.insert(table.columns.get_loc("gdp_share_of_country") + 1, "gdp_basis", "modeled")
    table.insert(table.columns.get_loc("gdp_basis") + 1, "gdp_method", GDP_METHOD.format(year=drawing.year))
    return to_csv(table.assign(**_context(view, drawing)))


def _ratios(drawing: Drawing, codes: pd.Series, prefix: str) -> dict[str, object]:
    """A content layer's ratio of the exporter at one end of each link (NaN where it has none)."""
    ratios = drawing.values.ratios
    return {f"{prefix}_ratio": codes.map(ratios["ratio"]).to_numpy(dtype=float),
            f"{prefix}_ratio_year": codes.map(ratios["year"]).astype("Int64").to_numpy(),
            f"{prefix}_ratio_basis": codes.map(ratios["basis"]).to_numpy()}


def edges_csv(view: NetworksView, drawing: Drawing) -> str:
    """The links drawn, strongest first: domestic or international, two-way value and each direction in
    USD billion (the view's layer); with a content layer each exporter's sourced ratio and year; with a
    scenario the baseline value and the change in percent."""
    table = drawing.edges.drop(columns=["change_class"], errors="ignore")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    if drawing.layer.content:
        table = table.assign(**_ratios(drawing, table["source_country"], "source"),
                             **_ratios(drawing, table["target_country"], "target"),
                             ratio_definition=f"{drawing.layer.series} / goods_exports (views.content.economy_mix)",
                             ratio_source=drawing.values.ratios["source"].iloc[0] if len(drawing.values.ratios) else "")
    return to_csv(table.assign(**_context(view, drawing)))


def download_name(view: NetworksView, what: str) -> str:
    """e.g. networks-links_top60_layer-data_region-asia_international_scenario.csv (what: 'links' or 'nodes')."""
    parts = [f"networks-{what}", f"top{view.top}", f"layer-{view.layer}"]
    parts += [f"region-{r.lower().replace(' ', '-')}" for r in view.regions]
    if view.countries:
        parts.append("country-" + "+".join(view.countries))
    if view.links != "all":
        parts.append(view.links)
    parts.append("scenario" if view.scenario_on else "baseline")
    return "_".join(parts) + ".csv"
