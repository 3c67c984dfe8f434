"""The networks page's pure logic: URL codec, the network and its layout, what a view draws, the
scenario overlay, a cluster's panel, trade-content layers, CSV files and the figure."""
from __future__ import annotations

import io
from urllib.parse import parse_qsl

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings, strategies as st

from dashboard.figures.networks import CHANGE_COLOURS, network_figure
from dashboard.model import ClusterBaseline
from dashboard.model.clusters import cluster_flows
from dashboard.views import networks as nv
from dashboard.views.networks import NetworksView
from dashboard.views.scenarios import ScenarioView

DEU80 = ScenarioView(adoption=(("DEU", 80),))


def _again(view: NetworksView) -> NetworksView:
    return nv.from_query(dict(parse_qsl(nv.to_query(view).lstrip("?"))))[0]


def _valid(view: NetworksView) -> bool:
    """Every value is one the page can draw."""
    net = nv.network()
    return (view.chart in nv.CHARTS and 1 <= view.top <= net.max_links and set(view.regions) <= set(nv.REGIONS)
            and set(view.countries) <= set(net.nodes["iso3"]) and isinstance(view.international, bool)
            and view.size in nv.SIZES and view.layer in nv.layers() and view.cluster in (None, *net.position)
            and view.flows in nv.FLOWS and (view.flows == "baseline" or bool(view.scenario.adoption)))


@pytest.mark.parametrize("query, expected", [
    ({}, NetworksView()),
    ({"view": "network", "top": "25"}, NetworksView(chart="network", top=25)),
    ({"region": "Europe,Asia", "country": "JPN,CHN", "intl": "1"},
     NetworksView(regions=("Asia", "Europe"), countries=("CHN", "JPN"), international=True)),
    ({"size": "betweenness", "layer": "data", "cluster": "greater-tokyo"},
     NetworksView(size="betweenness", layer="data", cluster="greater-tokyo")),
    ({"adopt": "DEU:80"}, NetworksView(flows="scenario", scenario=DEU80)),
    ({"adopt": "DEU:80", "flows": "baseline", "theta": "6", "eq": "partial"},
     NetworksView(flows="baseline", scenario=ScenarioView(adoption=(("DEU", 80),), theta=6.0, equilibrium="partial"))),
])
def test_query_round_trips(query, expected):
    view, notices = nv.from_query(query)
    assert (view, notices) == (expected, [])
    assert _again(view) == view


def test_defaults_are_left_out_and_the_scenario_keeps_its_own_parameters():
    assert nv.to_query(NetworksView()) == ""
    view, _ = nv.from_query({"adopt": "DEU:80", "theta": "6", "level": "clusters", "top": "60"})
    assert nv.to_query(view) == "?adopt=DEU:80&theta=6"          # level is the scenarios page's; top=60 the default
    assert nv.to_query(NetworksView(flows="baseline", scenario=DEU80)) == "?flows=baseline&adopt=DEU:80"
    assert nv.scenario_link(DEU80) == "/scenarios?adopt=DEU:80&level=clusters"


@pytest.mark.parametrize("query, fragment", [
    ({"top": "0"}, "outside 1–780"),
    ({"top": "many"}, "not a whole number"),
    ({"region": "Mars"}, "Ignored region value(s) 'Mars'"),
    ({"country": "XXX"}, "Ignored country value(s) 'XXX'"),
    ({"cluster": "atlantis"}, "Ignored cluster='atlantis'"),
    ({"layer": "gold"}, "Ignored layer='gold'"),
    ({"flows": "scenario"}, "needs a scenario"),
    ({"adopt": "DEU:500"}, "outside 0–100"),
])
def test_bad_url_values_are_clamped_or_dropped_with_a_notice(query, fragment):
    view, notices = nv.from_query(query)
    assert any(fragment in n for n in notices), notices
    assert _valid(view)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["view", "top", "region", "country", "intl", "size", "layer", "cluster", "flows",
                                        "adopt", "theta", "junk"]), st.text(max_size=200)))
