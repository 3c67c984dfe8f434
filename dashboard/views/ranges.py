"""Uncertainty ranges of the scenario in the address, with no Dash in it: the adapter from the page's
URL query to `scenario_ranges`, and the rows the ranges panel shows (dashboard/components/ranges.py).

The adapter's contract (`ranges_inputs`):
- in: the scenarios page's URL search string ("?target=CHN:492&theta=5", "" or None for the page's
  opening view), read with the scenarios page's own codec (`scenario_state.from_query`), so a link gives
  the same scenario to the point estimate and to its ranges;
- out: `RangesInputs`: the keyword arguments of `scenario_ranges` for the 2019 two-sector baseline
  (`sector_baseline()`, 25 economies incl. ROW), a `key` that names the scenario (the canonical query;
  the result cache and the page use it), and `notices` (what the ranges do not cover). `inputs` is None
  where no ranges can be drawn (then `notices` says why).
- how the view becomes model inputs: the same as the point estimate (`scenario_model.solve_inputs`:
  flows, β, the deficit rule, θ for both sectors, η, ε of the chosen case); each economy's baseline and
  target robot density from the view (`Scenario.baseline_densities`, `target_densities`), its basis from
  the baseline rule: IFR-published ("sourced", measurement error drawn), modeled 2019 ("modeled",
  one-sided error drawn), or entered by the user ("user", not varied). An economy with no baseline in the
  data and none entered cannot move (the page offers no target for it): it is given a placeholder equal
  at baseline and target with basis "user", so it is unchanged in every draw and its density is never used.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from dashboard.datasets import load
from dashboard.datasets.matrices import sector_baseline
from dashboard.model import UncertaintyResult, scenario_ranges
from dashboard.views import scenario_model as sm, scenario_state as ss
from dashboard.views.query import parse_query

#: Bump when what a cached result holds changes: old entries are then never read.
CACHE_VERSION = "ranges-v2"
#: The outputs the panel shows, in its table's order: (output name in the model, column heading).
SHOWN = (("real_income", "Real income, %"), ("goods_export_share", "Share of world goods exports, pp"))
#: Placeholder density of an economy that cannot move (see the module docstring); never used in a solve.
UNMOVED = 1.0


@dataclass(frozen=True)
class RangesInputs:
    """key: the canonical scenario (cache key); inputs: scenario_ranges' keyword arguments, or None."""

    key: str
    inputs: dict | None
    notices: tuple[str, ...]


def _view(search: str | None) -> tuple[ss.Scenario, list[str]]:
    return ss.from_query(parse_query(search))


def _basis(code: str, view: ss.Scenario) -> str:
    rule = ss.density_baselines().get(code)
    if rule is None or rule.density is None:
        return "user"
    return {1: "sourced", 2: "sourced", 3: "modeled"}.get(rule.rule, "user")


def _targets(view: ss.Scenario, codes: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(baseline density, target density, basis) per code, robots per 10,000 manufacturing employees."""
    base_of, target_of = view.baseline_densities(), view.target_densities()
    base = np.array([base_of.get(c, UNMOVED) for c in codes])
    target = np.array([target_of.get(c, UNMOVED) for c in codes])
    return base, target, [_basis(c, view) for c in codes]


def ranges_inputs(search: str | None) -> RangesInputs:
    """The scenario of a URL query as `scenario_ranges` inputs (see the module docstring's contract)."""
    view, _ = _view(search)
    key = f"{CACHE_VERSION}:{ss.to_query(view)}"
    if view.level != "countries":
        return RangesInputs(key, None, ("Uncertainty ranges are computed at country level only so far "
                                        "(1,000 draws of the city-cluster model take about 7 s on one core).",))
    solve = sm.solve_inputs(replace(view, level="countries"))
    baseline = sector_baseline()
    base, target, basis = _targets(view, baseline.codes)
    inputs = dict(flows=solve.flows, value_added_share=solve.value_added_share,
                  manufacturing_share=baseline.manufacturing_share_of_goods, density_base=base,
                  density_target=target, density_basis=basis, deficits=solve.deficits,
                  theta=solve.theta, sector_elasticity=solve.sector_elasticity,
                  robot_elasticity=view.epsilon, economies=baseline.codes)
    return RangesInputs(key, inputs, ())


def compute(inputs: Mapping, progress=None, cancelled=None) -> UncertaintyResult:
    """scenario_ranges on the adapter's inputs (the default number of draws and the scenario's own seed)."""
    return scenario_ranges(**inputs, progress=progress, cancelled=cancelled)


def summary(result: UncertaintyResult, names: Mapping[str, str] | None = None) -> dict:
    """What the panel shows, JSON-ready (the result cache keeps this, never arrays): per economy and
    shown output the point estimate, median, 90 % interval and sign agreement, and the draw counts."""
    names = names or {}
    economies = list(result.economies or ())
    rows = []
    for i, code in enumerate(economies):
        row: dict[str, object] = {"code": code, "name": names.get(code, code)}
        for output, _ in SHOWN:
            values = result.output(output)
            for stat in ("point", "median", "low", "high", "sign_agreement"):
                row[f"{output}.{stat}"] = round(float(values[stat][i]), 6)
        rows.append(row)
    return {"rows": rows, "draws": result.draws, "used": result.used, "failed": result.failed,
            "interval": list(result.interval)}


def economy_names() -> dict[str, str]:
    economies = load.table("economies")
    return {str(k): str(v) for k, v in zip(economies["iso3"], economies["name"])}
