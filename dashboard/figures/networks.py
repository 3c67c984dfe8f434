"""The networks page's figure: city clusters and the links between them, on the world map (links
drawn as great-circle arcs) or in the force layout. Drawing (dashboard.views.networks) -> figure.

Built as a plain figure dict, like dashboard.figures.scenarios: a network of 5,000 links redraws on
every control change, and plotly's validating graph objects would add a second to that. Links are
grouped into a few traces (one per width band and colour), each a single line with gaps, so the
browser draws a handful of paths instead of thousands; an invisible marker at each link's middle
carries its hover text.

Colours: regions use the Okabe–Ito palette; under a scenario, links that grow are purple and links
that shrink orange (ColorBrewer PuOr, colour-blind safe), and the change is written in the hover text.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from dashboard.figures.maps import GEO_LAYOUT
from dashboard.figures.partial import Part
from dashboard.figures.theme import DIVERGING, REGION_COLOURS, base_layout, empty_figure
from dashboard.views.networks import CHANGE_CLASSES, SIZES, Drawing, NetworksView

LINK_COLOUR = "#495057"
CHANGE_COLOURS = (DIVERGING[0][1], DIVERGING[1][1], "#ADB5BD", DIVERGING[3][1], DIVERGING[4][1])
WIDTHS = (0.6, 1.3, 2.4, 4.0)             # px, by band of link value
WIDTH_QUANTILES = (0.5, 0.8, 0.95)
MAP_HEIGHT, NETWORK_HEIGHT = 560, 680        # px: the map is about twice as wide as tall
SOURCE = ("modeled flows: gravity on each cluster's latest published GDP (data years vary by cluster) and distance, "
          "RAS-balanced; no observed flows (see Methods)")


def _money(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.1f}" if abs(value) >= 1 else f"{value:.2f}"


def _interleave(a: np.ndarray, b: np.ndarray) -> list:
    """[a0, b0, None, a1, b1, None, …]: one line trace with a gap after each link."""
    out = np.empty(3 * len(a), dtype=object)
    out[0::3], out[1::3], out[2::3] = a, b, None
    return out.tolist()


def _midpoints(lat1, lon1, lat2, lon2) -> tuple[np.ndarray, np.ndarray]:
    """The middle of the great-circle arc between two points (degrees)."""
    p1, l1, p2, l2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    bx, by = np.cos(p2) * np.cos(l2 - l1), np.cos(p2) * np.sin(l2 - l1)
    lat = np.arctan2(np.sin(p1) + np.sin(p2), np.sqrt((np.cos(p1) + bx) ** 2 + by ** 2))
    lon = l1 + np.arctan2(by, np.cos(p1) + bx)
    return np.degrees(lat), (np.degrees(lon) + 540) % 360 - 180


def _bands(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Width band per link and a label per band (USD billion ranges)."""
    cuts = np.quantile(values, WIDTH_QUANTILES) if len(values) else np.zeros(len(WIDTH_QUANTILES))
    edges = [values.min() if len(values) else 0.0, *cuts, values.max() if len(values) else 0.0]
    labels = [f"{_money(lo)}–{_money(hi)} USD bn" for lo, hi in itertools.pairwise(edges)]
    return np.digitize(values, cuts, right=False), labels


LINK_HOVER = "<b>%{hovertext}</b><br>two-way %{customdata[2]:,.3~r} USD bn (modeled)<br>" \
             "→ %{customdata[3]:,.3~r} · ← %{customdata[4]:,.3~r} USD bn"
LINK_HOVER_SCENARIO = "<br>baseline %{customdata[5]:,.3~r} USD bn; change %{customdata[6]:+.2f} %"
DATA_COLUMNS = ["source", "target", "value_usd_bn", "exports_source_to_target_usd_bn",
                "exports_target_to_source_usd_bn"]


def _link_hover(edges: pd.DataFrame, scenario_on: bool) -> dict:
    """Hover of the links: names as text, numbers as customdata (after the two cluster ids), so
    5,000 links do not send 5,000 formatted sentences."""
    columns = DATA_COLUMNS + (["baseline_value_usd_bn", "change_pct"] if scenario_on else [])
    numbers = edges[columns[2:]].to_numpy(dtype=float).round(4)
    customdata = np.column_stack([edges[["source", "target"]].to_numpy(dtype=object), numbers.astype(object)])
    return dict(hovertext=(edges["source_name"] + " ↔ " + edges["target_name"]).tolist(),
                customdata=customdata.tolist(),
                hovertemplate=LINK_HOVER + (LINK_HOVER_SCENARIO if scenario_on else "") + "<extra></extra>")


