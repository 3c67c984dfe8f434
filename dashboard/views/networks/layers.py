"""Trade-content layers: every modeled flow times one world share from data/trade_content.csv (goods,
services, data: sourced WTO shares; technology & IP: modeled). A uniform share per layer, not per pair.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from dashboard.datasets import load

ALL = "all"  # the layer of every flow as modeled

@dataclass(frozen=True)
class Layer:
    """A trade-content layer: every flow × `share` (a fraction). basis/source describe the share."""

    key: str
    name: str
    share: float
    year: int | None = None
    definition: str = "every modeled flow as it is"
    basis: str = "modeled"
    method: str = ""
    source: str = ""
    url: str = ""


@functools.cache
def layers() -> dict[str, Layer]:
    """'all' (flows as modeled), then one layer per row of data/trade_content.csv."""
    result = {ALL: Layer(ALL, "All trade", 1.0)}
    for row in load.table("trade_content").itertuples():
        source = (f"{row.source_publisher}, {row.source_title} ({row.source_year})"
                  if pd.notna(row.source_publisher) else "")
        result[row.layer] = Layer(row.layer, row.name, float(row.share_pct) / 100.0, int(row.year), row.definition,
                                  row.basis, row.method if pd.notna(row.method) else "", source,
                                  row.source_url if pd.notna(row.source_url) else "")
    return result


def layer_note(layer: Layer) -> str:
    """One sentence on what the layer does to the numbers, and where its share comes from."""
    if layer.key == ALL:
        return "All trade: the modeled flows as they are (goods and services together)."
    basis = f"sourced: {layer.source}" if layer.basis == "sourced" else f"modeled: {layer.method}"
    return (f"{layer.name}: {layer.definition}. Every flow × {100 * layer.share:.1f} %, the layer's share of world "
            f"trade in goods and services in {layer.year} ({basis}). A uniform share per layer, not per pair: the "
            "real mix differs from one pair of clusters to the next.")
