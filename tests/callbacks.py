"""Request bodies of the app's callbacks, built from /_dash-dependencies the way the browser builds them.

Shared by the tests (HTTP, hostile input, workers) and the benchmarks (which import this module; the
tests never import the benchmarks).
"""
from __future__ import annotations

import json

import dashboard.app  # noqa: F401 - the page modules register with Dash Pages, which needs the app first
from dashboard.ids import Networks, Scenarios, Shell, Strategies
from dashboard.pages import networks as networks_page, strategies as strategies_page
from dashboard.views import networks as nv, strategies as sv
from dashboard.views.networks import NetworksView
from dashboard.views.scenario_state import ETA_DEFAULT, THETA_DEFAULT, density_baselines
from dashboard.views.strategies import StrategiesView

#: The output of Dash Pages' router: the page container's children.
ROUTER_OUTPUT = "_pages_content.children"


def painted(path: str) -> str:
    """The id, as the callback graph writes it, of the page's store that says its first chart is on
    screen (components/charts.py painted); "<id>.data" in changedPropIds makes the opening call."""
    return json.dumps({"page": path, "type": Shell.PAINTED}, separators=(",", ":"))


def _entry(dependency: dict, value: object) -> dict:
    """One input or state as the browser sends it (a pattern-matching id as an object)."""
    component = dependency["id"]
    return {**dependency, "id": json.loads(component) if component.startswith("{") else component, "value": value}


def dependency_of(dependencies: list[dict], output_part: str) -> dict:
    """The callback whose outputs include `output_part` ("id.property")."""
    return next(d for d in dependencies if output_part in d["output"])


def callback_outputs(dependency: dict) -> list[dict]:
    """The outputs of a multi-output callback as the browser lists them ("..a.b...c.d.." -> two)."""
    def component(name: str) -> str | dict:  # a pattern-matching id is JSON in the callback graph
        return json.loads(name) if name.startswith("{") else name

    return [{"id": component(part.rsplit(".", 1)[0]), "property": part.rsplit(".", 1)[1]}
            for part in dependency["output"].strip(".").split("...")]


