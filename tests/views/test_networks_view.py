"""The networks page's pure logic: the nested network and its sums, URL codec (and old links), what a view
draws, domestic and international links, each node's sales, content layers from each economy's own mix,
the scenario overlay's adapter, a node's panel, CSV files, labels and the figure."""
from __future__ import annotations

import functools
import io
from urllib.parse import parse_qsl

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings, strategies as st

from dashboard.datasets.matrices import sector_baseline
from dashboard.figures.networks import CHANGE_COLOURS, LABEL_CHAR_PX, LINK_STYLE, label_picks, network_figure
from dashboard.views import networks as nv
from dashboard.views.nested_clusters import nested_baseline
from dashboard.views.networks import NetworksView
from dashboard.views.networks.layers import mix
from tests.synthetic_network import synthetic_baseline

DEU80 = (("target", "DEU:600"),)  # Germany from its 2019 density (346) to 600
NET = nv.network()
EVERY = NET.max_links


def _again(view: NetworksView) -> NetworksView:
    return nv.from_query(dict(parse_qsl(nv.to_query(view).lstrip("?"))))[0]


def _valid(view: NetworksView) -> bool:
    """Every value is one the page can draw."""
    return (view.chart in nv.CHARTS and 1 <= view.top <= NET.max_links and set(view.regions) <= set(nv.REGIONS)
            and set(view.countries) <= set(NET.nodes["iso3"]) and view.links in nv.LINKS
            and view.size in nv.SIZES and view.layer in nv.layers() and view.cluster in (None, *NET.position)
            and view.flows in nv.FLOWS and (view.flows == "baseline" or bool(view.scenario)))


# ---- the network: nested baseline, sums, counts ------------------------------------------------------

def test_the_network_is_the_nested_baseline_with_every_node_but_the_rest_of_the_world_drawn():
    base = nested_baseline()
    assert nv.network() is NET and list(NET.nodes["node_id"]) == list(base.node_ids)
    kinds = NET.nodes["kind"].value_counts().to_dict()
    assert kinds == {"cluster": 43, "rest-of-country": 21, "country": 2, "rest-of-world": 1}
    assert list(NET.nodes.loc[~NET.placed, "node_id"]) == ["ROW"]
    assert NET.max_links == 66 * 65 // 2
    # Switzerland and Poland (no cluster) stand at their capitals; every drawn node has a place.
    assert NET.nodes.loc[NET.placed, ["lat", "lon"]].notna().all().all()
    bern = NET.nodes.set_index("node_id").loc["CHE"]
    assert (bern["lat"], bern["lon"]) == pytest.approx((46.95, 7.45), abs=0.05)
    np.testing.assert_allclose(NET.flows * 1000, base.flows.sum(axis=0))
    again = nv.force_layout(NET.flows[np.ix_(NET.placed, NET.placed)])
    np.testing.assert_array_equal(again, NET.nodes.loc[NET.placed, ["x", "y"]].to_numpy())


def test_every_link_drawn_sums_back_to_the_sourced_country_matrix():
    """The default view's flows, all links drawn, added up by country pair (plus each node's sales within
    itself) give the 2019 country matrix (goods + services) for every pair of drawn economies."""
    view = NetworksView(top=EVERY)
    drawing = nv.draw(view)
    edges = pd.read_csv(io.StringIO(nv.edges_csv(view, drawing)))
    nodes = pd.read_csv(io.StringIO(nv.nodes_csv(view, drawing)))
    assert len(edges) == EVERY and (edges["flow_basis"] == "modeled").all()
    both = pd.concat([
        edges[["source_country", "target_country", "exports_source_to_target_usd_bn"]].set_axis(
            ["exporter", "importer", "value"], axis=1),
        edges[["target_country", "source_country", "exports_target_to_source_usd_bn"]].set_axis(
            ["exporter", "importer", "value"], axis=1),
        nodes[["country_iso3", "country_iso3", "sales_within_usd_bn"]].set_axis(["exporter", "importer", "value"],
                                                                                  axis=1),
    ])
    drawn = both.groupby(["exporter", "importer"])["value"].sum().unstack()
    base = sector_baseline()
    codes = [c for c in base.codes if c != "ROW"]
    country = pd.DataFrame(base.flows.sum(axis=0) / 1000, index=base.codes, columns=base.codes).loc[codes, codes]
    np.testing.assert_allclose(drawn.loc[codes, codes].to_numpy(), country.to_numpy(), rtol=1e-9)


