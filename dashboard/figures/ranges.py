"""The uncertainty ranges chart: per economy, the 90 % interval of one output over the Monte Carlo draws,
its median and the point estimate (dashboard.views.ranges summary -> a figure dict)."""
from __future__ import annotations

from dashboard.figures.theme import OKABE_ITO, TITLE_MARGIN, axis_titles, base_layout, empty_figure

SOURCE = "modeled: two-sector Eaton–Kortum, {used} of {draws} Monte Carlo draws<br>(methods page, Uncertainty ranges)"


#: The chart's title before its ranges arrive (while the job runs, or when there are none), so the chart is
#: named and attributed whatever its state (an exported placeholder still says what it is).
PLACEHOLDER_TITLE = "Uncertainty ranges"
PLACEHOLDER_SOURCE = "modeled: two-sector Eaton–Kortum, Monte Carlo draws (methods page, Uncertainty ranges)"


def empty(message: str) -> dict:
    """The chart without ranges: its title and source line, and `message` (why it is blank) in the middle."""
    figure = empty_figure(message).to_dict()
    layout = base_layout(PLACEHOLDER_TITLE, PLACEHOLDER_SOURCE, height=300, below_modebar=True)
    figure["layout"] = {**figure["layout"], "title": layout["title"], "margin": layout["margin"],
                        "font": layout["font"],
                        "annotations": [*figure["layout"].get("annotations", []), *layout["annotations"]]}
    return figure


def interval_chart(summary: dict, output: str, label: str) -> dict:
    """Horizontal 90 % intervals (5th–95th percentile) of `output` per economy, sorted by median, with the
    median (bar centre) and the point estimate (diamond). Sign agreement is in the hover text."""
    rows = sorted(summary["rows"], key=lambda r: r[f"{output}.median"])
    if not rows:
        return empty("No ranges")
    names = [r["name"] for r in rows]
    median = [r[f"{output}.median"] for r in rows]
    low = [r[f"{output}.median"] - r[f"{output}.low"] for r in rows]
    high = [r[f"{output}.high"] - r[f"{output}.median"] for r in rows]
    agree = [r[f"{output}.sign_agreement"] * 100 for r in rows]
    interval = dict(
        type="scatter", mode="markers", name="median, 90 % interval", x=median, y=names,
        marker=dict(color=OKABE_ITO[0], size=7),
        error_x=dict(type="data", symmetric=False, array=high, arrayminus=low, color=OKABE_ITO[0], thickness=2),
        customdata=[[r[f"{output}.low"], r[f"{output}.high"], a] for r, a in zip(rows, agree)],
        hovertemplate=("<b>%{y}</b><br>median %{x:+.3f}<br>90 % interval %{customdata[0]:+.3f} to "
                       "%{customdata[1]:+.3f}<br>same sign as the point estimate in %{customdata[2]:.0f} % "
                       "of draws<extra></extra>"),
    )
    point = dict(type="scatter", mode="markers", name="point estimate", x=[r[f"{output}.point"] for r in rows],
                 y=names, marker=dict(color=OKABE_ITO[5], symbol="diamond-open", size=9),
                 hovertemplate="<b>%{y}</b><br>point estimate %{x:+.3f}<extra></extra>")
    layout = base_layout(f"{label}: 90 % interval over the draws",
                         SOURCE.format(used=summary["used"], draws=summary["draws"]),
                         height=max(360, 20 * len(rows) + 175), below_modebar=True, source_below=50)
    layout["xaxis"] = {**layout["xaxis"], "zeroline": True, "zerolinecolor": "#495057"}
    layout["annotations"] = [*layout["annotations"], *axis_titles(label, None)]
    # The key above the plot (under the title) and the two source lines below the axis title, inside the chart.
    layout["showlegend"] = True
    layout["legend"] = dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom")
    layout["margin"] = {**layout["margin"], "t": TITLE_MARGIN + 25, "b": 110}
    return {"data": [interval, point], "layout": layout}
