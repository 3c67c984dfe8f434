"""Multi-sector Eaton–Kortum solved in changes, with intermediate inputs and a CES upper tier.

The model (Costinot & Rodríguez-Clare 2014, section 4; Eaton & Kortum 2002 and Dekle, Eaton &
Kortum 2008 for intermediate inputs), for sectors s, exporters i and importers j. Labour is the only
primary factor and moves freely between sectors within an economy (one wage per economy); every
sector buys intermediate inputs as the economy's aggregate bundle, whose price is the consumer price
index; a CES upper tier with elasticity η splits spending across sectors.

Baseline, from gross flows X[s, i, j] (domestic sales on the diagonal): gross output
R_si = Σ_j X_sij; value added (GDP) Y_i = Σ_s β_si R_si; absorption E_j = Σ_s Σ_i X_sij; deficit
D_j = E_j − Σ_s R_sj; spending shares α_sj = Σ_i X_sij / E_j; trade shares π_sij = X_sij / Σ_k X_skj.

Equilibrium in changes, for wages ŵ with Σ_i ŵ_i Y_i = Σ_i Y_i (world GDP is the numeraire):

    ĉ_si  = ŵ_i^β_si · P̂_i^(1−β_si) / Â_si
    π'_sij = π_sij (ĉ_si τ̂_sij)^(−θ_s) / Φ_sj,   Φ_sj = Σ_k π_skj (ĉ_sk τ̂_skj)^(−θ_s),   P̂_sj = Φ_sj^(−1/θ_s)
    α'_sj = α_sj P̂_sj^(1−η) / Σ_r α_rj P̂_rj^(1−η),   P̂_j = [Σ_s α_sj P̂_sj^(1−η)]^(1/(1−η))
    E'_j  = ŵ_j Y_j + D'_j + Σ_s (1 − β_sj) R'_sj,    R'_si = Σ_j π'_sij α'_sj E'_j
    ŵ_i Y_i = Σ_s β_si R'_si                                   (labour-market clearing)

(P̂_j is the α-weighted geometric mean of the P̂_sj when η = 1.)

Solver. The unknowns are z = (x, p, e): log wage changes x = ln ŵ, log price-index changes
p = ln P̂ and absorption relative to the baseline e = E'/E; the equations are labour-market clearing
(the last one replaced by the numeraire), the price index P̂_j = P̂_j(x, p) and the absorption
identity. Solving P̂ and E' inside the same Newton system, rather than by an inner fixed point and a
linear solve at every wage (the textbook nested scheme of benchmarks/model.py, about 20 inner price
steps per wage step), costs one 3N×3N factorisation per Newton step and keeps quadratic convergence.
Without intermediate inputs (β = 1 everywhere) p and e follow from x in closed form and the system
is N×N.

Up to NEWTON_MAX_ECONOMIES economies: Newton with the analytic Jacobian (below), reusing the
factorisation while steps converge fast (CHORD_RATIO), with a line search that accepts a step when
the largest residual falls or Deuflhard's natural monotonicity test passes. Above it: the fixed point
x ← x − F/diag(∂F/∂x), p ← ln P̂(x, p), e ← E'(x, p, e)/E (renormalised to the numeraire) accelerated
by Anderson mixing; the diagonal slope is computed exactly at the start and after a restart and then
held, so a step costs two batched mat-vecs. Each falls back on the other, and the textbook damped
iteration on both (then Newton finishes); if nothing meets TOLERANCE the result says converged=False
and a RuntimeWarning is raised.

Jacobian. With m_s = π'_s (N×N), V_s = α'_s ∘ E', C_s = m_s diag(V_s) m_sᵀ, t = 1 − η and
a, b ∈ {β, 1 − β} (weights of wage and bundle price in unit cost, per row and per column):
∂(Σ_s a_s R'_s)/∂(ln ĉ weighted by b) = Σ_s [(θ_s + t) diag(a_s) C_s diag(b_s) − θ_s diag(a_s b_s R'_s)]
− t L_a R_b, with L_a[i, j] = Σ_s a_si m_sij V_sj and R_b[j, k] = Σ_r α'_rj m_rkj b_rk; the price
block is ∂ln P̂_j/∂x_k = R_β[j, k] and ∂ln P̂_j/∂p_k = R_(1−β)[j, k]; and ∂R'_si/∂E'_j = m_sij α'_sj.

numpy for the arithmetic, LAPACK's getrf/getrs (through scipy) for Newton steps; no dash,
no plotly, no pandas in the hot path.
"""
from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.model.anderson import AndersonMixer
from dashboard.model.productivity import ROBOT_ELASTICITY, ROBOT_ELASTICITY_LOW, Parameter
from dashboard.model.trade import _trade_groups

#: Market clearing: |labour demand_i − ŵ_i Y_i| ≤ TOLERANCE · ŵ_i Y_i for every economy, the price
#: index and absorption identities to TOLERANCE / 10 (relative), and the numeraire to TOLERANCE.
TOLERANCE = 1e-10
#: Dense Newton (a 3N×3N system, O(N³) per step) up to this many economies; Anderson above. Measured
#: (two sectors, with intermediates, benchmarks/model.py workload): Newton 0.8 ms against Anderson 3.8 ms
#: at N = 40; at N = 50 Newton's 150×150 factorisation and 100×100 products reach the sizes where
#: OpenBLAS starts threads, and on a busy two-core machine one solve then took 24 ms (1.3 ms with
#: OPENBLAS_NUM_THREADS=1) against Anderson's 8 ms. The pages solve at most ~40 economies.
NEWTON_MAX_ECONOMIES = 40
NEWTON_MAX_STEPS = 100
ANDERSON_MAX_STEPS = 2_000
#: The slow fallback when both fail (`_damped`), and the gap at which it hands over to Newton.
DAMPED_MAX_STEPS = 50_000
DAMPED_HANDOVER = 1e-6