def test_any_query_gives_a_valid_view(query):
    view, notices = nv.from_query(query)
    assert _valid(view)
    assert _again(view) == view
    assert all(isinstance(n, str) and len(n) < 400 for n in notices)


HOSTILE = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                                 st.sampled_from(["Europe", "DEU", "munich", "scenario", "network", "data"])),
                       lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner,
                                                                                             max_size=3)),
                       max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE, min_size=9, max_size=9), st.one_of(HOSTILE, st.just({"adopt": "DEU:80"})))
def test_any_control_values_give_a_valid_view(controls, scenario):
    assert _valid(nv.from_controls(*controls, scenario))


def test_control_values_give_the_view_they_show():
    controls = ("network", 25, ["Europe", "Asia"], ["DEU"], True, "degree", "data", "munich", "scenario",
                {"adopt": "DEU:80"})
    assert nv.from_controls(*controls) == NetworksView("network", 25, ("Asia", "Europe"), ("DEU",), True, "degree",
                                                       "data", "munich", "scenario", DEU80)
    assert nv.from_controls(*controls[:-1], {}).flows == "baseline"       # no scenario: only the baseline


def test_the_network_and_its_layout_are_built_once_and_deterministically():
    net = nv.network()
    assert nv.network() is net
    assert len(net.nodes) == 40 and net.max_links == 780
    # The four clusters added for the nested model publish no population or US-dollar GDP, which this
    # (closed, one-sector) network needs to size a node.
    assert set(net.excluded["cluster_id"]) == {"northeast-megalopolis", "singapore", "madrid",
                                               "catalonia-barcelona", "klang-valley", "stockholm"}
    again = nv.force_layout(net.flows)
    np.testing.assert_array_equal(again, net.nodes[["x", "y"]].to_numpy())
    assert np.abs(again).max() == pytest.approx(1.0)


def test_top_k_draws_the_strongest_links_first():
    drawing = nv.draw(NetworksView(top=25))
    edges = drawing.edges
    assert len(edges) == 25 and drawing.candidates == 780
    assert list(edges["value_usd_bn"]) == sorted(edges["value_usd_bn"], reverse=True)
    flows = nv.network().flows
    assert edges["value_usd_bn"].iloc[0] == pytest.approx(np.max(flows + flows.T - 2 * np.diag(np.diag(flows))))
    assert len(nv.draw(NetworksView(top=26)).edges) == 26


def test_filters_keep_links_that_touch_the_selection():
    drawing = nv.draw(NetworksView(top=780, regions=("Europe",), international=True))
    edges, nodes = drawing.edges, drawing.nodes
    europe = set(nodes.loc[nodes["region"] == "Europe", "cluster_id"])
    assert (edges["source"].isin(europe) | edges["target"].isin(europe)).all()
    assert (edges["source_country"] != edges["target_country"]).all() and edges["international"].all()
    assert len(edges) == drawing.candidates < 780
    assert set(nodes.loc[nodes["in_filter"], "region"]) == {"Europe"}
    assert set(edges["source"]) | set(edges["target"]) <= set(nodes["cluster_id"])


def test_metrics_are_measured_on_the_links_drawn():
    drawing = nv.draw(NetworksView(top=50, size="degree"))
    nodes, edges = drawing.nodes, drawing.edges
    assert nodes["degree_links"].sum() == 2 * len(edges)
    assert nodes["strength_usd_bn"].sum() == pytest.approx(2 * edges["value_usd_bn"].sum())
    assert nodes["betweenness"].between(0, 1).all() and nodes["betweenness"].max() > 0
    assert (nodes["size_value"] == nodes["degree_links"]).all()


def test_a_layer_scales_every_value_by_its_share():
    share = nv.layers()["services"].share
    everything, services = nv.draw(NetworksView(top=40)), nv.draw(NetworksView(top=40, layer="services"))
    assert list(services.edges["source"]) == list(everything.edges["source"])
    np.testing.assert_allclose(services.edges["value_usd_bn"], share * everything.edges["value_usd_bn"])
    assert "a uniform share per layer, not per pair" in nv.layer_note(services.layer).lower()


