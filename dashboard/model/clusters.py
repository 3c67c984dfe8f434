"""A modeled baseline of trade between city clusters, so the same solver runs on clusters.

No public source gives trade between city clusters, so every flow here is *modeled*:

1. GDP per cluster (USD billion, nominal): the published US-dollar figure where the source itself
   printed one on a nominal basis (`city_clusters.csv` `gdp_usd_bn`, sourced); otherwise
   population × the country's GDP per capita (World Bank WDI, `indicators.csv`), labelled modeled.
   Metropolitan areas are usually richer than their country, so the fill tends to understate.
   Years differ per cluster (2019–2024); both are stated per node.
2. A gravity prior GDP_i · GDP_j / d_ij (distance elasticity 1, Head & Mayer 2014) on great-circle
   distances between the clusters' representative cities; the diagonal (trade within a cluster)
   uses a quarter of the distance to the nearest other cluster (Wei 1996).
3. RAS scaling so each cluster's sales and purchases both equal its GDP (balanced trade).

Left out, with the reason: clusters without population and GDP (no way to size them), and
clusters that contain another listed cluster (`CLUSTER_OVERLAPS`), which would count the
same economy twice.

Pure functions take frames (`build_cluster_baseline` from the city_clusters and indicators tables);
reading data/ is dashboard/views/clusters.py's job.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.model.gravity import DEFAULT_DISTANCE_ELASTICITY, gravity_matrix, ras_fit

#: (containing cluster, contained cluster, why): the container is left out of the network so the
#: contained economy is not counted twice. Read from the `geography` column of city_clusters.csv.
CLUSTER_OVERLAPS: tuple[tuple[str, str, str], ...] = (
    ("northeast-megalopolis", "new-york", "the Boston–Washington corridor includes the New York MSA"),
)

GDP_FILL_METHOD = ("population_m × national GDP per capita (World Bank WDI {year}: GDP / population, "
                   "indicators.csv); metropolitan areas are usually richer than their country, "
                   "so this tends to understate")
FLOW_METHOD = ("Gravity GDP_i*GDP_j*d_ij^-{eps:g} between representative cities (great-circle km; diagonal: "
               "a quarter of the distance to the nearest other cluster, Wei 1996), RAS-scaled so each cluster's "
               "sales and purchases equal its GDP. No observed flows.")


@dataclass(frozen=True)
class ClusterBaseline:
    """nodes: one row per cluster in the network; flows: N×N USD billion (exporter × importer,
    labelled by cluster_id); excluded: clusters left out and why; method: how flows were made."""

    nodes: pd.DataFrame
    flows: pd.DataFrame
    excluded: pd.DataFrame
    method: str


def national_gdp_per_capita(indicators: pd.DataFrame, year: int) -> pd.Series:
    """USD per person by ISO3 for `year` (WDI GDP in USD billion / population in millions × 1,000)."""
    wanted = indicators[(indicators["year"] == year) & indicators["indicator"].isin(["gdp_usd_bn", "population_m"])]
    wide = wanted.pivot(index="iso3", columns="indicator", values="value").dropna()
    return (wide["gdp_usd_bn"] / wide["population_m"] * 1000.0).astype(float)


def cluster_gdp(clusters: pd.DataFrame, gdp_per_capita: pd.Series, year: int,
                overlaps: tuple[tuple[str, str, str], ...] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, excluded): each cluster's GDP in USD billion with its basis, or the reason it is left out."""
    containers = {outer: f"contains {inner} ({why})" for outer, inner, why in overlaps}
    nodes, excluded = [], []
    for row in clusters.itertuples(index=False):
        base = dict(cluster_id=row.cluster_id, name=row.name, iso3=row.iso3, lat=float(row.lat), lon=float(row.lon),
                    population_m=row.population_m)
        if row.cluster_id in containers:
            excluded.append(dict(cluster_id=row.cluster_id, name=row.name, reason=containers[row.cluster_id]))
        elif pd.notna(row.gdp_usd_bn) and row.gdp_basis == "nominal":
            nodes.append(base | dict(gdp_usd_bn=float(row.gdp_usd_bn), gdp_year=row.gdp_year, gdp_basis="sourced",
                                     gdp_method="", gdp_source=row.source_url))
        elif pd.notna(row.population_m) and row.iso3 in gdp_per_capita.index:
            nodes.append(base | dict(gdp_usd_bn=float(row.population_m) * gdp_per_capita[row.iso3] / 1000.0,
                                     gdp_year=year, gdp_basis="modeled",
                                     gdp_method=GDP_FILL_METHOD.format(year=year), gdp_source=""))
        else:
            why = ("no population published" if pd.isna(row.population_m)
                   else f"no WDI GDP per capita for {row.iso3} in data/")
            excluded.append(dict(cluster_id=row.cluster_id, name=row.name,
                                 reason=f"no nominal US-dollar GDP, and {why}"))
    node_frame = pd.DataFrame(nodes)
    node_frame["gdp_year"] = node_frame["gdp_year"].astype("Int64")
    return node_frame, pd.DataFrame(excluded, columns=["cluster_id", "name", "reason"])


def cluster_flows(nodes: pd.DataFrame, distance_elasticity: float = DEFAULT_DISTANCE_ELASTICITY) -> pd.DataFrame:
    """Modeled N×N flows (USD billion) between the clusters in `nodes`; rows and columns sum to GDP."""
    gdp = nodes["gdp_usd_bn"].to_numpy(dtype=float)
    prior = gravity_matrix(gdp, nodes["lat"], nodes["lon"], distance_elasticity=distance_elasticity)
    fit = ras_fit(prior, gdp, gdp, tol=1e-12)
    if not fit.converged:
        raise ValueError(f"the cluster gravity matrix did not fit its GDP totals (error {fit.max_error:.2g})")
    labels = pd.Index(nodes["cluster_id"], name="exporter")
    return pd.DataFrame(fit.matrix, index=labels, columns=labels.rename("importer"))


def gdp_year(indicators: pd.DataFrame) -> int:
    """The latest year with GDP in the indicators table: the year of the national GDP per capita that
    fills a cluster's missing GDP."""
    return int(indicators.loc[indicators["indicator"] == "gdp_usd_bn", "year"].max())


def build_cluster_baseline(clusters: pd.DataFrame, indicators: pd.DataFrame,
                           overlaps: tuple[tuple[str, str, str], ...] = CLUSTER_OVERLAPS) -> ClusterBaseline:
    """The modeled city-cluster baseline from the city_clusters and indicators tables (as validated by
    dashboard.datasets): nodes with their GDP, gravity flows in USD billion, the clusters left out."""
    year = gdp_year(indicators)
    nodes, excluded = cluster_gdp(clusters, national_gdp_per_capita(indicators, year), year, overlaps)
    return ClusterBaseline(nodes, cluster_flows(nodes), excluded, FLOW_METHOD.format(eps=DEFAULT_DISTANCE_ELASTICITY))
