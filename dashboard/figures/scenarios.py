"""Charts of a solved scenario: Outcome.table (dashboard.views.scenarios) -> a Plotly figure.

These figures redraw on every slider move, so they are built as plain figure dicts (what
`go.Figure.to_dict()` gives), not through plotly's validating graph objects: the same JSON in a few
milliseconds instead of tens. The tests validate each one with `go.Figure(fig)`.

Diverging colours (orange = loses, purple = gains) are colour-blind safe (ColorBrewer PuOr); the
sign is also written in the hover text and on the axis, never carried by colour alone.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures.maps import GEO_LAYOUT
from dashboard.figures.theme import DIVERGING, OKABE_ITO, REGION_COLOURS, axis_titles, base_layout, empty_figure
from dashboard.views.scenarios import top_ranks

GAIN, LOSS, FLAT = DIVERGING[-1][1], DIVERGING[0][1], "#ADB5BD"
SOURCE = "modeled, Eaton–Kortum in changes<br>on the {baseline}"
ZERO_LINE = dict(zeroline=True, zerolinecolor="#495057")
LABELLED = 6  # points labelled on the welfare chart
CHAR_PX = 7.2  # width of a 12 px tick-label character, generously (measured: 6.1–6.9 px in Chromium)


def _colours(values: pd.Series, eps: float = 0.005) -> list[object]:
    return [GAIN if v >= eps else LOSS if v <= -eps else FLAT for v in values]


def _list(values) -> list:
    return np.asarray(values).tolist()


def _figure(data: list[dict], title: str, baseline: str, height: int, x_title: str | None = None,
            y_title: str | None = None, y_shift: int = 40, **layout) -> dict:
    """A figure dict with the shared layout; axis titles are drawn as annotations (theme.axis_titles)."""
    merged = base_layout(title, SOURCE.format(baseline=baseline), height=height)
    for axis in ("xaxis", "yaxis"):  # the chart's axis settings on top of the shared ones (theme.FAST_AXIS)
        layout[axis] = {**merged[axis], **layout.get(axis, {})}
    merged.update(layout)
    merged["annotations"] += axis_titles(x_title, y_title, y_shift=y_shift)
    return {"data": data, "layout": merged}


def _empty(message: str) -> dict:
    return empty_figure(message).to_dict()


def share_change_bar(table: pd.DataFrame, baseline: str, unit: str = "economy", top: int = 30) -> dict:
    """Change in world export share (pp), sorted winners to losers (top `top` by size of change)."""
    if table.empty:
        return _empty("No results")
    bars = table.reindex(table["export_share_change_pp"].abs().sort_values(ascending=False).index[:top])
    bars = bars.sort_values("export_share_change_pp")
    height = max(360, 22 * len(bars) + 140)
    bar = dict(
        type="bar", orientation="h", x=_list(bars["export_share_change_pp"]), y=_list(bars["name"]),
        marker=dict(color=_colours(bars["export_share_change_pp"])),
        customdata=_list(bars[["export_share_before_pct", "export_share_after_pct"]]),
        hovertemplate="<b>%{y}</b><br>%{x:+.3f} pp of world exports<br>"
                      "%{customdata[0]:.2f} % → %{customdata[1]:.2f} %<extra></extra>",
    )
    # A left margin sized from the names, not automargin: automargin measures every tick label
    # on each redraw, and a changed margin makes plotly draw the chart a second time.
    left = 16 + round(CHAR_PX * max(len(n) for n in bar["y"]))
    fig = _figure([bar], f"World export share change by {unit} (pp)", baseline, height,
                  margin=dict(l=left, r=20, t=60, b=110),
                  x_title="percentage points of world exports (excluding domestic sales)", xaxis=ZERO_LINE)
    fig["layout"]["annotations"][0]["y"] = -90 / height
    return fig


def region_key(regions: list[str]) -> str:
    """The colour key of a chart whose points are coloured by region, as one line of text
    ("● Asia   ● Europe ..."): one annotation instead of a plotly legend, which is laid out
    again, entry by entry, on every redraw."""
    return "   ".join(f"<span style='color:{REGION_COLOURS.get(r, OKABE_ITO[7])}'>●</span> {r}" for r in regions)


def welfare_localisation(table: pd.DataFrame, baseline: str, unit: str = "economy") -> dict:
    """Real income change (x, %) against change in domestic share (y, pp: localisation), by region.

    It redraws on every slider move, so it is kept cheap for plotly: one trace of points coloured by
    region (the region is also in the hover text) with the colour key in one line of text above the
    plot, not one trace per region and a legend (about 8 ms less a redraw). The six points that moved
    most are labelled by a text trace of their own: the other points carry no text element at all,
    which sidesteps plotly.js #5360 (a point whose label was "" in the previous figure is never
    labelled again)."""
    if table.empty:
        return _empty("No results")
    x = table["welfare_change_pct"].to_numpy(dtype=float)
    y = table["domestic_share_change_pp"].to_numpy(dtype=float)
    regions, codes = table["region"].tolist(), table["code"].tolist()
    points = dict(
        type="scatter", mode="markers", name=unit, x=x.tolist(), y=y.tolist(),
        marker=dict(size=10, color=[REGION_COLOURS.get(r, OKABE_ITO[7]) for r in regions],
                    line=dict(color="white", width=1)),
        customdata=table[["name", "domestic_share_before_pct", "domestic_share_after_pct", "region"]]
        .to_numpy(dtype=object).tolist(),
        hovertemplate="<b>%{customdata[0]}</b> (%{customdata[3]})<br>real income %{x:+.2f} %<br>domestic share "
                      "%{customdata[1]:.1f} % → %{customdata[2]:.1f} % (%{y:+.2f} pp)<extra></extra>",
    )
    # Label the points that moved most; the rest are in the hover text (labels near 0 would overlap).
    moved = np.argsort(-(np.abs(x) + np.abs(y)), kind="stable")[:LABELLED]
    # (Invisible markers of the same size keep each label just above its point.)
    labels = dict(type="scatter", mode="markers+text", name="labels", x=x[moved].tolist(), y=y[moved].tolist(),
                  text=[codes[i] for i in moved], textposition="top center", textfont=dict(size=10),
                  marker=dict(size=10, color="rgba(0,0,0,0)"), hoverinfo="skip")
    fig = _figure([points, labels], f"Real income and localisation by {unit}", baseline, 460, showlegend=False,
                  margin=dict(l=60, r=20, t=80, b=100),  # room below for both lines of the source
                  x_title="change in real income (%)", y_title="change in domestic share of spending (pp)",
                  xaxis=ZERO_LINE, yaxis=ZERO_LINE)
    fig["layout"]["annotations"].append(dict(
        text=region_key(sorted(set(regions))), xref="paper", yref="paper", x=0, y=1.02, xanchor="left",
        yanchor="bottom", showarrow=False, font=dict(size=11), align="left"))
    return fig


def _short(name: str, length: int = 22) -> str:
    return name if len(name) <= length else name[:length - 1] + "…"


def rank_slope(table: pd.DataFrame, baseline: str, unit: str = "economy", top: int = 20) -> dict:
    """Slope chart: rank by world export share, baseline → scenario (the top `top` by baseline rank).

    One line trace per direction (up, down, unchanged; segments separated by gaps) and one trace of
    labels at each end: five traces whatever `top` is, which keeps redraws fast.
    """
    if table.empty:
        return _empty("No results")
    chosen = top_ranks(table, top)
    names, before, after = chosen.names, chosen.before, chosen.after
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
    for side, ranks, position in ((0, before, "middle left"), (1, after, "middle right")):
        pad = [f"{_short(n)} " if side == 0 else f" {_short(n)}" for n in names]
        data.append(dict(type="scatter", mode="text", x=[side] * len(names), y=ranks, text=pad,
                         textposition=position, textfont=dict(size=11), hoverinfo="skip", showlegend=False))
    return _figure(data, f"Export-share rank, top {top}", baseline, max(380, 24 * len(names) + 120),
                   margin=dict(l=50, r=20, t=60, b=70), showlegend=False,
                   xaxis=dict(range=[-0.9, 1.9], showgrid=False, tickvals=[0, 1], ticktext=["Baseline", "Scenario"]),
                   y_title="rank", y_shift=30, yaxis=dict(autorange="reversed", dtick=1, showgrid=False))


def shift_map(table: pd.DataFrame, baseline: str) -> dict:
    """World map of the change in export share (pp): countries shaded (ISO-3 codes; not ROW), or city
    clusters as bubbles at their coordinates when the table has lat/lon."""
    clusters = "lat" in table.columns
    mapped = table if clusters else table[table["code"].str.fullmatch(r"[A-Z]{3}") & (table["code"] != "ROW")]
    if mapped.empty:
        return _empty("Nothing to map: the results have no country codes or coordinates")
    change = mapped["export_share_change_pp"]
    extreme = float(np.nanmax(np.abs(change))) or 0.01
    # ticklabeloverflow: the default hides labels past the chart's edge by measuring every label once per
    # label drawn (quadratic, ~5 ms a redraw); this colour bar's few labels always fit.
    colorbar = dict(title=dict(text="pp of world<br>export share"), thickness=12, len=0.7, ticklabeloverflow="allow")
    customdata = _list(mapped[["name", "export_share_before_pct", "export_share_after_pct"]].astype(object))
    hover = ("<b>%{customdata[0]}</b><br>%{VALUE:+.3f} pp<br>"
             "%{customdata[1]:.2f} % → %{customdata[2]:.2f} %<extra></extra>")
    trace: dict[str, object]
    if clusters:
        size = 8 + 30 * np.sqrt(mapped["export_share_before_pct"] / mapped["export_share_before_pct"].max())
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
    return _figure([trace], "Where export share shifts (pp)", baseline, 420,
                   geo={**GEO_LAYOUT, "showcountries": clusters}, margin=dict(l=10, r=10, t=50, b=50))