@dataclass(frozen=True)
class SectorDefaults:
    """The two-sector model's parameters, each with the estimate it comes from (see the methods page,
    "The two-sector model"). Sector order: goods, services."""

    theta_goods: Parameter
    theta_services: Parameter
    sector_elasticity: Parameter
    robot_elasticity: Parameter
    robot_elasticity_low: Parameter

    @property
    def theta(self) -> tuple[float, float]:
        """θ per sector, (goods, services), for `solve_sectors(theta=...)`."""
        return (self.theta_goods.value, self.theta_services.value)


DEFAULTS = SectorDefaults(
    theta_goods=Parameter(
        4.0,
        "Simonovska, I. & Waugh, M. E. (2014), 'The elasticity of trade: Estimates and evidence', Journal of "
        "International Economics 92(1): 34–50, abstract: 'Our method yields a trade elasticity of roughly four' "
        "(123 countries, 2004, within Eaton & Kortum's model).",
    ),
    theta_services=Parameter(
        4.0,
        "No services-specific trade elasticity could be read in the sources searched (Egger, Larch & Staub 2012 "
        "and Anderson, Milot & Yotov 2014 estimate services trade costs, not θ); services take the goods value. "
        "Services' far higher trade costs (geography 'reduces services trade some seven times more than goods "
        "trade', Anderson, Milot & Yotov 2014, International Economic Review 55(3): 791–818, abstract) are in "
        "the baseline shares already, which exact hat algebra keeps.",
    ),
    sector_elasticity=Parameter(
        0.5,
        "Herrendorf, Rogerson & Valentinyi (2013), 'Two perspectives on preferences and structural "
        "transformation', American Economic Review 103(7): 2752–2789: with sectors as categories of value added "
        "'a Leontief specification fits the data well' (η → 0), with sectors as final expenditure 'a Stone–Geary "
        "specification' (unit elasticity) does (working-paper abstract, 2009). This model's sectors are "
        "industries that buy each other's output as intermediates, between the two perspectives; η = 0.5 is "
        "this project's choice within that range, below 1 as both imply for value added. A calibration "
        "choice, not an estimate.",
    ),
    robot_elasticity=ROBOT_ELASTICITY,
    robot_elasticity_low=ROBOT_ELASTICITY_LOW,
)


@dataclass(frozen=True)
class SectorResult:
    """Outcome of one scenario of `solve_sectors`. numpy arrays; shapes (S, N) are [sector, economy].

    Hat values are ratios new/old (1.0 = unchanged); shares are fractions (0–1); levels are in the
    unit of the input flows (value added and deficits after the scenario are in units of the
    numeraire, world GDP held at its baseline).

    flows (S, N, N): X'_sij after. wage_change ŵ (N). price_change P̂_sj (S, N), sector price indices.
    price_index_change P̂_j (N), the price of the final (and intermediate) bundle.
    real_income_change = ŵ/P̂ (N): real GDP. real_spending_change = ((ŵY + D')/(Y + D))/P̂ (N): real
        final spending (it differs from real income when deficits change or weigh on a changed income).
    employment_share_before/after (S, N): β_si R_si / Y_i, labour's share in each sector (labour is
        fixed per economy and moves between sectors); after, β_si R'_si / Σ_r β_ri R'_ri, which is
        β_si R'_si / ŵ_i Y_i at the equilibrium and sums to exactly 1 per economy.
    gross_output_before/after (S, N): R_si. value_added_before/after (N): Y_i, ŵ_i Y_i.
    exports_before/after, imports_before/after (S, N): sales to / purchases from other economies.
    export_share_before/after (S, N): each economy's share of the sector's world exports.
    domestic_share_before/after (S, N): π_sjj, the share of the sector's spending bought at home.
    spending_share_before/after (S, N): α_sj, the sector's share of absorption.
    deficit_before/after (N): D_j and D'_j (absorption minus gross output).
    converged: every market clears to TOLERANCE (and spending stays positive); iterations: solver
    steps; solver: the method that finished ("newton", "anderson", "damped+newton", "none").
    economies, sectors: labels (tuples) given by the caller, or None.
    """

    flows: np.ndarray
    wage_change: np.ndarray
    price_change: np.ndarray
    price_index_change: np.ndarray
    real_income_change: np.ndarray
    real_spending_change: np.ndarray
    employment_share_before: np.ndarray
    employment_share_after: np.ndarray
    gross_output_before: np.ndarray
    gross_output_after: np.ndarray
    value_added_before: np.ndarray
    value_added_after: np.ndarray
    exports_before: np.ndarray
    exports_after: np.ndarray
    imports_before: np.ndarray
    imports_after: np.ndarray
    export_share_before: np.ndarray
    export_share_after: np.ndarray
    domestic_share_before: np.ndarray
    domestic_share_after: np.ndarray
    spending_share_before: np.ndarray
    spending_share_after: np.ndarray
    deficit_before: np.ndarray
    deficit_after: np.ndarray
    converged: bool
    iterations: int
    solver: str
    economies: tuple[str, ...] | None = field(default=None, repr=False)
    sectors: tuple[str, ...] | None = field(default=None, repr=False)

    @property
    def trade_balance_before(self) -> np.ndarray:
        """Exports minus imports per sector and economy (S, N), before; same unit as the flows."""
        return self.exports_before - self.imports_before

    @property
    def trade_balance_after(self) -> np.ndarray:
        """Exports minus imports per sector and economy (S, N), after."""
        return self.exports_after - self.imports_after

    def table(self) -> pd.DataFrame:
        """One row per (economy, sector), economy-major, with every (S, N) field as a before/after
        column pair and the economy-wide fields repeated on each of the economy's rows. Ratios and
        shares as fractions, levels in the unit of the flows (for downloads; pages format them)."""
        sectors, economies = self.price_change.shape
        economy_names = list(self.economies) if self.economies is not None else list(range(economies))
        sector_names = list(self.sectors) if self.sectors is not None else list(range(sectors))
        columns: dict[str, object] = {
            "economy": np.repeat(economy_names, sectors),
            "sector": np.tile(sector_names, economies),
        }
        for name in ("employment_share", "gross_output", "exports", "imports", "trade_balance",
                     "export_share", "domestic_share", "spending_share"):
            for when in ("before", "after"):
                columns[f"{name}_{when}"] = getattr(self, f"{name}_{when}").T.reshape(-1)
        columns["sector_price_change"] = self.price_change.T.reshape(-1)
        for name in ("wage_change", "price_index_change", "real_income_change", "real_spending_change",
                     "value_added_before", "value_added_after", "deficit_before", "deficit_after"):
            columns[name] = np.repeat(getattr(self, name), sectors)
        return pd.DataFrame(columns)


