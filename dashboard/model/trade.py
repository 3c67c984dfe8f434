"""Eaton–Kortum (2002) solved in changes: "exact hat algebra" (Dekle, Eaton & Kortum 2007).

Notation (see the methods page): flows X[i, j] from exporter i to importer j, domestic sales on the
diagonal; income Y_i = Σ_j X_ij, expenditure E_j = Σ_i X_ij, deficit D_j = E_j − Y_j, shares
π_ij = X_ij / E_j. A scenario changes productivity (Â_i) and trade costs (τ̂_ij). New shares are

    π'_ij = π_ij (ŵ_i τ̂_ij / Â_i)^(−θ) / Σ_k π_kj (ŵ_k τ̂_kj / Â_k)^(−θ),
    P̂_j  = [Σ_k π_kj (ŵ_k τ̂_kj / Â_k)^(−θ)]^(−1/θ),

and in general equilibrium the wage changes ŵ clear every market, ŵ_i Y_i = Σ_j π'_ij (ŵ_j Y_j + D_j),
with deficits D_j fixed in levels and world income as the numeraire (Σ_i ŵ_i Y_i = Σ_i Y_i).

Solver. Everything that does not depend on ŵ is computed once: B_ij = π_ij τ̂_ij^(−θ) Â_i^θ, so with
u_i = ŵ_i^(−θ) the denominators are S = Bᵀu and world demand for economy i is u_i (B (E'/S))_i — two
matrix–vector products per evaluation. Unknowns are log wages. Up to `NEWTON_MAX_ECONOMIES`
economies we use Newton's method with the analytic Jacobian (quadratic convergence, 3–7 steps);
above it, a Jacobi–Newton step (the diagonal of the Jacobian, its sales-concentration term taken
once from B∘B) accelerated by Anderson mixing, which converges in 10–25 steps of two mat-vecs each.
Each method falls back on the other; if neither meets the tolerance the result says so
(converged=False and a RuntimeWarning). B is never formed for a productivity-only scenario: it is
kept factored as diag(Â^θ) · X · diag(1/E).

Equilibrium existence: with deficits fixed in levels, a large enough shock to an economy with a
large surplus can require negative spending; no equilibrium exists then and the result is flagged
(converged=False, warning), never returned as if valid.

numpy in the hot path, with LAPACK's gesv (through scipy) for Newton steps; pandas only to label
inputs and outputs; scipy also to find groups of economies that do not trade with each other (when
some flows are zero). No dash, no plotly.
"""
from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.model.anderson import AndersonMixer

EQUILIBRIA = ("general", "partial")
#: Market clearing: |demand_i − ŵ_i Y_i| ≤ TOLERANCE · ŵ_i Y_i for every economy, and the numeraire
#: holds to TOLERANCE relative to world income.
TOLERANCE = 1e-10
#: Dense Newton (an N×N Jacobian, O(N³) per step) up to this many economies; Anderson above.
NEWTON_MAX_ECONOMIES = 100
NEWTON_MAX_STEPS = 100
ANDERSON_MAX_STEPS = 1_000


