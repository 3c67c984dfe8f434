"""Solving a scenario for the scenarios page (dashboard.views.scenario_model): the two-sector model on the
2019 country baseline and on the nested city-cluster baseline, the deficit rules, the effects apart, the
networks page's overlay and the solve inputs kept for uncertainty ranges."""
from __future__ import annotations

import numpy as np
import pytest

from dashboard.views import scenario_model as model
from dashboard.views.scenario_state import BASELINE, Scenario, city_clusters, preset_view


def test_the_baseline_changes_nothing():
    outcome = model.run(BASELINE)
    table = outcome.table
    assert outcome.converged and not outcome.adopters and not outcome.split
    for column in ("goods_export_share_change_pp", "real_income_change_pct", "real_spending_change_pct",
                   "manufacturing_jobs_change", "domestic_share_of_goods_spending_change_pp"):
        assert np.allclose(table[column].fillna(0), 0, atol=1e-6), column
    assert table["goods_export_share_before_pct"].sum() == pytest.approx(100)


def test_the_china_preset_raises_chinas_goods_export_share_and_every_column_is_named_for_what_it_holds():
    outcome = model.run(preset_view("china-robot-density-2025"))
    table = outcome.table.set_index("code")
    assert outcome.table.iloc[0]["code"] == "CHN" and table.loc["CHN", "goods_export_share_change_pp"] > 0
    assert table["goods_export_share_change_pp"].sum() == pytest.approx(0, abs=1e-9)
    assert set(model.COLUMNS) <= set(outcome.table.columns)
    assert table.loc["CHN", "robot_density_baseline"] == 246 and table.loc["CHN", "robot_density_target"] == 492
    assert table.loc["CHN", "robot_density_basis"] == "IFR 2020, nearest year"
    assert table.loc["THA", "robot_density_basis"] == "none" and np.isnan(table.loc["THA", "robot_density_baseline"])
    # real income (real GDP) and real spending are different outputs
    assert not np.allclose(table["real_income_change_pct"], table["real_spending_change_pct"])
    assert table.loc["CHN", "goods_trade_balance_after_usd_bn"] > table.loc["CHN", "goods_trade_balance_before_usd_bn"]
    ranks = outcome.table["goods_export_rank_before"].dropna()
    assert sorted(ranks) == list(range(1, len(ranks) + 1)) and np.isnan(table.loc["ROW", "goods_export_rank_before"])


def test_closing_the_us_deficit_closes_it_and_the_others_take_the_counterpart_by_gdp():
    outcome = model.run(preset_view("close-us-deficit"))
    table = outcome.table.set_index("code")
    assert table.loc["USA", "deficit_before_usd_bn"] > 0
    assert table.loc["USA", "deficit_after_usd_bn"] == pytest.approx(0, abs=1e-6)
    assert table["deficit_after_usd_bn"].sum() == pytest.approx(0, abs=1e-6)
    assert table.loc["USA", "real_spending_change_pct"] < 0


def test_us_closed_keeps_deficits_summing_to_zero():
    deficits = np.array([10.0, -4.0, -6.0])
    new = model.us_closed(deficits, np.array([1.0, 1.0, 3.0]), np.array([True, False, False]))
    np.testing.assert_allclose(new, [0.0, -4 + 10 * 0.25, -6 + 10 * 0.75])
    assert new.sum() == pytest.approx(0)


def test_a_closure_with_adoption_shows_the_two_effects_apart_and_they_add_up():
    outcome = model.run(preset_view("us-automates-closes-deficit"))
    assert outcome.split
    table = outcome.table.set_index("code")
    usa = table.loc["USA"]
    assert usa["goods_export_share_closure_effect_pp"] + usa["goods_export_share_adoption_effect_pp"] == \
        pytest.approx(usa["goods_export_share_change_pp"])
    assert usa["manufacturing_jobs_closure_effect"] + usa["manufacturing_jobs_adoption_effect"] == \
        pytest.approx(usa["manufacturing_jobs_change"])
    combined = (1 + usa["real_income_closure_effect_pct"] / 100) * (1 + usa["real_income_adoption_effect_pct"] / 100)
    assert 100 * (combined - 1) == pytest.approx(usa["real_income_change_pct"])
    alone = model.run(preset_view("close-us-deficit")).table.set_index("code")
    assert usa["real_spending_closure_effect_pct"] == pytest.approx(alone.loc["USA", "real_spending_change_pct"])


