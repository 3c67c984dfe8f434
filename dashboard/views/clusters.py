"""The city-cluster baseline of data/, built once per process: the modeled flows both the scenarios
page (at city-cluster level) and the networks page run on (dashboard.model.clusters builds it)."""
from __future__ import annotations

import functools

from dashboard.datasets import load
from dashboard.model import ClusterBaseline, build_cluster_baseline


@functools.cache
def _cluster_baseline() -> ClusterBaseline:
    return build_cluster_baseline(load.table("city_clusters"), load.table("indicators"))


def cluster_baseline() -> ClusterBaseline:
    """The city-cluster baseline from data/, built once per process (copy-on-write frames, so a caller
    may modify them without touching the cache)."""
    base = _cluster_baseline()
    return ClusterBaseline(base.nodes.copy(deep=False), base.flows.copy(deep=False),
                           base.excluded.copy(deep=False), base.method)