# ---------------------------------------------------------------------------------------------
# Input checks


def _labels(values: Sequence[str] | None, count: int, name: str) -> tuple[str, ...] | None:
    if values is None:
        return None
    labels = tuple(str(v) for v in values)
    if len(labels) != count:
        raise ValueError(f"{name} must name every one of the {count} {name} in flows, got {len(labels)}")
    return labels


def _name(labels: tuple[str, ...] | None, index) -> str:
    return labels[int(index)] if labels is not None else str(int(index))


def _numbers(value, name: str) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None


def _check_flows(flows, economies, sectors):
    array = _numbers(flows, "flows")
    if array.ndim != 3 or array.shape[1] != array.shape[2] or array.shape[1] < 2 or array.shape[0] < 1:
        raise ValueError(f"flows must have shape (sectors, economies, economies) with at least 2 economies, "
                         f"got shape {array.shape}")
    n_sectors, n = array.shape[:2]
    economy_labels = _labels(economies, n, "economies")
    sector_labels = _labels(sectors, n_sectors, "sectors")
    sales = array.sum(axis=2)                          # R_si
    world = float(sales.sum())
    if not math.isfinite(world):
        if np.isfinite(array).all():
            raise ValueError("flows are too large to add up; rescale them (e.g. to billions)")
        raise ValueError("flows contain a missing or non-finite value")
    if array.min() < 0:
        s, i, j = np.argwhere(array < 0)[0]
        raise ValueError(f"flows contain a negative value in sector {_name(sector_labels, s)}, exporter "
                         f"{_name(economy_labels, i)}, importer {_name(economy_labels, j)}")
    sector_sales = sales.sum(axis=1)
    if sector_sales.min() <= 0:
        raise ValueError(f"sector {_name(sector_labels, np.flatnonzero(sector_sales <= 0)[0])} has no sales")
    economy_sales = sales.sum(axis=0)
    if economy_sales.min() <= 0:
        raise ValueError(f"economy {_name(economy_labels, np.flatnonzero(economy_sales <= 0)[0])} has no sales "
                         f"in any sector")
    own = np.diagonal(array, axis1=1, axis2=2)          # (S, N)
    if own.min() <= 0:
        s, j = np.argwhere(own <= 0)[0]
        raise ValueError(f"economy {_name(economy_labels, j)} has no domestic sales in sector "
                         f"{_name(sector_labels, s)} (every diagonal must be positive)")
    return array, economy_labels, sector_labels, sales


def _per_sector(value, n_sectors: int, name: str, what: str) -> np.ndarray:
    """A positive number, or one per sector: θ."""
    array = _numbers(value, name).reshape(-1)
    if array.size == 1:
        array = np.full(n_sectors, float(array[0]))
    if array.shape != (n_sectors,):
        raise ValueError(f"{name} must be a number or one per sector ({n_sectors}), got {array.size} values")
    bad = ~(array > 0) | ~np.isfinite(array)
    if bad.any():
        raise ValueError(f"{name} ({what}) must be positive, got {float(array[np.flatnonzero(bad)[0]])}")
    return array


def _sector_matrix(value, shape: tuple[int, int], name: str) -> np.ndarray:
    array = _numbers(value, name)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape (sectors, economies) = {shape}, got {array.shape}")
    return array


def _check_costs(value, n_sectors: int, n: int) -> np.ndarray | None:
    if value is None:
        return None
    array = _numbers(value, "trade_cost_change")
    if array.shape == (n, n):
        array = np.broadcast_to(array, (n_sectors, n, n))
    if array.shape != (n_sectors, n, n):
        raise ValueError(f"trade_cost_change must be {n}×{n} (every sector) or ({n_sectors}, {n}, {n}), "
                         f"got shape {array.shape}")
    if np.isnan(array).any() or (array <= 0).any():
        raise ValueError("trade_cost_change must be positive (1.0 = unchanged; inf = prohibitive)")
    if (np.diagonal(array, axis1=1, axis2=2) != 1.0).any():
        raise ValueError("trade_cost_change must be 1 on the diagonal (τ̂_jj = 1: domestic trade costs are the "
                         "reference)")
    return array


