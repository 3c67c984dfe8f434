"""Charts of the new-trade-content page: indexed growth against goods, leaders (bar and map), coverage.

Every chart states its units in an axis or colour-bar title and draws its source line inside the
figure (theme.base_layout), so an exported PNG stays attributed. Colours: Okabe-Ito, one per content
type (goods black, the yardstick); two series of one type differ by dash, not by colour.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.datasets.content import CONTENT_TYPES, FLOWS, SERIES
from dashboard.figures.maps import GEO_LAYOUT
from dashboard.figures.theme import OKABE_ITO, SEQUENTIAL, axis_titles, base_layout, empty_figure
from dashboard.views.content import WORLD, Growth, Leaders

CONTENT_COLOURS = {"goods": OKABE_ITO[7], "technology": OKABE_ITO[0], "data": OKABE_ITO[1], "robots": OKABE_ITO[2]}
#: Within a content type, the second series is dashed (ICT exports beside digital services exports).
SERIES_DASH = {"ict_exports": "dash", "robot_exports": "dot", "robot_imports": "dot"}
WINDOW_FILL = "rgba(108, 117, 125, 0.10)"
#: A growth chart switches to a log axis when its largest index is this many times its smallest:
#: equal distances then mean equal growth rates, and one fast series no longer flattens the rest.
LOG_AXIS_RATIO = 10.0
#: The coverage tiles' colour saturates here: 30 years reach back past the 2005 the comparison needs.
COVERAGE_YEARS_CAP = 30


#: Characters per line of a source line: wrapped, it fits a phone's chart (about 360 px at 11 px type)
#: instead of running off the canvas.
SOURCE_WIDTH = 60
#: Pixels from the top of a figure to its title's first baseline (plotly's title.pad.t with yanchor "top"):
#: the mode bar takes the top 26 px, and a title beside it runs into its icons on a narrow chart.
MODEBAR_ROW = 44
LINE_PX = 15  # height of one line of 11-13 px type
#: Characters per line of a title's detail (12 px type): a longer one ran off a phone's chart.
DETAIL_WIDTH = 48
TITLE_LINE_PX = 20  # height of one line of the title's detail


def wrapped(text: str, width: int = SOURCE_WIDTH) -> str:
    """Text broken into lines of at most `width` characters with plotly's <br> (words never split)."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def _detail_lines(detail: str) -> list[str]:
    """A title's detail in lines of at most DETAIL_WIDTH characters, broken after its '; ' first (so
    'index, 2011 = 100' is never split), inside a part only when the part alone is longer."""
    lines: list[str] = []
    for part in detail.split("; ") if detail else []:
        if lines and len(lines[-1]) + 2 + len(part) <= DETAIL_WIDTH:
            lines[-1] += "; " + part
        else:
            lines += wrapped(part, DETAIL_WIDTH).split("<br>")
    return lines


def _title(fig: go.Figure, line: str, detail: str = "") -> go.Figure:
    """A title of one short line (what the chart shows) and a smaller detail (its year, units, scale)
    wrapped to DETAIL_WIDTH, set below the mode bar's row so neither runs into its icons; the top margin
    grows by a line for each line the detail wraps onto (call after setting the margin)."""
    lines = _detail_lines(detail)
    text = "".join([line, *(f"<br><span style='font-size:12px;color:#495057'>{d}</span>" for d in lines)])
    fig.update_layout(title=dict(text=text, yref="container", y=1, yanchor="top", pad=dict(t=MODEBAR_ROW)))
    if len(lines) > 1:
        fig.update_layout(margin=dict(t=(fig.layout.margin.t or 0) + TITLE_LINE_PX * (len(lines) - 1)))
    return fig


def _pin_source(fig: go.Figure, below: int, left: int = 0) -> go.Figure:
    """Put the source line (theme.base_layout's first annotation) `below` pixels under the plot area and
    `left` pixels left of it (towards the canvas's edge, past the axis labels), wrapped to SOURCE_WIDTH,
    and make the bottom margin hold all its lines.

    base_layout places it at a fraction of the plot's height, which falls off the canvas of a tall chart
    (a ranking of fifteen, a table of 27 economies); a fixed distance keeps it inside the bottom margin."""
    note = fig.layout.annotations[0]
    text = wrapped(note.text)
    note.update(text=text, y=0, yshift=-below, xshift=-left, align="left")
    fig.update_layout(margin=dict(b=below + LINE_PX * (text.count("<br>") + 1) + 8))
    return fig


def _colour(series_id: str) -> str:
    return CONTENT_COLOURS[SERIES[series_id].content]


def source_line(series_ids, world_goods: bool = False, indexed: bool = True) -> str:
    """Publishers of the series shown, in SERIES order, e.g. 'IMF Direction of Trade Statistics; World Bank WDI'."""
    publishers = list(dict.fromkeys(SERIES[s].source for s in SERIES if s in set(series_ids)))
    text = "; ".join(publishers) if publishers else "see Methods"
    if world_goods:
        text += " (world goods: sum over DOTS reporters, modeled)"
    return text + (". Indexes of values in current US dollars (robots: units installed)." if indexed else
                   " (series and years: see Methods).")


