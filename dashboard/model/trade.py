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
matrix–vector products per evaluation (`_Economy.evaluate`, which returns an `Evaluation`). Unknowns
are log wages. Three solvers run, in this order:
1. up to `NEWTON_MAX_ECONOMIES` economies, Newton's method with the analytic Jacobian (quadratic
   convergence, 3–7 steps); above it, a Jacobi–Newton step (the diagonal of the Jacobian, its
   sales-concentration term taken once from B∘B) accelerated by Anderson mixing, which converges in
   10–25 steps of two mat-vecs each;
2. the other of the two, from where the first stopped;
3. when both fail (far from the solution, large shocks and a large θ), the textbook damped iteration
   from ŵ = 1 down to `DAMPED_HANDOVER`, and Newton to finish.
If none meets the tolerance the result says so (converged=False and a RuntimeWarning). B is never
formed for a productivity-only scenario: it is kept factored as diag(Â^θ) · X · diag(1/E).

Equilibrium existence: with deficits fixed in levels, a large enough shock to an economy with a
large surplus can require negative spending; no equilibrium exists then and the result is flagged
(converged=False, warning), never returned as if valid.

numpy in the hot path, with LAPACK's gesv (through scipy) for Newton steps; pandas only to label
inputs and outputs; scipy also to find groups of economies that do not trade with each other (when
some flows are zero). No dash, no plotly.
"""
from __future__ import annotations

import functools
import math
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
#: The slow fallback when both fail (`_damped`), and the gap at which it hands over to Newton.
DAMPED_MAX_STEPS = 50_000
DAMPED_HANDOVER = 1e-6


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


def _as_matrix(flows) -> tuple[np.ndarray, tuple[str, ...] | None, np.ndarray, np.ndarray, float]:
    """Checked flows as a float matrix, their labels, income Y (row sums), spending E (column sums)
    and world income Σ Y."""
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
    # Income and spending as BLAS mat-vecs, then one total and one pass for the minimum: cheaper
    # than element-wise masks when N is in the thousands, and few numpy calls when it is small. A NaN
    # or inf anywhere reaches world income (the sum of the row sums), and so does an overflow of a
    # row sum; no column sum of a non-negative matrix exceeds it.
    ones = np.ones(matrix.shape[0])
    income, spending = matrix @ ones, ones @ matrix
    world = float(income.sum())
    if not math.isfinite(world):
        if np.isfinite(matrix).all():
            raise ValueError("flows are too large to add up; rescale them (e.g. to billions)")
        raise ValueError("flows contain a missing or non-finite value")
    if matrix.min() < 0:
        i, j = np.argwhere(matrix < 0)[0]
        raise ValueError(f"flows contain a negative value at exporter {_name(labels, i)}, importer {_name(labels, j)}")
    own = matrix.diagonal()
    if own.min() <= 0:
        raise ValueError(f"economy {_name(labels, np.flatnonzero(own <= 0)[0])} has no domestic sales "
                         f"(diagonal must be positive)")
    return matrix, labels, income, spending, world


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
    if not (vector.min() > 0 and vector.max() < math.inf):  # NaN fails both
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


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Market clearing evaluated at log wage changes `log_w`, with the pieces the solvers and the
    outputs reuse (vectors over economies)."""

    log_w: np.ndarray      # log ŵ (shifted onto the numeraire when asked to renormalise)
    excess: np.ndarray     # demand_i − ŵ_i Y_i
    gap: float             # largest |excess_i| / ŵ_i Y_i, or the numeraire's miss if larger
    weight: np.ndarray     # Â_i^θ ŵ_i^(−θ)
    reach: np.ndarray      # E_j S_j = Σ_k weight_k K_kj
    earned: np.ndarray     # ŵ_i Y_i
    scaled: np.ndarray     # E'_j / reach_j
    sold: np.ndarray       # demand_i / weight_i
    demand: np.ndarray     # Σ_j X'_ij


