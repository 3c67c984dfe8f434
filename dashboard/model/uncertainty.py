"""Uncertainty ranges for a two-sector scenario: Monte Carlo over the parameters nobody knows exactly.

A scenario's point estimate (`solve_sectors` at the calibrated parameters) is one number per economy
and output. `scenario_ranges` redraws the uncertain inputs `draws` times, solves each draw with
`solve_sectors`, and reports per economy and output the median, a 90 % interval, the share of draws
that agree with the point estimate's sign, and the Monte Carlo error of each interval end.

What is drawn (`DISTRIBUTIONS`, each with its source; the methods page, "Uncertainty ranges", lists them):

* ε, the elasticity of manufacturing labour productivity with respect to robot density: lognormal
  with its median at the point estimate and the Bekhtiar, Bittschi & Sellner (2024) low case (half the
  central value) as its 5th percentile.
* θ, the trade elasticity, one independent draw per sector: lognormal with its median at the point
  estimate and a log standard deviation equal to the spread of the logs of three central values from
  the literature (Bajzik et al. 2020's bias-corrected median, Simonovska & Waugh 2014, Head & Mayer
  2014's preferred value).
* η, the elasticity of substitution between sectors: a beta distribution on Herrendorf, Rogerson &
  Valentinyi's (2013) bounds (0, 1), with mean at the point estimate and concentration 4 (this
  project's choice; Beta(2, 2) at η = 0.5).
* The baseline robot density of each economy whose target differs from its baseline, by how the
  baseline was obtained: IFR-published ("sourced": lognormal, median the published figure, log sd 1.5 %),
  modeled as IFR stock ÷ ILO employment ("modeled": shifted up by the understatement measured where both
  exist, 11–21 %), or set by the user ("user": not varied). An economy whose target equals its baseline is
  left unchanged in every draw: the user means "no change", whatever the true density. At city-cluster
  level (`groups`: each node's country) one error is drawn per country and shared by its nodes: a
  country's density is one published or modeled figure, whichever of its nodes moves.

Not varied: the baseline trade and national-accounts data, value added over gross output, the
manufacturing share of goods, the deficits closure, the target densities and the model's structure.

Reproducibility. The draws come from a seed derived from the scenario: SHA-256 of a canonical byte
encoding of every input (arrays as little-endian float64, labels as UTF-8, the distributions' values),
never Python's `hash()` (salted per process). The uniforms are the raw 64-bit output of numpy's PCG64
bit generator seeded through SeedSequence (integer arithmetic only; none of Generator's floating-point
distribution algorithms, which NEP 19 lets numpy improve between versions), turned into draws by inverse
CDFs (scipy.special.ndtri, betaincinv). So the same scenario gives the same ranges bit for bit in every
process with the pinned numpy and scipy (tests/model/test_uncertainty.py checks a fresh interpreter);
numpy promises identical streams only on the same build and machine, so another CPU's floating point may
move the last digits, never a figure the page shows. The draw count is not part of the seed: a run of
500 draws uses the first 500 draws of a run of 1,000.

Monte Carlo error of an interval end: the distribution-free order-statistic interval. The number of
draws below the true p-quantile is binomial(m, p), so the order statistics at ranks
m·p ± sqrt(m·p·(1 − p)) bracket the quantile with about 68 % probability; half their distance is the
standard error of the estimated quantile. `UncertaintyResult.mc_error_ratio` puts it against the width.
"""
from __future__ import annotations

import hashlib
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd
from scipy import special

from dashboard.model.productivity import ROBOT_ELASTICITY, ROBOT_ELASTICITY_LOW, Parameter, goods_productivity
from dashboard.model.sectors import DEFAULTS, SectorResult, solve_sectors