def router_payload(dependencies: list[dict], pathname: str, search: str = "",
                   on_screen: list | None = None) -> bytes:
    """The body the browser posts when the address changes: Dash Pages' router, with the records of
    the page on screen (components/shell.py: [] before the first page is in)."""
    dep = dependency_of(dependencies, ROUTER_OUTPUT)
    values = {"pathname": pathname, "search": search}
    inputs = [{**i, "value": values[i["property"]]} for i in dep["inputs"]]
    state = [[{"id": {"type": Shell.VIEW, "page": record["path"]}, "property": "data", "value": record}
              for record in on_screen or []] for _ in dep["state"]]
    return json.dumps({"output": dep["output"], "outputs": callback_outputs(dep), "inputs": inputs, "state": state,
                       "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]]}).encode()


def scenario_targets() -> dict[str, float]:
    """Every target slider's value when the page shows the baseline: each economy's robot-density
    baseline (those without one have no value), in page order."""
    return {code: b.density for code, b in density_baselines().items() if b.density is not None}


def scenario_payload(dependencies: list[dict], targets: dict[str, float], theta: float = THETA_DEFAULT,
                     closure: str = "fixed", level: str = "countries", drawn: dict | None = None,
                     mode: dict | None = None, changed: list[str] | None = None, eta: float = ETA_DEFAULT,
                     elasticity: str = "central", city: str | None = None, city_target: float | None = None,
                     bases: dict[str, float] | None = None) -> bytes:
    """The body the browser posts when a scenarios-page control moves (the main `update` callback).

    targets: every target-density slider's value by ISO3 code, in page order (pattern-matching ALL
    input); empty before the sliders are in the page. bases: baselines entered by the user (ALL input).
    drawn: the page's record of the scenario it shows (ID.DRAWN). changed: what moved ("id.property";
    default: the first slider, or θ when there are no sliders; [] for the call made as the page is put
    in, [f"{painted('/scenarios')}.data"] for the opening call).
    """
    dep = dependency_of(dependencies, f"{Scenarios.SHARE_CHART}.figure")

    def values(kind: str, chosen: dict) -> list[dict]:
        return [{"id": {"iso3": code, "type": kind}, "property": "value", "value": value}
                for code, value in chosen.items()]

    def ids(kind: str, chosen: dict) -> list[dict]:
        return [{"id": {"iso3": code, "type": kind}, "property": "id", "value": {"iso3": code, "type": kind}}
                for code in chosen]

    patterns = {Scenarios.ADOPT: targets, Scenarios.BASE: bases or {}}
    simple = {Scenarios.THETA: theta, Scenarios.CLOSURE: closure, Scenarios.ETA: eta,
              Scenarios.ELASTICITY: elasticity, Scenarios.LEVEL: level, Scenarios.CITY: city,
              Scenarios.CITY_TARGET: city_target, Scenarios.UPLOAD_STORE: None, Scenarios.DRAWN: drawn,
              Shell.MODE: mode or {}, painted("/scenarios"): None}

    def pattern(entry: dict) -> str:
        return json.loads(entry["id"])["type"]

    inputs = [values(pattern(i), patterns[pattern(i)]) if '"ALL"' in i["id"] else _entry(i, simple[i["id"]])
              for i in dep["inputs"]]
    state = [ids(pattern(s), patterns[pattern(s)]) if '"ALL"' in s["id"] else _entry(s, simple[s["id"]])
             for s in dep["state"]]
    first = f'{{"iso3":"{next(iter(targets))}","type":"{Scenarios.ADOPT}"}}.value' if targets else \
        f"{Scenarios.THETA}.value"
    return json.dumps({"output": dep["output"], "outputs": callback_outputs(dep), "inputs": inputs, "state": state,
                       "changedPropIds": [first] if changed is None else changed}).encode()


def control_payload(dependencies: list[dict], output_part: str, values: dict[str, object],
                    changed: list[str]) -> bytes:
    """The body the browser posts when the controls `changed` (component ids) moved, for the callback
    whose outputs include `output_part` ("id.property"). values: each input's and state's value by
    component id (callbacks with plain ids only)."""
    dep = dependency_of(dependencies, output_part)
    return json.dumps({
        "output": dep["output"], "outputs": callback_outputs(dep),
        "inputs": [_entry(i, values[i["id"]]) for i in dep["inputs"]],
        "state": [_entry(s, values[s["id"]]) for s in dep["state"]],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"] if i["id"] in changed],
    }).encode()


def interactions(dependencies: list[dict]) -> dict[str, bytes]:
    """Request bodies of the strategies and networks pages' main interactions on the real data, each
    from a page showing a view (its ID.DRAWN record) to a view one control away: those answered with
    part of a figure (a Patch) or only the parts they change, beside a whole redraw."""

    def strategies(drawn: StrategiesView, view: StrategiesView, control: str) -> bytes:
        values = dict(zip((c.component_id for c in strategies_page.CONTROLS), sv.to_controls(view)))
        values |= {Strategies.DRAWN: sv.to_query(drawn), Shell.MODE: {}, painted("/strategies"): None}
        return control_payload(dependencies, f"{Strategies.MAP}.figure", values, [control])

    def networks(drawn: NetworksView, view: NetworksView, control: str) -> bytes:
        values = dict(zip((c.component_id for c in networks_page.CONTROLS), nv.to_controls(view)))
        values |= {Networks.DRAWN: nv.to_query(drawn), Shell.MODE: {}}
        return control_payload(dependencies, f"{Networks.GRAPH}.figure", values, [control])

    top = nv.network().max_links  # every link: the largest figure the page draws on the real data
    germany, links = StrategiesView(economy="DEU"), NetworksView(top=top)
    cluster = str(nv.network().nodes["node_id"].iloc[0])
    return {
        "strategies: choose an economy (map outline as a Patch)": strategies(
            germany, StrategiesView(economy="JPN"), Strategies.ECONOMY),
        "strategies: colour the map by robot density (map only)": strategies(
            germany, StrategiesView(economy="DEU", color="density"), Strategies.COLOR),
        "strategies: focus area filter (all but the panel)": strategies(
            germany, StrategiesView(economy="DEU", focus=("ai",)), Strategies.FOCUS),
        "networks: all links (whole figure)": networks(NetworksView(), links, Networks.TOP),
        "networks: node size, all links (Patch)": networks(links, NetworksView(top=top, size="degree"), Networks.SIZE),
        "networks: choose a cluster, all links (Patch)": networks(
            links, NetworksView(top=top, cluster=cluster), Networks.CLUSTER),
    }
