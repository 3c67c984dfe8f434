"""Charts of the strategies page: a choropleth of who has a strategy, and a timeline of strategies."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import config
from dashboard.datasets.regions import region_of
from dashboard.figures.maps import GEO_LAYOUT
from dashboard.figures.partial import Part
from dashboard.figures.theme import (
    PRESENTER_SCALE,
    REGION_COLOURS,
    SEQUENTIAL,
    axis_titles,
    base_layout,
    empty_figure,
)
from dashboard.views.strategies import COLOR_OPTIONS, LAST_YEAR


def _year_span(years: pd.Series) -> str:
    years = years.dropna().astype(int)
    if years.empty:
        return "no data year"
    low, high = years.min(), years.max()
    return f"data year {low}" if low == high else f"latest data year per economy, {low}–{high}"


#: Pixels under the map for its colour bar (title, bar, tick labels), above the source line.
MAP_KEY_PX = 64
#: Characters on a line of a timeline label, lines per label and px per bar: the labels take about 150 px
#: beside the bars (190 px in presenter mode), so on a 390 px phone no label is cut and the bars keep
#: 150 px (issue 26.15: one line of up to 64 characters ran off the chart); a row holds two lines of the
#: presenter's larger type. The full name is in the hover text.
LABEL_CHARS, LABEL_LINES, ROW_PX = 22, 2, 40
#: The timeline's left margin: LABEL_CHARS at a generous 7.2 px a character of 12 px type, enlarged as in
#: presenter mode (theme.PRESENTER_SCALE), plus a gap.
LABEL_MARGIN = 16 + round(7.2 * PRESENTER_SCALE * LABEL_CHARS)


def wrapped(text: str, width: int = LABEL_CHARS, lines: int = LABEL_LINES) -> str:
    """`text` broken at spaces into at most `lines` lines (joined by <br>) of at most `width` characters, the
    last one ending in … when the text is longer (as does a word longer than a line)."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        word = words.pop(0)
        line = word if len(word) <= width else word[:width - 1] + "…"
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = out[-1][:width - 1].rstrip() + "…"
    return "<br>".join(out)


#: The timeline's top margin: its title, then up to four lines of key (11 px type, presenter's 14 px).
KEY_TOP = 160


def timeline_key(regions: list[str]) -> str:
    """The timeline's key as lines of text: the regions' colours, two to a line (a line fits a 390 px phone
    in presenter mode), then what hatching means."""
    marks = [f"<span style='color:{REGION_COLOURS.get(r, '#6C757D')}'>■</span> {r}" for r in regions]
    lines = ["   ".join(marks[i:i + 2]) for i in range(0, len(marks), 2)]
    return "<br>".join([*lines, "▨ hatched: no end year published"])


