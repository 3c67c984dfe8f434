"""Strategies charts read on a 390 px phone (issue 26.15): the map's colour bar under it, the timeline's labels
short enough to sit beside their bars, each strategy on a row of its own."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard.datasets import load
from dashboard.figures import strategies as fig
from dashboard.figures.theme import TITLE_MARGIN
from dashboard.views import strategies as sv


@pytest.mark.parametrize("text, expected", [
    ("India: Make in India", "India: Make in India"),
    ("United States: National Network for Manufacturing Innovation", "United States:<br>National Network for…"),
    ("Supercalifragilisticexpialidocious word", "Supercalifragilistice…<br>word"),
])
def test_a_label_is_two_lines_at_most_and_says_when_it_is_cut(text, expected):
    assert fig.wrapped(text) == expected
    assert all(len(line) <= fig.LABEL_CHARS for line in expected.split("<br>"))


def test_every_strategy_has_its_own_row_and_a_label_that_fits_the_margin():
    """Two strategies of one economy may shorten to one label; each keeps its own bar row (the category is
    made distinct invisibly), and the full name is in the hover text."""
    table = load.table("strategies")
    figure = fig.timeline(table)
    labels = [y for trace in figure.data for y in trace.y]
    assert len(labels) == len(set(labels)) == table["launch_year"].notna().sum()
    visible = [label.replace("\u200b", "") for label in labels]
    assert len(set(visible)) < len(visible)  # the data hold such a pair: the test covers it
    assert max(len(line) for label in visible for line in label.split("<br>")) <= fig.LABEL_CHARS
    assert figure.layout.margin.l >= 7.2 * 1.25 * fig.LABEL_CHARS and figure.layout.yaxis.automargin is False
    assert all("%{customdata[3]}" in trace.hovertemplate for trace in figure.data)
    source = figure.layout.annotations[0]
    assert source.text.startswith("Source") and source.xshift + figure.layout.margin.l <= 20  # from the left edge


def test_the_map_leaves_its_width_to_the_map_with_the_colour_bar_under_it():
    view = sv.StrategiesView()
    summary = sv.economy_summary(sv.filter_strategies(load.table("strategies"), view), load.table("indicators"))
    layout = go.Figure(fig.strategy_map(summary, "launch")).layout
    bar = fig.strategy_map(summary, "launch").data[1].colorbar
    assert bar.orientation == "h" and bar.yanchor == "top" and bar.y <= 0
    assert layout.margin.l == layout.margin.r == 0 and layout.margin.t >= TITLE_MARGIN
    assert layout.margin.b >= fig.MAP_KEY_PX + 30 and layout.annotations[0].yshift == -fig.MAP_KEY_PX


def test_the_timeline_key_is_text_two_regions_a_line_with_what_hatching_means():
    """A plotly legend wraps to the plot's width (~130 px on a phone: one entry a row, over the title); the key
    is lines of text above the bars instead, each short enough for a 390 px phone in presenter mode."""
    figure = fig.timeline(load.table("strategies"))
    assert figure.layout.showlegend is False
    key = figure.layout.annotations[-1].text
    lines = key.split("<br>")
    assert lines[-1] == "▨ hatched: no end year published" and len(lines) >= 3
    assert all(1 <= line.count("■") <= 2 for line in lines[:-1])
    assert figure.layout.title.text == "Strategies over time"