@dataclass(frozen=True)
class ScenarioResult:
    """Outcome of one scenario. Vectors/matrices are pandas objects labelled by economy when the
    input flows were a labelled DataFrame, numpy arrays otherwise.

    Hat values are ratios new/old (1.0 = unchanged). Shares are fractions (0–1).

    flows: new flows X'_ij = π'_ij E'_j (same unit as the input flows).
    wage_change ŵ, price_change P̂ (price index), welfare_change ŵ/P̂ (real income).
    export_share_before/after: each economy's share of world exports (domestic sales excluded).
    domestic_share_before/after: π_jj, the share of spending bought at home ("localisation").
    export_rank_before/after: rank by export share, 1 = largest (ties broken by order).
    converged: whether markets clear to `TOLERANCE`; iterations: solver steps used.
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
        """One row per economy, in input order.

        Columns: economy; export_share_before_pct, export_share_after_pct (percent of world
        exports) and export_share_change_pp (percentage points); domestic_share_before_pct,
        domestic_share_after_pct, domestic_share_change_pp; wage_change_pct, price_change_pct,
        welfare_change_pct (percent change, (hat − 1)·100); rank_before, rank_after (1 = largest).
        """
        def arr(x) -> np.ndarray:
            return np.asarray(x, dtype=float)

        n = arr(self.wage_change).size
        labels = list(self.labels) if self.labels is not None else list(range(n))
        exp_before, exp_after = arr(self.export_share_before), arr(self.export_share_after)
        dom_before, dom_after = arr(self.domestic_share_before), arr(self.domestic_share_after)
        return pd.DataFrame({
            "economy": labels,
            "export_share_before_pct": exp_before * 100,
            "export_share_after_pct": exp_after * 100,
            "export_share_change_pp": (exp_after - exp_before) * 100,
            "domestic_share_before_pct": dom_before * 100,
            "domestic_share_after_pct": dom_after * 100,
            "domestic_share_change_pp": (dom_after - dom_before) * 100,
            "wage_change_pct": (arr(self.wage_change) - 1) * 100,
            "price_change_pct": (arr(self.price_change) - 1) * 100,
            "welfare_change_pct": (arr(self.welfare_change) - 1) * 100,
            "rank_before": np.asarray(self.export_rank_before, dtype=int),
            "rank_after": np.asarray(self.export_rank_after, dtype=int),
        })


# ---------------------------------------------------------------------------------------------
# Input checks


def _name(labels: tuple[str, ...] | None, index) -> str:
    return labels[index] if labels is not None else str(int(index))


def _as_matrix(flows) -> tuple[np.ndarray, tuple[str, ...] | None, np.ndarray, np.ndarray]:
    """Checked flows as a float matrix, their labels, income Y (row sums) and spending E (column sums)."""
    if isinstance(flows, pd.DataFrame):
        if list(flows.index) != list(flows.columns):
            raise ValueError("flows must have the same economies, in the same order, as rows and columns")
        labels = tuple(str(x) for x in flows.index)
        try:
            matrix = flows.to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError("flows must be numbers") from None
    else:
        labels = None
        try:
            matrix = np.asarray(flows, dtype=float)
        except (TypeError, ValueError):
            raise ValueError("flows must be numbers") from None
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 2:
        raise ValueError(f"flows must be a square matrix of at least 2 economies, got shape {matrix.shape}")
    # Income and spending as BLAS mat-vecs (NaN and inf propagate), then one pass for the minimum:
    # cheaper than element-wise masks when N is in the thousands.
    ones = np.ones(matrix.shape[0])
    income, spending = matrix @ ones, ones @ matrix
    if not (np.isfinite(income).all() and np.isfinite(spending).all()):
        if np.isfinite(matrix).all():
            raise ValueError("flows are too large to add up; rescale them (e.g. to billions)")
        raise ValueError("flows contain a missing or non-finite value")
    if matrix.min() < 0:
        i, j = np.argwhere(matrix < 0)[0]
        raise ValueError(f"flows contain a negative value at exporter {_name(labels, i)}, importer {_name(labels, j)}")
    empty = np.flatnonzero(np.diagonal(matrix) <= 0)
    if empty.size:
        raise ValueError(f"economy {_name(labels, empty[0])} has no domestic sales (diagonal must be positive)")
    return matrix, labels, income, spending


def _vector(value, n: int, labels, name: str) -> np.ndarray:
    if value is None:
        return np.ones(n)
    if isinstance(value, pd.Series):
        if labels is not None and not pd.api.types.is_integer_dtype(value.index):
            keys = value.index.map(str)
            missing = [label for label in labels if label not in set(keys)]
            if missing:
                raise ValueError(f"{name} has no value for economy {missing[0]}")
            value = pd.Series(value.to_numpy(), index=keys).loc[list(labels)]
        value = value.to_numpy()
    try:
        vector = np.asarray(value, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None
    if vector.shape != (n,):
        raise ValueError(f"{name} must have one value per economy ({n}), got {vector.size}")
    if not np.isfinite(vector).all() or (vector <= 0).any():
        raise ValueError(f"{name} must be positive and finite (1.0 = unchanged)")
    return vector


def _matrix(value, n: int, labels, name: str) -> np.ndarray | None:
    if value is None:
        return None
    if isinstance(value, pd.DataFrame):
        if labels is not None and not pd.api.types.is_integer_dtype(value.index):
            frame = value.rename(index=str, columns=str)
            try:
                frame = frame.loc[list(labels), list(labels)]
            except KeyError:
                raise ValueError(f"{name} must have a row and a column for every economy in flows") from None
            value = frame
        value = value.to_numpy()
    try:
        matrix = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None
    if matrix.shape != (n, n):
        raise ValueError(f"{name} must be {n}×{n}, got shape {matrix.shape}")
    if np.isnan(matrix).any() or (matrix <= 0).any():
        raise ValueError(f"{name} must be positive (1.0 = unchanged; inf = prohibitive)")
    if not np.isfinite(np.diag(matrix)).all():
        raise ValueError(f"{name} must be finite on the diagonal (an economy cannot be cut off from itself)")
    return matrix


# ---------------------------------------------------------------------------------------------
# Equilibrium


@dataclass(frozen=True)
class _Economy:
    """Everything fixed during the wage iteration (not module state: one per call).

    B = π τ̂^(−θ) Â^θ is kept factored as diag(row) · kernel · diag(col) with kernel = X ∘ τ̂^(−θ)
    (just X when trade costs do not change), row = Â^θ and col = 1/E: no N×N matrix is built for a
    productivity scenario, and every product with B is a BLAS mat-vec on `kernel`.
    """

    kernel: np.ndarray    # X ∘ τ̂^(−θ), N×N
    row: np.ndarray       # Â^θ
    col: np.ndarray       # 1 / E
    income: np.ndarray    # Y
    deficit: np.ndarray   # D
    theta: float

    def evaluate(self, log_w: np.ndarray):
        """Market-clearing residual at log wage changes `log_w` (plus the pieces the solvers reuse)."""
        u = np.exp(-self.theta * log_w)
        weight = u * self.row
        denominator = (weight @ self.kernel) * self.col  # S_j = Σ_k B_kj u_k
        earned = np.exp(log_w) * self.income             # ŵ_i Y_i
        spending = earned + self.deficit                 # E'_j
        scaled = spending * self.col / denominator
        demand = weight * (self.kernel @ scaled)         # Σ_j π'_ij E'_j
        excess = demand - earned
        gap = max(np.abs(excess / earned).max(), abs(earned.sum() / self.income.sum() - 1.0))
        return excess, gap, weight, denominator, earned, spending, scaled, demand

    def shares(self, weight: np.ndarray, denominator: np.ndarray) -> np.ndarray:
        """π'_ij as an N×N matrix (used by Newton, i.e. for small N only)."""
        return self.kernel * weight[:, None] * (self.col / denominator)[None, :]

    def subset(self, group: np.ndarray) -> _Economy:
        return _Economy(self.kernel[np.ix_(group, group)], self.row[group], self.col[group],
                        self.income[group], self.deficit[group], self.theta)