#: Default number of draws. Measured (benchmarks/uncertainty.py, one core, 25 economies, two sectors, the
#: "Asia catches up" preset): 0.7–0.8 s a run at the median, 1.2 s at worst on a busy machine (≤ 2 s),
#: with the Monte Carlo error of each 90 % interval end 3–4 % of the interval's width at the median over
#: economies and outputs and 6 % at worst (eight runs with independent seeds agree). At city-cluster size
#: (90 nodes) a draw costs ~7 ms, so the same 1,000 draws take ~7 s.
DEFAULT_DRAWS = 1_000
#: Draws at city-cluster level (the nested baseline, 67 nodes, two sectors; `groups` given). A draw costs
#: 5–7 times a country-level one there, so 1,000 draws would take 4–6 s: 250 draws take 2.3–3.1 s (median of
#: three) on a loaded two-core machine in the same benchmarks/uncertainty.py run where the country default
#: took 1.6–1.9 s (0.7–0.8 s on a quiet one), i.e. about 1–1.5 s on a quiet core. The Monte Carlo error of
#: an interval end scales with 1/√draws: 7–12 % of the interval's width at the median over nodes and the
#: shown outputs, 16–17 % at worst (China's 2025 target; the Greater Bay Area alone). The page states each
#: run's own (`UncertaintyResult.mc_error_ratio`).
CLUSTER_DRAWS = 250
#: The interval reported: from the 5th to the 95th percentile of the draws.
INTERVAL = (0.05, 0.95)
#: How the baseline robot density was obtained, one per economy (`scenario_ranges(density_basis=...)`):
#: "sourced" (published by the IFR), "modeled" (IFR operational stock ÷ ILO manufacturing employment,
#: data/notes_indicators.md), "user" (set by the user: no measurement error).
DENSITY_BASES = ("sourced", "modeled", "user")


# ---------------------------------------------------------------------------------------------
# The distributions, with their sources

#: Three central values of the trade elasticity θ read in the literature (the spread of their logs
#: sets θ's spread): (value, source).
THETA_CENTRAL_VALUES = (
    (3.8 - 1.0,
     ("Bajzik, J., Havranek, T., Irsova, Z. & Schwarz, J. (2020), 'Estimating the Armington elasticity: The "
     "importance of study design and publication bias', Journal of International Economics 127: 103383, "
     "abstract: corrected for publication bias and study quality the Armington elasticity 'lies in the range "
     "2.5–5.1 with a median of 3.8'; θ = σ − 1 ('the Armington elasticity equals the trade cost elasticity "
     "plus one', section 2) gives 2.8.")),
    (DEFAULTS.theta_goods.value, DEFAULTS.theta_goods.source),
    (5.0,
     ("Head, K. & Mayer, T. (2014), 'Gravity Equations: Workhorse, Toolkit, and Cookbook', Handbook of "
     "International Economics vol. 4: 131–195; as reported by Bajzik et al. (2020), section 2: 'Head and Mayer "
     "(2014) collect 744 gravity-based estimates of the trade cost elasticity from 32 papers and report a "
     "preferred estimate of 5' (the chapter's own table could not be read here).")),
)

#: The IFR's published 2019 robot density against this project's modeled one (IFR operational stock ÷ ILO
#: manufacturing employment) where both exist: (economy, IFR, modeled), robots per 10,000 manufacturing
#: employees, from data/notes_indicators.md ("Check of the method"); tests/model/test_uncertainty.py checks
#: them against data/indicators.csv.
IFR_AGAINST_MODELED_2019 = (("DEU", 346.0, 273.9), ("GBR", 89.0, 70.3), ("JPN", 364.0, 324.8))
#: Two published readings of the same IFR 2019 density that disagree (data/notes_indicators.md): Korea,
#: 868 in the IFR's Robot Race release (used) and 855 in a Statista chart reported by Protothema.
IFR_READINGS_KOREA_2019 = (868.0, 855.0)


def _log_spread(values: Sequence[float]) -> float:
    """Sample standard deviation (n − 1) of the logs."""
    return float(np.std(np.log(np.asarray(values, dtype=float)), ddof=1))


_MODELED_GAPS = [math.log(ifr / modeled) for _, ifr, modeled in IFR_AGAINST_MODELED_2019]


@dataclass(frozen=True)
class Distributions:
    """The spread of every uncertain input of `scenario_ranges`, each a `Parameter` (value + source).
    Medians sit at the point estimate, so a spread of zero reproduces it exactly (`without_spread`).

    robot_elasticity_log_sd: σ of ln ε (lognormal, median = the point ε).
    theta_log_sd: σ of ln θ_s (lognormal, median = the point θ_s), drawn independently per sector.
    sector_elasticity_concentration: κ of η ~ Beta(κ η₀, κ (1 − η₀)) on (0, 1), mean η₀; inf = fixed.
    density_log_sd_sourced: σ of the log error of an IFR-published baseline density (median: as published).
    density_log_shift_modeled, density_log_sd_modeled: mean and σ of ln(IFR density / modeled density) for
        a modeled baseline (the true density is the modeled one times exp(N(shift, sd²))).
    """

    robot_elasticity_log_sd: Parameter
    theta_log_sd: Parameter
    sector_elasticity_concentration: Parameter
    density_log_sd_sourced: Parameter
    density_log_shift_modeled: Parameter
    density_log_sd_modeled: Parameter

    def without_spread(self) -> Distributions:
        """Every spread zero (and the modeled-density shift zero): every draw is the point estimate."""
        none = Parameter(0.0, "no spread")
        return Distributions(none, none, Parameter(math.inf, "no spread"), none, none, none)

    def values(self) -> tuple[float, ...]:
        """The numbers alone, in field order (for the seed)."""
        return tuple(float(getattr(self, f.name).value) for f in fields(self))