@dataclass(frozen=True)
class _Economy:
    """Everything fixed during the wage iteration (not module state: one per call).

    B = π τ̂^(−θ) Â^θ is kept factored as diag(row) · kernel · diag(1/E) with kernel = X ∘ τ̂^(−θ)
    (just X when trade costs do not change) and row = Â^θ: no N×N matrix is built for a
    productivity scenario, and every product with B is a BLAS mat-vec on `kernel`. The 1/E factor
    cancels from π'_ij = B_ij u_i / Σ_k B_kj u_k, so the iteration never applies it: with
    weight = row ∘ u and reach_j = Σ_k weight_k kernel_kj (= E_j S_j), π'_ij = weight_i kernel_ij / reach_j.
    """

    kernel: np.ndarray    # X ∘ τ̂^(−θ), N×N
    row: np.ndarray       # Â^θ
    income: np.ndarray    # Y
    deficit: np.ndarray   # D
    theta: float
    world: float          # Σ_i Y_i, the numeraire

    def evaluate(self, log_w: np.ndarray | None, renormalise: bool = False) -> Evaluation:
        """Market-clearing residual at log wage changes `log_w` (None: ŵ = 1), with the pieces the
        solvers and the outputs reuse.

        renormalise: first shift log_w by a constant so that world income is the numeraire (the
        shifted log_w is returned); the numeraire then holds by construction, to rounding.
        Small N is the common case and each numpy call costs about a microsecond there, so this
        spends as few calls as it can.
        """
        if log_w is None:
            log_w, earned, weight, numeraire = np.zeros(self.income.size), self.income, self.row, 0.0
        else:
            earned = np.exp(log_w) * self.income             # ŵ_i Y_i
            total = earned.sum()
            if renormalise:
                shift = self.world / total
                log_w = log_w + (math.log(shift) if shift > 0 else -math.inf)
                earned *= shift
                numeraire = 0.0
            else:
                numeraire = abs(total / self.world - 1.0)
            weight = self.row * np.exp(log_w * -self.theta)  # Â_i^θ ŵ_i^(−θ)
        reach = weight @ self.kernel                         # E_j S_j
        scaled = (earned + self.deficit) / reach             # E'_j / (E_j S_j)
        sold = self.kernel @ scaled                          # demand_i / weight_i
        demand = weight * sold                               # Σ_j π'_ij E'_j
        excess = demand - earned
        gap = max(np.abs(excess / earned).max(), numeraire)
        return Evaluation(log_w, excess, gap, weight, reach, earned, scaled, sold, demand)

    def subset(self, group: np.ndarray) -> _Economy:
        income = self.income[group]
        return _Economy(self.kernel[np.ix_(group, group)], self.row[group], income,
                        self.deficit[group], self.theta, float(income.sum()))


@functools.cache
def _gesv():
    """LAPACK's gesv, imported on first use: scipy.linalg takes ~0.25 s to import, which start-up
    (every worker) need not pay before the first scenario is solved."""
    from scipy.linalg.lapack import dgesv

    return dgesv


def _newton(economy: _Economy, log_w: np.ndarray | None, max_steps: int):
    """Newton in log wages with the analytic Jacobian and a backtracking line search.

    dF_i/dx_k = θ Σ_j π'_ij π'_kj E'_j + π'_ik ŵ_k Y_k − δ_ik (θ demand_i + ŵ_i Y_i), x = log ŵ.
    With π'_ij = weight_i K_ij / reach_j, row i of the first two terms is weight_i times row i of
    K Mᵀ, M_kj = θ weight_k K_kj E'_j / reach_j² + δ_kj ŵ_k Y_k / reach_k; equation i is divided by
    weight_i, so a step builds one N×N matrix and one matrix product. Walras' law makes F sum to
    zero, so the last equation is replaced by the numeraire.
    Returns (state, steps): the last evaluation (see `_Economy.evaluate`) and the steps taken.
    """
    theta, kernel, gesv = economy.theta, economy.kernel, _gesv()
    n = kernel.shape[0]
    # Buffers for the step's N×N matrices, and views of their diagonals (cheaper than fancy indexing).
    scaled_kernel, jacobian_t = np.empty((n, n)), np.empty((n, n))
    scaled_diagonal, jacobian_diagonal = scaled_kernel.reshape(-1)[::n + 1], jacobian_t.reshape(-1)[::n + 1]
    state = economy.evaluate(log_w)
    for step in range(max_steps):
        log_w, excess, gap, weight = state.log_w, state.excess, state.gap, state.weight
        reach, earned, scaled, sold = state.reach, state.earned, state.scaled, state.sold
        if gap < TOLERANCE:
            return state, step
        np.multiply(kernel, weight[:, None], out=scaled_kernel)
        scaled_kernel *= (theta * scaled) / reach
        scaled_diagonal += earned / reach
        # Jᵀ in C order is J in Fortran order, LAPACK's layout. The system is solved for −dx:
        # rhs = F / weight, and (θ demand + ŵY) / weight = (1 + θ) sold − rhs.
        np.matmul(scaled_kernel, kernel.T, out=jacobian_t)
        rhs = excess / weight
        jacobian_diagonal -= (1.0 + theta) * sold - rhs
        # Last equation: stay on the numeraire to first order, Σ_k ŵ_k Y_k dx_k = 0 (every
        # candidate is then put back on it exactly, which the linearisation leaves to second order).
        jacobian_t[:, -1] = earned
        rhs[-1] = 0.0
        # LAPACK's gesv directly: np.linalg.solve does the same with several µs more Python around
        # it, a sizeable part of a Newton step at N = 40 (benchmarks/model.py).
        direction, info = gesv(jacobian_t.T, rhs)[2:]
        if info != 0:  # singular
            direction = np.linalg.lstsq(jacobian_t.T, rhs, rcond=None)[0]
        trial = economy.evaluate(log_w - direction, renormalise=True)
        size = 1.0
        while not trial.gap < gap:  # also for a NaN gap
            size *= 0.5
            if size < 1e-6 or not np.isfinite(direction).all():
                return state, step + 1  # no descent: let the caller try the other method
            trial = economy.evaluate(log_w - size * direction, renormalise=True)
        state = trial
    return state, max_steps


