"""The Eaton–Kortum exact-hat-algebra solver against the properties an economist would check."""
from __future__ import annotations

import re
import warnings
from contextlib import nullcontext
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from benchmarks.model import baseline
from dashboard.model import gravity_matrix, solve_scenario, trade

# Both solvers: dense Newton (the default below NEWTON_MAX_ECONOMIES) and Jacobi–Anderson (forced).
METHODS = ["newton", "anderson"]


def method(name: str):
    return mock.patch.object(trade, "NEWTON_MAX_ECONOMIES", 0) if name == "anderson" else nullcontext()


@st.composite
def economies(draw, n_max: int = 8):
    """Random worlds: symmetric trade (zeros allowed, so some worlds split into groups) times
    ±5 % asymmetry, so deficits stay small enough for an equilibrium with positive spending."""
    n = draw(st.integers(2, n_max))
    size = draw(arrays(float, (n, n), elements=st.one_of(st.just(0.0), st.floats(0.01, 100.0))))
    flows = (size + size.T) / 2 * (1 + draw(arrays(float, (n, n), elements=st.floats(-0.05, 0.05))))
    flows[np.diag_indices(n)] = draw(arrays(float, n, elements=st.floats(1.0, 1000.0)))
    a_hat = draw(arrays(float, n, elements=st.floats(0.5, 2.0)))
    theta = draw(st.floats(1.0, 20.0))
    tau_hat = None
    if draw(st.booleans()):
        tau_hat = draw(arrays(float, (n, n), elements=st.floats(0.8, 1.5)))
        np.fill_diagonal(tau_hat, 1.0)
    return flows, a_hat, tau_hat, theta


def clearing_gap(flows, result) -> float:
    """Independent check: largest |new income − world spending on the economy| / new income."""
    income = flows.sum(axis=1)
    new_income = np.asarray(result.wage_change) * income
    sold = np.asarray(result.flows).sum(axis=1)
    return float(np.abs(sold / new_income - 1).max())


@pytest.mark.parametrize("solver", METHODS)
@given(case=economies())
@settings(max_examples=40, deadline=None)
def test_markets_clear_shares_sum_to_one_and_acr_holds(solver, case):
    flows, a_hat, tau_hat, theta = case
    with method(solver):
        result = solve_scenario(flows, a_hat, tau_hat, theta=theta)
    assert result.converged
    new = np.asarray(result.flows)
    income = flows.sum(axis=1)
    deficit = flows.sum(axis=0) - income
    # Markets clear: new income = what the world spends on each economy; deficits fixed in levels.
    assert clearing_gap(flows, result) < 1e-9
    np.testing.assert_allclose(new.sum(axis=0) - new.sum(axis=1), deficit, atol=1e-8 * income.sum())
    np.testing.assert_allclose((result.wage_change * income).sum(), income.sum(), rtol=1e-9)
    assert (new >= 0).all()
    # Shares sum to one: import shares per buyer, export shares and domestic shares in [0, 1].
    np.testing.assert_allclose((new / new.sum(axis=0)).sum(axis=0), 1.0, rtol=1e-12)
    exports = new.sum(axis=1) - np.diag(new)
    assert result.export_share_after.sum() == (pytest.approx(1.0) if exports.sum() > 0 else 0.0)
    np.testing.assert_allclose(result.export_share_after * exports.sum(), exports, atol=1e-9 * income.sum())
    assert ((result.domestic_share_after > 0) & (result.domestic_share_after <= 1 + 1e-12)).all()
    # ACR: real income change = Â_n (π'_nn / π_nn)^(−1/θ).
    acr = a_hat * (result.domestic_share_after / result.domestic_share_before) ** (-1 / theta)
    np.testing.assert_allclose(result.welfare_change, acr, rtol=1e-8)
    # Ranks are a permutation ordered like the shares.
    assert sorted(result.export_rank_after) == list(range(1, len(flows) + 1))
    order = np.argsort(result.export_rank_after)
    assert (np.diff(result.export_share_after[order]) <= 1e-15).all()


@given(case=economies(), shock=st.floats(0.5, 2.0))
@settings(max_examples=30, deadline=None)
def test_a_uniform_productivity_shock_changes_no_share_and_raises_real_income_by_the_shock(case, shock):
    flows, _, _, theta = case
    result = solve_scenario(flows, np.full(len(flows), shock), theta=theta)
    np.testing.assert_allclose(result.domestic_share_after, result.domestic_share_before, rtol=1e-9)
    np.testing.assert_allclose(result.flows, flows, rtol=1e-9, atol=1e-12 * flows.sum())
    np.testing.assert_allclose(result.welfare_change, shock, rtol=1e-9)
    np.testing.assert_allclose(result.wage_change, 1.0, rtol=1e-9)


