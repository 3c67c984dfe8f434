"""New trade content: the series are what the build gives, carry their sources, and match the publishers'
figures; the rules table is dated, sourced and says what an adequacy decision is."""
from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from dashboard import config
from dashboard.datasets import build_content, load
from dashboard.datasets.content import SERIES
from dashboard.datasets.load import DataError, is_date
from dashboard.datasets.schema import CONTENT_SERIES, DIGITAL_AGREEMENTS, TABLES


@pytest.fixture(scope="module")
def series() -> pd.DataFrame:
    return load.table("content_series")


@pytest.fixture(scope="module")
def agreements() -> pd.DataFrame:
    return load.table("digital_agreements")


def value(frame: pd.DataFrame, iso3: str, series_id: str, year: int) -> float:
    row = frame[(frame["iso3"] == iso3) & (frame["series"] == series_id) & (frame["year"] == year)]
    assert len(row) == 1, f"no single row for {iso3}/{series_id}/{year}"
    return float(row["value"].iloc[0])


def test_both_files_are_validated_at_start_up_like_every_other_file():
    assert CONTENT_SERIES in TABLES and DIGITAL_AGREEMENTS in TABLES
    tables = load.load_tables()
    assert len(tables["content_series"]) > 5000 and len(tables["digital_agreements"]) > 40


def test_the_committed_series_are_what_the_build_gives(capsys):
    built = build_content.build()
    assert (config.DATA_DIR / "content_series.csv").read_text(encoding="utf-8") == built
    assert build_content.build() == built  # deterministic
    assert build_content.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_fails_when_the_file_drifts(tmp_path, capsys):
    stale = tmp_path / "content_series.csv"
    stale.write_text(build_content.build().replace("680457", "680458"), encoding="utf-8")
    assert build_content.main(["--check"], output=stale) == 1
    assert "not what the build gives" in capsys.readouterr().out


# Published figures, read in the sources named in data/sources/content_sources.md, and where they stand.
@pytest.mark.parametrize("iso3, series_id, year, published, where", [
    # World Bank WDI BX.GSR.ROYL.CD, USA 2019: 117,401,000,000 current US$ (release 2021-09-15)
    ("USA", "ip_receipts", 2019, 117_401.0, "WDI, USD million"),
    # UNCTAD digitally-deliverable services exports, China 2023: 216,265 USD million
    ("CHN", "digital_exports", 2023, 216_265.0, "UNCTAD, USD million"),
    # IMF DOTS, China's goods exports to the world 2019: 2,498,548.63292 USD million (about 2,498.5 bn)
    ("CHN", "goods_exports", 2019, 2_498_548.63292, "IMF DOTS, USD million"),
    # WDI BX.GSR.CCIS.CD, India 2024: 177,745,449,130.557 current US$ (release 2026-02-24)
    ("IND", "ict_exports", 2024, 177_745.449130557, "WDI, USD million"),
    # IFR release 24 September 2024: Italy installed 10,412 units in 2023
    ("ITA", "robot_installations", 2023, 10_412.0, "IFR, units"),
])
def test_stored_values_are_the_published_figures(series, iso3, series_id, year, published, where):
    assert value(series, iso3, series_id, year) == pytest.approx(published, rel=1e-12), where


# The IFR's 2024 release gives exact figures; the compiled series (AI Index / Our World in Data) rounds
# them to the thousand. They must agree, or one of the two copies is wrong.
@pytest.mark.parametrize("iso3, year, exact", [
    ("WLD", 2023, 541_302), ("WLD", 2022, 552_946), ("CHN", 2023, 276_288), ("CHN", 2022, 290_144),
    ("JPN", 2023, 46_106), ("JPN", 2022, 50_435), ("JPN", 2018, 55_240), ("USA", 2023, 37_587),
    ("KOR", 2023, 31_444), ("DEU", 2023, 28_355),
])
def test_compiled_robot_installations_are_the_ifr_release_rounded(series, iso3, year, exact):
    assert value(series, iso3, "robot_installations", year) == round(exact, -3)


def test_units_are_fixed_per_series_and_money_is_current_usd_million(series):
    assert set(SERIES) == set(config.CONTENT_SERIES)
    for series_id, unit in config.CONTENT_SERIES.items():
        assert set(series.loc[series["series"] == series_id, "unit"]) <= {unit}
    assert config.CONTENT_SERIES["ip_receipts"] == "USD million, current"


def test_every_row_names_publisher_and_copy_and_only_the_world_goods_sum_is_modeled(series):
    modeled = series[series["basis"] == "modeled"]
    assert set(modeled["iso3"]) == {"WLD"} and set(modeled["series"]) == {"goods_exports", "goods_imports"}
    assert modeled["method"].str.contains("Sum of the goods").all()
    sourced = series[series["basis"] == "sourced"]
    assert sourced["source_publisher"].notna().all() and sourced["source_url"].notna().all()
    # The publisher is never the mirror: every copy read is in retrieved_from, and repository files
    # are named at a commit.
    assert not sourced["source_url"].str.contains("github.com").any()
    github = sourced["retrieved_from"].str.extract(r"(https://github\.com/\S+)")[0].dropna()
    assert len(github) > 0 and github.str.contains(r"/blob/[0-9a-f]{40}/").all()


