"""The scenarios page's view state (dashboard.views.scenario_state): the robot-density baseline rule,
presets, and the URL codec (round trips, clamping with notices, migration of old links)."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from dashboard.views import scenario_state as state
from dashboard.views.query import parse_query
from dashboard.views.scenario_state import BASELINE, Scenario


def _rows(*rows: tuple[int, float, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "value", "basis", "source_publisher"])


IFR = "International Federation of Robotics (IFR)"


@pytest.mark.parametrize("rows, expected", [
    (_rows((2019, 100.0, "sourced", IFR), (2020, 120.0, "sourced", IFR)), (100.0, 2019, 1)),
    (_rows((2020, 246.0, "sourced", IFR), (2019, 49.6, "modeled", "")), (246.0, 2020, 2)),
    (_rows((2018, 90.0, "sourced", IFR), (2020, 95.0, "sourced", IFR)), (90.0, 2018, 2)),  # the earlier first
    (_rows((2019, 4.3, "modeled", ""), (2022, 10.0, "sourced", IFR)), (4.3, 2019, 3)),
    (_rows((2019, 50.0, "sourced", "Some news site")), (None, None, 4)),  # not the IFR: not a baseline
    (_rows((2023, 300.0, "sourced", IFR)), (None, None, 4)),  # too far from 2019, and never a world average
])
def test_the_baseline_rule_prefers_ifr_2019_then_the_nearest_ifr_year_then_modeled_then_none(rows, expected):
    assert state.density_rule(rows) == expected


def test_every_economy_has_a_baseline_from_the_rule_and_none_is_assumed():
    baselines = state.density_baselines()
    assert "ROW" not in baselines and len(baselines) >= 20
    china = baselines["CHN"]
    assert (china.density, china.year, china.rule, china.basis) == (246.0, 2020, 2, "IFR 2020, nearest year")
    assert baselines["KOR"].density == 868.0 and baselines["KOR"].basis == "IFR 2019"
    assert baselines["IND"].rule == 3 and baselines["IND"].basis == "modeled 2019"
    for b in baselines.values():
        assert (b.density is None) == (b.rule == 4) and (b.year is None) == (b.rule == 4)
        assert b.density is None or b.year in (2018, 2019, 2020)


def test_presets_cite_their_target_or_say_they_are_illustrations():
    presets = state.presets()
    china = presets["china-robot-density-2025"]
    assert china.published and china.targets == {"CHN": 492.0}  # 2 × 246, not rounded to whole percent
    assert china.target_year == 2025 and china.baseline_years == {"CHN": 2020}
    assert any("MIIT" in publisher or "Ministry" in publisher for publisher, _ in china.sources)
    for preset in presets.values():
        assert preset.published or preset.name.endswith("(illustration)"), preset.name
        assert preset.published == bool(preset.sources)
    close = presets["close-us-deficit"]
    assert close.targets == {} and close.closure == "us"
    both = presets["us-automates-closes-deficit"]
    assert both.targets == {"USA": 346.0} and both.closure == "us"


def test_the_china_preset_moves_china_by_exactly_a_doubling():
    view = state.preset_view("china-robot-density-2025")
    assert view.targets == (("CHN", 492.0),)
    assert view.target_densities()["CHN"] / view.baseline_densities()["CHN"] == 2.0
    assert state.preset_of(view) == "china-robot-density-2025"


@pytest.mark.parametrize("query, targets, closure", [
    ({}, (("CHN", 492.0),), "fixed"),                       # no scenario named: the default preset
    ({"target": "none"}, (), "fixed"),                      # the baseline
    ({"target": "usa:346,DEU:400"}, (("DEU", 400.0), ("USA", 346.0)), "fixed"),
    ({"closure": "us"}, (), "us"),
    ({"target": "CHN:123.45"}, (("CHN", 123.45),), "fixed"),  # exactly as written
])
def test_query_round_trips(query, targets, closure):
    view, notices = state.from_query(query)
    assert (view.targets, view.closure, notices) == (targets, closure, [])
    assert state.from_query(parse_query(state.to_query(view))) == (view, [])


def test_the_baseline_has_an_address_of_its_own():
    assert state.to_query(BASELINE) == "?target=none"
    assert state.to_query(Scenario(closure="balanced")) == "?closure=balanced"
    view = state.normalise(Scenario(targets=(("KOR", 868.0), ("CHN", 300.0))))
    assert view.targets == (("CHN", 300.0),)  # a target equal to the baseline is no target


@pytest.mark.parametrize("query, fragment", [
    ({"target": "DEU:5000"}, "outside 1–1,500"),
    ({"target": "XXX:20"}, "not a modeled economy"),
    ({"target": "DEU:abc"}, "must be a positive number"),
    ({"target": "THA:300"}, "no 2019 robot density in the data"),
    ({"base": "KOR:5"}, "baseline is in the data"),
    ({"theta": "99"}, "outside 2–10"),
    ({"closure": "<script>"}, "not a known value"),
    ({"city": "atlantis:300"}, "not a city cluster"),
    ({"gain": "8"}, "Ignored gain="),
])
def test_bad_url_values_are_clamped_or_dropped_with_a_notice(query, fragment):
    view, notices = state.from_query(query)
    assert any(fragment in n for n in notices), notices
    assert all(state.DENSITY_RANGE[0] <= v <= state.DENSITY_RANGE[1] for _, v in view.targets)


def test_an_economy_with_no_baseline_adopts_once_the_user_enters_one():
    view, notices = state.from_query({"base": "THA:50", "target": "THA:300"})
    assert notices == [] and view.baselines == (("THA", 50.0),) and view.targets == (("THA", 300.0),)
    assert state.from_query(parse_query(state.to_query(view)))[0] == view


def test_an_old_link_is_read_as_target_densities_and_says_so():
    view, notices = state.from_query({"adopt": "CHN:49"})
    assert view.targets == (("CHN", 49 * 1012 / 100),)
    assert any("earlier version" in n for n in notices)
    assert "adopt" not in state.to_query(view)


def test_a_city_cluster_adopts_on_its_own():
    node = next(iter(state.city_clusters()))
    view, notices = state.from_query({"city": f"{node}:600", "level": "clusters", "target": "none"})
    assert notices == [] and view.city_targets == ((node, 600.0),) and view.adopts
    assert state.from_query(parse_query(state.to_query(view)))[0] == view
    assert not state.normalise(view.__class__(city_targets=((node, 600.0),))).adopts  # country level: not a move


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["target", "base", "city", "closure", "theta", "eta", "eps", "level", "adopt",
                                        "junk"]), st.text(max_size=200)))
def test_any_query_gives_a_valid_scenario_that_round_trips(query):
    view, notices = state.from_query(query)
    assert state.THETA_RANGE[0] <= view.theta <= state.THETA_RANGE[1]
    assert state.ETA_RANGE[0] <= view.eta <= state.ETA_RANGE[1]
    assert view.closure in state.CLOSURES and view.level in state.LEVELS
    assert all(isinstance(n, str) and len(n) < 600 for n in notices)
    assert state.from_query(parse_query(state.to_query(view))) == (view, [])


@pytest.mark.parametrize("junk", [None, "x", {"a": 1}, [{"iso3": 5}], [{}], [[1]]])
def test_control_values_from_a_hostile_client_give_a_valid_scenario(junk):
    view = state.from_controls(junk, junk, junk, junk, junk, junk, junk, junk, junk, junk, junk)
    assert view == state.normalise(BASELINE)
    view = state.from_controls([{"iso3": "DEU"}], [9999], [], [], "us", 6, 0.5, "low", "clusters", None, None)
    assert view.targets == (("DEU", state.DENSITY_RANGE[1]),) and (view.closure, view.theta, view.eta) == ("us", 6, 0.5)
