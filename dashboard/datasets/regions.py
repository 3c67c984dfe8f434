"""Region of an economy, from a maintained classification rather than a list of our own.

country_converter (Stadler 2017, Journal of Open Source Software 2(16), 332;
https://github.com/IndEcol/country_converter) ships a table of every country with its UN M49
continent (column ``Continent_7``). We read that table directly: the package's converter class
does not yet work with pandas 3, but its data file is plain tab-separated text.
"""
from __future__ import annotations

import csv
import functools
from importlib import resources

from dashboard import config

SOURCE = ("country_converter (Stadler 2017, JOSS 2(16) 332), column Continent_7 (UN M49 continents), "
          "https://github.com/IndEcol/country_converter")
_AGGREGATE_REGIONS = {"EUU": "Europe", "WLD": "Rest of world", "ROW": "Rest of world"}


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files("country_converter").joinpath("country_data.tsv").read_text(encoding="utf-8")
    return tuple(row for row in csv.DictReader(text.splitlines(), delimiter="\t") if row.get("ISO3"))


@functools.cache
def _continents() -> dict[str, str]:
    return {row["ISO3"]: row["Continent_7"] for row in _rows() if row.get("Continent_7")}


@functools.cache
def eu_members() -> frozenset[str]:
    """ISO alpha-3 codes of the 27 EU member states (country_converter, column EU27)."""
    return frozenset(row["ISO3"] for row in _rows() if row.get("EU27") == "EU27")


@functools.cache
def _short_names() -> dict[str, str]:
    return {row["ISO3"]: row["name_short"] for row in _rows() if row.get("name_short")}


def short_name(iso3: str) -> str:
    """A country's short English name (country_converter, column name_short), or the code itself
    for a code it does not know: for labels of economies that data/economies.csv does not name."""
    return _short_names().get(iso3, iso3)


def region_of(iso3: str) -> str:
    """The region (one of config.REGIONS) of an ISO alpha-3 code or aggregate code."""
    if iso3 in _AGGREGATE_REGIONS:
        return _AGGREGATE_REGIONS[iso3]
    region = _continents().get(iso3, "Rest of world")
    return region if region in config.REGIONS else "Rest of world"