def test_the_overview_and_the_networks_page_count_the_same_clusters():
    count = nv.cluster_count()
    assert (count.clusters, count.countries) == (int(nested_baseline().is_cluster.sum()), 22) == (43, 22)
    assert {name for name, _ in count.left_out} == set(nested_baseline().excluded["name"])


# ---- each node's sales ----------------------------------------------------------------------------

def test_a_nodes_sales_by_kind_of_buyer_add_up_to_its_total_sales():
    measures = nv.node_measures(NET, None)
    parts = measures[["international_exports_usd_bn", "sales_to_own_country_clusters_usd_bn",
                      "sales_to_rest_of_country_usd_bn", "sales_within_usd_bn"]].sum(axis=1)
    np.testing.assert_allclose(parts, measures["total_sales_usd_bn"])
    np.testing.assert_allclose(measures["total_sales_usd_bn"], NET.flows.sum(axis=1))
    # A rest of country sells to its own country's rest as "within itself", never as "to the rest".
    assert (measures.loc[NET.is_rest, "sales_to_rest_of_country_usd_bn"] == 0).all()


def test_world_export_share_counts_international_sales_only():
    measures = nv.node_measures(NET, None)
    assert measures["world_export_share_pct"].sum() == pytest.approx(100.0)
    k = NET.position["yangtze-river-delta"]
    iso = NET.nodes["iso3"].to_numpy()
    abroad = NET.flows[k, iso != "CHN"].sum()
    world = sum(NET.flows[m, iso != iso[m]].sum() for m in range(len(iso)))
    assert measures["world_export_share_pct"].iloc[k] == pytest.approx(100 * abroad / world)
    assert measures["sales_to_own_country_clusters_usd_bn"].iloc[k] > 0   # counted apart, not as exports


# ---- domestic and international links -------------------------------------------------------------

def test_domestic_and_international_links_are_labelled_and_filtered():
    kinds = {links: nv.draw(NetworksView(top=EVERY, links=links)) for links in nv.LINKS}
    iso_of = NET.nodes.set_index("node_id")["iso3"]
    for links, drawing in kinds.items():
        edges = drawing.edges
        same = edges["source"].map(iso_of).to_numpy() == edges["target"].map(iso_of).to_numpy()
        assert list(edges["link"]) == list(np.where(same, "domestic", "international"))
        if links != "all":
            assert (edges["link"] == links).all() and len(edges) == drawing.candidates
    assert kinds["domestic"].candidates + kinds["international"].candidates == kinds["all"].candidates == EVERY
    line = nv.status(nv.draw(NetworksView(links="domestic")), NetworksView(links="domestic"))
    assert "strongest of 84 domestic links" in line and "(60 domestic, 0 international;" in line


def test_top_k_draws_the_strongest_links_first():
    drawing = nv.draw(NetworksView(top=25))
    edges = drawing.edges
    assert len(edges) == 25 and drawing.candidates == EVERY
    assert list(edges["value_usd_bn"]) == sorted(edges["value_usd_bn"], reverse=True)
    placed = NET.flows[np.ix_(NET.placed, NET.placed)]
    two_way = placed + placed.T
    np.fill_diagonal(two_way, 0)
    assert edges["value_usd_bn"].iloc[0] == pytest.approx(two_way.max())
    assert len(nv.draw(NetworksView(top=26)).edges) == 26


