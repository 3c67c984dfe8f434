"""Sending only what changed: a callback that knows which one control moved answers with the parts of
a figure that control changes (a Dash `Patch`, from dashboard.figures.partial) and leaves the outputs
it does not change alone.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import Patch, ctx
from dash.exceptions import MissingCallbackContextException


def patch(assignments: Sequence[tuple[tuple, object]]) -> Patch:
    """A Dash Patch making these assignments (dashboard.figures.partial.parts) to the figure on screen."""
    update = Patch()
    for path, value in assignments:
        target = update
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return update


def changed_controls(names: Mapping[str, str]) -> frozenset[str] | None:
    """The names of the controls whose change set off the running callback (`names`: component id ->
    name), or None when Dash gives no trigger or one not named there, or the callback is called
    directly (a script or a test): then treat everything as changed."""
    try:
        fired = {prop.rsplit(".", 1)[0] for prop in ctx.triggered_prop_ids}
    except MissingCallbackContextException:
        return None
    if not fired or not fired <= names.keys():
        return None
    return frozenset(names[component] for component in fired)