@functools.cache
def _gesv():
    """LAPACK's gesv, imported on first use: scipy.linalg takes ~0.25 s to import, which start-up
    (every worker) need not pay before the first scenario is solved."""
    from scipy.linalg.lapack import dgesv

    return dgesv


def _newton(economy: _Economy, log_w: np.ndarray, max_steps: int):
    """Newton in log wages with the analytic Jacobian and a backtracking line search.

    dF_i/dx_k = θ Σ_j π'_ij π'_kj E'_j + π'_ik ŵ_k Y_k − δ_ik (θ demand_i + ŵ_i Y_i), x = log ŵ.
    Walras' law makes F sum to zero, so the last equation is replaced by the numeraire.
    Returns (log_w, steps, gap).
    """
    theta, world = economy.theta, economy.income.sum()
    excess, gap, weight, denominator, earned, spending, _, demand = economy.evaluate(log_w)
    diagonal = np.diag_indices(len(log_w))
    for step in range(1, max_steps + 1):
        if gap < TOLERANCE:
            return log_w, step - 1, gap
        shares = economy.shares(weight, denominator)
        jacobian = (theta * (shares * spending)) @ shares.T + shares * earned[None, :]
        jacobian[diagonal] -= theta * demand + earned
        jacobian[-1] = earned
        rhs = -excess
        rhs[-1] = world - earned.sum()
        # LAPACK's gesv directly: np.linalg.solve does the same with ~10 µs more Python around it,
        # a quarter of a Newton step at N = 40 (benchmarks/model.py).
        direction, info = _gesv()(jacobian, rhs)[2:]
        if info != 0:  # singular
            direction = np.linalg.lstsq(jacobian, rhs, rcond=None)[0]
        if not np.isfinite(direction).all():
            return log_w, step, gap
        size = 1.0
        while size > 1e-6:
            candidate = log_w + size * direction
            # Back onto the numeraire exactly (the linearised last row leaves a second-order gap).
            candidate = candidate + np.log(world / (np.exp(candidate) * economy.income).sum())
            evaluated = economy.evaluate(candidate)
            if np.isfinite(evaluated[1]) and evaluated[1] < gap:
                break
            size *= 0.5
        else:
            return log_w, step, gap  # no descent: let the caller try the other method
        log_w = candidate
        excess, gap, weight, denominator, earned, spending, _, demand = evaluated
    return log_w, max_steps, gap