def test_layers_come_from_the_data_file_with_their_basis():
    layers = nv.layers()
    assert list(layers) == ["all", "goods", "services", "technology", "data"]
    assert layers["goods"].share + layers["services"].share == pytest.approx(1.0)
    assert layers["data"].basis == "sourced" and layers["data"].url.startswith("https://")
    tech = layers["technology"]
    assert tech.basis == "modeled" and "13.8 %" in tech.method and "10.9 %" in tech.method
    assert tech.share == pytest.approx(0.138 * 0.109, abs=5e-4)
    assert "modeled:" in nv.layer_note(tech)


def test_the_scenario_colours_links_by_change_and_is_solved_once():
    view = NetworksView(top=100, flows="scenario", scenario=DEU80)
    drawing = nv.draw(view)
    edges = drawing.edges
    assert drawing.scenario_on and drawing.converged
    german = (edges["source_country"] == "DEU") & (edges["target_country"] == "DEU")
    assert german.any() and (edges.loc[german, "change_pct"] > 0).all()
    np.testing.assert_allclose(edges["change_pct"],
                               100 * (edges["scenario_value_usd_bn"] / edges["baseline_value_usd_bn"] - 1))
    assert set(edges["change_class"]) <= set(range(len(nv.CHANGE_CLASSES)))
    assert nv.scenario_flows(nv.network(), DEU80) is nv.scenario_flows(nv.network(), DEU80)
    assert "grow and" in nv.status(drawing, view)
    assert "change_pct" not in nv.draw(NetworksView(top=100, flows="baseline", scenario=DEU80)).edges


@pytest.mark.parametrize("change, expected", [(-3.0, 0), (-1.0, 1), (0.1, 2), (-0.1, 2), (1.0, 3), (2.0, 4)])
def test_change_classes(change, expected):
    assert nv.change_class(np.array([change]))[0] == expected


def test_a_clusters_panel_lists_its_partners_and_its_scenario_change():
    assert nv.cluster_facts(NetworksView(), nv.draw(NetworksView())) is None
    view = NetworksView(cluster="munich", flows="scenario", scenario=DEU80)
    facts = nv.cluster_facts(view, nv.draw(view))
    partners = facts.partners
    assert len(partners) == nv.panel.PARTNERS_IN_PANEL and "munich" not in set(partners["partner_id"])
    assert list(partners["value_usd_bn"]) == sorted(partners["value_usd_bn"], reverse=True)
    assert facts.scenario["trade_after"] > facts.scenario["trade_before"]
    assert 0 < facts.international_pct < 100
    np.testing.assert_allclose(partners["value_usd_bn"],
                               partners["exports_to_usd_bn"] + partners["imports_from_usd_bn"])


def test_csv_files_hold_exactly_what_is_drawn_with_units_and_basis():
    view = NetworksView(top=30, layer="technology", flows="scenario", scenario=DEU80)
    drawing = nv.draw(view)
    edges = pd.read_csv(io.StringIO(nv.edges_csv(view, drawing)))
    assert list(zip(edges["source"], edges["target"])) == list(zip(drawing.edges["source"], drawing.edges["target"]))
    np.testing.assert_allclose(edges["value_usd_bn"], drawing.edges["value_usd_bn"])
    assert (edges["flow_basis"] == "modeled").all() and (edges["layer_basis"] == "modeled").all()
    assert (edges["scenario_adoption_pct"] == "DEU:80").all() and (edges["view_query"] == nv.to_query(view)).all()
    assert (edges["change_pct"] < 0).any()                   # negative numbers stay numbers
    nodes = pd.read_csv(io.StringIO(nv.nodes_csv(view, drawing)))
    assert list(nodes["cluster_id"]) == list(drawing.nodes["cluster_id"])
    assert {"gdp_usd_bn", "strength_usd_bn", "degree_links", "gdp_basis", "network_x"} <= set(nodes)
    assert nv.download_name(view, "links") == "networks-links_top30_layer-technology_scenario.csv"


