"""The scenario overlay's one way to the scenarios page: the only module of the networks page that
imports dashboard.views.scenarios, so a new scenarios API is wired in here and nowhere else.

A scenario travels as its own URL parameters (`Scenario`: sorted (key, value) pairs, as the scenarios
page writes them), so the networks page's view and codec do not depend on the scenarios page's view.

The adapter's contract (`scenario_node_flows`): given a scenario's URL parameters, the node flows of
the nested baseline before and after the scenario, both (M, M) numpy arrays in USD million (current,
2019), goods + services summed, exporter rows × importer columns, in the node order of
`nested_baseline().node_ids` (the `baseline` argument, when given, replaces the default baseline);
None when the parameters describe no change. It raises ValueError or ArithmeticError when the model
cannot solve the scenario (the page says so and keeps what it shows).

Rewiring (at the merge of the scenarios rewrite, whose `dashboard.views.scenario_model.node_solution(view)`
was not on main when this was written): `parse` reads the query with that page's codec, and
`scenario_node_flows` returns that solution's node flows before and after, summed over sectors, in the
nested baseline's node order and USD million; `active`, `describe`, `parameters` and `scenarios_link`
keep their signatures. Parameters the scenarios codec does not know (a cluster's own adoption, say)
are dropped by `parse` until then. The contract is pinned by tests/views/test_networks_view.py
(test_the_overlay_adapter_gives_node_flows_before_and_after) and the page's browser tests.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import parse_qsl

import numpy as np

from dashboard.model import solve_scenario
from dashboard.views import scenarios as scn
from dashboard.views.nested_clusters import NestedBaseline, nested_baseline

#: A scenario as URL parameters: sorted (key, value) pairs (empty: no scenario).
Scenario = tuple[tuple[str, str], ...]


def _params(view: scn.ScenarioView) -> Scenario:
    # The networks page always runs the scenario on its nodes: the scenarios page's `level` is its own.
    return tuple(parse_qsl(scn.to_query(replace(view, level=scn.DEFAULT.level)).lstrip("?")))


def parse(query: Mapping[str, str]) -> tuple[Scenario, list[str]]:
    """The scenario in a URL query (other keys ignored), normalised as the scenarios page writes it,
    and a notice for each value it could not use."""
    view, notices = scn.from_query(query)
    return _params(view), notices


def from_store(data: object) -> Scenario:
    """The scenario of the page's store (its URL parameters as a dict); anything else: no scenario."""
    query = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(data, dict) else {}
    return parse(query)[0]


@functools.lru_cache(maxsize=256)
def active(scenario: Scenario) -> bool:
    """True when the scenario changes something (an adoption differs from the baseline)."""
    return bool(scn.from_query(dict(scenario))[0].adoption)


def describe(scenario: Scenario) -> str:
    """One sentence on what the scenario is, for the page's banner."""
    view = scn.from_query(dict(scenario))[0]
    base = scn.baseline_adoption()
    adoption = ", ".join(f"{code} {value} % (baseline {base[code]} %)" for code, value in view.adoption)
    return (f"adoption of intelligent manufacturing {adoption}; θ = {view.theta:g}, productivity gain at full "
            f"adoption {view.gain:g} %, {scn.EQUILIBRIA[view.equilibrium].lower()}. Every node (city cluster or "
            "rest of country) takes its country's adoption.")


def parameters(scenario: Scenario) -> dict[str, str]:
    """The scenario's parameters for a CSV: adoption, θ, gain, equilibrium."""
    view = scn.from_query(dict(scenario))[0]
    return {"scenario_adoption_pct": "; ".join(f"{k}:{v}" for k, v in view.adoption),
            "scenario_theta": f"{view.theta:g}", "scenario_gain_pct": f"{view.gain:g}",
            "scenario_equilibrium": view.equilibrium}


def scenarios_link(scenario: Scenario) -> str:
    """The scenarios page at the city-cluster level with the same scenario."""
    view = scn.from_query(dict(scenario))[0]
    query = scn.to_query(replace(view, level="clusters"))
    return "/scenarios" + query


def scenario_node_flows(query: Mapping[str, str] | Scenario,
                        baseline: NestedBaseline | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(before, after) node flows of the scenario in `query` (see the module docstring): today the
    one-sector Eaton–Kortum model (dashboard.model.solve_scenario) on the nested baseline summed over
    sectors, each node taking its country's adoption. Not cached here: the caller keeps the result."""
    view = scn.from_query(dict(query))[0]
    if not view.adoption:
        return None
    base = baseline or nested_baseline()
    before = np.asarray(base.flows, dtype=float).sum(axis=0)
    result = solve_scenario(before, productivity_change=scn.productivity(view, list(base.iso3)),
                            theta=view.theta, equilibrium=view.equilibrium)
    if not result.converged:
        raise ArithmeticError("the model did not converge on this scenario")
    return before, np.asarray(result.flows, dtype=float)
