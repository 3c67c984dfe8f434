"""Charts of a solved scenario: Outcome.table (dashboard.views.scenario_model) -> a Plotly figure.

These figures redraw on every slider move, so they are built as plain figure dicts (what
`go.Figure.to_dict()` gives), not through plotly's validating graph objects: the same JSON in a few
milliseconds instead of tens. The tests validate each one with `go.Figure(fig)`.

Diverging colours (orange = loses, purple = gains) are colour-blind safe (ColorBrewer PuOr); the
sign is also written in the hover text and on the axis, never carried by colour alone.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.figures.maps import GEO_LAYOUT
from dashboard.figures.theme import (
    DIVERGING,
    OKABE_ITO,
    REGION_COLOURS,
    TITLE_MARGIN,
    axis_titles,
    base_layout,
    empty_figure,
)

GAIN, LOSS, FLAT = DIVERGING[-1][1], DIVERGING[0][1], "#ADB5BD"
CLOSURE_COLOUR = OKABE_ITO[4]
SOURCE = "modeled, two-sector Eaton–Kortum in changes<br>on the {baseline}"
CHANGE = "goods_export_share_change_pp"
ZERO_LINE = dict(zeroline=True, zerolinecolor="#495057")
LABELLED = 6  # points labelled on the export share and real income chart
LABEL_APART = 0.08  # how far apart two labelled points are at least, as a fraction of the axes' spans
RANK_NAME_CHARS = 32  # longer names end in … (the full name is in the table and the hover text)
CHAR_PX = 7.2  # width of a 12 px tick-label character, generously (measured: 6.1–6.9 px in Chromium)


def _colours(values: pd.Series, eps: float = 0.005) -> list[object]:
    return [GAIN if v >= eps else LOSS if v <= -eps else FLAT for v in values]


def _list(values) -> list:
    return np.asarray(values).tolist()


def _figure(data: list[dict], title: str, baseline: str, height: int, x_title: str | None = None,
            y_title: str | None = None, y_shift: int = 40, source_below: int | None = None,
            source_chars: int | None = None, **layout) -> dict:
    """A figure dict with the shared layout; axis titles are drawn as annotations (theme.axis_titles). The
    title starts below the mode bar (theme.TITLE_TOP; issue 26.6): a chart's own top margin is at least
    TITLE_MARGIN. `source_chars`: the source line broken into lines of at most this many characters (for a
    chart in half a row)."""
    source = SOURCE.format(baseline=baseline)
    if source_chars:
        source = "<br>".join(textwrap.wrap(source.replace("<br>", " "), source_chars))
    merged = base_layout(title, source, height=height,
                         source_below=source_below, below_modebar=True)
    for axis in ("xaxis", "yaxis"):  # the chart's axis settings on top of the shared ones (theme.FAST_AXIS)
        layout[axis] = {**merged[axis], **layout.get(axis, {})}
    merged.update(layout)
    # The source line starts 10 px from the chart's left edge, not at the plot's: beside a wide margin of names
    # (the rank chart's) it ran past the chart's right edge.
    merged["annotations"][0]["xshift"] = min(0, 10 - merged["margin"]["l"])
    merged["annotations"] += axis_titles(x_title, y_title, y_shift=y_shift)
    return {"data": data, "layout": merged}


def _empty(message: str) -> dict:
    return empty_figure(message).to_dict()


def share_change_bar(table: pd.DataFrame, baseline: str, unit: str = "economy", top: int = 30,
                     split: bool = False) -> dict:
    """Change in the share of world goods exports (pp), sorted winners to losers (the `top` largest
    changes). split: the deficit rule's effect and the robots' effect as two bars per row."""
    if table.empty:
        return _empty("No results")
    bars = table.reindex(table[CHANGE].abs().sort_values(ascending=False).index[:top])
    bars = bars.sort_values(CHANGE)
    height = max(360, (30 if split else 22) * len(bars) + 140)
    names = [_short(n, 30) for n in bars["name"]]
    hover = ("<b>%{y}</b><br>%{x:+.3f} pp of world goods exports<br>"
             "%{customdata[0]:.2f} % → %{customdata[1]:.2f} %<extra></extra>")
    customdata = _list(bars[["goods_export_share_before_pct", "goods_export_share_after_pct"]])
    if split:
        data = [dict(type="bar", orientation="h", name=name, x=_list(bars[column]), y=names, customdata=customdata,
                     marker=dict(color=colour), meta=column,
                     hovertemplate=hover.replace("%{x:+.3f} pp", f"%{{x:+.3f}} pp ({name})"))
                for name, column, colour in (("deficit rule alone", "goods_export_share_closure_effect_pp",
                                              CLOSURE_COLOUR),
                                             ("robots on top", "goods_export_share_adoption_effect_pp", GAIN))]
    else:
        data = [dict(type="bar", orientation="h", x=_list(bars[CHANGE]), y=names, customdata=customdata,
                     marker=dict(color=_colours(bars[CHANGE])), hovertemplate=hover)]
    # A left margin sized from the names, not automargin: automargin measures every tick label
    # on each redraw, and a changed margin makes plotly draw the chart a second time.
    left = 16 + round(CHAR_PX * max(len(n) for n in names))
    layout: dict = dict(margin=dict(l=left, r=20, t=TITLE_MARGIN + (25 if split else 0), b=110), xaxis=ZERO_LINE)
    if split:
        layout |= dict(barmode="group", showlegend=True,
                       legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"))
    fig = _figure(data, f"Change in share of world goods exports by {unit} (pp)", baseline, height,
                  x_title="percentage points of world goods exports (domestic sales excluded)", **layout)
    fig["layout"]["annotations"][0]["y"] = -90 / height
    return fig


def region_key(regions: list[str]) -> str:
    """The colour key of a chart whose points are coloured by region, as one line of text
    ("● Asia   ● Europe ..."): one annotation instead of a plotly legend, which is laid out
    again, entry by entry, on every redraw."""
    return "   ".join(f"<span style='color:{REGION_COLOURS.get(r, OKABE_ITO[7])}'>●</span> {r}" for r in regions)


def income_and_exports(table: pd.DataFrame, baseline: str, unit: str = "economy",
                       adopters: tuple[str, ...] = ()) -> dict:
    """Change in the share of world goods exports (x, pp) against the change in real income (y, %, real
    GDP), by region: who loses export share yet gains real income.

    It redraws on every slider move, so it is kept cheap for plotly: one trace of points coloured by
    region (the region is also in the hover text) with the colour key in one line of text above the
    plot, not one trace per region and a legend. The adopters and the points that moved most are labelled
    by a text trace of their own (names, alternating above and below so neighbours do not overlap); the
    other points carry no text element at all, which sidesteps plotly.js #5360 (a point whose label was
    "" in the previous figure is never labelled again)."""
    if table.empty:
        return _empty("No results")
    x = table[CHANGE].to_numpy(dtype=float)
    y = table["real_income_change_pct"].to_numpy(dtype=float)
    regions, codes = table["region"].tolist(), table["code"].tolist()
    points = dict(
        type="scatter", mode="markers", name=unit, x=x.tolist(), y=y.tolist(),
        marker=dict(size=10, color=[REGION_COLOURS.get(r, OKABE_ITO[7]) for r in regions],
                    line=dict(color="white", width=1)),
        customdata=table[["name", "goods_export_share_before_pct", "goods_export_share_after_pct", "region"]]
        .to_numpy(dtype=object).tolist(),
        hovertemplate="<b>%{customdata[0]}</b> (%{customdata[3]})<br>real income %{y:+.2f} %<br>goods export share "
                      "%{customdata[1]:.2f} % → %{customdata[2]:.2f} % (%{x:+.3f} pp)<extra></extra>",
    )
    # Scale both axes to their spread so "moved most" is not decided by the axis with larger numbers.
    chosen = _labelled(x, y, [i for i, c in enumerate(codes) if c in adopters])
    labels = dict(type="scatter", mode="markers+text", name="labels", x=x[chosen].tolist(), y=y[chosen].tolist(),
                  text=[_short(str(table["name"].iloc[i]), 18) for i in chosen],
                  textposition=["top center" if k % 2 == 0 else "bottom center" for k in range(len(chosen))],
                  textfont=dict(size=10), marker=dict(size=10, color="rgba(0,0,0,0)"), hoverinfo="skip")
    fig = _figure([points, labels], f"Export share and real income by {unit}", baseline, 460, showlegend=False,
                  margin=dict(l=60, r=20, t=TITLE_MARGIN + 25, b=100),  # the key above; both source lines below
                  x_title="change in share of world goods exports (pp)", y_title="change in real income (real GDP, %)",
                  xaxis=ZERO_LINE, yaxis=ZERO_LINE)
    fig["layout"]["annotations"].append(dict(
        text=region_key(sorted(set(regions))), xref="paper", yref="paper", x=0, y=1.02, xanchor="left",
        yanchor="bottom", showarrow=False, font=dict(size=11), align="left"))
    return fig


def _labelled(x: np.ndarray, y: np.ndarray, first: list[int], apart: float = LABEL_APART) -> list[int]:
    """Up to LABELLED points to name, left to right: the adopters first, then the points that moved most,
    each at least `apart` (a fraction of the axes' spans) from every point already named, so no two labels
    sit on each other; points crowded at the origin stay in the hover text."""
    span_x, span_y = (float(np.ptp(x)) or 1.0), (float(np.ptp(y)) or 1.0)
    spread = np.abs(x) / (np.abs(x).max() or 1) + np.abs(y) / (np.abs(y).max() or 1)
    chosen: list[int] = []
    for i in [*first, *(int(k) for k in np.argsort(-spread, kind="stable"))]:
        if len(chosen) == LABELLED or i in chosen:
            continue
        if all(np.hypot((x[i] - x[j]) / span_x, (y[i] - y[j]) / span_y) >= apart for j in chosen):
            chosen.append(i)
    return sorted(chosen, key=lambda i: x[i])


def _label_width(labels: list[str]) -> int:
    """Pixels for a margin that holds the longest of `labels` (12 px type) without cutting it."""
    return 20 + round(CHAR_PX * max((len(t) for t in labels), default=4))


def _short(name: str, length: int = 22) -> str:
    return name if len(name) <= length else name[:length - 1] + "…"


@dataclass(frozen=True)
class TopRanks:
    """The economies ranked `top` or better before a scenario, best first: what the rank chart draws.
    Plain lists (it runs on every slider move); ranks are 1 for the largest exporter of goods."""

    codes: list[str]
    names: list[str]
    before: list[int]
    after: list[int]


def top_ranks(table: pd.DataFrame, top: int = 20) -> TopRanks:
    """The ranks before and after of the rows ranked `top` or better before the scenario (rows without a
    rank, the rest of the world, left out)."""
    before = table["goods_export_rank_before"].to_numpy(dtype=float)
    rows = np.flatnonzero(before <= top)
    rows = rows[np.argsort(before[rows], kind="stable")]
    return TopRanks(table["code"].to_numpy(dtype=object)[rows].tolist(),
                    table["name"].to_numpy(dtype=object)[rows].tolist(),
                    before[rows].astype(int).tolist(),
                    table["goods_export_rank_after"].to_numpy(dtype=float)[rows].astype(int).tolist())


def rank_signature(table: pd.DataFrame, label: str, top: int = 20) -> str:
    """What the rank chart of a results table shows, as a short string: equal strings, equal charts."""
    ranks = top_ranks(table, top)
    pairs = ",".join(f"{c}:{b}:{a}" for c, b, a in zip(ranks.codes, ranks.before, ranks.after))
    return f"{label}|{pairs}"


def rank_slope(table: pd.DataFrame, baseline: str, unit: str = "economy", top: int = 20) -> dict:
    """Slope chart: rank by share of world goods exports, baseline → scenario (the top `top` by baseline
    rank).

    One line trace per direction (up, down, unchanged; segments separated by gaps) and one invisible
    trace on the right-hand axis: four traces whatever `top` is, which keeps redraws fast. The names are
    the two axes' tick labels ("China 1" on the left, "1 China" on the right), with margins sized from the
    longest one, so no name is cut however long (city clusters: "Yangtze River Delta").
    """
    if table.empty:
        return _empty("No results")
    chosen = top_ranks(table, top)
    names, before, after = [_short(n, RANK_NAME_CHARS) for n in chosen.names], chosen.before, chosen.after
    data = []
    for name, colour, width, moves in (("rank unchanged", FLAT, 1.5, lambda d: d == 0),
                                       ("moves up", GAIN, 3, lambda d: d < 0),
                                       ("moves down", LOSS, 3, lambda d: d > 0)):
        x, y, hover = [], [], []
        for economy, was, now in zip(names, before, after):
            if moves(now - was):
                label = f"<b>{economy}</b><br>rank {was} → {now}"
                x += [0, 1, None]
                y += [was, now, None]
                hover += [label, label, None]
        data.append(dict(type="scatter", mode="lines+markers", name=name, x=x, y=y, text=hover,
                         hovertemplate="%{text}<extra></extra>", line=dict(color=colour, width=width),
                         marker=dict(size=7, color=colour), connectgaps=False))
    data.append(dict(type="scatter", mode="markers", x=[1] * len(after), y=after, yaxis="y2", hoverinfo="skip",
                     showlegend=False, marker=dict(size=7, color="rgba(0,0,0,0)")))
    left = [f"{n} {r}" for n, r in zip(names, before)]
    right = [f"{r} {n}" for n, r in zip(names, after)]
    rows = max(len(names), 1)
    span = [rows + 0.5, 0.5]  # rank 1 at the top
    ticks = dict(range=span, showgrid=False, tickmode="array", ticks="", zeroline=False)
    # Half a row wide beside the map: the source line in three short lines under the axis' labels.
    return _figure(data, f"Rank by share of world goods exports, top {top}", baseline, max(400, 24 * rows + 140),
                   source_below=26, source_chars=34,
                   margin=dict(l=_label_width(left), r=_label_width(right), t=TITLE_MARGIN, b=90), showlegend=False,
                   xaxis=dict(range=[-0.08, 1.08], showgrid=False, tickvals=[0, 1], ticktext=["Baseline", "Scenario"]),
                   yaxis=dict(ticks, tickvals=before, ticktext=left),
                   yaxis2=dict(ticks, overlaying="y", side="right", tickvals=after, ticktext=right))


def shift_map(table: pd.DataFrame, baseline: str) -> dict:
    """World map of the change in the share of world goods exports (pp): countries shaded (ISO-3 codes;
    not ROW), or nodes (city clusters and rests of country) as bubbles at their points when the table
    has lat/lon."""
    clusters = "lat" in table.columns
    mapped = table[table["lat"].notna()] if clusters else \
        table[table["code"].str.fullmatch(r"[A-Z]{3}") & (table["code"] != "ROW")]
    if mapped.empty:
        return _empty("Nothing to map: the results have no country codes or coordinates")
    change = mapped[CHANGE]
    extreme = float(np.nanmax(np.abs(change))) or 0.01
    # ticklabeloverflow: the default hides labels past the chart's edge by measuring every label once per
    # label drawn (quadratic, ~5 ms a redraw); this colour bar's few labels always fit.
    colorbar = dict(title=dict(text="pp of world<br>export share"), thickness=12, len=0.7, ticklabeloverflow="allow")
    customdata = _list(mapped[["name", "goods_export_share_before_pct", "goods_export_share_after_pct"]].astype(object))
    hover = ("<b>%{customdata[0]}</b><br>%{VALUE:+.3f} pp<br>"
             "%{customdata[1]:.2f} % → %{customdata[2]:.2f} %<extra></extra>")
    trace: dict[str, object]
    if clusters:
        size = 8 + 30 * np.sqrt(mapped["goods_export_share_before_pct"] / mapped["goods_export_share_before_pct"].max())
        trace = dict(type="scattergeo", lat=_list(mapped["lat"]), lon=_list(mapped["lon"]), mode="markers",
                     customdata=customdata, hovertemplate=hover.replace("VALUE", "marker.color"),
                     marker=dict(color=_list(change), size=_list(size), line=dict(color="#495057", width=0.5),
                                 colorscale=DIVERGING, cmid=0, cmin=-extreme, cmax=extreme, colorbar=colorbar))
    else:
        trace = dict(type="choropleth", locations=_list(mapped["code"]), z=_list(change), locationmode="ISO-3",
                     zmid=0, zmin=-extreme, zmax=extreme, colorscale=DIVERGING, colorbar=colorbar,
                     marker=dict(line=dict(color="white", width=0.5)), customdata=customdata,
                     hovertemplate=hover.replace("VALUE", "z"))
    # Country level draws no borders layer: plotly re-projects every path of the world on each redraw,
    # and the borders cost ~12 ms a slider move; the shaded economies have outlines of their own.
    # The source line 8 px under the map, its two lines inside the bottom margin (a fifth of the plot's height
    # below it fell outside the figure).
    return _figure([trace], "Where the share of world goods exports shifts (pp)", baseline, 420, source_below=8,
                   geo={**GEO_LAYOUT, "showcountries": clusters}, margin=dict(l=10, r=10, t=TITLE_MARGIN, b=50))