def _node_hover(nodes: pd.DataFrame, size: str, layer_name: str) -> tuple[list[str], list[str]]:
    """Hover of the clusters in two parts: name and size (which the node size control changes) as
    hovertext, GDP and top partners (which it does not) as text, so a size change sends the first only."""
    label, unit = SIZES[size]
    sized, rest = [], []
    for row in nodes.itertuples():
        year = "year not stated" if pd.isna(row.gdp_year) else int(row.gdp_year)
        value = f"{row.size_value:.3f}" if size == "betweenness" else (
            f"{int(row.size_value)}" if size == "degree" else _money(row.size_value))
        sized.append(f"<b>{row.name}</b> ({row.country})<br>{label}: {value} {unit}")
        rest.append(f"GDP {_money(row.gdp_usd_bn)} USD bn ({row.gdp_basis}, {year})<br>"
                    f"Top partners, two-way ({layer_name}):<br>{row.partners}")
    return sized, rest


def network_figure(drawing: Drawing, view: NetworksView) -> dict:
    """The clusters of `drawing` (sized by view.size, coloured by region) and its links (width by
    value; coloured by change under a scenario), as a map (view.chart == 'map') or a network."""
    nodes, edges = drawing.nodes, drawing.edges
    if nodes.empty:
        return empty_figure("No city cluster matches these filters").to_dict()
    geo = view.chart == "map"
    kind = "scattergeo" if geo else "scatter"
    px, py = ("lon", "lat") if geo else ("x", "y")
    where = nodes.set_index("cluster_id")
    xa, ya = where.loc[edges["source"], px].to_numpy(), where.loc[edges["source"], py].to_numpy()
    xb, yb = where.loc[edges["target"], px].to_numpy(), where.loc[edges["target"], py].to_numpy()

    def xy(x, y) -> dict:
        return {"lon": x, "lat": y} if geo else {"x": x, "y": y}

    data, shapes = [], []
    for rows, style in _link_groups(edges, drawing.scenario_on):
        if geo:  # one line with gaps per group; on a map plotly draws each piece as a great-circle arc
            data.append(dict(type=kind, mode="lines", lon=_interleave(xa[rows], xb[rows]),
                             lat=_interleave(ya[rows], yb[rows]), hoverinfo="skip", connectgaps=False, **style))
        else:  # one SVG path per group (a scatter trace would draw one element per link)
            path = "".join(f"M{a:.4f},{b:.4f}L{c:.4f},{d:.4f}"
                           for a, b, c, d in zip(xa[rows], ya[rows], xb[rows], yb[rows]))
            shapes.append(dict(type="path", path=path, xref="x", yref="y", layer="below", **style))
    if geo:
        mx, my = _midpoints(ya, xa, yb, xb)[::-1]
    else:
        mx, my = (xa + xb) / 2, (ya + yb) / 2
    # Hover only: mode "none" draws nothing (no DOM element per link) and still answers the pointer.
    data.append(dict(type=kind, mode="none", **xy(mx.round(4).tolist(), my.round(4).tolist()), meta="links",
                     showlegend=False, **_link_hover(edges, drawing.scenario_on)))
    peak = float(nodes["size_value"].max())
    scale = 32.0 / np.sqrt(peak) if peak > 0 else 0.0
    sized, rest = (np.array(part, dtype=object) for part in _node_hover(nodes, view.size, drawing.layer.name))
    for region, part in nodes.groupby("region", sort=True):
        data.append(dict(
            type=kind, mode="markers", name=region, meta="clusters", **xy(part[px].tolist(), part[py].tolist()),
            marker=dict(size=(7 + np.sqrt(part["size_value"].to_numpy(dtype=float)) * scale).tolist(),
                        color=REGION_COLOURS.get(region, LINK_COLOUR), opacity=0.9,
                        line=dict(color="white", width=1)),
            customdata=part["cluster_id"].tolist(), hovertext=sized[part.index].tolist(),
            text=rest[part.index].tolist(), hovertemplate="%{hovertext}<br>%{text}<extra></extra>",
        ))
    # Always there (empty when no cluster is chosen), so choosing one replaces this trace only (PARTIAL).
    chosen = nodes[nodes["cluster_id"] == view.cluster]
    data.append(dict(type=kind, mode="markers", name="selected", meta="selected", showlegend=False,
                     hoverinfo="skip", **xy(chosen[px].tolist(), chosen[py].tolist()),
                     marker=dict(size=44, symbol="circle-open", color="#000000", line=dict(width=3))))
    return _layout(data, shapes, drawing, view, geo)


