"""The result cache: repeated scenario requests are answered from it, keyed by the canonical scenario state.

In-process (`SimpleCache`) by default; shared by every web process and Celery worker through Redis when
`REDIS_URL` is set (dashboard/background.py decides, with the background callback manager).
Entries never expire: a state always gives the same result
(the data are read-only), so a cached answer cannot go stale within a deployment.
"""
from __future__ import annotations

import os

import flask
from flask_caching import Cache

from dashboard import background

cache = Cache()

#: Entries kept in the in-process cache per worker (the oldest go first).
SIMPLE_CACHE_ENTRIES = 1024


def init(server: flask.Flask, environ=os.environ) -> None:
    config = background.cache_config(environ)
    if config["CACHE_TYPE"] == "SimpleCache":
        config["CACHE_THRESHOLD"] = SIMPLE_CACHE_ENTRIES
    cache.init_app(server, config={**config, "CACHE_DEFAULT_TIMEOUT": 0})


def remembered(key: str, compute):
    """compute() the first time `key` is asked for, the stored value afterwards. Outside a Flask
    request (unit tests, scripts) there is no cache: compute() every time."""
    if not flask.has_app_context():
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value)
    return value