def test_nothing_is_filled_a_year_the_source_leaves_empty_has_no_row(series):
    # UNCTAD marks these as missing values (OBS_STATUS O): no row, rather than a guess.
    for iso3, series_id, year in [("THA", "digital_exports", 2019), ("VNM", "digital_imports", 2017),
                                  ("MEX", "digital_exports", 2023), ("ESP", "digital_exports", 2010)]:
        assert series[(series["iso3"] == iso3) & (series["series"] == series_id) & (series["year"] == year)].empty
    # Viet Nam's IP charges are empty in the WDI, and Taiwan is in neither the WDI nor DOTS.
    assert series[(series["iso3"] == "VNM") & series["series"].str.startswith("ip_")].empty
    assert set(series.loc[series["iso3"] == "TWN", "series"]) == {"digital_exports", "digital_imports"}


def test_the_wdi_extract_holds_every_year_the_build_keeps():
    """Each WDI row in the output comes from a non-empty cell of the extract (and every such cell is kept)."""
    lines = (config.DATA_DIR / "sources" / "content_wdi_ip_charges.csv").read_text(encoding="utf-8").split("\n")
    cells = {(r["Country Code"], int(y)) for r in csv.DictReader(io.StringIO("\n".join(lines[4:])))
             if r["Indicator Code"] == "BX.GSR.ROYL.CD" for y, v in r.items() if y and y.isdigit() and v}
    built = pd.read_csv(io.StringIO(build_content.build()))
    kept = built[built["series"] == "ip_receipts"]
    assert set(zip(kept["iso3"], kept["year"])) == cells


@pytest.mark.parametrize("text, ok", [
    ("2019-01-25", True), ("2022-05", True), ("2000", True), ("2019-02-30", False), ("2019-1-5", False),
    ("25 January 2019", False), ("2019-13", False), ("", False),
])
def test_dates_are_written_at_the_precision_the_source_gives(text, ok):
    assert is_date(text) is ok


def test_a_malformed_agreement_date_names_file_row_and_column(data_copy):
    path = data_copy / "digital_agreements.csv"
    text = path.read_text(encoding="utf-8").replace("2019-01-25", "25/01/2019", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        load.read_table("digital_agreements", data_copy)
    assert "data/digital_agreements.csv" in str(error.value) and "column 'date_signed'" in str(error.value)
    assert "'25/01/2019' is not a date" in str(error.value)


def test_entry_into_force_never_precedes_signature(data_copy):
    path = data_copy / "digital_agreements.csv"
    text = path.read_text(encoding="utf-8").replace("2018-03-08,2018-12-30", "2018-03-08,2017-12-30", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="date_in_force 2017-12-30 is before date_signed 2018-03-08"):
        load.read_table("digital_agreements", data_copy)


def test_adequacy_decisions_are_one_sided_decisions_never_joined(agreements):
    adequacy = agreements[agreements["agreement_type"] == "adequacy-decision"]
    assert set(adequacy["iso3"]) >= {"JPN", "KOR", "GBR", "USA", "CHE", "CAN"}
    assert (adequacy["role"] == "adequacy-decision").all()
    assert adequacy["counterpart"].str.contains("one-sided").all()
    assert not (agreements[agreements["role"] == "adequacy-decision"]["agreement_type"] != "adequacy-decision").any()
    japan = adequacy.set_index("iso3").loc["JPN"]
    assert japan["date_in_force"] == "2019-01-23"


def test_eu_members_take_part_in_the_wto_initiative_through_the_eu(agreements):
    from dashboard.datasets.regions import eu_members

    jsi = agreements[agreements["agreement_id"] == "wto-jsi-ecommerce"]
    assert "EUU" in set(jsi["iso3"]) and not set(jsi["iso3"]) & eu_members()
    assert (jsi["date_signed"] == "2019-01-25").all()
    assert "IND" not in set(jsi["iso3"])  # India did not join the initiative


def test_depa_dates_are_the_depositarys(agreements):
    depa = agreements[agreements["agreement_id"] == "depa"].set_index("iso3")
    assert depa.loc["SGP", ["date_signed", "date_in_force"]].tolist() == ["2020-06-12", "2021-01-07"]
    assert "mfat.govt.nz" in depa.loc["SGP", "source_url"]
    assert depa.loc["CHN", "role"] == "accession-applicant" and pd.isna(depa.loc["CHN", "date_in_force"])


def test_every_modeled_agreement_row_is_dated_or_says_why_not(agreements):
    undated = agreements[agreements["date_signed"].isna() & agreements["date_in_force"].isna()]
    assert undated["notes"].str.contains("not found in a source read").all()


def test_the_schema_table_lists_the_new_files():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "`content_series.csv`" in readme and "`digital_agreements.csv`" in readme


def test_a_missing_extract_stops_the_build_with_its_name(tmp_path, monkeypatch):
    sources = tmp_path / "sources"
    shutil.copytree(config.DATA_DIR / "sources", sources)
    (sources / "content_wdi_ict_exports.csv").unlink()
    monkeypatch.setattr(build_content, "SOURCES_DIR", sources)
    with pytest.raises(build_content.BuildError, match=r"content_wdi_ict_exports\.csv: missing"):
        build_content.build()