#: What a change of one field of the view alone changes in `network_figure` (dashboard.figures.partial):
#: the node size, the clusters' marker sizes and hover text; the chosen cluster, its ring.
PARTIAL: dict[str, tuple[Part, ...]] = {
    "size": (("clusters", ("marker", "size")), ("clusters", ("hovertext",))),
    "cluster": (("selected", ()),),
}


def _link_groups(edges: pd.DataFrame, scenario_on: bool) -> list[tuple[np.ndarray, dict]]:
    """Links grouped by width band (and, under a scenario, by change class): each group's rows and its
    line style and legend entry. Unchanged links come first, the strongest changes last (on top)."""
    band, band_labels = _bands(edges["value_usd_bn"].to_numpy())
    colour_of = edges["change_class"].to_numpy() if scenario_on else np.full(len(edges), -1)
    flat = len(CHANGE_CLASSES) // 2
    groups, named = [], set()
    for colour in sorted(set(colour_of.tolist()), key=lambda c: abs(c - flat)):
        for width in range(len(WIDTHS)):
            rows = (colour_of == colour) & (band == width)
            if not rows.any():
                continue
            group = f"change-{colour}" if scenario_on else f"band-{width}"
            groups.append((rows, dict(
                line=dict(width=WIDTHS[width], color=CHANGE_COLOURS[colour] if scenario_on else LINK_COLOUR),
                opacity=0.8 if scenario_on else 0.45, legendgroup=group, showlegend=group not in named,
                name=f"links that {CHANGE_CLASSES[colour]}" if scenario_on else f"links {band_labels[width]}",
                legendrank=100 + (len(CHANGE_CLASSES) - colour if scenario_on else len(WIDTHS) - width),
            )))
            named.add(group)
    return groups


def _layout(data: list[dict], shapes: list[dict], drawing: Drawing, view: NetworksView, geo: bool) -> dict:
    layer = drawing.layer
    notes = [] if layer.key == "all" else [
        f"layer: {layer.name}, {100 * layer.share:.1f} % of every flow ({layer.basis}, {layer.year})"]
    if drawing.scenario_on:
        notes.append("scenario: Eaton–Kortum in changes on these flows")
    title = f"The {len(drawing.edges)} strongest links between city clusters"
    subtitle = (f"{layer.name}; two-way trade, USD billion; "
                f"{'scenario, coloured by change from the baseline' if drawing.scenario_on else 'baseline'}")
    height = MAP_HEIGHT if geo else NETWORK_HEIGHT
    layout = base_layout(title, "<br>".join([SOURCE, "; ".join(notes)]) if notes else SOURCE, height=height)
    layout["title"]["subtitle"] = dict(text=subtitle, font=dict(size=12, color="#495057"))
    margin = dict(l=10, r=10, t=70, b=150)
    # Legend and source line sit under the plot, so the map keeps the full width.
    layout["annotations"][0]["y"] = -110 / (height - margin["t"] - margin["b"])
    layout.update(margin=margin, hovermode="closest", uirevision=view.chart, hoverlabel=dict(align="left"),
                  legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", itemsizing="constant",
                              font=dict(size=11)))
    if geo:
        layout["geo"] = {**GEO_LAYOUT, **({"fitbounds": "locations"} if view.regions or view.countries else {})}
    else:
        hidden = dict(visible=False, showgrid=False, zeroline=False)
        layout.update(xaxis=hidden, yaxis={**hidden, "scaleanchor": "x"}, plot_bgcolor="white", shapes=shapes)
    return {"data": data, "layout": layout}
