"""The shared components as plain functions: a chart named and described by its figure, placeholders,
presenter-sized type, and the frame's address helpers."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest
from dash import dcc

from dashboard.components import charts, shell
from dashboard.components.upload import decoded
from dashboard.figures.describe import summary
from dashboard.figures.maps import GRAPH_CONFIG
from dashboard.figures.theme import PRESENTER_SCALE, axis_titles, base_layout, empty_figure, for_mode, for_presenter
from dashboard.ids import Shell
from tests.pages import render


def text_of(component: object) -> str:
    """What a person reads in a component: its text, in order."""
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return "".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None) or "")


def _bars() -> dict:
    layout = base_layout("Robot density", "IFR (2024)")
    layout["annotations"] += axis_titles(x="robots per 10,000 employees")
    return {"data": [{"type": "bar", "orientation": "h", "x": [1012, 429, 415], "y": ["Korea", "Germany", "Japan"]}],
            "layout": layout}


def test_a_chart_is_a_figure_named_by_its_title_and_described_by_its_data():
    chart = charts.chart("g", _bars(), GRAPH_CONFIG)
    graph, name, about = chart.children
    assert chart.role == "figure"
    assert getattr(chart, "aria-labelledby") == name.id == "g-name" and name.children == "Robot density"
    assert getattr(chart, "aria-describedby") == about.id == "g-summary"
    assert about.children == ("Bar chart of 3 bars. Highest: Korea (1,012 robots per 10,000 employees); "
                              "lowest: Japan (415 robots per 10,000 employees). Source: IFR (2024)")
    assert isinstance(graph, dcc.Graph) and graph.figure == _bars() and graph.config == GRAPH_CONFIG


def test_a_chart_below_the_first_starts_as_a_placeholder_of_its_height():
    chart = charts.chart("g", {**_bars(), "layout": {**_bars()["layout"], "height": 380}}, GRAPH_CONFIG, later=True)
    graph, name, about = chart.children
    assert graph.figure == charts.placeholder(380) and graph.figure["layout"]["meta"] == charts.PLACEHOLDER_META
    assert name.children == about.children == ""  # they come with the figure
    assert charts.text_outputs("g")[1].component_id == "g-summary"


@pytest.mark.parametrize("figure, expected", [
    ({"data": [{"type": "choropleth", "locations": ["DEU", "JPN"], "z": [3, 1],
                "colorbar": {"title": {"text": "year"}}}], "layout": {}},
     "World map shading 2 countries by year. Highest: DEU (3); lowest: JPN (1)."),
    ({"data": [{"type": "scattergeo", "lat": [1, 2, None], "mode": "markers"},
               {"type": "scattergeo", "lat": [1, 2], "mode": "lines"}], "layout": {}},
     "Map with 2 places and 1 line traces."),
    ({"data": [{"type": "scatter", "x": [1, 2], "name": "Asia"}, {"type": "scatter", "x": [3], "hoverinfo": "skip"}],
      "layout": {"xaxis": {"title": {"text": "x"}}}}, "Chart of 2 points, x; groups: Asia."),
    (empty_figure("No city cluster matches these filters"), "No city cluster matches these filters"),
])
def test_the_summary_says_what_kind_of_chart_how_many_items_and_the_extremes(figure, expected):
    assert summary(figure) == expected


def test_presenter_mode_enlarges_every_font_and_leaves_the_data_alone():
    figure = go.Figure(_bars())
    scaled = for_presenter(figure)
    assert scaled["layout"]["title"]["font"]["size"] == round(16 * PRESENTER_SCALE)
    assert scaled["layout"]["font"]["size"] == round(13 * PRESENTER_SCALE)
    assert {a["font"]["size"] for a in scaled["layout"]["annotations"]} == {round(11 * PRESENTER_SCALE),
                                                                           round(12 * PRESENTER_SCALE)}
    assert list(scaled["data"][0]["x"]) == [1012, 429, 415]
    assert for_mode(figure, {}) is figure and for_mode(figure, "junk") is figure
    assert for_mode(figure, {"present": "1"})["layout"]["font"]["size"] == scaled["layout"]["font"]["size"]


@pytest.mark.parametrize("view_query, mode, search", [
    ("?economy=DEU", {}, "?economy=DEU"),
    ("?economy=DEU", {"present": "1", "slide": "2"}, "?economy=DEU&present=1&slide=2"),
    ("", {"embed": "1", "chart": "strategies-map"}, "?embed=1&chart=strategies-map"),
    ("?economy=DEU", {"present": "1", "evil": "x", "slide": 3}, "?economy=DEU&present=1"),
    ("?economy=DEU", None, "?economy=DEU"),
])
def test_a_page_writes_its_view_into_the_address_keeping_the_frames_mode(view_query, mode, search):
    written, record = shell.address("/strategies", view_query, mode)
    assert written == search
    assert record == shell.record("/strategies", dict(p.split("=") for p in search.lstrip("?").split("&") if p))


def test_embed_mode_marks_the_chart_it_shows_and_only_that_one():
    page = render("/strategies", "?economy=DEU&embed=1&chart=strategies-timeline")
    marked = [cid for cid in page if isinstance(cid, str) and isinstance(page[cid], dcc.Graph)
              and shell.EMBED_CHART_CLASS in (getattr(page[cid], "className", None) or "")]
    assert marked == ["strategies-timeline"]
    first = render("/strategies", "?embed=1")
    assert shell.EMBED_CHART_CLASS in first["strategies-map"].className
    plain = render("/strategies", "?economy=DEU")
    assert not getattr(plain["strategies-map"], "className", None)  # the cached layout was not marked


def test_the_frame_has_the_presenter_toolbar_only_in_presenter_mode():
    assert "present-toolbar" in list(render("/", "?present=1"))
    assert "present-toolbar" not in list(render("/", ""))
    assert render("/", "?present=1&slide=2")[Shell.MODE].data == {"present": "1", "slide": "2"}


@pytest.mark.parametrize("contents, raw", [
    ("data:text/csv;base64,YSxiCg==", b"a,b\n"), ("no comma", b""), (None, b""), (3, b""),
    ("data:text/csv;base64,@@@", b""),
])
def test_an_upload_is_decoded_once_for_every_kind_of_file(contents, raw):
    assert decoded(contents) == raw


def test_embed_mode_on_a_page_without_a_chart_says_so_in_what_it_shows():
    """Issue 26 #14: /methods?embed=1 was blank; the one element embed mode shows now says why."""
    page = render("/methods", "?embed=1")
    notice = page[Shell.EMBED_NONE]
    assert shell.EMBED_CHART_CLASS in notice.className
    link = next(c for c in shell.walk(notice) if getattr(c, "href", None))
    assert text_of(notice).startswith("This page has no chart to embed. Open it in the atlas")
    assert link.href == "/methods"
    assert Shell.EMBED_NONE not in render("/strategies", "?embed=1")
