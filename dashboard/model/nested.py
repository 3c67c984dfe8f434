"""City clusters as open economies inside the country matrix: a nested baseline and its measures.

Each country with clusters is split into nodes (its clusters plus a *rest of country*); countries
without clusters, and the rest of the world, stay single nodes. Flows between nodes are modeled so
that, for every sector, the nodes of a country add up to the country exactly: summing node flows
over the nodes of an exporter c and an importer d gives the sourced country flow X[c, d].

The allocation, per sector s and per pair of countries (c, d), including c = d:

    node m of c sells to country d      Σ_{n∈d} X[m, n] = w_m · X[c, d]
    node n of d buys from country c     Σ_{m∈c} X[m, n] = w_n · X[c, d]

with w the node's share of its country's GDP. Inside these margins the pattern follows a gravity prior

    P[m, n] = w_m · w_n · d_mn^(−ε) · (H if m = n else 1)

fitted by biproportional scaling (RAS, one block per country pair, all blocks at once). ε is the
distance elasticity (1.0: Head & Mayer 2014's meta-analysis); H is the own-node home bias: trade
inside a region is exp(1.93) ≈ 6.9 times what size and distance predict between French regions in
1993, comparable to Wolf (2000) for US states (Combes, Lafourcade & Mayer 2005; Hillberry &
Hummels 2003 find much of it is wholesale shipments, so 6.9 is an upper value). The *international*
border effect (Anderson & van Wincoop 2003: national borders cut trade between industrialised
countries by 20–50 %) needs no parameter here: it is already in the sourced country matrix, whose
domestic sales dwarf its cross-border flows, and every node of a country inherits it, because each
node buys from each country in the same proportion as its country does.

That last property is what makes the nesting exact: every node of a country has its country's
sourcing shares, openness and deficit ratio, so a productivity change applied to all of a country's
nodes moves every node's wage by the country's wage change, and the nested scenario sums back to the
country scenario (a test checks this with `solve_scenario`). Distance decides *which* of a partner's
nodes a node trades with, not how much it trades abroad in total: no source gives exports by city
cluster, so a cluster's exports to each country are its GDP share of its country's.

Pure numpy; no data/ reading (dashboard/views/nested_clusters.py builds the inputs).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.model.gravity import (
    DEFAULT_DISTANCE_ELASTICITY,
    NEAREST_NEIGHBOUR_FACTOR,
    great_circle_km,
)

#: Own-node home bias H: intra-regional trade relative to what size and distance predict, exp(1.93) = 6.9
#: (Combes, Lafourcade & Mayer 2005, J. Int. Econ. 66(1), French regions 1993, without network controls;
#: comparable to Wolf 2000, REStat 82(4), for US states).
OWN_NODE_FACTOR = 6.9
#: RAS stops when every node's sales to, and purchases from, each country are within this fraction of the
#: country flow they share.
NEST_TOLERANCE = 1e-12
NEST_MAX_ITERATIONS = 20_000


@dataclass(frozen=True)
class NestedFlows:
    """Result of `nest_flows`. flows: (S, M, M) node flows in the unit of the country flows, exporter ×
    importer; iterations: RAS sweeps used; max_error: largest gap between a node's sales to (or purchases
    from) a country and its target, relative to the country flow."""

    flows: np.ndarray
    iterations: int
    max_error: float


def _membership(node_country: np.ndarray, n_countries: int) -> np.ndarray:
    groups = np.zeros((node_country.size, n_countries))
    groups[np.arange(node_country.size), node_country] = 1.0
    return groups


def _node_country(node_country, n_countries: int | None = None) -> np.ndarray:
    index = np.asarray(node_country)
    if index.ndim != 1 or index.size == 0 or not np.issubdtype(index.dtype, np.integer):
        raise ValueError("node_country must be a 1-D integer array: the country index of every node")
    if (index < 0).any() or (n_countries is not None and (index >= n_countries).any()):
        raise ValueError(f"node_country must index the {n_countries} countries (0 to {n_countries - 1})"
                         if n_countries is not None else "node_country must be non-negative")
    if n_countries is not None and np.bincount(index, minlength=n_countries).min() == 0:
        missing = int(np.flatnonzero(np.bincount(index, minlength=n_countries) == 0)[0])
        raise ValueError(f"country {missing} has no node")
    return index.astype(np.intp)


def node_distances(lat, lon, node_country, is_rest, internal_km) -> np.ndarray:
    """(M, M) distances in km between nodes, for the gravity prior of `nest_flows`.

    lat, lon: (M,) degrees; NaN for a node without a point (allowed only for a country's only node).
    is_rest: (M,) True for rest-of-country nodes; internal_km: (M,) their country's internal distance
    (NaN elsewhere). Rules: nodes of different countries, and two clusters of one country, are the
    great-circle distance apart; a cluster and its country's rest of country, and a rest of country and
    itself, are the country's internal distance apart (the rest of the country surrounds the cluster);
    a cluster and itself a quarter of the distance to the nearest other node of its country (Wei 1996).
    A node alone in its country gets NaN on the diagonal (its flows are fixed by the country's).
    """
    country = _node_country(node_country)
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    rest = np.asarray(is_rest, dtype=bool)
    internal = np.asarray(internal_km, dtype=float)
    m = country.size
    if not (lat.shape == lon.shape == rest.shape == internal.shape == (m,)):
        raise ValueError(f"lat, lon, is_rest and internal_km must each have one value per node ({m})")
    counts = np.bincount(country)
    single = counts[country] == 1
    located = np.isfinite(lat) & np.isfinite(lon)
    if not (located | single).all():
        raise ValueError(f"node {int(np.flatnonzero(~(located | single))[0])} has no point but shares its "
                         "country with other nodes")
    if (rest & ~(np.isfinite(internal) & (internal > 0))).any():
        raise ValueError("every rest-of-country node needs a positive internal_km")
    if (rest & single).any():
        raise ValueError("a rest-of-country node needs at least one cluster beside it in its country")
    distances = np.full((m, m), np.nan)
    where = np.flatnonzero(located)
    distances[np.ix_(where, where)] = great_circle_km(lat[where], lon[where])
    same = country[:, None] == country[None, :]
    rest_pair = same & (rest[:, None] | rest[None, :])
    internal_of_pair = np.where(rest[:, None], internal[:, None], internal[None, :])
    distances = np.where(rest_pair, internal_of_pair, distances)
    off_diagonal = np.where(same & ~np.eye(m, dtype=bool), distances, np.inf)
    nearest = off_diagonal.min(axis=1)
    own = np.where(rest, internal, np.where(np.isfinite(nearest), NEAREST_NEIGHBOUR_FACTOR * nearest, np.nan))
    np.fill_diagonal(distances, own)
    multi = ~single
    if not (distances[np.ix_(multi, multi)] > 0).all():
        raise ValueError("two nodes of countries with several nodes share a location (zero distance)")
    return distances


def _weights(node_weight, country: np.ndarray, n_sectors: int, n_countries: int) -> np.ndarray:
    weights = np.asarray(node_weight, dtype=float)
    if weights.shape == country.shape:
        weights = np.broadcast_to(weights, (n_sectors, country.size))
    if weights.shape != (n_sectors, country.size):
        raise ValueError(f"node_weight must be (M,) or (S, M) = ({n_sectors}, {country.size}), got {weights.shape}")
    if not np.isfinite(weights).all() or (weights <= 0).any():
        raise ValueError("node_weight must be positive and finite for every node")
    groups = _membership(country, n_countries)
    totals = weights @ groups
    if not np.allclose(totals, 1.0, rtol=0, atol=1e-6):
        worst = np.unravel_index(np.abs(totals - 1).argmax(), totals.shape)
        raise ValueError(f"node weights of country {worst[1]} sum to {totals[worst]:.6f}, not 1")
    return weights / totals[:, country]


def nest_flows(country_flows, node_country, node_weight, distances_km,
               own_node_factor: float = OWN_NODE_FACTOR,
               distance_elasticity: float = DEFAULT_DISTANCE_ELASTICITY,
               tol: float = NEST_TOLERANCE, max_iter: int = NEST_MAX_ITERATIONS) -> NestedFlows:
    """Split a country matrix into node flows (see the module docstring for the model).

    country_flows: (S, N, N) non-negative, exporter × importer, any unit (the result has the same unit).
    node_country: (M,) integer index of each node's country; every country has at least one node.
    node_weight: (M,) or (S, M) positive shares of the country (GDP shares), summing to 1 within each
        country (to 1e-6; renormalised exactly).
    distances_km: (M, M) from `node_distances` (NaN only where a node is alone in its country).
    own_node_factor: H ≥ 1 (default `OWN_NODE_FACTOR`); distance_elasticity: ε > 0 (default 1.0).

    Returns node flows with, for every sector, node m's sales to country d equal to w_m·X[c, d] and node
    n's purchases from country c equal to w_n·X[c, d], to `tol` relative to X[c, d]; hence the node
    flows sum over a country pair's nodes to X[c, d] and no cell is negative. Raises ValueError for
    malformed input; RuntimeError if the fit does not reach `tol` in `max_iter` sweeps.
    """
    flows = np.asarray(country_flows, dtype=float)
    if flows.ndim != 3 or flows.shape[1] != flows.shape[2]:
        raise ValueError(f"country_flows must be (S, N, N), got shape {flows.shape}")
    if not np.isfinite(flows).all() or (flows < 0).any():
        raise ValueError("country_flows must be finite and non-negative")
    n_sectors, n = flows.shape[:2]
    country = _node_country(node_country, n)
    m = country.size
    weights = _weights(node_weight, country, n_sectors, n)
    if not np.isfinite(own_node_factor) or own_node_factor < 1:
        raise ValueError(f"own_node_factor must be at least 1, got {own_node_factor}")
    if not np.isfinite(distance_elasticity) or distance_elasticity <= 0:
        raise ValueError(f"distance_elasticity must be positive, got {distance_elasticity}")
    distances = np.asarray(distances_km, dtype=float)
    if distances.shape != (m, m):
        raise ValueError(f"distances_km must be (M, M) = ({m}, {m}), got {distances.shape}")
    single = np.bincount(country, minlength=n)[country] == 1
    needed = ~(single[:, None] | single[None, :])
    if not (np.isfinite(distances[needed]) & (distances[needed] > 0)).all():
        raise ValueError("distances_km must be positive wherever both nodes share their country with other nodes")
    # A block with a single node on one side is fixed by the margins whatever the prior: kernel 1 there.
    kernel = np.where(needed, np.where(needed, distances, 1.0) ** -distance_elasticity, 1.0)
    kernel[np.diag_indices(m)] *= own_node_factor
    groups = _membership(country, n)
    # Targets: node m's sales to country d, node n's purchases from country c (S, M, N) and (S, N, M).
    row_target = weights[:, :, None] * flows[:, country, :]
    col_target = flows[:, :, country] * weights[:, None, :]
    scale_rows = np.maximum(flows[:, country, :], np.finfo(float).tiny)
    scale_cols = np.maximum(flows[:, :, country], np.finfo(float).tiny)
    nested = weights[:, :, None] * weights[:, None, :] * kernel[None, :, :]
    error, iteration = np.inf, 0
    members = groups.T
    with np.errstate(divide="ignore", invalid="ignore"):
        for iteration in range(1, max_iter + 1):
            sums = nested @ groups                                          # (S, M, N): sales to each country
            nested = nested * np.where(sums > 0, row_target / sums, 0.0)[:, :, country]
            sums = members @ nested                                         # (S, N, M): purchases from each
            nested = nested * np.where(sums > 0, col_target / sums, 0.0)[:, country, :]
            # Columns are exact after the column step; rows carry the remaining error.
            if iteration % 5 == 0 or iteration == max_iter:
                error = float((np.abs(nested @ groups - row_target) / scale_rows).max())
                if error <= tol:
                    break
    column_error = float((np.abs(members @ nested - col_target) / scale_cols).max())
    error = max(error, column_error)
    if not error <= tol:
        raise RuntimeError(f"nesting did not converge: error {error:.2e} after {iteration} sweeps")
    return NestedFlows(flows=nested, iterations=iteration, max_error=error)


def aggregate(node_flows, node_country, n_countries: int) -> np.ndarray:
    """Sum node flows (M, M) or (S, M, M) to country flows (N, N) or (S, N, N): the country matrix back."""
    country = _node_country(node_country, n_countries)
    groups = _membership(country, n_countries)
    return np.einsum("mc,...mn,nd->...cd", groups, np.asarray(node_flows, dtype=float), groups)


def node_productivity_change(node_country, n_sectors: int, country_change=None, node_change=None) -> np.ndarray:
    """Productivity ratios Â per sector and node, (S, M), for `solve_sectors` (or, summed to one sector,
    `solve_scenario`).

    country_change: None, (N,) (every sector alike) or (S, N): a country's change applied to all its nodes.
    node_change: None, (M,) or (S, M): a node's own change (a cluster adopting on its own); NaN means
        "follow the country". Where both are given, the node's own value wins.
    Ratios, 1 = unchanged; all must be positive.
    """
    country = _node_country(node_country)
    m = country.size
    result = np.ones((n_sectors, m))
    if country_change is not None:
        by_country = np.asarray(country_change, dtype=float)
        if by_country.ndim == 1:
            by_country = np.broadcast_to(by_country, (n_sectors, by_country.size))
        if by_country.ndim != 2 or by_country.shape[0] != n_sectors or by_country.shape[1] <= country.max():
            raise ValueError(f"country_change must be (N,) or (S, N) with S = {n_sectors} and every node's country")
        result = by_country[:, country].copy()
    if node_change is not None:
        own = np.asarray(node_change, dtype=float)
        if own.shape == (m,):
            own = np.broadcast_to(own, (n_sectors, m))
        if own.shape != (n_sectors, m):
            raise ValueError(f"node_change must be (M,) or (S, M) = ({n_sectors}, {m}), got {own.shape}")
        result = np.where(np.isnan(own), result, own)
    if not np.isfinite(result).all() or (result <= 0).any():
        raise ValueError("productivity changes must be positive and finite")
    return result


@dataclass(frozen=True)
class NodeTrade:
    """Where each node's sales go and its purchases come from; arrays (M,) summed over sectors, in the
    unit of the flows. For a rest-of-country node, *own_country_clusters* are its country's clusters and
    *rest_of_country* is 0 (its trade with itself is *own*).

    Sales: own (to itself), own_country_clusters (to the other clusters of its country), rest_of_country
    (to its country's rest-of-country node), international (to nodes of other countries).
    Purchases: the same four, from each side. total_sales / total_purchases: their sums.
    """

    sales_own: np.ndarray
    sales_own_country_clusters: np.ndarray
    sales_rest_of_country: np.ndarray
    sales_international: np.ndarray
    purchases_own: np.ndarray
    purchases_own_country_clusters: np.ndarray
    purchases_rest_of_country: np.ndarray
    purchases_international: np.ndarray

    @property
    def total_sales(self) -> np.ndarray:
        return self.sales_own + self.sales_own_country_clusters + self.sales_rest_of_country + \
            self.sales_international

    @property
    def total_purchases(self) -> np.ndarray:
        return self.purchases_own + self.purchases_own_country_clusters + self.purchases_rest_of_country + \
            self.purchases_international


def _masks(country: np.ndarray, rest: np.ndarray) -> dict[str, np.ndarray]:
    """(M, M) masks from node k (row) to counterpart i (column), by kind of counterpart."""
    m = country.size
    same = country[:, None] == country[None, :]
    self_ = np.eye(m, dtype=bool)
    return {
        "own": self_,
        "own_country_clusters": same & ~self_ & ~rest[None, :],
        "rest_of_country": same & ~self_ & rest[None, :],
        "international": ~same,
    }


def _summed(flows) -> np.ndarray:
    array = np.asarray(flows, dtype=float)
    if array.ndim == 3:
        array = array.sum(axis=0)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(f"flows must be (M, M) or (S, M, M), got shape {np.shape(flows)}")
    return array


def node_trade(flows, node_country, is_rest) -> NodeTrade:
    """Each node's sales and purchases by kind of counterpart (see `NodeTrade`); flows (M, M) or (S, M, M)."""
    matrix = _summed(flows)
    country = _node_country(node_country)
    rest = np.asarray(is_rest, dtype=bool)
    if country.shape != (matrix.shape[0],) or rest.shape != country.shape:
        raise ValueError("node_country and is_rest must have one value per node of the flows")
    masks = _masks(country, rest)
    sales = {k: (matrix * mask).sum(axis=1) for k, mask in masks.items()}
    purchases = {k: (matrix.T * mask).sum(axis=1) for k, mask in masks.items()}
    return NodeTrade(**{f"sales_{k}": v for k, v in sales.items()},
                     **{f"purchases_{k}": v for k, v in purchases.items()})


@dataclass(frozen=True)
class GainDecomposition:
    """How each node's sales change in a scenario, two ways that each add up to `sales_change`; arrays
    (M,), in the unit of the flows, summed over sectors.

    By buyer: to_own + to_own_country_clusters + to_rest_of_country + to_abroad = sales_change.
    By source: market_growth + from_own_country_clusters + from_rest_of_country + from_abroad =
    sales_change, where market_growth = Σ_j π_kj·ΔE_j is the gain from buyers spending more at unchanged
    shares, and from_* is the market share the node took (Δπ_kj·E'_j, every market j, itself included)
    attributed to the suppliers that lost share in that market in proportion to what they lost (or, where
    the node lost share, to the suppliers that gained it): the rest of its own country, the other clusters
    of its country, or suppliers abroad.
    """

    sales_before: np.ndarray
    sales_after: np.ndarray
    to_own: np.ndarray
    to_own_country_clusters: np.ndarray
    to_rest_of_country: np.ndarray
    to_abroad: np.ndarray
    market_growth: np.ndarray
    from_own_country_clusters: np.ndarray
    from_rest_of_country: np.ndarray
    from_abroad: np.ndarray

    @property
    def sales_change(self) -> np.ndarray:
        return self.sales_after - self.sales_before


def gain_decomposition(before, after, node_country, is_rest) -> GainDecomposition:
    """Decompose every node's change in sales between two node matrices (M, M) or (S, M, M) of the same
    economies (see `GainDecomposition`). Sectors are decomposed separately and summed."""
    x0, x1 = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    if x0.shape != x1.shape or x0.ndim not in (2, 3) or x0.shape[-1] != x0.shape[-2]:
        raise ValueError(f"before and after must be the same (M, M) or (S, M, M) shape, got {x0.shape}, {x1.shape}")
    if x0.ndim == 2:
        x0, x1 = x0[None], x1[None]
    country = _node_country(node_country)
    rest = np.asarray(is_rest, dtype=bool)
    if country.shape != (x0.shape[-1],) or rest.shape != country.shape:
        raise ValueError("node_country and is_rest must have one value per node of the flows")
    masks = _masks(country, rest)
    spend0, spend1 = x0.sum(axis=1), x1.sum(axis=1)                           # (S, M) by buyer
    with np.errstate(divide="ignore", invalid="ignore"):
        share0 = np.where(spend0[:, None, :] > 0, x0 / spend0[:, None, :], 0.0)
        share1 = np.where(spend1[:, None, :] > 0, x1 / spend1[:, None, :], 0.0)
    change = share1 - share0                                                   # Δπ (S, k, j)
    taken = change * spend1[:, None, :]                                         # Δπ_kj E'_j
    lost, gained = np.maximum(-change, 0.0), np.maximum(change, 0.0)
    lost_total, gained_total = lost.sum(axis=1), gained.sum(axis=1)            # (S, j)
    by_source = {}
    for name in ("own_country_clusters", "rest_of_country", "international"):
        mask = masks[name].astype(float)
        lost_by = np.einsum("ki,sij->skj", mask, lost)
        gained_by = np.einsum("ki,sij->skj", mask, gained)
        with np.errstate(divide="ignore", invalid="ignore"):
            part = np.where(change > 0, np.where(lost_total[:, None, :] > 0, lost_by / lost_total[:, None, :], 0.0),
                            np.where(gained_total[:, None, :] > 0, gained_by / gained_total[:, None, :], 0.0))
        by_source[name] = (taken * part).sum(axis=(0, 2))
    sales_change = x1 - x0
    by_buyer = {name: (sales_change * mask[None]).sum(axis=(0, 2)) for name, mask in masks.items()}
    growth = (share0 * (spend1 - spend0)[:, None, :]).sum(axis=(0, 2))
    return GainDecomposition(
        sales_before=x0.sum(axis=(0, 2)), sales_after=x1.sum(axis=(0, 2)),
        to_own=by_buyer["own"], to_own_country_clusters=by_buyer["own_country_clusters"],
        to_rest_of_country=by_buyer["rest_of_country"], to_abroad=by_buyer["international"],
        market_growth=growth, from_own_country_clusters=by_source["own_country_clusters"],
        from_rest_of_country=by_source["rest_of_country"], from_abroad=by_source["international"])
