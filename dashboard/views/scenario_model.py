"""Solving a scenario of the scenarios page, with no Dash in it: the two-sector model (`solve_sectors`) on
the 2019 country baseline or on the nested city-cluster baseline, or the one-sector model on an uploaded
matrix, and the results table the page, its charts and its CSV read (`Outcome`).

- Productivity: a move of an economy's robot density from its baseline d₀ to a target d₁ changes the
  goods sector's productivity by Â = (d₁/d₀)^(ε·m·β) (dashboard.model.productivity.goods_productivity:
  m = manufacturing's share of goods value added, β = goods value added over gross output); services 1.
  At the city-cluster level a national target moves all of a country's nodes, and a city target moves
  its cluster alone (its baseline is its country's).
- Deficits (`Scenario.closure`): fixed in levels; all closed; or the US deficit closed with the
  counterpart spread over the other economies (nodes) in proportion to their GDP (`us_closed`).
- When a scenario both closes deficits and moves robot densities, it is solved twice (the closure alone,
  and both): the table then gives the closure's effect and the adoption's effect apart, so the one does
  not swamp the other (the adoption's effect is the ratio, or difference, between the two solutions).
- Manufacturing jobs: total employment is fixed and workers move between sectors. The change in the goods
  sector's labour share is applied to manufacturing's 2019 share of employment (ILO), assuming
  manufacturing keeps its share of goods-sector jobs: Δ share = share₂₀₁₉ · (L′/L − 1), workers =
  employment₂₀₁₉ · Δ share. At the city-cluster level a node's employment is its country's × its GDP
  share (modeled).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from dashboard.datasets import load
from dashboard.datasets.matrices import sector_baseline
from dashboard.datasets.regions import region_of
from dashboard.model import SectorResult, goods_productivity, solve_sectors
from dashboard.model.nested import gain_decomposition, node_productivity_change, node_trade
from dashboard.views.nested_clusters import nested_baseline
from dashboard.views.scenario_state import (
    BASELINE,
    LEVELS,
    Scenario,
    density_baselines,
    frontier,
    names,
    normalise,
    to_query,
)

GOODS = 0  # sector order of the baselines: goods, services
MILLION_PER_BILLION = 1000.0
US = "USA"
UPLOAD_NOTE = ("On your one-sector matrix the model has one sector (the whole economy, β = 1): it cannot give "
               "manufacturing jobs or goods-sector trade balances, and export shares are of all exports. A move "
               "of robot density reaches the whole economy scaled by manufacturing's share of GDP (economies of "
               "our data only).")


@dataclass(frozen=True)
class Decomposition:
    """Where one adopting city cluster's change in goods sales comes from (USD billion): market growth
    (its buyers spending more at unchanged shares) and the market share it takes from the rest of its own
    country, from its country's other clusters and from suppliers abroad (dashboard.model.nested
    gain_decomposition, goods sector)."""

    node: str
    name: str
    country: str
    sales_change: float
    market_growth: float
    from_rest_of_country: float
    from_own_country_clusters: float
    from_abroad: float


@dataclass(frozen=True)
class Outcome:
    """A solved scenario, ready for the page.

    table: one row per economy (or node), sorted by change in goods export share, largest gain first; the
        columns are named for what they hold, with units (see `COLUMNS`).
    level: "countries", "clusters" or "upload"; unit: "economy" or "node"; baseline_label: what the
        baseline is. adopters: codes whose robot density moves. split: the table holds the closure's
        effect and the adoption's effect apart. decompositions: one per adopting city cluster. notes: what
        the page should say about this run; missing: outputs this baseline cannot give. settings: what the
        user set outside the address (an upload's productivity changes), as (name, value) for the CSV.
    """

    table: pd.DataFrame
    level: str
    unit: str
    baseline_label: str
    converged: bool
    adopters: tuple[str, ...] = ()
    split: bool = False
    decompositions: tuple[Decomposition, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    missing: tuple[str, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()


#: The table's columns with what they hold (for the CSV's header notes and the methods page).
COLUMNS = {
    "goods_export_share_before_pct": "share of world goods exports (domestic sales excluded), before, %",
    "goods_export_share_after_pct": "the same, after, %",
    "goods_export_share_change_pp": "change in share of world goods exports, percentage points",
    "real_income_change_pct": "real income = real GDP, ŵ/P̂, change in %",
    "real_spending_change_pct": "real spending = real final spending, ((ŵY + D′)/(Y + D))/P̂, change in %",
    "goods_trade_balance_before_usd_bn": "goods exports minus goods imports, before, USD billion",
    "goods_trade_balance_after_usd_bn": "the same, after, USD billion at the baseline's world GDP (the numeraire)",
    "manufacturing_share_of_employment_change_pp": "change in manufacturing's share of employment, percentage "
                                                   "points (total employment fixed)",
    "manufacturing_jobs_change": "the number of workers that change means at 2019 employment (ILO), persons",
    "domestic_share_of_goods_spending_before_pct": "domestic share of goods spending, before, %",
    "domestic_share_of_goods_spending_after_pct": "domestic share of goods spending, after, %",
    "goods_export_rank_before": "rank by share of world goods exports, before (1 = largest)",
    "goods_export_rank_after": "the same, after",
}


# ---- inputs, loaded once per process ------------------------------------------------------------------

@dataclass(frozen=True)
class _Employment:
    manufacturing: np.ndarray   # thousand persons, 2019, NaN where the data have none
    total: np.ndarray


@functools.cache
def _employment(codes: tuple[str, ...]) -> _Employment:
    """ILO 2019 employment (thousand persons) per code; NaN where there is none (Taiwan, the rest of the world)."""
    indicators = load.table("indicators")
    rows = indicators[indicators["year"] == 2019]

    def series(name: str) -> np.ndarray:
        values = rows[rows["indicator"] == name].set_index("iso3")["value"]
        array = values.reindex(list(codes)).to_numpy(dtype=float)
        array.setflags(write=False)
        return array

    return _Employment(series("mfg_employment_thousands"), series("total_employment_thousands"))


def frontier_density() -> float:
    """The frontier's robot density (Korea, 2019, IFR), robots per 10,000 manufacturing employees."""
    return frontier().density or 1.0


def _densities(view: Scenario, codes: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(baseline, target) robot density per code; 1 and 1 where there is no baseline (no change)."""
    base, target = view.baseline_densities(), view.target_densities()
    return (np.array([base.get(c, 1.0) for c in codes]), np.array([target.get(c, base.get(c, 1.0)) for c in codes]))


def goods_change(view: Scenario) -> np.ndarray:
    """Â of the goods sector per economy of the country baseline (1 where the density does not move)."""
    base = sector_baseline()
    before, after = _densities(view, base.codes)
    return goods_productivity(before, after, base.manufacturing_share_of_goods, base.value_added_share[GOODS],
                              view.epsilon)


def us_closed(deficits: np.ndarray, gdp: np.ndarray, is_us: np.ndarray) -> np.ndarray:
    """New deficit levels: the US's (every US node's) zero, the others' raised by their GDP share of the
    US total, so they still sum to zero. Same unit as `deficits`."""
    others = ~is_us
    us_total = float(deficits[is_us].sum())
    new = np.where(is_us, 0.0, deficits + us_total * gdp / float(gdp[others].sum()))
    return new


def _deficits(closure: str, flows: np.ndarray, gdp: np.ndarray, is_us: np.ndarray) -> str | np.ndarray:
    if closure != "us":
        return closure
    deficit = flows.sum(axis=(0, 1)) - flows.sum(axis=(0, 2))     # absorption − gross output
    return us_closed(deficit, gdp, is_us)


# ---- solving -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SolveInputs:
    """What `solve_sectors` is given for a scenario (the uncertainty ranges re-solve these with other θ, η
    and ε draws): flows (S, N, N) USD million, exporter × importer, per sector; productivity_change (S, N)
    Â, ratio; theta θ and sector_elasticity η; value_added_share (S, N) β; deficits "fixed", "balanced" or
    the new deficit levels (N,) USD million; labels: the economies' (or nodes') codes."""

    flows: np.ndarray
    productivity_change: np.ndarray
    theta: float
    sector_elasticity: float
    value_added_share: np.ndarray
    deficits: str | np.ndarray
    labels: tuple[str, ...]

    def solve(self) -> SectorResult:
        return solve_sectors(self.flows, productivity_change=self.productivity_change, theta=self.theta,
                             sector_elasticity=self.sector_elasticity, value_added_share=self.value_added_share,
                             deficits=self.deficits, economies=self.labels)


def solve_inputs(view: Scenario) -> SolveInputs:
    """The model's inputs for a scenario at its level (country or city-cluster baseline; not an upload)."""
    view = normalise(view)
    if view.level == "clusters":
        nodes = nested_baseline()
        is_us = np.array([c == US for c in nodes.iso3])
        return SolveInputs(nodes.flows, _node_change(view), view.theta, view.eta, nodes.value_added_share,
                           _deficits(view.closure, nodes.flows, nodes.gdp, is_us), nodes.node_ids)
    base = sector_baseline()
    a_hat = np.ones((len(base.sectors), len(base.codes)))
    a_hat[GOODS] = goods_change(view)
    is_us = np.array([c == US for c in base.codes])
    return SolveInputs(base.flows, a_hat, view.theta, view.eta, base.value_added_share,
                       _deficits(view.closure, base.flows, base.gdp, is_us), base.codes)


