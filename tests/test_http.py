"""Hosting defaults without a browser: security headers, compressed responses, error pages that reveal nothing."""
from __future__ import annotations

import base64
import hashlib
import re

import flask
import pytest
from dash import dcc

from dashboard import config
from dashboard.http import frame_ancestors_from_env, harden

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


def _directives(csp: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in csp.split(";"))


@pytest.mark.parametrize("path", ["/", "/_dash-layout", "/_dash-dependencies", "/strategies"])
def test_every_security_header_is_sent(client, path):
    response = client.get(path)
    assert response.status_code == 200
    for name in SECURITY_HEADERS:
        assert response.headers.get(name), f"{name} missing on {path}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    csp = _directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["img-src"] == "'self' data: blob:"
    assert "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-eval'" not in csp["script-src"] and "'unsafe-inline'" not in csp["script-src"]


def test_the_policy_allows_exactly_dashs_inline_scripts(client):
    # Dash's IE warning sits in an <!--[if IE]> comment that no current browser runs.
    html = re.sub(r"<!--.*?-->", "", client.get("/").get_data(as_text=True), flags=re.S)
    script_src = _directives(client.get("/").headers["Content-Security-Policy"])["script-src"].split()
    inline = [body for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
              if "src=" not in attrs and "application/json" not in attrs]
    assert inline, "expected Dash's renderer start-up script"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


def app_config():
    from dashboard.app import app
    return app.server.config


def _plotly_js_url() -> str:
    """plotly.js is not in the index HTML: dcc loads it on demand from the path Dash registers for it."""
    entry = next(e for e in dcc._js_dist if e.get("namespace") == "plotly")
    return f"/_dash-component-suites/plotly/{entry['relative_package_path']}"


def _index_scripts(client) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', client.get("/").get_data(as_text=True))


@pytest.mark.parametrize("which", ["plotly.js", "every script of the index page"])
def test_large_responses_are_compressed(client, which):
    urls = [_plotly_js_url()] if which == "plotly.js" else _index_scripts(client)
    assert urls
    for url in urls:
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert plain.status_code == packed.status_code == 200, url
        if len(plain.data) < app_config()["COMPRESS_MIN_SIZE"]:
            continue  # flask-compress leaves tiny files as they are: compressing them gains nothing
        assert packed.headers.get("Content-Encoding") in ("gzip", "br"), url
        assert "Accept-Encoding" in packed.headers.get("Vary", "")
        # Text compresses to well under half once it is more than a few hundred bytes; a tiny file
        # (e.g. a 0.5 KB asset) only has to come out smaller.
        assert len(packed.data) < len(plain.data) / (2 if len(plain.data) > 2000 else 1), url


def test_plotly_js_is_under_the_budget_compressed(client):
    packed = client.get(_plotly_js_url(), headers={"Accept-Encoding": "gzip, br"})
    assert len(packed.data) < 2_000_000  # issue 9: first load under 2 MB per page, plotly.js is the bulk


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/assets/no-such-file.js", 404),
    ("GET", "/assets/../dashboard/app.py", 404),
    ("GET", "/_dash-component-suites/dash/no-such-file.js", 404),
    ("GET", "/_dash-component-suites/no_such_package/x.js", 404),
    ("POST", "/_dash-layout", 405),
    ("PUT", "/_dash-update-component", 405),
    ("POST", "/_dash-update-component", 400),  # a body Dash cannot read: refused before dispatch
])
def test_errors_reveal_no_path_and_no_traceback(client, method, path, status):
    response = client.open(path, method=method, json={"output": None} if status == 400 else None)
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert body.startswith(str(status)) and len(body) < 80
    for leak in ("Traceback", str(config.ROOT_DIR), "site-packages", ".py", "registered"):
        assert leak not in body
    for name in SECURITY_HEADERS:
        assert name in response.headers


def test_a_405_still_says_which_methods_are_allowed(client):
    response = client.post("/_dash-layout")
    assert "GET" in response.headers["Allow"]


def _bare_app() -> flask.Flask:
    server = flask.Flask(__name__)
    server.add_url_rule("/", "index", lambda: "ok")
    return server


@pytest.mark.parametrize("env, frame_ancestors, x_frame_options", [
    (None, "'none'", "DENY"),
    ("", "'none'", "DENY"),
    ("'self'", "'self'", "SAMEORIGIN"),
    ("https://intranet.example.org", "https://intranet.example.org", None),
    ("https://a.example.org, https://*.b.example.org:8443", "https://a.example.org https://*.b.example.org:8443", None),
])
def test_frame_ancestors_follow_the_environment(monkeypatch, env, frame_ancestors, x_frame_options):
    if env is None:
        monkeypatch.delenv(config.FRAME_ANCESTORS_ENV, raising=False)
    else:
        monkeypatch.setenv(config.FRAME_ANCESTORS_ENV, env)
    server = _bare_app()
    harden(server, frame_ancestors=frame_ancestors_from_env())
    response = server.test_client().get("/")
    assert _directives(response.headers["Content-Security-Policy"])["frame-ancestors"] == frame_ancestors
    assert response.headers.get("X-Frame-Options") == x_frame_options


