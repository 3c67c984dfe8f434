"""Smoke tests without a browser: the app builds, every page registers and renders, the router leaves a
page alone for the address it shows, bad URLs and bad data fail gently."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import dash
import pytest
from dash import dcc, html
from dash.exceptions import PreventUpdate

from dashboard import config
from dashboard.components import charts, shell
from dashboard.ids import Content, Grid, Networks, Scenarios as ID, Shell, Strategies
from dashboard.views.query import MAX_QUERY_LENGTH, parse_query, query_from_params
from tests.callbacks import painted, router_payload, scenario_payload
from tests.pages import PATHS, render


def _text(component) -> str:
    """All text inside a component tree."""
    if isinstance(component, str):
        return component
    if isinstance(component, (int, float)) or component is None:
        return ""
    if isinstance(component, (list, tuple)):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def test_app_builds_with_every_page_registered_and_debug_off():
    from dashboard.app import app, server
    assert server is app.server
    assert PATHS == ("/", "/strategies", "/networks", "/content", "/scenarios", "/methods")
    assert server.debug is False
    titles = {p["path"]: p["title"] for p in dash.page_registry.values()}
    assert all(config.APP_TITLE in title for title in titles.values())


def test_assets_are_local_not_cdn():
    from dashboard.app import app
    assert app.config.external_stylesheets == [config.BOOTSTRAP_CSS]
    assert (config.ASSETS_DIR / "vendor/bootstrap/bootstrap.min.css").is_file()
    assert (config.ASSETS_DIR / "topojson/world_110m.json").is_file()
    assert app.config.serve_locally is True


@pytest.mark.parametrize("path", PATHS)
def test_every_page_renders_in_the_frame(path):
    layout = render(path)
    assert layout.id == "atlas-root"
    assert layout[Shell.URL].refresh == "callback-nav"
    assert layout[{"type": Shell.VIEW, "page": path}].data == {"path": path, "query": {}}
    assert "went wrong" not in _text(layout)


def test_an_unknown_path_gets_a_friendly_404_with_links_that_does_not_echo_the_address():
    layout = render("/no-such-page", "?x=<script>")
    text = _text(layout)
    assert "not found" in text.lower() and "no-such-page" not in text and "<script>" not in text
    assert [li.children.href for li in layout["not-found"].children[2].children] == list(PATHS)


def test_a_failing_layout_shows_an_error_notice_not_a_traceback():
    def boom(**_query):
        raise RuntimeError("secret internal detail /etc/passwd")

    text = _text(shell.page_layout("/boom", boom)(x="1"))
    assert "secret" not in text and "Traceback" not in text
    assert "went wrong" in text


@pytest.mark.parametrize("search, on_screen, redrawn", [
    ("?economy=DEU", [{"path": "/strategies", "query": {"economy": "DEU"}}], False),  # its own control wrote it
    ("?economy=FRA", [{"path": "/strategies", "query": {"economy": "DEU"}}], True),   # Back to another view
    ("?economy=DEU&present=1", [{"path": "/strategies", "query": {"economy": "DEU"}}], True),  # another mode
    ("", [{"path": "/methods", "query": {}}], True),                                     # another page
    ("?economy=DEU", [], True),                                                          # the first page
    ("?economy=DEU", ["junk", 3, None], True),                                           # a hostile client
])
def test_the_router_redraws_a_page_only_for_an_address_it_does_not_show(search, on_screen, redrawn):
    if redrawn:
        assert render("/strategies", search, on_screen=on_screen).id == "atlas-root"
    else:
        with pytest.raises(PreventUpdate):
            render("/strategies", search, on_screen=on_screen)


def test_the_router_answers_over_http_with_the_page_or_nothing_to_update(client, dependencies):
    record = {"path": "/scenarios", "query": {"adopt": "DEU:80"}}
    drawn = client.post("/_dash-update-component", data=router_payload(dependencies, "/scenarios", "?adopt=DEU:80"),
                        content_type="application/json")
    assert drawn.status_code == 200 and b"Scenarios: who gains" in drawn.data
    same = client.post("/_dash-update-component", content_type="application/json",
                       data=router_payload(dependencies, "/scenarios", "?adopt=DEU:80", on_screen=[record]))
    assert same.status_code == 204


@pytest.mark.parametrize("params, query", [
    ({"a": "1", "b": "x"}, {"a": "1", "b": "x"}),
    ({"a": ["1", "2"]}, {"a": "1"}),
    ({"a": ""}, {}), ({}, {}), ({"a": 3}, {}),
    ({"a": "x" * MAX_QUERY_LENGTH}, {}),
])
def test_the_query_a_layout_gets_is_read_as_parse_query_reads_a_search(params, query):
    assert query_from_params(params) == query


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


def test_bootstrap_is_linked_once_and_before_our_stylesheet(client):
    text = client.get("/").get_data(as_text=True)
    assert text.count("bootstrap.min.css") == 1
    assert text.index("bootstrap.min.css") < text.index("style.css")


@pytest.mark.parametrize("address, opening", [
    ("/strategies", '<html lang="en">'),
    ("/strategies?economy=DEU&present=1", '<html lang="en" class="atlas-present">'),
    ("/networks?embed=1&chart=networks-graph", '<html lang="en" class="atlas-embed">'),
    ("/networks?present=2&embed=yes", '<html lang="en">'),
])
def test_the_index_styles_the_mode_of_its_address_from_the_first_paint(client, address, opening):
    assert opening in client.get(address).get_data(as_text=True)


def test_the_result_cache_is_in_process_by_default_and_redis_when_configured():
    import flask

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
    # With REDIS_URL the Redis backend is chosen (building it connects to nothing yet).
    shared = flask.Flask("probe2")
    cache.init(shared, environ={"REDIS_URL": "redis://localhost:6379/0"})
    assert [type(b).__name__ for b in shared.extensions["cache"].values()] == ["RedisCache"]


def test_the_scenarios_page_arrives_with_the_results_of_its_address():
    """No second round trip before the first chart: the layout holds its figure, the headline and the
    table for the scenario the URL names; the charts below it are placeholders of their final height."""
    page = render("/scenarios", "?target=DEU:600")
    share = page[ID.SHARE_CHART]
    assert isinstance(share, dcc.Graph) and share.figure["data"]
    assert page[f"{ID.SHARE_CHART}-summary"].children.startswith("Bar chart of")
    for chart in (ID.MAP, ID.WELFARE_CHART, ID.RANK_CHART):
        assert page[chart].figure["layout"]["meta"] == charts.PLACEHOLDER_META, chart
        assert page[chart].figure["layout"]["height"] > 300, chart
    assert _text(page[ID.HEADLINES]).startswith("Germany gains")
    table = page[{"type": Grid.LATER, "grid": ID.TABLE}].data  # the grid waits for its bundle (components/grid.py)
    assert (table["namespace"], table["type"]) == ("dash_ag_grid", "AgGrid")
    from dashboard.views.scenario_state import density_baselines
    assert len(table["props"]["rowData"]) == len(density_baselines()) + 1  # every economy and ROW
    assert page[ID.DRAWN].data["search"] == "?target=DEU:600" and page[ID.DRAWN].data["ranks"].count(":") > 20
    assert page[ID.ADOPTION_CONTROLS].children is None  # the sliders come with the opening call


def test_the_scenarios_page_opens_on_a_preset_and_states_the_data_year():
    page = render("/scenarios", "")
    assert page[ID.DRAWN].data["search"] == "?target=CHN:492"
    assert _text(page[ID.HEADLINES]).startswith("China gains") and "Why:" in _text(page[ID.HEADLINES])
    assert "Robot densities are for 2019" in _text(page[ID.DATA_YEAR])


@pytest.mark.parametrize("path, query, chart", [
    ("/strategies", "?economy=DEU", Strategies.MAP),
    ("/networks", "?top=25", Networks.GRAPH),
    ("/content", "?economy=DEU", Content.GROWTH),
])
def test_chart_pages_arrive_with_their_first_figure(path, query, chart):
    page = render(path, query)
    assert page[chart].figure is not None and page[chart].figure.get("layout", {}).get("meta") != \
        charts.PLACEHOLDER_META
    assert page[f"{chart}-name"].children and page[f"{chart}-summary"].children


def _post(client, body: bytes):
    return client.post("/_dash-update-component", data=body, content_type="application/json")


def test_the_scenarios_opening_call_sends_the_charts_and_sliders_the_page_arrived_without(client, dependencies):
    from dashboard.views.scenario_state import density_baselines

    drawn = render("/scenarios", "?target=DEU:600")[ID.DRAWN].data
    assert _post(client, scenario_payload(dependencies, {}, drawn=drawn, changed=[])).status_code == 204  # put in
    opening = _post(client, scenario_payload(dependencies, {}, drawn=drawn, changed=[f"{painted('/scenarios')}.data"]))
    assert opening.status_code == 200
    sent = json.loads(opening.data)["response"]
    assert set(sent) == {ID.MAP, ID.WELFARE_CHART, ID.RANK_CHART, ID.ADOPTION_CONTROLS, f"{ID.MAP}-name",
                         f"{ID.MAP}-summary", f"{ID.WELFARE_CHART}-name", f"{ID.WELFARE_CHART}-summary",
                         f"{ID.RANK_CHART}-name", f"{ID.RANK_CHART}-summary"}
    assert '"value": 600' in json.dumps(sent[ID.ADOPTION_CONTROLS]) or '"value":600' in opening.data.decode()
    # The sliders arrive: Dash calls update with every slider as changed and nothing moved: nothing to send.
    targets = {c: b.density for c, b in density_baselines().items()} | {"DEU": 600.0}
    assert _post(client, scenario_payload(dependencies, targets, drawn=drawn)).status_code == 204


def test_the_scenarios_update_reads_the_drawn_targets_before_the_sliders_arrive(client, dependencies):
    drawn = render("/scenarios", "?target=DEU:600")[ID.DRAWN].data
    early = _post(client, scenario_payload(dependencies, {}, theta=6, drawn=drawn))  # θ moved before the sliders came
    assert early.status_code == 200
    sent = json.loads(early.data)["response"]
    assert sent[ID.DRAWN]["data"]["search"] == "?target=DEU:600&theta=6"  # the address follows it (keep_address)
    assert _post(client, scenario_payload(dependencies, {}, drawn=drawn)).status_code == 204  # still that scenario


def test_a_control_change_in_presenter_mode_keeps_the_mode_in_the_address(client, dependencies):
    from dashboard.pages import scenarios

    drawn = render("/scenarios", "?target=DEU:600")[ID.DRAWN].data
    mode = {"present": "1", "slide": "4"}
    sent = json.loads(_post(client, scenario_payload(dependencies, {}, theta=6, drawn=drawn, mode=mode)).data)
    assert sent["response"][ID.SHARE_CHART]["figure"]["layout"]["title"]["font"]["size"] == 20  # type grows too
    search, record = scenarios.keep_address(sent["response"][ID.DRAWN]["data"], mode)
    assert search == "?target=DEU:600&theta=6&present=1&slide=4"
    # The record leaves the slide out: it moves the toolbar, not the page (components/shell.py record).
    assert record == {"path": "/scenarios", "query": {"target": "DEU:600", "theta": "6", "present": "1"}}


def test_an_upload_redraws_the_scenario_shown_even_though_its_address_stays(client, dependencies):
    from dashboard.views import scenario_files as files

    body = json.loads(scenario_payload(dependencies, {"DEU": 600.0}, drawn={"search": "?target=DEU:600"}))
    matrix, problems, _ = files.parse_upload(
        b"exporter,importer,value\nDEU,DEU,100\nDEU,FRA,10\nFRA,FRA,80\nFRA,DEU,12\n")
    assert not problems
    for item in body["inputs"]:
        if isinstance(item, dict) and item["id"] == ID.UPLOAD_STORE:
            item["value"] = files.matrix_to_records(matrix)
    body["changedPropIds"] = [f"{ID.UPLOAD_STORE}.data"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200 and ID.SHARE_CHART.encode() in response.data


@pytest.mark.parametrize("path", PATHS)
def test_every_chart_takes_its_map_geometry_from_our_assets(path):
    from dashboard.components.shell import walk
    from dashboard.figures.maps import TOPOJSON_URL

    graphs = [c for c in walk(render(path)) if isinstance(c, dcc.Graph)]
    assert all(g.config["topojsonURL"] == TOPOJSON_URL for g in graphs)


def test_the_content_page_arrives_with_its_view_and_its_charts_below_the_first_as_placeholders():
    page = render("/content", "?economy=KOR&inforce=1&base=1800&leader=bogus")
    assert _text(page[Content.HEADLINE]).startswith("Korea, Rep., 2011–2020: ")
    assert page[Content.ECONOMY].value == "KOR" and page[Content.IN_FORCE].value is True
    notices = _text(page[Content.NOTICE])
    assert "base=1800 is outside" in notices and "Ignored leader='bogus'" in notices
    for chart in (Content.LEADERS, Content.LEADERS_MAP):
        assert page[chart].figure["layout"]["meta"] == charts.PLACEHOLDER_META, chart
    assert page[Content.DRAWN].data == "?economy=KOR&base=1960&inforce=1"
    rules = _text(page[Content.RULES])
    assert "in force since" in rules and "negotiations concluded" not in rules  # in force only
    assert _text(page[Content.COVERAGE]).count("missing") > 10  # the gaps are on the page


def test_the_content_page_is_in_the_navbar_after_networks_with_a_title_and_description():
    content = next(p for p in dash.page_registry.values() if p["path"] == "/content")
    assert PATHS.index("/content") == PATHS.index("/networks") + 1
    assert content["name"] == "New trade content" and config.APP_TITLE in content["title"]
    assert "goods" in content["description"]


def test_the_overview_links_to_the_content_page():
    links = [c for c in shell.walk(render("/")) if isinstance(c, dcc.Link)]
    assert "/content" in [link.href for link in links]


def test_the_overview_map_shows_the_clusters_its_count_names():
    """Issue 26 #5: counts that agree: the map plotted 46 clusters beside a card saying 43."""
    import base64

    import numpy as np

    from dashboard.ids import Overview
    from dashboard.pages import overview
    from dashboard.views.networks import cluster_count

    count = cluster_count()
    figure = overview._figures()[Overview.CLUSTER_MAP]
    def points(values) -> int:  # a list, or plotly's typed array {"dtype", "bdata": base64}
        if isinstance(values, dict):
            return len(base64.b64decode(values["bdata"])) // np.dtype(values["dtype"]).itemsize
        return len(values)

    shown = sum(points(trace["lat"]) for trace in figure["data"])
    assert shown == count.clusters == 43
    text = " ".join(str(c.children) for c in shell.walk(render("/")) if isinstance(c, html.P))
    assert f"{count.clusters} city clusters in {count.countries} countries" in text