def _anderson(economy: _Economy, log_w: np.ndarray | None, max_steps: int):
    """Jacobi–Newton steps x ← x − F/diag(J), renormalised to the numeraire, with Anderson mixing.

    diag(J)_i = −θ demand_i (1 − c_i) − (1 − π'_ii) ŵ_i Y_i ≤ 0, where c_i = Σ_j π'_ij² E'_j / demand_i
    is how concentrated i's sales are. c is computed exactly (one pass over K∘K) at the start and
    after a restart, and held fixed in between: it moves slowly with wages, and Anderson mixing
    absorbs the difference, so each step costs just the two mat-vecs of `evaluate`. Guarded: a
    step that makes things much worse restarts the history from the best point.
    Returns (state, steps): the evaluation at the best point (see `_Economy.evaluate`) and the steps taken.
    """
    theta, kernel, world = economy.theta, economy.kernel, economy.world
    own = np.diagonal(kernel)                                       # π'_ii = own_i weight_i / reach_i
    concentration = None
    mixer = AndersonMixer()
    best = None
    restarts = 0
    for step in range(max_steps + 1):
        state = economy.evaluate(log_w)
        log_w, excess, gap, weight, reach = state.log_w, state.excess, state.gap, state.weight, state.reach
        earned, scaled, demand = state.earned, state.scaled, state.demand
        residual = None
        if np.isfinite(gap) and (best is None or gap <= 1e3 * best.gap):
            if best is None or gap < best.gap:
                best = state
            if gap < TOLERANCE:
                return state, step
            if concentration is None:
                squares = weight * weight * ((kernel * kernel) @ (scaled / reach))
                concentration = np.clip(squares / demand, 0.0, 1.0)
            slope = -theta * demand * (1.0 - concentration) - (1.0 - own * weight / reach) * earned
            slope = np.minimum(slope, -1e-3 * earned)
            target = log_w - excess / slope
            target = target + np.log(world / (np.exp(target) * economy.income).sum())
            residual = target - log_w
        if residual is None or not np.isfinite(residual).all():
            # A step went wrong (overflow, or much worse than the best so far): restart from the best.
            restarts += 1
            if restarts > 10 or best is None:
                return best if best is not None else state, step
            mixer.reset()
            log_w, concentration = best.log_w, None
            continue
        log_w = mixer.step(log_w, residual)
    return best if best is not None else state, max_steps