def test_filters_keep_links_that_touch_the_selection():
    drawing = nv.draw(NetworksView(top=EVERY, regions=("Europe",), links="international"))
    edges, nodes = drawing.edges, drawing.nodes
    europe = set(nodes.loc[nodes["region"] == "Europe", "node_id"])
    assert (edges["source"].isin(europe) | edges["target"].isin(europe)).all()
    assert (edges["source_country"] != edges["target_country"]).all()
    assert len(edges) == drawing.candidates < EVERY
    assert set(nodes.loc[nodes["in_filter"], "region"]) == {"Europe"}
    assert set(edges["source"]) | set(edges["target"]) <= set(nodes["node_id"])
    assert "ROW" not in set(nodes["node_id"])


def test_metrics_are_measured_on_the_links_drawn():
    drawing = nv.draw(NetworksView(top=50, size="degree"))
    nodes, edges = drawing.nodes, drawing.edges
    assert nodes["degree_links"].sum() == 2 * len(edges)
    assert nodes["strength_usd_bn"].sum() == pytest.approx(2 * edges["value_usd_bn"].sum())
    assert nodes["betweenness"].isna().all() and drawing.betweenness_method == nv.drawing.NOT_COMPUTED
    assert (nodes["size_value"] == nodes["degree_links"]).all()
    # Computed where it is shown or asked for (the CSV files), the same on the same links.
    for measured in (nv.draw(NetworksView(top=50, size="betweenness")), nv.draw(NetworksView(top=50, cluster="munich")),
                     nv.draw(NetworksView(top=50, size="degree"), betweenness=True)):
        assert measured.nodes["betweenness"].between(0, 1).all() and measured.nodes["betweenness"].max() > 0
        np.testing.assert_array_equal(measured.nodes["betweenness"],
                                      nv.draw(NetworksView(top=50), betweenness=True).nodes["betweenness"])


# ---- content layers ---------------------------------------------------------------------------------

def test_goods_and_services_layers_are_the_sector_flows_and_add_up_to_all_trade():
    total = nv.layer_flows(NET, "all").flows
    goods, services = nv.layer_flows(NET, "goods").flows, nv.layer_flows(NET, "services").flows
    np.testing.assert_allclose(goods + services, total)
    np.testing.assert_allclose(goods * 1000, nested_baseline().flows[0])


@pytest.mark.parametrize("layer, series", [("technology", "ip_receipts"), ("data", "digital_exports")])
def test_a_content_layer_is_the_exporters_own_ratio_times_the_goods_flow(layer, series):
    view = NetworksView(top=300, layer=layer)
    drawing = nv.draw(view)
    ratios = mix(NET.year).query("series == @series").set_index("iso3")
    assert ratios["year"].max() <= NET.year
    goods = nv.layer_flows(NET, "goods").flows
    where = NET.position
    edges = drawing.edges
    assert (edges["link"] == "international").all()            # cross-border receipts: no domestic value
    for row in edges.head(50).itertuples():
        i, j = where[row.source], where[row.target]
        assert row.exports_source_to_target_usd_bn == pytest.approx(ratios.loc[row.source_country, "ratio"]
                                                                     * goods[i, j])
        assert row.exports_target_to_source_usd_bn == pytest.approx(ratios.loc[row.target_country, "ratio"]
                                                                     * goods[j, i])
    csv = pd.read_csv(io.StringIO(nv.edges_csv(view, drawing)))
    np.testing.assert_allclose(csv["source_ratio"], edges["source_country"].map(ratios["ratio"]))
    assert set(csv["source_ratio_basis"]) == {"sourced"} and (csv["layer_basis"].str.contains("modeled")).all()
    assert (csv["ratio_definition"] == f"{series} / goods_exports (views.content.economy_mix)").all()