@given(case=economies())
@settings(max_examples=30, deadline=None)
def test_partial_equilibrium_matches_the_closed_form(case):
    flows, a_hat, tau_hat, theta = case
    result = solve_scenario(flows, a_hat, tau_hat, theta=theta, equilibrium="partial")
    tau = np.ones_like(flows) if tau_hat is None else tau_hat
    shares = flows / flows.sum(axis=0)
    weighted = shares * (tau / a_hat[:, None]) ** (-theta)
    expected = weighted / weighted.sum(axis=0) * flows.sum(axis=0)
    np.testing.assert_allclose(result.flows, expected, rtol=1e-10, atol=1e-14 * flows.sum())
    np.testing.assert_array_equal(result.wage_change, 1.0)
    np.testing.assert_allclose(result.price_change, weighted.sum(axis=0) ** (-1 / theta), rtol=1e-10)
    assert result.converged and result.iterations == 0


@pytest.mark.parametrize("theta", [5.0, 10.0])
def test_gains_from_trade_match_arkolakis_costinot_rodriguez_clare(theta):
    """ACR (2012): with a 7 % import share, autarky costs 1 − 0.93^(1/θ) of real income: 0.7–1.4 %
    for trade elasticities 10–5."""
    flows = np.array([[93.0, 7.0], [7.0, 93.0]])
    autarky = np.array([[1.0, np.inf], [np.inf, 1.0]])
    result = solve_scenario(flows, trade_cost_change=autarky, theta=theta)
    assert result.converged
    loss = 1 - result.welfare_change[0]
    assert loss == pytest.approx(1 - 0.93 ** (1 / theta), rel=1e-12)
    assert 0.007 <= loss <= 0.0146
    assert result.domestic_share_after[0] == pytest.approx(1.0)
    assert result.export_share_after.sum() == 0.0  # nobody exports in autarky


def test_acr_holds_for_an_asymmetric_world_moving_to_autarky():
    flows = np.array([[50.0, 5.0, 1.0], [4.0, 200.0, 9.0], [2.0, 8.0, 80.0]])
    flows = (flows + flows.T) / 2  # balanced trade, so every economy can stand alone
    autarky = np.full((3, 3), np.inf)
    np.fill_diagonal(autarky, 1.0)
    result = solve_scenario(flows, trade_cost_change=autarky, theta=4.0)
    assert result.converged
    domestic = np.diag(flows) / flows.sum(axis=0)
    np.testing.assert_allclose(result.welfare_change, domestic ** (1 / 4.0), rtol=1e-12)


