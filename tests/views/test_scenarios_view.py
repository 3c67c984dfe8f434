"""The one-sector scenario codec the networks page still reads (dashboard.views.scenarios). The scenarios
page's own logic is tested in test_scenario_state, test_scenario_model, test_scenario_text and
test_scenario_files."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from dashboard.views import scenarios as scn
from dashboard.views.scenarios import ScenarioView


@pytest.mark.parametrize("query, expected", [
    ({}, ScenarioView()),
    ({"adopt": "DEU:80"}, ScenarioView(adoption=(("DEU", 80),))),
    ({"adopt": "usa:60,DEU:80"}, ScenarioView(adoption=(("DEU", 80), ("USA", 60)))),
    ({"theta": "6", "gain": "10", "eq": "partial", "level": "clusters"},
     ScenarioView(theta=6.0, gain=10.0, equilibrium="partial", level="clusters")),
])
def test_query_round_trips(query, expected):
    view, notices = scn.from_query(query)
    assert (view, notices) == (expected, [])
    again, _ = scn.from_query(dict(pair.split("=") for pair in scn.to_query(view).lstrip("?").split("&") if pair))
    assert again == view


def test_only_values_that_differ_from_the_baseline_are_in_the_url():
    base = scn.baseline_adoption()
    view = scn.normalise(ScenarioView(adoption=(("DEU", base["DEU"]), ("CHN", 90))))
    assert view.adoption == (("CHN", 90),)
    assert scn.to_query(view) == "?adopt=CHN:90"
    assert scn.to_query(ScenarioView()) == ""


@pytest.mark.parametrize("query, fragment, expected", [
    ({"adopt": "DEU:250"}, "outside 0–100", (("DEU", 100),)),
    ({"adopt": "XXX:20"}, "not a modeled economy", ()),
    ({"adopt": "DEU:abc"}, "must be a number", ()),
    ({"adopt": "ROW:50"}, "not a modeled economy", ()),
    ({"theta": "99"}, "outside 2–10", ()),
    ({"theta": "nan"}, "not a number", ()),
    ({"eq": "<script>"}, "not a known value", ()),
])
def test_bad_url_values_are_clamped_or_dropped_with_a_notice(query, fragment, expected):
    view, notices = scn.from_query(query)
    assert view.adoption == expected
    assert any(fragment in n for n in notices), notices
    assert 2 <= view.theta <= 10


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["adopt", "theta", "gain", "eq", "level", "junk"]), st.text(max_size=300)))
def test_any_query_gives_a_valid_view(query):
    view, notices = scn.from_query(query)
    assert scn.THETA_RANGE[0] <= view.theta <= scn.THETA_RANGE[1]
    assert scn.GAIN_RANGE[0] <= view.gain <= scn.GAIN_RANGE[1]
    assert all(0 <= v <= 100 for _, v in view.adoption)
    assert all(isinstance(n, str) and len(n) < 400 for n in notices)


def test_baseline_adoption_says_where_it_comes_from():
    table = scn.baseline_table().set_index("iso3")
    assert table.loc["KOR", "baseline"] == 100 and table.loc["KOR", "basis"] == "sourced"
    # Thailand has no 2019 robot density in the data (a stated gap); India now has a modeled one.
    assert table.loc["THA", "basis"] == "assumed: world average"
    assert "ROW" not in table.index