def test_a_city_cluster_adopts_on_its_own_and_its_measures_are_named():
    node = "greater-bay-area" if "greater-bay-area" in city_clusters() else next(iter(city_clusters()))
    view = Scenario(targets=(), city_targets=((node, 600.0),), level="clusters")
    outcome = model.run(view)
    table = outcome.table.set_index("code")
    assert outcome.adopters == (node,) and outcome.unit == "node"
    row = table.loc[node]
    assert row["international_goods_exports_after_usd_bn"] > row["international_goods_exports_before_usd_bn"]
    rest = "goods_sales_to_rest_of_own_country"
    assert row[f"{rest}_after_usd_bn"] > row[f"{rest}_before_usd_bn"]
    assert {"goods_sales_to_own_country_clusters_before_usd_bn", "goods_sales_to_own_country_clusters_after_usd_bn",
            "lat", "lon", "kind"} <= set(outcome.table.columns)
    # only that cluster moves: its country's other nodes keep their productivity
    change = model.solve_inputs(view).productivity_change[model.GOODS]
    moved = [n for n, a in zip(model.nested_baseline().node_ids, change) if a != 1]
    assert moved == [node]
    (part,) = outcome.decompositions
    assert part.node == node and part.sales_change == pytest.approx(
        part.market_growth + part.from_rest_of_country + part.from_own_country_clusters + part.from_abroad, abs=1e-6)


def test_a_national_target_moves_every_node_of_the_country_at_cluster_level():
    view = Scenario(targets=(("DEU", 500.0),), level="clusters")
    nodes = model.nested_baseline()
    change = model.solve_inputs(view).productivity_change[model.GOODS]
    german = np.array([c == "DEU" for c in nodes.iso3])
    assert (change[german] > 1).all() and (change[~german] == 1).all()
    assert set(model.run(view).adopters) == {n for n, c in zip(nodes.node_ids, nodes.iso3) if c == "DEU"}


def test_solve_inputs_are_what_the_page_solves():
    view = preset_view("us-automates-closes-deficit")
    inputs = model.solve_inputs(view)
    assert inputs.flows.shape[0] == 2 and inputs.productivity_change.shape == inputs.value_added_share.shape
    assert isinstance(inputs.deficits, np.ndarray) and inputs.deficits.sum() == pytest.approx(0, abs=1e-6)
    assert inputs.theta == view.theta and inputs.sector_elasticity == view.eta
    np.testing.assert_allclose(inputs.solve().real_income_change, model._country_result(view).real_income_change)


def test_node_solution_gives_the_networks_page_node_flows_before_and_after():
    view = preset_view("china-robot-density-2025")
    solution = model.node_solution(view)  # at country level too: the networks page always draws nodes
    nodes = model.nested_baseline()
    assert solution.node_ids == nodes.node_ids and solution.converged
    assert solution.before.shape == solution.after.shape == (len(solution.sectors), len(nodes.node_ids),
                                                             len(nodes.node_ids))
    assert not np.allclose(solution.before, solution.after)
    assert np.allclose(model.node_solution(BASELINE).after, nodes.flows, rtol=1e-6)


def test_same_scenario_same_numbers_and_an_upload_runs_the_one_sector_model():
    view = preset_view("china-robot-density-2025")
    assert model.run(view).table.equals(model.run(Scenario(**vars(view))).table)
    import pandas as pd
    codes = ["CHN", "USA", "ZZZ"]
    matrix = pd.DataFrame([[100, 10, 5], [8, 120, 4], [3, 2, 50]], index=codes, columns=codes, dtype=float)
    outcome = model.run(view, uploaded=matrix)
    assert outcome.level == "upload" and outcome.converged and "manufacturing jobs" in outcome.missing
    assert outcome.table.iloc[0]["code"] == "CHN" and "uploaded matrix (3 economies)" in outcome.notes[0]


def test_the_networks_link_speaks_the_networks_pages_codec():
    assert model.networks_query(preset_view("china-robot-density-2025")) == "?target=CHN:492"


def test_an_uploaded_economy_with_no_robot_data_moves_by_the_productivity_the_user_sets():
    """Issue 26 #12: a valid matrix with other codes was accepted but nothing could move it."""
    import pandas as pd
    codes = ["AAA", "BBB", "CCC"]
    matrix = pd.DataFrame([[100, 10, 5], [8, 120, 4], [3, 2, 50]], index=codes, columns=codes, dtype=float)
    assert model.set_by_user(codes) == ("AAA", "BBB", "CCC")
    assert model.set_by_user(["DEU", "AAA"]) == ("AAA",)
    still = model.run(BASELINE, uploaded=matrix)
    np.testing.assert_allclose(still.table["goods_export_share_change_pp"], 0, atol=1e-9)
    moved = model.run(BASELINE, uploaded=matrix, productivity_pct={"AAA": 10.0, "ZZZ": 50.0})
    row = moved.table.set_index("code").loc["AAA"]
    assert row["goods_export_share_change_pp"] > 0 and row["real_income_change_pct"] > 0
    assert moved.adopters == ("AAA",)
    assert moved.settings == (("productivity_change_pct_AAA", "10 (set by the user; no robot data)"),)
    assert "productivity changes you set to the other 3" in moved.notes[0]
    # Outside the slider's range, a value is held at its end.
    capped = model.run(BASELINE, uploaded=matrix, productivity_pct={"AAA": 1e6})
    assert capped.settings[0][1].startswith(f"{model.UPLOAD_CHANGE_RANGE[1]:g} ")
