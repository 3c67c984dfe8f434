"""Uncertainty ranges of the scenario in the address, with no Dash in it: the adapter from the page's
URL query to `scenario_ranges`, and the rows the ranges panel shows (dashboard/components/ranges.py).

The adapter's contract (`ranges_inputs`), for whoever points it at another scenarios view:
- in: the page's URL search string ("?adopt=CHN:60&theta=5", "" or None for the baseline), read with
  the scenarios page's codec (`dashboard.views.scenarios.from_query`), so a link gives the same
  scenario to the point estimate and to its ranges;
- out: `RangesInputs`: the keyword arguments of `scenario_ranges` for the 2019 two-sector baseline
  (`sector_baseline()`, 25 economies incl. ROW), a `key` that names the scenario (the canonical query;
  the result cache and the page use it), and `notices` (what the ranges do not cover). `inputs` is None
  where no ranges can be drawn (then `notices` says why).
- how the view becomes model inputs: an economy's baseline robot density is its latest figure in
  data/indicators.csv with that row's basis ("sourced" or "modeled"); an economy without one takes the
  world average and basis "user" (not varied: the error of that stand-in is not known, so it is not
  drawn). A slider's adoption a (% of the frontier) becomes the target density a/100 × FRONTIER_ROBOT_DENSITY
  (at least MIN_DENSITY: the log-density map has no value at zero); an economy left at its baseline keeps
  its baseline density exactly, so it is not shocked. θ of goods is the page's θ (services keep their
  default); ε is ROBOT_ELASTICITY scaled by the page's gain over its default (gain 0 → ε 0).
To point it at a new scenarios view, replace `_view` (query → view) and `_targets` (view → densities).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dashboard.datasets import load
from dashboard.datasets.matrices import sector_baseline
from dashboard.model import FRONTIER_ROBOT_DENSITY, UncertaintyResult, scenario_ranges
from dashboard.model.productivity import ROBOT_ELASTICITY
from dashboard.model.sectors import DEFAULTS
from dashboard.views import scenarios as scn
from dashboard.views.query import parse_query

#: Robots per 10,000 manufacturing employees given to an adoption of 0 % (log density needs a positive value).
MIN_DENSITY = 1.0
#: Bump when what a cached result holds changes: old entries are then never read.
CACHE_VERSION = "ranges-v1"
#: The outputs the panel shows, in its table's order: (output name in the model, column heading).
SHOWN = (("real_income", "Real income, %"), ("goods_export_share", "Share of world goods exports, pp"))


@dataclass(frozen=True)
class RangesInputs:
    """key: the canonical scenario (cache key); inputs: scenario_ranges' keyword arguments, or None."""

    key: str
    inputs: dict | None
    notices: tuple[str, ...]


def _view(search: str | None) -> tuple[scn.ScenarioView, list[str]]:
    return scn.from_query(parse_query(search))


@functools.cache
def _baseline_density() -> tuple[dict[str, float], dict[str, str], float]:
    """(density by iso3, basis by iso3, world average): latest robot density per economy in data/."""
    indicators = load.table("indicators")
    density = indicators[indicators["indicator"] == "robot_density"].sort_values("year")
    latest = density.groupby("iso3").tail(1).set_index("iso3")
    world = float(latest.loc[scn.WORLD, "value"])
    return ({str(k): float(v) for k, v in latest["value"].items()},
            {str(k): str(v) for k, v in latest["basis"].items()}, world)


def _targets(view: scn.ScenarioView, codes: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(baseline density, target density, basis) per code, robots per 10,000 manufacturing employees."""
    known, basis_of, world = _baseline_density()
    chosen = dict(view.adoption)
    base = np.array([known.get(c, world) for c in codes])
    basis = [basis_of[c] if c in known else "user" for c in codes]
    target = np.array([max(chosen[c] / 100.0 * FRONTIER_ROBOT_DENSITY, MIN_DENSITY) if c in chosen else b
                       for c, b in zip(codes, base)])
    return base, target, basis


def ranges_inputs(search: str | None) -> RangesInputs:
    """The scenario of a URL query as `scenario_ranges` inputs (see the module docstring's contract)."""
    view, _ = _view(search)
    key = f"{CACHE_VERSION}:{scn.to_query(view)}"
    notices = []
    if view.level != "countries":
        return RangesInputs(key, None, ("Uncertainty ranges are computed at country level only so far.",))
    if view.equilibrium != "general":
        notices.append("Ranges are those of the general-equilibrium two-sector model.")
    baseline = sector_baseline()
    base, target, basis = _targets(view, baseline.codes)
    theta = (view.theta, *DEFAULTS.theta[1:])
    inputs = dict(flows=baseline.flows, value_added_share=baseline.value_added_share,
                  manufacturing_share=baseline.manufacturing_share_of_goods, density_base=base,
                  density_target=target, density_basis=basis, theta=theta,
                  robot_elasticity=ROBOT_ELASTICITY.value * view.gain / scn.GAIN_DEFAULT,
                  economies=baseline.codes)
    return RangesInputs(key, inputs, tuple(notices))


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