def _anderson(economy: _Economy, log_w: np.ndarray, max_steps: int):
    """Jacobi–Newton steps x ← x − F/diag(J), renormalised to the numeraire, with Anderson mixing.

    diag(J)_i = −θ demand_i (1 − c_i) − (1 − π'_ii) ŵ_i Y_i ≤ 0, where c_i = Σ_j π'_ij² E'_j / demand_i
    is how concentrated i's sales are. c is computed exactly (one pass over B∘B) at the start and
    after a restart, and held fixed in between: it moves slowly with wages, and Anderson mixing
    absorbs the difference, so each step costs just the two mat-vecs of `evaluate`. Guarded: a
    step that makes things much worse restarts the history from the best point.
    Returns (log_w, steps, gap).
    """
    theta = economy.theta
    own = np.diagonal(economy.kernel) * economy.row * economy.col   # π'_ii = own_i u_i / S_i
    concentration = None
    world = economy.income.sum()
    mixer = AndersonMixer()
    best_x, best_gap = log_w, np.inf
    restarts = 0
    for step in range(max_steps + 1):
        excess, gap, weight, denominator, earned, spending, scaled, demand = economy.evaluate(log_w)
        residual = None
        if np.isfinite(gap) and gap <= 1e3 * best_gap:
            if gap < best_gap:
                best_x, best_gap = log_w, gap
            if gap < TOLERANCE:
                return log_w, step, gap
            if concentration is None:
                squares = weight * weight * ((economy.kernel * economy.kernel) @ (scaled * economy.col / denominator))
                concentration = np.clip(squares / demand, 0.0, 1.0)
            u = weight / economy.row
            slope = -theta * demand * (1.0 - concentration) - (1.0 - own * u / denominator) * earned
            slope = np.minimum(slope, -1e-3 * earned)
            target = log_w - excess / slope
            target = target + np.log(world / (np.exp(target) * economy.income).sum())
            residual = target - log_w
        if residual is None or not np.isfinite(residual).all():
            # A step went wrong (overflow, or much worse than the best so far): restart from the best.
            restarts += 1
            if restarts > 10:
                return best_x, step, best_gap
            mixer.reset()
            log_w, concentration = best_x, None
            continue
        log_w = mixer.step(log_w, residual)
    return best_x, max_steps, best_gap


def _solve_connected(economy: _Economy) -> tuple[np.ndarray, int, float]:
    """Solve one trade-connected group of economies: (log_w, iterations, gap)."""
    n = economy.income.size
    if n == 1:  # an economy cut off from all trade: its market clears iff its deficit is zero
        return np.zeros(1), 0, abs(economy.deficit[0]) / economy.income[0]
    if n <= NEWTON_MAX_ECONOMIES:
        methods = ((_newton, NEWTON_MAX_STEPS), (_anderson, ANDERSON_MAX_STEPS))
    else:
        methods = ((_anderson, ANDERSON_MAX_STEPS), (_newton, NEWTON_MAX_STEPS))
    total, log_w, gap = 0, np.zeros(n), np.inf
    for method, steps in methods:
        # Trial steps may overflow; every result is checked for finiteness instead.
        with np.errstate(all="ignore"):
            log_w, used, gap = method(economy, log_w, steps)
        total += used
        if gap < TOLERANCE:
            break
    return log_w, total, gap