DISTRIBUTIONS = Distributions(
    robot_elasticity_log_sd=Parameter(
        math.log(ROBOT_ELASTICITY.value / ROBOT_ELASTICITY_LOW.value) / float(special.ndtri(0.95)),
        "Graetz & Michaels (2018) give the central ε (ROBOT_ELASTICITY; its standard error could not be read: "
        "only the first page of every stored copy of the paper was available), Bekhtiar, Bittschi & Sellner "
        "(2024) the low case, half of it (ROBOT_ELASTICITY_LOW). The low case is placed at the 5th percentile "
        "of a lognormal centred on the central value: σ = ln 2 / 1.645 ≈ 0.42, so the 90 % interval runs from "
        "half to twice the central ε. Symmetric in logs is this project's choice (no source gives the upper "
        "side); it also covers the assumed doubling of robot density behind the central ε (a densification "
        "between √2 and 4 instead of 2).",
    ),
    theta_log_sd=Parameter(
        _log_spread([value for value, _ in THETA_CENTRAL_VALUES]),
        "The sample standard deviation of ln θ over three central values read in the literature: 2.8 "
        "(Bajzik, Havranek, Irsova & Schwarz 2020, bias-corrected median Armington elasticity 3.8, minus one), "
        "4 (Simonovska & Waugh 2014) and 5 (Head & Mayer 2014's preferred value from 744 gravity estimates, as "
        "reported by Bajzik et al. 2020): σ ≈ 0.29, so the 90 % interval of θ is about 2.5–6.5 around 4. "
        "Services: no services-specific θ could be read, so services take the goods distribution, drawn "
        "independently of goods (their equality at the point estimate is a default for want of evidence, "
        "not a finding).",
    ),
    sector_elasticity_concentration=Parameter(
        4.0,
        "Herrendorf, Rogerson & Valentinyi (2013), American Economic Review 103(7): 2752–2789, abstract: with "
        "sectors as value added 'price effects are more important' (their Leontief fit, η → 0), with sectors as "
        "final expenditure income effects dominate (a Stone–Geary fit, unit elasticity). Taken as bounds "
        "(0, 1); the model's sectors sit between the two views. η ~ Beta with mean at the point estimate and "
        "concentration 4 (Beta(2, 2) at η = 0.5: 90 % interval 0.14–0.86, the pure perspectives at either end "
        "less likely than the middle) is this project's choice, not an estimate.",
    ),
    density_log_sd_sourced=Parameter(
        abs(math.log(IFR_READINGS_KOREA_2019[0] / IFR_READINGS_KOREA_2019[1])),
        "An IFR-published density is taken as unbiased with a log standard deviation of 1.5 %: the one "
        "disagreement between two published readings of an IFR 2019 density recorded in data/notes_indicators.md "
        "(Korea, 868 in the IFR's release against 855 in a Statista chart), larger than the IFR's rounding to "
        "whole robots (0.6 % at the smallest published density, the UK's 89).",
    ),
    density_log_shift_modeled=Parameter(
        float(np.mean(_MODELED_GAPS)),
        "A modeled density (IFR operational stock ÷ ILO manufacturing employment) understates the IFR's own "
        "where both exist: Germany 273.9 against 346, the UK 70.3 against 89, Japan 324.8 against 364 "
        "(data/notes_indicators.md; the ILO counts more manufacturing workers than the IFR's base). The mean "
        "of ln(IFR / modeled) over the three, 0.195, shifts a modeled baseline up by 21 % at the median: the "
        "error is one-sided, so the draws are not centred on the modeled figure. China's gap is far larger "
        "(49.6 modeled against the IFR's 97 for 2017 and 246 for 2020) and is not covered by this distribution.",
    ),
    density_log_sd_modeled=Parameter(
        _log_spread([ifr / modeled for _, ifr, modeled in IFR_AGAINST_MODELED_2019]),
        "The sample standard deviation of ln(IFR / modeled) over the same three economies, 0.070: a modeled "
        "baseline's 90 % range is 8–36 % above the modeled figure.",
    ),
)


