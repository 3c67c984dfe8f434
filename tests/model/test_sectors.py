"""The multi-sector Eaton–Kortum solver against the properties an economist would check.

Property tests run with derandomize=True: the same examples every run (no example database), so CI
cannot fail on a draw nobody has seen. Each keeps to a few seconds on one core.
"""
from __future__ import annotations

import re
import warnings
from contextlib import nullcontext
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from dashboard.model import DEFAULTS, gravity_matrix, sectors, solve_scenario, solve_sectors

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None)
METHODS = ["newton", "anderson"]


def method(name: str):
    """Force Jacobi–Anderson (the large-N method) on small worlds; Newton is the default there."""
    return mock.patch.object(sectors, "NEWTON_MAX_ECONOMIES", 0) if name == "anderson" else nullcontext()


@st.composite
def worlds(draw, n_max: int = 6, s_max: int = 3, intermediates: bool | None = None, zeros: bool = True):
    """Random worlds: per sector, symmetric trade (zeros allowed, so some worlds split into groups)
    times ±5 % asymmetry, so deficits stay small enough for an equilibrium with positive spending."""
    n = draw(st.integers(2, n_max))
    s = draw(st.integers(1, s_max))
    element = st.one_of(st.just(0.0), st.floats(0.01, 100.0)) if zeros else st.floats(0.01, 100.0)
    size = draw(arrays(float, (s, n, n), elements=element))
    flows = (size + size.transpose(0, 2, 1)) / 2 * (1 + draw(arrays(float, (s, n, n), elements=st.floats(-0.05, 0.05))))
    for k in range(s):
        flows[k][np.diag_indices(n)] = draw(arrays(float, n, elements=st.floats(5.0, 1000.0)))
    with_beta = draw(st.booleans()) if intermediates is None else intermediates
    beta = draw(arrays(float, (s, n), elements=st.floats(0.3, 1.0))) if with_beta else None
    a_hat = draw(arrays(float, (s, n), elements=st.floats(0.7, 1.4)))
    theta = draw(arrays(float, s, elements=st.floats(1.0, 12.0)))
    eta = draw(st.sampled_from([0.3, 0.5, 1.0, 2.0]))
    tau_hat = None
    if draw(st.booleans()):
        tau_hat = draw(arrays(float, (s, n, n), elements=st.floats(0.8, 1.5)))
        for k in range(s):
            np.fill_diagonal(tau_hat[k], 1.0)
    return flows, a_hat, tau_hat, theta, eta, beta


def baseline(flows: np.ndarray, beta: np.ndarray | None):
    """Independent baseline: gross output R (S, N), GDP Y, absorption E, deficit D."""
    beta = np.ones(flows.shape[:2]) if beta is None else beta
    sales = flows.sum(axis=2)
    income = (beta * sales).sum(axis=0)
    spend = flows.sum(axis=(0, 1))
    return beta, sales, income, spend, spend - sales.sum(axis=0)


