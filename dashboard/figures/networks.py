"""The networks page's figure: nodes (city clusters, rest of country, economies without clusters) and
the links between them, on the world map (links drawn as great-circle arcs) or in the force layout.
Drawing (dashboard.views.networks) -> figure.

Built as a plain figure dict, like dashboard.figures.scenarios: a network of 5,000 links redraws on
every control change, and plotly's validating graph objects would add a second to that. Links are
grouped into a few traces (one per kind, width band and colour), each a single line with gaps, so the
browser draws a handful of paths instead of thousands; an invisible marker at each link's middle
carries its hover text. Legend entries are traces of their own with one missing point.

Links: international solid and dark, domestic (both nodes in one country) dashed and lighter, so the
two differ without colour; under a scenario, links that grow are purple and links that shrink orange
(ColorBrewer PuOr, colour-blind safe), and the change is written in the hover text. Nodes: colour by
region (Okabe–Ito), shape by kind. The largest nodes carry a label, placed so that no two overlap.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from dashboard.figures.maps import GEO_LAYOUT
from dashboard.figures.partial import Part
from dashboard.figures.theme import DIVERGING, REGION_COLOURS, base_layout, empty_figure
from dashboard.views.networks import CHANGE_CLASSES, KIND_LABELS, SIZES, Drawing, NetworksView

LINK_STYLE = {"international": dict(color="#212529", dash="solid"), "domestic": dict(color="#868E96", dash="dash")}
LINK_NAMES = {"international": "international links", "domestic": "domestic links (one country)"}
CHANGE_COLOURS = (DIVERGING[0][1], DIVERGING[1][1], "#ADB5BD", DIVERGING[3][1], DIVERGING[4][1])
WIDTHS = (1.0, 2.0, 3.5, 6.0)             # px, by band of link value: wide enough to read on the map
WIDTH_QUANTILES = (0.5, 0.8, 0.95)
LINK_OPACITY = 0.75
SYMBOLS = {"cluster": "circle", "rest-of-country": "square", "country": "diamond"}
MAP_HEIGHT, NETWORK_HEIGHT = 580, 680        # px: the map is about twice as wide as tall
#: Labels: at most this many, the largest nodes first, each kept only where it overlaps no other label.
LABELS_MAX = 16
LABEL_FONT_PX, LABEL_CHAR_PX = 11, 6.2       # font size, and the width of one character at that size
# Pixels per unit of the chart's coordinates at the default size (an 8/12 column at 1280 px):
# map, per degree (natural earth, 360° over ~780 px); network, per layout unit ([-1, 1] over ~460 px).
PX_PER_DEGREE, PX_PER_UNIT = 1.9, 220.0
SOURCE = ("modeled node flows: nested gravity held to the sourced 2019 country matrix<br>"
          "(IMF DOTS goods between modeled economies, national accounts; see Methods)")


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
    """Hover of the links: names and kind as text, numbers as customdata (after the two node ids), so
    5,000 links do not send 5,000 formatted sentences."""
    columns = DATA_COLUMNS + (["baseline_value_usd_bn", "change_pct"] if scenario_on else [])
    numbers = edges[columns[2:]].to_numpy(dtype=float).round(4)
    customdata = np.column_stack([edges[["source", "target"]].to_numpy(dtype=object), numbers.astype(object)])
    return dict(hovertext=(edges["source_name"] + " ↔ " + edges["target_name"] + " (" + edges["link"] + ")").tolist(),
                customdata=customdata.tolist(),
                hovertemplate=LINK_HOVER + (LINK_HOVER_SCENARIO if scenario_on else "") + "<extra></extra>")


def _node_hover(nodes: pd.DataFrame, size: str, layer_name: str) -> tuple[list[str], list[str]]:
    """Hover of the nodes in two parts: name and size (which the node size control changes) as
    hovertext, GDP, exports and top partners (which it does not) as text, so a size change sends the first only."""
    label, unit = SIZES[size]
    sized, rest = [], []
    for row in nodes.itertuples():
        value = f"{row.size_value:.3f}" if size == "betweenness" else (
            f"{int(row.size_value)}" if size == "degree" else _money(row.size_value))
        sized.append(f"<b>{row.name}</b> ({row.country}; {KIND_LABELS[row.kind]})<br>{label}: {value} {unit}")
        rest.append(f"GDP {_money(row.gdp_usd_bn)} USD bn (modeled, 2019)<br>"
                    f"International exports {_money(row.international_exports_usd_bn)} USD bn "
                    f"({row.world_export_share_pct:.2f} % of world exports)<br>"
                    f"Top partners, two-way ({layer_name}):<br>{row.partners}")
    return sized, rest


def label_picks(x_px: np.ndarray, y_px: np.ndarray, texts: list[str], order: np.ndarray,
                limit: int = LABELS_MAX) -> list[int]:
    """Indices of the nodes to label: in `order` (largest first), each kept only when its label's box
    (centred above the point, LABEL_CHAR_PX a character wide, one line high) overlaps no box kept before."""
    kept: list[int] = []
    boxes: list[tuple[float, float, float, float]] = []
    for k in order:
        half = LABEL_CHAR_PX * len(texts[k]) / 2
        box = (x_px[k] - half, y_px[k] - 2.2 * LABEL_FONT_PX, x_px[k] + half, y_px[k] - 0.4 * LABEL_FONT_PX)
        if all(box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1] for b in boxes):
            kept.append(int(k))
            boxes.append(box)
            if len(kept) == limit:
                break
    return kept


def _labels(nodes: pd.DataFrame, geo: bool) -> pd.DataFrame:
    """The nodes that carry a label at the default size (see label_picks): city clusters first, the
    largest first, then the other nodes (a rest of country is known by its shape and its hover)."""
    if geo:
        x, y = nodes["lon"].to_numpy() * PX_PER_DEGREE, -nodes["lat"].to_numpy() * PX_PER_DEGREE
    else:
        x, y = nodes["x"].to_numpy() * PX_PER_UNIT, -nodes["y"].to_numpy() * PX_PER_UNIT
    order = np.lexsort((np.arange(len(nodes)), -nodes["size_value"].to_numpy(dtype=float),
                        (nodes["kind"] != "cluster").to_numpy()))
    return nodes.iloc[label_picks(x, y, list(nodes["label"]), order)]


def _legend_entry(kind: str, name: str, group: str, rank: int, **style) -> dict:
    """A legend entry with no points (the traces it stands for have showlegend off)."""
    # One missing point: a trace with no points at all gets no legend entry.
    axes = ("lon", "lat") if kind == "scattergeo" else ("x", "y")
    coordinates: dict[str, list] = {axis: [None] for axis in axes}
    return dict(type=kind, name=name, legendgroup=group, showlegend=True, hoverinfo="skip", legendrank=rank,
                **coordinates, **style)


def network_figure(drawing: Drawing, view: NetworksView) -> dict:
    """The nodes of `drawing` (sized by view.size, coloured by region, shaped by kind) and its links (width
    by value; dashed when domestic; coloured by change under a scenario), as a map or a network."""
    nodes, edges = drawing.nodes, drawing.edges
    if nodes.empty:
        return empty_figure("No node matches these filters").to_dict()
    geo = view.chart == "map"
    kind = "scattergeo" if geo else "scatter"
    px, py = ("lon", "lat") if geo else ("x", "y")
    where = nodes.set_index("node_id")
    xa, ya = where.loc[edges["source"], px].to_numpy(), where.loc[edges["source"], py].to_numpy()
    xb, yb = where.loc[edges["target"], px].to_numpy(), where.loc[edges["target"], py].to_numpy()

    def xy(x, y) -> dict:
        return {"lon": x, "lat": y} if geo else {"x": x, "y": y}

    data, shapes = [], []
    groups, legend = _link_groups(edges, drawing.scenario_on, kind)
    for rows, style in groups:
        if geo:  # one line with gaps per group; on a map plotly draws each piece as a great-circle arc
            data.append(dict(type=kind, mode="lines", lon=_interleave(xa[rows], xb[rows]),
                             lat=_interleave(ya[rows], yb[rows]), hoverinfo="skip", connectgaps=False,
                             showlegend=False, **style))
        else:  # one SVG path per group (a scatter trace would draw one element per link)
            path = "".join(f"M{a:.4f},{b:.4f}L{c:.4f},{d:.4f}"
                           for a, b, c, d in zip(xa[rows], ya[rows], xb[rows], yb[rows]))
            shapes.append(dict(type="path", path=path, xref="x", yref="y", layer="below",
                               line=style["line"], opacity=style["opacity"]))
    if geo:
        mx, my = _midpoints(ya, xa, yb, xb)[::-1]
    else:
        mx, my = (xa + xb) / 2, (ya + yb) / 2
    # Hover only: mode "none" draws nothing (no DOM element per link) and still answers the pointer.
    data.append(dict(type=kind, mode="none", **xy(mx.round(4).tolist(), my.round(4).tolist()), meta="links",
                     showlegend=False, **_link_hover(edges, drawing.scenario_on)))
    data.extend(legend)
    peak = float(nodes["size_value"].max())
    scale = 30.0 / np.sqrt(peak) if peak > 0 else 0.0
    sized, rest = (np.array(part, dtype=object) for part in _node_hover(nodes, view.size, drawing.layer.name))
    symbols = nodes["kind"].map(SYMBOLS).fillna("circle")
    for region, part in nodes.groupby("region", sort=True):
        data.append(dict(
            type=kind, mode="markers", name=region, meta="clusters", legendrank=10,
            **xy(part[px].tolist(), part[py].tolist()),
            marker=dict(size=(7 + np.sqrt(part["size_value"].to_numpy(dtype=float)) * scale).tolist(),
                        symbol=symbols[part.index].tolist(), color=REGION_COLOURS.get(region, "#6C757D"),
                        opacity=0.9, line=dict(color="white", width=1)),
            customdata=part["node_id"].tolist(), hovertext=sized[part.index].tolist(),
            text=rest[part.index].tolist(), hovertemplate="%{hovertext}<br>%{text}<extra></extra>",
        ))
    for node_kind in [k for k in SYMBOLS if k in set(nodes["kind"])]:
        data.append(_legend_entry(kind, KIND_LABELS[node_kind], f"kind-{node_kind}", 20, mode="markers",
                                  marker=dict(symbol=SYMBOLS[node_kind], color="#6C757D", size=10)))
    labelled = _labels(nodes, geo)
    # Always there (empty when nothing is labelled), so a node-size change replaces this trace only (PARTIAL).
    data.append(dict(type=kind, mode="text", meta="labels", showlegend=False, hoverinfo="skip",
                     **xy(labelled[px].tolist(), labelled[py].tolist()), text=labelled["label"].tolist(),
                     textposition="top center", textfont=dict(size=LABEL_FONT_PX, color="#212529")))
    # Always there (empty when no node is chosen), so choosing one replaces this trace only (PARTIAL).
    chosen = nodes[nodes["node_id"] == view.cluster]
    data.append(dict(type=kind, mode="markers", name="selected", meta="selected", showlegend=False,
                     hoverinfo="skip", **xy(chosen[px].tolist(), chosen[py].tolist()),
                     marker=dict(size=44, symbol="circle-open", color="#000000", line=dict(width=3))))
    return _layout(data, shapes, drawing, view, geo)


#: What a change of one field of the view alone changes in `network_figure` (dashboard.figures.partial):
#: the node size, the nodes' marker sizes, hover text and which of them carry a label; the chosen node, its ring.
PARTIAL: dict[str, tuple[Part, ...]] = {
    "size": (("clusters", ("marker", "size")), ("clusters", ("hovertext",)), ("labels", ())),
    "cluster": (("selected", ()),),
}


def _link_groups(edges: pd.DataFrame, scenario_on: bool, kind: str) -> tuple[list[tuple[np.ndarray, dict]], list]:
    """Links grouped by kind, width band and (under a scenario) change class: each group's rows and line
    style; and the legend entries (kinds; width bands, or change classes under a scenario). Unchanged
    links come first, the strongest changes last (on top); domestic links under international ones."""
    band, band_labels = _bands(edges["value_usd_bn"].to_numpy())
    colour_of = edges["change_class"].to_numpy() if scenario_on else np.full(len(edges), -1)
    link = edges["link"].to_numpy()
    flat = len(CHANGE_CLASSES) // 2
    groups, legend = [], []
    for link_kind in ("domestic", "international"):
        for colour in sorted(set(colour_of.tolist()), key=lambda c: abs(c - flat)):
            for width in range(len(WIDTHS)):
                rows = (link == link_kind) & (colour_of == colour) & (band == width)
                if rows.any():
                    style = dict(LINK_STYLE[link_kind], width=WIDTHS[width])
                    if scenario_on:
                        style["color"] = CHANGE_COLOURS[colour]
                    groups.append((rows, dict(line=style, opacity=LINK_OPACITY)))
        if (link == link_kind).any():
            legend.append(_legend_entry(kind, LINK_NAMES[link_kind], f"link-{link_kind}", 30, mode="lines",
                                        line=dict(LINK_STYLE[link_kind], width=2.5)))
    if scenario_on:
        legend += [_legend_entry(kind, f"links that {CHANGE_CLASSES[c]}", f"change-{c}", 40 + c, mode="lines",
                                 line=dict(color=CHANGE_COLOURS[c], width=3)) for c in sorted(set(colour_of.tolist()))]
    else:
        legend += [_legend_entry(kind, label, f"band-{w}", 50 + w, mode="lines",
                                 line=dict(color="#6C757D", width=WIDTHS[w])) for w, label in enumerate(band_labels)
                   if (band == w).any()]
    return groups, legend


def _layout(data: list[dict], shapes: list[dict], drawing: Drawing, view: NetworksView, geo: bool) -> dict:
    layer = drawing.layer
    notes = [SOURCE]
    if layer.content:
        notes.append(f"{layer.name}: each exporter's sourced ratio to its goods exports × the modeled goods flow")
    if drawing.scenario_on:
        notes.append("scenario: Eaton–Kortum in changes on these flows")
    title = f"City-cluster trade: the {len(drawing.edges):,} strongest links"
    subtitle = (f"{layer.name}, two-way, USD bn, {drawing.year}; dashed: domestic; "
                f"{'scenario, coloured by change' if drawing.scenario_on else 'baseline'}")
    height = MAP_HEIGHT if geo else NETWORK_HEIGHT
    layout = base_layout(title, "<br>".join(notes), height=height)
    layout["title"]["subtitle"] = dict(text=subtitle, font=dict(size=12, color="#495057"))
    lines = sum(note.count("<br>") + 1 for note in notes)
    # Legend and source line sit under the plot, so the map keeps the full width: the legend's rows take up
    # to ~115 px below the plot in presenter mode (fonts × 1.25), the source's lines ~19 px each there.
    margin = dict(l=10, r=40, t=72, b=130 + 19 * lines)
    layout["annotations"][0].update(y=-120 / (height - margin["t"] - margin["b"]), align="left")
    # The mode bar stands on the right edge (in the right margin), clear of the title on the left.
    layout.update(margin=margin, hovermode="closest", uirevision=view.chart, hoverlabel=dict(align="left"),
                  modebar=dict(orientation="v"),
                  legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", itemsizing="constant",
                              font=dict(size=11)))
    if geo:
        layout["geo"] = {**GEO_LAYOUT, **({"fitbounds": "locations"} if view.regions or view.countries else {})}
    else:
        hidden = dict(visible=False, showgrid=False, zeroline=False)
        layout.update(xaxis=hidden, yaxis={**hidden, "scaleanchor": "x"}, plot_bgcolor="white", shapes=shapes)
    return {"data": data, "layout": layout}