# ---------------------------------------------------------------------------------------------
# Outputs


@dataclass(frozen=True)
class Output:
    """One reported output: id, label and unit."""

    name: str
    label: str
    unit: str


#: The outputs, in the order of the result's first axis. The trade balance is in the unit of the flows
#: (USD million, current, for `sector_baseline()`; after the scenario in units of the numeraire, world GDP
#: held at its baseline).
OUTPUTS = (
    Output("real_income", "Real income (real GDP)", "percent"),
    Output("real_spending", "Real final spending", "percent"),
    Output("goods_export_share", "Share of world goods exports", "percentage points"),
    Output("goods_trade_balance", "Goods trade balance", "unit of the flows"),
    Output("goods_domestic_share", "Domestic share of goods spending", "percentage points"),
    Output("goods_employment_share", "Goods sector's share of employment", "percentage points"),
)
#: Below this (in percent or percentage points) an output counts as zero when signs are compared: far
#: below what a page shows (0.01), far above the solver's noise (~1e-8, TOLERANCE 1e-10 of income).
ZERO_TOLERANCE = 1e-6
#: The same for the goods trade balance, relative to the economy's goods gross output.
ZERO_TOLERANCE_BALANCE = 1e-8


def _abroad(flows: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sales to other groups, purchases from other groups, all purchases) of each economy, (N,), from one
    sector's (N, N) flows: at city-cluster level, a node's international trade (as
    dashboard.model.nested.node_trade counts it), its trade with its own country's nodes left out."""
    abroad = groups[:, None] != groups[None, :]
    crossing = flows * abroad
    return crossing.sum(axis=1), crossing.sum(axis=0), flows.sum(axis=0)


def _outputs(result: SectorResult, goods: int, flows: np.ndarray | None = None,
             groups: np.ndarray | None = None) -> np.ndarray:
    """(len(OUTPUTS), N) changes: percent, percentage points, or the unit of the flows. With `groups`
    (and the flows before, (S, N, N)), export share, trade balance and domestic share count trade between
    groups only (city-cluster level: international trade, as the scenarios page's node table does)."""
    if groups is not None and flows is not None:
        sales0, bought0, total0 = _abroad(flows[goods], groups)
        sales1, bought1, total1 = _abroad(result.flows[goods], groups)
        return np.stack([
            (result.real_income_change - 1.0) * 100.0,
            (result.real_spending_change - 1.0) * 100.0,
            (sales1 / sales1.sum() - sales0 / sales0.sum()) * 100.0,
            (sales1 - bought1) - (sales0 - bought0),
            (bought0 / total0 - bought1 / total1) * 100.0,
            (result.employment_share_after[goods] - result.employment_share_before[goods]) * 100.0,
        ])
    return np.stack([
        (result.real_income_change - 1.0) * 100.0,
        (result.real_spending_change - 1.0) * 100.0,
        (result.export_share_after[goods] - result.export_share_before[goods]) * 100.0,
        result.trade_balance_after[goods] - result.trade_balance_before[goods],
        (result.domestic_share_after[goods] - result.domestic_share_before[goods]) * 100.0,
        (result.employment_share_after[goods] - result.employment_share_before[goods]) * 100.0,
    ])


