"""Adoption of intelligent manufacturing → productivity change Â."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from dashboard.model import (
    DEFAULT_PRODUCTIVITY_GAIN,
    FRONTIER_ROBOT_DENSITY,
    adoption_to_productivity,
    baseline_adoption,
    gain_from_annual_growth,
    solve_scenario,
)

percent = st.floats(0.0, 100.0)


def test_the_default_gain_is_graetz_michaels_compounded_over_their_sample():
    # 0.36 pp a year over 1993–2007 (14 years).
    assert DEFAULT_PRODUCTIVITY_GAIN == pytest.approx(1.0036 ** 14 - 1, rel=1e-12)
    assert 0.05 < DEFAULT_PRODUCTIVITY_GAIN < 0.053
    assert gain_from_annual_growth(0.36, 14) == pytest.approx(DEFAULT_PRODUCTIVITY_GAIN)
    assert gain_from_annual_growth(1.0, 2) == pytest.approx(0.0201)


def test_the_mapping_at_its_anchors():
    assert adoption_to_productivity(40.0, 40.0) == 1.0
    assert adoption_to_productivity(100.0, 0.0) == pytest.approx(1 + DEFAULT_PRODUCTIVITY_GAIN)
    assert adoption_to_productivity(0.0, 100.0) == pytest.approx(1 / (1 + DEFAULT_PRODUCTIVITY_GAIN))
    assert adoption_to_productivity(75.0, 25.0, gain=0.21) == pytest.approx(1.1)
    assert adoption_to_productivity(90.0, 10.0, gain=0.0) == 1.0


@given(percent, percent, percent, st.floats(0.0, 1.0))
@settings(max_examples=50, deadline=None)
def test_moves_compose_and_more_adoption_means_more_productivity(a0, a1, a2, gain):
    step1 = adoption_to_productivity(a1, a0, gain)
    step2 = adoption_to_productivity(a2, a1, gain)
    assert step1 * step2 == pytest.approx(adoption_to_productivity(a2, a0, gain), rel=1e-12)
    assert 1 / (1 + gain) - 1e-12 <= step1 <= 1 + gain + 1e-12
    if a1 > a0 + 1e-3 and gain > 1e-3:
        assert step1 > 1


def test_baseline_adoption_from_robot_density():
    assert FRONTIER_ROBOT_DENSITY == 1012.0  # Korea, IFR World Robotics
    density = pd.Series({"KOR": 1012.0, "CHN": 470.0, "USA": 295.0, "XXX": 2000.0, "ZZZ": 0.0})
    adoption = baseline_adoption(density)
    assert list(adoption.index) == list(density.index)
    np.testing.assert_allclose(adoption, [100.0, 470 / 10.12, 295 / 10.12, 100.0, 0.0])
    assert baseline_adoption(151.0, frontier=302.0) == 50.0
    np.testing.assert_allclose(baseline_adoption(np.array([101.2, 506.0])), [10.0, 50.0])


def test_labelled_adoption_in_gives_labelled_productivity_out_matched_by_label():
    baseline = pd.Series({"DEU": 40.0, "CHN": 45.0})
    adoption = pd.Series({"CHN": 45.0, "DEU": 60.0})
    a_hat = adoption_to_productivity(adoption, baseline, gain=0.1)
    assert list(a_hat.index) == ["CHN", "DEU"]
    assert a_hat["CHN"] == 1.0
    assert a_hat["DEU"] == pytest.approx(1.1 ** 0.2)


def test_raising_adoption_in_one_economy_raises_its_export_share_in_the_trade_model():
    names = ["CHN", "DEU", "USA"]
    flows = pd.DataFrame([[900, 30, 50], [20, 400, 25], [30, 20, 1500]], index=names, columns=names, dtype=float)
    baseline = baseline_adoption(pd.Series({"CHN": 470.0, "DEU": 429.0, "USA": 295.0}))
    adoption = baseline.copy()
    adoption["USA"] = 100.0
    result = solve_scenario(flows, adoption_to_productivity(adoption, baseline))
    assert result.converged
    summary = result.summary().set_index("economy")
    assert summary.loc["USA", "export_share_change_pp"] > 0
    assert summary.loc["USA", "welfare_change_pct"] > summary.drop("USA")["welfare_change_pct"].max()


@pytest.mark.parametrize("call, message", [
    (lambda: adoption_to_productivity(120.0, 50.0), "adoption must be a percentage between 0 and 100"),
    (lambda: adoption_to_productivity(50.0, -1.0), "baseline must be a percentage between 0 and 100"),
    (lambda: adoption_to_productivity(np.array([np.nan]), np.array([1.0])),
     "adoption must be a percentage between 0 and 100"),
    (lambda: adoption_to_productivity([10.0, 20.0], [10.0, 20.0, 30.0]),
     "adoption and baseline must have the same length, got 2 and 3"),
    (lambda: adoption_to_productivity(50.0, 50.0, gain=-1.0),
     "gain must be a fraction above -1 (e.g. 0.05 for +5 %), got -1.0"),
    (lambda: adoption_to_productivity(pd.Series({"A": 1.0}), pd.Series({"B": 1.0})),
     "baseline has no value for some economy in adoption"),
    (lambda: baseline_adoption(-5.0), "robot_density must be non-negative (robots per 10,000 manufacturing employees)"),
    (lambda: baseline_adoption([np.nan, 3.0]),
     "robot_density is missing for some economy; give a value or leave the economy out"),
    (lambda: baseline_adoption(5.0, frontier=0.0), "frontier must be a positive robot density, got 0.0"),
    (lambda: gain_from_annual_growth(-100.0, 3),
     "annual_pp must be above -100 (percentage points a year) and years non-negative"),
])
def test_bad_input_raises_a_message_a_user_can_act_on(call, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()