def _solve_connected(economy: _Economy) -> tuple[Evaluation, int]:
    """Solve one trade-connected group of economies: (state, iterations), state from `evaluate`."""
    if economy.income.size == 1:  # cut off from all trade: its market clears iff its deficit is zero
        return economy.evaluate(None), 0
    if economy.income.size <= NEWTON_MAX_ECONOMIES:
        methods = ((_newton, NEWTON_MAX_STEPS), (_anderson, ANDERSON_MAX_STEPS))
    else:
        methods = ((_anderson, ANDERSON_MAX_STEPS), (_newton, NEWTON_MAX_STEPS))
    total, log_w = 0, None
    for method, steps in methods:
        # Trial steps may overflow (solve_scenario turns numpy's warnings off); every result is
        # checked for finiteness instead.
        state, used = method(economy, log_w, steps)
        total += used
        if state.gap < TOLERANCE:
            return state, total
        log_w = state.log_w
    # Both can fail far from the solution: with large shocks and a large θ, the Newton step from
    # ŵ = 1 can widen the gap at every step length (a 4-economy world with Â = 0.5 at θ = 11 did).
    # The textbook damped iteration is slow but gets there from ŵ = 1; Newton finishes from it.
    state, used = _damped(economy, DAMPED_MAX_STEPS)
    total += used
    if state.gap >= TOLERANCE:
        finished, used = _newton(economy, state.log_w, NEWTON_MAX_STEPS)
        total += used
        state = finished if finished.gap < state.gap else state
    return state, total


def _damped(economy: _Economy, max_steps: int):
    """The textbook iteration ŵ_i ← ŵ_i (1 + λ (demand_i / ŵ_i Y_i − 1)), λ = min(2 / (1 + θ), 0.5),
    renormalised to the numeraire, from ŵ = 1 until the gap is below DAMPED_HANDOVER.
    Returns (state, steps), state the best evaluation (see `_Economy.evaluate`)."""
    step = min(2.0 / (1.0 + economy.theta), 0.5)  # keeps every factor ≥ 0.5
    state = best = economy.evaluate(None)
    for used in range(max_steps):
        log_w, excess, gap = state.log_w, state.excess, state.gap
        if gap < DAMPED_HANDOVER or not np.isfinite(gap):
            return best, used
        state = economy.evaluate(log_w + np.log1p(step * excess / state.earned), renormalise=True)
        if state.gap < best.gap:
            best = state
    return best, max_steps


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


@dataclass(frozen=True)
class WageSolution:
    """What the wage iteration found: the evaluation at the solution (its log_w are the log-wage
    changes), the steps taken, the largest market-clearing gap left, and the economies that could not
    be solved (`stranded`: indices of a group cut off from trade with a deficit; None when there is none)."""

    state: Evaluation
    iterations: int
    gap: float
    stranded: np.ndarray | None = None


def _solve_wages(economy: _Economy) -> WageSolution:
    """Log-wage changes that clear every market (see `WageSolution`).

    If the scenario (or the data) splits the world into groups that do not trade with each other,
    wages across groups are not determined by the model; each group's income is then held at its
    baseline (its own numeraire). Real incomes, shares and flows do not depend on this convention.
    A group whose combined deficit is not zero cannot clear its markets on its own: it is returned
    as `stranded` (indices) and not solved.
    """
    groups = _trade_groups(economy.kernel)
    if groups is None:
        state, iterations = _solve_connected(economy)
        return WageSolution(state, iterations, state.gap)
    income, deficit = economy.income, economy.deficit
    log_w = np.zeros(income.size)
    iterations, worst = 0, 0.0
    for group in groups:
        imbalance = abs(deficit[group].sum()) / income[group].sum()
        if imbalance > TOLERANCE:
            return WageSolution(economy.evaluate(log_w), iterations, imbalance, group)
        state, used = _solve_connected(economy.subset(group))
        log_w[group] = state.log_w
        iterations += used
        worst = max(worst, state.gap)
    return WageSolution(economy.evaluate(log_w), iterations, worst)


# ---------------------------------------------------------------------------------------------
# Outputs


def _ranks(shares: np.ndarray) -> np.ndarray:
    """1 = largest share; ties broken by position (stable)."""
    order = (-shares).argsort(kind="stable")
    return order.argsort() + 1  # the inverse permutation: each economy's position in `order`


def _export_shares(exports: np.ndarray) -> np.ndarray:
    """Shares of world exports (domestic sales excluded); all zero if nobody exports."""
    total = exports.sum()
    return exports / total if total > 0 else np.zeros_like(exports)


