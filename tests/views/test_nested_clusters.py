"""The shipped nested baseline: clusters and rest-of-country nodes inside the 2019 country matrix."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.datasets import build_clusters, load
from dashboard.datasets.matrices import sector_baseline
from dashboard.model import nested
from dashboard.model.trade import solve_scenario
from dashboard.views.nested_clusters import domestic_shares, nested_baseline


@pytest.fixture(scope="module")
def base():
    return nested_baseline()


def test_rows_and_columns_add_up_to_the_country_matrix_in_every_sector(base):
    country = sector_baseline().flows
    groups = np.eye(len(base.codes))[base.node_country]
    np.testing.assert_allclose(nested.aggregate(base.flows, base.node_country, len(base.codes)), country,
                               rtol=1e-10, atol=1e-9)
    # Row sums of a country's nodes are its sales (gross output), column sums its purchases.
    np.testing.assert_allclose(base.flows.sum(axis=2) @ groups, country.sum(axis=2), rtol=1e-10)
    np.testing.assert_allclose(base.flows.sum(axis=1) @ groups, country.sum(axis=1), rtol=1e-10)
    assert base.max_error <= nested.NEST_TOLERANCE


def test_no_negative_cell_and_every_rest_of_country_node_is_positive(base):
    assert (base.flows >= 0).all() and np.isfinite(base.flows).all()
    rest = base.is_rest
    assert rest.sum() >= 15
    assert (base.gdp_share[rest] > 0).all() and (base.gdp[rest] > 0).all()
    assert (base.flows.sum(axis=2)[:, rest] > 0).all() and (base.flows.sum(axis=1)[:, rest] > 0).all()
    assert (np.diagonal(base.flows, axis1=1, axis2=2) > 0).all()   # solve_sectors needs positive home sales


def test_node_shares_sum_to_one_and_gdp_is_share_times_the_countrys_2019_gdp(base):
    shares = pd.Series(base.gdp_share).groupby(np.array(base.iso3)).sum()
    np.testing.assert_allclose(shares.to_numpy(), 1.0, atol=1e-6)
    np.testing.assert_allclose(base.gdp, base.gdp_share * sector_baseline().gdp[base.node_country])
    nodes = load.table("cluster_nodes").set_index("node_id")
    clusters = [i for i, k in zip(base.node_ids, base.kinds) if k == "cluster"]
    np.testing.assert_allclose(nodes.loc[clusters, "gdp_usd_mn"],
                               base.gdp[[base.node_ids.index(c) for c in clusters]], rtol=1e-6)


def test_every_cluster_is_a_node_or_left_out_with_a_reason(base):
    listed = set(load.table("city_clusters")["cluster_id"])
    modeled = {i for i, k in zip(base.node_ids, base.kinds) if k == "cluster"}
    assert modeled | set(base.excluded["cluster_id"]) == listed and not modeled & set(base.excluded["cluster_id"])
    assert base.excluded["reason"].str.startswith("Left out").all()
    assert {"taipei-keelung", "northeast-megalopolis"} <= set(base.excluded["cluster_id"])
    assert {"greater-bay-area", "greater-london", "singapore", "klang-valley", "stockholm"} <= modeled


def test_a_city_state_is_one_node_and_countries_without_clusters_stay_whole(base):
    singapore = [i for i, c in enumerate(base.iso3) if c == "SGP"]
    assert [base.kinds[i] for i in singapore] == ["cluster"] and base.gdp_share[singapore[0]] == 1.0
    for code in ("ROW", "CHE", "POL"):
        assert [k for k, c in zip(base.kinds, base.iso3) if c == code] == ["country"]


def test_domestic_share_of_each_clusters_purchases_is_its_countrys_and_plausible(base):
    shares = domestic_shares(base)
    country = sector_baseline().flows.sum(axis=0)
    home = np.diag(country) / country.sum(axis=0)
    np.testing.assert_allclose(shares["domestic"], home[base.node_country], rtol=1e-9)
    clusters = shares[shares["kind"] == "cluster"]
    with pd.option_context("display.max_rows", None, "display.width", 160, "display.precision", 3):
        print(clusters.to_string(index=False))
    # Domestic trade dominates (Singapore, the re-export hub, is the most open: 0.42).
    assert clusters["domestic"].between(0.35, 0.99).all()
    assert (clusters["own"] > clusters["own_country_clusters"]).all()
    shared = clusters[clusters["iso3"] != "SGP"]  # Singapore, a city-state, has no rest of country
    assert (shared["rest_of_country"] > 0).all()


def test_a_uniform_shock_to_a_countrys_nodes_reproduces_the_country_level_result(base):
    country_change = np.ones(len(base.codes))
    country_change[base.codes.index("CHN")] = 1.1
    country_change[base.codes.index("DEU")] = 1.05
    node_change = nested.node_productivity_change(base.node_country, 1, country_change=country_change)[0]
    by_node = solve_scenario(base.flows.sum(axis=0), productivity_change=node_change)
    by_country = solve_scenario(sector_baseline().flows.sum(axis=0), productivity_change=country_change)
    assert by_node.converged and by_country.converged
    np.testing.assert_allclose(by_node.wage_change, by_country.wage_change[base.node_country], rtol=1e-9)
    np.testing.assert_allclose(nested.aggregate(by_node.flows, base.node_country, len(base.codes)),
                               by_country.flows, rtol=1e-8, atol=1e-6)


def test_the_same_with_the_two_sector_model_when_it_is_there(base):
    sectors = pytest.importorskip("dashboard.model.sectors")
    country = sector_baseline()
    change = np.ones((2, len(base.codes)))
    change[0, base.codes.index("CHN")] = 1.1
    by_node = sectors.solve_sectors(base.flows, productivity_change=change[:, base.node_country],
                                    value_added_share=base.value_added_share)
    by_country = sectors.solve_sectors(country.flows, productivity_change=change,
                                       value_added_share=country.value_added_share)
    np.testing.assert_allclose(np.asarray(by_node.wage_change),
                               np.asarray(by_country.wage_change)[base.node_country], rtol=1e-7)


def test_one_cluster_adopting_gains_partly_at_the_expense_of_the_rest_of_its_country(base):
    k, rest = base.node_ids.index("greater-bay-area"), base.node_ids.index("rest-of-chn")
    own = np.full(len(base.node_ids), np.nan)
    own[k] = 1.1
    before = base.flows.sum(axis=0)
    after = solve_scenario(before, productivity_change=nested.node_productivity_change(
        base.node_country, 1, node_change=own)[0]).flows
    parts = nested.gain_decomposition(before, after, base.node_country, base.is_rest)
    total = parts.market_growth + parts.from_own_country_clusters + parts.from_rest_of_country + parts.from_abroad
    np.testing.assert_allclose(total, parts.sales_change, rtol=1e-9, atol=1e-6)
    assert parts.sales_change[k] > 0 and parts.from_rest_of_country[k] > 0 and parts.from_abroad[k] > 0
    assert parts.sales_change[rest] < 0


def test_cells_label_every_flow_modeled_and_name_the_total_it_is_held_to(base):
    cells = base.cells()
    assert len(cells) == base.flows.size and set(cells["basis"]) == {"modeled"}
    assert set(cells["country_flow_basis"]) == {"sourced", "modeled"}
    summed = cells.groupby(["sector", "exporter_economy", "importer_economy"])[["value", "country_flow"]]
    sums = summed.agg({"value": "sum", "country_flow": "first"})
    np.testing.assert_allclose(sums["value"], sums["country_flow"], rtol=1e-9, atol=1e-6)
    assert "Combes, Lafourcade & Mayer" in base.method


def test_built_once_and_read_only(base):
    assert nested_baseline() is base
    with pytest.raises(ValueError):
        base.flows[0, 0, 0] = 1.0


def test_cluster_files_are_what_the_build_makes():
    for path, text in build_clusters.build_all().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run build_clusters"
