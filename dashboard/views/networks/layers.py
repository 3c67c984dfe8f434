"""Trade-content layers: what the links carry.

- all trade, goods, services: the nested baseline's node flows (all trade = goods + services), modeled
  splits of the sourced 2019 country matrix;
- technology and data: each exporting economy's own sourced mix (dashboard.views.content.economy_mix):
  its charges for the use of intellectual property received (technology; World Bank WDI
  BX.GSR.ROYL.CD) or its digitally deliverable services exports (data; UNCTAD), each over its goods
  exports (IMF DOTS), in the latest year up to the baseline's (2019) with both series. A link's value
  from node m to node n of another country is that ratio × the goods flow m → n: the ratio is sourced,
  the bilateral split modeled. The series are cross-border receipts, so domestic links carry no
  technology or data value; an economy without the series carries none either (no average fills it).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.datasets.content import SERIES, content_series
from dashboard.views.content import MIX_SERIES, economy_mix
from dashboard.views.networks.city_network import ROW, Network

ALL = "all"  # the layer of every flow as modeled (goods + services)
CONTENT_PAGE = "/content"


@dataclass(frozen=True)
class Layer:
    """A content layer. sector: the nested baseline's sector it is (None: both summed); series: the
    content series whose ratio to goods exports scales each exporter's goods flows (None: a sector)."""

    key: str
    name: str
    definition: str
    sector: str | None = None
    series: str | None = None

    @property
    def content(self) -> bool:
        """True for a layer made from an economy's sourced mix (technology, data)."""
        return self.series is not None

    @property
    def basis(self) -> str:
        return ("modeled bilateral split of sourced national ratios" if self.content
                else "modeled node flows held to the sourced country matrix")


@functools.cache
def layers() -> dict[str, Layer]:
    """The layers the page offers, in the order of its dropdown."""
    return {layer.key: layer for layer in (
        Layer(ALL, "All trade", "goods and services together"),
        Layer("goods", "Goods", "merchandise trade", sector="goods"),
        Layer("services", "Services", "commercial services trade", sector="services"),
        Layer("technology", "Technology (IP charges)",
              "charges for the use of intellectual property: patents, trademarks, copyrights, software and designs "
              "licensed across borders", series=MIX_SERIES["technology"]),
        Layer("data", "Data (digitally deliverable services)",
              "services that can be delivered over computer networks", series=MIX_SERIES["data"]),
    )}


@functools.cache
def mix(year: int) -> pd.DataFrame:
    """economy_mix of the content series up to `year` (the baseline's): per economy and content layer, the
    latest year with both series, the ratio (layer / goods exports) and its basis and source."""
    series = content_series()
    return economy_mix(series[series["year"] <= year])


@dataclass(frozen=True, eq=False)
class LayerFlows:
    """A layer's node flows (M, M) in USD billion, NaN where the layer has no value (domestic links and
    exporters without the series, for technology and data). ratios: per economy code, for content
    layers: ratio, year, basis, source (empty for sector layers). missing: names of drawn economies
    without the series (sorted)."""

    layer: Layer
    flows: np.ndarray
    ratios: pd.DataFrame
    missing: tuple[str, ...]

    def ratio_of(self, iso3: str) -> float:
        """The economy's ratio (NaN when it has none or the layer is not a content layer)."""
        return float(self.ratios["ratio"].get(iso3, np.nan)) if len(self.ratios) else np.nan


@functools.lru_cache(maxsize=32)
def layer_flows(net: Network, key: str) -> LayerFlows:
    """The node flows of layer `key` on network `net` (see LayerFlows), computed once per process."""
    layer = layers()[key]
    empty = pd.DataFrame(columns=["ratio", "year", "basis", "source"])
    if not layer.content:
        flows = net.flows if layer.sector is None else net.sector_flows[net.sectors.index(layer.sector)]
        return LayerFlows(layer, flows, empty, ())
    table = mix(net.year)
    ratios = table[table["series"] == layer.series].set_index("iso3")[["ratio", "year", "basis", "source"]]
    iso = net.nodes["iso3"].to_numpy()
    ratio = np.array([ratios["ratio"].get(code, np.nan) for code in iso], dtype=float)
    goods = net.sector_flows[net.sectors.index("goods")]
    international = iso[:, None] != iso[None, :]
    flows = np.where(international, ratio[:, None] * goods, np.nan)
    flows.setflags(write=False)
    drawn = net.nodes.loc[net.placed & (net.nodes["iso3"] != ROW)]
    missing = tuple(sorted(set(drawn.loc[~drawn["iso3"].isin(ratios.index), "country"])))
    return LayerFlows(layer, flows, ratios, missing)


def series_label(layer: Layer) -> str:
    """The content series behind a layer, as its publisher names it ("" for a sector layer)."""
    return "" if layer.series is None else f"{SERIES[layer.series].label} ({SERIES[layer.series].source})"


def layer_note(values: LayerFlows) -> str:
    """What the layer is and what in it is sourced and what modeled; the page adds the content page's link."""
    layer = values.layer
    if layer.series is None:
        what = "goods and services" if layer.sector is None else layer.name.lower()
        return (f"{layer.name}: the nested baseline's node flows of {what} (modeled: each country's sourced 2019 "
                "flows split among its city clusters and rest of country by GDP share and distance).")
    years = sorted(set(values.ratios["year"].astype(int)))
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    missing = (f" No value for {', '.join(values.missing)}: no {SERIES[layer.series].short} in the data "
               "(not filled from an average)." if values.missing else "")
    return (f"{layer.name}: each exporting economy's own ratio of {series_label(layer)} to its goods exports (IMF "
            f"DOTS), sourced, latest year up to the baseline's with both ({span}), times the modeled goods flow of "
            f"the link: the ratio is sourced, the split by link modeled. International links only (the series "
            f"are cross-border receipts).{missing}")
