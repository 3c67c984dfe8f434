"""dashboard/views/networks/betweenness.py gives networkx's betweenness centrality, exact and sampled, with
and without tied shortest paths."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from dashboard.views.networks.betweenness import betweenness_centrality, node_order


def networkx_betweenness(n: int, i: np.ndarray, j: np.ndarray, length: np.ndarray, k: int | None,
                         seed: int) -> np.ndarray:
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(i.tolist(), j.tolist(), length.tolist()), weight="length")
    result = np.zeros(n)
    for node, share in nx.betweenness_centrality(graph, k=k, weight="length", seed=seed).items():
        result[node] = share
    return result


def random_links(n: int, links: int, ties: bool, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    pairs = np.array([(a, b) for a in range(n) for b in range(a + 1, n)])
    pick = pairs[rng.choice(len(pairs), links, replace=False)]
    # Whole-number values make many shortest paths tie; lognormal values almost none.
    value = rng.integers(1, 4, links).astype(float) if ties else rng.lognormal(0.0, 2.0, links)
    return pick[:, 0], pick[:, 1], 1.0 / value


@pytest.mark.parametrize("n, links, k, ties", [
    (30, 40, None, False),    # sparse: some nodes on no link, some pairs unreachable
    (60, 300, None, True),
    (60, 300, 10, True),      # sampled sources, as networkx samples them
    (120, 1500, 48, False),
    (5, 4, None, False),
])
def test_the_same_numbers_as_networkx(n, links, k, ties):
    i, j, length = random_links(n, links, ties, seed=n + links)
    expected = networkx_betweenness(n, i, j, length, k, seed=7)
    found = betweenness_centrality(n, i, j, length, k, seed=7)
    np.testing.assert_allclose(found, expected, rtol=1e-12, atol=1e-15)
    assert found.max() > 0


def test_a_path_of_three_puts_all_betweenness_on_its_middle():
    found = betweenness_centrality(4, np.array([0, 1]), np.array([1, 2]), np.array([1.0, 1.0]), None, seed=0)
    assert found.tolist() == [0.0, 1.0, 0.0, 0.0]


def test_no_links_no_betweenness_and_nodes_in_networkx_order():
    assert betweenness_centrality(3, np.array([], int), np.array([], int), np.array([]), None, seed=0).tolist() == \
        [0.0, 0.0, 0.0]
    assert node_order(np.array([4, 1, 4]), np.array([1, 0, 2])) == [4, 1, 0, 2]