def growth_figure(growth: Growth, economy_name: str) -> go.Figure:
    """Each content series of one direction of trade as an index (base year = 100) against goods.

    The common window every line covers is shaded; each line runs on to its own last year, where a label
    says so. Hover gives the published value in its unit beside the index.
    """
    if growth.window is None or growth.frame.empty:
        return empty_figure(f"{economy_name}: too few published series overlap to compare growth")
    fig = go.Figure()
    for sid in growth.series:
        rows = growth.frame[growth.frame["series"] == sid]
        meta = SERIES[sid]
        is_goods = meta.content == "goods"
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["index"], mode="lines+markers", name=meta.short,
            line=dict(color=_colour(sid), width=3.5 if is_goods else 2.2, dash=SERIES_DASH.get(sid, "solid")),
            marker=dict(size=5), customdata=np.stack([rows["value"], rows["unit"]], axis=-1),
            hovertemplate=f"<b>{meta.label}</b><br>%{{x}}: index %{{y:.0f}}<br>%{{customdata[0]:,.0f}} "
                          "%{customdata[1]}<extra></extra>",
        ))
    start, end = growth.window
    indexes = growth.frame["index"].to_numpy(dtype=float)
    log_axis = indexes.max() / max(indexes.min(), 1e-9) > LOG_AXIS_RATIO
    last = max(growth.ends.values())
    drawn = {SERIES[s].content for s in growth.series}
    what = ", ".join(label for key, label in (("technology", "technology"), ("data", "data"), ("robots", "robots"))
                     if key in drawn)
    layout = base_layout("", source_line(growth.series, growth.economy == WORLD and "goods_" + growth.flow
                                         in growth.series), height=460)
    layout["annotations"] += axis_titles(x="year", y=f"index, {growth.base} = 100", y_shift=45)
    # The common window, above the plot area (a label inside it would sit on the lines or the legend).
    layout["annotations"].append(dict(
        text=f"common window {start}–{end}", showarrow=False, xref="x", yref="paper", x=(start + end) / 2, y=1,
        yanchor="bottom", font=dict(size=11, color="#495057")))
    # Where each series ends: a short label at its last point (the lines stop at different years).
    for sid, year in growth.ends.items():
        point = growth.frame[(growth.frame["series"] == sid) & (growth.frame["year"] == year)]
        if point.empty:
            continue
        layout["annotations"].append(dict(
            text=f"ends {year}", x=year, y=float(np.log10(point["index"].iloc[0])) if log_axis else
            float(point["index"].iloc[0]), xref="x", yref="y", showarrow=False, xanchor="left", xshift=6,
            font=dict(size=10, color=_colour(sid))))
    fig.update_layout(**layout)
    fig.update_layout(
        shapes=[dict(type="rect", xref="x", yref="paper", x0=start - 0.5, x1=end + 0.5, y0=0, y1=1,
                     fillcolor=WINDOW_FILL, line=dict(width=0), layer="below")],
        # Inside the plot's top left: every line starts at 100 on the left, so that corner is free on any
        # screen, where a legend above the plot would wrap over the title on a phone.
        legend=dict(x=0.01, y=0.99, xanchor="left", yanchor="top", bgcolor="rgba(255,255,255,0.85)",
                    font=dict(size=11)),
        margin=dict(l=75, r=60, t=118), hovermode="closest",
    )
    _title(fig, f"{what[0].upper()}{what[1:]} against goods",
           f"{economy_name}, {FLOWS[growth.flow]}; index, {growth.base} = 100" + ("; log scale" if log_axis else ""))
    # plotly spaces the year ticks by the axis's length (every 2 years on a desktop, 5 on a phone, where fixed
    # 2-year ticks rotated into the "year" title or ran together); the range stops before last + 1, so no
    # tick labels a year after the data's last (the "ends" labels run on into the right margin).
    fig.update_xaxes(gridcolor="#e9ecef", tickformat="d", range=[start - 0.8, last + 0.9])
    fig.update_yaxes(gridcolor="#e9ecef", type="log" if log_axis else "linear")
    fig.add_hline(y=100, line=dict(color="#adb5bd", width=1))
    return _pin_source(fig, 45, left=70)


def _billions(frame: pd.DataFrame) -> tuple[pd.Series, str]:
    """Values in USD billion for display when the series is in USD million; else as they are."""
    unit = frame["unit"].iloc[0]
    if unit.startswith("USD million"):
        return frame["value"] / 1000.0, unit.replace("USD million", "USD billion")
    return frame["value"], unit