def _parameters_only(view: Scenario) -> Scenario:
    """The scenario without robot moves: what the closure alone is solved for (one cache entry for every
    scenario that shares its deficit rule and parameters)."""
    return replace(view, targets=(), city_targets=())


def _node_change(view: Scenario) -> np.ndarray:
    """Â (S, M) per node: national targets move a country's nodes, a city target its cluster alone."""
    nodes = nested_baseline()
    base = sector_baseline()
    by_country = np.ones((len(base.sectors), len(base.codes)))
    by_country[GOODS] = goods_change(view)
    own = np.full((len(base.sectors), len(nodes.node_ids)), np.nan)
    if view.city_targets:
        baseline = view.baseline_densities()
        position = {n: k for k, n in enumerate(nodes.node_ids)}
        for node, density in view.city_targets:
            k = position[node]
            country = int(nodes.node_country[k])
            own[:, k] = 1.0
            own[GOODS, k] = goods_productivity(baseline[nodes.iso3[k]], density,
                                               base.manufacturing_share_of_goods[country],
                                               base.value_added_share[GOODS, country], view.epsilon)
    return node_productivity_change(nodes.node_country, len(base.sectors), country_change=by_country,
                                    node_change=own)


@functools.lru_cache(maxsize=256)
def _country_result(view: Scenario) -> SectorResult:
    return solve_inputs(replace(view, level="countries")).solve()


