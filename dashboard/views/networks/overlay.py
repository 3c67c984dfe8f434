"""The scenario overlay's one way to the scenarios page: the only module of the networks page that
imports the scenarios page's code (`scenario_state` for the address, `scenario_model.node_solution` for
the solve), so a change of the scenarios API is wired in here and nowhere else.

A scenario travels as its own URL parameters (`Scenario`: sorted (key, value) pairs, as the scenarios
page writes them: `target`, `base`, `city`, `closure`, `theta`, `eta`, `eps`), so the networks page's
view and codec do not depend on the scenarios page's view. An address with none of the scenario keys
carries no scenario (the scenarios page would open on its default preset; this page opens on the
baseline). Old `adopt=` links are migrated by the scenarios codec, with its notice.

The adapter's contract (`scenario_node_flows`): given a scenario's URL parameters, the node flows of
the nested baseline before and after the scenario, both (M, M) numpy arrays in USD million (current,
2019), goods + services summed, exporter rows × importer columns, in the node order of
`nested_baseline().node_ids`; None when the parameters describe no change. On the real baseline it is
the scenarios page's own two-sector solve (`scenario_model.node_solution`: national targets move every
node of their country, a `city` target its cluster alone, the deficit rule applied), shared with that
page's cache. A `baseline` argument other than the real one (the benchmark's synthetic network) is solved
with the same model and national targets only. It raises ArithmeticError when the model cannot clear the
markets (the page says so and keeps what it shows).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import parse_qsl

import numpy as np

from dashboard.datasets.matrices import sector_baseline
from dashboard.model import solve_sectors
from dashboard.model.nested import node_productivity_change
from dashboard.views import scenario_model as sm, scenario_state as ss
from dashboard.views.nested_clusters import NestedBaseline, nested_baseline

#: A scenario as URL parameters: sorted (key, value) pairs (empty: no scenario).
Scenario = tuple[tuple[str, str], ...]

#: The scenario page's keys this page carries (the others, e.g. `level`, are that page's own).
KEYS = ("target", "base", "city", "closure", "theta", "eta", "eps")


def _changes(view: ss.Scenario) -> bool:
    return bool(view.targets or view.city_targets or view.closure != ss.BASELINE.closure)


def _params(view: ss.Scenario) -> Scenario:
    if not _changes(view):
        return ()
    query = dict(parse_qsl(ss.to_query(replace(view, level=ss.BASELINE.level)).lstrip("?")))
    return tuple(sorted((k, v) for k, v in query.items() if k in KEYS))


def parse(query: Mapping[str, str]) -> tuple[Scenario, list[str]]:
    """The scenario in a URL query (other keys ignored), normalised as the scenarios page writes it,
    and a notice for each value it could not use. No scenario key: no scenario."""
    if not any(key in query for key in (*ss.SCENARIO_KEYS, *KEYS)):
        return (), []
    scenario_query = {k: v for k, v in query.items() if k in (*ss.SCENARIO_KEYS, *KEYS, "gain", "eq")}
    if not any(key in scenario_query for key in ss.SCENARIO_KEYS):
        scenario_query["target"] = ss.NONE            # parameters alone: no robots move (not the preset)
    view, notices = ss.from_query(scenario_query)
    return _params(view), notices


def from_store(data: object) -> Scenario:
    """The scenario of the page's store (its URL parameters as a dict); anything else: no scenario."""
    query = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(data, dict) else {}
    return parse(query)[0]


@functools.lru_cache(maxsize=256)
def _view(scenario: Scenario) -> ss.Scenario:
    query = dict(scenario)
    if not any(key in query for key in ss.SCENARIO_KEYS):
        query["target"] = ss.NONE
    return ss.from_query(query)[0]


def active(scenario: Scenario) -> bool:
    """True when the scenario changes something (a robot density or the deficits)."""
    return bool(scenario) and _changes(_view(scenario))


def describe(scenario: Scenario) -> str:
    """One sentence on what the scenario is, for the page's banner."""
    view = _view(scenario)
    names, cities, base = ss.names(), ss.city_clusters(), view.baseline_densities()
    moves = [f"{names.get(code, code)} {ss.number(d)} (2019 baseline {ss.number(base.get(code, d))})"
             for code, d in view.targets]
    moves += [f"{cities[node][0]} alone {ss.number(d)}" for node, d in view.city_targets if node in cities]
    robots = ("robot density (per 10,000 manufacturing employees): " + "; ".join(moves)) if moves \
        else "no change in robot density"
    return (f"{robots}; {ss.CLOSURES[view.closure].lower()}; θ = {view.theta:g}, η = {view.eta:g}. "
            "A national target moves every node of its country (city clusters and rest of country); "
            "a city target moves its cluster alone.")


def parameters(scenario: Scenario) -> dict[str, str]:
    """The scenario's parameters for a CSV: targets, city targets, deficit rule, θ, η, ε."""
    view = _view(scenario)
    pairs = lambda values: "; ".join(f"{k}:{ss.number(v)}" for k, v in values)  # noqa: E731
    return {"scenario_robot_density_targets": pairs(view.targets),
            "scenario_city_targets": pairs(view.city_targets),
            "scenario_user_baselines": pairs(view.baselines),
            "scenario_deficits": view.closure, "scenario_theta": f"{view.theta:g}",
            "scenario_eta": f"{view.eta:g}", "scenario_elasticity": view.elasticity}


def scenarios_link(scenario: Scenario) -> str:
    """The scenarios page at the city-cluster level with the same scenario."""
    return "/scenarios" + ss.to_query(replace(_view(scenario), level="clusters"))


def _other_baseline(view: ss.Scenario, base: NestedBaseline) -> np.ndarray:
    """Summed node flows after the scenario on a baseline that is not the real one (national targets only,
    deficits fixed): the same two-sector model, each node taking its country's Â of goods."""
    by_code = dict(zip(sector_baseline().codes, sm.goods_change(view)))
    sectors = len(base.sectors)
    country = np.ones((sectors, len(base.codes)))
    country[sm.GOODS] = [by_code.get(code, 1.0) for code in base.codes]
    a_hat = node_productivity_change(base.node_country, sectors, country_change=country)
    result = solve_sectors(np.asarray(base.flows, dtype=float), productivity_change=a_hat, theta=view.theta,
                           sector_elasticity=view.eta, value_added_share=base.value_added_share)
    if not result.converged:
        raise ArithmeticError("the model did not converge on this scenario")
    return np.asarray(result.flows, dtype=float).sum(axis=0)


def scenario_node_flows(query: Mapping[str, str] | Scenario,
                        baseline: NestedBaseline | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(before, after) node flows of the scenario in `query` (see the module docstring). Not cached here:
    the caller keeps the result (and node_solution is memoised by the scenarios page)."""
    scenario = _params(_view(tuple(sorted(dict(query).items()))))
    if not active(scenario):
        return None
    view = _view(scenario)
    real = nested_baseline()
    if baseline is not None and baseline is not real:
        return np.asarray(baseline.flows, dtype=float).sum(axis=0), _other_baseline(view, baseline)
    solution = sm.node_solution(view)
    if not solution.converged:
        raise ArithmeticError("the model did not converge on this scenario")
    return np.asarray(solution.before, dtype=float).sum(axis=0), np.asarray(solution.after, dtype=float).sum(axis=0)
