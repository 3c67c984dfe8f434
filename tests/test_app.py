"""Smoke tests without a browser: the app builds, every page renders, bad URLs and bad data fail gently."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from dash import html

from dashboard import config
from dashboard.ids import Networks, Strategies
from dashboard.pages import PAGES, render
from dashboard.pages.registry import MAX_QUERY_LENGTH, parse_query


def _text(component) -> str:
    """All text inside a component tree."""
    if isinstance(component, str):
        return component
    if isinstance(component, (int, float)) or component is None:
        return ""
    if isinstance(component, (list, tuple)):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def test_app_builds_with_every_page_and_debug_off():
    from dashboard.app import app, server
    assert server is app.server
    assert {p.path for p in PAGES} >= {"/", "/methods"}
    assert server.debug is False


def test_assets_are_local_not_cdn():
    from dashboard.app import app
    assert app.config.external_stylesheets == [config.BOOTSTRAP_CSS]
    assert (config.ASSETS_DIR / "vendor/bootstrap/bootstrap.min.css").is_file()
    assert (config.ASSETS_DIR / "topojson/world_110m.json").is_file()
    assert app.config.serve_locally is True


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path)
def test_every_page_renders(page):
    layout = render(page.path, "")
    assert not isinstance(layout, str)
    assert "went wrong" not in _text(layout)


def test_unknown_path_gets_a_friendly_404_with_links():
    layout = render("/no-such-page", "")
    text = _text(layout)
    assert "not found" in text.lower()
    assert "/no-such-page" in text


def test_a_failing_layout_shows_an_error_page_not_a_traceback(monkeypatch):
    from dashboard import pages
    from dashboard.pages.registry import Page

    def boom(query):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setitem(pages._BY_PATH, "/boom", Page(path="/boom", name="Boom", layout=boom))
    text = _text(render("/boom", "?x=1"))
    assert "secret" not in text and "Traceback" not in text
    assert "went wrong" in text


@pytest.mark.parametrize("search, expected", [
    ("?a=1&b=x", {"a": "1", "b": "x"}),
    ("?a=1&a=2", {"a": "1"}),
    ("", {}), (None, {}),
    ("?" + "a=1&" * (MAX_QUERY_LENGTH // 4), {}),
    ("?%ZZ=%", {"%ZZ": "%"}),
])
def test_parse_query(search, expected):
    assert parse_query(search) == expected


def test_start_up_with_a_broken_data_file_names_file_row_and_column(data_copy, tmp_path):
    path = data_copy / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[3] = "lots"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "ATLAS_DATA_DIR": str(data_copy)}
    done = subprocess.run([sys.executable, "-m", "dashboard"], capture_output=True, text=True, timeout=60,
                          cwd=config.ROOT_DIR, env=env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == ("Cannot start: data/indicators.csv, row 1 (line 2), column 'value': "
                                   "expected a number, got 'lots'")


def test_bootstrap_is_linked_once_and_before_our_stylesheet():
    from dashboard.app import app

    html = app.server.test_client().get("/").get_data(as_text=True)
    assert html.count("bootstrap.min.css") == 1
    assert html.index("bootstrap.min.css") < html.index("style.css")


def test_the_result_cache_is_in_process_by_default_and_redis_when_configured():
    import flask
    import pytest

    from dashboard import cache

    server = flask.Flask("probe")
    cache.init(server, environ={})
    assert [type(b).__name__ for b in server.extensions["cache"].values()] == ["SimpleCache"]
    calls = []
    with server.app_context():
        assert cache.remembered("k", lambda: calls.append(1) or "v") == "v"
        assert cache.remembered("k", lambda: calls.append(1) or "other") == "v"
    assert calls == [1]
    assert cache.remembered("k", lambda: "fresh") == "fresh"  # no app context: no cache
    # With REDIS_URL the Redis backend is chosen (here the optional redis package is absent, and says so).
    with pytest.raises(RuntimeError, match="redis"):
        cache.init(flask.Flask("probe2"), environ={"REDIS_URL": "redis://localhost:6379/0"})


def test_the_index_loads_no_babel_polyfill_and_regenerator_still_comes_from_dbc():
    """dashboard.app drops @babel/polyfill from the index. Dash's lazy component loader calls the
    global regeneratorRuntime, which dash-bootstrap-components' bundle (loaded on every page, before
    any chunk is asked for) defines: if an upgrade stops doing that, this fails before the browser does."""
    import re
    from pathlib import Path

    import dash_bootstrap_components

    from dashboard.app import app

    html_text = app.server.test_client().get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html_text)
    assert scripts and not any("polyfill" in s for s in scripts)
    assert any("dash_bootstrap_components" in s for s in scripts)
    bundle = next(Path(dash_bootstrap_components.__file__).parent.rglob("dash_bootstrap_components.min.js"))
    assert "regeneratorRuntime=r" in bundle.read_text(encoding="utf-8")


def test_the_index_preloads_the_layout_and_the_callback_graph():
    import re

    from dashboard.app import PRELOADED, app

    html_text = app.server.test_client().get("/scenarios").get_data(as_text=True)
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin>', html_text)
    assert preloads == [app.config.requests_pathname_prefix + name for name in PRELOADED]
    assert html_text.index(preloads[0]) < html_text.index("<script")  # in the head, before any script


def test_the_index_leaves_ag_grid_to_the_first_table_and_names_its_bundle():
    """AG Grid's bundle is not one of the index's scripts; its address (Dash's fingerprinted one, which
    the server serves) is in a meta tag for assets/grid.js."""
    import re

    from dashboard.app import GRID_SCRIPT_META, app

    client = app.server.test_client()
    html_text = client.get("/strategies").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html_text)
    assert scripts and not any("dash_ag_grid" in s for s in scripts)
    (bundle,) = re.findall(rf'<meta name="{GRID_SCRIPT_META}" content="([^"]+)">', html_text)
    assert re.fullmatch(r"/_dash-component-suites/dash_ag_grid/dash_ag_grid\.v[\w.]+\.min\.js", bundle)
    response = client.get(bundle)
    assert response.status_code == 200 and b"AgGrid" in response.data


def test_the_index_loads_the_parts_of_dcc_the_pages_use_with_its_scripts():
    """dcc's graph, slider, dropdown and upload code come with the index's scripts (fingerprinted, so
    cached), not when React first renders one. Each registers itself as a chunk of dcc's webpack
    runtime, which then never asks for it: if a dcc upgrade changes that, this fails."""
    import re

    from dashboard.app import EAGER_CHUNKS, app

    client = app.server.test_client()
    scripts = re.findall(r'<script src="([^"]+)"', client.get("/").get_data(as_text=True))
    renderer = next(i for i, s in enumerate(scripts) if "dash_renderer" in s)
    for chunk in EAGER_CHUNKS:
        name = chunk.split("/")[-1][:-len(".js")]
        (url,) = [s for s in scripts if f"/dcc/{name}.v" in s]
        assert scripts.index(url) > renderer  # after every bundle, like Dash's own eager loading
        body = client.get(url).get_data(as_text=True)
        assert "(self.webpackChunkdash_core_components=self.webpackChunkdash_core_components||[]).push(" in body[:300], url


@pytest.mark.parametrize("referrer, view", [
    ("http://atlas.example/scenarios?adopt=DEU:80", ("/scenarios", "?adopt=DEU:80")),
    ("http://atlas.example/", ("/", "")),
    ("http://atlas.example", ("/", "")),
    (None, None), ("", None), ("http://[x/scenarios", None),
])
def test_the_opening_view_is_read_from_the_referrer(referrer, view):
    from dashboard.pages import opening_view
    assert opening_view(referrer) == view


@pytest.mark.parametrize("pathname, search, key", [
    ("/scenarios", "?adopt=DEU:80", "/scenarios?adopt=DEU:80"), ("/", "", "/"), ("/", "?", "/"),
    (None, None, "/"), (True, 7, "/"), ("/methods", ["?x"], "/methods"),
])
def test_view_key_is_a_plain_address_whatever_it_is_given(pathname, search, key):
    from dashboard.pages import view_key
    assert view_key(pathname, search) == key


def test_the_layout_carries_the_page_its_referrer_names():
    from dashboard.app import app

    client = app.server.test_client()
    with_page = client.get("/_dash-layout", headers={"Referer": "http://x/scenarios?adopt=DEU:80"})
    assert with_page.status_code == 200
    assert "Referer" in with_page.headers["Vary"]
    text = json.dumps(with_page.get_json())  # Dash escapes "/" in its JSON
    assert "Scenarios: who gains" in text and '"data-view": "/scenarios?adopt=DEU:80"' in text
    bare = client.get("/_dash-layout").get_data(as_text=True)
    assert "Scenarios: who gains" not in bare
    for hostile in ("http://x/nowhere?<script>", "not a url", "http://x/scenarios?adopt=" + "Z" * 5000, "http://x/%00",
                    "http://[x/scenarios"):
        response = client.get("/_dash-layout", headers={"Referer": hostile})
        assert response.status_code == 200 and b"Traceback" not in response.data, hostile


def test_the_scenarios_page_arrives_with_the_results_of_its_address():
    """No second round trip before the first chart: the layout holds the figures, the headline, the
    table and what the rank chart shows, for the scenario the URL names."""
    from dash import dcc

    from dashboard.components.charts import PLACEHOLDER_META
    from dashboard.ids import Chart, Grid, Scenarios as ID
    from dashboard.pages import scenarios

    page = scenarios.layout({"adopt": "DEU:80"})
    found = {c.id: c for c in page._traverse() if isinstance(getattr(c, "id", None), str)}
    assert isinstance(found[ID.SHARE_CHART], dcc.Graph) and found[ID.SHARE_CHART].figure["data"]
    # The charts below the first wait in a store for the first chart's paint (dashboard/components/charts.py).
    later = {c.id["graph"]: c.data for c in page._traverse() if isinstance(getattr(c, "id", None), dict)
             and c.id.get("type") == Chart.LATER}
    for chart in (ID.MAP, ID.WELFARE_CHART, ID.RANK_CHART):
        assert isinstance(found[chart], dcc.Graph), chart
        assert found[chart].figure["layout"]["meta"] == PLACEHOLDER_META and later[chart]["data"], chart
        assert found[chart].figure["layout"]["height"] == later[chart]["layout"]["height"], chart
    assert _text(found[ID.HEADLINES]).startswith("Germany gains")
    # The table waits in a store for the page's first paint (dashboard/components/grid.py).
    later = next(c for c in page._traverse() if getattr(c, "id", None) == {"type": Grid.LATER, "grid": ID.TABLE})
    table = later.data
    assert (table["namespace"], table["type"]) == ("dash_ag_grid", "AgGrid") and table["props"]["id"] == ID.TABLE
    assert len(table["props"]["rowData"]) == 25     # the 24 modeled economies and the rest of the world
    assert found[ID.OPENED].data["ranks"].count(":") > 20


@pytest.mark.parametrize("path, query, chart", [
    ("/strategies", {"economy": "DEU"}, Strategies.MAP),
    ("/networks", {"top": "25"}, Networks.GRAPH),
])
def test_chart_pages_arrive_with_their_figures(path, query, chart):
    """Like the scenarios page, the strategies and networks pages hold the figures of their address."""
    from dash import dcc

    page = next(p for p in PAGES if p.path == path).layout(query)
    graphs = {c.id: c for c in page._traverse() if isinstance(c, dcc.Graph)}
    assert chart in graphs and graphs[chart].figure is not None


def test_the_scenarios_update_leaves_a_page_that_came_with_its_results():
    """Dash calls `update` when the router puts the scenarios page in (no control moved): it must
    not recompute, resend the charts or rewrite the address (204: nothing to update)."""
    from benchmarks.payloads import scenario_payload
    from dashboard.app import app
    from dashboard.views.scenarios import baseline_adoption

    client = app.server.test_client()
    dependencies = json.loads(client.get("/_dash-dependencies").data)
    body = json.loads(scenario_payload(dependencies, baseline_adoption()))
    moved = client.post("/_dash-update-component", json=body)
    assert moved.status_code == 200 and b"scenarios-share-chart" in moved.data
    inserted = client.post("/_dash-update-component", json={**body, "changedPropIds": []})
    assert inserted.status_code == 204


def test_the_scenarios_update_ignores_the_sliders_arriving_and_reads_the_opened_adoption_before_them():
    """The sliders come into the page after its first chart (components/charts.py): Dash then calls
    `update` with every slider as changed and nothing moved, which must send nothing (204). Before
    they are there (no sliders at all), a change works on the adoption the page opened with."""
    from benchmarks.payloads import scenario_payload
    from dashboard.app import app
    from dashboard.ids import Scenarios as ID
    from dashboard.pages import scenarios
    from dashboard.views.scenarios import baseline_adoption

    client = app.server.test_client()
    dependencies = json.loads(client.get("/_dash-dependencies").data)
    page = scenarios.layout({"adopt": "DEU:80"})
    opened = next(c for c in page._traverse() if getattr(c, "id", None) == ID.OPENED).data
    adoption = {**baseline_adoption(), "DEU": 80}

    def post(**kwargs):
        body = json.loads(scenario_payload(dependencies, **kwargs))
        return client.post("/_dash-update-component", json=body)

    assert post(adoption=adoption, opened=opened).status_code == 204  # the sliders arrive
    shown = {"search": "?adopt=DEU:80,FRA:90"}  # a move since: the same sliders now change the page
    moved_back = post(adoption=adoption, opened=opened, address=shown)
    assert moved_back.status_code == 200 and b'"search":"?adopt=DEU:80"' in moved_back.data
    early = post(adoption={}, theta=6, opened=opened)  # theta moved before the sliders arrived
    assert early.status_code == 200 and b'"search":"?adopt=DEU:80&theta=6"' in early.data
    assert post(adoption={}, opened=opened).status_code == 204  # still the opened scenario


def test_an_upload_redraws_the_scenario_shown_even_though_its_address_stays():
    from benchmarks.payloads import scenario_payload
    from dashboard.app import app
    from dashboard.ids import Scenarios as ID
    from dashboard.views import scenarios as scn

    client = app.server.test_client()
    dependencies = json.loads(client.get("/_dash-dependencies").data)
    body = json.loads(scenario_payload(dependencies, scn.baseline_adoption(), address={"search": ""}))
    matrix, problems = scn.parse_upload(b"exporter,importer,value\nDEU,DEU,100\nDEU,FRA,10\nFRA,FRA,80\nFRA,DEU,12\n")
    assert not problems
    for item in body["inputs"]:
        if isinstance(item, dict) and item["id"] == ID.UPLOAD_STORE:
            item["value"] = scn.matrix_to_records(matrix)
    body["changedPropIds"] = [f"{ID.UPLOAD_STORE}.data"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200 and ID.SHARE_CHART.encode() in response.data
