"""New-trade-content charts: valid, titled, with units and a source line drawn inside the figure; the growth
chart shades the common window and labels where each series ends; no ranking where coverage is thin."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard.datasets import content as dc, load
from dashboard.figures import content as fig
from dashboard.figures.describe import plain
from dashboard.views import content as v
from tools import plotly_bundle


@pytest.fixture(scope="module")
def data():
    series, agreements = dc.content_series(), dc.digital_agreements()
    names = v.economy_names(load.table("economies"))
    shown = v.economies_shown(series, agreements, load.table("economies"))
    return series, names, shown


def _source(figure: go.Figure) -> str:
    """The source line as a reader reads it (it is wrapped with <br> to fit a phone's chart)."""
    return plain(figure.layout.annotations[0].text)


def _charts(data):
    series, names, shown = data
    return {
        "growth": fig.growth_figure(v.indexed_growth(series, "WLD", "exports"), "World"),
        "leaders": fig.leaders_figure(v.leaders(series, "ip_receipts", shown, names)),
        "map": fig.leaders_map(v.leaders(series, "digital_exports", shown, names)),
        "coverage": fig.coverage_figure(v.coverage(series, shown, names)),
    }


@pytest.mark.parametrize("name", ["growth", "leaders", "map", "coverage"])
def test_every_chart_is_valid_titled_and_attributed(data, name):
    figure = go.Figure(_charts(data)[name])  # raises on any invalid property
    assert figure.layout.title.text
    assert _source(figure).startswith("Source: ")
    # Drawn inside the canvas: a fixed distance below the plot, every wrapped line within the bottom margin.
    note = figure.layout.annotations[0]
    lines = note.text.count("<br>") + 1
    assert note.y == 0 and -note.yshift + fig.LINE_PX * lines <= figure.layout.margin.b
    assert all(len(plain(line)) <= fig.SOURCE_WIDTH for line in note.text.split("<br>"))
    assert {trace.type for trace in figure.data} <= set(plotly_bundle.TRACES)


def test_units_are_stated(data):
    charts = _charts(data)
    texts = lambda f: " ".join(a.text for a in f.layout.annotations)  # noqa: E731
    assert "index, 2012 = 100" in texts(charts["growth"]) and "current US dollars" in _source(charts["growth"])
    assert "index, 2012 = 100" in plain(charts["growth"].layout.title.text)
    assert "USD billion, current" in texts(charts["leaders"])
    assert "USD billion, current" in charts["map"].data[0].colorbar.title.text
    assert "years with" in charts["coverage"].data[1].marker.colorbar.title.text


def test_the_growth_chart_draws_each_series_to_its_own_end_and_shades_the_common_window(data):
    series, _, _ = data
    growth = v.indexed_growth(series, "WLD", "exports")
    figure = fig.growth_figure(growth, "World")
    assert [t.name for t in figure.data] == [dc.SERIES[s].short for s in growth.series]
    labels = [a.text for a in figure.layout.annotations]
    for last in set(growth.ends.values()):
        assert f"ends {last}" in labels
    assert f"common window {growth.window[0]}–{growth.window[1]}" in labels
    window = figure.layout.shapes[0]
    assert (window.x0, window.x1) == (growth.window[0] - 0.5, growth.window[1] + 0.5)
    assert "(world goods: sum over DOTS reporters, modeled)" in _source(figure)
    goods = figure.data[0]
    assert goods.line.color == fig.CONTENT_COLOURS["goods"] and goods.line.width > figure.data[1].line.width


def test_a_fast_series_switches_the_growth_chart_to_a_log_axis(data):
    series, _, _ = data
    china = fig.growth_figure(v.indexed_growth(series, "CHN", "exports"), "China")  # IP receipts x10 since 2011
    world = fig.growth_figure(v.indexed_growth(series, "WLD", "exports"), "World")
    assert china.layout.yaxis.type == "log" and "log scale" in plain(china.layout.title.text)
    assert world.layout.yaxis.type == "linear"


def test_no_ranking_chart_for_thin_coverage_only_its_reason(data):
    series, names, shown = data
    ranking = v.leaders(series, "robot_installations", shown, names)
    for build in (fig.leaders_figure, fig.leaders_map):
        figure = build(ranking)
        assert not figure.data
        assert "No ranking" in figure.layout.annotations[0].text


def test_the_ranking_shows_values_and_world_shares_largest_on_top(data):
    series, names, shown = data
    ranking = v.leaders(series, "digital_exports", shown, names)
    bar = fig.leaders_figure(ranking).data[0]
    assert list(bar.y)[-1] == ranking.frame.iloc[0]["economy"]  # horizontal bars: the top is the last
    assert list(bar.x)[-1] == pytest.approx(ranking.frame.iloc[0]["value"] / 1000)
    assert "% of world" in list(bar.text)[-1]


def test_coverage_marks_missing_pairs_apart(data):
    series, names, shown = data
    cover = v.coverage(series, shown, names)
    figure = fig.coverage_figure(cover)
    missing, present = figure.data
    assert len(missing.x) == int((cover["years"] == 0).sum()) and len(present.x) == int((cover["years"] > 0).sum())
    assert ("Goods exports", "Taiwan") in set(zip(missing.x, missing.y))


def test_an_economy_without_overlapping_series_gets_a_message_not_an_empty_chart(data):
    series, _, _ = data
    figure = fig.growth_figure(v.indexed_growth(series, "TWN", "exports"), "Taiwan")
    assert not figure.data and "Taiwan" in figure.layout.annotations[0].text


@pytest.mark.parametrize("name", ["growth", "leaders", "map"])
def test_titles_sit_below_the_mode_bar_with_room_above_the_plot(data, name):
    figure = _charts(data)[name]
    title = figure.layout.title
    assert (title.yref, title.y, title.yanchor, title.pad.t) == ("container", 1, "top", fig.MODEBAR_ROW)
    lines = title.text.count("<br>") + 1
    assert figure.layout.margin.t >= fig.MODEBAR_ROW + 20 * lines  # the title's lines end above the plot area


def test_the_growth_title_says_whose_series_in_which_direction_and_the_base(data):
    series, _, _ = data
    figure = fig.growth_figure(v.indexed_growth(series, "DEU", "imports", base=2015), "Germany")
    assert plain(figure.layout.title.text) == ("Technology, data, robots against goods "
                                               "Germany, imports (payments); index, 2015 = 100")


def test_the_year_axis_never_labels_a_year_after_the_data(data):
    series, _, _ = data
    growth = v.indexed_growth(series, "WLD", "exports")
    figure = fig.growth_figure(growth, "World")
    last = max(growth.ends.values())
    assert figure.layout.xaxis.tickvals is None  # plotly spaces them by the axis's length (phone or desktop)
    assert figure.layout.xaxis.range[1] < last + 1 and figure.layout.xaxis.tickformat == "d"


def test_source_lines_name_the_series_not_its_code(data):
    series, names, shown = data
    for figure in (fig.leaders_figure(v.leaders(series, "digital_exports", shown, names)),
                   fig.leaders_map(v.leaders(series, "digital_exports", shown, names))):
        assert "UNCTAD (digitally deliverable services exports)" in _source(figure)
        assert "UNCTAD_DE" not in _source(figure)


def test_a_long_title_detail_wraps_to_fit_a_phone_and_the_plot_moves_down_for_it(data):
    series, _, _ = data
    growth = v.indexed_growth(series, "KOR", "exports")
    figure = fig.growth_figure(growth, "Korea, Rep.")
    detail = figure.layout.title.text.split("<br>")[1:]
    assert len(detail) == 2 and all(len(plain(line)) <= fig.DETAIL_WIDTH for line in detail)
    assert plain(detail[-1]) == "index, 2011 = 100; log scale"  # broken after a '; ', not inside a part
    short = fig.growth_figure(v.indexed_growth(series, "DEU", "imports", base=2015), "Germany")
    assert figure.layout.margin.t == short.layout.margin.t + fig.TITLE_LINE_PX
