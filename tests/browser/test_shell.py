"""What a visitor does first: open the overview, use the navbar, hit a bad link, download the sources."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ids import Methods, Overview, Shell, Strategies
from tests.browser.conftest import external_requests, open_path, requested_urls, wait_until

pytestmark = pytest.mark.browser


def test_overview_draws_its_charts_and_map_offline(atlas):
    open_path(atlas, "/")
    atlas.wait_for_element(f"#{Overview.ROBOT_CHART} .main-svg", timeout=10)
    # The cluster map draws country outlines only if the topojson came from our own assets.
    atlas.wait_for_element(f"#{Overview.CLUSTER_MAP} .geo path.countries, #{Overview.CLUSTER_MAP} .countries path",
                           timeout=15)
    assert len(atlas.find_elements(".js-plotly-plot")) >= 4
    assert "Robot density" in atlas.find_element(f"#{Overview.ROBOT_CHART}").text
    urls = requested_urls(atlas)
    assert any(u.endswith("/assets/topojson/world_110m.json") for u in urls), urls
    assert any("/assets/vendor/bootstrap/bootstrap.min.css" in u for u in urls), urls
    assert external_requests(urls, atlas.server_url) == []
    assert atlas.get_logs() == []


def test_external_requests_flags_other_hosts():
    urls = ["http://127.0.0.1:8058/_dash-layout", "https://cdn.plot.ly/world_110m.json", "data:image/png;base64,x"]
    assert external_requests(urls, "http://127.0.0.1:8058") == ["https://cdn.plot.ly/world_110m.json"]


def test_navbar_leads_to_methods_and_back(atlas):
    open_path(atlas, "/")
    atlas.find_element(f"#{Shell.NAVBAR} a[href='/methods']").click()
    atlas.wait_for_element(f"#{Methods.SOURCES_TABLE} tbody tr", timeout=10)
    assert atlas.driver.current_url.endswith("/methods")
    assert "World Bank" in atlas.find_element(f"#{Methods.SOURCES_TABLE}").text
    atlas.find_element(f"#{Shell.NAVBAR} .navbar-brand").click()
    atlas.wait_for_element(f"#{Overview.ROBOT_CHART}", timeout=10)
    assert atlas.get_logs() == []


# Counts how often the page's content is replaced (installed before any script of the page runs).
COUNT_PAGE_SWAPS = """
window.__pageSwaps = 0;
new MutationObserver(records => records.forEach(r => {
  if (r.target.id === '%s' && r.removedNodes.length) { window.__pageSwaps += 1; }
})).observe(document, {childList: true, subtree: true});
""" % Shell.PAGE


def test_the_page_comes_with_the_layout_and_back_still_renders_the_page_left(atlas):
    """The layout carries the page the address names, and the router leaves it alone (no second
    render of the same page); after navigating away, the browser's Back renders the page left."""
    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_PAGE_SWAPS})
    atlas.driver.get(atlas.server_url + "/strategies?economy=DEU")
    atlas.wait_for_text_to_equal(f"#{Shell.PAGE} h1", "National intelligent-manufacturing strategies", timeout=10)
    assert atlas.find_element(f"#{Shell.PAGE}").get_attribute("data-view") == "/strategies?economy=DEU"
    time.sleep(2)  # the router's answer to the load has come back by now
    assert atlas.driver.execute_script("return window.__pageSwaps") == 0
    atlas.find_element(f"#{Shell.NAVBAR} a[href='/methods']").click()
    atlas.wait_for_element(f"#{Methods.SOURCES_TABLE} tbody tr", timeout=10)
    assert atlas.find_element(f"#{Shell.PAGE}").get_attribute("data-view") == "/methods"
    assert atlas.driver.execute_script("return window.__pageSwaps") == 1  # the router put the methods page in
    atlas.driver.back()
    atlas.wait_for_text_to_equal(f"#{Shell.PAGE} h1", "National intelligent-manufacturing strategies", timeout=10)
    assert atlas.driver.current_url.endswith("/strategies?economy=DEU")
    assert atlas.get_logs() == []


