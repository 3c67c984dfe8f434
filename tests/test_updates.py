"""Callbacks send only what changed on screen (components/updates.py), checked over HTTP as the browser
asks: from the page's record of the view it drew (ID.DRAWN) to the view of the controls, the part of a
figure one field changes as a Patch, and no output that stays as it is; whatever the request says it
was set off by (Dash drops the answer to a request that a newer one overtakes)."""
from __future__ import annotations

import json

import pytest

from dashboard.figures import partial
from dashboard.figures.networks import network_figure
from dashboard.ids import Grid, Networks, Shell, Strategies
from dashboard.pages import strategies as strategies_page
from dashboard.pages.networks import CONTROLS
from dashboard.views import networks as nv, strategies as sv
from dashboard.views.networks import NetworksView
from dashboard.views.strategies import StrategiesView
from tests.callbacks import control_payload, painted

PATH = "/strategies"

PATCH = "__dash_patch_update"
# The table rows' output as Dash keys it in an answer (components/grid.py rows_output).
ROWS = json.dumps({"grid": Strategies.TABLE, "type": Grid.ROWS}, sort_keys=True, separators=(",", ":"))


def _answer(client, body: bytes) -> dict:
    """The outputs an answer sends, by component id; a chart's name and summary (which follow its
    figure: components/charts.py) are checked, then left out."""
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 200, response.data[:300]
    sent = response.get_json()["response"]
    for chart in [k for k in sent if f"{k}-summary" in sent]:
        assert sent[f"{chart}-summary"]["children"] and f"{chart}-name" in sent, chart
    return {k: v for k, v in sent.items() if not k.endswith(("-name", "-summary"))}


def _operations(figure: dict) -> list[tuple[tuple, object]]:
    assert figure.get(PATCH) == PATCH, "expected a Patch, got a whole figure"
    assert {op["operation"] for op in figure["operations"]} == {"Assign"}
    return [(tuple(op["location"]), op["params"]["value"]) for op in figure["operations"]]


def _networks(dependencies, drawn: str | None, view: NetworksView, changed: list[str]) -> bytes:
    values = dict(zip((c.component_id for c in CONTROLS), nv.to_controls(view)))
    return control_payload(dependencies, f"{Networks.GRAPH}.figure",
                           values | {Networks.DRAWN: drawn, Shell.MODE: {}}, changed)


def _figure(view: NetworksView) -> dict:
    return json.loads(json.dumps(network_figure(nv.draw(view), view)))  # as the browser holds it


@pytest.mark.parametrize("drawn, view", [
    (NetworksView(top=200), NetworksView(top=200, size="betweenness")),
    (NetworksView(top=200), NetworksView(top=200, cluster="munich")),
    (NetworksView(chart="network", cluster="munich"), NetworksView(chart="network", cluster="greater-tokyo")),
])
def test_a_networks_view_one_size_or_cluster_away_gets_only_the_part_of_the_figure_that_changed(
        client, dependencies, drawn, view):
    answer = _answer(client, _networks(dependencies, nv.to_query(drawn), view, [Networks.SIZE, Networks.CLUSTER]))
    assignments = _operations(answer[Networks.GRAPH]["figure"])
    assert partial.applied(_figure(drawn), assignments) == _figure(view)
    assert len(json.dumps(assignments)) < len(json.dumps(_figure(view))) / 5
    assert answer[Networks.DRAWN]["data"] == nv.to_query(view)  # the record follows the figure
    assert answer[Networks.PANEL]["children"]  # the rest of the answer is there as before


@pytest.mark.parametrize("drawn", [
    nv.to_query(NetworksView(top=100)),             # a request for another top-k was overtaken: its answer dropped
    nv.to_query(NetworksView(top=30, size="gdp", chart="map")),  # size and view differ
    None,                                            # nothing drawn (the opening view could not be drawn)
    "?top=banana",                                   # a record this page did not write
])
def test_a_size_change_on_a_screen_that_differs_in_more_gets_the_whole_figure(client, dependencies, drawn):
    view = NetworksView(chart="network", top=30, size="degree")
    answer = _answer(client, _networks(dependencies, drawn, view, [Networks.SIZE]))
    figure = answer[Networks.GRAPH]["figure"]
    assert PATCH not in figure and figure["data"] and figure["layout"]["title"]
    assert answer[Networks.DRAWN]["data"] == nv.to_query(view)


