"""The callbacks' logic as plain functions, called directly (the callbacks only read ctx and pass values):
what a control change sends on each page, the sliders' buttons, the presenter's story edits."""
from __future__ import annotations

import pytest
from dash import Patch, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.present import story_edit
from dashboard.ids import Present, Scenarios as ID
from dashboard.pages import (
    content as content_page,
    networks as networks_page,
    scenarios as scenarios_page,
    strategies as strategies_page,
)
from dashboard.views import content as cv, networks as nv, present as pv, scenario_state as state, strategies as sv
from dashboard.views.content import ContentView
from dashboard.views.networks import NetworksView
from dashboard.views.query import parse_query
from dashboard.views.scenario_state import density_baselines
from dashboard.views.strategies import StrategiesView

BASE = {code: b.density for code, b in density_baselines().items() if b.density is not None}
CODES = list(density_baselines())  # every slider, the economies without a baseline in the data included


@pytest.mark.parametrize("trigger, everyone, expected", [
    (ID.RESET, None, dict(BASE)),
    (ID.ALL_APPLY, 700, dict.fromkeys(BASE, 700.0)),
    (ID.ALL_APPLY, 9000, dict.fromkeys(BASE, 1500.0)),       # clamped to the scale
    (ID.ALL_APPLY, "lots", {}),                              # not a number: nothing moves
    ({"type": ID.RESET_ONE, "iso3": "CHN"}, None, {"CHN": 246.0}),
    ({"type": ID.RESET_ONE, "iso3": "THA"}, None, {}),        # no baseline in the data: the user's to set
    ({"type": ID.RESET_ONE, "iso3": "ZZZ"}, None, {}),
    ({"type": ID.PRESET, "preset": "no-such-preset"}, None, {}),
    (None, None, {}),
])
def test_the_sliders_buttons_move_exactly_the_sliders_they_name(trigger, everyone, expected):
    values = scenarios_page.slider_values(trigger, [*CODES, None, "ZZZ"], everyone)
    assert values[-2:] == [no_update, no_update]  # not a modeled economy: stays
    assert {c: v for c, v in zip(CODES, values) if v is not no_update} == expected


def test_a_preset_sets_every_slider_and_its_deficit_rule():
    trigger = {"type": ID.PRESET, "preset": "us-automates-closes-deficit"}
    values = scenarios_page.slider_values(trigger, CODES, None)
    assert {c: v for c, v in zip(CODES, values) if v is not no_update} == BASE | {"USA": 346.0}
    assert scenarios_page.deficit_rule(trigger) == "us" and scenarios_page.deficit_rule(ID.RESET) == "fixed"
    assert scenarios_page.deficit_rule(ID.ALL_APPLY) is no_update


def _scenario_drawn(query: str) -> dict:
    view, _ = state.from_query(parse_query(query))
    return scenarios_page.drawn_record(view, None)


def test_the_scenarios_opening_call_sends_the_later_charts_and_the_sliders():
    view, _ = state.from_query({"target": "DEU:600"})
    sent = scenarios_page.answer(view, _scenario_drawn("?target=DEU:600"), {}, opening=True)
    assert set(sent) == {f"{key}{part}" for key in scenarios_page.LATER for part in ("", ":name", ":summary")} | {
        "adoption controls"}


def test_a_scenario_already_on_screen_sends_nothing_and_a_new_one_sends_its_address():
    view, _ = state.from_query({"target": "DEU:600"})
    with pytest.raises(PreventUpdate):
        scenarios_page.answer(view, _scenario_drawn("?target=DEU:600"), {})
    sent = scenarios_page.answer(view, _scenario_drawn("?target=none"), {"present": "1", "slide": "4"})
    assert sent["networks link"] == "/networks?target=DEU:600&present=1"  # the slide belongs to this page
    assert sent["drawn"]["search"] == "?target=DEU:600" and sent["headlines"]
    search, _ = scenarios_page.keep_address(sent["drawn"], {"present": "1", "slide": "4"})
    assert search == "?target=DEU:600&present=1&slide=4"
    with pytest.raises(PreventUpdate):
        scenarios_page.keep_address("junk", {})