def test_the_preloaded_layout_and_callback_graph_are_fetched_once(atlas):
    """dashboard.app preloads /_dash-layout and /_dash-dependencies; the renderer's own requests
    must take the preloaded answers, not ask again (a second request would cost more than it saves)."""
    atlas.driver.get(atlas.server_url + "/scenarios")
    atlas.wait_for_element(".js-plotly-plot .main-svg", timeout=15)
    fetched = atlas.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => [new URL(e.name).pathname, e.initiatorType])"
        ".filter(e => e[0].endsWith('_dash-layout') || e[0].endsWith('_dash-dependencies'));")
    assert sorted(fetched) == [["/_dash-dependencies", "link"], ["/_dash-layout", "link"]]
    assert atlas.get_logs() == []


def test_the_router_draws_a_page_only_for_a_view_it_does_not_show(atlas):
    """assets/shell.js route: the same view (presenter-mode parameters aside, parameters in any order)
    needs nothing; another query of the same page, another page, or no recorded view needs the page."""
    open_path(atlas, "/strategies?economy=DEU")
    route = "return window.dash_clientside.shell.route(arguments[0], arguments[1], arguments[2]);"
    skip = "return window.dash_clientside.shell.route(arguments[0], arguments[1], arguments[2]) === window.dash_clientside.no_update;"
    run = atlas.driver.execute_script
    assert run(skip, "/strategies", "?economy=DEU", "/strategies?economy=DEU")
    assert run(skip, "/strategies", "?economy=DEU&present=1&slide=2", "/strategies?economy=DEU")
    assert run(skip, "/strategies", "?focus=ai&economy=DEU", "/strategies?economy=DEU&focus=ai")
    assert run(skip, "/methods", "", "/methods")
    assert run(route, "/strategies", "?economy=FRA", "/strategies?economy=DEU") == {
        "pathname": "/strategies", "search": "?economy=FRA"}
    assert run(route, "/methods", "", "/strategies?economy=DEU") == {"pathname": "/methods", "search": ""}
    assert run(route, "/", "", "") == {"pathname": "/", "search": ""}
    assert run(route, "/", "", None) == {"pathname": "/", "search": ""}


def test_unknown_path_shows_a_404_page_with_links(atlas):
    open_path(atlas, "/nowhere?x=<script>alert(1)</script>")
    text = atlas.find_element(f"#{Shell.PAGE}").text
    assert "not found" in text.lower()
    assert atlas.find_elements(f"#{Shell.PAGE} a[href='/']")
    assert atlas.get_logs() == []


def test_methods_download_is_the_sources_table(atlas):
    from dashboard.datasets.sources import sources_table

    open_path(atlas, "/methods")
    atlas.wait_for_element(f"#{Methods.SOURCES_DOWNLOAD_BUTTON}").click()
    target = Path(atlas.download_path) / "atlas_sources.csv"
    deadline = time.time() + 10
    while not target.exists() and time.time() < deadline:
        time.sleep(0.2)
    downloaded = pd.read_csv(io.StringIO(target.read_text(encoding="utf-8")))
    expected = sources_table()
    assert len(downloaded) == len(expected)
    assert downloaded["rows"].sum() == expected["rows"].sum()
    assert list(downloaded.columns) == list(expected.columns)


def test_overview_download_is_every_figure_behind_its_charts(atlas):
    from dashboard.views.overview import DOWNLOAD_NAME, overview_figures

    from tests.browser.conftest import wait_until

    open_path(atlas, "/")
    wait_until(lambda: len(atlas.find_elements(".js-plotly-plot .main-svg")) >= 4, timeout=15,
               message="the overview's charts were not drawn")
    button = atlas.wait_for_element(f"#{Overview.DOWNLOAD_BUTTON}")
    atlas.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()
    target = Path(atlas.download_path) / DOWNLOAD_NAME
    deadline = time.time() + 10
    while not (target.exists() and target.stat().st_size) and time.time() < deadline:
        time.sleep(0.2)
    downloaded = pd.read_csv(io.StringIO(target.read_text(encoding="utf-8")))
    expected = overview_figures()
    assert list(downloaded.columns) == list(expected.columns)
    assert len(downloaded) == len(expected)
    assert downloaded.groupby("chart").size().to_dict() == expected.groupby("chart").size().to_dict()
    assert downloaded["value"].sum() == pytest.approx(expected["value"].sum())
    assert atlas.get_logs() == []