def _check_deficits(deficits, n: int, baseline: np.ndarray, income: np.ndarray, world: float) -> np.ndarray:
    """New deficit levels D'."""
    if isinstance(deficits, str):
        if deficits == "fixed":
            return baseline
        if deficits == "balanced":
            return np.zeros(n)
        raise ValueError(f"deficits must be 'fixed', 'balanced' or an array of new deficit levels, got {deficits!r}")
    array = _numbers(deficits, "deficits").reshape(-1)
    if array.shape != (n,):
        raise ValueError(f"deficits must have one value per economy ({n}), got {array.size}")
    if not np.isfinite(array).all():
        raise ValueError("deficits must be finite numbers (new deficit levels, in the unit of flows)")
    total = float(array.sum())
    if abs(total) > 1e-9 * world:
        raise ValueError(f"deficits must sum to zero across economies (every deficit is another economy's "
                         f"surplus); they sum to {total:.6g}")
    # What is left is rounding (≤ 1e-9 of world GDP), yet more than the solver's tolerance: spread it in
    # proportion to GDP, so the markets can clear to TOLERANCE and the deficits hold to rounding.
    return array - total * income / world


# ---------------------------------------------------------------------------------------------
# Equilibrium


class _State(NamedTuple):
    """One evaluation of the equilibrium conditions at z = (x, p, e) (see `_World.evaluate`)."""

    z: np.ndarray         # unknowns: (x, p, e), or x alone without intermediate inputs
    gap: float            # the largest scaled residual, and the numeraire error
    wage: np.ndarray      # ŵ (N)
    earned: np.ndarray    # ŵ_i Y_i
    log_p: np.ndarray     # ln P̂_j (computed from x, p)
    spend: np.ndarray     # E'_j
    weight: np.ndarray    # ĉ_si^(−θ_s), Â^θ included (S, N)
    reach: np.ndarray     # Σ_k weight_sk K_skj = E_sj Φ_sj, (S, N)
    log_ps: np.ndarray    # ln P̂_sj (S, N)
    alpha: np.ndarray     # α'_sj (S, N)
    scaled: np.ndarray    # α'_sj E'_j / reach_sj (S, N)
    sales: np.ndarray     # R'_si (S, N)
    labour: np.ndarray    # F_i = Σ_s β_si R'_si − ŵ_i Y_i
    price: np.ndarray     # G_j = ln P̂_j(x, p) − p_j
    absorb: np.ndarray    # H_j = ŵ_j Y_j + D'_j + Σ_s (1 − β_sj) R'_sj − E'_j


