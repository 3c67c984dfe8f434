"""Robot density (data year 2019, plus the latest IFR release) and 2019 employment in data/indicators.csv.

Every modeled economy has a 2019 density or is a stated gap; a 2019 density is the IFR's own figure or
stock / employment recomputable from the stored rows; every robot figure is cited to the IFR, with a news
page at most as where it was read; employment rows equal the committed ILOSTAT extract.
"""
from __future__ import annotations

import csv
import re
from urllib.parse import urlparse

import pandas as pd
import pytest

from dashboard import config
from dashboard.datasets import load

IFR = "International Federation of Robotics (IFR)"
ILO = "International Labour Organization (ILO)"
BASE_YEAR = 2019
# Added to economies.csv in the same round as these rows; covered here whether or not that file has them yet.
ADDED_ECONOMIES = {"SGP", "VNM", "MYS", "SWE", "TWN"}
# Published by the IFR for 2019 (press release of 27 January 2021), as stored.
IFR_2019 = {"SGP": 918, "KOR": 868, "JPN": 364, "DEU": 346}
OWN = ("robot_density", "robot_operational_stock", "mfg_employment_thousands", "total_employment_thousands")


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return load.table("indicators")


@pytest.fixture(scope="module")
def modeled_economies() -> set[str]:
    economies = load.table("economies")
    return set(economies.loc[~economies["is_aggregate"], "iso3"]) | ADDED_ECONOMIES


def _rows(indicators: pd.DataFrame, indicator: str, year: int | None = None) -> pd.DataFrame:
    rows = indicators[indicators["indicator"] == indicator]
    return rows if year is None else rows[rows["year"] == year]


def _value(indicators: pd.DataFrame, indicator: str, iso3: str, year: int = BASE_YEAR) -> float:
    row = _rows(indicators, indicator, year).set_index("iso3")
    return float(row.loc[iso3, "value"])


def _gap_line(heading: str) -> set[str]:
    """ISO codes in parentheses on the data README's Gaps line that starts with `heading`."""
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    gaps = readme.split("## Gaps", 1)[1].split("\n## ", 1)[0]
    line = next(part for part in gaps.split("\n- ") if part.startswith(heading))
    return set(re.findall(r"\(([A-Z]{3})\)", line))


def test_every_modeled_economy_has_a_2019_density_or_is_a_stated_gap(indicators, modeled_economies):
    have = set(_rows(indicators, "robot_density", BASE_YEAR)["iso3"])
    stated = _gap_line("**Robot density, 2019**")
    print("2019 density:", sorted(have & modeled_economies), "gaps:", sorted(stated))
    assert modeled_economies - have == stated
    assert not stated & have, "an economy listed as a gap has a 2019 density"


def test_the_gaps_are_named_in_the_notes_too():
    notes = (config.DATA_DIR / "notes_indicators.md").read_text(encoding="utf-8")
    for iso3 in _gap_line("**Robot density, 2019**") | _gap_line("**Employment, 2019**"):
        assert re.search(rf"\| {iso3} \|[^\n]*\bgap\b", notes), f"{iso3} is not marked as a gap in notes_indicators.md"


def test_a_2019_density_is_the_ifrs_own_or_stock_over_employment_as_stored(indicators):
    density = _rows(indicators, "robot_density", BASE_YEAR)
    assert set(density["basis"]) == {"sourced", "modeled"}
    sourced = density[density["basis"] == "sourced"]
    assert (sourced["source_publisher"] == IFR).all()
    for row in density[density["basis"] == "modeled"].itertuples():
        assert "operational stock" in row.method and "employment" in row.method
        stock = _value(indicators, "robot_operational_stock", row.iso3)
        workers = _value(indicators, "mfg_employment_thousands", row.iso3) * 1_000
        assert row.value == pytest.approx(round(stock / workers * 10_000, 1), abs=1e-9), row.iso3
        assert IFR in row.source_publisher and ILO in row.source_publisher


def test_published_2019_densities_equal_the_ifrs(indicators):
    for iso3, published in IFR_2019.items():
        assert _value(indicators, "robot_density", iso3) == published


def test_india_is_in_the_single_digits_not_the_old_assumed_151(indicators):
    assert 0 < _value(indicators, "robot_density", "IND") < 10