@functools.lru_cache(maxsize=256)
def _cluster_result(view: Scenario) -> SectorResult:
    return solve_inputs(replace(view, level="clusters")).solve()


# ---- tables --------------------------------------------------------------------------------------------

def _pct(ratio: np.ndarray) -> np.ndarray:
    return 100.0 * (np.asarray(ratio, dtype=float) - 1.0)


def _ranks(shares: np.ndarray, ranked: np.ndarray) -> np.ndarray:
    """Rank 1 for the largest share among `ranked` rows; NaN for the others (the rest of the world)."""
    out = np.full(shares.shape, np.nan)
    rows = np.flatnonzero(ranked)
    order = rows[np.argsort(-shares[rows], kind="stable")]
    out[order] = np.arange(1, order.size + 1)
    return out


def _jobs(result: SectorResult, manufacturing: np.ndarray, total: np.ndarray) -> dict[str, np.ndarray]:
    """Manufacturing's share of employment and its change, and the workers that change means (see the
    module docstring); NaN where employment is not in the data."""
    ratio = result.employment_share_after[GOODS] / result.employment_share_before[GOODS]
    share = manufacturing / total
    return {
        "manufacturing_employment_2019_thousands": manufacturing,
        "manufacturing_share_of_employment_2019_pct": 100.0 * share,
        "manufacturing_share_of_employment_change_pp": 100.0 * share * (ratio - 1.0),
        "manufacturing_jobs_change": 1000.0 * manufacturing * (ratio - 1.0),
        "goods_labour_share_before_pct": 100.0 * result.employment_share_before[GOODS],
        "goods_labour_share_after_pct": 100.0 * result.employment_share_after[GOODS],
    }


