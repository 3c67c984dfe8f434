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
- at city-cluster level (`Scenario.level == "clusters"`) the same on the nested baseline's nodes
  (`scenario_model.solve_inputs`, as `node_solution` solves them): each node takes its country's baseline
  density, basis and manufacturing share, and its country's target (a city target moves its cluster
  alone); the nodes of a country share one density error (`groups`), and export share, trade balance and
  domestic share count international trade only, as the page's node table does. Fewer draws there
  (`CLUSTER_DRAWS`: a node-level draw costs 5–7 times a country-level one); the panel says how many, what
  they cost and their Monte Carlo error.

What the page shows of a run (`summary`, JSON-ready, kept in the result cache): per economy (node) and
shown output the point estimate, median, 90 % interval and sign agreement; the draws, seed and Monte Carlo
error. `headline` turns it into the sentences of "where it matters", `csv_columns` into the CSV's columns.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dashboard.datasets import load
from dashboard.datasets.matrices import sector_baseline
from dashboard.model import UncertaintyResult, scenario_ranges
from dashboard.model.uncertainty import CLUSTER_DRAWS, DEFAULT_DRAWS
from dashboard.views import scenario_model as sm, scenario_state as ss, scenario_text as text
from dashboard.views.nested_clusters import nested_baseline
from dashboard.views.query import parse_query

#: Bump when what a cached result holds changes: old entries are then never read.
CACHE_VERSION = "ranges-v3"
#: The outputs the panel shows, in its table's order: (output name in the model, column heading, the
#: results table's column of the same change: the CSV's interval columns are named after it).
SHOWN = (("real_income", "Real income, %", "real_income_change_pct"),
         ("goods_export_share", "Share of world goods exports, pp", "goods_export_share_change_pp"))
#: Draws per level, and what one run of them costs on one core (benchmarks/uncertainty.py; the panel says it).
DRAWS = {"countries": DEFAULT_DRAWS, "clusters": CLUSTER_DRAWS}
COST = {"countries": "about 1 s on one core", "clusters": "about 1–2 s on one core, 4–8 ms a draw"}
#: Placeholder density of an economy that cannot move (see the module docstring); never used in a solve.
UNMOVED = 1.0
#: Sign agreement at or above this is "sure" in the headline; below it an economy is named as unsure.
SURE = 0.9
#: The rest of the world: never named in a headline (as in the point estimate's).
REST = "ROW"


@dataclass(frozen=True)
class RangesInputs:
    """key: the canonical scenario (cache key); inputs: scenario_ranges' keyword arguments, or None;
    level: "countries" or "clusters"; names: each economy's (node's) name and country, by code."""

    key: str
    inputs: dict | None
    notices: tuple[str, ...]
    level: str = "countries"
    names: Mapping[str, tuple[str, str]] | None = None


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
    baseline = sector_baseline()
    base, target, basis = _targets(view, baseline.codes)
    solve = sm.solve_inputs(view)
    common = dict(flows=solve.flows, value_added_share=solve.value_added_share, deficits=solve.deficits,
                  theta=solve.theta, sector_elasticity=solve.sector_elasticity, robot_elasticity=view.epsilon,
                  draws=DRAWS[view.level])
    if view.level == "clusters":
        nodes = nested_baseline()
        country = np.asarray(nodes.node_country)
        cities = dict(view.city_targets)
        node_target = np.array([cities.get(node, target[k]) for node, k in zip(nodes.node_ids, country)])
        inputs = dict(common, manufacturing_share=baseline.manufacturing_share_of_goods[country],
                      density_base=base[country], density_target=node_target,
                      density_basis=[basis[k] for k in country], economies=nodes.node_ids, groups=country)
        names = {node: (name, iso3) for node, name, iso3 in zip(nodes.node_ids, nodes.names, nodes.iso3)}
        return RangesInputs(key, inputs, (), "clusters", names)
    inputs = dict(common, manufacturing_share=baseline.manufacturing_share_of_goods, density_base=base,
                  density_target=target, density_basis=basis, economies=baseline.codes)
    names = {code: (name, code) for code, name in economy_names().items()}
    return RangesInputs(key, inputs, (), "countries", names)


def compute(inputs: Mapping, progress=None, cancelled=None) -> UncertaintyResult:
    """scenario_ranges on the adapter's inputs (the default number of draws and the scenario's own seed)."""
    return scenario_ranges(**inputs, progress=progress, cancelled=cancelled)