def test_robot_figures_are_cited_to_the_ifr_with_news_pages_only_as_where_they_were_read(indicators):
    robots = indicators[indicators["indicator"].isin(["robot_density", "robot_operational_stock"])
                        & (indicators["basis"] == "sourced")]
    assert (robots["source_publisher"] == IFR).all()
    hosts = {urlparse(url.strip()).hostname for url in robots["source_url"]}
    assert hosts == {"ifr.org"}
    for row in robots.itertuples():
        if pd.notna(row.retrieved_from):
            assert "ifr.org" not in row.retrieved_from, \
                f"{row.iso3} {row.year}: the IFR's page is the source, not a copy"


def test_each_data_year_comes_from_one_ifr_release(indicators):
    density = _rows(indicators, "robot_density")
    sourced = density[density["basis"] == "sourced"]
    releases = sourced.groupby("year")["source_title"].agg(
        lambda titles: {re.search(r"World Robotics \d{4}", t).group(0) for t in titles if "World Robotics" in t})
    for year, found in releases.items():
        assert len(found) <= 1, f"data year {year} mixes releases {found}"
    assert releases[2023] == {"World Robotics 2024"} and releases[2022] == {"World Robotics 2023"}
    assert releases[BASE_YEAR] == {"World Robotics 2020"}


def test_the_latest_release_is_used_for_every_economy_it_covers(indicators):
    density = _rows(indicators, "robot_density")
    latest = density.sort_values("year").groupby("iso3").tail(1).set_index("iso3")
    covered = set(density.loc[density["year"] == 2023, "iso3"])
    assert {"KOR", "SGP", "CHN", "DEU", "JPN", "USA"} <= covered
    assert (latest.loc[sorted(covered), "year"] == 2023).all()


def test_employment_2019_for_every_economy_but_the_stated_gaps(indicators, modeled_economies):
    stated = _gap_line("**Employment, 2019**")
    for indicator in ("mfg_employment_thousands", "total_employment_thousands"):
        have = set(_rows(indicators, indicator, BASE_YEAR)["iso3"])
        assert modeled_economies - have == stated, indicator
    manufacturing = _rows(indicators, "mfg_employment_thousands", BASE_YEAR).set_index("iso3")["value"]
    total = _rows(indicators, "total_employment_thousands", BASE_YEAR).set_index("iso3")["value"]
    share = (manufacturing / total).sort_values()
    print("manufacturing share of employment, 2019:", share.round(3).to_dict())
    assert share.between(0.05, 0.30).all()


def test_employment_rows_equal_the_committed_ilostat_extract(indicators):
    path = config.DATA_DIR / "sources" / "employment_ilo_modelled_2019.csv"
    with path.open(encoding="utf-8") as handle:
        extract = list(csv.DictReader(handle))
    indicator_of = {"eco_aggregate_man": "mfg_employment_thousands",
                    "eco_aggregate_total": "total_employment_thousands"}
    assert len(extract) == len(_rows(indicators, "mfg_employment_thousands")) * 2
    for line in extract:
        assert line["sex"] == "sex_t" and int(line["time"]) == BASE_YEAR
        stored = _value(indicators, indicator_of[line["classif1"]], line["iso3"])
        assert stored == float(line["value_thousands"]), line
        row = _rows(indicators, indicator_of[line["classif1"]], BASE_YEAR).set_index("iso3").loc[line["iso3"]]
        assert line["commit"] in row["retrieved_from"] and row["source_publisher"] == ILO


def test_ifr_rows_equal_the_committed_extract(indicators):
    path = config.DATA_DIR / "sources" / "robots_ifr_figures.csv"
    with path.open(encoding="utf-8") as handle:
        extract = list(csv.DictReader(handle))
    robots = indicators[indicators["indicator"].isin(["robot_density", "robot_operational_stock"])
                        & (indicators["basis"] == "sourced")]
    assert len(extract) == len(robots)
    stored = robots.set_index(["iso3", "indicator", "year"])["value"]
    for line in extract:
        assert stored.loc[(line["iso3"], line["measure"], int(line["data_year"]))] == float(line["value"])


def test_units_are_the_ones_config_names(indicators):
    for indicator in OWN:
        assert set(_rows(indicators, indicator)["unit"]) == {config.INDICATORS[indicator]}