def _effects(table: pd.DataFrame, closure_alone: pd.DataFrame) -> None:
    """Add the closure's effect (closure alone against the baseline) and the adoption's effect (closure and
    adoption against closure alone) to `table`, row for row."""
    for name, kind in (("goods_export_share", "pp"), ("real_income", "pct"), ("real_spending", "pct"),
                       ("manufacturing_jobs", "n"), ("manufacturing_share_of_employment", "n_pp")):
        if kind == "pp":
            both, alone = table[f"{name}_after_pct"], closure_alone[f"{name}_after_pct"]
            table[f"{name}_closure_effect_pp"] = alone - closure_alone[f"{name}_before_pct"]
            table[f"{name}_adoption_effect_pp"] = both - alone
        elif kind == "pct":
            both, alone = 1 + table[f"{name}_change_pct"] / 100, 1 + closure_alone[f"{name}_change_pct"] / 100
            table[f"{name}_closure_effect_pct"] = closure_alone[f"{name}_change_pct"]
            table[f"{name}_adoption_effect_pct"] = 100 * (both / alone - 1)
        else:  # a count or a share: the effects add up
            unit = "_pp" if kind == "n_pp" else ""
            both, alone = table[f"{name}_change{unit}"], closure_alone[f"{name}_change{unit}"]
            table[f"{name}_closure_effect{unit}"] = alone
            table[f"{name}_adoption_effect{unit}"] = both - alone


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(["goods_export_share_change_pp", "code"], ascending=[False, True], ignore_index=True)


def _country_table(view: Scenario, result: SectorResult) -> pd.DataFrame:
    base = sector_baseline()
    codes = base.codes
    known = density_baselines()
    before, after = _densities(view, codes)
    with_base = view.baseline_densities()  # once: it builds a dict of every economy
    has_base = np.array([c in with_base for c in codes])
    employment = _employment(codes)
    exports0, exports1 = result.exports_before[GOODS], result.exports_after[GOODS]
    shares0, shares1 = 100 * result.export_share_before[GOODS], 100 * result.export_share_after[GOODS]
    ranked = np.array([c != "ROW" for c in codes])
    user = dict(view.baselines)
    table = pd.DataFrame({
        "code": codes,
        "name": base.names,
        "region": [region_of(c) for c in codes],
        "robot_density_baseline": np.where(has_base, before, np.nan),
        "robot_density_baseline_year": [known[c].year if c in known and c not in user else np.nan for c in codes],
        "robot_density_basis": [("entered by the user" if c in user else known[c].basis) if c in known
                                else "rest of world" for c in codes],
        "robot_density_target": np.where(has_base, after, np.nan),
        "robot_density_target_pct_of_frontier": np.where(has_base, 100.0 * after / frontier_density(), np.nan),
        "goods_export_share_before_pct": shares0,
        "goods_export_share_after_pct": shares1,
        "goods_export_share_change_pp": shares1 - shares0,
        "real_income_change_pct": _pct(result.real_income_change),
        "real_spending_change_pct": _pct(result.real_spending_change),
        "goods_exports_before_usd_bn": exports0 / MILLION_PER_BILLION,
        "goods_exports_after_usd_bn": exports1 / MILLION_PER_BILLION,
        "goods_trade_balance_before_usd_bn": result.trade_balance_before[GOODS] / MILLION_PER_BILLION,
        "goods_trade_balance_after_usd_bn": result.trade_balance_after[GOODS] / MILLION_PER_BILLION,
        **_jobs(result, employment.manufacturing, employment.total),
        "domestic_share_of_goods_spending_before_pct": 100 * result.domestic_share_before[GOODS],
        "domestic_share_of_goods_spending_after_pct": 100 * result.domestic_share_after[GOODS],
        "goods_export_rank_before": _ranks(shares0, ranked),
        "goods_export_rank_after": _ranks(shares1, ranked),
        "deficit_before_usd_bn": result.deficit_before / MILLION_PER_BILLION,
        "deficit_after_usd_bn": result.deficit_after / MILLION_PER_BILLION,
    })
    table["domestic_share_of_goods_spending_change_pp"] = (table["domestic_share_of_goods_spending_after_pct"]
                                                           - table["domestic_share_of_goods_spending_before_pct"])
    return table