def test_copy_link_copies_the_address_of_the_current_view(atlas):
    from dashboard.ids import Shell
    from tests.browser.conftest import open_path, wait_until

    atlas.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": atlas.server_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    open_path(atlas, "/scenarios?adopt=DEU:80&theta=6")
    wait_until(lambda: atlas.find_elements(".js-plotly-plot"), timeout=15)
    atlas.find_element(f"#{Shell.COPY_LINK}").click()
    read = ("const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, e => done('error: ' + e));")
    copied = wait_until(lambda: (text := atlas.driver.execute_async_script(read)).startswith("http") and text,
                        message="nothing was copied")
    assert copied == atlas.driver.current_url
    assert copied.endswith("/scenarios?adopt=DEU:80&theta=6")
    assert atlas.get_logs() == []


TRACE_TYPES_DRAWN = """
return {
  version: window.Plotly && window.Plotly.version,
  registered: Object.keys(window.Plotly.PlotSchema.get().traces),
  drawn: [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => (gd.data || []).map(t => t.type || 'scatter')),
};
"""


@pytest.mark.parametrize("path", ["/", "/strategies", "/networks", "/scenarios"])
def test_charts_use_the_partial_plotly_bundle(atlas, path):
    """Every drawn trace's type is in our partial plotly.js, and Dash's full plotly.min.js is never fetched."""
    from dashboard.figures import plotly_bundle
    from tests.browser.conftest import wait_until

    open_path(atlas, path)
    wait_until(lambda: atlas.find_elements(".js-plotly-plot .main-svg"), timeout=15, message="no chart drawn")
    state = atlas.driver.execute_script(TRACE_TYPES_DRAWN)
    assert state["version"] == plotly_bundle.plotlyjs_version()
    assert sorted(state["registered"]) == sorted(plotly_bundle.TRACES)
    assert state["drawn"] and set(state["drawn"]) <= set(plotly_bundle.TRACES)
    urls = requested_urls(atlas)
    assert any(plotly_bundle.script_url() in u for u in urls), urls
    assert not [u for u in urls if "plotly.min.js" in u]
    assert atlas.get_logs() == []


RESOURCES = "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);"


def test_ag_grid_comes_only_with_a_page_that_has_a_table(atlas):
    """dashboard.app leaves AG Grid's bundle out of the index and loads dcc's graph, slider, dropdown and
    upload code with it: a page without a table never fetches AG Grid, and nothing of dcc is fetched
    late. The first page with a table fetches the bundle once (assets/grid.js), and its grid works."""
    open_path(atlas, "/")
    atlas.wait_for_element(".js-plotly-plot .main-svg", timeout=15)
    time.sleep(1)
    fetched = atlas.driver.execute_script(RESOURCES)
    assert not [u for u in fetched if "dash_ag_grid" in u]
    assert not [u for u in fetched if "/dcc/async-" in u and ".v" not in u.rsplit("/", 1)[-1]]  # no lazy chunk
    atlas.find_element(f"#{Shell.NAVBAR} a[href='/strategies']").click()
    atlas.wait_for_element(f"#{Strategies.TABLE} .ag-row", timeout=15)
    fetched = atlas.driver.execute_script(RESOURCES)
    assert len([u for u in fetched if "/dash_ag_grid/dash_ag_grid." in u]) == 1
    assert atlas.get_logs() == []


def test_a_table_whose_code_cannot_load_says_so_and_the_page_still_works(atlas):
    open_path(atlas, "/")
    atlas.driver.execute_script(
        "document.querySelector('meta[name=\"atlas-grid-script\"]').content = '/_dash-component-suites/dash_ag_grid/gone.js';")
    atlas.find_element(f"#{Shell.NAVBAR} a[href='/strategies']").click()
    alert = wait_until(lambda: [e for e in atlas.find_elements(f"#{Shell.PAGE} [role=alert]")
                                if "table could not be loaded" in e.text], timeout=15,
                       message="no message in place of the table")
    assert alert[0].is_displayed()
    assert atlas.find_elements(f"#{Strategies.MAP} .main-svg")  # the charts are unaffected
    assert not atlas.find_elements(".ag-root-wrapper")