def test_an_economy_without_the_series_has_no_layer_value_and_the_page_says_so():
    tech = nv.layer_flows(NET, "technology")
    assert tech.missing == ("Viet Nam",)                    # no IP receipts for Viet Nam in the data
    vietnam = (NET.nodes["iso3"] == "VNM").to_numpy()
    assert np.isnan(tech.flows[vietnam]).all()              # no value, not an average
    drawing = nv.draw(NetworksView(top=EVERY, layer="technology"))
    assert not (drawing.edges[["source_country", "target_country"]] == "VNM").any().any()
    assert "No value for Viet Nam" in nv.layer_note(tech) and "not filled from an average" in nv.layer_note(tech)
    assert nv.layer_flows(NET, "data").missing == ()
    empty = nv.draw(NetworksView(layer="technology", links="domestic"))
    assert empty.edges.empty and "cross-border" in nv.status(empty, NetworksView(layer="technology", links="domestic"))


# ---- URL codec ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ({}, NetworksView()),
    ({"view": "network", "top": "25"}, NetworksView(chart="network", top=25)),
    ({"region": "Europe,Asia", "country": "JPN,CHN", "links": "domestic"},
     NetworksView(regions=("Asia", "Europe"), countries=("CHN", "JPN"), links="domestic")),
    ({"size": "betweenness", "layer": "data", "cluster": "rest-of-jpn"},
     NetworksView(size="betweenness", layer="data", cluster="rest-of-jpn")),
    ({"target": "DEU:600"}, NetworksView(flows="scenario", scenario=DEU80)),
    ({"target": "DEU:600", "flows": "baseline", "theta": "6", "closure": "us"},
     NetworksView(flows="baseline", scenario=(("closure", "us"), ("target", "DEU:600"), ("theta", "6")))),
    ({"city": "greater-bay-area:600"}, NetworksView(flows="scenario", scenario=(("city", "greater-bay-area:600"),))),
])
def test_query_round_trips(query, expected):
    view, notices = nv.from_query(query)
    assert (view, notices) == (expected, [])
    assert _again(view) == view


@pytest.mark.parametrize("old, new, notice", [
    ({"intl": "1"}, NetworksView(links="international"), None),
    ({"intl": "0", "top": "25"}, NetworksView(top=25), None),
    ({"intl": "1", "links": "domestic"}, NetworksView(links="domestic"), None),
    ({"intl": "yes"}, NetworksView(), "use links=international"),
    ({"cluster": "mumbai"}, NetworksView(), "Mumbai Metropolitan Region is no longer a node"),
    ({"cluster": "taipei-keelung", "layer": "services"}, NetworksView(layer="services"), "rest of world"),
])
def test_old_links_still_open_their_view_with_a_notice_where_a_value_is_gone(old, new, notice):
    view, notices = nv.from_query(old)
    assert view == new
    assert (notices == []) if notice is None else any(notice in n for n in notices), notices
    assert nv.to_query(view) == nv.to_query(new) and "intl" not in nv.to_query(view)


def test_defaults_are_left_out_and_the_scenario_keeps_its_own_parameters():
    assert nv.to_query(NetworksView()) == ""
    view, _ = nv.from_query({"target": "DEU:600", "theta": "6", "level": "clusters", "top": "60"})
    assert nv.to_query(view) == "?target=DEU:600&theta=6"        # level is the scenarios page's; top=60 the default
    assert nv.to_query(NetworksView(flows="baseline", scenario=DEU80)) == "?flows=baseline&target=DEU:600"
    assert nv.from_query({"theta": "6"})[0] == NetworksView()       # parameters alone move nothing: no scenario
    migrated, notices = nv.from_query({"adopt": "DEU:80"})          # an old link: percent of the old frontier
    assert migrated.scenario == (("target", "DEU:809.6"),) and notices
    assert nv.to_query(NetworksView(links="international")) == "?links=international"
    assert nv.overlay.scenarios_link(DEU80) == "/scenarios?target=DEU:600&level=clusters"


