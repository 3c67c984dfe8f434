"""Gravity baseline for city clusters: distances, the gravity prior and RAS fitting."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from dashboard.model import gravity_matrix, great_circle_km, internal_distance_km, ras_fit, solve_scenario
from dashboard.model.gravity import EARTH_RADIUS_KM


@st.composite
def places(draw, n_min: int = 2, n_max: int = 8):
    n = draw(st.integers(n_min, n_max))
    # Latitudes on a 0.01° grid, all different: distinct places at least ~1 km apart.
    lat = draw(arrays(float, n, elements=st.integers(-8000, 8000).map(lambda x: x / 100), unique=True))
    lon = draw(arrays(float, n, elements=st.floats(-179, 179)))
    gdp = draw(arrays(float, n, elements=st.floats(0.1, 1e4)))
    return gdp, lat, lon


def test_great_circle_distances_match_known_values():
    # London–Paris about 344 km; a quarter of the equator; antipodes.
    d = great_circle_km([51.5074, 48.8566, 0.0, 0.0, 0.0], [-0.1278, 2.3522, 0.0, 90.0, 180.0])
    assert d[0, 1] == pytest.approx(343.5, rel=0.01)
    assert d[2, 3] == pytest.approx(math.pi / 2 * EARTH_RADIUS_KM, rel=1e-12)
    assert d[2, 4] == pytest.approx(math.pi * EARTH_RADIUS_KM, rel=1e-12)
    # Beijing–Shanghai about 1,070 km.
    assert great_circle_km([39.9042, 31.2304], [116.4074, 121.4737])[0, 1] == pytest.approx(1067, rel=0.01)


@given(places(n_min=3))
@settings(max_examples=40, deadline=None)
def test_distances_are_a_metric_on_the_sphere(case):
    _, lat, lon = case
    d = great_circle_km(lat, lon)
    np.testing.assert_array_equal(np.diag(d), 0.0)
    np.testing.assert_allclose(d, d.T, atol=1e-9)
    assert (d >= 0).all() and (d <= math.pi * EARTH_RADIUS_KM + 1e-6).all()
    # Triangle inequality through every third place.
    assert (d[:, None, :] <= d[:, :, None] + d[None, :, :] + 1e-6).all()


def test_internal_distance_from_area_and_from_the_nearest_neighbour():
    np.testing.assert_allclose(internal_distance_km(area_km2=[math.pi, 100 * math.pi]), [0.67, 6.7])
    d = great_circle_km([0.0, 0.0, 0.0], [0.0, 1.0, 3.0])
    np.testing.assert_allclose(internal_distance_km(distances_km=d), 0.25 * np.array([d[0, 1], d[0, 1], d[1, 2]]))


@given(places())
@settings(max_examples=40, deadline=None)
def test_gravity_matrix_is_non_negative_with_a_positive_diagonal_and_gravity_shape(case):
    gdp, lat, lon = case
    flows = gravity_matrix(gdp, lat, lon)
    assert flows.shape == (len(gdp), len(gdp))
    assert (flows >= 0).all() and (np.diag(flows) > 0).all()
    assert flows.sum() == pytest.approx(gdp.sum(), rel=1e-9)
    np.testing.assert_allclose(flows, flows.T, rtol=1e-9)
    # X_ij / X_ik = (GDP_j / GDP_k) · (d_ik / d_ij)^ε, here with ε = 1.
    d = great_circle_km(lat, lon)
    if len(gdp) >= 3 and d[0, 1] > 1 and d[0, 2] > 1:
        assert flows[0, 1] / flows[0, 2] == pytest.approx(gdp[1] / gdp[2] * d[0, 2] / d[0, 1], rel=1e-9)
    np.testing.assert_array_equal(gravity_matrix(gdp, lat, lon), flows)  # deterministic


def test_a_larger_distance_elasticity_localises_trade():
    gdp, lat, lon = [3.0, 2.0, 1.0], [30.0, 31.0, 40.0], [110.0, 121.0, 116.0]
    near, far = gravity_matrix(gdp, lat, lon, 0.5), gravity_matrix(gdp, lat, lon, 1.5)
    domestic = lambda m: np.diag(m) / m.sum(axis=0)  # noqa: E731
    assert (domestic(far) > domestic(near)).all()
    with_area = gravity_matrix(gdp, lat, lon, area_km2=[6000.0, 6000.0, 16000.0])
    assert np.diag(with_area).argmax() == 0


@st.composite
def fitting_problems(draw):
    n, m = draw(st.integers(2, 6)), draw(st.integers(2, 6))
    prior = draw(arrays(float, (n, m), elements=st.floats(0.01, 100.0)))
    rows = draw(arrays(float, n, elements=st.floats(1.0, 100.0)))
    cols = draw(arrays(float, m, elements=st.floats(1.0, 100.0)))
    return prior, rows, cols * rows.sum() / cols.sum()


@given(fitting_problems())
@settings(max_examples=40, deadline=None)
@example((np.array([[29, 1 / 32, 1 / 32, 1 / 32], [1 / 32, 1 / 32, 2, 2], [1 / 32, 1 / 32, 5, 1 / 32],
                    [1 / 32, 1 / 32, 46, 1 / 32]]), np.full(4, 2.0), np.array([20, 1, 88, 1.0]) * 8 / 110))
def test_ras_matches_the_totals_and_stays_biproportional(problem):
    prior, rows, cols = problem
    fitted, converged, iterations, error = ras_fit(prior, rows, cols)
    assert converged and error < 1e-10 and iterations >= 1, (converged, error, iterations)
    np.testing.assert_allclose(fitted.sum(axis=1), rows, atol=1e-9 * rows.sum())
    np.testing.assert_allclose(fitted.sum(axis=0), cols, atol=1e-9 * rows.sum())
    ratio = fitted / prior  # = r_i c_j: rank one
    np.testing.assert_allclose(ratio * ratio[0, 0], np.outer(ratio[:, 0], ratio[0, :]), rtol=1e-8)


@given(fitting_problems())
@settings(max_examples=30, deadline=None)
def test_ras_keeps_fixed_cells(problem):
    prior, rows, cols = problem
    n, m = prior.shape
    fixed = np.zeros((n, m), dtype=bool)
    fixed[0, 0] = True
    prior = prior.copy()
    prior[0, 0] = 0.5 * min(rows[0], cols[0])
    fit = ras_fit(prior, rows, cols, fixed=fixed)
    assert fit.matrix[0, 0] == prior[0, 0]
    if fit.converged:
        np.testing.assert_allclose(fit.matrix.sum(axis=1), rows, atol=1e-9 * rows.sum())
    else:  # when the other cells cannot absorb it, say so rather than pretend
        assert fit.max_error >= 1e-10 and np.isfinite(fit.matrix).all()


def test_ras_keeps_zeros_and_labels():
    prior = pd.DataFrame([[1.0, 0.0, 2.0], [3.0, 4.0, 0.0], [0.0, 5.0, 6.0]], index=list("ABC"), columns=list("ABC"))
    fit = ras_fit(prior, [4.0, 8.0, 12.0], [5.0, 9.0, 10.0])
    assert isinstance(fit.matrix, pd.DataFrame) and list(fit.matrix.index) == list("ABC")
    assert fit.converged
    assert (fit.matrix.to_numpy()[prior.to_numpy() == 0] == 0).all()
    np.testing.assert_allclose(fit.matrix.sum(axis=1), [4.0, 8.0, 12.0])


@pytest.mark.parametrize("kwargs, message", [
    (dict(prior=np.ones((2, 2)), row_totals=[1.0, 1.0], col_totals=[1.0, 2.0]),
     "row_totals sum to 2 but col_totals sum to 3; they must agree"),
    (dict(prior=np.ones((2, 2)), row_totals=[1.0, 1.0, 1.0], col_totals=[1.0, 2.0]),
     "row_totals and col_totals must match the prior's shape (2, 2), got 3 and 2"),
    (dict(prior=-np.ones((2, 2)), row_totals=[1.0, 1.0], col_totals=[1.0, 1.0]),
     "prior must be finite and non-negative"),
    (dict(prior=np.array([[0.0, 0.0], [1.0, 1.0]]), row_totals=[1.0, 1.0], col_totals=[1.0, 1.0]),
     "row 0 has a positive target but no free non-zero cell to scale"),
    (dict(prior=np.array([[5.0, 1.0], [1.0, 1.0]]), row_totals=[2.0, 2.0], col_totals=[2.0, 2.0],
          fixed=np.array([[True, False], [False, False]])), "fixed cells exceed a row or column total"),
])
def test_ras_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        ras_fit(**kwargs)


@pytest.mark.parametrize("call, message", [
    (lambda: great_circle_km([0.0, 95.0], [0.0, 0.0]), "lat must be in degrees between -90 and 90"),
    (lambda: great_circle_km([0.0, 1.0], [0.0]), "lat and lon must have the same length, got 2 and 1"),
    (lambda: gravity_matrix([1.0, -1.0], [0.0, 1.0], [0.0, 1.0]), "gdp must be positive for every place"),
    (lambda: gravity_matrix([1.0, 1.0], [0.0, 0.0], [0.0, 0.0]),
     "two places share a location (zero distance); merge them or give area_km2"),
    (lambda: gravity_matrix([1.0, 1.0], [0.0, 1.0], [0.0, 1.0], distance_elasticity=0.0),
     "distance_elasticity must be positive, got 0.0"),
    (lambda: internal_distance_km(area_km2=[0.0]), "area_km2 must be positive (square kilometres)"),
])
def test_gravity_bad_input(call, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()


def test_a_gravity_baseline_fitted_to_sourced_totals_runs_through_the_solver():
    """The intended pipeline: gravity prior → RAS to exports/imports with domestic sales fixed → model."""
    gdp = np.array([5.0, 3.0, 2.0, 1.0])
    flows = gravity_matrix(gdp, [31.2, 39.9, 22.5, 30.6], [121.5, 116.4, 114.1, 114.3])
    exports, imports = np.array([1.0, 0.8, 0.6, 0.3]), np.array([0.9, 0.7, 0.7, 0.4])
    domestic = gdp - exports
    prior = flows.copy()
    np.fill_diagonal(prior, domestic)
    fit = ras_fit(prior, domestic + exports, domestic + imports, fixed=np.eye(4, dtype=bool))
    assert fit.converged
    np.testing.assert_array_equal(np.diag(fit.matrix), domestic)
    result = solve_scenario(fit.matrix, [1.05, 1.0, 1.0, 1.0])
    assert result.converged and result.export_share_after[0] > result.export_share_before[0]


def test_effective_distance_of_one_place_is_its_distance():
    from dashboard.model.gravity import effective_distance_km
    assert effective_distance_km([[1000.0]]) == pytest.approx(1000.0)


def test_effective_distance_is_the_weighted_harmonic_mean_for_unit_elasticity():
    from dashboard.model.gravity import effective_distance_km
    # Gravity flows add up: half the partner mass at 1,000 km and half at 4,000 km trade like one at 1,600 km.
    assert effective_distance_km([[1000.0, 4000.0]], None, [1, 1]) == pytest.approx(1600.0)
    assert effective_distance_km([[1000.0, 4000.0]], None, [1, 0]) == pytest.approx(1000.0)
    with pytest.raises(ValueError, match="positive distances"):
        effective_distance_km([[0.0, 1.0]])


def test_gravity_from_distances_checks_its_shape():
    from dashboard.model.gravity import gravity_from_distances
    with pytest.raises(ValueError, match="must be 2×2"):
        gravity_from_distances([1.0, 2.0], np.ones((3, 3)))