def _trade_groups(kernel: np.ndarray) -> list[np.ndarray] | None:
    """Groups of economies linked by trade (weakly connected components); None if all are linked."""
    if kernel.min() > 0:
        return None
    linked = kernel > 0
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    count, labels = connected_components(csr_matrix(linked), directed=True, connection="weak")
    if count == 1:
        return None
    return [np.flatnonzero(labels == k) for k in range(count)]


def _solve_wages(economy: _Economy) -> tuple[np.ndarray, int, float, np.ndarray | None]:
    """Log-wage changes that clear every market: (log_w, iterations, gap, stranded).

    If the scenario (or the data) splits the world into groups that do not trade with each other,
    wages across groups are not determined by the model; each group's income is then held at its
    baseline (its own numeraire). Real incomes, shares and flows do not depend on this convention.
    A group whose combined deficit is not zero cannot clear its markets on its own: it is returned
    as `stranded` (indices) and not solved.
    """
    groups = _trade_groups(economy.kernel)
    if groups is None:
        log_w, iterations, gap = _solve_connected(economy)
        return log_w, iterations, gap, None
    income, deficit = economy.income, economy.deficit
    log_w = np.zeros(income.size)
    iterations, worst = 0, 0.0
    for group in groups:
        imbalance = abs(deficit[group].sum()) / income[group].sum()
        if imbalance > TOLERANCE:
            return log_w, iterations, imbalance, group
        log_w[group], used, gap = _solve_connected(economy.subset(group))
        iterations += used
        worst = max(worst, gap)
    return log_w, iterations, worst, None


# ---------------------------------------------------------------------------------------------
# Outputs


def _ranks(shares: np.ndarray) -> np.ndarray:
    """1 = largest share; ties broken by position (stable)."""
    order = np.argsort(-shares, kind="stable")
    ranks = np.empty(len(shares), dtype=int)
    ranks[order] = np.arange(1, len(shares) + 1)
    return ranks


def _export_shares(exports: np.ndarray) -> np.ndarray:
    """Shares of world exports (domestic sales excluded); all zero if nobody exports."""
    total = exports.sum()
    return exports / total if total > 0 else np.zeros_like(exports)


