"""Build data/content_series.csv: new trade content as published series, from the extracts in data/sources/.

    python -m dashboard.datasets.build_content          # writes data/content_series.csv
    python -m dashboard.datasets.build_content --check  # exits 1 if the file is not what the build gives

Every value is copied from a committed extract (data/sources/content_*, provenance in
data/sources/content_sources.md); the build only changes units (US dollars to USD million, exactly, in
decimal) and shape (wide to long). A year a source leaves empty gets no row: nothing is interpolated.
The one computed figure is the world's goods trade, which the copy of IMF DOTS read here does not hold
as a total: it is the sum over every DOTS reporter and is labelled `modeled` with that method.
Deterministic: same extracts, same file. Reads repository files only.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dashboard import config
from dashboard.datasets.schema import CONTENT_SERIES

SOURCES_DIR = config.DATA_DIR / "sources"
OUTPUT = config.DATA_DIR / CONTENT_SERIES.file

#: The economies extracted: the 25 the model treats individually, the world and the EU.
ECONOMIES = ("CHN", "USA", "JPN", "DEU", "KOR", "IND", "ITA", "GBR", "FRA", "RUS", "MEX", "IDN", "TUR", "ESP", "BRA",
             "CAN", "NLD", "CHE", "THA", "POL", "SGP", "VNM", "MYS", "SWE", "TWN", "WLD", "EUU")

GITHUB = "https://github.com/{repo}/blob/{commit}/{path}"


class BuildError(SystemExit):
    """Stops the build with one message naming the extract."""


@dataclass(frozen=True)
class Source:
    """Who published a series (publisher first) and where the copy read came from."""

    publisher: str
    title: str
    year: int | None
    url: str
    retrieved_from: str
    notes: str = ""


WDI_2021 = dict(repo="light-and-salt/World-Bank-Data-by-Indicators", commit="f6bc0432af81a31164cbc090d939d2114170c9dc",
                path="science-and-technology/science-and-technology-raw-2021.csv")
WDI_2026 = dict(repo="AleHerreraSoria/green-ai-analytics-platform", commit="f0c3116daa9e963835786182b1d42aa1421bafd6",
                path="data/World_Bank_Group/API_BX.GSR.CCIS.CD_DS2_en_csv_v2_920.csv")
UNCTAD = dict(repo="jeancecilia/unctad-digital-services-trade-regional-aggregates",
              commit="f457d08bee9bf23615db60b6314290d0c63a7801", path="datasets/UNCTAD_DE.csv")
OWID = dict(repo="sjaubert/Cours-IA", commit="0f03f9aeed4402078a60f4eecdde0bd5fca94083",
            path="FC/annual-industrial-robots-installed/annual-industrial-robots-installed.csv")
COMTRADE = dict(repo="shinnkikuchi/aks_robots", commit="92bf52621412345bfa02bf38ceccb774c620c55b",
                path="data/comtrade_847950.csv")
DOTS = dict(repo="SamLeBlanc/Direction-of-Trade-Map", commit="a769819d9b25a21a362d6cabfb10f150903f834d")

WB = "World Bank, World Development Indicators (compiled from IMF Balance of Payments Statistics)"
SOURCES = {
    "ip_receipts": Source(
        WB, "Charges for the use of intellectual property, receipts (BoP, current US$), BX.GSR.ROYL.CD", 2021,
        "https://data.worldbank.org/indicator/BX.GSR.ROYL.CD", GITHUB.format(**WDI_2021),
        "WDI release of 2021-09-15 (the file's Last Updated Date); BPM6 basis"),
    "ip_payments": Source(
        WB, "Charges for the use of intellectual property, payments (BoP, current US$), BM.GSR.ROYL.CD", 2021,
        "https://data.worldbank.org/indicator/BM.GSR.ROYL.CD", GITHUB.format(**WDI_2021),
        "WDI release of 2021-09-15 (the file's Last Updated Date); BPM6 basis"),
    "ict_exports": Source(
        WB, "ICT service exports (BoP, current US$), BX.GSR.CCIS.CD", 2026,
        "https://data.worldbank.org/indicator/BX.GSR.CCIS.CD", GITHUB.format(**WDI_2026),
        "WDI release of 2026-02-24 (the file's Last Updated Date); telecommunications, computer and information "
        "services; the WDI has no matching imports series"),
    "digital": Source(
        "UNCTAD, Digital Economy and Technology database (UNCTADstat), as distributed by World Bank Data360",
        "International {flow} in digitally-deliverable services ({code})", None,
        "https://unctadstat.unctad.org/",
        "https://data360.worldbank.org/ | " + GITHUB.format(**UNCTAD),
        "Source undated: Data360 export (structure WB.DATA360:DS_DATA360(1.2)) committed 2025-12-18; "
        "OBS_STATUS A (normal value)"),
    "robot_installations": Source(
        "International Federation of Robotics (IFR), World Robotics (compiled in the Stanford AI Index Report 2025)",
        "Annual industrial robots installed, top five countries and the world", 2025,
        "https://ifr.org/worldrobotics/",
        "https://ourworldindata.org/grapher/annual-industrial-robots-installed | " + GITHUB.format(**OWID),
        "Our World in Data chart data, downloaded 2025-11-27; rounded to the thousand by the compiler"),
    "robot_installations_release": Source(
        "International Federation of Robotics (IFR)",
        "World Robotics 2024 press release: Record 4 Million Robots in Factories Worldwide (24 September 2024)", 2024,
        "https://ifr.org/ifr-press-releases/",
        "{retrieved_from}",
        "IFR's own release page not read; figure as quoted by a trade-press copy of the release: \"{quote}\""),
    "robot_trade": Source(
        "United Nations, UN Comtrade Database",
        "Japan's {flow} of HS 847950 (industrial robots, n.e.c.) with the world, reported by Japan", None,
        "https://comtradeplus.un.org/", GITHUB.format(**COMTRADE),
        "Source undated: legacy Comtrade export committed 2022-10-18; HS edition {classification} of that year "
        "(the code exists from HS 1996); reporter Japan only"),
    "goods": Source(
        "International Monetary Fund (IMF), Direction of Trade Statistics (DOTS)",
        "Goods {flow} to the world, country table of the reporting economy", 2022,
        "https://data.imf.org/",
        "https://github.com/{repo}/blob/{commit}/{workbook}",
        "DOTS release of early 2022; workbook {workbook}, sheet '{sheet}', cell {cell}{flag}"),
}
WORLD_GOODS_METHOD = (
    "Sum of the goods {flow} ({valuation}) to the world of every IMF DOTS reporter with a value in the year "
    "(data/sources/content_imf_dots_goods_world_totals.csv); the IMF's own World total is not in the copy read. "
    "Build: python -m dashboard.datasets.build_content")

COLUMNS = CONTENT_SERIES.column_names


def _read(name: str) -> str:
    path = SOURCES_DIR / name
    if not path.is_file():
        raise BuildError(f"data/sources/{name}: missing; restore it from git")
    return path.read_text(encoding="utf-8")


def _number(text: str, scale: int = 0) -> str:
    """A published number as text, shifted by 10**scale exactly (decimal arithmetic, no float rounding)."""
    value = Decimal(text).scaleb(scale).normalize()
    return format(value, "f")


def _row(iso3: str, series: str, year: int, value: str, source: Source, **fill: str) -> dict[str, str]:
    return dict(
        iso3=iso3, series=series, year=str(year), value=value, unit=config.CONTENT_SERIES[series], basis="sourced",
        method="", source_publisher=source.publisher, source_title=source.title.format(**fill),
        source_year="" if source.year is None else str(source.year), source_url=source.url,
        retrieved_from=source.retrieved_from.format(**fill), notes=source.notes.format(**fill),
    )


def wdi_rows(file: str, indicators: dict[str, str]) -> list[dict[str, str]]:
    """Rows of a WDI bulk CSV (four preamble lines, then a wide table: one column per year, US dollars)."""
    lines = _read(file).split("\n")
    if not lines[4].startswith('"Country Name"'):
        raise BuildError(f"data/sources/{file}: line 5 should be the WDI header row")
    rows = []
    for record in csv.DictReader(io.StringIO("\n".join(lines[4:]))):
        series = indicators.get(record["Indicator Code"])
        if series is None or record["Country Code"] not in ECONOMIES:
            continue
        for column, text in record.items():
            if column and column.isdigit() and text:
                rows.append(_row(record["Country Code"], series, int(column), _number(text, -6), SOURCES[series]))
    return rows


def unctad_rows() -> list[dict[str, str]]:
    """UNCTAD's digitally-deliverable services trade (USD million: UNIT_MULT 6), normal values only."""
    series_of = {"UNCTAD_DE_DIG_SERVTRADE_ANN_EXP": ("digital_exports", "exports"),
                 "UNCTAD_DE_DIG_SERVTRADE_ANN_IMP": ("digital_imports", "imports")}
    rows = []
    for number, record in enumerate(csv.DictReader(io.StringIO(_read("content_unctad_digital_services.csv"))), 1):
        if (record["UNIT_MEASURE"], record["UNIT_MULT"]) != ("USD", "6"):
            raise BuildError(f"data/sources/content_unctad_digital_services.csv row {number}: expected USD millions")
        if record["OBS_STATUS"] != "A" or not record["OBS_VALUE"]:
            continue  # "O": missing value in the source
        series, flow = series_of[record["INDICATOR"]]
        rows.append(_row(record["REF_AREA"], series, int(record["TIME_PERIOD"]), _number(record["OBS_VALUE"]),
                         SOURCES["digital"], flow=flow, code=record["INDICATOR"]))
    return rows