def summary(result: UncertaintyResult, names: Mapping[str, tuple[str, str]] | None = None,
            level: str = "countries", moved: Sequence[bool] | None = None) -> dict:
    """What the panel shows, JSON-ready (the result cache keeps this, never arrays): per economy and
    shown output the point estimate, median, 90 % interval and sign agreement (and whether its robot
    density moves: `moved`); the draws, the seed (a decimal string: 128 bits) and the Monte Carlo error of
    the interval ends against their width (median and worst over economies and shown outputs)."""
    names = names or {}
    economies = list(result.economies or ())
    moving = list(moved) if moved is not None else [False] * len(economies)
    rows = []
    for i, code in enumerate(economies):
        name, country = names.get(code, (code, code))
        row: dict[str, object] = {"code": code, "name": name, "country": country, "moved": bool(moving[i])}
        for output, *_ in SHOWN:
            values = result.output(output)
            for stat in ("point", "median", "low", "high", "sign_agreement"):
                row[f"{output}.{stat}"] = round(float(values[stat][i]), 6)
        rows.append(row)
    ratio = result.mc_error_ratio[[result.outputs.index(output) for output, *_ in SHOWN]]
    finite = ratio[np.isfinite(ratio)]
    error = [round(float(np.median(finite)), 4), round(float(finite.max()), 4)] if finite.size else None
    return {"rows": rows, "draws": result.draws, "used": result.used, "failed": result.failed,
            "interval": list(result.interval), "seed": str(result.seed), "level": level, "mc_error": error}


def compute_summary(prepared: RangesInputs, progress=None, cancelled=None) -> dict:
    """`summary` of a run on the adapter's inputs (which must be there: `prepared.inputs` not None)."""
    inputs = prepared.inputs or {}
    moved = np.asarray(inputs["density_target"]) != np.asarray(inputs["density_base"])
    return summary(compute(inputs, progress, cancelled), prepared.names, prepared.level, moved)


def draws_words(summary: Mapping) -> str:
    """How many draws the ranges are over and their Monte Carlo error, for the status line."""
    level = summary.get("level", "countries")
    where = "city-cluster" if level == "clusters" else "country"
    words = (f"Medians and 90 % intervals over {summary['used']:,} Monte Carlo draws "
             f"({summary['failed']} did not converge; {summary['draws']:,} draws at {where} level, {COST[level]}).")
    if summary.get("mc_error"):
        median, worst = summary["mc_error"]
        words += (f" Monte Carlo error of an interval end: {100 * median:.0f} % of the interval's width at the "
                  f"median, {100 * worst:.0f} % at worst.")
    return words


def headline(summary: Mapping) -> list[str]:
    """The sign agreement where it matters, in plain sentences: for the economies (nodes) the point
    estimate's headlines name (the largest gain and the largest loss of export share, the adopters' real
    income), and which economies' export-share sign is unsure (agreement below SURE). Empty when nothing moves."""
    rows = [r for r in summary["rows"] if r["country"] != REST]
    income, share = (output for output, *_ in SHOWN)
    moving = [r for r in rows if round(r[f"{share}.point"], text.PP_DIGITS) != 0]
    if not moving:
        return []
    ordered = sorted(moving, key=lambda r: r[f"{share}.point"])
    gainer, loser = ordered[-1], ordered[0]
    named = [r for r, sign in ((gainer, 1), (loser, -1)) if sign * r[f"{share}.point"] > 0]
    lines = [text.agreement_sentence(r["name"], "export share", r[f"{share}.point"], r[f"{share}.sign_agreement"],
                                     text.PP_DIGITS, "gains", "loses") for r in named]
    adopters = sorted((r for r in rows if r["moved"]), key=lambda r: -r[f"{income}.point"])[:2]
    lines += [text.agreement_sentence(r["name"], "real income", r[f"{income}.point"],
                                      r[f"{income}.sign_agreement"], text.PCT_DIGITS, "rises", "falls")
              for r in adopters if round(r[f"{income}.point"], text.PCT_DIGITS)]
    unsure = sorted((r for r in moving if r[f"{share}.sign_agreement"] < SURE),
                    key=lambda r: r[f"{share}.sign_agreement"])
    lines.append(text.unsure_sentence([(r["name"], r[f"{share}.sign_agreement"]) for r in unsure], len(moving),
                                      "node" if summary.get("level") == "clusters" else "economy", SURE))
    return lines


def csv_columns(summary: Mapping | None) -> tuple[dict[str, dict[str, float]], list[tuple[str, str]]]:
    """The ranges as the results CSV carries them: per code, the columns `<table column>_median`, `_p5`,
    `_p95` and `_sign_agreement` (a share in [0, 1]); and the (name, value) lines that say what they are
    over (draws, seed, interval)."""
    if summary is None:
        return {}, [("ranges", "none: not computed for an uploaded baseline")]
    columns = {}
    for row in summary["rows"]:
        columns[row["code"]] = {f"{column}_{suffix}": row[f"{output}.{stat}"] for output, _, column in SHOWN
                                for suffix, stat in (("median", "median"), ("p5", "low"), ("p95", "high"),
                                                     ("sign_agreement", "sign_agreement"))}
    low, high = (round(100 * end) for end in summary["interval"])
    lines = [("ranges", f"median and {high - low} % interval ({low}th to {high}th percentile) over the Monte Carlo "
                        "draws; sign agreement = share of draws with the point estimate's sign; see /methods"),
             ("ranges_draws", f"{summary['used']} used of {summary['draws']} ({summary['failed']} did not converge)"),
             ("ranges_seed", str(summary["seed"]))]
    return columns, lines


def economy_names() -> dict[str, str]:
    economies = load.table("economies")
    return {str(k): str(v) for k, v in zip(economies["iso3"], economies["name"])}