def test_before_the_sliders_arrive_the_controls_read_the_drawn_targets():
    drawn = _scenario_drawn("?target=DEU:600&base=THA:40")
    view = scenarios_page._view([], [], [], [], drawn, "us", 6, None, None, None, None, None)
    assert view.targets == (("DEU", 600.0),) and view.baselines == (("THA", 40.0),)
    assert (view.closure, view.theta) == ("us", 6.0)


def test_an_entered_baseline_turns_its_slider_on():
    assert scenarios_page.entered_baseline(40, None) == (False, 40)
    assert scenarios_page.entered_baseline(None, None) == (True, no_update)
    assert scenarios_page.entered_baseline(40, 300) == (False, no_update)


def test_a_strategies_colour_change_sends_the_map_alone():
    germany = StrategiesView(economy="DEU")
    values = strategies_page.answer(StrategiesView(economy="DEU", color="density"), sv.to_query(germany), {})
    names = [name for part in sv.DEPENDS_ON for name in [part] * len(strategies_page.OUTPUTS[part])]
    sent = {name for name, value in zip(names, values) if value is not no_update}
    assert sent == {"map"} and values[-1] == "?economy=DEU&color=density"


def test_the_strategies_opening_call_sends_the_timeline_of_the_view_on_screen():
    germany = StrategiesView(economy="DEU")
    values = strategies_page.answer(germany, sv.to_query(germany), {}, opening=True)
    names = [name for part in sv.DEPENDS_ON for name in [part] * len(strategies_page.OUTPUTS[part])]
    assert {name for name, value in zip(names, values) if value is not no_update} == set(strategies_page.LATER)
    assert values[-1] is no_update  # the record stays


def test_a_networks_node_size_change_sends_a_patch_and_the_same_view_nothing():
    drawn = NetworksView(top=40)
    with pytest.raises(PreventUpdate):
        networks_page.answer(drawn, nv.to_query(drawn), {})
    figure, name, summary, *_, record = networks_page.answer(NetworksView(top=40, size="degree"),
                                                            nv.to_query(drawn), {})
    assert isinstance(figure, Patch) and name and summary
    assert record == "?top=40&size=degree"


def test_the_story_buttons_add_the_view_reset_and_refuse_a_bad_file():
    story = pv.to_records(pv.default_story())
    pages = {"/": "Overview", "/strategies": "Strategies"}
    added, message = story_edit(Present.ADD, None, None, story, "http://x/strategies?economy=JPN&present=1", pages)
    assert pv.from_records(added)[-1] == pv.Slide("/strategies", "economy=JPN", "Strategies (economy=JPN)")
    assert message.startswith(f"Added slide {len(story) + 1}")
    assert story_edit(Present.ADD, None, None, story, "http://x/methods", pages) == (no_update,
                                                                                      "This page cannot be a slide.")
    reset, message = story_edit(Present.RESET, None, None, [], None, pages)
    assert pv.from_records(reset) == pv.default_story() and message.startswith("Back to the default story")
    kept, message = story_edit(Present.UPLOAD, "data:text/csv;base64,eA==", "bad.csv", story, None, pages)
    assert kept is no_update and "Story not loaded" in str(message)


def _content_sent(values: list) -> set[str]:
    """The parts of the content page an answer sends (OUTPUTS' names; the record last)."""
    names = [part for part in cv.DEPENDS_ON for _ in content_page.OUTPUTS[part]]
    return {name for name, value in zip(names, values) if value is not no_update}


@pytest.mark.parametrize("drawn, view, parts", [
    (ContentView(), ContentView(in_force=True), {"rules"}),
    (ContentView(), ContentView(economy="DEU"), {"growth", "rules"}),
    (ContentView(), ContentView(leader="ip_receipts"), {"leaders"}),
    (ContentView(economy="DEU"), ContentView(economy="DEU", flow="imports", base=2015), {"growth"}),
])
def test_a_content_control_change_sends_only_the_parts_it_alters(drawn, view, parts):
    values = content_page.answer(view, cv.to_query(drawn), {})
    assert _content_sent(values) == parts and values[-1] == cv.to_query(view)