@pytest.mark.parametrize("query, fragment", [
    ({"top": "0"}, f"outside 1–{EVERY:,}".replace(",", "")),
    ({"top": "many"}, "not a whole number"),
    ({"region": "Mars"}, "Ignored region value(s) 'Mars'"),
    ({"country": "XXX"}, "Ignored country value(s) 'XXX'"),
    ({"cluster": "atlantis"}, "Ignored cluster='atlantis'"),
    ({"layer": "gold"}, "Ignored layer='gold'"),
    ({"links": "some"}, "Ignored links='some'"),
    ({"flows": "scenario"}, "needs a scenario"),
    ({"target": "DEU:5000"}, "outside"),
])
def test_bad_url_values_are_clamped_or_dropped_with_a_notice(query, fragment):
    view, notices = nv.from_query(query)
    assert any(fragment in n for n in notices), notices
    assert _valid(view)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["view", "top", "region", "country", "links", "intl", "size", "layer",
                                        "cluster", "flows", "adopt", "target", "city", "closure", "theta", "junk"]),
                       st.text(max_size=200)))
def test_any_query_gives_a_valid_view(query):
    view, notices = nv.from_query(query)
    assert _valid(view)
    assert _again(view) == view
    assert all(isinstance(n, str) and len(n) < 400 for n in notices)


HOSTILE = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                                 st.sampled_from(["Europe", "DEU", "munich", "scenario", "network", "data",
                                                  "domestic"])),
                       lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner,
                                                                                             max_size=3)),
                       max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE, min_size=9, max_size=9), st.one_of(HOSTILE, st.just({"target": "DEU:600"})))
def test_any_control_values_give_a_valid_view(controls, scenario):
    assert _valid(nv.from_controls(*controls, scenario))


def test_control_values_give_the_view_they_show():
    controls = ("network", 25, ["Europe", "Asia"], ["DEU"], "domestic", "degree", "data", "munich", "scenario",
                {"target": "DEU:600"})
    assert nv.from_controls(*controls) == NetworksView("network", 25, ("Asia", "Europe"), ("DEU",), "domestic",
                                                       "degree", "data", "munich", "scenario", DEU80)
    assert nv.from_controls(*controls[:-1], {}).flows == "baseline"       # no scenario: only the baseline
    assert nv.from_controls(*nv.to_controls(NetworksView(cluster="CHE", flows="scenario", scenario=DEU80))) == \
        NetworksView(cluster="CHE", flows="scenario", scenario=DEU80)


# ---- the scenario overlay ------------------------------------------------------------------------

def test_the_overlay_adapter_gives_node_flows_before_and_after():
    base = nested_baseline()
    before, after = nv.scenario_node_flows({"target": "DEU:600", "junk": "x"})
    assert before.shape == after.shape == (len(base.node_ids),) * 2
    np.testing.assert_allclose(before, base.flows.sum(axis=0))             # USD million, node order of the baseline
    # World GDP is the numeraire; gross flows move only with intermediate use (well under 0.1 %).
    assert after.sum() == pytest.approx(before.sum(), rel=1e-3) and not np.allclose(after, before)
    assert nv.scenario_node_flows({}) is None and nv.scenario_node_flows({"theta": "6"}) is None
    # The scenarios page's own solve: a city target moves its cluster alone, a national one all its nodes.
    k, rest = base.node_ids.index("greater-bay-area"), base.node_ids.index("rest-of-chn")
    city = nv.scenario_node_flows({"city": "greater-bay-area:600"})
    national = nv.scenario_node_flows({"target": "CHN:600"})
    assert city is not None and national is not None
    grow = lambda flows, node: flows[1][node].sum() / flows[0][node].sum() - 1  # noqa: E731
    assert grow(city, k) > 0 > grow(city, rest)          # the rest of China loses sales to the adopting cluster
    assert grow(national, rest) > 0


