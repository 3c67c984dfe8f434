"""HTTP hosting defaults for the Flask server under Dash: security headers and errors that reveal nothing.

`harden(app.server, ...)` is called once by `create_app`; it only registers hooks, so it also works on a
bare Flask app (the tests build one to check the frame-ancestors setting).
"""
from __future__ import annotations

import html
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping

import flask
from dash.exceptions import DependencyException, UnsupportedRelativePath
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from dashboard import config

# Who may show the app in a frame when ATLAS_FRAME_ANCESTORS is not set: nobody (no embed mode).
DEFAULT_FRAME_ANCESTORS = "'none'"

# One source expression of frame-ancestors: a keyword, a scheme ("https:") or a host with optional
# scheme, port and path. Anything else (";", ",", quotes, newlines) could smuggle in another directive.
_SOURCE = re.compile(
    r"'self'|'none'|[a-z][a-z0-9+.-]*:"
    r"|(?:[a-z][a-z0-9+.-]*://)?(?:\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(?:[0-9]+|\*))?(?:/[^\s;,'\"]*)?",
    re.IGNORECASE,
)


def frame_ancestors_from_env(environ: Mapping[str, str] = os.environ) -> str:
    """The frame-ancestors sources configured in ATLAS_FRAME_ANCESTORS, or 'none' when it is unset or blank.

    Several origins are separated by spaces (or commas), e.g. "https://intranet.example.org 'self'".
    """
    return environ.get(config.FRAME_ANCESTORS_ENV, "").replace(",", " ").strip() or DEFAULT_FRAME_ANCESTORS


def _check_frame_ancestors(value: str) -> str:
    sources = value.split()
    bad = [s for s in sources if not _SOURCE.fullmatch(s)]
    if not sources or bad or ("'none'" in sources and len(sources) > 1):
        raise ValueError(f"{config.FRAME_ANCESTORS_ENV}: not a list of origins: {value!r} "
                         "(expected e.g. \"https://intranet.example.org\", \"'self'\" or \"'none'\")")
    return " ".join(sources)


def content_security_policy(frame_ancestors: str = DEFAULT_FRAME_ANCESTORS, script_hashes: Iterable[str] = ()) -> str:
    """The Content-Security-Policy value: everything same-origin, no inline script but Dash's own.

    - script-src: our origin plus the hashes of Dash's inline scripts (`Dash.csp_hashes()`: the renderer's
      start-up line and any clientside callbacks). No 'unsafe-eval': the production bundles of Dash, dcc,
      plotly.js and MathJax only try `new Function` inside a try/catch fallback. A WebGL trace (scattergl,
      regl) or a string expression in an AG Grid column would need it.
    - style-src 'unsafe-inline': plotly.js, MathJax, AG Grid and React set inline styles.
    - img-src data: blob:: Bootstrap's inline SVG icons and plotly's PNG export.
    """
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": _check_frame_ancestors(frame_ancestors),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _x_frame_options(frame_ancestors: str) -> str | None:
    """The legacy header that says the same as frame-ancestors, where it can (it cannot name other origins)."""
    sources = frame_ancestors.split()
    if sources == ["'none'"]:
        return "DENY"
    if sources == ["'self'"]:
        return "SAMEORIGIN"
    return None  # other origins: browsers follow frame-ancestors; a DENY here would contradict it


def harden(server: flask.Flask, *, frame_ancestors: str | None = None,
           script_hashes: Callable[[], Iterable[str]] = tuple) -> None:
    """Add security headers to every response and replace error pages with a short plain message.

    frame_ancestors: who may embed the app in a frame (CSP source list); None means 'none'.
    script_hashes: returns the CSP hashes of inline scripts to allow (`app.csp_hashes` for a Dash app).
        Asked for each response: Dash Pages adds its inline script (the page title) on the first request.
    Raises ValueError when frame_ancestors is not a plain list of origins.
    """
    ancestors = _check_frame_ancestors(frame_ancestors or DEFAULT_FRAME_ANCESTORS)
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }
    frame_options = _x_frame_options(ancestors)
    if frame_options:
        headers["X-Frame-Options"] = frame_options

    @server.after_request
    def _security_headers(response: flask.Response) -> flask.Response:
        response.headers.setdefault("Content-Security-Policy", content_security_policy(ancestors, script_hashes()))
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    # Every HTTP error, and any unhandled exception (Flask turns it into a 500 after logging the traceback
    # server-side), answers with its status line only: no path, no traceback, no library version.
    server.register_error_handler(HTTPException, _plain_error)
    # Dash raises this for an unknown /_dash-component-suites/ path, listing every registered file: a 404.
    server.register_error_handler(DependencyException, lambda _: _plain_error(NotFound()))
    # Dash Pages' router raises this for an address that is not under the app's path: the client's fault.
    server.register_error_handler(UnsupportedRelativePath, lambda _: _plain_error(BadRequest()))


