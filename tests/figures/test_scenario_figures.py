"""Scenario charts: valid Plotly figures (validated here, since the module builds plain dicts), sorted,
signed colours, and the right map for the level."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard.figures import scenarios as fig
from dashboard.views import scenarios as scn
from dashboard.views.scenarios import ScenarioView


@pytest.fixture(scope="module", params=["countries", "clusters"])
def outcome(request):
    return scn.run(ScenarioView(adoption=(("DEU", 90), ("USA", 10)), level=request.param))


@pytest.mark.parametrize("build", [fig.share_change_bar, fig.welfare_localisation, fig.rank_slope, fig.shift_map])
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


def test_rank_slope_keeps_five_traces_and_every_economy(outcome):
    data = fig.rank_slope(outcome.table, "test", top=20)["data"]
    assert len(data) == 5
    lines = [v for trace in data[:3] for v in trace["y"] if v is not None]
    assert len(lines) == 2 * min(20, len(outcome.table))


def test_the_map_shades_countries_or_places_clusters(outcome):
    trace = fig.shift_map(outcome.table, "test")["data"][0]
    if outcome.unit_label == "economy":
        assert trace["type"] == "choropleth" and "ROW" not in trace["locations"]
    else:
        assert trace["type"] == "scattergeo" and len(trace["lat"]) == len(outcome.table)


def test_welfare_chart_labels_the_points_that_moved_most_in_a_trace_of_their_own():
    """Only the six points that moved most carry a label, in one text trace: the points' trace carries
    none, so no label is ever "" (plotly.js #5360 never draws a label that was "" before). Regions
    are coloured, named in the hover text and keyed above the plot."""
    import pandas as pd

    from dashboard.figures.scenarios import welfare_localisation
    from dashboard.figures.theme import REGION_COLOURS

    codes = [f"C{i}" for i in range(9)]
    regions = ["Europe", "Asia", "North America"] * 3
    table = pd.DataFrame(dict(code=codes, name=codes, region=regions,
                              welfare_change_pct=[float(i) for i in range(9)], domestic_share_change_pp=[0.0] * 9,
                              domestic_share_before_pct=[50.0] * 9, domestic_share_after_pct=[50.0] * 9))
    fig = welfare_localisation(table, "baseline")
    points, labels = fig["data"]
    assert "text" not in points and points["mode"] == "markers" and len(points["x"]) == 9
    assert points["marker"]["color"] == [REGION_COLOURS[r] for r in regions]
    assert [row[3] for row in points["customdata"]] == regions and "%{customdata[3]}" in points["hovertemplate"]
    assert sorted(labels["text"]) == [f"C{i}" for i in range(3, 9)]
    assert labels["x"] == [8.0, 7.0, 6.0, 5.0, 4.0, 3.0] and labels["hoverinfo"] == "skip"
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
    assert geo["showcountries"] is (outcome.unit_label != "economy")
    assert geo["showland"] is True


@pytest.mark.parametrize("build, titles", [
    (fig.share_change_bar, {"x axis title": "percentage points of world exports (excluding domestic sales)"}),
    (fig.welfare_localisation, {"x axis title": "change in real income (%)",
                                "y axis title": "change in domestic share of spending (pp)"}),
    (fig.rank_slope, {"y axis title": "rank"}),
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