def _signs(values: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    return np.where(np.abs(values) <= tolerance, 0, np.sign(values)).astype(np.int8)


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=float)
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class UncertaintyResult:
    """Monte Carlo ranges of one scenario. Arrays are (len(outputs), N): [output, economy], read-only,
    in each output's unit (`units`: percent, percentage points, or the unit of the flows).

    point: the point estimate (the calibrated parameters, the baseline densities as given).
    median, low, high: the median and the 5th and 95th percentiles over the converged draws (`INTERVAL`).
    low_se, high_se: Monte Carlo standard error of `low` and `high` (order-statistic binomial interval).
    sign_agreement: share of converged draws with the point estimate's sign, in [0, 1] (a value within
        ZERO_TOLERANCE of zero counts as zero, and agrees only with zero).
    draws: draws asked for; completed: draws solved before the run ended (< draws when cancelled);
    used: converged draws, the ones the statistics are over; failed: draws that did not converge
    (excluded, never kept); cancelled: the run was stopped by `cancelled()`.
    seed: the 128-bit seed derived from the scenario; economies: labels or None.
    With no converged draw the statistics are NaN.
    """

    outputs: tuple[str, ...]
    units: tuple[str, ...]
    point: np.ndarray
    median: np.ndarray
    low: np.ndarray
    high: np.ndarray
    low_se: np.ndarray
    high_se: np.ndarray
    sign_agreement: np.ndarray
    draws: int
    completed: int
    used: int
    failed: int
    cancelled: bool
    seed: int
    economies: tuple[str, ...] | None = field(default=None, repr=False)
    interval: tuple[float, float] = INTERVAL

    @property
    def width(self) -> np.ndarray:
        """high − low, per output and economy."""
        return self.high - self.low

    @property
    def mc_error_ratio(self) -> np.ndarray:
        """max(low_se, high_se) / width, per output and economy; NaN where the interval has no width
        (the draws all agree to ZERO_TOLERANCE)."""
        width = self.width
        error = np.maximum(self.low_se, self.high_se)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(width > ZERO_TOLERANCE, error / width, np.nan)

    def output(self, name: str) -> dict[str, np.ndarray]:
        """The per-economy arrays of one output: point, median, low, high, low_se, high_se, sign_agreement."""
        if name not in self.outputs:
            raise ValueError(f"unknown output {name!r}; one of {', '.join(self.outputs)}")
        k = self.outputs.index(name)
        return {key: getattr(self, key)[k] for key in
                ("point", "median", "low", "high", "low_se", "high_se", "sign_agreement")}

    def table(self) -> pd.DataFrame:
        """One row per (economy, output), economy-major, for downloads: the point estimate, median,
        interval ends with their Monte Carlo errors, sign agreement, and the draw counts."""
        k, n = self.point.shape
        names = list(self.economies) if self.economies is not None else list(range(n))
        frame = pd.DataFrame({
            "economy": np.repeat(names, k),
            "output": np.tile(self.outputs, n),
            "unit": np.tile(self.units, n),
        })
        for key in ("point", "median", "low", "high", "low_se", "high_se", "sign_agreement"):
            frame[key] = getattr(self, key).T.reshape(-1)
        frame["draws_used"] = self.used
        frame["draws_failed"] = self.failed
        return frame


# ---------------------------------------------------------------------------------------------
# Input checks and the seed


def _vector(value, n: int, name: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, one per economy") from None
    if array.shape != (n,):
        raise ValueError(f"{name} must have one value per economy ({n}), got {array.size}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} is missing or not finite for economy {int(np.flatnonzero(~np.isfinite(array))[0])}")
    return array


def _bases(value, n: int) -> tuple[str, ...]:
    if isinstance(value, str):
        raise ValueError(f"density_basis must be one label per economy ({n}), not a single string")
    bases = tuple(str(v) for v in value)
    if len(bases) != n:
        raise ValueError(f"density_basis must have one label per economy ({n}), got {len(bases)}")
    bad = [b for b in bases if b not in DENSITY_BASES]
    if bad:
        raise ValueError(f"density_basis must be one of {', '.join(DENSITY_BASES)}; got {bad[0]!r}")
    return bases


def _groups(value, n: int, base: np.ndarray, bases: tuple[str, ...]) -> np.ndarray | None:
    if value is None:
        return None
    try:
        group = np.asarray(value).reshape(-1)
        ok = group.shape == (n,) and np.issubdtype(group.dtype, np.integer) and bool((group >= 0).all())
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"groups must be one non-negative integer per economy ({n})")
    group = group.astype(np.int64)
    for g in np.unique(group):
        inside = np.flatnonzero(group == g)
        if len({bases[k] for k in inside}) > 1 or not np.all(base[inside] == base[inside[0]]):
            raise ValueError(f"economies of group {int(g)} must share their baseline density and its basis "
                             f"(one measured density per country)")
    return group


def _canonical(array) -> bytes:
    """Little-endian float64 bytes with −0.0 made 0.0, preceded by the shape."""
    values = np.ascontiguousarray(np.asarray(array, dtype=float) + 0.0, dtype="<f8")
    return repr(values.shape).encode() + b":" + values.tobytes()