def _cluster_table(view: Scenario, result: SectorResult) -> pd.DataFrame:
    nodes = nested_baseline()
    base = sector_baseline()
    country = nodes.node_country
    codes = tuple(nodes.iso3)
    national_before, national_after = _densities(view, codes)
    cities = dict(view.city_targets)
    target = np.array([cities.get(n, t) for n, t in zip(nodes.node_ids, national_after)])
    with_base = view.baseline_densities()  # once: it builds a dict of every economy
    has_base = np.array([c in with_base for c in codes])
    employment = _employment(base.codes)
    # Node employment: the country's, allocated by the node's share of its GDP (modeled).
    manufacturing = employment.manufacturing[country] * nodes.gdp_share
    total = employment.total[country] * nodes.gdp_share
    before = node_trade(nodes.flows[GOODS], country, nodes.is_rest)
    after = node_trade(result.flows[GOODS], country, nodes.is_rest)
    intl0, intl1 = before.sales_international, after.sales_international
    shares0, shares1 = 100 * intl0 / intl0.sum(), 100 * intl1 / intl1.sum()
    ranked = np.array([c != "ROW" for c in codes])
    kinds = np.array(nodes.kinds)
    table = pd.DataFrame({
        "code": nodes.node_ids,
        "name": nodes.names,
        "country": codes,
        "kind": kinds,
        "region": [region_of(c) for c in codes],
        "lat": nodes.lat,
        "lon": nodes.lon,
        "share_of_country_gdp_pct": 100 * nodes.gdp_share,
        "robot_density_baseline": np.where(has_base, national_before, np.nan),
        "robot_density_target": np.where(has_base, target, np.nan),
        "goods_export_share_before_pct": shares0,
        "goods_export_share_after_pct": shares1,
        "goods_export_share_change_pp": shares1 - shares0,
        "real_income_change_pct": _pct(result.real_income_change),
        "real_spending_change_pct": _pct(result.real_spending_change),
        "international_goods_exports_before_usd_bn": intl0 / MILLION_PER_BILLION,
        "international_goods_exports_after_usd_bn": intl1 / MILLION_PER_BILLION,
        "goods_sales_to_own_country_clusters_before_usd_bn": before.sales_own_country_clusters / MILLION_PER_BILLION,
        "goods_sales_to_own_country_clusters_after_usd_bn": after.sales_own_country_clusters / MILLION_PER_BILLION,
        "goods_sales_to_rest_of_own_country_before_usd_bn": before.sales_rest_of_country / MILLION_PER_BILLION,
        "goods_sales_to_rest_of_own_country_after_usd_bn": after.sales_rest_of_country / MILLION_PER_BILLION,
        "goods_trade_balance_before_usd_bn": (intl0 - before.purchases_international) / MILLION_PER_BILLION,
        "goods_trade_balance_after_usd_bn": (intl1 - after.purchases_international) / MILLION_PER_BILLION,
        **_jobs(result, manufacturing, total),
        "domestic_share_of_goods_spending_before_pct": 100 * (1 - before.purchases_international
                                                              / before.total_purchases),
        "domestic_share_of_goods_spending_after_pct": 100 * (1 - after.purchases_international
                                                             / after.total_purchases),
        "goods_export_rank_before": _ranks(shares0, ranked),
        "goods_export_rank_after": _ranks(shares1, ranked),
    })
    table["domestic_share_of_goods_spending_change_pp"] = (table["domestic_share_of_goods_spending_after_pct"]
                                                           - table["domestic_share_of_goods_spending_before_pct"])
    return table


