"""gunicorn settings that the Procfile loads (`--config python:dashboard.gunicorn_conf`); the
command line (workers, bind, timeout) stays in the Procfile."""
from __future__ import annotations

import os

# One BLAS thread per process, set before numpy loads: a scenario solve or a Monte Carlo run uses one core
# (matrices of 25–90 rows, too small for BLAS threads to pay), and the Procfile's workers × threads would
# otherwise each start one BLAS thread per core and fight over them.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from dashboard.views import scenario_model as scenarios

# gunicorn's maximum (its default, 4,094, answered a 4 KB address with its own bare "URI Too Long"):
# room for "GET ", the app's longest address (config.MAX_URL_BYTES) and " HTTP/1.1" (tests/test_workers.py).
limit_request_line = 8190


def post_worker_init(worker) -> None:
    """Prepare each new worker before it takes requests.

    - Dash finishes its set-up on its first request (it walks assets/, builds the callback map), and
      marks it done before it starts: with several threads, a request that comes meanwhile gets an
      index page without the app's scripts and styles. One index request here, alone, does it.
    - Its first scenario solve pays one-off costs (~0.15 s) that would otherwise land on someone's
      slider move (the 95th percentile of issue 6)."""
    worker.wsgi.test_client().get("/")  # a failure here is a broken app: let the worker fail to start
    try:
        scenarios.warm()
    except Exception:  # a failed warm-up must not stop a worker that can still serve every page
        worker.log.exception("warming the scenario model failed; the first solve will be slower")
