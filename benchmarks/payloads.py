"""Request bodies of the app's callbacks, built from /_dash-dependencies the way the browser builds them.

Used by the load script and by the test that compares workers (tests/test_workers.py).
"""
from __future__ import annotations

import json

from dashboard.ids import Scenarios, Shell


def _dependency(dependencies: list[dict], output_part: str) -> dict:
    return next(d for d in dependencies if output_part in d["output"])


def callback_outputs(dependency: dict) -> list[dict]:
    """The outputs of a multi-output callback as the browser lists them ("..a.b...c.d.." -> two)."""
    def component(name: str) -> str | dict:  # a pattern-matching id is JSON in the callback graph
        return json.loads(name) if name.startswith("{") else name

    return [{"id": component(part.rsplit(".", 1)[0]), "property": part.rsplit(".", 1)[1]}
            for part in dependency["output"].strip(".").split("...")]


def router_payload(dependencies: list[dict], pathname: str, search: str = "") -> bytes:
    """The body the browser posts to render a page: the callback that outputs page-content.children,
    asked by assets/shell.js `route` for an address the page on screen was not made for."""
    dep = _dependency(dependencies, f"{Shell.PAGE}.children")
    values = {(Shell.ROUTE, "data"): {"pathname": pathname, "search": search}}
    return json.dumps({
        "output": dep["output"],
        "outputs": callback_outputs(dep),
        "inputs": [{**i, "value": values[(i["id"], i["property"])]} for i in dep["inputs"]],
        "state": [{**s, "value": values[(s["id"], s["property"])]} for s in dep["state"]],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
    }).encode()


def scenario_payload(dependencies: list[dict], adoption: dict[str, int], theta: float = 4.0, gain: float = 5.2,
                     equilibrium: str = "general", level: str = "countries", opened: dict | None = None,
                     address: dict | None = None) -> bytes:
    """The body the browser posts when a scenarios-page control moves (the main `update` callback).

    adoption: every slider's value by ISO3 code, in page order (pattern-matching ALL input); empty
    before the sliders are in the page. opened, address: the page's stores of the scenario it opened
    with and of the one it shows (None: a page that has neither).
    """
    dep = _dependency(dependencies, f"{Scenarios.SHARE_CHART}.figure")
    sliders = [{"id": {"iso3": code, "type": Scenarios.ADOPT}, "property": "value", "value": value}
               for code, value in adoption.items()]
    ids = [{"id": {"iso3": code, "type": Scenarios.ADOPT}, "property": "id",
            "value": {"iso3": code, "type": Scenarios.ADOPT}} for code in adoption]
    simple = {Scenarios.THETA: theta, Scenarios.GAIN: gain, Scenarios.EQUILIBRIUM: equilibrium,
              Scenarios.LEVEL: level, Scenarios.UPLOAD_STORE: None, Scenarios.OPENED: opened,
              Scenarios.ADDRESS: address}
    inputs = [sliders if i["id"].startswith("{") else {**i, "value": simple[i["id"]]} for i in dep["inputs"]]
    state = [ids if s["id"].startswith("{") else {**s, "value": simple[s["id"]]} for s in dep["state"]]
    return json.dumps({"output": dep["output"], "outputs": callback_outputs(dep), "inputs": inputs, "state": state,
                       "changedPropIds": [f'{{"iso3":"{next(iter(adoption))}","type":"{Scenarios.ADOPT}"}}.value'
                                          if adoption else f"{Scenarios.THETA}.value"]}).encode()


def control_payload(dependencies: list[dict], output_part: str, values: dict[str, object],
                    changed: list[str]) -> bytes:
    """The body the browser posts when the controls `changed` (component ids) moved, for the callback
    whose outputs include `output_part` ("id.property"). values: each input's and state's value by
    component id (callbacks with plain ids only)."""
    dep = _dependency(dependencies, output_part)
    return json.dumps({
        "output": dep["output"], "outputs": callback_outputs(dep),
        "inputs": [{**i, "value": values[i["id"]]} for i in dep["inputs"]],
        "state": [{**s, "value": values[s["id"]]} for s in dep["state"]],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"] if i["id"] in changed],
    }).encode()
