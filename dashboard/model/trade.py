"""Eaton–Kortum (2002) solved in changes: "exact hat algebra" (Dekle, Eaton & Kortum 2007).

Notation (see the methods page): flows X[i, j] from exporter i to importer j, domestic sales on the
diagonal; income Y_i = sum_j X_ij, expenditure E_j = sum_i X_ij, deficit D_j = E_j - Y_j, shares
pi_ij = X_ij / E_j. A scenario changes productivity (A_hat) and trade costs (tau_hat); the solver
finds wage changes w_hat such that every economy's income equals the world's spending on it, with
deficits fixed in levels and world income as the numeraire.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

EQUILIBRIA = ("general", "partial")
TOLERANCE = 1e-10          # market clearing, relative to world income
MAX_ITERATIONS = 10_000


@dataclass(frozen=True)
class ScenarioResult:
    """Outcome of one scenario. Arrays are labelled (pandas) when the input flows were labelled.

    Hat values are ratios new/old (1.0 = unchanged). Shares are fractions (0–1).
    """

    flows: pd.DataFrame | np.ndarray
    wage_change: pd.Series | np.ndarray
    price_change: pd.Series | np.ndarray
    welfare_change: pd.Series | np.ndarray
    export_share_before: pd.Series | np.ndarray
    export_share_after: pd.Series | np.ndarray
    domestic_share_before: pd.Series | np.ndarray
    domestic_share_after: pd.Series | np.ndarray
    export_rank_before: pd.Series | np.ndarray
    export_rank_after: pd.Series | np.ndarray
    converged: bool
    iterations: int
    labels: tuple[str, ...] | None = field(default=None, repr=False)

    def summary(self) -> pd.DataFrame:
        """One row per economy: shares in percent, changes in percentage points, hats as percent changes."""
        labels = list(self.labels) if self.labels is not None else list(range(len(np.asarray(self.wage_change))))

        def arr(x):
            return np.asarray(x, dtype=float)

        return pd.DataFrame({
            "economy": labels,
            "export_share_before_pct": arr(self.export_share_before) * 100,
            "export_share_after_pct": arr(self.export_share_after) * 100,
            "export_share_change_pp": (arr(self.export_share_after) - arr(self.export_share_before)) * 100,
            "domestic_share_before_pct": arr(self.domestic_share_before) * 100,
            "domestic_share_after_pct": arr(self.domestic_share_after) * 100,
            "domestic_share_change_pp": (arr(self.domestic_share_after) - arr(self.domestic_share_before)) * 100,
            "wage_change_pct": (arr(self.wage_change) - 1) * 100,
            "price_change_pct": (arr(self.price_change) - 1) * 100,
            "welfare_change_pct": (arr(self.welfare_change) - 1) * 100,
            "rank_before": np.asarray(self.export_rank_before, dtype=int),
            "rank_after": np.asarray(self.export_rank_after, dtype=int),
        })


def _as_matrix(flows) -> tuple[np.ndarray, tuple[str, ...] | None]:
    if isinstance(flows, pd.DataFrame):
        if list(flows.index) != list(flows.columns):
            raise ValueError("flows must have the same economies, in the same order, as rows and columns")
        labels = tuple(str(x) for x in flows.index)
        matrix = flows.to_numpy(dtype=float)
    else:
        labels = None
        matrix = np.asarray(flows, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 2:
        raise ValueError(f"flows must be a square matrix of at least 2 economies, got shape {matrix.shape}")
    if not np.isfinite(matrix).all():
        raise ValueError("flows contain a missing or non-finite value")
    if (matrix < 0).any():
        i, j = np.argwhere(matrix < 0)[0]
        raise ValueError(f"flows contain a negative value at exporter {_name(labels, i)}, importer {_name(labels, j)}")
    empty = np.flatnonzero(np.diag(matrix) <= 0)
    if empty.size:
        raise ValueError(f"economy {_name(labels, empty[0])} has no domestic sales (diagonal must be positive)")
    return matrix, labels


def _name(labels, index) -> str:
    return labels[index] if labels is not None else str(int(index))


def _vector(value, n: int, name: str, default: float = 1.0) -> np.ndarray:
    if value is None:
        return np.full(n, default)
    vector = np.asarray(value.to_numpy() if isinstance(value, pd.Series) else value, dtype=float).reshape(-1)
    if vector.shape != (n,):
        raise ValueError(f"{name} must have one value per economy ({n}), got {vector.size}")
    if not np.isfinite(vector).all() or (vector <= 0).any():
        raise ValueError(f"{name} must be positive and finite (1.0 = unchanged)")
    return vector


def _matrix(value, n: int, name: str) -> np.ndarray:
    if value is None:
        return np.ones((n, n))
    matrix = np.asarray(value.to_numpy() if isinstance(value, pd.DataFrame) else value, dtype=float)
    if matrix.shape != (n, n):
        raise ValueError(f"{name} must be {n}×{n}, got shape {matrix.shape}")
    if np.isnan(matrix).any() or (matrix <= 0).any():
        raise ValueError(f"{name} must be positive (1.0 = unchanged; inf = prohibitive)")
    return matrix


def _ranks(shares: np.ndarray) -> np.ndarray:
    """1 = largest share; ties broken by position (stable)."""
    order = np.argsort(-shares, kind="stable")
    ranks = np.empty_like(order)
    ranks[order] = np.arange(1, len(shares) + 1)
    return ranks


def _export_shares(flows: np.ndarray) -> np.ndarray:
    exports = flows.sum(axis=1) - np.diag(flows)
    total = exports.sum()
    return exports / total if total > 0 else np.zeros_like(exports)


def _solve_wages(new_shares, income: np.ndarray, deficit: np.ndarray, theta: float):
    """Wage changes that clear every market: Newton's method in log wages with the analytic Jacobian.

    Residual F_i = sum_j pi'_ij (w_j Y_j + D_j) - w_i Y_i. By Walras' law the F_i sum to zero, so the
    last equation is replaced by the numeraire sum_i w_i Y_i = sum_i Y_i. A backtracking line search
    keeps each step from overshooting; Newton converges in a handful of steps even for near-autarky.
    """
    world = income.sum()
    log_w = np.zeros(len(income))

    def residual(log_w):
        w_hat = np.exp(log_w)
        pi_new, _ = new_shares(w_hat)
        spending = w_hat * income + deficit
        demand = pi_new @ spending
        value = demand - w_hat * income
        value[-1] = (w_hat * income).sum() - world
        return value, w_hat, pi_new, spending, demand

    value, w_hat, pi_new, spending, demand = residual(log_w)
    gap = np.abs(value).max() / world
    for iteration in range(1, MAX_ITERATIONS + 1):
        if gap < TOLERANCE:
            return w_hat, iteration - 1, True, gap
        wy = w_hat * income
        jacobian = theta * (pi_new * spending) @ pi_new.T + pi_new * wy[None, :]
        jacobian[np.diag_indices_from(jacobian)] -= theta * demand + wy
        jacobian[-1] = wy
        try:
            step = np.linalg.solve(jacobian, -value)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(jacobian, -value, rcond=None)[0]
        size = 1.0
        while size > 1e-8:
            candidate = residual(log_w + size * step)
            new_gap = np.abs(candidate[0]).max() / world
            if np.isfinite(new_gap) and new_gap < gap:
                break
            size /= 2
        else:
            # Newton cannot improve (a nearly singular Jacobian): finish with the slower but
            # globally stable damped fixed point from where Newton stopped.
            return _damped_fixed_point(new_shares, income, deficit, theta, w_hat, iteration)
        log_w = log_w + size * step
        value, w_hat, pi_new, spending, demand = candidate
        gap = new_gap
    return w_hat, MAX_ITERATIONS, gap < TOLERANCE, gap


def _damped_fixed_point(new_shares, income, deficit, theta, w_hat, done: int):
    """The textbook iteration w <- w (demand / income)^(1/(1+theta)), renormalised to the numeraire."""
    world = income.sum()
    step = 1.0 / (1.0 + theta)
    gap = np.inf
    for iteration in range(done + 1, MAX_ITERATIONS + 1):
        w_hat = w_hat * world / (w_hat * income).sum()
        pi_new, _ = new_shares(w_hat)
        demand = pi_new @ (w_hat * income + deficit)
        gap = np.abs(demand - w_hat * income).max() / world
        if gap < TOLERANCE:
            return w_hat, iteration, True, gap
        w_hat = w_hat * (demand / (w_hat * income)) ** step
    return w_hat, MAX_ITERATIONS, False, gap


def solve_scenario(flows, productivity_change=None, trade_cost_change=None, theta: float = 4.0,
                   equilibrium: str = "general") -> ScenarioResult:
    """Solve the Eaton–Kortum model in changes for a productivity and/or trade-cost scenario.

    flows: N×N non-negative (array or DataFrame labelled by economy), domestic sales on the diagonal.
    productivity_change: Â per economy (1.0 = unchanged). trade_cost_change: τ̂ N×N (1.0 = unchanged).
    theta: trade elasticity (> 0). equilibrium: "general" (wages adjust) or "partial" (ŵ = 1).
    Raises ValueError on bad input; warns and sets converged=False if the solver does not converge.
    """
    matrix, labels = _as_matrix(flows)
    n = matrix.shape[0]
    if not np.isfinite(theta) or theta <= 0:
        raise ValueError(f"theta (the trade elasticity) must be positive, got {theta}")
    if equilibrium not in EQUILIBRIA:
        raise ValueError(f"equilibrium must be one of {', '.join(EQUILIBRIA)}, got {equilibrium!r}")
    a_hat = _vector(productivity_change, n, "productivity_change")
    tau_hat = _matrix(trade_cost_change, n, "trade_cost_change")

    income = matrix.sum(axis=1)
    spending = matrix.sum(axis=0)
    deficit = spending - income
    shares = matrix / spending
    # Everything that does not change across iterations: pi_ij tau_ij^-theta A_i^theta.
    with np.errstate(divide="ignore"):
        base = shares * tau_hat ** (-theta) * (a_hat ** theta)[:, None]

    def new_shares(w_hat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        weighted = base * (w_hat ** (-theta))[:, None]
        denominator = weighted.sum(axis=0)
        return weighted / denominator, denominator

    w_hat = np.ones(n)
    iterations, converged = 0, True
    if equilibrium == "general":
        w_hat, iterations, converged, gap = _solve_wages(new_shares, income, deficit, theta)
        if not converged:
            warnings.warn(f"solve_scenario did not converge in {MAX_ITERATIONS} iterations "
                          f"(market-clearing gap {gap:.2e} of world income)", RuntimeWarning, stacklevel=2)
    pi_new, denominator = new_shares(w_hat)
    price_hat = denominator ** (-1.0 / theta)
    spending_new = w_hat * income + deficit if equilibrium == "general" else spending
    flows_new = pi_new * spending_new
    welfare = w_hat / price_hat
    before, after = _export_shares(matrix), _export_shares(flows_new)

    def label(values, kind="series"):
        if labels is None:
            return values
        return pd.Series(values, index=list(labels)) if kind == "series" else \
            pd.DataFrame(values, index=list(labels), columns=list(labels))

    return ScenarioResult(
        flows=label(flows_new, "frame"), wage_change=label(w_hat), price_change=label(price_hat),
        welfare_change=label(welfare), export_share_before=label(before), export_share_after=label(after),
        domestic_share_before=label(np.diag(shares).copy()), domestic_share_after=label(np.diag(pi_new).copy()),
        export_rank_before=label(_ranks(before)), export_rank_after=label(_ranks(after)),
        converged=converged, iterations=iterations, labels=labels,
    )