def _plain_error(error: HTTPException) -> flask.Response | HTTPException:
    if error.code is None or error.code < 400:
        return error
    response = flask.Response(f"{error.code} {error.name}\n", status=error.code, mimetype="text/plain")
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value  # e.g. Allow on a 405
    return response


#: Properties of the address (dcc.Location), which Dash's own router reads as text: anything else is malformed.
ADDRESS_PROPERTIES = frozenset({"pathname", "search", "href", "hash"})


def _well_formed_dependency(item) -> bool:
    """One input or state of a callback request: {"id": str | dict, "property": str, "value": any},
    or, for a pattern-matching (ALL / ALLSMALLER) dependency, a list of those. The value of an address
    property is text (or null)."""
    if isinstance(item, list):
        return all(_well_formed_dependency(i) for i in item)
    return (isinstance(item, dict) and isinstance(item.get("id"), (str, dict))
            and isinstance(item.get("property"), str)
            and (item["property"] not in ADDRESS_PROPERTIES or isinstance(item.get("value"), (str, type(None)))))


def _well_formed_changed(prop_ids) -> bool:
    """changedPropIds: a list of "component.property" strings whose pattern-matching component ids
    are JSON objects (Dash parses them when a callback reads ctx.triggered_id)."""
    if not isinstance(prop_ids, list) or not all(isinstance(p, str) for p in prop_ids):
        return False
    for prop_id in prop_ids:
        component = prop_id.rpartition(".")[0]
        if component.startswith("{"):
            try:
                if not isinstance(json.loads(component), dict):
                    return False
            except (ValueError, RecursionError):  # RecursionError: an id nested thousands deep
                return False
    return True


def _output_shape_matches(output: str, outputs: object) -> bool:
    """Whether `outputs` has the shape the callback `output` (its key in Dash's callback map) has: one
    entry per output of a multi-output callback ("..a.b...c.d.."), a single one otherwise; an entry is
    an object, or for an output whose id has an ALL / ALLSMALLER wildcard also a list of objects (how
    many the callback answers with depends on the page, so a list of the wrong length still reaches
    Dash). Dash itself answers a mismatch (a list where the callback has one output) with a 500."""
    parts = output[2:-2].split("...") if output.startswith("..") and output.endswith("..") else None
    entries = outputs if parts is not None else [outputs]
    if not isinstance(entries, list) or len(entries) != len(parts or [output]):
        return False
    for part, entry in zip(parts or [output], entries):
        many = '"ALL"' in part or '"ALLSMALLER"' in part
        if not (isinstance(entry, dict) or (many and isinstance(entry, list)
                and all(isinstance(e, dict) for e in entry))):
            return False
    return True


def well_formed_callback(body, callback_map: Mapping[str, object]) -> bool:
    """Whether a POST to /_dash-update-component has the shape Dash's renderer sends for a known callback.

    Dash itself answers anything else with a 500 (a KeyError or TypeError deep in its dispatch); a
    malformed request is the client's fault, so the server answers 400 instead.
    """
    if not isinstance(body, dict) or not isinstance(body.get("output"), str) or body["output"] not in callback_map:
        return False
    inputs, state = body.get("inputs"), body.get("state", [])
    return (isinstance(inputs, list) and isinstance(state, list)
            and all(_well_formed_dependency(i) for i in inputs + state)
            and _output_shape_matches(body["output"], body.get("outputs"))
            and _well_formed_changed(body.get("changedPropIds", [])))


def guard_callbacks(server: flask.Flask, callback_map: Callable[[], Mapping[str, object]]) -> None:
    """Answer malformed callback requests with 400 before Dash dispatches them.

    callback_map: returns the app's callbacks (Dash fills its map on the first request, so it is
    looked up per request rather than captured now).
    """

    @server.before_request
    def _reject_malformed_callbacks():
        if flask.request.method == "POST" and flask.request.path.endswith("/_dash-update-component"):
            if not well_formed_callback(flask.request.get_json(silent=True), callback_map()):
                flask.abort(400)
        return None


# ---- addresses too long to answer ----------------------------------------------------------------