def _decompositions(view: Scenario, reference: np.ndarray | None, result: SectorResult) -> tuple[Decomposition, ...]:
    """For each adopting city cluster: where its change in goods sales comes from, against `reference`
    (the baseline, or the closure alone when the closure's effect is shown apart)."""
    if not view.city_targets or reference is None:
        return ()
    nodes = nested_baseline()
    parts = gain_decomposition(reference, result.flows[GOODS], nodes.node_country, nodes.is_rest)
    position = {n: k for k, n in enumerate(nodes.node_ids)}
    country_names = dict(zip(nodes.codes, nodes.country_names))
    out = []
    for node, _ in view.city_targets:
        k = position[node]
        out.append(Decomposition(
            node=node, name=nodes.names[k], country=country_names[nodes.iso3[k]],
            sales_change=float(parts.sales_change[k]) / MILLION_PER_BILLION,
            market_growth=float(parts.market_growth[k]) / MILLION_PER_BILLION,
            from_rest_of_country=float(parts.from_rest_of_country[k]) / MILLION_PER_BILLION,
            from_own_country_clusters=float(parts.from_own_country_clusters[k]) / MILLION_PER_BILLION,
            from_abroad=float(parts.from_abroad[k]) / MILLION_PER_BILLION))
    return tuple(out)


def _adopters(view: Scenario) -> tuple[str, ...]:
    if view.level == "clusters":
        nodes = nested_baseline()
        moved = {c for c, _ in view.targets}
        return tuple(dict.fromkeys([n for n, c in zip(nodes.node_ids, nodes.iso3) if c in moved]
                                   + [n for n, _ in view.city_targets]))
    return tuple(c for c, _ in view.targets)


@functools.lru_cache(maxsize=512)
def _outcome(view: Scenario) -> Outcome:
    clusters = view.level == "clusters"
    solve, tabulate = (_cluster_result, _cluster_table) if clusters else (_country_result, _country_table)
    result = solve(view)
    table = tabulate(view, result)
    split = view.closure != BASELINE.closure and view.adopts
    converged = result.converged
    reference = nested_baseline().flows[GOODS] if clusters else None
    if split:
        alone = solve(_parameters_only(view))
        _effects(table, tabulate(view, alone))
        converged = converged and alone.converged
        reference = alone.flows[GOODS] if clusters else None
    notes: list[str] = []
    decompositions: tuple[Decomposition, ...] = ()
    if clusters:
        decompositions = _decompositions(view, reference, result)
        notes.append("Node flows are modeled: each country's sourced flows are split among its city clusters and "
                     "its rest of country by GDP share and distance (nested gravity; see Methods). Jobs per node "
                     "are the country's 2019 employment allocated by GDP share (modeled).")
    elif view.city_targets:
        notes.append("The city-cluster target applies at the city-cluster level only: switch Level to City clusters.")
    label = (f"{nested_baseline().year} nested city-cluster baseline (modeled within sourced country flows)"
             if clusters else f"{sector_baseline().year} country baseline, goods and services")
    return Outcome(_sorted(table), view.level, "node" if clusters else "economy", label, bool(converged),
                   _adopters(view), split, decompositions, tuple(notes))


#: The range of the productivity change a user sets for an uploaded economy we hold no robot data for, %.
UPLOAD_CHANGE_RANGE = (-10.0, 30.0)