def test_the_content_page_sends_nothing_for_the_view_on_screen_and_everything_when_it_is_unknown():
    with pytest.raises(PreventUpdate):
        content_page.answer(ContentView(economy="JPN"), "?economy=JPN", {})
    assert _content_sent(content_page.answer(ContentView(), "junk", {})) == set(cv.DEPENDS_ON)


def test_the_content_opening_call_sends_the_ranking_and_map_of_the_view_on_screen():
    values = content_page.answer(ContentView(), "?leader=ip_receipts", {}, opening=True)
    assert _content_sent(values) == set(content_page.LATER) and values[-1] is no_update
    figure = values[0 + len(content_page.OUTPUTS["growth"])]
    assert "IP receipts" in figure["layout"]["title"]["text"]  # the view on screen, not the controls'
    with pytest.raises(PreventUpdate):
        content_page.answer(ContentView(), None, {}, opening=True)


def test_the_content_charts_grow_in_presenter_mode_and_the_address_keeps_the_mode():
    values = content_page.answer(ContentView(economy="DEU"), "", {"present": "1"})
    assert values[0]["layout"]["title"]["font"]["size"] == 20
    assert content_page.keep_address("?economy=DEU", {"present": "1", "slide": "2"}) == (
        "?economy=DEU&present=1&slide=2",
        {"path": "/content", "query": {"economy": "DEU", "present": "1"}})  # the record leaves the slide out
    with pytest.raises(PreventUpdate):
        content_page.keep_address(None, {})


@pytest.mark.parametrize("what, name, columns", [
    ("growth", "content-growth_KOR_exports.csv", {"economy", "direction", "source_publisher", "retrieved_from"}),
    ("leaders", "content-leaders_digital_exports.csv", {"rank", "economy", "source_url", "view_query"}),
    ("rules", "content-rules_KOR_in-force.csv", {"standing", "filter_in_force_only", "source_publisher"}),
    ("coverage", "content-coverage.csv", {"economy", "label", "first_year", "last_year", "gap_years"}),
])
def test_each_content_download_holds_its_part_with_sources_and_filters(what, name, columns):
    import io

    import pandas as pd

    data = content_page.download_for(what, ContentView(economy="KOR", in_force=True))
    frame = pd.read_csv(io.StringIO(data["content"]))
    assert data["filename"] == name and data["type"] == "text/csv"
    assert columns <= set(frame.columns) and len(frame)
    with pytest.raises(PreventUpdate):
        content_page.download_for(None, ContentView())


def test_a_story_built_in_the_toolbar_new_remove_and_reorder():
    """Issue 26 #9: a 3-slide story without a CSV: New story, Add, Move earlier, Remove."""
    pages = {"/": "Overview", "/strategies": "Strategies", "/networks": "Networks"}
    story, message = story_edit(Present.NEW, None, None, [], "http://x/strategies?economy=JPN&present=1", pages)
    assert [s["query"] for s in story] == ["economy=JPN"] and message.startswith("New story: this view is slide 1")
    story, _ = story_edit(Present.ADD, None, None, story, "http://x/networks?present=1", pages)
    story, _ = story_edit(Present.ADD, None, None, story, "http://x/?present=1", pages)
    assert [s["path"] for s in story] == ["/strategies", "/networks", "/"]
    story, message = story_edit(Present.EARLIER, None, None, story, "http://x/?present=1&slide=3", pages)
    assert [s["path"] for s in story] == ["/strategies", "/", "/networks"] and message == "Moved to slide 2 of 3."
    story, message = story_edit(Present.REMOVE, None, None, story, "http://x/strategies?economy=JPN&present=1", pages)
    assert [s["path"] for s in story] == ["/", "/networks"] and message.startswith("Removed slide 1")
    assert story_edit(Present.REMOVE, None, None, story, "http://x/strategies?economy=DEU&present=1", pages) == (
        no_update, "This view is not a slide of the story: nothing removed.")
