"""Partial figure updates: the parts of a figure that one control changes, so that a callback can send
those parts (as a Dash `Patch`) instead of the whole figure.

A figure module names, per field of its page's view, the traces (by their `meta`) and the properties
of them that the field changes; everything else in the figure must be the same for every value of
that field. Its tests check this by applying the parts of the figure for one value to the figure for
another and comparing with the whole figure. A page sends parts only when the view on screen differs
from the new one in that one field (dashboard/components/updates.py): otherwise the figure on screen
may differ anywhere, so it gets the whole figure.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence

#: (trace meta, path of a property inside each trace with that meta; () is the whole trace)
Part = tuple[str, tuple[str, ...]]
#: (path inside the figure, e.g. ("data", 3, "marker", "size"), value to assign there)
Assignment = tuple[tuple, object]


def parts(figure: Mapping, changed: Sequence[Part]) -> list[Assignment] | None:
    """What to assign to the figure on screen so that it becomes `figure`, when only the properties
    in `changed` differ between them. None when `figure` has no trace with one of the metas named
    (an empty figure, say): then the whole figure has to be sent."""
    data = list(figure.get("data") or [])
    metas = {meta for meta, _ in changed}
    if not metas <= {trace.get("meta") for trace in data}:
        return None
    assignments: list[Assignment] = []
    for index, trace in enumerate(data):
        for meta, path in changed:
            if trace.get("meta") != meta:
                continue
            value = trace
            for key in path:
                value = value.get(key) if isinstance(value, Mapping) else None
            assignments.append((("data", index, *path), value))
    return assignments


def applied(figure: Mapping, assignments: Sequence[Assignment]) -> dict:
    """A copy of `figure` with the assignments made, as Dash's renderer applies a Patch's assignments
    (missing dictionaries on the way are created). For tests and for checking a patch offline."""
    result = copy.deepcopy(dict(figure))
    for path, value in assignments:
        target = result
        for key in path[:-1]:
            if isinstance(key, str) and key not in target:
                target[key] = {}
            target = target[key]
        target[path[-1]] = copy.deepcopy(value)
    return result