def _gravity_world(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    flows = gravity_matrix(rng.lognormal(0, 1.5, n), rng.uniform(-60, 60, n), rng.uniform(-180, 180, n))
    np.fill_diagonal(flows, 0.0)
    domestic = rng.uniform(0.3, 0.95, n)
    np.fill_diagonal(flows, domestic / (1 - domestic) * flows.sum(axis=0))
    return flows


@pytest.mark.parametrize("n", [6, 150])
@pytest.mark.parametrize("theta", [1.0, 20.0])
@pytest.mark.parametrize("pattern", ["alternate", "one_down", "one_up"])
def test_it_converges_across_the_promised_range(n, theta, pattern):
    """θ in [1, 20] and Â in [0.5, 2], at the corners (the hardest cases)."""
    flows = _gravity_world(n, seed=n)
    a_hat = {"alternate": np.where(np.arange(n) % 2, 0.5, 2.0),
             "one_down": np.r_[0.5, np.full(n - 1, 2.0)],
             "one_up": np.r_[2.0, np.full(n - 1, 0.5)]}[pattern]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = solve_scenario(flows, a_hat, theta=theta)
    assert result.converged
    assert clearing_gap(flows, result) < 1e-9


def test_newton_and_anderson_agree():
    flows = _gravity_world(60, seed=3)
    a_hat = np.random.default_rng(3).uniform(0.5, 2.0, 60)
    newton = solve_scenario(flows, a_hat, theta=6.0)
    with method("anderson"):
        anderson = solve_scenario(flows, a_hat, theta=6.0)
    assert newton.converged and anderson.converged
    np.testing.assert_allclose(newton.wage_change, anderson.wage_change, rtol=1e-8)
    np.testing.assert_allclose(newton.flows, anderson.flows, rtol=1e-7)


def test_productivity_gain_raises_own_export_share_and_real_income():
    flows = _gravity_world(5, seed=1)
    result = solve_scenario(flows, [1.2, 1, 1, 1, 1])
    assert result.export_share_after[0] > result.export_share_before[0]
    assert result.welfare_change[0] > result.welfare_change[1:].max()
    assert (result.domestic_share_after[1:] < result.domestic_share_before[1:]).all()


def test_labelled_input_gives_labelled_output_and_a_summary():
    names = ["DEU", "JPN", "USA"]
    flows = pd.DataFrame([[100, 10, 5], [8, 120, 6], [4, 9, 300]], index=names, columns=names, dtype=float)
    # A Series is matched by label, not by position.
    shock = pd.Series({"USA": 1.0, "JPN": 1.0, "DEU": 1.1})
    result = solve_scenario(flows, shock)
    assert list(result.flows.index) == names and list(result.flows.columns) == names
    for field in ("wage_change", "price_change", "welfare_change", "export_share_before", "export_share_after",
                  "domestic_share_before", "domestic_share_after", "export_rank_before", "export_rank_after"):
        assert list(getattr(result, field).index) == names, field
    summary = result.summary()
    assert list(summary.columns) == [
        "economy", "export_share_before_pct", "export_share_after_pct", "export_share_change_pp",
        "domestic_share_before_pct", "domestic_share_after_pct", "domestic_share_change_pp",
        "wage_change_pct", "price_change_pct", "welfare_change_pct", "rank_before", "rank_after"]
    assert list(summary["economy"]) == names
    assert summary.loc[0, "export_share_change_pp"] > 0  # Germany's productivity rises: it gains share
    assert summary["export_share_change_pp"].sum() == pytest.approx(0.0, abs=1e-9)
    assert summary["export_share_before_pct"].sum() == pytest.approx(100.0)
    assert summary.loc[0, "welfare_change_pct"] == pytest.approx((result.welfare_change["DEU"] - 1) * 100)
    assert summary.loc[1, "domestic_share_before_pct"] == pytest.approx(120 / 139 * 100)
    assert set(summary["rank_after"]) == {1, 2, 3}
    unlabelled = solve_scenario(flows.to_numpy(), [1.1, 1.0, 1.0])
    np.testing.assert_allclose(unlabelled.flows, result.flows.to_numpy())
    assert list(unlabelled.summary()["economy"]) == [0, 1, 2]


def test_the_input_is_not_modified():
    flows = _gravity_world(8, seed=2)
    copy = flows.copy()
    solve_scenario(flows, np.full(8, 1.3), np.full((8, 8), 1.1) - 0.1 * np.eye(8))
    np.testing.assert_array_equal(flows, copy)


@pytest.mark.parametrize("kwargs, message", [
    (dict(flows=np.ones((2, 3))), "flows must be a square matrix of at least 2 economies, got shape (2, 3)"),
    (dict(flows=np.ones((1, 1))), "flows must be a square matrix of at least 2 economies, got shape (1, 1)"),
    (dict(flows=np.array([[1.0, -1.0], [1.0, 1.0]])), "flows contain a negative value at exporter 0, importer 1"),
    (dict(flows=np.array([[1.0, np.nan], [1.0, 1.0]])), "flows contain a missing or non-finite value"),
    (dict(flows=np.array([[1.0, np.inf], [1.0, 1.0]])), "flows contain a missing or non-finite value"),
    (dict(flows=np.array([[0.0, 1.0], [1.0, 1.0]])), "economy 0 has no domestic sales (diagonal must be positive)"),
    (dict(flows=np.eye(2), theta=0.0), "theta (the trade elasticity) must be positive, got 0.0"),
    (dict(flows=np.eye(2), theta=-4), "theta (the trade elasticity) must be positive, got -4.0"),
    (dict(flows=np.eye(2), theta=np.nan), "theta (the trade elasticity) must be positive, got nan"),
    (dict(flows=np.eye(2), equilibrium="global"), "equilibrium must be one of general, partial, got 'global'"),
    (dict(flows=np.eye(2), productivity_change=[1.0]), "productivity_change must have one value per economy (2), got 1"),
    (dict(flows=np.eye(2), productivity_change=[1.0, -1.0]),
     "productivity_change must be positive and finite (1.0 = unchanged)"),
    (dict(flows=np.eye(2), trade_cost_change=np.ones((3, 3))), "trade_cost_change must be 2×2, got shape (3, 3)"),
    (dict(flows=np.eye(2), trade_cost_change=np.array([[1.0, 0.0], [1.0, 1.0]])),
     "trade_cost_change must be positive (1.0 = unchanged; inf = prohibitive)"),
    (dict(flows=np.eye(2), trade_cost_change=np.array([[np.inf, 1.0], [1.0, 1.0]])),
     "trade_cost_change must be finite on the diagonal (an economy cannot be cut off from itself)"),
    (dict(flows=pd.DataFrame(np.eye(2), index=["A", "B"], columns=["B", "A"])),
     "flows must have the same economies, in the same order, as rows and columns"),
    (dict(flows=pd.DataFrame(np.eye(2), index=["A", "B"], columns=["A", "B"]),
          productivity_change=pd.Series({"A": 1.0, "C": 1.0})), "productivity_change has no value for economy B"),
])
def test_bad_input_raises_a_message_a_user_can_act_on(kwargs, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        solve_scenario(**kwargs)


def test_an_impossible_scenario_is_flagged_not_answered():
    """Economy 1 runs a surplus of 2 on income 5; halving its productivity (θ = 2) would need its
    spending to turn negative. Check independently that no equilibrium with positive spending exists,
    then that the solver says so."""
    flows = np.array([[17.0, 1.0], [3.0, 2.0]])
    a_hat, theta = np.array([2.0, 0.5]), 2.0
    income, deficit = flows.sum(axis=1), flows.sum(axis=0) - flows.sum(axis=1)
    w1 = np.linspace(0.4 + 1e-9, 23 / 5 - 1e-9, 20_001)         # spending of economy 1 positive
    w = np.stack([(income.sum() - income[1] * w1) / income[0], w1])  # numeraire
    weighted = (flows / flows.sum(axis=0))[:, :, None] * ((w / a_hat[:, None]) ** -theta)[:, None, :]
    spending = w * income[:, None] + deficit[:, None]
    excess_1 = ((weighted / weighted.sum(axis=0))[1] * spending).sum(axis=0) - w[1] * income[1]
    assert (excess_1[(spending > 0).all(axis=0)] < 0).all()  # no root: no equilibrium
    with pytest.warns(RuntimeWarning, match="economy 1 would need negative spending"):
        result = solve_scenario(flows, a_hat, theta=theta)
    assert result.converged is False


def test_a_group_cut_off_with_a_deficit_is_flagged():
    flows = np.array([[10.0, 1.0, 3.0], [1.0, 10.0, 1.0], [1.0, 1.0, 10.0]])  # economy 2 runs a deficit
    cut = np.ones((3, 3))
    cut[2, :2] = cut[:2, 2] = np.inf
    with pytest.warns(RuntimeWarning, match="economies 0, 1 are cut off from the others' trade"):
        result = solve_scenario(flows, trade_cost_change=cut)
    assert result.converged is False


def test_a_solver_that_runs_out_of_steps_says_so():
    flows = _gravity_world(6, seed=4)
    with mock.patch.object(trade, "NEWTON_MAX_STEPS", 1), mock.patch.object(trade, "ANDERSON_MAX_STEPS", 1), \
            mock.patch.object(trade, "DAMPED_MAX_STEPS", 1):
        with pytest.warns(RuntimeWarning, match=r"did not converge after \d+ iterations"):
            result = solve_scenario(flows, np.r_[0.5, np.ones(5)], theta=8.0)
    assert result.converged is False
    assert result.iterations <= 4  # one step each of Newton, Anderson, the damped iteration and Newton again


@pytest.mark.parametrize("solver", METHODS)
def test_a_world_where_newton_and_anderson_both_fail_from_the_start_is_solved_by_the_damped_fallback(solver):
    """Found by the property test above (2026-12-02): Â = 0.5 for two of four trading economies at θ = 11.
    From ŵ = 1 the Newton step widens every gap at any length and Anderson makes no progress; the
    textbook damped iteration (benchmarks/model.py baseline) reaches the equilibrium, Newton finishes."""
    flows = np.array([[1.0, 2.5, 0.0, 0.5], [2.5, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.5], [0.515625, 0.0, 0.5, 1.0]])
    a_hat = np.array([0.5, 1.0, 1.0, 0.5])
    with method(solver):
        fast = [run(trade._economy(*_parts(flows), a_hat, np.ones((4, 4)), 11.0), None, 100)[0].gap
                for run in (trade._newton, trade._anderson)]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = solve_scenario(flows, a_hat, theta=11.0)
    assert min(fast) > 1.0  # neither fast method gets anywhere on its own
    assert result.converged and clearing_gap(flows, result) < 1e-9
    textbook, _ = baseline(flows, a_hat, 11.0)
    np.testing.assert_allclose(result.wage_change, textbook, rtol=1e-8)


def _parts(flows: np.ndarray) -> tuple:
    matrix, _, income, spending, world = trade._as_matrix(flows)
    return matrix, income, spending, world