def leaders_figure(ranking: Leaders, top: int = 15) -> go.Figure:
    """The leading economies on one series in one year, largest on top, with their share of the world."""
    meta = SERIES[ranking.series]
    if ranking.frame.empty:
        return empty_figure(ranking.reason or f"No ranking for {meta.label}")
    shown = ranking.frame.head(top).iloc[::-1]
    values, unit = _billions(shown)
    share = shown["share_of_world_pct"]
    text = [f"{v:,.0f}" + (f" ({s:.1f} % of world)" if pd.notna(s) else "") for v, s in zip(values, share)]
    fig = go.Figure(go.Bar(
        x=values, y=shown["economy"], orientation="h", marker_color=CONTENT_COLOURS[meta.content],
        text=text, textposition="auto", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.1f} " + unit + "<extra></extra>",
    ))
    layout = base_layout("", f"{_series_source(meta)}. {ranking.covered} of the modeled economies have a value in "
                             f"{ranking.year}.", height=max(320, 26 * len(shown) + 170))
    layout["annotations"] += axis_titles(x=unit)
    fig.update_layout(**layout)
    fig.update_layout(margin=dict(l=10, r=30, t=92))
    _title(fig, f"Who leads: {meta.short}", f"{meta.label}, {ranking.year} (top {min(top, len(ranking.frame))})")
    fig.update_xaxes(gridcolor="#e9ecef")
    fig.update_yaxes(automargin=True)
    return _pin_source(fig, 50)


def _series_source(meta) -> str:
    """'UNCTAD (digitally deliverable services exports)': the publisher and the series, by name."""
    return f"{meta.source} ({meta.label[0].lower() + meta.label[1:] if meta.label[1].islower() else meta.label})"


def leaders_map(ranking: Leaders) -> go.Figure:
    """The ranked economies on a world map, shaded by value (grey: modeled but no value that year)."""
    meta = SERIES[ranking.series]
    if ranking.frame.empty:
        return empty_figure(ranking.reason or f"No ranking for {meta.label}")
    values, unit = _billions(ranking.frame)
    fig = go.Figure(go.Choropleth(
        locations=ranking.frame["iso3"], z=values, locationmode="ISO-3", colorscale=SEQUENTIAL,
        marker_line_color="white", marker_line_width=0.5, text=ranking.frame["economy"],
        customdata=ranking.frame[["rank"]].to_numpy(),
        colorbar=dict(title=dict(text=f"{unit}<br><sub>{ranking.year}</sub>"), thickness=12, len=0.7,
                      ticklabeloverflow="allow"),
        hovertemplate="<b>%{text}</b> (rank %{customdata[0]})<br>%{z:,.1f} " + unit + "<extra></extra>",
    ))
    fig.update_layout(**base_layout("", _series_source(meta), height=380))
    fig.update_geos(**GEO_LAYOUT)
    fig.update_layout(margin=dict(l=10, r=10, t=92))
    _title(fig, f"Where: {meta.short}", f"{meta.label}, {ranking.year}; modeled economies with a value")
    return _pin_source(fig, 10)


def coverage_figure(cover: pd.DataFrame) -> go.Figure:
    """Economy × series as tiles shaded by the number of years with a value (blank: missing), each
    labelled with its span: the coverage table as a picture, so gaps show at a glance."""
    if cover.empty:
        return empty_figure("No economies to show")
    economies = list(dict.fromkeys(cover["economy"]))
    labels = [SERIES[s].short for s in SERIES]
    has = cover[cover["years"] > 0]
    missing = cover[cover["years"] == 0]
    span = [f"{a}" if a == b else f"{a}–{str(b)[2:]}" for a, b in zip(has["first_year"], has["last_year"])]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=missing["series"].map(lambda s: SERIES[s].short), y=missing["economy"], mode="markers", name="missing",
        marker=dict(symbol="square-open", size=22, color="#ced4da"), showlegend=False,
        hovertemplate="%{y}, %{x}: missing<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=has["series"].map(lambda s: SERIES[s].short), y=has["economy"], mode="markers+text", name="years",
        text=span, textfont=dict(size=8, color="#212529"), showlegend=False,
        marker=dict(symbol="square", size=22, color=has["years"], colorscale=SEQUENTIAL, reversescale=True,
                    cmin=0, cmax=COVERAGE_YEARS_CAP, opacity=0.55,
                    colorbar=dict(title=dict(text=f"years with<br>a value<br><sub>{COVERAGE_YEARS_CAP}: "
                                                  f"{COVERAGE_YEARS_CAP} or more</sub>"), thickness=12, len=0.6,
                                  ticklabeloverflow="allow")),
        customdata=np.stack([has["years"], has["gap_years"]], axis=-1),
        hovertemplate="%{y}, %{x}: %{text} (%{customdata[0]} years, %{customdata[1]} missing inside)<extra></extra>",
    ))
    layout = base_layout("Which economy has which series, and for which years",
                         source_line(list(SERIES), indexed=False), height=max(420, 24 * len(economies) + 200))
    fig.update_layout(**layout)
    fig.update_layout(margin=dict(l=10, r=20, t=140, b=50))
    fig.update_xaxes(side="top", categoryorder="array", categoryarray=labels, tickangle=-35, showgrid=False)
    fig.update_yaxes(categoryorder="array", categoryarray=economies[::-1], automargin=True, showgrid=False)
    return _pin_source(fig, 12)


def content_type_legend() -> list[tuple[str, str]]:
    """(label, colour) of each content type, for a legend the page may draw outside the charts."""
    return [(label, CONTENT_COLOURS[key]) for key, label in CONTENT_TYPES.items()]