def check_equilibrium(flows, a_hat, tau_hat, theta, eta, beta, result, deficit_new) -> None:
    """Every equation of the model, recomputed from the result's ŵ and price indices alone."""
    beta, _sales, income, spend, _ = baseline(flows, beta)
    world = income.sum()
    new = result.flows
    assert (new >= 0).all()
    wage, index = result.wage_change, result.price_index_change
    sales_new = new.sum(axis=2)
    # Labour-market clearing, numeraire, absorption identity, deficits as asked.
    np.testing.assert_allclose((beta * sales_new).sum(axis=0), wage * income, rtol=1e-8)
    np.testing.assert_allclose((wage * income).sum(), world, rtol=1e-9)
    absorption = new.sum(axis=(0, 1))
    np.testing.assert_allclose(absorption, wage * income + deficit_new + ((1 - beta) * sales_new).sum(axis=0),
                               rtol=1e-8, atol=1e-9 * world)
    np.testing.assert_allclose(result.deficit_after, deficit_new, atol=1e-8 * world)
    # Prices: unit costs, trade shares, sector price indices, the CES upper tier.
    theta = np.asarray(theta)[:, None]
    cost = wage ** beta * index ** (1 - beta) / a_hat
    tau = np.ones_like(flows) if tau_hat is None else tau_hat
    shares = flows / flows.sum(axis=1, keepdims=True)
    weighted = shares * (cost[:, :, None] * tau) ** -theta[:, :, None]
    np.testing.assert_allclose(new / new.sum(axis=1, keepdims=True), weighted / weighted.sum(axis=1, keepdims=True),
                               rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(result.price_change, weighted.sum(axis=1) ** (-1 / theta), rtol=1e-8)
    alpha = flows.sum(axis=1) / spend
    if eta == 1.0:
        np.testing.assert_allclose(index, np.exp((alpha * np.log(result.price_change)).sum(axis=0)), rtol=1e-9)
        np.testing.assert_allclose(result.spending_share_after, alpha, rtol=1e-8)
    else:
        np.testing.assert_allclose(index, (alpha * result.price_change ** (1 - eta)).sum(axis=0) ** (1 / (1 - eta)),
                                   rtol=1e-8)
        weights = alpha * result.price_change ** (1 - eta)
        np.testing.assert_allclose(result.spending_share_after, weights / weights.sum(axis=0), rtol=1e-8)


@pytest.mark.parametrize("solver", METHODS)
@pytest.mark.parametrize("closure", ["fixed", "balanced", "array"])
@given(case=worlds(), share=st.floats(-0.05, 0.05))
@PROPERTY
def test_markets_clear_shares_sum_to_one_and_deficits_are_what_was_asked(solver, closure, case, share):
    flows, a_hat, tau_hat, theta, eta, beta = case
    _, _, income, _, deficit = baseline(flows, beta)
    if closure == "fixed":
        deficits, deficit_new = "fixed", deficit
    elif closure == "balanced":
        deficits, deficit_new = "balanced", np.zeros_like(income)
    else:  # move economy 0's deficit by `share` of its trade; its partners absorb it in proportion to
        # their trade with it (a partner joined by a thin link cannot absorb much)
        trade = flows[:, 0, 1:].sum(axis=0) + flows[:, 1:, 0].sum(axis=0)
        deficit_new = deficit.copy()
        deficit_new[0] += share * trade.sum()
        deficit_new[1:] -= share * trade
        deficits = deficit_new
    with method(solver), warnings.catch_warnings():
        warnings.simplefilter("error")
        result = solve_sectors(flows, a_hat, tau_hat, theta, eta, beta, deficits)
    assert result.converged
    check_equilibrium(flows, a_hat, tau_hat, theta, eta, beta, result, deficit_new)
    if closure == "balanced":
        np.testing.assert_allclose(result.deficit_after, 0.0, atol=1e-8 * income.sum())
    # Shares sum to one: import shares per buyer and sector, spending shares, employment shares,
    # each sector's world export shares.
    new = result.flows
    np.testing.assert_allclose((new / new.sum(axis=1, keepdims=True)).sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(result.spending_share_after.sum(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(result.employment_share_after.sum(axis=0), 1.0, rtol=1e-8)
    np.testing.assert_allclose(result.employment_share_before.sum(axis=0), 1.0, rtol=1e-12)
    for s in range(new.shape[0]):
        total = result.export_share_after[s].sum()
        assert total == (pytest.approx(1.0) if result.exports_after[s].sum() > 0 else 0.0)
    assert ((result.domestic_share_after > 0) & (result.domestic_share_after <= 1 + 1e-12)).all()
    np.testing.assert_allclose(result.exports_after - result.imports_after, result.trade_balance_after)
    np.testing.assert_allclose(result.trade_balance_after.sum(axis=0), -result.deficit_after,
                               atol=1e-8 * income.sum())


@given(case=worlds(intermediates=False))
@PROPERTY
def test_without_intermediates_real_wages_in_each_sector_follow_the_acr_formula(case):
    """β = 1: ŵ_j / P̂_sj = Â_sj (π'_sjj / π_sjj)^(−1/θ_s), sector by sector, with productivity shocks."""
    flows, a_hat, tau_hat, theta, eta, _ = case
    result = solve_sectors(flows, a_hat, tau_hat, theta, eta)
    assert result.converged
    ratio = result.domestic_share_after / result.domestic_share_before
    np.testing.assert_allclose(result.wage_change / result.price_change,
                               a_hat * ratio ** (-1 / np.asarray(theta)[:, None]), rtol=1e-8)


@given(case=worlds(), shock=st.floats(0.5, 2.0), beta=st.floats(0.3, 1.0))
@PROPERTY
def test_a_uniform_productivity_change_moves_no_share_when_beta_is_the_same_everywhere(case, shock, beta):
    flows, _, _, theta, eta, _ = case
    same = np.full(flows.shape[:2], beta)
    result = solve_sectors(flows, np.full(flows.shape[:2], shock), theta=theta, sector_elasticity=eta,
                           value_added_share=same)
    assert result.converged
    np.testing.assert_allclose(result.domestic_share_after, result.domestic_share_before, rtol=1e-9)
    np.testing.assert_allclose(result.flows, flows, rtol=1e-8, atol=1e-12 * flows.sum())
    np.testing.assert_allclose(result.wage_change, 1.0, rtol=1e-9)
    # Unit costs fall by Â through labour and again through cheaper inputs: P̂ = Â^(−1/β).
    np.testing.assert_allclose(result.real_income_change, shock ** (1 / beta), rtol=1e-8)


@given(case=worlds(s_max=1, n_max=8, intermediates=False))
@PROPERTY
def test_one_sector_without_intermediates_is_solve_scenario(case):
    flows, a_hat, tau_hat, theta, _, _ = case
    one = solve_scenario(flows[0], a_hat[0], None if tau_hat is None else tau_hat[0], theta=float(theta[0]))
    many = solve_sectors(flows, a_hat, tau_hat, theta)
    assert one.converged and many.converged
    # Both clear every market to 1e-10 of income. Where groups of economies are joined by thin trade
    # links (a randomly drawn world found it: 0.06 against 112 of domestic sales, θ = 1), a wage ratio
    # between groups barely moves anyone's income, so two solutions that clear markets equally well can
    # differ by ~1e-8 in wages: the comparison allows 1e-6.
    np.testing.assert_allclose(many.wage_change, one.wage_change, rtol=1e-6)
    np.testing.assert_allclose(many.price_index_change, one.price_change, rtol=1e-6)
    np.testing.assert_allclose(many.real_income_change, one.welfare_change, rtol=1e-6)
    np.testing.assert_allclose(many.flows[0], one.flows, rtol=1e-6, atol=1e-10 * flows.sum())
    np.testing.assert_allclose(many.domestic_share_after[0], one.domestic_share_after, rtol=1e-6)
    np.testing.assert_allclose(many.export_share_after[0], one.export_share_after, atol=1e-6)
    np.testing.assert_allclose(many.employment_share_after, 1.0, rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# Worked cases


def _two_sector_world(n: int, seed: int, openness: tuple[float, float] = (0.5, 0.95)):
    """Goods and services on a gravity geography; services more closed. β from typical ranges."""
    rng = np.random.default_rng(seed)
    gdp = rng.lognormal(0, 1.5, n)
    lat, lon = rng.uniform(-60, 60, n), rng.uniform(-180, 180, n)
    flows = []
    for low, high in (openness, (0.85, 0.98)):
        sector = gravity_matrix(gdp * rng.uniform(0.5, 1.5, n), lat, lon)
        np.fill_diagonal(sector, 0.0)
        domestic = rng.uniform(low, high, n)
        np.fill_diagonal(sector, domestic / (1 - domestic) * sector.sum(axis=0))
        flows.append(sector)
    beta = np.vstack([rng.uniform(0.25, 0.4, n), rng.uniform(0.5, 0.65, n)])
    return np.array(flows), beta


def test_newton_anderson_and_the_damped_fallback_agree():
    flows, beta = _two_sector_world(25, seed=3)
    a_hat = np.vstack([np.random.default_rng(3).uniform(0.8, 1.3, 25), np.ones(25)])
    kwargs = dict(theta=DEFAULTS.theta, sector_elasticity=0.5, value_added_share=beta)
    newton = solve_sectors(flows, a_hat, **kwargs)
    with method("anderson"):
        anderson = solve_sectors(flows, a_hat, **kwargs)
    with mock.patch.object(sectors, "NEWTON_MAX_STEPS", 0), mock.patch.object(sectors, "ANDERSON_MAX_STEPS", 0):
        # Both fast methods give up at once: the textbook iteration runs, then Newton (0 steps) cannot finish,
        # so the handover tolerance is what it reaches.
        with pytest.warns(RuntimeWarning, match="did not converge"):
            damped = solve_sectors(flows, a_hat, **kwargs)
    assert (newton.solver, anderson.solver, damped.solver) == ("newton", "anderson", "damped+newton")
    assert newton.converged and anderson.converged and not damped.converged
    np.testing.assert_allclose(anderson.wage_change, newton.wage_change, rtol=1e-8)
    np.testing.assert_allclose(anderson.flows, newton.flows, rtol=1e-7)
    np.testing.assert_allclose(damped.wage_change, newton.wage_change, rtol=1e-5)


def test_the_damped_fallback_hands_over_to_newton():
    flows, beta = _two_sector_world(6, seed=5)
    a_hat = np.vstack([np.r_[0.6, np.ones(5)], np.ones(6)])
    with mock.patch.object(sectors, "ANDERSON_MAX_STEPS", 0):
        real_newton = sectors._newton
        calls = []

        def newton_that_fails_first(world, z, steps):
            calls.append(z is None)
            return real_newton(world, z, 0 if len(calls) == 1 else steps)

        with mock.patch.object(sectors, "_newton", newton_that_fails_first):
            result = solve_sectors(flows, a_hat, theta=8.0, value_added_share=beta)
    assert calls == [True, False]
    assert result.converged and result.solver == "damped+newton"
    reference = solve_sectors(flows, a_hat, theta=8.0, value_added_share=beta)
    np.testing.assert_allclose(result.wage_change, reference.wage_change, rtol=1e-8)


@pytest.mark.parametrize("n", [6, 60])
@pytest.mark.parametrize("theta", [1.0, 12.0])
@pytest.mark.parametrize("pattern", ["alternate", "one_down", "one_up"])
def test_it_converges_across_the_promised_range(n, theta, pattern):
    """θ in [1, 12] and goods Â in [0.5, 2], at the corners (the hardest cases), η = 0.5, with intermediates."""
    flows, beta = _two_sector_world(n, seed=n)
    goods = {"alternate": np.where(np.arange(n) % 2, 0.5, 2.0),
             "one_down": np.r_[0.5, np.full(n - 1, 2.0)],
             "one_up": np.r_[2.0, np.full(n - 1, 0.5)]}[pattern]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = solve_sectors(flows, np.vstack([goods, np.ones(n)]), theta=theta, sector_elasticity=0.5,
                               value_added_share=beta)
    assert result.converged
    check_equilibrium(flows, np.vstack([goods, np.ones(n)]), None, [theta, theta], 0.5, beta, result,
                      result.deficit_before)


@pytest.mark.parametrize("eta, direction", [(0.3, -1), (3.0, 1)])
def test_the_sign_of_the_jobs_result_depends_on_the_sector_elasticity(eta, direction):
    """Two nearly closed economies: a goods productivity gain in economy 0 lowers goods' price there.
    With η < 1 spending (and labour) shifts away from the cheaper sector, with η > 1 towards it."""
    goods = np.array([[100.0, 0.1], [0.1, 100.0]])
    services = np.array([[200.0, 0.1], [0.1, 200.0]])
    result = solve_sectors(np.array([goods, services]), [[1.2, 1.0], [1.0, 1.0]], theta=4.0,
                           sector_elasticity=eta, value_added_share=[[0.3, 0.3], [0.6, 0.6]])
    change = result.employment_share_after[0, 0] - result.employment_share_before[0, 0]
    assert np.sign(change) == direction
    assert abs(change) > 1e-3


def test_cobb_douglas_is_the_limit_of_ces():
    flows, beta = _two_sector_world(5, seed=7)
    a_hat = np.vstack([np.linspace(0.9, 1.2, 5), np.ones(5)])
    exact = solve_sectors(flows, a_hat, theta=4.0, sector_elasticity=1.0, value_added_share=beta)
    near = solve_sectors(flows, a_hat, theta=4.0, sector_elasticity=1.0 + 1e-9, value_added_share=beta)
    np.testing.assert_allclose(near.wage_change, exact.wage_change, rtol=1e-8)
    np.testing.assert_allclose(near.price_index_change, exact.price_index_change, rtol=1e-8)


def test_closing_a_deficit_the_others_absorb_in_proportion_to_gdp():
    flows, beta = _two_sector_world(5, seed=11)
    first = solve_sectors(flows, value_added_share=beta)
    deficit, income = first.deficit_before, first.value_added_before
    target = deficit.copy()
    target[0] = 0.0
    target[1:] += deficit[0] * income[1:] / income[1:].sum()
    result = solve_sectors(flows, value_added_share=beta, deficits=target)
    assert result.converged
    np.testing.assert_allclose(result.deficit_after, target, atol=1e-9 * income.sum())
    assert result.trade_balance_after[:, 0].sum() == pytest.approx(0.0, abs=1e-9 * income.sum())
    # Real spending and real GDP part when the deficit moves: the economy that stops borrowing spends
    # less than it earns more.
    if deficit[0] > 0:
        assert result.real_spending_change[0] < result.real_income_change[0]


def test_labels_and_the_table():
    flows, beta = _two_sector_world(3, seed=2)
    result = solve_sectors(flows, [[1.1, 1, 1], [1, 1, 1]], value_added_share=beta,
                           economies=["DEU", "JPN", "USA"], sectors=["goods", "services"])
    assert result.economies == ("DEU", "JPN", "USA") and result.sectors == ("goods", "services")
    table = result.table()
    assert list(table["economy"]) == ["DEU", "DEU", "JPN", "JPN", "USA", "USA"]
    assert list(table["sector"]) == ["goods", "services"] * 3
    row = table.iloc[1]  # DEU services
    assert row["gross_output_after"] == result.gross_output_after[1, 0]
    assert row["wage_change"] == result.wage_change[0]
    assert row["trade_balance_before"] == pytest.approx(result.trade_balance_before[1, 0])
    assert table.groupby("economy")["employment_share_after"].sum().to_numpy() == pytest.approx(1.0)


def test_the_input_is_not_modified():
    flows, beta = _two_sector_world(4, seed=2)
    copies = flows.copy(), beta.copy()
    tau = np.full((4, 4), 1.1)
    np.fill_diagonal(tau, 1.0)
    solve_sectors(flows, np.full((2, 4), 1.3), tau, value_added_share=beta, deficits="balanced")
    np.testing.assert_array_equal(flows, copies[0])
    np.testing.assert_array_equal(beta, copies[1])


def test_an_impossible_scenario_is_flagged_not_answered():
    """Economy 1 runs a surplus of 2 on GDP 5; a large productivity loss there (θ = 2) would need its
    final spending to turn negative (the one-sector case of test_trade, with two identical sectors)."""
    flows = np.array([[[17.0, 1.0], [3.0, 2.0]]] * 2) / 2
    with pytest.warns(RuntimeWarning, match="economy 1 would need negative final spending"):
        result = solve_sectors(flows, [[2.0, 0.5], [2.0, 0.5]], theta=2.0)
    assert result.converged is False


def test_a_group_cut_off_with_a_deficit_is_flagged():
    sector = np.array([[10.0, 1.0, 3.0], [1.0, 10.0, 1.0], [1.0, 1.0, 10.0]])
    cut = np.ones((3, 3))
    cut[2, :2] = cut[:2, 2] = np.inf
    with pytest.warns(RuntimeWarning, match="economies 0, 1 are cut off from the others' trade"):
        result = solve_sectors(np.array([sector, sector]), trade_cost_change=cut)
    assert result.converged is False


def test_a_solver_that_runs_out_of_steps_says_so():
    flows, beta = _two_sector_world(6, seed=4)
    patches = [mock.patch.object(sectors, name, 1) for name in
               ("NEWTON_MAX_STEPS", "ANDERSON_MAX_STEPS", "DAMPED_MAX_STEPS")]
    with patches[0], patches[1], patches[2]:
        with pytest.warns(RuntimeWarning, match=r"did not converge after \d+ iterations"):
            result = solve_sectors(flows, np.vstack([np.r_[0.5, np.ones(5)], np.ones(6)]), theta=8.0,
                                   value_added_share=beta)
    assert result.converged is False
    assert result.iterations <= 4


def test_the_defaults_cite_their_sources():
    for name in ("theta_goods", "theta_services", "sector_elasticity", "robot_elasticity", "robot_elasticity_low"):
        parameter = getattr(DEFAULTS, name)
        assert parameter.value > 0 and len(parameter.source) > 40, name
    assert DEFAULTS.theta == (4.0, 4.0)
    assert DEFAULTS.sector_elasticity.value < 1  # Herrendorf, Rogerson & Valentinyi: well below one
    assert "Simonovska" in DEFAULTS.theta_goods.source and "Herrendorf" in DEFAULTS.sector_elasticity.source


GOOD = np.array([np.eye(2) * 10 + 1, np.eye(2) * 20 + 1])


@pytest.mark.parametrize("kwargs, message", [
    (dict(flows=np.ones((2, 3))), "flows must have shape (sectors, economies, economies) with at least 2 "
                                  "economies, got shape (2, 3)"),
    (dict(flows=np.ones((2, 2, 3))), "flows must have shape (sectors, economies, economies) with at least 2 "
                                     "economies, got shape (2, 2, 3)"),
    (dict(flows=np.ones((1, 1, 1))), "flows must have shape (sectors, economies, economies) with at least 2 "
                                     "economies, got shape (1, 1, 1)"),
    (dict(flows=[[["a", 1], [1, 1]]]), "flows must be numbers"),
    (dict(flows=np.where(np.arange(8).reshape(2, 2, 2) == 3, np.nan, GOOD)),
     "flows contain a missing or non-finite value"),
    (dict(flows=GOOD * np.array([1, 1, -1, 1]).reshape(1, 2, 2)),
     "flows contain a negative value in sector 0, exporter 1, importer 0"),
    (dict(flows=np.array([GOOD[0], np.zeros((2, 2))]), sectors=["goods", "services"]),
     "sector services has no sales"),
    (dict(flows=np.array([[[1.0, 1.0], [0.0, 0.0]]] * 2), economies=["A", "B"]),
     "economy B has no sales in any sector"),
    (dict(flows=np.array([GOOD[0], [[1.0, 1.0], [1.0, 0.0]]])),
     "economy 1 has no domestic sales in sector 1 (every diagonal must be positive)"),
    (dict(flows=GOOD, economies=["A"]), "economies must name every one of the 2 economies in flows, got 1"),
    (dict(flows=GOOD, theta=0.0), "theta (the trade elasticity) must be positive, got 0.0"),
    (dict(flows=GOOD, theta=[4.0, np.nan]), "theta (the trade elasticity) must be positive, got nan"),
    (dict(flows=GOOD, theta=[4.0, 4.0, 4.0]), "theta must be a number or one per sector (2), got 3 values"),
    (dict(flows=GOOD, sector_elasticity=0.0), "sector_elasticity (η) must be positive, got 0.0"),
    (dict(flows=GOOD, sector_elasticity=-1), "sector_elasticity (η) must be positive, got -1.0"),
    (dict(flows=GOOD, sector_elasticity="high"), "sector_elasticity (η) must be a positive number, got 'high'"),
    (dict(flows=GOOD, value_added_share=np.ones(2)),
     "value_added_share must have shape (sectors, economies) = (2, 2), got (2,)"),
    (dict(flows=GOOD, value_added_share=[[1.0, 0.5], [0.0, 0.5]]),
     "value_added_share must be in (0, 1] (value added over gross output), got 0.0 for sector 1, economy 0"),
    (dict(flows=GOOD, value_added_share=[[1.0, 1.5], [0.5, 0.5]]),
     "value_added_share must be in (0, 1] (value added over gross output), got 1.5 for sector 0, economy 1"),
    (dict(flows=GOOD, value_added_share=[[1.0, np.nan], [0.5, 0.5]]),
     "value_added_share must be in (0, 1] (value added over gross output), got nan for sector 0, economy 1"),
    (dict(flows=GOOD, productivity_change=[1.0, 1.0]),
     "productivity_change must have shape (sectors, economies) = (2, 2), got (2,)"),
    (dict(flows=GOOD, productivity_change=[[1.0, 0.0], [1.0, 1.0]]),
     "productivity_change must be positive and finite (1.0 = unchanged)"),
    (dict(flows=GOOD, trade_cost_change=np.ones((3, 3))),
     "trade_cost_change must be 2×2 (every sector) or (2, 2, 2), got shape (3, 3)"),
    (dict(flows=GOOD, trade_cost_change=[[1.0, -1.0], [1.0, 1.0]]),
     "trade_cost_change must be positive (1.0 = unchanged; inf = prohibitive)"),
    (dict(flows=GOOD, trade_cost_change=[[1.1, 1.0], [1.0, 1.0]]),
     "trade_cost_change must be 1 on the diagonal (τ̂_jj = 1: domestic trade costs are the reference)"),
    (dict(flows=GOOD, deficits="closed"),
     "deficits must be 'fixed', 'balanced' or an array of new deficit levels, got 'closed'"),
    (dict(flows=GOOD, deficits=[1.0, 1.0]),
     "deficits must sum to zero across economies (every deficit is another economy's surplus); they sum to 2"),
    (dict(flows=GOOD, deficits=[1.0]), "deficits must have one value per economy (2), got 1"),
    (dict(flows=GOOD, deficits=[np.inf, -np.inf]),
     "deficits must be finite numbers (new deficit levels, in the unit of flows)"),
    (dict(flows=np.array([[[1.0, 5.0], [1.0, 1.0]]]), value_added_share=[[0.1, 1.0]]),
     "economy 0 has no final spending (GDP + deficit ≤ 0): its intermediate purchases implied by "
     "value_added_share exceed its absorption"),
])
def test_bad_input_raises_a_message_a_user_can_act_on(kwargs, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        solve_sectors(**kwargs)
