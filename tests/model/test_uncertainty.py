"""Monte Carlo ranges of a scenario (dashboard/model/uncertainty.py).

Every run here is deterministic: the draws come from a seed derived from the scenario, and the property
test runs with derandomize=True and no example database. Worlds are small (5 economies) so each run of
a few dozen draws takes milliseconds.
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from dashboard.model import (
    DEFAULTS,
    DISTRIBUTIONS,
    OUTPUTS,
    ROBOT_ELASTICITY,
    ROBOT_ELASTICITY_LOW,
    UncertaintyResult,
    goods_productivity,
    scenario_ranges,
    scenario_seed,
    sector_productivity,
    solve_sectors,
    uncertainty,
)

ROOT = Path(__file__).resolve().parents[2]
PROPERTY = settings(max_examples=15, deadline=None, derandomize=True, database=None)
STATISTICS = ("point", "median", "low", "high", "low_se", "high_se", "sign_agreement")


def world(n: int = 5, seed: int = 7) -> dict:
    """Two sectors, n economies: goods trade more than services, β below 1, the first two economies
    raise their robot density (one IFR-published baseline, one modeled), the rest stay put."""
    rng = np.random.default_rng(seed)
    flows = np.empty((2, n, n))
    for s, home in enumerate((4.0, 15.0)):
        block = rng.uniform(1.0, 10.0, (n, n))
        block[np.diag_indices(n)] = home * block.sum(axis=0) / n
        flows[s] = block
    base = rng.uniform(50.0, 400.0, n)
    target = base.copy()
    target[:2] = base[:2] * np.array([2.5, 3.0])
    return dict(
        flows=flows,
        value_added_share=np.vstack([rng.uniform(0.3, 0.4, n), rng.uniform(0.5, 0.6, n)]),
        manufacturing_share=rng.uniform(0.4, 0.8, n),
        density_base=base,
        density_target=target,
        density_basis=["sourced", "modeled"] + ["user"] * (n - 2),
    )


def run(draws: int = 40, **changes) -> UncertaintyResult:
    return scenario_ranges(**{**world(), **changes}, draws=draws)


def fingerprint(result: UncertaintyResult) -> str:
    digest = hashlib.sha256(str(result.seed).encode())
    for name in STATISTICS:
        digest.update(np.ascontiguousarray(getattr(result, name)).tobytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# The same link, the same range


def test_the_same_scenario_gives_the_same_result_bit_for_bit():
    first, second = run(), run()
    for name in STATISTICS:
        assert getattr(first, name).tobytes() == getattr(second, name).tobytes(), name
    assert first.seed == second.seed
    assert fingerprint(first) == fingerprint(second)


def test_the_same_scenario_gives_the_same_result_in_a_fresh_interpreter():
    # A new process has a new hash() salt (PYTHONHASHSEED random): the seed must not depend on it.
    code = ("from tests.model.test_uncertainty import fingerprint, run; print(fingerprint(run()))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "random"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == fingerprint(run())


@pytest.mark.parametrize("change", [
    {"density_target": world()["density_target"] * np.r_[1.0 + 1e-12, np.ones(4)]},
    {"density_basis": ["sourced", "sourced", "user", "user", "user"]},
    {"deficits": "balanced"},
    {"manufacturing_share": world()["manufacturing_share"] * 0.99},
    {"theta": (4.0, 5.0)},
    {"sector_elasticity": 0.6},
    {"robot_elasticity": ROBOT_ELASTICITY_LOW.value},
    {"flows": world()["flows"] * np.r_[1.0, 1.0 + 1e-9][:, None, None]},
])
def test_a_different_scenario_gets_a_different_seed_and_different_draws(change):
    assert run(**change).seed != run().seed
    assert fingerprint(run(**change)) != fingerprint(run())


def test_the_seed_is_the_published_function_of_the_inputs():
    w = world()
    seed = scenario_seed(w["flows"], w["value_added_share"], w["manufacturing_share"], w["density_base"],
                         w["density_target"], w["density_basis"], "fixed", None, np.array(DEFAULTS.theta),
                         DEFAULTS.sector_elasticity.value, ROBOT_ELASTICITY.value, 0, DISTRIBUTIONS)
    assert run().seed == seed
    assert 0 <= seed < 2**128


def test_a_shorter_run_uses_the_first_draws_of_a_longer_one():
    # The draw count is not in the seed: stopping a 40-draw run after 20 draws gives the 20-draw run.
    calls = iter(range(10_000))
    stopped = run(40, cancelled=lambda: next(calls) >= 20)
    short = run(20)
    assert stopped.cancelled and stopped.completed == 20
    for name in ("median", "low", "high", "sign_agreement"):
        np.testing.assert_array_equal(getattr(stopped, name), getattr(short, name))


def test_an_explicit_seed_replaces_the_derived_one():
    derived = run()
    assert run(seed=derived.seed).median.tobytes() == derived.median.tobytes()
    other = run(seed=derived.seed + 1)
    assert other.seed == derived.seed + 1 and other.median.tobytes() != derived.median.tobytes()


# ---------------------------------------------------------------------------------------------
# What the result says


def test_the_point_estimate_is_solve_sectors_at_the_calibrated_parameters():
    w = world()
    a_goods = goods_productivity(w["density_base"], w["density_target"], w["manufacturing_share"],
                                 w["value_added_share"][0], ROBOT_ELASTICITY.value)
    direct = solve_sectors(w["flows"], sector_productivity(a_goods), None, DEFAULTS.theta,
                           DEFAULTS.sector_elasticity.value, w["value_added_share"], "fixed")
    point = run().output
    assert point("real_income")["point"] == pytest.approx((direct.real_income_change - 1) * 100, abs=1e-12)
    assert point("real_spending")["point"] == pytest.approx((direct.real_spending_change - 1) * 100, abs=1e-12)
    assert point("goods_export_share")["point"] == pytest.approx(
        (direct.export_share_after[0] - direct.export_share_before[0]) * 100, abs=1e-12)
    assert point("goods_trade_balance")["point"] == pytest.approx(
        direct.trade_balance_after[0] - direct.trade_balance_before[0], abs=1e-9)
    assert point("goods_domestic_share")["point"] == pytest.approx(
        (direct.domestic_share_after[0] - direct.domestic_share_before[0]) * 100, abs=1e-12)
    assert point("goods_employment_share")["point"] == pytest.approx(
        (direct.employment_share_after[0] - direct.employment_share_before[0]) * 100, abs=1e-12)


def test_a_scenario_with_no_spread_gives_the_point_estimate_with_zero_width():
    result = run(distributions=DISTRIBUTIONS.without_spread())
    for name in ("median", "low", "high"):
        np.testing.assert_array_equal(getattr(result, name), result.point)
    np.testing.assert_array_equal(result.width, 0.0)
    np.testing.assert_array_equal(result.low_se, 0.0)
    np.testing.assert_array_equal(result.sign_agreement, 1.0)
    assert np.isnan(result.mc_error_ratio).all()   # no width to compare an error with


def test_ranges_are_ordered_and_sign_agreement_is_a_share():
    result = run(200)
    assert (result.low <= result.median).all() and (result.median <= result.high).all()
    assert ((0.0 <= result.sign_agreement) & (result.sign_agreement <= 1.0)).all()
    assert (result.low_se >= 0).all() and (result.high_se >= 0).all()
    assert result.used == result.completed == result.draws == 200 and result.failed == 0
    assert not result.cancelled
    # The economies that adopt robots gain real income in every draw; the spread is real.
    income = result.output("real_income")
    assert (income["low"][:2] > 0).all() and (income["sign_agreement"][:2] == 1.0).all()
    assert (result.width[0, :2] > 0.1 * np.abs(result.point[0, :2])).all()


@st.composite
def scenarios(draw):
    n = draw(st.integers(2, 4))
    w = world(n, seed=draw(st.integers(0, 1000)))
    moves = np.array([draw(st.sampled_from([1.0, 0.5, 2.0, 5.0])) for _ in range(n)])
    w["density_target"] = w["density_base"] * moves
    w["density_basis"] = [draw(st.sampled_from(["sourced", "modeled", "user"])) for _ in range(n)]
    w["deficits"] = draw(st.sampled_from(["fixed", "balanced"]))
    return w


@PROPERTY
@given(scenarios())
def test_every_scenario_gives_ordered_ranges_and_shares(w):
    result = scenario_ranges(**w, draws=12)
    assert result.completed == result.used + result.failed == 12
    used = result.used > 0
    if used:
        assert (result.low <= result.median + 1e-12).all() and (result.median <= result.high + 1e-12).all()
    assert ((0.0 <= result.sign_agreement) & (result.sign_agreement <= 1.0)).all() or not used


def test_an_economy_left_at_its_baseline_is_not_shocked_by_its_measurement_error():
    w = world()
    w["density_target"] = w["density_base"].copy()
    w["density_basis"] = ["modeled"] * 5
    result = scenario_ranges(**w, draws=30)
    # No target moves, deficits fixed: every draw is the baseline, whatever the density errors.
    np.testing.assert_allclose(result.low, 0.0, atol=1e-6)
    np.testing.assert_allclose(result.high, 0.0, atol=1e-6)
    np.testing.assert_array_equal(result.sign_agreement, 1.0)


def test_a_modeled_baseline_is_shifted_up_so_the_move_to_a_published_target_is_smaller():
    only_density = dataclasses.replace(DISTRIBUTIONS.without_spread(),
                                       density_log_shift_modeled=DISTRIBUTIONS.density_log_shift_modeled,
                                       density_log_sd_modeled=DISTRIBUTIONS.density_log_sd_modeled,
                                       density_log_sd_sourced=DISTRIBUTIONS.density_log_sd_sourced)
    by_basis = {basis: run(100, density_basis=[basis] * 5, distributions=only_density)
                for basis in ("user", "sourced", "modeled")}
    income = {basis: result.output("real_income") for basis, result in by_basis.items()}
    np.testing.assert_array_equal(income["user"]["low"], income["user"]["point"])     # set by the user: exact
    np.testing.assert_array_equal(income["user"]["high"], income["user"]["point"])
    sourced, modeled = income["sourced"], income["modeled"]
    assert sourced["median"][:2] == pytest.approx(sourced["point"][:2], rel=0.05)      # unbiased, small
    assert (modeled["high"][:2] < modeled["point"][:2]).all()                        # one-sided: always less
    assert (modeled["median"][:2] < 0.97 * modeled["point"][:2]).all()


def test_the_table_has_a_row_per_economy_and_output():
    result = run(economies=list("ABCDE"))
    table = result.table()
    assert len(table) == 5 * len(OUTPUTS)
    assert list(table.columns[:3]) == ["economy", "output", "unit"]
    first = table[(table.economy == "B") & (table.output == "goods_export_share")].iloc[0]
    assert first["median"] == result.output("goods_export_share")["median"][1]
    assert first["unit"] == "percentage points" and first["draws_used"] == 40


def test_more_draws_give_a_smaller_monte_carlo_error():
    few, many = run(50), run(800)
    assert np.nanmedian(many.mc_error_ratio) < 0.5 * np.nanmedian(few.mc_error_ratio)
    assert np.nanmedian(many.mc_error_ratio) < 0.1


# ---------------------------------------------------------------------------------------------
# Running under a background job: progress, cancellation, failures


def test_progress_is_reported_every_k_draws_and_never_goes_back():
    calls = []
    run(40, progress=lambda done, total: calls.append((done, total)), progress_every=7)
    assert calls == [(7, 40), (14, 40), (21, 40), (28, 40), (35, 40), (40, 40)]
    default = []
    run(40, progress=lambda done, total: default.append(done))
    assert default == sorted(default) and default[-1] == 40 and len(default) == 20


def test_cancellation_stops_early_and_says_so():
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 5

    progress = []
    result = run(40, cancelled=cancelled, progress=lambda done, total: progress.append(done), progress_every=2)
    assert result.cancelled and result.completed == 5 and result.used == 5 and result.draws == 40
    assert progress == [2, 4, 5]
    cancelled_at_once = run(40, cancelled=lambda: True)
    assert cancelled_at_once.cancelled and cancelled_at_once.used == 0
    assert np.isnan(cancelled_at_once.median).all() and not np.isnan(cancelled_at_once.point).any()


def test_draws_that_do_not_converge_are_counted_and_left_out():
    real = uncertainty.solve_sectors
    seen: list[tuple[np.ndarray, bool]] = []

    def flaky(*args, **kwargs):
        result = real(*args, **kwargs)
        call = len(seen)
        failed = call > 0 and call % 3 == 0            # call 0 is the point estimate
        if failed:   # a non-equilibrium with absurd numbers: must never reach a statistic
            result = dataclasses.replace(result, converged=False, real_income_change=result.real_income_change * 1e6)
        seen.append((uncertainty._outputs(result, 0), failed))
        return result

    with mock.patch.object(uncertainty, "solve_sectors", flaky):
        result = run(30)
    kept = np.array([outputs for outputs, failed in seen[1:] if not failed])
    assert result.failed == 10 and result.used == 20 == len(kept) and result.completed == 30
    np.testing.assert_array_equal(result.median, np.quantile(kept, 0.5, axis=0))
    np.testing.assert_array_equal(result.high, np.quantile(kept, 0.95, axis=0))
    assert np.abs(result.high[0]).max() < 100   # no 1e6-fold real income got in
    agree = (np.sign(kept) == np.sign(result.point)).mean(axis=0)
    np.testing.assert_array_equal(result.sign_agreement, agree)


def test_a_point_estimate_without_equilibrium_has_no_range():
    real = uncertainty.solve_sectors
    broken = mock.patch.object(uncertainty, "solve_sectors",
                               lambda *a, **k: dataclasses.replace(real(*a, **k), converged=False))
    with broken, pytest.raises(ValueError, match="point estimate has no equilibrium"):
        run()


# ---------------------------------------------------------------------------------------------
# Malformed input


@pytest.mark.parametrize("change, message", [
    ({"draws": 1}, "draws must be an integer ≥ 2, got 1"),
    ({"draws": 2.5}, "draws must be an integer ≥ 2, got 2.5"),
    ({"draws": "many"}, "draws must be an integer ≥ 2"),
    ({"density_basis": ["sourced"] * 4}, "density_basis must have one label per economy (5), got 4"),
    ({"density_basis": "sourced"}, "density_basis must be one label per economy (5), not a single string"),
    ({"density_basis": ["sourced", "IFR", "user", "user", "user"]},
     "density_basis must be one of sourced, modeled, user; got 'IFR'"),
    ({"density_base": [1.0, 2.0]}, "density_base must have one value per economy (5), got 2"),
    ({"density_target": [np.nan, 1, 1, 1, 1]}, "density_target is missing or not finite for economy 0"),
    ({"density_base": [-1.0, 1, 1, 1, 1]}, "density_base must be positive"),
    ({"manufacturing_share": [2.0] * 5}, "manufacturing_share must be a fraction in [0, 1]"),
    ({"sector_elasticity": 1.5}, "sector_elasticity (η) must lie in (0, 1)"),
    ({"theta": -4.0}, "theta must be a positive number or one per sector (2)"),
    ({"theta": (4.0, 4.0, 4.0)}, "theta must be a positive number or one per sector (2)"),
    ({"robot_elasticity": -0.1}, "robot_elasticity (ε) must be a non-negative number"),
    ({"goods": 2}, "goods must be a sector index below 2"),
    ({"flows": np.ones((5, 5))}, "flows must have shape (sectors, economies, economies)"),
    ({"deficits": "closed"}, "deficits must be 'fixed', 'balanced' or an array"),
    ({"progress": "bar"}, "progress must be a callable or None"),
    ({"progress_every": 0}, "progress_every must be a positive integer"),
    ({"cancelled": True}, "cancelled must be a callable or None"),
    ({"seed": -1}, "seed must be None or a non-negative integer"),
    ({"distributions": {"theta": 0.3}}, "distributions must be a Distributions"),
])
def test_malformed_input_raises_a_clear_value_error(change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        run(**{"draws": 5, **change})


def test_a_negative_spread_is_refused():
    bad = dataclasses.replace(DISTRIBUTIONS, theta_log_sd=dataclasses.replace(DISTRIBUTIONS.theta_log_sd, value=-0.1))
    with pytest.raises(ValueError, match="every spread in distributions must be a non-negative number"):
        run(5, distributions=bad)


# ---------------------------------------------------------------------------------------------
# The distributions come from the cited numbers


def test_the_robot_elasticity_spread_puts_the_low_case_at_the_5th_percentile():
    sd = DISTRIBUTIONS.robot_elasticity_log_sd.value
    assert ROBOT_ELASTICITY.value * math.exp(-1.6448536269514722 * sd) == pytest.approx(ROBOT_ELASTICITY_LOW.value)
    assert "Bekhtiar" in DISTRIBUTIONS.robot_elasticity_log_sd.source


def test_the_theta_spread_is_that_of_three_central_values_in_the_literature():
    values = [value for value, _ in uncertainty.THETA_CENTRAL_VALUES]
    assert values == [2.8, 4.0, 5.0] or values == pytest.approx([2.8, 4.0, 5.0])
    assert DISTRIBUTIONS.theta_log_sd.value == pytest.approx(np.std(np.log(values), ddof=1))
    assert 0.25 < DISTRIBUTIONS.theta_log_sd.value < 0.35
    sources = " ".join(source for _, source in uncertainty.THETA_CENTRAL_VALUES)
    assert "Bajzik" in sources and "Simonovska" in sources and "Head" in sources


def test_the_density_errors_are_the_gaps_measured_in_the_data():
    from dashboard.datasets import load

    table = load.table("indicators")
    rows = table[table["year"] == 2019].set_index(["iso3", "indicator"])["value"]
    for iso3, ifr, modeled in uncertainty.IFR_AGAINST_MODELED_2019:
        assert rows[(iso3, "robot_density")] == ifr
        stock, employed = rows[(iso3, "robot_operational_stock")], rows[(iso3, "mfg_employment_thousands")]
        assert round(stock / (employed * 1000) * 10_000, 1) == modeled
    assert rows[("KOR", "robot_density")] == uncertainty.IFR_READINGS_KOREA_2019[0]
    gaps = [math.log(ifr / modeled) for _, ifr, modeled in uncertainty.IFR_AGAINST_MODELED_2019]
    assert DISTRIBUTIONS.density_log_shift_modeled.value == pytest.approx(np.mean(gaps))
    # The measured understatement, 11–21 %, is the range the shift sits in.
    assert 0.11 < 1 - math.exp(-DISTRIBUTIONS.density_log_shift_modeled.value) < 0.21
    assert DISTRIBUTIONS.density_log_sd_sourced.value == pytest.approx(math.log(868 / 855))


def test_every_distribution_carries_a_source():
    for item in dataclasses.fields(DISTRIBUTIONS):
        parameter = getattr(DISTRIBUTIONS, item.name)
        assert len(parameter.source) > 80, item.name
    assert "choice" in DISTRIBUTIONS.sector_elasticity_concentration.source


# ---------------------------------------------------------------------------------------------
# City-cluster level: nodes grouped by country


def test_each_economy_its_own_group_gives_the_ungrouped_ranges():
    """`groups` only regroups: with one economy per group, trade between groups is all trade, and the one
    density error per group is the one per economy (same seed: the same numbers)."""
    plain, grouped = run(seed=11), run(seed=11, groups=np.arange(5))
    for name in STATISTICS:
        np.testing.assert_allclose(getattr(grouped, name), getattr(plain, name), rtol=1e-9, atol=1e-12)
    assert run().seed != run(groups=np.arange(5)).seed  # a grouped scenario is another scenario


def test_nodes_of_one_country_share_its_density_error_and_trade_inside_it_is_not_export():
    """Economies 0 and 1 as two nodes of one country (the same sourced baseline, both moving): every draw
    gives both the same baseline density, and their export share counts sales outside the country only."""
    w = world()
    w["density_base"] = np.array([w["density_base"][0]] * 2 + list(w["density_base"][2:]))
    w["density_basis"] = ["sourced", "sourced", "sourced", "user", "user"]
    groups = np.array([0, 0, 1, 2, 3])
    with mock.patch.object(uncertainty, "goods_productivity", wraps=goods_productivity) as productivity:
        result = scenario_ranges(**w, draws=30, groups=groups)
    baselines = [call.args[0] for call in productivity.call_args_list[1:]]  # the first is the point estimate
    assert len(baselines) == 30 and all(b[0] == b[1] for b in baselines)
    assert len({b[0] for b in baselines}) == 30 and all(b[0] != b[2] for b in baselines)  # drawn, per country
    flows = w["flows"][0]
    abroad = groups[:, None] != groups[None, :]
    after = solve_sectors(w["flows"], sector_productivity(goods_productivity(
        w["density_base"], w["density_target"], w["manufacturing_share"], w["value_added_share"][0],
        ROBOT_ELASTICITY.value)), theta=DEFAULTS.theta, sector_elasticity=DEFAULTS.sector_elasticity.value,
        value_added_share=w["value_added_share"])
    sales, sales_after = (flows * abroad).sum(axis=1), (after.flows[0] * abroad).sum(axis=1)
    np.testing.assert_allclose(result.output("goods_export_share")["point"],
                               100 * (sales_after / sales_after.sum() - sales / sales.sum()), atol=1e-9)


def test_groups_must_share_their_baseline():
    with pytest.raises(ValueError, match="economies of group 0 must share their baseline density and its basis"):
        run(groups=np.array([0, 0, 1, 2, 3]))
    with pytest.raises(ValueError, match=r"groups must be one non-negative integer per economy \(5\)"):
        run(groups=[0, 1])