@pytest.mark.parametrize("value", [
    "https://a.example.org; script-src *",
    "https://a.example.org\r\nSet-Cookie: x=1",
    "'none' https://a.example.org",
    "'unsafe-inline'",
    "javascript:alert(1)//x y'",
])
def test_a_frame_ancestors_value_that_could_inject_a_directive_is_refused(value):
    with pytest.raises(ValueError, match=f"^{config.FRAME_ANCESTORS_ENV}: not a list of origins"):
        harden(_bare_app(), frame_ancestors=value)


def test_a_route_can_set_its_own_header_value():
    server = _bare_app()
    server.add_url_rule("/embed", "embed", lambda: ("ok", 200, {"Referrer-Policy": "no-referrer"}))
    harden(server)
    assert server.test_client().get("/embed").headers["Referrer-Policy"] == "no-referrer"


def test_an_oversized_request_is_refused_before_it_is_read(client):
    from dashboard import config

    body = b"x" * (config.MAX_REQUEST_BYTES + 1)
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413
    assert b"Traceback" not in response.data


def test_static_files_are_compressed_once_per_worker(client, monkeypatch):
    """dashboard.http keeps each static file's compressed bytes: asked twice, an asset (sent by Flask
    as a file stream) and a component bundle are each compressed once, and come back right."""
    import gzip

    import flask_compress.flask_compress as compress_module

    calls = []
    real = compress_module._compress_data
    monkeypatch.setattr(compress_module, "_compress_data", lambda *a: calls.append(a[-1]) or real(*a))
    index = client.get("/").get_data(as_text=True)
    asset = next(u for u in re.findall(r'src="(/assets/[^"]+)"', index) if "plotly" in u)
    bundle = re.search(r'<meta name="atlas-grid-script" content="([^"]+)"', index).group(1)  # AG Grid, loaded later
    for url in (asset, bundle):
        plain = client.get(url).data
        before = len(calls)
        first = client.get(url, headers={"Accept-Encoding": "gzip"})
        second = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert len(calls) - before <= 1, url  # compressed at most once (zero if an earlier test did)
        assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(second.data) == plain, url
        assert int(second.headers["Content-Length"]) == len(second.data)
    odd = client.get(asset.split("?")[0] + "?junk=1", headers={"Accept-Encoding": "gzip"})
    again = client.get(asset.split("?")[0] + "?junk=2", headers={"Accept-Encoding": "gzip"})
    assert odd.status_code == again.status_code == 200
    assert calls[-2:] == ["gzip", "gzip"]  # a query other than Dash's cache-buster is never cached


def test_the_compression_cache_keeps_static_files_only():
    from dashboard.http import StaticCompressionCache, static_cache_key

    app = flask.Flask(__name__)
    with app.test_request_context("/assets/style.css?m=1795850964.9443989"):
        assert static_cache_key(flask.request) == "/assets/style.css?m=1795850964.9443989"
    with app.test_request_context("/_dash-component-suites/dash/dcc/async-graph.js"):
        assert static_cache_key(flask.request) == "/_dash-component-suites/dash/dcc/async-graph.js"
    with app.test_request_context("/assets/style.css?m=1&x=2"):
        assert static_cache_key(flask.request) == ""
    with app.test_request_context("/_dash-update-component", method="POST"):
        assert static_cache_key(flask.request) == ""
    with app.test_request_context("/strategies?economy=DEU"):
        assert static_cache_key(flask.request) == ""
    cache = StaticCompressionCache(entries=2)
    cache.set("gzip;", b"a callback answer")             # what flask-compress asks for a non-static path
    assert cache.get("gzip;") is None
    for name in ("a", "b", "c"):
        cache.set(f"gzip;/assets/{name}.js", name.encode())
    assert cache.get("gzip;/assets/a.js") is None         # the oldest went when the third came
    assert cache.get("gzip;/assets/c.js") == b"c"


def test_two_callback_answers_are_never_confused_by_the_compression_cache(client):
    """Different scenario answers come back different (nothing static-keyed is reused for them)."""
    import json

    from tests.callbacks import scenario_payload, scenario_targets

    dependencies = json.loads(client.get("/_dash-dependencies").data)
    answers = []
    for value in (70, 90):
        body = scenario_payload(dependencies, {**scenario_targets(), "DEU": 5.0 * value})
        response = client.post("/_dash-update-component", data=body, content_type="application/json",
                               headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
        answers.append(response.data)
    assert answers[0] != answers[1]
