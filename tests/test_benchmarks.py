"""The benchmark scripts start as the README says to run them (python benchmarks/<name>.py)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard import config


@pytest.mark.parametrize("script", ["scenarios", "networks", "load"])
def test_a_benchmark_script_runs_from_the_repository_root(script):
    done = subprocess.run([sys.executable, f"benchmarks/{script}.py", "--help"], cwd=config.ROOT_DIR,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


def test_the_budgets_interactions_are_valid_requests_and_the_patches_are_small(client, dependencies):
    from tests.callbacks import interactions

    sizes = {}
    for name, body in interactions(dependencies).items():
        response = client.post("/_dash-update-component", data=body, content_type="application/json")
        assert response.status_code == 200, (name, response.data[:200])
        sizes[name] = len(response.data)
    whole = sizes["networks: all links (whole figure)"]
    assert sizes["networks: node size, all links (Patch)"] < whole / 10
    assert sizes["networks: choose a cluster, all links (Patch)"] < whole / 10
    assert sizes["strategies: colour the map by robot density (map only)"] < \
        sizes["strategies: focus area filter (all but the panel)"]