def robot_rows() -> list[dict[str, str]]:
    """IFR installations: the compiled series (top five and the world), then single-year release figures."""
    rows = []
    for record in csv.DictReader(io.StringIO(_read("content_ifr_installations_owid.csv"))):
        iso3 = "WLD" if record["Code"] == "OWID_WRL" else record["Code"]
        rows.append(_row(iso3, "robot_installations", int(record["Year"]),
                         _number(record["Annual industrial robots installed"]), SOURCES["robot_installations"]))
    for record in csv.DictReader(io.StringIO(_read("content_ifr_press_release_2024.csv"))):
        rows.append(_row(record["iso3"], "robot_installations", int(record["year"]), _number(record["installations"]),
                         SOURCES["robot_installations_release"], retrieved_from=record["retrieved_from"],
                         quote=record["quote"]))
    return rows


def robot_trade_rows() -> list[dict[str, str]]:
    series_of = {"Export": ("robot_exports", "exports"), "Import": ("robot_imports", "imports")}
    rows = []
    for record in csv.DictReader(io.StringIO(_read("content_comtrade_847950_jpn.csv"))):
        if (record["Commodity Code"], record["Partner ISO"]) != ("847950", "WLD"):
            raise BuildError("data/sources/content_comtrade_847950_jpn.csv: expected HS 847950 with the world only")
        series, flow = series_of[record["Trade Flow"]]
        rows.append(_row(record["Reporter ISO"], series, int(record["Year"]), _number(record["Trade Value (US$)"], -6),
                         SOURCES["robot_trade"], flow=flow, classification=record["Classification"]))
    return rows