def solve_scenario(flows, productivity_change=None, trade_cost_change=None, theta: float = 4.0,
                   equilibrium: str = "general") -> ScenarioResult:
    """Solve the Eaton–Kortum model in changes for a productivity and/or trade-cost scenario.

    flows: N×N non-negative values (array, or DataFrame with the same economies as index and
        columns); flows[i, j] is what exporter i sells to importer j, the diagonal (positive) is
        domestic sales. Any currency unit; results are in the same unit.
    productivity_change: Â per economy (1.0 = unchanged); array or Series (a Series is matched to
        the labels of labelled flows).
    trade_cost_change: τ̂ N×N (1.0 = unchanged, np.inf = prohibitive; diagonal finite).
    theta: trade elasticity θ > 0 (Simonovska & Waugh 2014 estimate ≈ 4; ACR use 5–10).
    equilibrium: "general" (wages adjust, deficits fixed, world income the numeraire) or
        "partial" (ŵ = 1 and spending unchanged).

    Raises ValueError on bad input. If markets cannot be cleared to `TOLERANCE` (or the solution
    needs negative spending because fixed deficits exceed income), returns converged=False and
    emits a RuntimeWarning; never a silently wrong answer.
    """
    matrix, labels, income, spending = _as_matrix(flows)
    n = matrix.shape[0]
    try:
        theta = float(theta)
    except (TypeError, ValueError):
        raise ValueError(f"theta (the trade elasticity) must be a positive number, got {theta!r}") from None
    if not np.isfinite(theta) or theta <= 0:
        raise ValueError(f"theta (the trade elasticity) must be positive, got {theta}")
    if equilibrium not in EQUILIBRIA:
        raise ValueError(f"equilibrium must be one of {', '.join(EQUILIBRIA)}, got {equilibrium!r}")
    a_hat = _vector(productivity_change, n, labels, "productivity_change")
    tau_hat = _matrix(trade_cost_change, n, labels, "trade_cost_change")

    deficit = spending - income
    # B = π τ̂^(−θ) Â^θ = diag(Â^θ) · (X ∘ τ̂^(−θ)) · diag(1/E), kept factored (see _Economy).
    with np.errstate(over="ignore", divide="ignore", under="ignore"):
        strength = a_hat ** theta
    if not (np.isfinite(strength).all() and (strength > 0).all()):
        raise ValueError("productivity_change is too extreme for this theta (its effect overflows); "
                         "use changes closer to 1.0")
    kernel = matrix
    if tau_hat is not None:
        with np.errstate(over="ignore", divide="ignore", under="ignore"):
            kernel = matrix * tau_hat ** (-theta)
        if not np.isfinite(kernel.max()):
            raise ValueError("trade_cost_change is too extreme for this theta (costs overflow); "
                             "use changes closer to 1.0")
    economy = _Economy(kernel, strength, 1.0 / spending, income, deficit, theta)

    if equilibrium == "general":
        log_w, iterations, gap, stranded = _solve_wages(economy)
        converged = gap < TOLERANCE
        w_hat = np.exp(log_w)
        spending_new = w_hat * income + deficit
        if stranded is not None:
            names = ", ".join(_name(labels, i) for i in stranded[:5]) + (", …" if stranded.size > 5 else "")
            warnings.warn(f"solve_scenario did not converge: economies {names} are cut off from the others' "
                          f"trade but run a combined trade deficit or surplus, so no equilibrium exists "
                          f"(reduce the trade-cost increase)", RuntimeWarning, stacklevel=2)
        elif not converged:
            warnings.warn(f"solve_scenario did not converge after {iterations} iterations (largest "
                          f"market-clearing gap {gap:.2e} of income); the result is not an equilibrium",
                          RuntimeWarning, stacklevel=2)
        elif (spending_new <= 0).any():
            converged = False
            j = int(np.flatnonzero(spending_new <= 0)[0])
            warnings.warn(f"solve_scenario did not converge: economy {_name(labels, j)} would need negative "
                          f"spending (its fixed trade surplus exceeds its new income); the result is not an "
                          f"equilibrium", RuntimeWarning, stacklevel=2)
    else:
        w_hat, iterations, converged = np.ones(n), 0, True
        spending_new = spending

    weight = w_hat ** (-theta) * strength                     # Â_i^θ ŵ_i^(−θ)
    denominator = (weight @ kernel) * economy.col              # S_j, so P̂_j = S_j^(−1/θ)
    scaled = spending_new * economy.col / denominator
    flows_new = kernel * weight[:, None]                       # X'_ij = π'_ij E'_j
    flows_new *= scaled[None, :]
    price_hat = denominator ** (-1.0 / theta)
    welfare = w_hat / price_hat
    own_before = np.diagonal(matrix)
    own_after = np.diagonal(flows_new)
    domestic_before = own_before / spending
    domestic_after = own_after / spending_new
    before = _export_shares(income - own_before)
    exports_after = weight * (kernel @ scaled) - own_after
    # Row sum minus diagonal leaves rounding noise (~1e-16 of income) where nothing is exported.
    exports_after[exports_after <= 1e-12 * (exports_after + own_after)] = 0.0
    after = _export_shares(exports_after)

    def series(values):
        return values if labels is None else pd.Series(values, index=list(labels))

    return ScenarioResult(
        flows=flows_new if labels is None else pd.DataFrame(flows_new, index=list(labels), columns=list(labels)),
        wage_change=series(w_hat), price_change=series(price_hat), welfare_change=series(welfare),
        export_share_before=series(before), export_share_after=series(after),
        domestic_share_before=series(domestic_before), domestic_share_after=series(domestic_after),
        export_rank_before=series(_ranks(before)), export_rank_after=series(_ranks(after)),
        converged=bool(converged), iterations=int(iterations), labels=labels,
    )
