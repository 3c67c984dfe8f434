"""A modeled baseline of trade between places: gravity on GDP and great-circle distance, then RAS.

Pure, deterministic functions (numpy only; a DataFrame in gives a DataFrame out in `ras_fit`).

* `great_circle_km`: haversine distances between points on a sphere of the Earth's mean radius.
* `internal_distance_km`: the distance a place "trades with itself" over, for the diagonal.
* `gravity_matrix`: X_ij ∝ GDP_i · GDP_j / d_ij^ε with ε (the distance elasticity) near 1.
* `ras_fit`: biproportional (RAS / iterative proportional) fitting of a prior matrix to row and
  column totals, optionally keeping some cells at given values, so a modeled matrix can be made
  to match sourced exports and imports.

Sources
-------
* Distance elasticity: Head, K. & Mayer, T. (2014), "Gravity Equations: Workhorse, Toolkit, and
  Cookbook", Handbook of International Economics vol. 4, ch. 3, pp. 131–195 — the meta-analysis of
  published gravity estimates puts the distance elasticity close to −1 (companion site:
  https://sites.google.com/site/hiegravity/). We use 1.0 by default.
* Internal distance: CEPII GeoDist (Mayer, T. & Zignago, S. (2011), "Notes on CEPII's distances
  measures: the GeoDist database", CEPII WP 2011-25; Head & Mayer 2002) uses
  d_ii = 0.67 · sqrt(area / π): two thirds of the radius of a disc with the place's area, which is
  the mean distance from the centre of a disc to points spread uniformly over it. Without an area,
  we follow Wei (1996, NBER WP 5531, "Intra-national versus international trade"): a quarter of the
  distance to the nearest other place.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.model.anderson import AndersonMixer

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088
#: Distance elasticity of trade; Head & Mayer (2014) meta-analysis: close to 1 in absolute value.
DEFAULT_DISTANCE_ELASTICITY = 1.0
#: d_ii = INTERNAL_DISTANCE_FACTOR · sqrt(area / π) (CEPII GeoDist; Head & Mayer 2002).
INTERNAL_DISTANCE_FACTOR = 0.67
#: Without an area: d_ii = NEAREST_NEIGHBOUR_FACTOR · distance to the nearest other place (Wei 1996).
NEAREST_NEIGHBOUR_FACTOR = 0.25


def _vector(values, name: str) -> np.ndarray:
    array = np.asarray(values.to_numpy() if isinstance(values, (pd.Series, pd.Index)) else values,
                       dtype=float).reshape(-1)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains a missing or non-finite value")
    return array


def great_circle_km(lat, lon) -> np.ndarray:
    """N×N great-circle (haversine) distances in km between points given in decimal degrees.

    lat in [−90, 90], lon in [−180, 360); the diagonal is 0. Symmetric; accurate to ~0.5 % (sphere).
    """
    lat, lon = _vector(lat, "lat"), _vector(lon, "lon")
    if lat.shape != lon.shape:
        raise ValueError(f"lat and lon must have the same length, got {lat.size} and {lon.size}")
    if (np.abs(lat) > 90).any():
        raise ValueError("lat must be in degrees between -90 and 90")
    phi, lam = np.radians(lat), np.radians(lon)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    np.fill_diagonal(distance, 0.0)
    return distance


def internal_distance_km(area_km2=None, distances_km=None) -> np.ndarray:
    """Internal ("own") distance in km per place, for the diagonal of a gravity matrix.

    With `area_km2`: 0.67 · sqrt(area / π) (CEPII GeoDist; Head & Mayer 2002).
    Otherwise from `distances_km` (N×N, as from `great_circle_km`): 0.25 × distance to the nearest
    other place (Wei 1996). Limits: both are rough; they set how much a place buys from itself, not
    any observed flow.
    """
    if area_km2 is not None:
        area = _vector(area_km2, "area_km2")
        if (area <= 0).any():
            raise ValueError("area_km2 must be positive (square kilometres)")
        return INTERNAL_DISTANCE_FACTOR * np.sqrt(area / np.pi)
    if distances_km is None:
        raise ValueError("internal_distance_km needs area_km2 or distances_km")
    distances = np.asarray(distances_km, dtype=float)
    n = distances.shape[0]
    if distances.shape != (n, n) or n < 2:
        raise ValueError(f"distances_km must be a square matrix of at least 2 places, got shape {distances.shape}")
    off = distances + np.diag(np.full(n, np.inf))
    nearest = off.min(axis=1)
    if not (nearest > 0).all():
        raise ValueError("two places share a location (zero distance); merge them or give area_km2")
    return NEAREST_NEIGHBOUR_FACTOR * nearest


def gravity_matrix(gdp, lat, lon, distance_elasticity: float = DEFAULT_DISTANCE_ELASTICITY,
                   area_km2=None, internal_km=None) -> np.ndarray:
    """Modeled N×N flows X[i, j] (exporter i, importer j) = GDP_i · GDP_j · d_ij^(−ε), rescaled.

    gdp: positive, any currency unit (the result is in the same unit). lat/lon: decimal degrees.
    distance_elasticity ε > 0 (default 1.0, Head & Mayer 2014). The diagonal uses the internal
    distance: `internal_km` if given, else from `area_km2`, else a quarter of the distance to the
    nearest other place (see `internal_distance_km`). The matrix is rescaled so its total equals
    the total GDP; it is non-negative with a positive diagonal. This is a *modeled* prior, with no
    border or other frictions; fit it to sourced totals with `ras_fit`.
    """
    gdp = _vector(gdp, "gdp")
    distances = great_circle_km(lat, lon)
    if distances.shape[0] != gdp.size:
        raise ValueError(f"gdp, lat and lon must have the same length, got {gdp.size} and {distances.shape[0]}")
    if gdp.size < 2:
        raise ValueError("a gravity matrix needs at least 2 places")
    if internal_km is not None:
        internal = _vector(internal_km, "internal_km")
        if internal.shape != gdp.shape or (internal <= 0).any():
            raise ValueError("internal_km must be positive, one value per place")
    else:
        internal = internal_distance_km(area_km2=area_km2, distances_km=distances)
        if internal.shape != gdp.shape:
            raise ValueError("area_km2 must have one value per place")
    np.fill_diagonal(distances, internal)
    return gravity_from_distances(gdp, distances, distance_elasticity)


def gravity_from_distances(gdp, distances_km, distance_elasticity: float = DEFAULT_DISTANCE_ELASTICITY
                           ) -> np.ndarray:
    """X[i, j] = GDP_i · GDP_j · d_ij^(−ε) for a given N×N distance matrix (diagonal = internal
    distances), rescaled so the total equals the total GDP. For places that are not points (an
    aggregate such as the rest of the world), pass effective distances (see `effective_distance_km`).
    """
    gdp = _vector(gdp, "gdp")
    distances = np.asarray(distances_km, dtype=float)
    if distances.shape != (gdp.size, gdp.size):
        raise ValueError(f"distances_km must be {gdp.size}×{gdp.size}, got shape {distances.shape}")
    if (gdp <= 0).any():
        raise ValueError("gdp must be positive for every place")
    if not np.isfinite(distance_elasticity) or distance_elasticity <= 0:
        raise ValueError(f"distance_elasticity must be positive, got {distance_elasticity}")
    if not np.isfinite(distances).all() or not (distances > 0).all():
        raise ValueError("two places share a location (zero distance); merge them first")
    flows = np.outer(gdp, gdp) * distances ** (-distance_elasticity)
    return flows * (gdp.sum() / flows.sum())


def effective_distance_km(distances_km, weights_from=None, weights_to=None,
                          distance_elasticity: float = DEFAULT_DISTANCE_ELASTICITY) -> float:
    """The one distance between two groups of places that gives the same gravity flow as the
    places themselves: d_eff = (Σ_k Σ_l w_k w_l d_kl^(−ε))^(−1/ε), with weights w normalised to 1
    (Head & Mayer 2002, "Illusory border effects", CEPII WP 2002-01: the effective-distance
    measure GeoDist's `distw` family generalises). distances_km: K×L, all positive.
    """
    distances = np.asarray(distances_km, dtype=float)
    if distances.ndim != 2 or not (distances > 0).all() or not np.isfinite(distances).all():
        raise ValueError("distances_km must be a 2-D matrix of positive distances")
    k, l = distances.shape
    w_from = np.full(k, 1.0 / k) if weights_from is None else _vector(weights_from, "weights_from")
    w_to = np.full(l, 1.0 / l) if weights_to is None else _vector(weights_to, "weights_to")
    if w_from.shape != (k,) or w_to.shape != (l,) or (w_from < 0).any() or (w_to < 0).any() \
            or w_from.sum() <= 0 or w_to.sum() <= 0:
        raise ValueError("weights must be non-negative, one per place, and not all zero")
    w_from, w_to = w_from / w_from.sum(), w_to / w_to.sum()
    return float((w_from @ distances ** (-distance_elasticity) @ w_to) ** (-1.0 / distance_elasticity))


_DIVERGED = 230.0       # |log scale| this large (e^230 ≈ 1e100): the targets cannot be met
_STALL_WINDOW = 200     # RAS stops if the error fell by less than 0.1 % over this many sweeps


def _scale(free: np.ndarray, row_target: np.ndarray, col_target: np.ndarray, scale: float, tol: float,
           max_iter: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Row and column scales r, c with r_i Σ_j free_ij c_j = row_target_i and the same for columns.

    The classic RAS sweep (c ← col_target / (free.T r) after r ← row_target / (free c)) converges
    linearly and can need 10,000s of sweeps when off-diagonal cells are tiny next to the diagonal,
    as in gravity priors; Anderson mixing on log c (dashboard.model.anderson, restarted from the best point when a
    mixed step is much worse) brings that to tens. Rows and columns with a zero target get scale 0.
    """
    rows, cols = row_target > 0, col_target > 0
    block = free[np.ix_(rows, cols)]
    targets_r, targets_c = row_target[rows], col_target[cols]
    log_targets_c = np.log(targets_c)

    def sweep(log_c: np.ndarray):
        c = np.exp(log_c)
        r = targets_r / (block @ c)
        sums = r @ block
        target = log_targets_c - np.log(sums)
        # (r, c) and (r·k, c/k) are the same fit: pin the scale so the mixing sees no flat direction.
        return target - target.mean(), np.abs(c * sums - targets_c).max() / scale, r, c

    log_c = np.zeros(targets_c.size)
    best = (np.inf, np.zeros(targets_r.size), np.ones(targets_c.size), log_c)
    mixer = AndersonMixer()
    checkpoint, iteration, restarts = np.inf, 0, 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for iteration in range(1, max_iter + 1):
            target, error, r, c = sweep(log_c)
            sound = np.isfinite(error) and np.isfinite(target).all() and np.abs(log_c).max() < _DIVERGED
            if not sound or error > 1e3 * best[0]:
                if not mixer:
                    break  # a plain sweep fails: the scales diverge, the targets cannot be met
                restarts += 1  # a mixed step went wrong: back to the best point, plain sweeps
                mixer.reset()
                log_c = best[3]
                continue
            if error < best[0]:
                best = (error, r, c, log_c)
            if error < tol:
                break
            if iteration % _STALL_WINDOW == 0:
                if best[0] > 0.999 * checkpoint:
                    if restarts > 10:
                        break  # plain sweeps make no progress: infeasible; report, don't spin
                    # Mixing stagnates (seen on badly scaled feasible problems): plain sweeps from
                    # the best point, which converge whenever the targets can be met.
                    restarts = 11
                    mixer.reset()
                    log_c = best[3]
                    checkpoint = np.inf
                    continue
                checkpoint = best[0]
            residual = target - log_c
            if restarts > 10:  # mixing keeps failing: plain RAS sweeps (slow but monotone)
                log_c = target
                continue
            log_c = mixer.step(log_c, residual)
    _, r_best, c_best, _ = best
    r_full, c_full = np.zeros(row_target.size), np.zeros(col_target.size)
    if np.isfinite(r_best).all() and np.isfinite(c_best).all():
        r_full[rows], c_full[cols] = r_best, c_best
    return r_full, c_full, iteration


class RasFit(NamedTuple):
    """Result of `ras_fit`: the fitted matrix and how the fit went (unpacks as a tuple)."""

    matrix: np.ndarray | pd.DataFrame
    converged: bool
    iterations: int
    max_error: float  # largest |row or column sum − target|, relative to the grand total


def ras_fit(prior, row_totals, col_totals, fixed=None, tol: float = 1e-10,
            max_iter: int = 10_000) -> RasFit:
    """Biproportional (RAS) fitting: scale rows and columns of `prior` to the given totals.

    prior: N×M non-negative (array or DataFrame; a DataFrame comes back labelled alike).
    row_totals (N), col_totals (M): non-negative targets in the prior's unit; their sums must agree
    (relative 1e-9). fixed: optional N×M boolean mask of cells kept at their prior values (e.g.
    sourced domestic sales); only the other cells are scaled. Zeros in the prior stay zero.
    Stops when every row and column sum is within `tol` × grand total of its target, or when the
    fit stalls or its scales diverge (targets that zeros or fixed cells make impossible): then
    converged is False and max_error says how far off the returned matrix is.
    Raises ValueError when the targets are inconsistent or cannot be met (a positive target whose
    free cells are all zero, or fixed cells exceeding a target).
    """
    labelled = isinstance(prior, pd.DataFrame)
    matrix = np.asarray(prior.to_numpy() if labelled else prior, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"prior must be a 2-D matrix, got shape {matrix.shape}")
    if not np.isfinite(matrix).all() or (matrix < 0).any():
        raise ValueError("prior must be finite and non-negative")
    rows, cols = _vector(row_totals, "row_totals"), _vector(col_totals, "col_totals")
    if rows.shape != (matrix.shape[0],) or cols.shape != (matrix.shape[1],):
        raise ValueError(f"row_totals and col_totals must match the prior's shape {matrix.shape}, "
                         f"got {rows.size} and {cols.size}")
    if (rows < 0).any() or (cols < 0).any():
        raise ValueError("row_totals and col_totals must be non-negative")
    total = rows.sum()
    if not np.isclose(total, cols.sum(), rtol=1e-9, atol=0.0):
        raise ValueError(f"row_totals sum to {total:.6g} but col_totals sum to {cols.sum():.6g}; they must agree")
    mask = np.zeros(matrix.shape, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    if mask.shape != matrix.shape:
        raise ValueError(f"fixed must have the prior's shape {matrix.shape}, got {mask.shape}")
    kept = np.where(mask, matrix, 0.0)
    free = np.where(mask, 0.0, matrix)
    row_target = rows - kept.sum(axis=1)
    col_target = cols - kept.sum(axis=0)
    scale = max(total, np.finfo(float).tiny)
    if (row_target < -1e-9 * scale).any() or (col_target < -1e-9 * scale).any():
        raise ValueError("fixed cells exceed a row or column total")
    row_target, col_target = np.maximum(row_target, 0.0), np.maximum(col_target, 0.0)
    empty_rows = (free.sum(axis=1) == 0) & (row_target > tol * scale)
    empty_cols = (free.sum(axis=0) == 0) & (col_target > tol * scale)
    if empty_rows.any() or empty_cols.any():
        kind, index = ("row", np.flatnonzero(empty_rows)[0]) if empty_rows.any() else \
            ("column", np.flatnonzero(empty_cols)[0])
        raise ValueError(f"{kind} {index} has a positive target but no free non-zero cell to scale")

    r, c, iteration = _scale(free, row_target, col_target, scale, tol, max_iter)
    with np.errstate(over="ignore", invalid="ignore"):
        fitted = kept + r[:, None] * free * c[None, :]
    error = max(np.abs(fitted.sum(axis=1) - rows).max(), np.abs(fitted.sum(axis=0) - cols).max()) / scale
    converged = bool(np.isfinite(fitted).all() and error < tol)
    if labelled:
        fitted = pd.DataFrame(fitted, index=prior.index, columns=prior.columns)
    return RasFit(fitted, converged, iteration, float(error))