@dataclass(frozen=True)
class _World:
    """Everything fixed during the solve (one per call and trade-connected group, never shared).

    kernel = X ∘ τ̂^(−θ) (S, N, N) and row = Â^θ (S, N): π'_sij = weight_si kernel_sij / reach_sj with
    weight = row · ĉ^(−θ) (the 1/E_sj of π cancels), as in trade._Economy.
    """

    kernel: np.ndarray
    row: np.ndarray
    beta: np.ndarray      # β (S, N)
    gamma: np.ndarray     # 1 − β
    theta: np.ndarray     # θ as a column (S, 1)
    t: float              # 1 − η
    alpha: np.ndarray     # α (S, N)
    sector_spend: np.ndarray  # E_sj = Σ_i X_sij (S, N)
    income: np.ndarray    # Y
    spend0: np.ndarray    # E (absorption)
    deficit: np.ndarray   # D' (new levels)
    world: float          # Σ Y, the numeraire
    intermediates: bool   # any β < 1: unknowns (x, p, e); otherwise x alone

    @property
    def n(self) -> int:
        return self.income.size

    @functools.cached_property
    def cost_weights(self) -> np.ndarray:
        """The weights of the wage and (with intermediate inputs) of the bundle price in unit costs,
        laid out [a, i, s, 1] for `jacobian`: a = 0 is β_si, a = 1 is 1 − β_si."""
        weights = (self.beta, self.gamma) if self.intermediates else (self.beta,)
        return np.stack([w.T for w in weights])[:, :, :, None]

    @functools.cached_property
    def scale(self) -> np.ndarray:
        """The scale of the labour and absorption equations, (Y, E)."""
        return np.concatenate([self.income, self.spend0])

    def start(self) -> np.ndarray:
        n = self.n
        return np.concatenate([np.zeros(2 * n), np.ones(n)]) if self.intermediates else np.zeros(n)

    def evaluate(self, z: np.ndarray) -> _State:
        n, t, theta = self.n, self.t, self.theta
        x = z[:n]
        wage = np.exp(x)
        earned = wage * self.income
        if self.intermediates:
            p, spend = z[n:2 * n], z[2 * n:] * self.spend0
            weight = self.row * np.exp(-theta * (self.beta * x + self.gamma * p))
        else:
            weight = self.row * np.exp(-theta * x)
        reach = np.matmul(weight[:, None, :], self.kernel)[:, 0, :]
        log_ps = np.log(reach / self.sector_spend) / -theta
        if t == 0.0:
            log_p = (self.alpha * log_ps).sum(axis=0)
            alpha = self.alpha
        else:
            # log1p/expm1: exact as η → 1, where log Σ α P̂_s^(1−η) and 1 − η both vanish.
            log_p = np.log1p((self.alpha * np.expm1(t * log_ps)).sum(axis=0)) / t
            alpha = self.alpha * np.exp(t * (log_ps - log_p))
        if not self.intermediates:
            p, spend = log_p, earned + self.deficit
        scaled = alpha * spend / reach
        sales = weight * np.matmul(self.kernel, scaled[:, :, None])[:, :, 0]
        labour = (self.beta * sales).sum(axis=0) - earned
        price = log_p - p
        absorb = earned + self.deficit + (self.gamma * sales).sum(axis=0) - spend
        # The price-index and absorption identities count ten times: their errors pass into labour
        # demand (about θ(1 − β)/β times), and the markets must clear to TOLERANCE when labour demand
        # is recomputed from ŵ alone (benchmarks/model.py, sector_gap).
        gap = max(float(np.abs(labour / earned).max()), 10.0 * float(np.abs(price).max()),
                  10.0 * float(np.abs(absorb / self.spend0).max()), abs(float(earned.sum()) / self.world - 1.0))
        if not math.isfinite(gap):
            gap = math.inf
        return _State(z, gap, wage, earned, log_p, spend, weight, reach, log_ps, alpha, scaled, sales,
                      labour, price, absorb)

    def residual(self, state: _State) -> np.ndarray:
        """Scaled residuals: labour (F/Y, the last replaced by the numeraire), absorption (H/E), price index (G)."""
        labour = state.labour / self.income
        labour[-1] = state.earned.sum() / self.world - 1.0
        if not self.intermediates:
            return labour
        return np.concatenate([labour, state.absorb / self.spend0, state.price])

    def jacobian(self, state: _State) -> np.ndarray:
        """∂residual/∂z (rows as in `residual`, columns x, p, e), analytic (see the module docstring).

        Both cost weights at once: A = [diag(β_s) m_s; diag(1 − β_s) m_s]_s laid side by side over the
        sectors (2N × SN), so the own-sector terms of the (labour, absorption) × (x, p) block are
        A diag((θ_s + t) V_s) Aᵀ, one BLAS product, and the cross-sector term is t (M ∘ E') Mᵀ with
        M = Σ_s A_s diag(α'_s) = [M_β; M_(1−β)]. Few numpy calls: at N = 30 each costs about as much as
        its arithmetic, and the Jacobian is most of a Newton step (benchmarks/model.py).
        """
        n, t = self.n, self.t
        theta = self.theta[:, 0]
        # π'_sij laid out [i, s, j], weighted: stacked[a·N + i, s·N + j] = w_a,si π'_sij.
        shares = (state.weight[:, :, None] * self.kernel / state.reach[:, None, :]).transpose(1, 0, 2)
        stacked = (self.cost_weights * shares).reshape(-1, shares.shape[1] * n)
        volume = ((theta + t)[:, None] * state.alpha * state.spend).reshape(-1)     # (θ_s + t) V_s
        jac = (stacked * volume) @ stacked.T
        mixing = (stacked * state.alpha.reshape(-1)).reshape(-1, shares.shape[1], n).sum(axis=1)  # M
        if t != 0.0:
            jac -= (t * mixing * state.spend) @ mixing.T
        own = theta[:, None] * state.sales                                           # θ_s R'_s
        earned = state.earned
        diagonal = np.arange(n)
        beta = self.beta
        if not self.intermediates:
            # p and e follow x: E' = ŵY + D', so ∂E'/∂x = diag(ŵY).
            jac[diagonal, diagonal] -= (beta * beta * own).sum(axis=0) + earned
            jac += mixing * earned
            jac /= self.income[:, None]
            jac[-1] = earned / self.world
            return jac
        gamma = self.gamma
        full = np.zeros((3 * n, 3 * n))
        full[:2 * n, :2 * n] = jac
        # −θ_s a_s b_s R'_s on the diagonal of each N×N block; ±ŵY where x enters F and H directly.
        full[diagonal, diagonal] -= (beta * beta * own).sum(axis=0) + earned
        cross_diagonal = (beta * gamma * own).sum(axis=0)
        full[diagonal, n + diagonal] -= cross_diagonal
        full[n + diagonal, diagonal] += earned - cross_diagonal
        full[n + diagonal, n + diagonal] -= (gamma * gamma * own).sum(axis=0)
        full[:2 * n, 2 * n:] = mixing * self.spend0                                  # ∂(F, H)/∂e
        full[n + diagonal, 2 * n + diagonal] -= self.spend0
        full[2 * n:, :2 * n] = mixing.T                                               # ∂G/∂(x, p) = Mᵀ
        full[2 * n + diagonal, n + diagonal] -= 1.0
        full[:2 * n] /= self.scale[:, None]
        full[n - 1] = 0.0
        full[n - 1, :n] = earned / self.world
        return full

    def target(self, state: _State, slope: np.ndarray) -> np.ndarray:
        """One step of the fixed-point map: a Jacobi–Newton step in x (renormalised to the numeraire),
        p ← ln P̂(x, p), e ← E'(x, p, e)/E."""
        n = self.n
        x = state.z[:n] - state.labour / slope
        total = float((np.exp(x) * self.income).sum())
        if not 0 < total < math.inf:  # a step that overflowed: the caller restarts
            return np.full(state.z.size, np.nan)
        x = x + math.log(self.world / total)
        if not self.intermediates:
            return x
        spend = state.earned + self.deficit + (self.gamma * state.sales).sum(axis=0)
        return np.concatenate([x, state.log_p, spend / self.spend0])

    def slope(self, state: _State) -> np.ndarray:
        """∂F_i/∂x_i (< 0), exactly: the own-sales concentration terms in one pass over kernel products."""
        t = self.t
        theta = self.theta[:, 0]
        beta = self.beta
        kernel, weight, reach = self.kernel, state.weight, state.reach
        volume = state.alpha * state.spend
        # C_s,ii = weight_si² Σ_j K_sij² V_sj / reach_sj²
        squares = weight * weight * np.matmul(kernel * kernel, (volume / (reach * reach))[:, :, None])[:, :, 0]
        slope = (beta * beta * ((theta + t)[:, None] * squares - theta[:, None] * state.sales)).sum(axis=0)
        if t != 0.0:
            # (L_β R_β)_ii = Σ_s Σ_r β_si β_ri weight_si weight_ri Σ_j K_sij K_rij V_sj α'_rj / (reach_sj reach_rj)
            cross = np.zeros(self.n)
            for s in range(kernel.shape[0]):
                for r in range(kernel.shape[0]):
                    vector = volume[s] * state.alpha[r] / (reach[s] * reach[r])
                    cross += beta[s] * beta[r] * weight[s] * weight[r] * ((kernel[s] * kernel[r]) @ vector)
            slope -= t * cross
        slope -= state.earned
        if not self.intermediates:
            # E' = ŵY + D' moves with x: + Σ_s β_si m_sii α'_si ŵ_i Y_i.
            own = np.diagonal(self.kernel, axis1=1, axis2=2) * weight / reach
            slope += (beta * own * state.alpha).sum(axis=0) * state.earned
        return np.minimum(slope, -1e-3 * state.earned)

    def subset(self, group: np.ndarray) -> _World:
        income = self.income[group]
        return _World(self.kernel[:, group][:, :, group], self.row[:, group], self.beta[:, group],
                      self.gamma[:, group], self.theta, self.t, self.alpha[:, group],
                      self.sector_spend[:, group], income, self.spend0[group], self.deficit[group],
                      float(income.sum()), self.intermediates)


