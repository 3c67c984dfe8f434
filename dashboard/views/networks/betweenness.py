"""Betweenness centrality of the networks page's drawn links: networkx's numbers, computed faster.

The numbers are those of `networkx.betweenness_centrality(graph, k, normalized=True, weight="length",
seed=seed)` on the graph networkx would build from the links (Brandes 2001; Brandes & Pich 2007 for the k
sampled sources, drawn as networkx draws them): the same sources, the same shortest paths (ties counted
the way networkx counts them: equal float lengths), the same rescaling, equal up to the order of float sums
(tests/views/test_networks_betweenness.py compares them on graphs with and without ties). The shortest
path lengths come from scipy's Dijkstra (C) instead of networkx's (Python); path counting and the
accumulation walk the shortest-path edges only.

Speed (issue 24): at 200 nodes and 5,000 links (48 sampled sources), `python benchmarks/networks.py`
times both on the same links in one process: networkx 211–573 ms, this module 13–30 ms (three runs), equal
numbers (shared 2-core VM, 2026-12-05, load average 6–19). Its "node size → betweenness" (cold) draw went
from 533–652 ms to 18–46 ms. A view with a chosen node needs betweenness for every new set of links, so this
was up to half of the networks page's slowest updates (worst browser p95 1,606 ms before; 592, 1,165 and
1,988 ms after, the machine's load deciding the rest).
"""
from __future__ import annotations

import math
import random

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra


def node_order(i: np.ndarray, j: np.ndarray) -> list[int]:
    """The nodes in the order networkx's Graph.add_edges_from would hold them (each edge adds i, then j)."""
    return list(dict.fromkeys(np.column_stack((i, j)).ravel().tolist()))


def betweenness_centrality(n: int, i: np.ndarray, j: np.ndarray, length: np.ndarray, k: int | None,
                seed: int) -> np.ndarray:
    """Normalised betweenness of each of `n` nodes on the undirected links (i, j) of `length` (> 0), 0 for a
    node on no link; from every linked node as a source, or from `k` sources sampled as networkx samples
    them with random.Random(seed)."""
    result = np.zeros(n)
    nodes = node_order(i, j)
    if not nodes:
        return result
    sources = nodes if k is None or k >= len(nodes) else random.Random(seed).sample(nodes, k)
    tail = np.concatenate((i, j))
    head = np.concatenate((j, i))
    weight = np.concatenate((length, length))
    graph = coo_matrix((weight, (tail, head)), shape=(n, n)).tocsr()
    distances = dijkstra(graph, directed=True, indices=np.asarray(sources))
    for source, dist in zip(sources, distances):
        _accumulate(result, source, dist, tail, head, weight)
    return _rescale(result, len(nodes), set(sources) if len(sources) < len(nodes) else None)


def _accumulate(result: np.ndarray, source: int, dist: np.ndarray, tail: np.ndarray, head: np.ndarray,
                weight: np.ndarray) -> None:
    """Brandes' accumulation from one source on its shortest-path edges (dist[tail] + length == dist[head],
    exactly as networkx compares them)."""
    on_path = np.isfinite(dist[tail]) & (dist[tail] + weight == dist[head])
    u, v = tail[on_path], head[on_path]
    forward = np.argsort(dist[u], kind="stable")    # an edge's tail is counted before it is used
    sigma = dict.fromkeys(np.flatnonzero(np.isfinite(dist)).tolist(), 0.0)
    sigma[source] = 1.0
    for a, b in zip(u[forward].tolist(), v[forward].tolist()):
        sigma[b] += sigma[a]
    delta = dict.fromkeys(sigma, 0.0)
    backward = np.argsort(-dist[v], kind="stable")  # an edge's head is complete before it gives back
    for a, b in zip(u[backward].tolist(), v[backward].tolist()):
        delta[a] += sigma[a] / sigma[b] * (1.0 + delta[b])
    for node, value in delta.items():
        if node != source:
            result[node] += value


def _rescale(result: np.ndarray, n: int, sampled: set[int] | None) -> np.ndarray:
    """networkx's normalisation (undirected, endpoints excluded): by the (s, t) pairs that could pass through
    a node, with its sampling adjustment (a sampled source cannot be its own s)."""
    pairs = n - 1
    if pairs < 2:
        return result
    if sampled is None:
        return result * (1.0 / (pairs * (pairs - 1)))
    k = len(sampled)
    scale_source = 1.0 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
    scale = np.full(len(result), 1.0 / (k * (pairs - 1)))
    scale[list(sampled)] = scale_source
    return result * scale