def test_a_size_change_with_no_cluster_drawn_sends_the_whole_empty_figure(client, dependencies):
    view = NetworksView(regions=("Africa",), size="degree")  # the atlas has no African node
    answer = _answer(client, _networks(dependencies, nv.to_query(NetworksView(regions=("Africa",))), view,
                                       [Networks.SIZE]))
    assert "No node matches" in answer[Networks.GRAPH]["figure"]["layout"]["annotations"][0]["text"]


def _strategies(dependencies, drawn: str | None, view: StrategiesView, changed: str) -> bytes:
    values = dict(zip((c.component_id for c in strategies_page.CONTROLS), sv.to_controls(view)))
    return control_payload(dependencies, f"{Strategies.MAP}.figure",
                           values | {Strategies.DRAWN: drawn, Shell.MODE: {}, painted(PATH): None}, [changed])


GERMANY = StrategiesView(economy="DEU")


def test_a_colour_change_sends_the_map_alone(client, dependencies):
    view = StrategiesView(economy="DEU", color="density")
    answer = _answer(client, _strategies(dependencies, sv.to_query(GERMANY), view, Strategies.COLOR))
    assert set(answer) == {Strategies.MAP, Strategies.DRAWN}
    assert answer[Strategies.MAP]["figure"]["layout"]["title"]["text"].endswith("robot density")
    assert answer[Strategies.DRAWN]["data"] == "?economy=DEU&color=density"


def test_an_economy_change_sends_the_maps_outline_the_timeline_and_the_panel_not_the_table(client, dependencies):
    answer = _answer(client, _strategies(dependencies, sv.to_query(GERMANY), StrategiesView(economy="JPN"),
                                         Strategies.ECONOMY))
    assert set(answer) == {Strategies.MAP, Strategies.TIMELINE, Strategies.DETAIL, Strategies.DRAWN}
    (path, outline), = _operations(answer[Strategies.MAP]["figure"])
    assert path[0] == "data" and outline["meta"] == "selected" and list(outline["locations"]) == ["JPN"]
    assert "Connected Industries" in json.dumps(answer[Strategies.DETAIL])


def test_a_colour_change_on_a_screen_that_still_shows_another_filter_sends_every_part_that_differs(
        client, dependencies):
    """The request says the colour moved, but the answer to the focus change before it was dropped:
    the page still shows the old focus, so the timeline, table rows and count go too."""
    drawn = sv.to_query(StrategiesView(economy="DEU", focus=("robotics",)))
    view = StrategiesView(economy="DEU", color="density")
    answer = _answer(client, _strategies(dependencies, drawn, view, Strategies.COLOR))
    assert set(answer) == {Strategies.MAP, Strategies.TIMELINE, ROWS, Strategies.COUNT, Strategies.DRAWN}
    assert PATCH not in answer[Strategies.MAP]["figure"]


def test_with_no_trusted_record_every_part_is_sent(client, dependencies):
    answer = _answer(client, _strategies(dependencies, "?economy=ZZZ", GERMANY, Strategies.ECONOMY))
    assert set(answer) == {Strategies.MAP, Strategies.TIMELINE, ROWS, Strategies.DETAIL, Strategies.COUNT,
                           Strategies.DRAWN}
    assert PATCH not in answer[Strategies.MAP]["figure"]


def test_a_request_for_the_view_on_screen_gets_nothing_to_update(client, dependencies):
    """As each page is put in, Dash calls its update with the view the page arrived with."""
    view = NetworksView(top=30, size="degree")
    for body in (_networks(dependencies, nv.to_query(view), view, []),
                 _strategies(dependencies, sv.to_query(GERMANY), GERMANY, Strategies.ECONOMY)):
        response = client.post("/_dash-update-component", data=body, content_type="application/json")
        assert response.status_code == 204, response.data[:200]


def test_the_strategies_opening_call_sends_the_timeline_the_page_arrived_without(client, dependencies):
    answer = _answer(client, _strategies(dependencies, sv.to_query(GERMANY), GERMANY, changed=painted(PATH)))
    assert set(answer) == {Strategies.TIMELINE}
    assert answer[Strategies.TIMELINE]["figure"]["data"]