def goods_rows() -> list[dict[str, str]]:
    """IMF DOTS goods trade with the world: each extracted economy as published, the world as a sum."""
    series_of = {"exports_fob": ("goods_exports", "exports", "FOB"), "imports_cif": ("goods_imports", "imports", "CIF")}
    rows: list[dict[str, str]] = []
    totals: defaultdict[tuple, Decimal] = defaultdict(Decimal)
    reporters: defaultdict[tuple, int] = defaultdict(int)
    for record in csv.DictReader(io.StringIO(_read("content_imf_dots_goods_world_totals.csv"))):
        if record["partner"] != "WLD" or not record["value_usd_million"]:
            continue
        series = series_of[record["flow"]][0]
        year = int(record["year"])
        totals[series, year] += Decimal(record["value_usd_million"])
        reporters[series, year] += 1
        if record["reporter"] in ECONOMIES:
            flag = "; the IMF marks the value as an estimate" if record["flag"] == "e" else ""
            rows.append(_row(record["reporter"], series, year, _number(record["value_usd_million"]), SOURCES["goods"],
                             flow=series_of[record["flow"]][1], flag=flag, **DOTS,
                             **{k: record[k] for k in ("workbook", "sheet", "cell")}))
    for (series, year), total in sorted(totals.items()):
        flow, valuation = next((f, v) for s, f, v in series_of.values() if s == series)
        method = WORLD_GOODS_METHOD.format(flow=flow, valuation=valuation)
        rows.append(dict(iso3="WLD", series=series, year=str(year), value=format(total.normalize(), "f"),
                         unit=config.CONTENT_SERIES[series], basis="modeled", method=method, source_publisher="",
                         source_title="", source_year="", source_url="", retrieved_from="",
                         notes=f"{reporters[series, year]} reporters this year; their number changes (158 in 1990, "
                               "201-205 from 2000): compare years from 2000 on"))
    return rows


def build() -> str:
    """The CSV text of data/content_series.csv, rows ordered by series (config order), economy and year."""
    rows = [
        *wdi_rows("content_wdi_ip_charges.csv", {"BX.GSR.ROYL.CD": "ip_receipts", "BM.GSR.ROYL.CD": "ip_payments"}),
        *wdi_rows("content_wdi_ict_exports.csv", {"BX.GSR.CCIS.CD": "ict_exports"}),
        *unctad_rows(), *robot_rows(), *robot_trade_rows(), *goods_rows(),
    ]
    order = {s: i for i, s in enumerate(config.CONTENT_SERIES)}
    rows.sort(key=lambda r: (order[r["series"]], r["iso3"], int(r["year"])))
    seen = set()
    for row in rows:
        key = (row["iso3"], row["series"], row["year"])
        if key in seen:
            raise BuildError(f"two sources give {'/'.join(key)}; keep one in data/sources")
        seen.add(key)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None, output: Path = OUTPUT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs from the build")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            print(f"data/{output.name} is not what the build gives: run python -m dashboard.datasets.build_content")
            return 1
        print(f"data/{output.name} is up to date ({text.count(chr(10)) - 1} rows)")
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"wrote data/{output.name} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