def test_the_figure_draws_one_hover_marker_per_link_and_validates():
    for view in (NetworksView(top=35), NetworksView(chart="network", top=35, cluster="munich", size="strength")):
        drawing = nv.draw(view)
        figure = network_figure(drawing, view)
        go.Figure(figure)
        links = next(t for t in figure["data"] if t.get("meta") == "links")
        assert [row[:2] for row in links["customdata"]] == drawing.edges[["source", "target"]].to_numpy().tolist()
        np.testing.assert_allclose([row[2] for row in links["customdata"]], drawing.edges["value_usd_bn"], atol=1e-4)
        kinds = {t["type"] for t in figure["data"]}
        assert kinds == ({"scattergeo"} if view.chart == "map" else {"scatter"})
    assert any(t.get("meta") == "selected" for t in figure["data"])


def test_the_scenario_figure_has_a_change_legend_in_diverging_colours():
    view = NetworksView(top=200, flows="scenario", scenario=ScenarioView(adoption=(("CHN", 90),), theta=6.0))
    figure = network_figure(nv.draw(view), view)
    names = [t["name"] for t in figure["data"] if t.get("showlegend")]
    assert any(n.startswith("links that grow") for n in names) and any(n.startswith("links that shrink") for n in names)
    assert {t["line"]["color"] for t in figure["data"] if "line" in t and "color" in t["line"]} <= set(CHANGE_COLOURS)


def test_no_cluster_matching_gives_an_empty_figure_that_says_so():
    view = NetworksView(regions=("Africa",))
    drawing = nv.draw(view)
    assert drawing.nodes.empty and drawing.edges.empty
    assert "No city cluster" in network_figure(drawing, view)["layout"]["annotations"][0]["text"]
    assert nv.status(drawing, view) == "No city cluster matches these filters."


def _synthetic(n: int) -> nv.Network:
    """n clusters on a grid of coordinates in four countries, GDP 10–100: another baseline, as the benchmark uses."""
    rng = np.random.default_rng(3)
    nodes = pd.DataFrame({
        "cluster_id": [f"c-{k}" for k in range(n)], "name": [f"Cluster {k}" for k in range(n)],
        "iso3": [("DEU", "FRA", "JPN", "KEN")[k % 4] for k in range(n)],
        "lat": rng.uniform(-50, 60, n), "lon": rng.uniform(-170, 170, n), "population_m": 1.0,
        "gdp_usd_bn": rng.uniform(10, 100, n), "gdp_year": 2024, "gdp_basis": "modeled", "gdp_method": "test",
        "gdp_source": "",
    })
    return nv.build_network(ClusterBaseline(nodes, cluster_flows(nodes), pd.DataFrame(), "synthetic"))


def test_another_baseline_draws_too_and_large_views_estimate_betweenness():
    net = _synthetic(60)
    assert net.max_links == 1770
    assert set(net.nodes["country"]) == {"Germany", "France", "Japan", "KEN"}   # names from economies.csv, else ISO
    small = nv.draw(NetworksView(top=nv.drawing.EXACT_BETWEENNESS_LINKS), net)
    large = nv.draw(NetworksView(top=1500, size="betweenness"), net)
    assert small.betweenness_method.startswith("exact") and small.method == "synthetic"
    assert large.betweenness_method.startswith(f"estimated from {nv.drawing.BETWEENNESS_SAMPLE}")
    assert "Betweenness is estimated" in nv.status(large, NetworksView(top=1500, size="betweenness"))
    again = nv.draw(NetworksView(top=1500, size="betweenness"), _synthetic(60))     # fixed seed: same estimate
    np.testing.assert_array_equal(large.nodes["betweenness"], again.nodes["betweenness"])
    view, _ = nv.from_query({"top": "1500", "country": "KEN", "cluster": "c-3"}, net)
    assert view == NetworksView(top=1500, countries=("KEN",), cluster="c-3")
