"""Callbacks send only what changed (components/updates.py), checked over HTTP as the browser asks:
the part of a figure one control changes as a Patch, and no output that the change leaves as it is."""
from __future__ import annotations

import json

import pytest

from benchmarks.payloads import control_payload
from dashboard.figures import partial
from dashboard.figures.networks import network_figure
from dashboard.ids import Networks, Strategies
from dashboard.pages import networks as networks_page
from dashboard.views import networks as nv
from dashboard.views.networks import NetworksView
from dashboard.views.strategies import FIRST_YEAR, LAST_YEAR

PATCH = "__dash_patch_update"


def _answer(client, body: bytes) -> dict:
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"]


def _networks(view: NetworksView) -> dict[str, object]:
    """The networks page's control values for a view, by component id."""
    values = (view.view, view.top, list(view.regions), list(view.countries), view.international, view.size,
              view.layer, view.cluster, view.flows, nv.scenario_params(view.scenario))
    return dict(zip((c.component_id for c in networks_page.CONTROLS), values))


def _operations(figure: dict) -> list[tuple[tuple, object]]:
    assert figure.get(PATCH) == PATCH, "expected a Patch, got a whole figure"
    assert {op["operation"] for op in figure["operations"]} == {"Assign"}
    return [(tuple(op["location"]), op["params"]["value"]) for op in figure["operations"]]


@pytest.mark.parametrize("control, before, after", [
    (Networks.SIZE, NetworksView(top=200), NetworksView(top=200, size="betweenness")),
    (Networks.CLUSTER, NetworksView(top=200), NetworksView(top=200, cluster="munich")),
    (Networks.CLUSTER, NetworksView(view="network", cluster="munich"), NetworksView(view="network", cluster="tokyo")),
])
def test_a_networks_size_or_cluster_change_sends_only_the_part_of_the_figure_it_changes(
        client, dependencies, control, before, after):
    body = control_payload(dependencies, f"{Networks.GRAPH}.figure", _networks(after), [control])
    answer = _answer(client, body)
    assignments = _operations(answer[Networks.GRAPH]["figure"])
    on_screen = json.loads(json.dumps(network_figure(nv.draw(before), before)))
    wanted = json.loads(json.dumps(network_figure(nv.draw(after), after)))
    assert partial.applied(on_screen, assignments) == wanted
    whole = len(json.dumps(wanted))
    assert len(json.dumps(assignments)) < whole / 5, "the patch should be a small part of the figure"
    assert answer[Networks.PANEL]["children"]  # the rest of the answer is there as before


@pytest.mark.parametrize("changed", [[Networks.VIEW], [Networks.TOP], [Networks.SIZE, Networks.TOP], []])
def test_any_other_networks_change_sends_the_whole_figure(client, dependencies, changed):
    view = NetworksView(view="network", top=30, size="degree")
    answer = _answer(client, control_payload(dependencies, f"{Networks.GRAPH}.figure", _networks(view), changed))
    figure = answer[Networks.GRAPH]["figure"]
    assert PATCH not in figure and figure["data"] and figure["layout"]["title"]


def test_a_size_change_with_no_cluster_drawn_sends_the_whole_empty_figure(client, dependencies):
    view = NetworksView(regions=("Africa",), size="degree")  # the atlas has no African city cluster
    answer = _answer(client, control_payload(dependencies, f"{Networks.GRAPH}.figure", _networks(view),
                                             [Networks.SIZE]))
    assert "No city cluster" in answer[Networks.GRAPH]["figure"]["layout"]["annotations"][0]["text"]


def _strategies(economy=None, focus=(), period=(FIRST_YEAR, LAST_YEAR), region=None, color="launch") -> dict:
    return {Strategies.ECONOMY: economy, Strategies.FOCUS: list(focus), Strategies.PERIOD: list(period),
            Strategies.REGION: region, Strategies.COLOR: color}


def test_a_colour_change_sends_the_map_alone(client, dependencies):
    answer = _answer(client, control_payload(dependencies, f"{Strategies.MAP}.figure",
                                             _strategies(economy="DEU", color="density"), [Strategies.COLOR]))
    assert set(answer) == {Strategies.MAP}
    assert answer[Strategies.MAP]["figure"]["layout"]["title"]["text"].endswith("robot density")


def test_an_economy_change_sends_the_maps_outline_the_timeline_and_the_panel_not_the_table(client, dependencies):
    answer = _answer(client, control_payload(dependencies, f"{Strategies.MAP}.figure", _strategies(economy="JPN"),
                                             [Strategies.ECONOMY]))
    assert set(answer) == {Strategies.MAP, Strategies.TIMELINE, Strategies.DETAIL}
    (path, outline), = _operations(answer[Strategies.MAP]["figure"])
    assert path[0] == "data" and outline["meta"] == "selected" and list(outline["locations"]) == ["JPN"]
    assert "Connected Industries" in json.dumps(answer[Strategies.DETAIL])


def test_a_filter_change_sends_every_part_but_the_panel(client, dependencies):
    answer = _answer(client, control_payload(dependencies, f"{Strategies.MAP}.figure",
                                             _strategies(economy="DEU", region="Europe"), [Strategies.REGION]))
    assert Strategies.DETAIL not in answer
    assert {Strategies.MAP, Strategies.TIMELINE, Strategies.COUNT} <= set(answer)
    assert PATCH not in answer[Strategies.MAP]["figure"]
