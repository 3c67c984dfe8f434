"""A chart's text alternative (WCAG 1.1.1), written from the figure's own data on the server.

`summary(figure)` says what kind of chart it is, how many items it shows, the highest and lowest with
their unit, and the source line drawn in the figure. The page puts it in a visually hidden element that
the chart's `aria-describedby` names (dashboard/components/charts.py), and every callback that sends a
new figure sends its summary too, so the description follows a slider move.
"""
from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from dashboard.figures.theme import AXIS_TITLE_NAMES

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_SOURCE = re.compile(r"^(source|modeled)", re.IGNORECASE)


def plain(text: object) -> str:
    """Figure text without plotly's HTML tags, on one line."""
    if text is None:
        return ""
    return _SPACE.sub(" ", _TAG.sub("", _BREAK.sub(" ", str(text)))).strip()


def as_dict(figure: go.Figure | Mapping[str, Any]) -> Mapping[str, Any]:
    """A figure as the plain mapping the summary reads (a go.Figure is converted without validation)."""
    return figure.to_plotly_json() if isinstance(figure, go.Figure) else figure


def title_of(figure: go.Figure | Mapping[str, Any]) -> str:
    """The figure's title as plain text ("" when it has none): the chart's accessible name."""
    title = (as_dict(figure).get("layout") or {}).get("title")
    return plain(title.get("text") if isinstance(title, Mapping) else title)


def _values(values: object) -> list:
    if values is None or isinstance(values, (str, bytes, Mapping)):
        return []
    try:
        return list(values)  # type: ignore[call-overload]
    except TypeError:
        return []


def _number(value: float) -> str:
    return f"{round(value):,}" if abs(value) >= 100 else f"{float(f'{value:.3g}'):g}"


def _pairs(labels: object, values: object, names: Sequence[object] | None = None) -> list[tuple[str, float]]:
    """(label, value) for each item with a finite number as its value."""
    label_list, found = _values(labels), []
    for i, value in enumerate(_values(values)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            continue
        name = names[i] if names is not None and i < len(names) and names[i] else None
        label = name if name is not None else (label_list[i] if i < len(label_list) else "")
        found.append((plain(label), float(value)))
    return found


def _extremes(pairs: list[tuple[str, float]], unit: str = "") -> str:
    if not pairs:
        return ""
    ordered = sorted(pairs, key=lambda pair: -pair[1])
    (high, high_value), (low, low_value) = ordered[0], ordered[-1]
    suffix = f" {unit}" if unit else ""
    return (f" Highest: {high} ({_number(high_value)}{suffix}); "
            f"lowest: {low} ({_number(low_value)}{suffix}).")


def _axis_title(layout: Mapping[str, Any], letter: str) -> str:
    """An axis's title: the annotation that stands for it (theme.axis_titles), else the axis's own."""
    for note in layout.get("annotations") or []:
        if isinstance(note, Mapping) and note.get("name") == AXIS_TITLE_NAMES[letter]:
            return plain(note.get("text"))
    title = (layout.get(f"{letter}axis") or {}).get("title")
    return plain(title.get("text") if isinstance(title, Mapping) else title)


def _first_names(trace: Mapping[str, Any]) -> list | None:
    """Names of a map's items: the first column of customdata when it holds text, else hovertext."""
    custom = _values(trace.get("customdata"))
    if custom and isinstance(custom[0], (list, tuple)) and custom[0] and isinstance(custom[0][0], str):
        return [row[0] if isinstance(row, (list, tuple)) and row else None for row in custom]
    hover = _values(trace.get("hovertext"))
    return hover or None


def _counted(values: object) -> int:
    return sum(v is not None for v in _values(values))


def _bars(traces: list[Mapping[str, Any]], layout: Mapping[str, Any]) -> str:
    pairs: list[tuple[str, float]] = []
    for trace in traces:
        across = trace.get("orientation") == "h"
        pairs += _pairs(trace.get("y" if across else "x"), trace.get("x" if across else "y"))
    unit = _axis_title(layout, "x" if traces[0].get("orientation") == "h" else "y")
    return f"Bar chart of {len(pairs)} bars." + _extremes(pairs, unit)


def _choropleths(traces: list[Mapping[str, Any]]) -> list[str]:
    parts = []
    for trace in traces:
        colour_bar = trace.get("colorbar") or {}
        title = colour_bar.get("title")
        by = plain(title.get("text") if isinstance(title, Mapping) else title)
        parts.append(f"World map shading {len(_values(trace.get('z')))} countries" + (f" by {by}" if by else "") +
                     "." + _extremes(_pairs(trace.get("locations"), trace.get("z"), _first_names(trace))))
    return parts


def _geo_points(traces: list[Mapping[str, Any]]) -> str:
    points = sum(_counted(t.get("lat")) for t in traces if "lines" not in str(t.get("mode") or ""))
    lines = sum("lines" in str(t.get("mode") or "") for t in traces)
    return f"Map with {points} places" + (f" and {lines} line traces" if lines else "") + "."


def _scatter(traces: list[Mapping[str, Any]], layout: Mapping[str, Any]) -> str:
    # Traces that only label points drawn by other traces (no hover of their own) are not items.
    items = [t for t in traces if t.get("hoverinfo") != "skip"]
    lines = [t for t in items if str(t.get("mode") or "") == "lines"]
    points = sum(_counted(t.get("x")) for t in items if t not in lines)
    groups = [plain(t.get("name")) for t in items if t.get("showlegend") is not False and t.get("name")]
    x, y = _axis_title(layout, "x"), _axis_title(layout, "y")
    return (f"Chart of {points} points" + (f" and {len(lines)} line traces" if lines else "") +
            (f", {x}" if x else "") + (f" against {y}" if y else "") +
            (f"; groups: {', '.join(groups)}" if groups else "") + ".")


def summary(figure: go.Figure | Mapping[str, Any]) -> str:
    """The text alternative of a figure: kind, number of items, highest and lowest, source line."""
    plot = as_dict(figure)
    layout: Mapping[str, Any] = plot.get("layout") or {}
    visible = [t for t in plot.get("data") or [] if isinstance(t, Mapping)
             and t.get("visible", True) not in (False, "legendonly")]
    kinds: dict[str, list[Mapping[str, Any]]] = {}
    for trace in visible:
        kinds.setdefault(str(trace.get("type") or "scatter"), []).append(trace)
    parts: list[str] = []
    if "bar" in kinds:
        parts.append(_bars(kinds["bar"], layout))
    if "choropleth" in kinds:
        parts += _choropleths(kinds["choropleth"])
    if "scattergeo" in kinds:
        parts.append(_geo_points(kinds["scattergeo"]))
    if "scatter" in kinds:
        parts.append(_scatter(kinds["scatter"], layout))
    if not parts:  # a blank figure says in an annotation why it is blank (theme.empty_figure)
        return " ".join(plain(a.get("text")) for a in layout.get("annotations") or [] if isinstance(a, Mapping))
    parts += _source_lines(layout.get("annotations") or [])
    return " ".join(parts)


def _source_lines(annotations: Iterable[object]) -> list[str]:
    texts = (plain(a.get("text")) for a in annotations if isinstance(a, Mapping))
    return [text for text in texts if _SOURCE.match(text)]
