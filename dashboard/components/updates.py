"""Sending only what changed. A page keeps, in a store written by the same answer as its charts, the
query of the view they show; from it and the view asked for, it knows which fields changed on
screen, whatever the requests in between (Dash drops the answer to a request that a newer one of the
same callback overtakes, and a failed request changes nothing). When one field changed that a figure
module names in its `PARTIAL` (dashboard.figures.partial), the figure goes as a `Patch` of those parts.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import Patch

from dashboard.figures import partial


def patch(assignments: Sequence[tuple[tuple, object]]) -> Patch:
    """A Dash Patch making these assignments (dashboard.figures.partial.parts) to the figure on screen."""
    update = Patch()
    for path, value in assignments:
        target = update
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return update


def figure_or_patch(figure, changed: frozenset[str] | None, parts: Mapping[str, Sequence[partial.Part]]):
    """`figure` (a dict or a plotly Figure) as it should be sent: a Patch of the parts that the one
    changed field alters when `parts` names that field, else the whole figure."""
    if changed is None or len(changed) != 1 or not changed <= parts.keys():
        return figure
    plain = figure if isinstance(figure, Mapping) else figure.to_plotly_json()
    assignments = partial.parts(plain, parts[next(iter(changed))])
    return figure if assignments is None else patch(assignments)