def test_the_scenario_colours_links_by_change_and_is_solved_once():
    view = NetworksView(top=100, flows="scenario", scenario=DEU80)
    drawing = nv.draw(view)
    edges = drawing.edges
    assert drawing.scenario_on
    german = (edges["source_country"] == "DEU") & (edges["target_country"] == "DEU")
    assert german.any() and (edges.loc[german, "change_pct"] > 0).all()
    np.testing.assert_allclose(edges["change_pct"],
                               100 * (edges["scenario_value_usd_bn"] / edges["baseline_value_usd_bn"] - 1))
    assert set(edges["change_class"]) <= set(range(len(nv.CHANGE_CLASSES)))
    assert nv.scenario_flows(NET, DEU80) is nv.scenario_flows(NET, DEU80)
    assert "grow and" in nv.status(drawing, view)
    assert "change_pct" not in nv.draw(NetworksView(top=100, flows="baseline", scenario=DEU80)).edges


@pytest.mark.parametrize("change, expected", [(-3.0, 0), (-1.0, 1), (0.1, 2), (-0.1, 2), (1.0, 3), (2.0, 4)])
def test_change_classes(change, expected):
    assert nv.change_class(np.array([change]))[0] == expected


# ---- a node's panel --------------------------------------------------------------------------------

def test_a_clusters_panel_gives_its_sales_by_buyer_its_country_and_its_partners():
    assert nv.cluster_facts(NetworksView(), nv.draw(NetworksView())) is None
    view = NetworksView(cluster="munich", flows="scenario", scenario=DEU80)
    facts = nv.cluster_facts(view, nv.draw(view))
    partners = facts.partners
    assert len(partners) == nv.panel.PARTNERS_IN_PANEL and "munich" not in set(partners["partner_id"])
    assert list(partners["value_usd_bn"]) == sorted(partners["value_usd_bn"], reverse=True)
    assert set(partners["link"]) <= set(nv.LINK_KINDS) and "rest-of-deu" in set(partners["partner_id"])
    k = NET.position["munich"]
    assert facts.before["international_exports_usd_bn"] == pytest.approx(
        nv.node_measures(NET, None)["international_exports_usd_bn"].iloc[k])
    assert facts.measures["international_exports_usd_bn"] > facts.before["international_exports_usd_bn"]
    parts = sum(facts.measures[key] for key in nv.MEASURES if key != "total_sales_usd_bn")
    assert parts == pytest.approx(facts.measures["total_sales_usd_bn"])
    assert facts.country["clusters"] == 5 and facts.country["gdp_usd_bn"] == pytest.approx(
        NET.nodes.loc[NET.nodes["iso3"] == "DEU", "gdp_usd_bn"].sum())
    np.testing.assert_allclose(partners["value_usd_bn"],
                               partners["exports_to_usd_bn"] + partners["imports_from_usd_bn"])


def test_a_nodes_gain_under_a_scenario_adds_up_and_is_said_in_plain_words():
    gains = nv.node_gains(NET, DEU80)
    parts = gains[[c for c in nv.GAINS if c != "sales_change_usd_bn"]].sum(axis=1)
    np.testing.assert_allclose(parts, gains["sales_change_usd_bn"], atol=1e-9)
    before, after = nv.scenario_flows(NET, DEU80)
    np.testing.assert_allclose(gains["sales_change_usd_bn"], after.sum(axis=1) - before.sum(axis=1), atol=1e-9)
    # National adoption moves all of Germany's nodes together: Munich takes (almost) no share from them.
    k = NET.position["munich"]
    assert abs(gains["from_rest_of_country_usd_bn"].iloc[k]) < 0.05 < gains["from_abroad_usd_bn"].iloc[k]
    view = NetworksView(cluster="munich", flows="scenario", scenario=DEU80)
    words = nv.gain_words(nv.cluster_facts(view, nv.draw(view)))
    assert words.startswith("Under the scenario its sales rise (+") and "rest of Germany" in words
    assert "-0.0" not in words
    assert nv.gain_words(nv.cluster_facts(NetworksView(cluster="munich"), nv.draw(NetworksView()))) == ""


