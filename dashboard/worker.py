"""The Celery worker of the background callbacks: `celery -A dashboard.worker worker` (REDIS_URL set).

It imports the app as the web processes do, so every background callback is registered as a task under
the same name on the same Celery app (dashboard/background.py), and pushes the Flask app context once per
process so the callbacks reach the result cache (dashboard/cache.py, Redis) as they would in a request.
"""
from __future__ import annotations

import os

# One BLAS thread: a Monte Carlo run is many small solves (25 × 25), where BLAS threads gain nothing and
# M worker processes × k threads would fight over the cores. Set before numpy loads (the app imports it).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import dashboard.app as web
from dashboard import background

_url = background.redis_url()
if _url is None:
    raise SystemExit("dashboard.worker serves the Celery manager: set REDIS_URL (e.g. redis://localhost:6379/0)")

#: What `celery -A dashboard.worker` looks for: the Celery app the web processes send jobs to.
app = background.celery_app(_url)

# Forked pool processes inherit this context; each job runs in a copy of it (Dash's Celery task does).
web.server.app_context().push()