def _economy(matrix: np.ndarray, income: np.ndarray, spending: np.ndarray, world: float,
             a_hat: np.ndarray, tau_hat: np.ndarray | None, theta: float) -> _Economy:
    """The scenario's fixed part, checked for overflow (call under np.errstate: it is detected, not warned)."""
    # B = π τ̂^(−θ) Â^θ = diag(Â^θ) · (X ∘ τ̂^(−θ)) · diag(1/E), kept factored (see _Economy).
    strength = a_hat ** theta
    if not (strength.min() > 0 and strength.max() < math.inf):
        raise ValueError("productivity_change is too extreme for this theta (its effect overflows); "
                         "use changes closer to 1.0")
    kernel = matrix
    if tau_hat is not None:
        kernel = matrix * tau_hat ** (-theta)
        if not np.isfinite(kernel.max()):
            raise ValueError("trade_cost_change is too extreme for this theta (costs overflow); "
                             "use changes closer to 1.0")
    return _Economy(kernel, strength, income, spending - income, theta, world)


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
    matrix, labels, income, spending, world = _as_matrix(flows)
    n = matrix.shape[0]
    try:
        theta = float(theta)
    except (TypeError, ValueError):
        raise ValueError(f"theta (the trade elasticity) must be a positive number, got {theta!r}") from None
    if not math.isfinite(theta) or theta <= 0:
        raise ValueError(f"theta (the trade elasticity) must be positive, got {theta}")
    if equilibrium not in EQUILIBRIA:
        raise ValueError(f"equilibrium must be one of {', '.join(EQUILIBRIA)}, got {equilibrium!r}")
    a_hat = _vector(productivity_change, n, labels, "productivity_change")
    tau_hat = _matrix(trade_cost_change, n, labels, "trade_cost_change")

    # Overflow is checked for (an extreme input raises, a solver's trial step that overflows is
    # rejected), so numpy's floating-point warnings are off for the model: one errstate, which costs
    # a few microseconds to enter, for all of it.
    with np.errstate(all="ignore"):
        economy = _economy(matrix, income, spending, world, a_hat, tau_hat, theta)
        solved = _solve_wages(economy) if equilibrium == "general" else None
    kernel, strength, deficit = economy.kernel, economy.row, economy.deficit

    if solved is not None:
        state, iterations, gap, stranded = solved.state, solved.iterations, solved.gap, solved.stranded
        log_w, weight, reach, earned = state.log_w, state.weight, state.reach, state.earned
        scaled, demand = state.scaled, state.demand
        converged = gap < TOLERANCE
        w_hat = np.exp(log_w)
        spending_new = earned + deficit
        if stranded is not None:
            names = ", ".join(_name(labels, i) for i in stranded[:5]) + (", …" if stranded.size > 5 else "")
            warnings.warn(f"solve_scenario did not converge: economies {names} are cut off from the others' "
                          f"trade but run a combined trade deficit or surplus, so no equilibrium exists "
                          f"(reduce the trade-cost increase)", RuntimeWarning, stacklevel=2)
        elif not converged:
            warnings.warn(f"solve_scenario did not converge after {iterations} iterations (largest "
                          f"market-clearing gap {gap:.2e} of income); the result is not an equilibrium",
                          RuntimeWarning, stacklevel=2)
        elif spending_new.min() <= 0:
            converged = False
            j = int(np.flatnonzero(spending_new <= 0)[0])
            warnings.warn(f"solve_scenario did not converge: economy {_name(labels, j)} would need negative "
                          f"spending (its fixed trade surplus exceeds its new income); the result is not an "
                          f"equilibrium", RuntimeWarning, stacklevel=2)
    else:
        w_hat, iterations, converged = np.ones(n), 0, True
        spending_new, weight = spending, strength                # ŵ = 1: weight = Â^θ
        reach = weight @ kernel
        scaled = spending / reach
        demand = weight * (kernel @ scaled)

    # weight = Â_i^θ ŵ_i^(−θ), reach_j = E_j S_j (so P̂_j = (reach_j / E_j)^(−1/θ)), scaled_j = E'_j / reach_j
    # and demand_i = Σ_j X'_ij: the solver's last evaluation, at the solution (or the same at ŵ = 1).
    flows_new = kernel * weight[:, None]                       # X'_ij = π'_ij E'_j
    flows_new *= scaled
    price_hat = (reach / spending) ** (-1.0 / theta)
    welfare = w_hat / price_hat
    own_before = matrix.diagonal()
    own_after = flows_new.diagonal()
    domestic_before = own_before / spending
    domestic_after = own_after / spending_new
    before = _export_shares(income - own_before)
    exports_after = demand - own_after
    # Total sales minus domestic sales leaves rounding noise (~1e-16 of sales) where nothing is exported.
    exports_after[exports_after <= 1e-12 * demand] = 0.0
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