# ---- files, labels, figure ------------------------------------------------------------------------

def test_csv_files_hold_exactly_what_is_drawn_with_units_and_basis():
    view = NetworksView(top=30, layer="technology", flows="scenario", scenario=DEU80)
    drawing = nv.draw(view)
    edges = pd.read_csv(io.StringIO(nv.edges_csv(view, drawing)))
    assert list(zip(edges["source"], edges["target"])) == list(zip(drawing.edges["source"], drawing.edges["target"]))
    np.testing.assert_allclose(edges["value_usd_bn"], drawing.edges["value_usd_bn"])
    assert (edges["flow_basis"] == "modeled").all() and set(edges["link"]) == {"international"}
    assert (edges["scenario_robot_density_targets"] == "DEU:600").all()
    assert (edges["view_query"] == nv.to_query(view)).all()
    assert (edges["change_pct"] > 0).any() and edges["change_pct"].dtype.kind == "f"
    nodes = pd.read_csv(io.StringIO(nv.nodes_csv(view, drawing)))
    assert list(nodes["node_id"]) == list(drawing.nodes["node_id"])
    assert {"gdp_usd_bn", "international_exports_usd_bn", "sales_to_rest_of_country_usd_bn", "world_export_share_pct",
            "kind", "network_x"} <= set(nodes)
    assert set(nodes["gdp_basis"]) == {"modeled"} and nodes["gdp_method"].str.contains("2019 GDP").all()
    assert nv.download_name(view, "links") == "networks-links_top30_layer-technology_scenario.csv"
    assert (nv.download_name(NetworksView(links="domestic"), "nodes")
            == "networks-nodes_top60_layer-all_domestic_baseline.csv")


def test_labels_never_overlap():
    x, y = np.array([0.0, 5.0, 200.0, 0.0]), np.array([0.0, 3.0, 0.0, 60.0])
    texts = ["Alpha", "Beta", "Gamma", "Delta"]
    assert label_picks(x, y, texts, np.arange(4)) == [0, 2, 3]          # Beta sits on Alpha's label
    assert label_picks(x, y, texts, np.arange(4), limit=2) == [0, 2]


@pytest.mark.parametrize("chart", ["map", "network"])
def test_the_figure_labels_the_largest_clusters_without_overlap(chart):
    view = NetworksView(chart=chart)
    figure = network_figure(nv.draw(view), view)
    labels = next(t for t in figure["data"] if t.get("meta") == "labels")
    assert len(labels["text"]) >= 8 and "Yangtze River Delta" in labels["text"]
    kinds = NET.nodes.set_index("label")["kind"]
    assert kinds[labels["text"][0]] == "cluster"
    scale = 1.9 if chart == "map" else 220.0
    px = np.array(labels["lon" if chart == "map" else "x"]) * scale
    py = -np.array(labels["lat" if chart == "map" else "y"]) * scale
    widths = np.array([LABEL_CHAR_PX * len(t) for t in labels["text"]])
    for a in range(len(px)):
        for b in range(a + 1, len(px)):
            assert abs(px[a] - px[b]) > (widths[a] + widths[b]) / 2 or abs(py[a] - py[b]) > 11 * 1.8


