"""The nested model on small made-up economies: margins, exact aggregation, adoption hooks, measures."""
from __future__ import annotations

import numpy as np
import pytest

from dashboard.model import nested
from dashboard.model.trade import solve_scenario

# Three countries: A with two clusters and a rest of country, B with one cluster and a rest, C one node.
COUNTRY = np.array([0, 0, 0, 1, 1, 2])
REST = np.array([False, False, True, False, True, False])
WEIGHT = np.array([0.3, 0.2, 0.5, 0.4, 0.6, 1.0])
# Paris, Marseille, centre of A; Berlin, Munich (standing for B's rest); C needs no point.
LAT = np.array([48.9, 43.3, 47.0, 52.5, 48.1, np.nan])
LON = np.array([2.3, 5.4, 2.0, 13.4, 11.6, np.nan])
INTERNAL = np.array([np.nan, np.nan, 280.0, np.nan, 230.0, np.nan])
FLOWS = np.array([
    [[500.0, 40.0, 30.0], [35.0, 400.0, 20.0], [25.0, 15.0, 300.0]],
    [[900.0, 10.0, 12.0], [8.0, 800.0, 5.0], [6.0, 4.0, 700.0]],
])


def nest(**kwargs) -> nested.NestedFlows:
    distances = nested.node_distances(LAT, LON, COUNTRY, REST, INTERNAL)
    return nested.nest_flows(FLOWS, COUNTRY, WEIGHT, distances, **kwargs)


def test_nodes_sum_to_the_country_matrix_and_every_node_keeps_its_countrys_margins():
    fit = nest()
    assert fit.flows.shape == (2, 6, 6) and (fit.flows >= 0).all() and fit.max_error <= nested.NEST_TOLERANCE
    np.testing.assert_allclose(nested.aggregate(fit.flows, COUNTRY, 3), FLOWS, rtol=1e-10)
    groups = np.eye(3)[COUNTRY]
    # Node m sells w_m of its country's flow to each country, and buys w_n of it from each country.
    np.testing.assert_allclose(fit.flows @ groups, WEIGHT[None, :, None] * FLOWS[:, COUNTRY, :], rtol=1e-10)
    np.testing.assert_allclose(np.einsum("mc,smn->scn", groups, fit.flows),
                               FLOWS[:, :, COUNTRY] * WEIGHT[None, None, :], rtol=1e-10)


def test_a_single_node_country_is_its_country():
    fit = nest()
    np.testing.assert_allclose(fit.flows[:, 5, 5], FLOWS[:, 2, 2])


def test_home_bias_raises_own_trade_and_distance_decides_which_partner_node_buys():
    low, high = nest(own_node_factor=1.0), nest(own_node_factor=10.0)
    own = np.arange(6)
    assert (high.flows[:, own, own][:, :5] > low.flows[:, own, own][:, :5]).all()
    # Berlin is relatively nearer Paris than Marseille (877 against 690 km to B's rest, 1,182 against 718):
    # Paris sells Berlin a larger part of what it sells to country B (each sells B its GDP weight's part).
    share_0 = high.flows[0, 0, 3] / high.flows[0, 0, 3:5].sum()
    share_1 = high.flows[0, 1, 3] / high.flows[0, 1, 3:5].sum()
    assert share_0 > share_1


def test_distances_follow_the_documented_rules():
    d = nested.node_distances(LAT, LON, COUNTRY, REST, INTERNAL)
    assert d[0, 2] == d[2, 0] == d[2, 2] == 280.0          # cluster–rest and rest–itself: internal distance
    assert d[0, 1] == pytest.approx(667, rel=0.01)          # two clusters: great circle (Paris–Marseille)
    assert d[0, 0] == pytest.approx(0.25 * min(d[0, 1], 280.0))
    assert d[3, 3] == pytest.approx(0.25 * 230.0)           # nearest node of Berlin is its rest of country
    assert np.isnan(d[5, 5]) and np.isnan(d[0, 5])          # a lone node needs no distance


def test_a_uniform_shock_to_a_countrys_nodes_reproduces_the_country_result():
    fit = nest()
    country_change = np.array([1.1, 0.95, 1.0])
    node_change = nested.node_productivity_change(COUNTRY, 1, country_change=country_change)[0]
    by_node = solve_scenario(fit.flows.sum(axis=0), productivity_change=node_change)
    by_country = solve_scenario(FLOWS.sum(axis=0), productivity_change=country_change)
    assert by_node.converged and by_country.converged
    np.testing.assert_allclose(by_node.wage_change, by_country.wage_change[COUNTRY], rtol=1e-9)
    np.testing.assert_allclose(by_node.welfare_change, by_country.welfare_change[COUNTRY], rtol=1e-9)
    np.testing.assert_allclose(nested.aggregate(by_node.flows, COUNTRY, 3), by_country.flows, rtol=1e-8)


