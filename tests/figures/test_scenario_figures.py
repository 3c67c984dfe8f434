"""Scenario charts: valid Plotly figures (validated here, since the module builds plain dicts), sorted,
signed colours, and the right map for the level."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures import scenarios as fig
from dashboard.views import scenario_model as model
from dashboard.views.scenario_state import Scenario


@pytest.fixture(scope="module", params=["countries", "clusters"])
def outcome(request):
    return model.run(Scenario(targets=(("DEU", 600.0), ("USA", 50.0)), level=request.param))


@pytest.mark.parametrize("build", [fig.share_change_bar, fig.income_and_exports, fig.rank_slope, fig.shift_map])
def test_every_chart_is_a_valid_attributed_figure(outcome, build):
    figure = go.Figure(build(outcome.table, outcome.baseline_label))  # raises on any invalid property
    assert figure.layout.title.text
    assert figure.layout.annotations[0].text.startswith("Source: modeled")


def test_bars_run_from_losers_to_winners_with_signed_colours(outcome):
    bar = fig.share_change_bar(outcome.table, "test")["data"][0]
    assert bar["x"] == sorted(bar["x"])
    for value, colour in zip(bar["x"], bar["marker"]["color"]):
        assert colour == (fig.GAIN if value >= 0.005 else fig.LOSS if value <= -0.005 else fig.FLAT)
    assert bar["x"][0] < 0 < bar["x"][-1]


def test_rank_slope_keeps_four_traces_and_every_name_uncut(outcome):
    """Names are the axes' tick labels with margins sized from the longest: at the city-cluster level
    "Yangtze River Delta" is shown whole (issue 26.6: it read "gtze River Delta")."""
    figure = fig.rank_slope(outcome.table, "test", top=20)
    data, layout = figure["data"], figure["layout"]
    assert len(data) == 4
    lines = [v for trace in data[:3] for v in trace["y"] if v is not None]
    assert len(lines) == 2 * min(20, len(outcome.table))
    chosen = fig.top_ranks(outcome.table, 20)
    names = [fig._short(n, fig.RANK_NAME_CHARS) for n in chosen.names]
    assert layout["yaxis"]["ticktext"] == [f"{n} {r}" for n, r in zip(names, chosen.before)]
    assert layout["yaxis2"]["ticktext"] == [f"{r} {n}" for n, r in zip(names, chosen.after)]
    for side, axis in (("l", "yaxis"), ("r", "yaxis2")):
        assert layout["margin"][side] >= 7 * max(len(t) for t in layout[axis]["ticktext"])


def test_rank_labels_of_long_cluster_names_are_whole():
    long = "Guangdong-Hong Kong-Macao Greater Bay Area"
    table = pd.DataFrame(dict(code=["a", "b"], name=["Yangtze River Delta", long],
                              goods_export_rank_before=[1.0, 2.0], goods_export_rank_after=[2.0, 1.0]))
    layout = fig.rank_slope(table, "test")["layout"]
    assert "Yangtze River Delta 1" in layout["yaxis"]["ticktext"]


def test_the_map_shades_countries_or_places_clusters(outcome):
    trace = fig.shift_map(outcome.table, "test")["data"][0]
    if outcome.unit == "economy":
        assert trace["type"] == "choropleth" and "ROW" not in trace["locations"]
    else:
        assert trace["type"] == "scattergeo" and len(trace["lat"]) == outcome.table["lat"].notna().sum() > 40


def test_income_chart_labels_the_adopters_and_the_points_that_moved_most_in_a_trace_of_their_own():
    """The adopters and the points that moved most carry a label, in one text trace, alternating above and
    below so neighbours do not overlap: the points' trace carries none, so no label is ever "" (plotly.js
    #5360 never draws a label that was "" before). Regions are coloured, named in the hover text and keyed
    above the plot."""
    from dashboard.figures.scenarios import income_and_exports
    from dashboard.figures.theme import REGION_COLOURS

    codes = [f"C{i}" for i in range(9)]
    regions = ["Europe", "Asia", "North America"] * 3
    table = pd.DataFrame(dict(code=codes, name=codes, region=regions,
                              goods_export_share_change_pp=[float(i) for i in range(9)],
                              real_income_change_pct=[0.0] * 9,
                              goods_export_share_before_pct=[5.0] * 9, goods_export_share_after_pct=[5.0] * 9))
    fig = income_and_exports(table, "baseline", adopters=("C0",))
    points, labels = fig["data"]
    assert "text" not in points and points["mode"] == "markers" and len(points["x"]) == 9
    assert points["marker"]["color"] == [REGION_COLOURS[r] for r in regions]
    assert [row[3] for row in points["customdata"]] == regions and "%{customdata[3]}" in points["hovertemplate"]
    assert labels["text"] == ["C0", "C4", "C5", "C6", "C7", "C8"]  # the adopter first, then the largest moves
    assert labels["x"] == [0.0, 4.0, 5.0, 6.0, 7.0, 8.0] and labels["hoverinfo"] == "skip"
    assert labels["textposition"][:2] == ["top center", "bottom center"]  # neighbours on alternate sides
    assert fig["layout"]["showlegend"] is False
    key = fig["layout"]["annotations"][-1]["text"]
    assert [part.split("</span> ")[1] for part in key.split("   ")] == ["Asia", "Europe", "North America"]
    assert all(REGION_COLOURS[r] in key for r in set(regions))


def test_share_chart_margin_fits_the_longest_name(outcome):
    """The bar chart's left margin is set from the names (no automargin, which measures every label
    on each redraw): wide enough for the longest at a generous 7.2 px a character."""
    bars = fig.share_change_bar(outcome.table, "test")
    longest = max(len(n) for n in bars["data"][0]["y"])
    assert bars["layout"]["margin"]["l"] >= 7 * longest
    assert "automargin" not in bars["layout"]["yaxis"]


def test_country_map_draws_no_borders_layer_but_the_cluster_map_does(outcome):
    geo = fig.shift_map(outcome.table, "test")["layout"]["geo"]
    assert geo["showcountries"] is (outcome.unit != "economy")
    assert geo["showland"] is True


@pytest.mark.parametrize("build, titles", [
    (fig.share_change_bar, {"x axis title": "percentage points of world goods exports (domestic sales excluded)"}),
    (fig.income_and_exports, {"x axis title": "change in share of world goods exports (pp)",
                              "y axis title": "change in real income (real GDP, %)"}),
])
def test_redrawn_charts_draw_axis_titles_as_named_annotations(outcome, build, titles):
    """plotly.js measures every tick label of an axis with a title on each redraw; these charts redraw
    on every slider move, so their axis titles are annotations (named, for the text alternatives)."""
    layout = build(outcome.table, "test")["layout"]
    assert {a["name"]: a["text"] for a in layout["annotations"] if a.get("name")} == titles
    assert "title" not in layout["xaxis"] and "title" not in layout["yaxis"]


def test_the_map_colour_bar_does_not_measure_its_labels(outcome):
    trace = fig.shift_map(outcome.table, "test")["data"][0]
    colorbar = trace["marker"]["colorbar"] if trace["type"] == "scattergeo" else trace["colorbar"]
    assert colorbar["ticklabeloverflow"] == "allow"


def test_income_chart_names_no_two_points_on_top_of_each_other():
    """Issue 26.6: labels overlapped at the origin, where most economies sit when one adopter moves far."""
    from dashboard.figures.scenarios import income_and_exports

    codes = ["BIG", "A", "B", "C", "D"]
    table = pd.DataFrame(dict(code=codes, name=codes, region=["Asia"] * 5,
                              goods_export_share_change_pp=[1.0, -0.010, -0.011, -0.012, 0.3],
                              real_income_change_pct=[2.0, 0.010, 0.011, 0.012, 0.5],
                              goods_export_share_before_pct=[5.0] * 5, goods_export_share_after_pct=[5.0] * 5))
    labels = income_and_exports(table, "baseline", adopters=("BIG",))["data"][1]
    assert "BIG" in labels["text"] and "D" in labels["text"]
    assert sum(name in labels["text"] for name in ("A", "B", "C")) == 1  # three points at one spot: one name


@pytest.fixture(scope="module")
def split_outcome():
    """A deficit rule and adoption together: the bar chart shows the two apart, with a legend above it."""
    return model.run(Scenario(targets=(("DEU", 600.0),), closure="us"))


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("build", [fig.share_change_bar, fig.income_and_exports, fig.rank_slope, fig.shift_map])
def test_every_title_starts_below_the_mode_bar(outcome, split_outcome, build, split):
    """Issue 26.6 on /scenarios: the titles ran into the mode bar's icons (worst in presenter mode). Each
    title is placed from the figure's top (yref container) TITLE_TOP px down, with a top margin of at least
    TITLE_MARGIN (the mode bar reaches 37 px down), as on the other pages."""
    from dashboard.figures.theme import TITLE_MARGIN, TITLE_TOP, for_presenter

    if split:
        assert split_outcome.split
        outcome = split_outcome
    kwargs = {"split": split} if build is fig.share_change_bar else {}
    for figure in (build(outcome.table, "test", **kwargs), for_presenter(build(outcome.table, "test", **kwargs))):
        layout = go.Figure(figure).layout
        assert layout.title.yref == "container" and layout.title.yanchor == "top", layout.title
        assert layout.title.pad.t >= TITLE_TOP
        assert layout.margin.t >= TITLE_MARGIN, layout.margin
        source = layout.annotations[0]  # from the chart's left edge, whatever the left margin
        assert source.text.startswith("Source") and source.xshift + layout.margin.l <= 10, source
