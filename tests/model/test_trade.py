"""The Eaton–Kortum exact-hat-algebra solver against the properties an economist would check."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from dashboard.model import solve_scenario

N = st.integers(2, 8)


@st.composite
def economies(draw):
    n = draw(N)
    # Every pair trades at least 0.01 (the model's usual assumption): vanishing trade leaves wages
    # numerically undetermined (see test_a_degenerate_case_says_so_instead_of_answering).
    flows = draw(arrays(float, (n, n), elements=st.floats(0.01, 100.0)))
    flows[np.diag_indices(n)] += draw(arrays(float, n, elements=st.floats(1.0, 1000.0)))
    a_hat = draw(arrays(float, n, elements=st.floats(0.5, 2.0)))
    theta = draw(st.floats(1.0, 20.0))
    return flows, a_hat, theta


@given(economies())
@settings(max_examples=150, deadline=None)
def test_markets_clear_shares_sum_to_one_and_acr_holds(case):
    flows, a_hat, theta = case
    result = solve_scenario(flows, a_hat, theta=theta)
    assert result.converged
    new = result.flows
    income = flows.sum(axis=1)
    deficit = flows.sum(axis=0) - income
    # Markets clear: new income = what the world spends on each economy; deficits fixed in levels.
    np.testing.assert_allclose(new.sum(axis=1), result.wage_change * income, rtol=1e-7, atol=1e-8 * income.sum())
    np.testing.assert_allclose(new.sum(axis=0) - new.sum(axis=1), deficit, atol=1e-7 * income.sum())
    np.testing.assert_allclose((result.wage_change * income).sum(), income.sum(), rtol=1e-9)
    shares = new / new.sum(axis=0)
    np.testing.assert_allclose(shares.sum(axis=0), 1.0, rtol=1e-12)
    # ACR: real income change = A_hat * (pi'_nn / pi_nn)^(-1/theta).
    acr = a_hat * (result.domestic_share_after / result.domestic_share_before) ** (-1 / theta)
    np.testing.assert_allclose(result.welfare_change, acr, rtol=1e-8)
    assert result.export_share_after.sum() == pytest.approx(1.0)


@given(economies(), st.floats(0.5, 2.0))
@settings(max_examples=60, deadline=None)
def test_a_uniform_productivity_shock_changes_no_share_and_raises_real_income_by_the_shock(case, shock):
    flows, _, theta = case
    result = solve_scenario(flows, np.full(len(flows), shock), theta=theta)
    np.testing.assert_allclose(result.domestic_share_after, result.domestic_share_before, rtol=1e-9)
    np.testing.assert_allclose(result.welfare_change, shock, rtol=1e-9)
    np.testing.assert_allclose(result.wage_change, 1.0, rtol=1e-9)


@given(economies())
@settings(max_examples=60, deadline=None)
def test_partial_equilibrium_matches_the_closed_form(case):
    flows, a_hat, theta = case
    result = solve_scenario(flows, a_hat, theta=theta, equilibrium="partial")
    shares = flows / flows.sum(axis=0)
    weighted = shares * (a_hat ** theta)[:, None]
    expected = weighted / weighted.sum(axis=0) * flows.sum(axis=0)
    np.testing.assert_allclose(result.flows, expected, rtol=1e-10)
    np.testing.assert_allclose(result.wage_change, 1.0)
    np.testing.assert_allclose(result.price_change, weighted.sum(axis=0) ** (-1 / theta), rtol=1e-10)


@pytest.mark.parametrize("theta", [5.0, 10.0])
def test_gains_from_trade_match_arkolakis_costinot_rodriguez_clare(theta):
    """ACR (2012): moving to autarky costs 1 - 0.93^(1/theta) of real income at a 7 % import share,
    0.7–1.4 % for theta 10–5."""
    flows = np.array([[93.0, 7.0], [7.0, 93.0]])
    autarky = np.array([[1.0, np.inf], [np.inf, 1.0]])
    result = solve_scenario(flows, trade_cost_change=autarky, theta=theta)
    loss = 1 - result.welfare_change[0]
    assert loss == pytest.approx(1 - 0.93 ** (1 / theta), rel=1e-9)
    assert 0.007 <= loss <= 0.0146
    assert result.domestic_share_after[0] == pytest.approx(1.0)


def test_labelled_input_gives_labelled_output_and_a_summary():
    names = ["DEU", "JPN", "USA"]
    flows = pd.DataFrame([[100, 10, 5], [8, 120, 6], [4, 9, 300]], index=names, columns=names, dtype=float)
    result = solve_scenario(flows, pd.Series([1.1, 1.0, 1.0], index=names))
    assert list(result.flows.index) == names and list(result.wage_change.index) == names
    summary = result.summary()
    assert list(summary["economy"]) == names
    assert summary.loc[0, "export_share_change_pp"] > 0  # Germany's productivity rises: it gains share
    assert summary["export_share_change_pp"].sum() == pytest.approx(0.0, abs=1e-9)
    assert set(summary["rank_after"]) == {1, 2, 3}


@pytest.mark.parametrize("kwargs, message", [
    (dict(flows=np.ones((2, 3))), "square matrix"),
    (dict(flows=np.array([[1.0, -1.0], [1.0, 1.0]])), "negative value at exporter 0, importer 1"),
    (dict(flows=np.array([[1.0, np.nan], [1.0, 1.0]])), "non-finite"),
    (dict(flows=np.array([[0.0, 1.0], [1.0, 1.0]])), "economy 0 has no domestic sales"),
    (dict(flows=np.eye(2), theta=0.0), "theta (the trade elasticity) must be positive"),
    (dict(flows=np.eye(2), equilibrium="global"), "equilibrium must be one of general, partial"),
    (dict(flows=np.eye(2), productivity_change=[1.0]), "one value per economy (2)"),
    (dict(flows=np.eye(2), productivity_change=[1.0, -1.0]), "must be positive and finite"),
    (dict(flows=np.eye(2), trade_cost_change=np.ones((3, 3))), "must be 2×2"),
])
def test_bad_input_raises_a_message_a_user_can_act_on(kwargs, message):
    with pytest.raises(ValueError) as caught:
        solve_scenario(**kwargs)
    assert message in str(caught.value)


def test_a_degenerate_case_says_so_instead_of_answering():
    """Trade of 1e-10 of income leaves wages undetermined: the result must flag it, not pretend."""
    flows = np.full((4, 4), 1e-10)
    np.fill_diagonal(flows, 1.0)
    with pytest.warns(RuntimeWarning, match="did not converge"):
        result = solve_scenario(flows, [0.5, 1.0, 1.0, 1.0], theta=1.0)
    assert result.converged is False