@functools.cache
def _lu():
    """LAPACK's getrf/getrs (LU factorisation and solve), imported on first use like trade._gesv."""
    from scipy.linalg.lapack import dgetrf, dgetrs

    return dgetrf, dgetrs


#: Newton keeps the last LU factorisation for the next step while each step cuts the gap at least this
#: much (the chord method). Near the solution a fresh Jacobian gains little over a stale one, and a step
#: with a stale one costs an evaluation and a triangular solve. Measured on the benchmarks/model.py
#: workload at N = 30: 2 Jacobians and 7 steps, 0.77 ms, against 4 and 4, 0.93 ms, without reuse.
CHORD_RATIO = 0.05


def _newton(world: _World, z: np.ndarray | None, max_steps: int) -> tuple[_State, int]:
    """Newton on the stacked system with the analytic Jacobian and a backtracking line search, reusing
    the factorised Jacobian while steps converge fast (CHORD_RATIO).
    Returns (state, steps): the last evaluation and the steps taken."""
    getrf, getrs = _lu()
    state = world.evaluate(world.start() if z is None else z)
    factors = None        # (lu, pivots) of a Jacobian at an earlier state, while it serves
    for step in range(max_steps):
        if state.gap < TOLERANCE:
            return state, step
        rhs = world.residual(state)
        if factors is not None:
            trial = world.evaluate(state.z - getrs(*factors, rhs)[0])
            if trial.gap < CHORD_RATIO * state.gap:
                state = trial
                continue
            factors = None    # too slow: a fresh Jacobian at this state
        jac = world.jacobian(state)
        lu, pivots, info = getrf(jac)
        if info == 0:
            direction = getrs(lu, pivots, rhs)[0]
        else:  # singular
            direction = np.linalg.lstsq(jac, rhs, rcond=None)[0]
        if not np.isfinite(direction).all():
            return state, step + 1
        length = float(np.linalg.norm(direction))
        size = 1.0
        while True:
            trial = world.evaluate(state.z - size * direction)
            if trial.gap < state.gap:
                break
            # Deuflhard's natural monotonicity test: the next Newton correction, with this Jacobian, is
            # shorter than this one. In a flat valley (two groups of economies joined by a thin trade
            # link) a full step can raise the largest residual a thousandfold on the way to the
            # solution, and a test on residuals alone then stalls (found by the property tests).
            if info == 0 and math.isfinite(trial.gap):
                correction = getrs(lu, pivots, world.residual(trial))[0]
                if float(np.linalg.norm(correction)) < (1.0 - size / 4) * size * length:
                    break
            size *= 0.5
            if size < 1e-6:
                return state, step + 1  # no descent: let the caller try another method
        if info == 0 and size == 1.0 and trial.gap < CHORD_RATIO * state.gap:
            factors = (lu, pivots)
        state = trial
    return state, max_steps


def _anderson(world: _World, z: np.ndarray | None, max_steps: int) -> tuple[_State, int]:
    """The fixed-point map of `_World.target` with Anderson mixing; the slope is exact at the start
    and after a restart and held in between (relative to ŵY). Guarded: a step that makes things much
    worse restarts the history from the best point. Returns (best state, steps)."""
    mixer = AndersonMixer()
    z = world.start() if z is None else z
    best: _State | None = None
    ratio = None
    restarts = 0
    for step in range(max_steps + 1):
        state = world.evaluate(z)
        residual = None
        if math.isfinite(state.gap) and (best is None or state.gap <= 1e3 * best.gap):
            if best is None or state.gap < best.gap:
                best = state
            if state.gap < TOLERANCE:
                return state, step
            if ratio is None:
                ratio = world.slope(state) / state.earned
            residual = world.target(state, ratio * state.earned) - z
        if residual is None or not np.isfinite(residual).all():
            restarts += 1
            if restarts > 10 or best is None:
                return best if best is not None else state, step
            mixer.reset()
            z, ratio = best.z, None
            continue
        z = mixer.step(z, residual)
    return best if best is not None else state, max_steps


def _damped(world: _World, max_steps: int) -> tuple[_State, int]:
    """The textbook iteration from no change: ŵ_i ← ŵ_i (1 + λ F_i/ŵ_iY_i) with λ = min(2/(1 + θ), 0.5)
    for the largest θ, p ← ln P̂, e ← E'/E, renormalised to the numeraire, until the gap is below
    DAMPED_HANDOVER. Returns (best state, steps)."""
    step = min(2.0 / (1.0 + float(world.theta.max())), 0.5)
    n = world.n
    state = best = world.evaluate(world.start())
    for used in range(max_steps):
        if state.gap < DAMPED_HANDOVER or not math.isfinite(state.gap):
            return best, used
        z = state.z.copy()
        x = z[:n] + np.log1p(step * state.labour / state.earned)
        total = float((np.exp(x) * world.income).sum())
        if not 0 < total < math.inf:
            return best, used
        z[:n] = x + math.log(world.world / total)
        if world.intermediates:
            z[n:2 * n] = state.log_p
            z[2 * n:] = (state.earned + world.deficit + (world.gamma * state.sales).sum(axis=0)) / world.spend0
        state = world.evaluate(z)
        if state.gap < best.gap:
            best = state
    return best, max_steps


