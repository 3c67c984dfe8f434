"""HTML attributes whose names Python keywords cannot spell (aria-*, data-*), for Dash's html components."""
from __future__ import annotations

from typing import Any


def aria(**values: object) -> dict[str, Any]:
    """aria-* attributes: aria(live="polite") -> {"aria-live": "polite"}."""
    return {f"aria-{name}": value for name, value in values.items()}


def data(**values: object) -> dict[str, Any]:
    """data-* attributes: data(full_screen="toggle") -> {"data-full-screen": "toggle"}."""
    return {f"data-{name.replace('_', '-')}": value for name, value in values.items()}