def _unique(labels: list[str]) -> list[str]:
    """The labels, a repeat made distinct by zero-width spaces (invisible): a label is a bar's category, and
    two strategies of one economy may shorten to the same label (their bars would share one row)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        out.append(label + "\u200b" * seen.get(label, 0))
        seen[label] = seen.get(label, 0) + 1
    return out


def strategy_map(summary: pd.DataFrame, color: str, selected: str | Sequence[str] | None = None) -> go.Figure:
    """Countries with a strategy, coloured by `color` (a key of COLOR_OPTIONS); legend states unit and year."""
    if summary.empty:
        return empty_figure("No strategy matches these filters")
    label, unit = COLOR_OPTIONS[color]
    values = summary[color].astype(float)
    year_note = "" if color in ("launch", "focus") else f" ({_year_span(summary[f'{color}_year'])})"
    economies = summary.assign(value_text=[
        "no sourced figure" if np.isnan(v) else (f"{v:.0f}" if color in ("launch", "focus") else f"{v:,.0f} {unit}")
        for v in values
    ])
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>" + label + ": %{customdata[2]}<extra></extra>"
    # Grey underneath: an economy with a strategy but no figure for this colour stays on the map.
    fig = go.Figure(go.Choropleth(
        locations=economies["iso3"], z=[0] * len(economies), locationmode="ISO-3", showscale=False,
        colorscale=[[0, "#ced4da"], [1, "#ced4da"]], marker_line_color="white", marker_line_width=0.5,
        customdata=economies[["economy", "strategies", "value_text"]].to_numpy(), hovertemplate=hover,
    ))
    coloured = economies[values.notna()]
    fig.add_trace(go.Choropleth(
        locations=coloured["iso3"], z=coloured[color].astype(float), locationmode="ISO-3",
        colorscale=SEQUENTIAL, reversescale=color == "launch", marker_line_color="white", marker_line_width=0.5,
        # Lying under the map, the colour bar leaves the map the chart's whole width (beside it, on a 390 px
        # phone, it left the map ~140 px; issue 26.15).
        colorbar=dict(title=dict(text=f"{label} <sub>{unit}{year_note}</sub>", side="top"), orientation="h",
                      x=0.5, xanchor="center", y=0, yanchor="top", ypad=4, thickness=10, len=0.6,
                      ticklabeloverflow="allow"),  # see theme.FAST_AXIS
        customdata=coloured[["economy", "strategies", "value_text"]].to_numpy(), hovertemplate=hover,
    ))
    # The selected economy's outline: always there (empty when none is on the map), so selecting
    # another replaces this trace only (PARTIAL).
    # `selected`: one economy, or several (the EU's member states when the EU is chosen).
    on_map = set(summary["iso3"])
    chosen = [c for c in ([selected] if isinstance(selected, str) else selected or ()) if c in on_map]
    fig.add_trace(go.Choropleth(
        locations=chosen, z=[1] * len(chosen), locationmode="ISO-3", showscale=False, hoverinfo="skip", meta="selected",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], marker_line_color="#000", marker_line_width=2,
    ))
    fig.update_layout(**base_layout(f"Economies with an intelligent-manufacturing strategy: {label.lower()}",
                                    "strategy documents; IFR;<br>World Bank WDI (see Methods)", height=500,
                                    source_below=MAP_KEY_PX, below_modebar=True))
    fig.update_geos(**GEO_LAYOUT)
    # No side margins: on a phone the map takes the chart's whole width. Below the map, the colour bar
    # (MAP_KEY_PX), then the source line's two lines.
    fig.update_layout(margin=dict(l=0, r=0, t=85, b=MAP_KEY_PX + 40), clickmode="event")
    fig.update_annotations(selector=0, align="left")  # the source line's second line under its first
    return fig


#: What a change of one field of the view alone changes in `strategy_map` (dashboard.figures.partial).
PARTIAL: dict[str, tuple[Part, ...]] = {"economy": (("selected", ()),)}


def timeline(filtered: pd.DataFrame, selected: str | None = None) -> go.Figure:
    """One bar per strategy from launch to end year (open-ended ones to the period's end), by region."""
    dated = filtered.dropna(subset=["launch_year"])
    if dated.empty:
        return empty_figure("No dated strategy matches these filters")
    frame = dated.assign(
        region=dated["iso3"].map(region_of),
        open_ended=dated["end_year"].isna(),
        end=dated["end_year"].fillna(LAST_YEAR).astype(int),
        launch=dated["launch_year"].astype(int),
    )
    order = {r: i for i, r in enumerate(config.REGIONS)}
    frame = frame.assign(order=frame["region"].map(order)).sort_values(
        ["order", "launch", "economy"], ascending=[False, False, False], kind="stable")
    full = frame["economy"] + ": " + frame["strategy"]
    frame = frame.assign(full=full, label=_unique([wrapped(t) for t in full]))
    fig = go.Figure()
    for region, rows in frame.groupby("region", sort=False):
        fig.add_trace(go.Bar(
            y=rows["label"], x=rows["end"] - rows["launch"] + 1, base=rows["launch"], orientation="h", name=region,
            marker=dict(color=REGION_COLOURS.get(region),
                        opacity=[1.0 if selected in (None, i) else 0.35 for i in rows["iso3"]],
                        pattern=dict(shape=["/" if o else "" for o in rows["open_ended"]], solidity=0.4)),
            customdata=np.stack([rows["iso3"], rows["launch"],
                                 np.where(rows["open_ended"], "open-ended", rows["end"].astype(str)), rows["full"]],
                                axis=-1),
            hovertemplate="<b>%{customdata[3]}</b><br>%{customdata[1]} – %{customdata[2]}<extra></extra>",
        ))
    layout = base_layout("Strategies over time",
                         "strategy documents<br>(see the table for each one's source)",
                         height=max(320, ROW_PX * len(frame) + 150),
                         source_below=46, below_modebar=True)
    layout["annotations"][0]["xshift"] = 10 - LABEL_MARGIN  # the source line from the chart's left, under the labels
    layout["annotations"] += axis_titles(x="year")
    layout["annotations"].append(dict(
        text=timeline_key(list(frame["region"].drop_duplicates())), showarrow=False, xref="paper", yref="paper",
        x=0, xshift=10 - LABEL_MARGIN, y=1, yshift=8, xanchor="left", yanchor="bottom", align="left",
        font=dict(size=11)))
    fig.update_layout(**layout)
    # The key is text above the bars, not a legend: plotly lays a legend out across the plot's width alone,
    # which on a phone is ~130 px, one entry a row, over the title.
    fig.update_layout(barmode="overlay", showlegend=False,
                      margin=dict(l=LABEL_MARGIN, r=20, t=KEY_TOP, b=95))  # the source line's two lines below
    # A year label every five years (every two ran into each other on a phone), a grid line every year.
    fig.update_xaxes(range=[config.STRATEGY_YEARS[0] - 0.5, LAST_YEAR + 1.5], dtick=5, gridcolor="#ced4da",
                     minor=dict(dtick=1, showgrid=True, gridcolor="#f1f3f5"))
    # A margin sized for the labels, not automargin: on a 390 px phone in presenter mode automargin pushed the
    # margin past the chart's width and plotly drew the labels off the chart.
    fig.update_yaxes(automargin=False, categoryorder="array", categoryarray=list(frame["label"]))
    return fig