def _solve_connected(world: _World) -> tuple[_State, int, str]:
    """(state, iterations, solver) for one trade-connected group of economies."""
    # An economy cut off from all trade still solves for its price index and absorption (the numeraire
    # fixes its wage); Newton does that in a step or two.
    if world.n <= NEWTON_MAX_ECONOMIES:
        methods = ((_newton, NEWTON_MAX_STEPS, "newton"), (_anderson, ANDERSON_MAX_STEPS, "anderson"))
    else:
        methods = ((_anderson, ANDERSON_MAX_STEPS, "anderson"), (_newton, NEWTON_MAX_STEPS, "newton"))
    total, z = 0, None
    for method, steps, name in methods:
        state, used = method(world, z, steps)
        total += used
        if state.gap < TOLERANCE:
            return state, total, name
        z = state.z
    state, used = _damped(world, DAMPED_MAX_STEPS)
    total += used
    if state.gap >= TOLERANCE:
        finished, used = _newton(world, state.z, NEWTON_MAX_STEPS)
        total += used
        state = finished if finished.gap < state.gap else state
    return state, total, "damped+newton"


def _solve(world: _World) -> tuple[_State, int, float, str, np.ndarray | None]:
    """(state, iterations, gap, solver, stranded). Groups of economies that do not trade with each
    other (in any sector) are solved apart, each holding its own GDP (as in trade._solve_wages);
    a group whose new deficits do not sum to zero cannot clear its markets and is returned as stranded."""
    groups = _trade_groups(world.kernel.sum(axis=0))
    if groups is None:
        state, iterations, solver = _solve_connected(world)
        return state, iterations, state.gap, solver, None
    n = world.n
    z = world.start()
    iterations, worst, solvers = 0, 0.0, set()
    for group in groups:
        imbalance = abs(float(world.deficit[group].sum())) / float(world.income[group].sum())
        if imbalance > TOLERANCE / 10:  # the group's markets cannot all clear to TOLERANCE
            return world.evaluate(z), iterations, imbalance, "none", group
        state, used, solver = _solve_connected(world.subset(group))
        size = group.size
        z[group] = state.z[:size]
        if world.intermediates:
            z[n + group] = state.z[size:2 * size]
            z[2 * n + group] = state.z[2 * size:]
        iterations += used
        worst = max(worst, state.gap)
        solvers.add(solver)
    solvers.discard("none")
    solver = "+".join(sorted(solvers)) or "none"
    state = world.evaluate(z)
    # Each group meets its own numeraire; the world-wide one need not hold (it is not part of the model then).
    return state, iterations, worst, solver, None


# ---------------------------------------------------------------------------------------------
# Outputs


def _export_shares(exports: np.ndarray) -> np.ndarray:
    """Shares of each sector's world exports (rows of (S, N)); zero where a sector has no exports."""
    totals = exports.sum(axis=1, keepdims=True)
    return np.divide(exports, totals, out=np.zeros_like(exports), where=totals > 0)