def scenario_seed(flows, value_added_share, manufacturing_share, density_base, density_target,
                  density_basis: Sequence[str], deficits, trade_cost_change, theta, sector_elasticity: float,
                  robot_elasticity: float, goods: int, distributions: Distributions,
                  groups: np.ndarray | None = None) -> int:
    """The 128-bit seed of a scenario: SHA-256 of a canonical encoding of every input (not Python's
    `hash()`, which is salted per process), so it is the same in every process and on every machine.
    `groups` is encoded only when given, so a country-level scenario keeps the seed it always had."""
    digest = hashlib.sha256(b"imta-uncertainty-v1")
    parts = [
        ("flows", _canonical(flows)),
        ("value_added_share", b"none" if value_added_share is None else _canonical(value_added_share)),
        ("manufacturing_share", _canonical(manufacturing_share)),
        ("density_base", _canonical(density_base)),
        ("density_target", _canonical(density_target)),
        ("density_basis", "|".join(density_basis).encode()),
        ("deficits", deficits.encode() if isinstance(deficits, str) else _canonical(deficits)),
        ("trade_cost_change", b"none" if trade_cost_change is None else _canonical(trade_cost_change)),
        ("theta", _canonical(theta)),
        ("sector_elasticity", _canonical(sector_elasticity)),
        ("robot_elasticity", _canonical(robot_elasticity)),
        ("goods", str(int(goods)).encode()),
        ("distributions", _canonical(distributions.values())),
    ]
    if groups is not None:
        parts.append(("groups", _canonical(groups)))
    for name, payload in parts:
        digest.update(name.encode() + b"=" + len(payload).to_bytes(8, "little") + payload)
    return int.from_bytes(digest.digest()[:16], "little")


def _uniforms(seed: int, rows: int, columns: int) -> np.ndarray:
    """(rows, columns) uniforms in (0, 1), draw-major, from PCG64's raw 64-bit stream (integers, no
    distribution algorithm in between): the top 52 bits k give (k + ½) / 2⁵², never 0 or 1."""
    raw = np.random.PCG64(np.random.SeedSequence(seed)).random_raw(rows * columns)
    return (((raw >> np.uint64(12)).astype(float) + 0.5) / 2.0**52).reshape(rows, columns)


# ---------------------------------------------------------------------------------------------
# The Monte Carlo


def _quantile_se(ordered: np.ndarray, p: float) -> np.ndarray:
    """Standard error of the p-quantile of sorted draws (axis 0): half the distance between the order
    statistics at ranks m·p ± sqrt(m·p·(1 − p)), about a ±1 standard-error interval."""
    m = ordered.shape[0]
    centre = p * (m - 1)
    half = math.sqrt(m * p * (1.0 - p))
    lo = min(max(math.floor(centre - half), 0), m - 1)
    hi = min(max(math.ceil(centre + half), 0), m - 1)
    return (ordered[hi] - ordered[lo]) / 2.0