def run(view: Scenario, uploaded: pd.DataFrame | None = None,
        productivity_pct: Mapping[str, float] | None = None) -> Outcome:
    """Solve the scenario on the country or city-cluster baseline, or on an uploaded one-sector matrix.
    `productivity_pct`: for an upload, the change in productivity (%) the user set for its economies we
    hold no robot density for (their sliders; the robot-density targets move the others).

    Same scenario, same numbers: results are memoised per process on the (immutable) scenario.
    """
    view = normalise(view)
    if uploaded is not None:
        return _upload_outcome(view, uploaded, productivity_pct or {})
    return _outcome(view)


def set_by_user(codes: Iterable[str], view: Scenario = BASELINE) -> tuple[str, ...]:
    """The uploaded economies whose productivity change the user sets directly: those with no robot
    density in the data (and none entered), so no target slider can move them."""
    known = view.baseline_densities()
    return tuple(c for c in codes if c not in known)


# ---- uploads (one sector) ------------------------------------------------------------------------------

def _upload_outcome(view: Scenario, matrix: pd.DataFrame, productivity_pct: Mapping[str, float]) -> Outcome:
    """The one-sector model (S = 1, β = 1: solve_scenario's numbers) on an uploaded N×N matrix: robot-density
    targets move the economies we hold data for; `productivity_pct` (set by the user, %) the others."""
    codes = tuple(str(c) for c in matrix.index)
    base = sector_baseline()
    position = {c: k for k, c in enumerate(base.codes)}
    before, after = _densities(view, codes)
    # The whole economy moves by manufacturing's share of GDP (value added) times the manufacturing gain.
    manufacturing_share = base.manufacturing_share_of_goods * base.value_added[GOODS] / base.value_added.sum(axis=0)
    share = np.array([manufacturing_share[position[c]] if c in position else 0.0 for c in codes])
    a_hat = goods_productivity(before, after, share, 1.0, view.epsilon)[None, :]
    low, high = UPLOAD_CHANGE_RANGE
    direct = set_by_user(codes, view)
    chosen = {c: min(high, max(low, float(productivity_pct[c]))) for c in direct
              if math.isfinite(float(productivity_pct.get(c, 0.0))) and productivity_pct.get(c, 0.0)}
    for k, code in enumerate(codes):
        if code in chosen:
            a_hat[0, k] = 1.0 + chosen[code] / 100.0
    flows = matrix.to_numpy(dtype=float)[None, :, :]
    notes = [f"Running on your uploaded matrix ({len(codes)} economies); robot-density targets apply to the "
             f"{len(codes) - len(direct)} whose ISO codes match ours"
             + (f", and the productivity changes you set to the other {len(direct)}" if direct else "")
             + ". The upload is not part of the link."]
    settings = tuple((f"productivity_change_pct_{code}", f"{value:g} (set by the user; no robot data)")
                     for code, value in sorted(chosen.items()))
    closure = view.closure
    if closure == "us" and US not in codes:
        notes.append("The uploaded matrix has no USA: deficits are held fixed instead of closing the US deficit.")
        closure = BASELINE.closure
    income = flows.sum(axis=2)[0]
    result = solve_sectors(flows, productivity_change=a_hat, theta=view.theta, sector_elasticity=view.eta,
                           deficits=_deficits(closure, flows, income, np.array([c == US for c in codes])),
                           economies=codes)
    known = names()
    shares0, shares1 = 100 * result.export_share_before[0], 100 * result.export_share_after[0]
    ranked = np.ones(len(codes), dtype=bool)
    table = pd.DataFrame({
        "code": codes,
        "name": [known.get(c, c) for c in codes],
        "region": [region_of(c) if c in known else "Rest of world" for c in codes],
        "goods_export_share_before_pct": shares0,
        "goods_export_share_after_pct": shares1,
        "goods_export_share_change_pp": shares1 - shares0,
        "real_income_change_pct": _pct(result.real_income_change),
        "real_spending_change_pct": _pct(result.real_spending_change),
        "domestic_share_of_goods_spending_before_pct": 100 * result.domestic_share_before[0],
        "domestic_share_of_goods_spending_after_pct": 100 * result.domestic_share_after[0],
        "goods_export_rank_before": _ranks(shares0, ranked),
        "goods_export_rank_after": _ranks(shares1, ranked),
    })
    table["domestic_share_of_goods_spending_change_pp"] = (table["domestic_share_of_goods_spending_after_pct"]
                                                           - table["domestic_share_of_goods_spending_before_pct"])
    return Outcome(_sorted(table), "upload", "economy", "your uploaded matrix (one sector)", bool(result.converged),
                   tuple(c for c, _ in view.targets if c in codes) + tuple(chosen), notes=tuple(notes),
                   missing=("manufacturing jobs", "goods trade balances"), settings=settings)