def solve_sectors(flows, productivity_change=None, trade_cost_change=None,
                  theta=DEFAULTS.theta_goods.value,
                  sector_elasticity: float = DEFAULTS.sector_elasticity.value,
                  value_added_share=None, deficits="fixed", *,
                  economies: Sequence[str] | None = None,
                  sectors: Sequence[str] | None = None) -> SectorResult:
    """Solve the multi-sector Eaton–Kortum model in changes (see the module docstring for the equations).

    flows: (S, N, N) non-negative gross sales, flows[s, i, j] from exporter i to importer j in sector s,
        domestic sales on the diagonal (every diagonal positive). Any currency unit.
    productivity_change: Â (S, N), ratio (1 = unchanged), or None.
    trade_cost_change: τ̂ None, (N, N) for every sector, or (S, N, N); 1 on the diagonal, inf = prohibitive.
    theta: trade elasticity θ > 0, a number for every sector or one per sector; default 4 for every
        sector (DEFAULTS.theta_goods and theta_services, with their sources).
    sector_elasticity: η > 0, the elasticity of substitution between sectors (1 = Cobb–Douglas);
        default 0.5 (DEFAULTS.sector_elasticity, with its source). With η < 1 a productivity gain in
        one sector lowers its share of spending, so in a closed economy labour moves out of it; trade
        can reverse that.
    value_added_share: β (S, N) in (0, 1], value added over gross output, or None (= 1: no intermediates).
    deficits: "fixed" (every D_j held in levels), "balanced" (every D'_j = 0) or an array (N) of new
        deficit levels (same unit as flows) that sums to zero.
    economies, sectors: optional labels, used in messages and carried on the result.

    Numeraire: world GDP, Σ ŵ_i Y_i = Σ Y_i. Raises ValueError on malformed input. If the markets cannot
    be cleared to TOLERANCE, or the equilibrium needs negative final spending somewhere, the result has
    converged=False and a RuntimeWarning is raised; never a silently wrong answer.
    """
    array, economy_labels, sector_labels, sales = _check_flows(flows, economies, sectors)
    n_sectors, n = sales.shape
    theta_s = _per_sector(theta, n_sectors, "theta", "the trade elasticity")
    try:
        eta = float(sector_elasticity)
    except (TypeError, ValueError):
        raise ValueError(f"sector_elasticity (η) must be a positive number, got {sector_elasticity!r}") from None
    if not (math.isfinite(eta) and eta > 0):
        raise ValueError(f"sector_elasticity (η) must be positive, got {eta}")
    if value_added_share is None:
        beta = np.ones((n_sectors, n))
    else:
        beta = _sector_matrix(value_added_share, (n_sectors, n), "value_added_share")
        bad = ~((beta > 0) & (beta <= 1))
        if bad.any():
            s, i = np.argwhere(bad)[0]
            raise ValueError(f"value_added_share must be in (0, 1] (value added over gross output), got "
                             f"{beta[s, i]} for sector {_name(sector_labels, s)}, economy {_name(economy_labels, i)}")
    if productivity_change is None:
        a_hat = np.ones((n_sectors, n))
    else:
        a_hat = _sector_matrix(productivity_change, (n_sectors, n), "productivity_change")
        if not (a_hat.min() > 0 and a_hat.max() < math.inf):
            raise ValueError("productivity_change must be positive and finite (1.0 = unchanged)")
    tau_hat = _check_costs(trade_cost_change, n_sectors, n)

    income = (beta * sales).sum(axis=0)                        # Y_i
    sector_spend = array.sum(axis=1)                           # E_sj
    spend0 = sector_spend.sum(axis=0)                          # E_j
    deficit0 = spend0 - sales.sum(axis=0)                      # D_j
    world_gdp = float(income.sum())
    final0 = income + deficit0
    if final0.min() <= 0:
        j = int(np.flatnonzero(final0 <= 0)[0])
        raise ValueError(f"economy {_name(economy_labels, j)} has no final spending (GDP + deficit ≤ 0): its "
                         f"intermediate purchases implied by value_added_share exceed its absorption")
    deficit_new = _check_deficits(deficits, n, deficit0, income, world_gdp)

    theta_col = theta_s[:, None]
    with np.errstate(all="ignore"):
        row = a_hat ** theta_col
        if not (row.min() > 0 and row.max() < math.inf):
            raise ValueError("productivity_change is too extreme for this theta (its effect overflows); "
                             "use changes closer to 1.0")
        kernel = array
        if tau_hat is not None:
            kernel = array * tau_hat ** -theta_col[:, :, None]
            if not np.isfinite(kernel.max()):
                raise ValueError("trade_cost_change is too extreme for this theta (costs overflow); "
                                 "use changes closer to 1.0")
        world = _World(kernel, row, beta, 1.0 - beta, theta_col, 1.0 - eta, sector_spend / spend0, sector_spend,
                       income, spend0, deficit_new, world_gdp, bool((beta < 1).any()))
        state, iterations, gap, solver, stranded = _solve(world)

        converged = gap < TOLERANCE
        final = state.earned + deficit_new
        if stranded is not None:
            names = ", ".join(_name(economy_labels, i) for i in stranded[:5]) + (", …" if stranded.size > 5 else "")
            warnings.warn(f"solve_sectors did not converge: economies {names} are cut off from the others' trade "
                          f"but run a combined trade deficit or surplus, so no equilibrium exists", RuntimeWarning,
                          stacklevel=2)
        elif not converged:
            warnings.warn(f"solve_sectors did not converge after {iterations} iterations (largest market-clearing "
                          f"gap {gap:.2e}); the result is not an equilibrium", RuntimeWarning, stacklevel=2)
        elif final.min() <= 0:
            converged = False
            j = int(np.flatnonzero(final <= 0)[0])
            warnings.warn(f"solve_sectors did not converge: economy {_name(economy_labels, j)} would need negative "
                          f"final spending (its trade surplus exceeds its new income); the result is not an "
                          f"equilibrium", RuntimeWarning, stacklevel=2)

        flows_new = state.weight[:, :, None] * kernel * state.scaled[:, None, :]
        sales_new = state.sales
        labour_new = beta * sales_new   # = ŵ_i Y_i in total at the equilibrium (to TOLERANCE)
        price_index = np.exp(state.log_p)
        wage = state.wage
        own_before = np.diagonal(array, axis1=1, axis2=2)
        own_after = np.diagonal(flows_new, axis1=1, axis2=2)
        bought_after = flows_new.sum(axis=1)
        exports_before = sales - own_before
        exports_after = sales_new - own_after
        # Total sales minus domestic sales leaves rounding noise (~1e-16 of sales) where nothing is exported.
        exports_after[exports_after <= 1e-12 * sales_new] = 0.0
        imports_after = bought_after - own_after
        imports_after[imports_after <= 1e-12 * bought_after] = 0.0

    return SectorResult(
        flows=flows_new,
        wage_change=wage,
        price_change=np.exp(state.log_ps),
        price_index_change=price_index,
        real_income_change=wage / price_index,
        real_spending_change=final / final0 / price_index,
        employment_share_before=beta * sales / income,
        employment_share_after=labour_new / labour_new.sum(axis=0),
        gross_output_before=sales,
        gross_output_after=sales_new,
        value_added_before=income,
        value_added_after=state.earned,
        exports_before=exports_before,
        exports_after=exports_after,
        imports_before=sector_spend - own_before,
        imports_after=imports_after,
        export_share_before=_export_shares(exports_before),
        export_share_after=_export_shares(exports_after),
        domestic_share_before=own_before / sector_spend,
        domestic_share_after=own_after / bought_after,
        spending_share_before=sector_spend / spend0,
        spending_share_after=bought_after / bought_after.sum(axis=0),
        deficit_before=deficit0,
        deficit_after=bought_after.sum(axis=0) - sales_new.sum(axis=0),
        converged=bool(converged),
        iterations=int(iterations),
        solver=solver,
        economies=economy_labels,
        sectors=sector_labels,
    )
