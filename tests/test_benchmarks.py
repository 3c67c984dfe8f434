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
