"""Every page's view survives the trip state → URL → state unchanged (issue 7: a shared link is the view).

The URL is parsed exactly as the router parses it (dashboard.pages.registry.parse_query), so these
tests cover what a presenter's link does, not only the codec's own helpers.
"""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from dashboard import config
from dashboard.datasets import load
from dashboard.views import networks as nv, scenario_state as ss, strategies as sv
from dashboard.views.query import changed_fields, parse_query, written_view

BASE = {code: b.density for code, b in ss.density_baselines().items() if b.density is not None}
CITIES = sorted(ss.city_clusters())
NET = nv.network()


def _round(values: tuple[float, float]) -> st.SearchStrategy[float]:
    return st.floats(*values, allow_nan=False).map(lambda x: round(x, 2))


_densities = st.floats(*ss.DENSITY_RANGE, allow_nan=False).map(lambda x: round(x, 1))
scenario_views = st.builds(
    lambda targets, cities, closure, theta, eta, eps, level: ss.normalise(ss.Scenario(
        targets=tuple(targets.items()), city_targets=tuple(cities.items()), closure=closure, theta=theta,
        eta=eta, elasticity=eps, level=level)),
    st.dictionaries(st.sampled_from(sorted(BASE)), _densities, max_size=len(BASE)),
    st.dictionaries(st.sampled_from(CITIES), _densities, max_size=3),
    st.sampled_from(sorted(ss.CLOSURES)), _round(ss.THETA_RANGE), _round(ss.ETA_RANGE),
    st.sampled_from(sorted(ss.ELASTICITIES)), st.sampled_from(sorted(ss.LEVELS)),
)


def _ordered(choices) -> st.SearchStrategy[tuple[str, ...]]:
    """A subset in the codec's canonical order (the order of the choices)."""
    return st.sets(st.sampled_from(list(choices))).map(lambda picked: tuple(c for c in choices if c in picked))


@st.composite
def networks_views(draw) -> nv.NetworksView:
    scenario, _ = nv.overlay.parse(parse_query(ss.to_query(draw(scenario_views))))
    return nv.NetworksView(
        chart=draw(st.sampled_from(sorted(nv.CHARTS))),
        top=draw(st.integers(1, NET.max_links)),
        regions=draw(_ordered(nv.REGIONS)),
        countries=draw(_ordered(list(dict.fromkeys(NET.nodes.loc[NET.placed, "iso3"])))),
        links=draw(st.sampled_from(sorted(nv.LINKS))),
        size=draw(st.sampled_from(sorted(nv.SIZES))),
        layer=draw(st.sampled_from(sorted(nv.layers()))),
        cluster=draw(st.sampled_from([None, *sorted(NET.position)])),
        flows=draw(st.sampled_from(sorted(nv.FLOWS))) if nv.overlay.active(scenario) else "baseline",
        scenario=scenario,
    )


strategies_views = st.builds(
    lambda economy, focus, years, region, color: sv.StrategiesView(economy, focus, years[0], years[1], region, color),
    st.sampled_from([None, *sorted(load.table("strategies")["iso3"].unique())]),
    _ordered(tuple(config.FOCUS_AREAS)),
    st.tuples(st.integers(*config.STRATEGY_YEARS), st.integers(*config.STRATEGY_YEARS)).map(sorted),
    st.sampled_from([None, *config.REGIONS]),
    st.sampled_from(sorted(sv.COLOR_OPTIONS)),
)


@given(scenario_views)
@settings(max_examples=300, deadline=None)
def test_scenarios_view_round_trips_through_its_url(view):
    assert ss.from_query(parse_query(ss.to_query(view))) == (view, [])


@given(networks_views())
@settings(max_examples=300, deadline=None)
def test_networks_view_round_trips_through_its_url(view):
    assert nv.from_query(parse_query(nv.to_query(view)), NET) == (view, [])


@given(strategies_views)
@settings(max_examples=300, deadline=None)
def test_strategies_view_round_trips_through_its_url(view):
    economies = set(load.table("strategies")["iso3"])
    assert sv.from_query(parse_query(sv.to_query(view)), economies) == (view, [])


def test_a_scenario_link_opens_the_same_scenario_on_the_networks_page():
    view = ss.Scenario(targets=(("DEU", 600.0), ("USA", 450.0)), city_targets=(("greater-bay-area", 700.0),),
                       closure="us", theta=6.0)
    opened, notices = nv.from_query(parse_query(ss.to_query(view)), NET)
    assert notices == [] and opened.flows == "scenario"
    assert opened.scenario == (("city", "greater-bay-area:700"), ("closure", "us"), ("target", "DEU:600,USA:450"),
                               ("theta", "6"))
    assert nv.overlay.scenarios_link(opened.scenario) == "/scenarios" + ss.to_query(replace(view, level="clusters"))


# ---- a page's record of the view it drew (ID.DRAWN), read back to know what changed since ----------

def _networks_drawn(search):
    return written_view(search, lambda q: nv.from_query(q, NET), nv.to_query)


@given(networks_views(), networks_views())
@settings(max_examples=200, deadline=None)
def test_the_networks_page_reads_back_the_view_it_drew_and_what_changed_since(drawn, view):
    read = _networks_drawn(nv.to_query(drawn))
    assert read == drawn
    changed = changed_fields(read, view)
    assert (changed == frozenset()) == (drawn == view)
    assert replace(drawn, **{name: getattr(view, name) for name in changed}) == view


@given(strategies_views, strategies_views)
@settings(max_examples=200, deadline=None)
def test_the_strategies_page_reads_back_the_view_it_drew_and_what_changed_since(drawn, view):
    economies = set(load.table("strategies")["iso3"])
    read = written_view(sv.to_query(drawn), lambda q: sv.from_query(q, economies), sv.to_query)
    assert read == drawn
    assert replace(drawn, **{name: getattr(view, name) for name in changed_fields(read, view)}) == view


@pytest.mark.parametrize("search", [None, 3, {"top": 5}, "?top=abc", "?top=60", "?size=gdp", "?view=network&top=0060",
                                    "?region=Mars", "top=25"])
def test_a_record_the_codec_did_not_write_is_not_trusted(search):
    """Nothing known to be drawn: the page then sends every part whole."""
    assert _networks_drawn(search) is None
    assert changed_fields(_networks_drawn(search), nv.NetworksView()) is None


def test_the_codec_reads_its_own_default_record():
    assert _networks_drawn("") == nv.NetworksView() and nv.to_query(nv.NetworksView()) == ""


@given(networks_views())
@settings(max_examples=200, deadline=None)
def test_a_networks_view_round_trips_through_its_control_values(view):
    assert nv.from_controls(*nv.to_controls(view), net=NET) == view


@given(strategies_views)
@settings(max_examples=200, deadline=None)
def test_a_strategies_view_round_trips_through_its_control_values(view):
    economies = set(load.table("strategies")["iso3"])
    assert sv.from_controls(*sv.to_controls(view), economies) == view