def too_long_page(path: str) -> str:
    """The app's own page for an address longer than config.MAX_URL_BYTES: what happened and a link to
    the page without its query (plain HTML with the app's stylesheet, no script)."""
    page = path if path.startswith("/") and not path.startswith("//") else "/"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Link too long · {config.APP_TITLE}'
            f'</title><link rel="stylesheet" href="{config.BOOTSTRAP_CSS}"></head>'
            f'<body class="container py-4"><h1 class="h3">This link is too long</h1>'
            f"<p>The address is over {config.MAX_URL_BYTES:,} bytes, more than the atlas reads. A link copied "
            "from the atlas is always shorter; a presenter's long story travels as its file (Download story).</p>"
            f'<p><a href="{html.escape(page, quote=True)}">Open this page without the view in the link</a> · '
            '<a href="/">Overview</a></p></body></html>')


def refuse_long_addresses(server: flask.Flask) -> None:
    """Answer an address over config.MAX_URL_BYTES with the app's own page (status 414) before routing."""
    @server.before_request
    def _too_long():
        if len(flask.request.full_path.encode("utf-8")) > config.MAX_URL_BYTES:
            return flask.Response(too_long_page(flask.request.path), status=414, mimetype="text/html")
        return None


# ---- compressed static files, once per process ---------------------------------------------------

#: Where the immutable files are: Dash's component bundles (fingerprinted URLs) and our assets (their
#: URLs carry the file's modification time or a version). Their compressed bytes never change within
#: a deployment, so each worker compresses each file once instead of on every page view.
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
#: Compressed files kept per worker (a few algorithms × the ~25 files a page loads).
STATIC_CACHE_ENTRIES = 256


#: The query a static URL may carry and still be cached: Dash's cache-busters (the file's
#: modification time on assets, a version on our plotly.js link). Any other query is not cached, so
#: junk queries cannot fill the cache with copies of the same file.
CACHE_BUSTER = re.compile(r"(?:[mv]=[0-9A-Za-z._-]{1,40})?")


def static_cache_key(request: flask.Request) -> str:
    """flask-compress's cache key: path (and cache-buster) of a static file, "" for anything else."""
    if request.method != "GET" or not request.path.startswith(STATIC_PREFIXES):
        return ""
    query = request.query_string.decode("latin-1")
    if not CACHE_BUSTER.fullmatch(query):
        return ""
    return f"{request.path}?{query}" if query else request.path


class StaticCompressionCache:
    """flask-compress's cache backend (get/set) that keeps static files only.

    flask-compress asks its cache about every response it compresses, keyed by algorithm and
    `static_cache_key`; keys with an empty path (callback answers, pages, odd queries) are never
    stored or found. A memo of fixed bytes: every worker holds, or recomputes, exactly the same ones.
    Safe under threaded servers (the development server, gthread workers)."""

    def __init__(self, entries: int = STATIC_CACHE_ENTRIES) -> None:
        self._entries = entries
        self._data: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        if key.endswith(";"):
            return None
        with self._lock:
            return self._data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";"):
            return
        with self._lock:
            if key not in self._data and len(self._data) >= self._entries:
                self._data.pop(next(iter(self._data)))  # the oldest
            self._data[key] = value


#: flask-compress settings, set on the Flask server before Dash turns compression on. Stronger than its
#: defaults (zstd 3, brotli 4): plotly.js goes over the wire as 1.29 MB (zstd, which Chrome prefers) or
#: 1.27 MB (brotli) instead of 1.44 MB; with the static cache that CPU is spent once per file and worker.
COMPRESSION = {
    "COMPRESS_ZSTD_LEVEL": 9,
    "COMPRESS_BR_LEVEL": 6,
    "COMPRESS_CACHE_BACKEND": StaticCompressionCache,
    "COMPRESS_CACHE_KEY": static_cache_key,
}


def cache_compressed_static(server: flask.Flask) -> None:
    """Let flask-compress's cache (COMPRESSION) hold static files: it caches whole bodies only, and
    Flask sends our assets as file streams, which it would compress chunk by chunk on every request
    (~0.2 s of CPU per page view for plotly.js and AG Grid, delaying the scripts and the first chart).

    Call after Dash has set up flask-compress (compress=True): Flask runs the hook registered here
    before flask-compress's, so it reads each static file into memory first."""
    @server.after_request
    def _whole_static_body(response: flask.Response) -> flask.Response:
        if response.status_code == 200 and response.is_streamed and static_cache_key(flask.request):
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response