# ---- the networks page's overlay, and warming a worker -------------------------------------------------

@dataclass(frozen=True)
class NodeSolution:
    """A scenario on the nested city-cluster baseline, for the networks page's overlay.

    node_ids, names, iso3, kinds (cluster / rest-of-country / country): the M nodes; sectors: the S sector
    ids; before, after: (S, M, M) node flows, exporter × importer, USD million (after: at the baseline's
    world GDP, the numeraire); converged: whether the solver cleared every market.
    """

    node_ids: tuple[str, ...]
    names: tuple[str, ...]
    iso3: tuple[str, ...]
    kinds: tuple[str, ...]
    sectors: tuple[str, ...]
    before: np.ndarray
    after: np.ndarray
    converged: bool
    unit: str = "USD million, current"


def node_solution(view: Scenario) -> NodeSolution:
    """The scenario's node flows before and after, for the networks page's scenario overlay.

    Contract (the networks page relies on it):
    - `view`: a `scenario_state.Scenario`, e.g. from `scenario_state.from_query(query)` on the networks
      page's own address, which can carry the scenarios page's keys (`target`, `base`, `city`, `closure`,
      `theta`, `eta`, `eps`); `view.level` is ignored: nodes are always solved.
    - National targets move every node of their country; a `city_targets` entry moves its cluster alone.
    - Returns the M nodes of the nested baseline (`nested_clusters.nested_baseline()`, same order), with
      `before` and `after` as (S, M, M) arrays, exporter × importer, per sector in `sectors` order, in USD
      million (`after` at the baseline's world GDP, the numeraire). Sum over the sector axis for total
      trade; `kinds` tells clusters from rest-of-country nodes, `iso3` gives each node's country, so a
      link is domestic when both ends share it. `converged` False: treat `after` as unreliable.
    - The arrays are the solver's and the baseline's own: read them, never write to them.
    - Memoised per process on the (immutable) scenario, shared with the scenarios page's own solves;
      `ValueError` for a scenario the model cannot solve."""
    view = normalise(replace(view, level="clusters"))
    nodes = nested_baseline()
    result = _cluster_result(view)
    return NodeSolution(nodes.node_ids, nodes.names, nodes.iso3, nodes.kinds, nodes.sectors, nodes.flows,
                        result.flows, bool(result.converged))


def networks_query(view: Scenario) -> str:
    """The networks page's address for this scenario: the same parameters (that page solves it on its nodes,
    through `node_solution`); the scenarios page's `level` is its own and left out."""
    return to_query(replace(normalise(view), level=BASELINE.level))


def warm() -> None:
    """Solve one scenario at each level. A gunicorn worker does this before its first request
    (dashboard/gunicorn_conf.py), so the one-off costs of a process's first solve (scipy's LAPACK import,
    the baselines, the nested fit: ~0.5 s) are not paid by the first person to move a slider in it."""
    for level in LEVELS:
        run(replace(BASELINE, targets=(("DEU", 400.0),), level=level))


def cache_key(view: Scenario) -> str:
    """The key under which a scenario's page results are shared between workers (dashboard/cache.py). The
    results hold the charts: a new version when the charts change, so a shared (Redis) cache kept across a
    deployment does not serve the old ones (v3: titles below the mode bar, issue 26.6)."""
    return f"scenario-v3:{to_query(normalise(view))}"