def test_the_figure_draws_one_hover_marker_per_link_and_styles_domestic_links_apart():
    for view in (NetworksView(top=35), NetworksView(chart="network", top=35, cluster="munich", size="strength")):
        drawing = nv.draw(view)
        figure = network_figure(drawing, view)
        go.Figure(figure)
        links = next(t for t in figure["data"] if t.get("meta") == "links")
        assert [row[:2] for row in links["customdata"]] == drawing.edges[["source", "target"]].to_numpy().tolist()
        np.testing.assert_allclose([row[2] for row in links["customdata"]], drawing.edges["value_usd_bn"], atol=1e-4)
        assert any("(domestic)" in t for t in links["hovertext"]) and any("(international)" in t
                                                                          for t in links["hovertext"])
        legend = {t["name"] for t in figure["data"] if t.get("showlegend")}
        assert {"domestic links (one country)", "international links", "city cluster", "rest of country"} <= legend
        kinds = {t["type"] for t in figure["data"]}
        assert kinds == ({"scattergeo"} if view.chart == "map" else {"scatter"})
        lines = [t["line"] for t in figure["data"] if t.get("mode") == "lines" and not t.get("showlegend")] + \
            [s["line"] for s in figure["layout"].get("shapes", [])]
        assert {line["dash"] for line in lines} == {LINK_STYLE["domestic"]["dash"], LINK_STYLE["international"]["dash"]}
        assert figure["layout"]["modebar"]["orientation"] == "v"
        # Visible on the map (issue 26 item 6): no link thinner than 1 px or fainter than 70 % opacity.
        drawn = [t for t in figure["data"] if t.get("mode") == "lines" and not t.get("showlegend")] + \
            figure["layout"].get("shapes", [])
        assert min(line["width"] for line in lines) >= 1.0 and min(t["opacity"] for t in drawn) >= 0.7
    assert any(t.get("meta") == "selected" for t in figure["data"])


def test_the_scenario_figure_has_a_change_legend_in_diverging_colours():
    view = NetworksView(top=300, flows="scenario", scenario=(("target", "CHN:900"), ("theta", "6")))
    figure = network_figure(nv.draw(view), view)
    names = [t["name"] for t in figure["data"] if t.get("showlegend")]
    assert any(n.startswith("links that grow") for n in names) and any(n.startswith("links that shrink") for n in names)
    colours = {t["line"]["color"] for t in figure["data"] if t.get("mode") == "lines" and not t.get("showlegend")}
    assert colours and colours <= set(CHANGE_COLOURS)


def test_no_node_matching_gives_an_empty_figure_that_says_so():
    view = NetworksView(regions=("Africa",))
    drawing = nv.draw(view)
    assert drawing.nodes.empty and drawing.edges.empty
    assert "No node" in network_figure(drawing, view)["layout"]["annotations"][0]["text"]
    assert nv.status(drawing, view) == "No node matches these filters."


# ---- another baseline, at the benchmark's size ---------------------------------------------------------

@functools.cache
def _synthetic(n: int) -> nv.Network:
    return nv.build_network(synthetic_baseline(n))


def test_a_synthetic_nested_baseline_draws_too_and_large_views_estimate_betweenness():
    net = _synthetic(60)
    assert len(net.nodes) == 60 and set(net.nodes["kind"]) == {"cluster", "rest-of-country"}
    assert net.max_links == 1770
    small = nv.draw(NetworksView(top=nv.drawing.EXACT_BETWEENNESS_LINKS), net, betweenness=True)
    large = nv.draw(NetworksView(top=1500, size="betweenness"), net)
    assert small.betweenness_method.startswith("exact") and small.method.startswith("synthetic")
    assert large.betweenness_method.startswith(f"estimated from {nv.drawing.BETWEENNESS_SAMPLE}")
    assert "Betweenness is estimated" in nv.status(large, NetworksView(top=1500, size="betweenness"))
    again = nv.draw(NetworksView(top=1500, size="betweenness"), nv.build_network(net.baseline))  # fixed seed
    np.testing.assert_array_equal(large.nodes["betweenness"], again.nodes["betweenness"])
    domestic = nv.draw(NetworksView(top=1770, links="domestic"), net)
    assert (domestic.edges["source_country"] == domestic.edges["target_country"]).all()
    code = str(net.nodes["iso3"].iloc[0])
    view, _ = nv.from_query({"top": "1500", "country": code, "cluster": str(net.nodes["node_id"].iloc[1])}, net)
    assert view == NetworksView(top=1500, countries=(code,), cluster=str(net.nodes["node_id"].iloc[1]))