def scenario_ranges(flows, value_added_share, manufacturing_share, density_base, density_target,
                    density_basis: Sequence[str], deficits="fixed", *,
                    trade_cost_change=None,
                    theta=DEFAULTS.theta,
                    sector_elasticity: float = DEFAULTS.sector_elasticity.value,
                    robot_elasticity: float = ROBOT_ELASTICITY.value,
                    draws: int = DEFAULT_DRAWS,
                    distributions: Distributions = DISTRIBUTIONS,
                    goods: int = 0,
                    economies: Sequence[str] | None = None,
                    seed: int | None = None,
                    groups: Sequence[int] | None = None,
                    progress: Callable[[int, int], object] | None = None,
                    progress_every: int | None = None,
                    cancelled: Callable[[], bool] | None = None) -> UncertaintyResult:
    """Monte Carlo ranges of a robot-adoption scenario of the two-sector model (see the module docstring).

    flows: (S, N, N) gross flows as for `solve_sectors` (USD million for `sector_baseline()`).
    value_added_share: β (S, N) in (0, 1], or None (= 1).
    manufacturing_share: m (N), manufacturing's share of goods value added, in [0, 1].
    density_base, density_target: robot density (robots per 10,000 manufacturing employees, positive)
        per economy, at the baseline and in the scenario; an economy with target == base is unchanged.
    density_basis: per economy, how the baseline density was obtained: "sourced" (IFR-published),
        "modeled" (IFR stock ÷ ILO employment) or "user" (set by the user, not varied).
    deficits: the closure, as for `solve_sectors` ("fixed", "balanced", or an array of new levels).
    trade_cost_change, theta (a number or one per sector), sector_elasticity (η), robot_elasticity (ε):
        the point estimate's parameters; the draws are centred on them (`Distributions`).
    draws: number of draws (≥ 2; DEFAULT_DRAWS fits the 2-second budget at country level).
    distributions: the spreads (DISTRIBUTIONS; `DISTRIBUTIONS.without_spread()` reproduces the point).
    goods: index of the goods sector (the one robots reach). economies: labels, carried on the result.
    seed: None (the default: derived from the scenario by `scenario_seed`, so the same scenario always
        gives the same ranges), or a non-negative integer to override it (benchmarks draw replicates so).
    groups: None (each economy on its own), or per economy the index of the country it belongs to (city-
        cluster level: the nodes of one country share a group). Then one density error is drawn per group
        and used by all its economies (their baselines and bases must agree within a group), and export
        share, trade balance and domestic share count trade between groups only.
    progress: called as progress(done, total) every `progress_every` draws (default: about 20 updates)
        and once when the run ends, done never decreasing (Dash's `set_progress` fits).
    cancelled: called before every draw; when it returns True the run stops and the result says
        cancelled=True, with the statistics of the draws solved so far.

    Raises ValueError for malformed input (from `solve_sectors` and `goods_productivity` too) and when the
    point estimate itself has no equilibrium. Draws that do not converge are counted in `failed` and left
    out of every statistic.
    """
    try:
        draws_int = int(draws)
    except (TypeError, ValueError):
        raise ValueError(f"draws must be an integer ≥ 2, got {draws!r}") from None
    if draws_int != draws or draws_int < 2:
        raise ValueError(f"draws must be an integer ≥ 2, got {draws!r}")
    draws = draws_int
    if progress_every is None:
        progress_every = max(1, draws // 20)
    if not (isinstance(progress_every, int) and progress_every >= 1):
        raise ValueError(f"progress_every must be a positive integer, got {progress_every!r}")
    for name, function in (("progress", progress), ("cancelled", cancelled)):
        if function is not None and not callable(function):
            raise ValueError(f"{name} must be a callable or None")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"seed must be None or a non-negative integer, got {seed!r}")
    if not isinstance(distributions, Distributions):
        raise ValueError("distributions must be a Distributions (e.g. DISTRIBUTIONS)")
    spreads = distributions.values()
    if any(math.isnan(v) or v < 0 for v in spreads):
        raise ValueError("every spread in distributions must be a non-negative number")

    try:
        array = np.asarray(flows, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("flows must be numbers") from None
    if array.ndim != 3:
        raise ValueError(f"flows must have shape (sectors, economies, economies), got shape {np.shape(flows)}")
    n_sectors, n = array.shape[0], array.shape[1]
    if isinstance(goods, bool) or not isinstance(goods, (int, np.integer)) or not 0 <= goods < n_sectors:
        raise ValueError(f"goods must be a sector index below {n_sectors}, got {goods!r}")
    base = _vector(density_base, n, "density_base")
    target = _vector(density_target, n, "density_target")
    share = _vector(manufacturing_share, n, "manufacturing_share")
    bases = _bases(density_basis, n)
    try:
        theta_s = np.asarray(theta, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"theta must be a positive number or one per sector ({n_sectors}), got {theta!r}") from None
    if theta_s.size == 1:
        theta_s = np.full(n_sectors, float(theta_s[0]))
    if theta_s.shape != (n_sectors,) or not (np.isfinite(theta_s).all() and (theta_s > 0).all()):
        raise ValueError(f"theta must be a positive number or one per sector ({n_sectors}), got {theta!r}")
    try:
        eta = float(sector_elasticity)
    except (TypeError, ValueError):
        raise ValueError(f"sector_elasticity (η) must be a number, got {sector_elasticity!r}") from None
    kappa = distributions.sector_elasticity_concentration.value
    if math.isfinite(kappa) and not 0.0 < eta < 1.0:
        raise ValueError(f"sector_elasticity (η) must lie in (0, 1), the bounds of its distribution "
                         f"(Herrendorf, Rogerson & Valentinyi 2013), got {eta}")
    if kappa == 0.0:
        raise ValueError("sector_elasticity_concentration must be positive (inf = no spread)")
    try:
        epsilon = float(robot_elasticity)
    except (TypeError, ValueError):
        raise ValueError(f"robot_elasticity (ε) must be a number, got {robot_elasticity!r}") from None
    if not (math.isfinite(epsilon) and epsilon >= 0):
        raise ValueError(f"robot_elasticity (ε) must be a non-negative number, got {robot_elasticity!r}")
    beta_goods = np.ones(n) if value_added_share is None else np.asarray(value_added_share, dtype=float)[goods]
    group = _groups(groups, n, base, bases)

    def solve(elasticity: float, baseline: np.ndarray, theta_draw, eta_draw: float) -> SectorResult:
        a_goods = goods_productivity(baseline, target, share, beta_goods, elasticity)
        a_goods[changed_none] = 1.0
        a_hat = np.ones((n_sectors, n))
        a_hat[goods] = a_goods
        return solve_sectors(array, a_hat, trade_cost_change, theta_draw, eta_draw, value_added_share, deficits,
                             economies=economies)

    changed_none = target == base
    point_result = solve(epsilon, base, theta_s, eta)
    if not point_result.converged:
        raise ValueError("the point estimate has no equilibrium (solve_sectors did not converge), so it has "
                         "no uncertainty range")
    point = _outputs(point_result, goods, array, group)
    tolerance = np.full(point.shape, ZERO_TOLERANCE)
    tolerance[3] = ZERO_TOLERANCE_BALANCE * point_result.gross_output_before[goods]
    point_sign = _signs(point, tolerance)

    if seed is None:
        seed = scenario_seed(array, value_added_share, share, base, target, bases, deficits, trade_cost_change,
                             theta_s, eta, epsilon, goods, distributions, group)
    members = np.arange(n) if group is None else group
    # columns: ε, θ per sector, η, density per economy (per group)
    uniforms = _uniforms(seed, draws, 2 + n_sectors + int(members.max()) + 1)
    normal = special.ndtri(uniforms)
    epsilons = epsilon * np.exp(distributions.robot_elasticity_log_sd.value * normal[:, 0])
    thetas = theta_s * np.exp(distributions.theta_log_sd.value * normal[:, 1:1 + n_sectors])
    if math.isfinite(kappa):
        etas = special.betaincinv(kappa * eta, kappa * (1.0 - eta), uniforms[:, 1 + n_sectors])
    else:
        etas = np.full(draws, eta)
    log_sd = np.select([np.array(bases) == "sourced", np.array(bases) == "modeled"],
                       [distributions.density_log_sd_sourced.value, distributions.density_log_sd_modeled.value], 0.0)
    shift = np.where(np.array(bases) == "modeled", distributions.density_log_shift_modeled.value, 0.0)
    baselines = base * np.exp(shift + log_sd * normal[:, 2 + n_sectors:][:, members])

    samples = np.empty((draws, *point.shape))
    kept = np.zeros(draws, dtype=bool)
    completed, reported, stopped = 0, 0, False
    for i in range(draws):
        if cancelled is not None and cancelled():
            stopped = True
            break
        with warnings.catch_warnings():
            # A draw that does not converge warns; it is counted in `failed` and left out instead.
            warnings.simplefilter("ignore", RuntimeWarning)
            result = solve(float(epsilons[i]), baselines[i], thetas[i], float(etas[i]))
        if result.converged:
            samples[i] = _outputs(result, goods, array, group)
            kept[i] = True
        completed = i + 1
        if progress is not None and completed % progress_every == 0 and completed < draws:
            progress(completed, draws)
            reported = completed
    if progress is not None and (completed > reported or completed == 0):
        progress(completed, draws)

    used = samples[:completed][kept[:completed]]
    shape = point.shape
    if used.shape[0] == 0:
        nan = np.full(shape, np.nan)
        median = low = high = low_se = high_se = agreement = nan
    else:
        ordered = np.sort(used, axis=0)
        median = np.quantile(ordered, 0.5, axis=0)
        low, high = np.quantile(ordered, INTERVAL, axis=0)
        low_se = _quantile_se(ordered, INTERVAL[0])
        high_se = _quantile_se(ordered, INTERVAL[1])
        agreement = (_signs(used, tolerance) == point_sign).mean(axis=0)
    return UncertaintyResult(
        outputs=tuple(o.name for o in OUTPUTS),
        units=tuple(o.unit for o in OUTPUTS),
        point=_frozen(point),
        median=_frozen(median),
        low=_frozen(low),
        high=_frozen(high),
        low_se=_frozen(low_se),
        high_se=_frozen(high_se),
        sign_agreement=_frozen(agreement),
        draws=draws,
        completed=completed,
        used=int(used.shape[0]),
        failed=int(completed - used.shape[0]),
        cancelled=stopped,
        seed=int(seed),
        economies=point_result.economies,
    )
