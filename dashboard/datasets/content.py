"""The new-trade-content series and the digital-trade rules: what each series is, and the validated tables.

The figures live in data/content_series.csv (built by `build_content.py` from data/sources/content_*) and
data/digital_agreements.csv (written by hand, one sourced row per economy and agreement); both are
validated at start-up by `load.py` like every other file. This module adds what the files do not say
about themselves: a label, a content type and a direction of trade for each series id.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import config
from dashboard.datasets import load

#: Content types in the order the page and its legends list them; goods is the yardstick.
CONTENT_TYPES = {
    "goods": "Goods",
    "technology": "Technology (intellectual property)",
    "data": "Data and digital services",
    "robots": "Manufacturing systems (industrial robots)",
}
#: Directions of trade a view can compare (robot installations belong to neither and show with both).
FLOWS = {"exports": "exports (receipts)", "imports": "imports (payments)"}


@dataclass(frozen=True)
class Series:
    """One content series: `flow` is "exports", "imports" or None (installations are not trade);
    `source` is the publisher as a chart's source line names it."""

    id: str
    label: str
    short: str
    content: str
    flow: str | None
    code: str
    source: str

    @property
    def unit(self) -> str:
        return config.CONTENT_SERIES[self.id]


SERIES: dict[str, Series] = {s.id: s for s in (
    Series("goods_exports", "Goods exports (FOB)", "Goods exports", "goods", "exports", "goods with the world",
           "IMF Direction of Trade Statistics"),
    Series("goods_imports", "Goods imports (CIF)", "Goods imports", "goods", "imports", "goods with the world",
           "IMF Direction of Trade Statistics"),
    Series("ip_receipts", "Charges for the use of intellectual property, receipts", "IP receipts", "technology",
           "exports", "BX.GSR.ROYL.CD", "World Bank WDI"),
    Series("ip_payments", "Charges for the use of intellectual property, payments", "IP payments", "technology",
           "imports", "BM.GSR.ROYL.CD", "World Bank WDI"),
    Series("ict_exports", "ICT services exports", "ICT services exports", "data", "exports", "BX.GSR.CCIS.CD",
           "World Bank WDI"),
    Series("digital_exports", "Digitally deliverable services exports", "Digital services exports", "data",
           "exports", "UNCTAD_DE_DIG_SERVTRADE_ANN_EXP", "UNCTAD"),
    Series("digital_imports", "Digitally deliverable services imports", "Digital services imports", "data",
           "imports", "UNCTAD_DE_DIG_SERVTRADE_ANN_IMP", "UNCTAD"),
    Series("robot_installations", "Industrial robots installed", "Robot installations", "robots", None,
           "World Robotics", "IFR"),
    Series("robot_exports", "Industrial robot exports (HS 847950)", "Robot exports", "robots", "exports",
           "HS 847950", "UN Comtrade"),
    Series("robot_imports", "Industrial robot imports (HS 847950)", "Robot imports", "robots", "imports",
           "HS 847950", "UN Comtrade"),
)}

#: Series of one direction of trade (installations, not being trade, go with both), in SERIES order.
FLOW_SERIES = {flow: tuple(s.id for s in SERIES.values() if s.flow in (flow, None)) for flow in FLOWS}
#: The goods series each direction of trade is set against.
GOODS_OF_FLOW = {"exports": "goods_exports", "imports": "goods_imports"}


def content_series() -> pd.DataFrame:
    """data/content_series.csv, validated: iso3, series, year, value (in `unit`), unit and sources."""
    return load.table("content_series")


def digital_agreements() -> pd.DataFrame:
    """data/digital_agreements.csv, validated: one sourced row per economy and agreement."""
    return load.table("digital_agreements")
