"""Robot adoption → the goods sector's productivity change (dashboard/model/productivity.py)."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from dashboard.model import (
    FRONTIER_ROBOT_DENSITY,
    ROBOT_ELASTICITY,
    ROBOT_ELASTICITY_LOW,
    adoption_from_density,
    density_from_adoption,
    goods_productivity,
    sector_productivity,
)

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)
density = st.floats(1.0, 2000.0)
share = st.floats(0.0, 1.0)
beta = st.floats(0.05, 1.0)


def test_the_elasticities_come_from_the_cited_numbers():
    # Graetz & Michaels (2018): 0.36 pp a year over 1993–2007, per (assumed) doubling of robot density.
    assert ROBOT_ELASTICITY.value == pytest.approx(14 * math.log(1.0036) / math.log(2), rel=1e-12)
    assert 0.07 < ROBOT_ELASTICITY.value < 0.075
    # Bekhtiar, Bittschi & Sellner (2024): half the effect in robotizing industries.
    assert ROBOT_ELASTICITY_LOW.value == pytest.approx(ROBOT_ELASTICITY.value / 2, rel=1e-15)
    assert "Graetz" in ROBOT_ELASTICITY.source and "ASSUMED" in ROBOT_ELASTICITY.source
    assert "Bekhtiar" in ROBOT_ELASTICITY_LOW.source


def test_a_doubling_of_robot_density_in_an_all_manufacturing_value_added_economy_gives_the_cited_gain():
    # m = 1, β = 1: one doubling gives Graetz & Michaels' cumulative gain, (1.0036)^14.
    assert goods_productivity(100.0, 200.0, 1.0, 1.0) == pytest.approx(1.0036 ** 14, rel=1e-12)


def test_the_china_preset_is_exactly_the_ratio_it_implies():
    """No rounding: 470 → 492 robots per 10,000 is +4.68 %, not a whole-percent step."""
    m, b = 0.77, 0.28
    result = goods_productivity(470.0, 492.0, m, b)
    assert float(result) == (492.0 / 470.0) ** (ROBOT_ELASTICITY.value * m * b)
    assert 1.0 < float(result) < 1.001


@given(density, density, share, beta)
@PROPERTY
def test_one_at_the_baseline_and_rising_with_the_target(base, target, m, b):
    assert goods_productivity(base, base, m, b) == 1.0
    low, high = sorted((base, target))
    assert goods_productivity(base, low, m, b) <= goods_productivity(base, high, m, b)
    if m > 1e-3 and high > low * 1.01:
        assert goods_productivity(base, low, m, b) < goods_productivity(base, high, m, b)


@given(density, st.floats(1.0, 1000.0), st.floats(0.01, 1.0), beta)
@PROPERTY
def test_concave_in_density_diminishing_returns(base, step, m, b):
    """Equal steps in robots add less and less productivity."""
    d = base + step * np.arange(3)
    a = goods_productivity(base, d, m, b)
    assert a[2] - a[1] < a[1] - a[0]


@given(density, density, share, beta)
@PROPERTY
def test_the_shock_scales_with_the_manufacturing_share_of_goods_value_added(base, target, m, b):
    """ln Â is proportional to m: farming, mining and fuel in the goods sector get no robot gain."""
    full = goods_productivity(base, target, 1.0, b)
    assert math.log(goods_productivity(base, target, m, b)) == pytest.approx(m * math.log(full), abs=1e-15)
    assert goods_productivity(base, target, 0.0, b) == 1.0


def test_the_value_added_share_turns_a_labour_productivity_gain_into_a_gross_output_shift():
    gain = goods_productivity(300.0, 600.0, 1.0, 1.0)
    assert goods_productivity(300.0, 600.0, 1.0, 0.25) == pytest.approx(gain ** 0.25)


def test_moves_compose():
    first = goods_productivity(470.0, 492.0, 0.8, 0.3)
    second = goods_productivity(492.0, 600.0, 0.8, 0.3)
    assert first * second == pytest.approx(goods_productivity(470.0, 600.0, 0.8, 0.3), rel=1e-14)


def test_vectorised_over_economies_with_the_low_elasticity():
    out = goods_productivity([100.0, 400.0], [200.0, 400.0], [1.0, 0.5], [1.0, 0.3],
                             elasticity=ROBOT_ELASTICITY_LOW.value)
    np.testing.assert_allclose(out, [2 ** ROBOT_ELASTICITY_LOW.value, 1.0])
    matrix = sector_productivity(out)
    np.testing.assert_array_equal(matrix, [out, [1.0, 1.0]])
    np.testing.assert_array_equal(sector_productivity(out, sectors=3, goods=1)[[0, 2]], 1.0)


def test_adoption_and_density_round_trip():
    assert density_from_adoption(100.0) == FRONTIER_ROBOT_DENSITY
    np.testing.assert_allclose(density_from_adoption([0.0, 50.0], frontier=1000.0), [0.0, 500.0])
    densities = np.array([0.0, 47.0, 470.0, 1012.0, 1500.0])
    np.testing.assert_allclose(density_from_adoption(adoption_from_density(densities)), densities, rtol=1e-15)
    assert adoption_from_density(1518.0) == pytest.approx(150.0)  # above the frontier: not capped


@pytest.mark.parametrize("call, message", [
    (lambda: goods_productivity(0.0, 100.0, 0.5, 0.3),
     "density_base must be positive (robots per 10,000 manufacturing employees); the log-density mapping has "
     "no value at zero"),
    (lambda: goods_productivity(100.0, -5.0, 0.5, 0.3),
     "density_target must be positive (robots per 10,000 manufacturing employees); the log-density mapping has "
     "no value at zero"),
    (lambda: goods_productivity(np.nan, 100.0, 0.5, 0.3), "density_base is missing or not finite for some economy"),
    (lambda: goods_productivity("many", 100.0, 0.5, 0.3), "density_base must be numbers"),
    (lambda: goods_productivity(100.0, 200.0, 1.5, 0.3),
     "manufacturing_share must be a fraction in [0, 1] (manufacturing's share of goods value added)"),
    (lambda: goods_productivity(100.0, 200.0, 0.5, 0.0),
     "value_added_share must be in (0, 1] (the goods sector's value added over gross output)"),
    (lambda: goods_productivity(100.0, 200.0, 0.5, 0.3, elasticity=-0.1),
     "elasticity must be a non-negative number, got -0.1"),
    (lambda: goods_productivity([100.0, 200.0], [1.0, 2.0, 3.0], 0.5, 0.3),
     "density_base, density_target, manufacturing_share and value_added_share must have the same length, got "
     "(2,), (3,), () and ()"),
    (lambda: sector_productivity([1.0], sectors=2, goods=2), "goods must be a sector index below 2, got 2"),
    (lambda: density_from_adoption(-1.0), "adoption must be a non-negative percentage of the frontier"),
    (lambda: density_from_adoption(50.0, frontier=0.0), "frontier must be a positive robot density, got 0.0"),
    (lambda: adoption_from_density(-3.0), "density must be non-negative (robots per 10,000 manufacturing employees)"),
])
def test_bad_input_raises_a_message_a_user_can_act_on(call, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()
