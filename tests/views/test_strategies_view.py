"""Strategies page state and data, without a browser: URL codec, filters, summary, file name."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from dashboard import config
from dashboard.datasets import load
from dashboard.datasets.regions import eu_members
from dashboard.views.query import parse_query
from dashboard.views.strategies import (
    StrategiesView,
    download_name,
    economy_summary,
    filter_strategies,
    from_query,
    table_frame,
    to_query,
)

ECONOMIES = {"DEU", "JPN", "USA", "FRA"}


@pytest.mark.parametrize("view, query", [
    (StrategiesView(), ""),
    (StrategiesView(economy="DEU"), "?economy=DEU"),
    (StrategiesView(focus=("robotics", "ai"), year_from=2013), "?focus=robotics,ai&from=2013"),
    (StrategiesView(region="North America", year_to=2020, color="density"),
     "?to=2020&region=North+America&color=density"),
])
def test_view_to_query_and_back(view, query):
    assert to_query(view) == query
    assert from_query(parse_query(query), ECONOMIES) == (view, [])


@given(economy=st.sampled_from([*sorted(ECONOMIES), None]),
       focus=st.lists(st.sampled_from(list(config.FOCUS_AREAS)), unique=True),
       years=st.tuples(st.integers(*config.STRATEGY_YEARS), st.integers(*config.STRATEGY_YEARS)).map(sorted),
       region=st.sampled_from([*config.REGIONS, None]), color=st.sampled_from(["launch", "density", "mva", "focus"]))
@settings(max_examples=200, deadline=None)
def test_round_trip_is_identity(economy, focus, years, region, color):
    focus = tuple(f for f in config.FOCUS_AREAS if f in focus)  # the codec keeps the vocabulary's order
    view = StrategiesView(economy, focus, years[0], years[1], region, color)
    assert from_query(parse_query(to_query(view)), ECONOMIES) == (view, [])


@given(st.dictionaries(st.sampled_from(["economy", "focus", "from", "to", "region", "color", "x"]),
                       st.text(max_size=300)))
@settings(max_examples=300, deadline=None)
def test_hostile_queries_never_raise_and_always_give_a_valid_view(query):
    view, notices = from_query(query, ECONOMIES)
    assert view.economy in ECONOMIES | {None}
    assert set(view.focus) <= set(config.FOCUS_AREAS)
    assert config.STRATEGY_YEARS[0] <= view.year_from <= view.year_to <= config.STRATEGY_YEARS[1]
    assert all(len(n) < 300 for n in notices)


def test_bad_values_are_dropped_or_clamped_with_notices():
    view, notices = from_query({"economy": "XXX", "from": "abc", "to": "3000", "focus": "robotics,<script>"},
                               ECONOMIES)
    assert view == StrategiesView(focus=("robotics",))
    assert len(notices) == 4
    assert any("3000 is outside" in n for n in notices)


def test_filters():
    strategies = load.table("strategies")
    robotics = filter_strategies(strategies, StrategiesView(focus=("robotics",)))
    assert len(robotics) > 0 and robotics["focus_areas"].str.contains("robotics").all()
    period = filter_strategies(strategies, StrategiesView(year_from=2021, year_to=2022))
    assert (period["launch_year"] <= 2022).all()
    assert ((period["end_year"].isna()) | (period["end_year"] >= 2021)).all()
    assert "chn-made-in-china-2025-2015" in set(period["strategy_id"])  # runs to 2025
    europe = filter_strategies(strategies, StrategiesView(region="Europe"))
    assert set(europe["iso3"]) == {"DEU", "GBR", "FRA", "ITA", "ESP", "NLD", "SWE", "POL", "CHE", "RUS", "EUU"}


def test_eu_members_carry_the_eu_programme():
    strategies = load.table("strategies")
    summary = economy_summary(strategies, load.table("indicators")).set_index("iso3")
    assert eu_members() <= set(summary.index)
    assert "Horizon 2020" in summary.loc["DEU", "strategies"]
    assert "Horizon 2020" in summary.loc["AUT", "strategies"]
    assert summary.loc["KOR", "density"] == 1012


def test_table_and_file_name():
    strategies = load.table("strategies")
    table = table_frame(strategies)
    assert len(table) == len(strategies)
    assert {"source_publisher", "source_title", "source_year", "source_url", "basis"} <= set(table.columns)
    assert download_name(StrategiesView(focus=("robotics",), year_from=2013, year_to=2020)) == \
        "strategies_focus-robotics_2013-2020.csv"
    assert download_name(StrategiesView(region="North America")) == "strategies_region-north-america_2010-2030.csv"


def test_the_economy_search_lists_names_the_eu_and_every_modeled_economy():
    """Issue 26 #4: names, not "POL (POL)"; the EU can be chosen; an economy the scenarios model covers is
    there with or without a strategy."""
    from dashboard.views.strategies import economy_names

    economies = load.table("economies")
    names = economy_names(load.table("strategies"), economies)
    assert names["POL"] == "Poland" and names["AUT"] == "Austria" and names["EUU"] == "European Union"
    assert set(economies.loc[economies["iso3"] != "ROW", "iso3"]) <= set(names)
    assert "ROW" not in names
    assert list(names.values()) == sorted(names.values())
    assert all(name != code for code, name in names.items())
    no_strategy = economies.assign(iso3="XKX", name="Kosovo").iloc[:1]  # a modeled economy without a strategy
    assert economy_names(load.table("strategies"), no_strategy)["XKX"] == "Kosovo"