def test_the_same_holds_for_the_two_sector_model_when_it_is_there():
    sectors = pytest.importorskip("dashboard.model.sectors")
    fit = nest()
    beta = np.array([[0.4, 0.5, 0.45], [0.6, 0.65, 0.7]])
    change = np.array([[1.1, 1.0, 1.0], [1.0, 1.0, 1.0]])
    by_node = sectors.solve_sectors(fit.flows, productivity_change=change[:, COUNTRY],
                                    value_added_share=beta[:, COUNTRY])
    by_country = sectors.solve_sectors(FLOWS, productivity_change=change, value_added_share=beta)
    np.testing.assert_allclose(np.asarray(by_node.wage_change), np.asarray(by_country.wage_change)[COUNTRY],
                               rtol=1e-8)


@pytest.mark.parametrize("country_change, node_change, expected", [
    (None, None, [1, 1, 1, 1, 1, 1]),
    ([1.2, 1.0, 0.9], None, [1.2, 1.2, 1.2, 1.0, 1.0, 0.9]),
    (None, [np.nan, 1.5, np.nan, np.nan, np.nan, np.nan], [1, 1.5, 1, 1, 1, 1]),
    ([1.2, 1.0, 0.9], [1.3, np.nan, np.nan, np.nan, np.nan, np.nan], [1.3, 1.2, 1.2, 1.0, 1.0, 0.9]),
])
def test_productivity_by_node_follows_the_country_unless_the_node_has_its_own(country_change, node_change,
                                                                              expected):
    result = nested.node_productivity_change(COUNTRY, 2, country_change=country_change, node_change=node_change)
    assert result.shape == (2, 6)
    np.testing.assert_allclose(result, np.broadcast_to(expected, (2, 6)))


def test_productivity_per_sector():
    by_sector = np.array([[1.2, 1.0, 1.0], [1.0, 1.0, 1.0]])
    result = nested.node_productivity_change(COUNTRY, 2, country_change=by_sector)
    np.testing.assert_allclose(result[0], [1.2, 1.2, 1.2, 1, 1, 1])
    np.testing.assert_allclose(result[1], 1.0)


def test_node_trade_splits_every_sale_and_purchase_once():
    fit = nest()
    trade = nested.node_trade(fit.flows, COUNTRY, REST)
    summed = fit.flows.sum(axis=0)
    np.testing.assert_allclose(trade.total_sales, summed.sum(axis=1))
    np.testing.assert_allclose(trade.total_purchases, summed.sum(axis=0))
    assert trade.sales_rest_of_country[2] == 0 and trade.sales_own_country_clusters[2] > 0
    np.testing.assert_allclose(trade.sales_international[:3].sum(), FLOWS[:, 0, 1:].sum())


def test_a_cluster_adopting_alone_decomposes_exactly_both_ways():
    fit = nest()
    before = fit.flows.sum(axis=0)
    own = np.full(6, np.nan)
    own[0] = 1.1
    after = solve_scenario(before, productivity_change=nested.node_productivity_change(COUNTRY, 1,
                                                                                       node_change=own)[0]).flows
    parts = nested.gain_decomposition(before, after, COUNTRY, REST)
    change = after.sum(axis=1) - before.sum(axis=1)
    np.testing.assert_allclose(parts.sales_change, change, atol=1e-9)
    by_buyer = parts.to_own + parts.to_own_country_clusters + parts.to_rest_of_country + parts.to_abroad
    by_source = parts.market_growth + parts.from_own_country_clusters + parts.from_rest_of_country + \
        parts.from_abroad
    np.testing.assert_allclose(by_buyer, change, atol=1e-9)
    np.testing.assert_allclose(by_source, change, atol=1e-9)
    # The adopting cluster gains share from its own country's rest and from abroad; the rest loses sales.
    assert parts.sales_change[0] > 0 and parts.from_rest_of_country[0] > 0 and parts.from_abroad[0] > 0
    assert parts.sales_change[2] < 0


def test_nothing_changes_nothing():
    fit = nest()
    parts = nested.gain_decomposition(fit.flows, fit.flows, COUNTRY, REST)
    for name in ("to_own", "to_abroad", "market_growth", "from_rest_of_country", "from_abroad"):
        np.testing.assert_allclose(getattr(parts, name), 0.0, atol=1e-9)


@pytest.mark.parametrize("change, message", [
    ({"node_weight": WEIGHT * 1.1}, "sum to"),
    ({"country_flows": -FLOWS}, "non-negative"),
    ({"node_country": np.array([0, 0, 0, 1, 1, 1])}, "country 2 has no node"),
    ({"own_node_factor": 0.5}, "own_node_factor"),
    ({"distance_elasticity": 0.0}, "distance_elasticity"),
    ({"distances_km": np.full((6, 6), np.nan)}, "distances_km must be positive"),
    ({"node_weight": WEIGHT[:4]}, "node_weight must be"),
])
def test_malformed_input_is_refused_with_a_message(change, message):
    arguments = {"country_flows": FLOWS, "node_country": COUNTRY, "node_weight": WEIGHT,
                     "distances_km": nested.node_distances(LAT, LON, COUNTRY, REST, INTERNAL)} | change
    with pytest.raises(ValueError, match=message):
        nested.nest_flows(**arguments)


def test_distances_refuse_a_shared_country_node_without_a_point():
    lat = LAT.copy()
    lat[0] = np.nan
    with pytest.raises(ValueError, match="has no point"):
        nested.node_distances(lat, LON, COUNTRY, REST, INTERNAL)
