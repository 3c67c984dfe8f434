"""The city-cluster baseline: GDP per cluster (sourced or filled), gravity flows, built once."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.model import solve_scenario
from dashboard.model.clusters import cluster_flows, cluster_gdp
from dashboard.views.clusters import _cluster_baseline, cluster_baseline  # reading data/ is the views' job

PER_CAPITA = pd.Series({"AAA": 50_000.0, "BBB": 10_000.0})


def _clusters(**overrides) -> pd.DataFrame:
    rows = [
        dict(cluster_id="a", name="A", iso3="AAA", lat=0.0, lon=0.0, population_m=2.0, gdp_usd_bn=300.0,
             gdp_basis="nominal", gdp_year=2021, source_url="https://example.org/a"),
        dict(cluster_id="b", name="B", iso3="BBB", lat=10.0, lon=10.0, population_m=5.0, gdp_usd_bn=90.0,
             gdp_basis="PPP", gdp_year=2020, source_url="https://example.org/b"),
        dict(cluster_id="c", name="C", iso3="CCC", lat=20.0, lon=0.0, population_m=None, gdp_usd_bn=None,
             gdp_basis=None, gdp_year=None, source_url="https://example.org/c"),
        dict(cluster_id="d", name="D", iso3="AAA", lat=-10.0, lon=5.0, population_m=1.0, gdp_usd_bn=None,
             gdp_basis=None, gdp_year=None, source_url="https://example.org/d"),
    ]
    return pd.DataFrame(rows)


def test_cluster_gdp_keeps_nominal_dollars_fills_the_rest_and_says_why_it_drops():
    nodes, excluded = cluster_gdp(_clusters(), PER_CAPITA, 2022, overlaps=(("d", "a", "d holds a"),))
    by_id = nodes.set_index("cluster_id")
    assert by_id.loc["a", "gdp_usd_bn"] == 300.0 and by_id.loc["a", "gdp_basis"] == "sourced"
    # PPP is not mixed with nominal dollars: population × GDP per capita instead, labelled modeled.
    assert by_id.loc["b", "gdp_usd_bn"] == pytest.approx(5.0 * 10_000 / 1000)
    assert by_id.loc["b", "gdp_basis"] == "modeled" and "GDP per capita" in by_id.loc["b", "gdp_method"]
    reasons = excluded.set_index("cluster_id")["reason"]
    assert set(reasons.index) == {"c", "d"}
    assert "no population" in reasons["c"] and "contains a" in reasons["d"]


def test_cluster_flows_balance_to_gdp_and_are_symmetric():
    nodes, _ = cluster_gdp(_clusters(), PER_CAPITA, 2022)
    flows = cluster_flows(nodes)
    gdp = nodes["gdp_usd_bn"].to_numpy()
    np.testing.assert_allclose(flows.sum(axis=1), gdp, rtol=1e-9)
    np.testing.assert_allclose(flows.sum(axis=0), gdp, rtol=1e-9)
    np.testing.assert_allclose(flows.to_numpy(), flows.to_numpy().T, rtol=1e-9)
    assert (np.diag(flows) > 0).all()
    assert list(flows.index) == list(nodes["cluster_id"])


def test_the_shipped_cluster_baseline_is_built_once_and_runs_in_the_model():
    assert _cluster_baseline() is _cluster_baseline()
    base = cluster_baseline()
    assert len(base.nodes) >= 30 and base.flows.shape == (len(base.nodes), len(base.nodes))
    assert set(base.nodes["gdp_basis"]) == {"sourced", "modeled"}
    assert "northeast-megalopolis" in set(base.excluded["cluster_id"])
    assert "Gravity" in base.method
    shock = np.where(base.nodes["iso3"] == "DEU", 1.1, 1.0)
    result = solve_scenario(base.flows, productivity_change=shock)
    assert result.converged
    german = base.nodes.loc[base.nodes["iso3"] == "DEU", "cluster_id"]
    assert (result.export_share_after[german] > result.export_share_before[german]).all()
