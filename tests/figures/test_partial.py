"""Partial updates (figures/partial.py): the parts a control changes, applied to the figure of another
value of that control, give exactly the figure of the new value; and the parts of a page a control
leaves alone (views/strategies.py DEPENDS_ON) are the same whatever its value."""
from __future__ import annotations

import itertools
import json
from dataclasses import fields, replace

import pytest
from hypothesis import given, settings, strategies as st
from plotly.io.json import to_json_plotly
from plotly.utils import PlotlyJSONEncoder

from dashboard import config
from dashboard.figures import partial
from dashboard.figures.networks import PARTIAL, network_figure
from dashboard.figures.strategies import PARTIAL as STRATEGY_PARTIAL
from dashboard.pages import strategies as strategies_page
from dashboard.views import networks as nv, strategies as strategies_view
from dashboard.views.networks import NetworksView
from dashboard.views.query import changed_fields
from dashboard.views.strategies import FIRST_YEAR, LAST_YEAR, StrategiesView

TOY = {"data": [{"meta": "a", "x": [1], "marker": {"size": [3]}}, {"meta": "b", "x": [2]},
                {"meta": "a", "x": [4], "marker": {"size": [5]}}],
       "layout": {"title": {"text": "t"}}}


def _same(a: dict, b: dict) -> bool:
    return to_json_plotly(a) == to_json_plotly(b)  # as the browser would get them (numbers, NaN, numpy)


def test_parts_names_every_trace_with_the_meta_by_index():
    assert partial.parts(TOY, [("a", ("marker", "size"))]) == [(("data", 0, "marker", "size"), [3]),
                                                                (("data", 2, "marker", "size"), [5])]
    assert partial.parts(TOY, [("b", ())]) == [(("data", 1), {"meta": "b", "x": [2]})]


def test_a_figure_without_the_traces_has_no_parts_so_it_goes_whole():
    assert partial.parts(TOY, [("missing", ())]) is None
    assert partial.parts({"data": [], "layout": {}}, [("a", ())]) is None


def test_applied_assigns_without_touching_the_original_and_creates_what_is_missing():
    changed = partial.applied(TOY, [(("data", 1, "marker", "size"), [9]), (("layout", "title", "text"), "u")])
    assert changed["data"][1] == {"meta": "b", "x": [2], "marker": {"size": [9]}}
    assert changed["layout"]["title"]["text"] == "u"
    assert "marker" not in TOY["data"][1] and TOY["layout"]["title"]["text"] == "t"


SCENARIO = nv.overlay.parse({"adopt": "CHN:90", "theta": "6"})[0]
NETWORK_VIEWS = [NetworksView(top=40), NetworksView(chart="network", top=120, layer="services"),
                 NetworksView(top=80, flows="scenario", scenario=SCENARIO, regions=("Asia", "Europe"))]


def _figure(view: NetworksView) -> dict:
    return network_figure(nv.draw(view), view)


@pytest.mark.parametrize("base", NETWORK_VIEWS, ids=["map", "network", "scenario"])
@pytest.mark.parametrize("before, after", list(itertools.permutations(nv.SIZES, 2)))
def test_a_node_size_change_is_the_clusters_sizes_and_hover_only(base, before, after):
    shown, wanted = _figure(replace(base, size=before)), _figure(replace(base, size=after))
    assert not _same(shown, wanted)
    assert _same(partial.applied(shown, partial.parts(wanted, PARTIAL["size"])), wanted)


@pytest.mark.parametrize("base", NETWORK_VIEWS, ids=["map", "network", "scenario"])
@pytest.mark.parametrize("before, after", [(None, "munich"), ("munich", "sao-paulo"), ("sao-paulo", None),
                                           ("munich", "yangtze-river-delta")])
def test_choosing_a_cluster_replaces_its_ring_only(base, before, after):
    shown, wanted = _figure(replace(base, cluster=before)), _figure(replace(base, cluster=after))
    assignments = partial.parts(wanted, PARTIAL["cluster"])
    assert [path for path, _ in assignments] == [("data", len(wanted["data"]) - 1)]  # one small trace
    assert _same(partial.applied(shown, assignments), wanted)


def test_the_ring_trace_is_there_and_empty_when_no_drawn_cluster_is_chosen():
    for cluster in (None, "sao-paulo"):  # São Paulo is not drawn when only Asia is shown
        figure = _figure(NetworksView(top=40, regions=("Asia",), cluster=cluster))
        ring = figure["data"][-1]
        assert ring["meta"] == "selected" and ring["lon"] == [] and ring["lat"] == []


# ---- the strategies page -------------------------------------------------------------------------

STRATEGY_VIEWS = st.builds(
    StrategiesView, economy=st.sampled_from([None, "DEU", "JPN", "USA", "FRA", "CHN", "GBR"]),
    focus=st.lists(st.sampled_from(list(config.FOCUS_AREAS)), unique=True, max_size=2).map(tuple),
    year_from=st.sampled_from([FIRST_YEAR, 2013, 2016]), year_to=st.sampled_from([2020, LAST_YEAR]),
    region=st.sampled_from([None, "Europe", "Asia", "North America"]),
    color=st.sampled_from(list(strategies_view.COLOR_OPTIONS)))


@given(STRATEGY_VIEWS, STRATEGY_VIEWS, st.sets(st.sampled_from([f.name for f in fields(StrategiesView)]), min_size=1))
@settings(max_examples=150, deadline=None)
def test_a_strategies_part_that_does_not_depend_on_the_fields_changed_is_the_same_whatever_they_are(first, second,
                                                                                                  moved_fields):
    """The page leaves out of its answer every part that DEPENDS_ON says the changed fields do not alter."""
    moved = replace(first, **{name: getattr(second, name) for name in moved_fields})
    before, after = strategies_page.page_parts(first), strategies_page.page_parts(moved)
    sent = strategies_view.parts_to_send(changed_fields(first, moved))
    for part in strategies_view.DEPENDS_ON:
        if part not in sent:
            assert _json(before[part]) == _json(after[part]), part


@given(STRATEGY_VIEWS, st.sampled_from([None, "DEU", "JPN", "USA", "KOR"]))
@settings(max_examples=60, deadline=None)
def test_selecting_another_economy_changes_only_the_maps_outline(view, economy):
    shown = strategies_page.page_parts(view)["map"]
    wanted = strategies_page.page_parts(replace(view, economy=economy))["map"]
    assignments = partial.parts(wanted, STRATEGY_PARTIAL["economy"])
    if assignments is None:  # nothing matches the filters: the empty map goes whole
        assert not any(t.get("meta") == "selected" for t in wanted["data"])
        return
    assert [path for path, _ in assignments] == [("data", len(wanted["data"]) - 1)]
    assert _same(partial.applied(shown, assignments), wanted)


def test_only_what_a_change_can_alter_is_sent():
    assert strategies_view.parts_to_send(frozenset({"color"})) == ("map",)
    assert strategies_view.parts_to_send(frozenset({"economy"})) == ("map", "timeline", "detail")
    assert strategies_view.parts_to_send(frozenset({"region", "color"})) == ("map", "timeline", "rows", "count")
    assert strategies_view.parts_to_send(None) == tuple(strategies_view.DEPENDS_ON)


def _json(value) -> str:
    return json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)
