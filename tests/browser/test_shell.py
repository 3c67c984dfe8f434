"""What a visitor does first: open the overview, use the navbar, hit a bad link, download the sources."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard import config
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


# Counts how often the page is drawn (the frame's root is put in), installed before any script of the page runs.
COUNT_PAGE_DRAWS = """
window.__pageDraws = 0;
new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(node => {
  if (node.nodeType === 1 && (node.id === 'atlas-root' || node.querySelector('#atlas-root'))) { window.__pageDraws += 1; }
}))).observe(document, {childList: true, subtree: true});
"""


def _draws(duo) -> int:
    return duo.driver.execute_script("return window.__pageDraws")


def _text_of(duo, element_id: str) -> str:
    """An element's text, read in one step (the router may replace the page between a lookup and a read)."""
    return duo.driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e.innerText : '';",
                                     element_id)


def test_a_control_writes_its_view_into_the_address_and_back_and_forward_move_between_views(atlas):
    """Dash Pages' router hears every address change; the page on screen tells it when it already shows
    that address (components/shell.py), so a control change is a history step that redraws nothing, and
    Back / Forward draw the view they lead to, on the same page too."""
    from tests.browser.conftest import pick, query_of

    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_PAGE_DRAWS})
    atlas.driver.get(atlas.server_url + "/strategies?economy=DEU")
    atlas.wait_for_element(f"#{Strategies.MAP} .main-svg", timeout=15)
    assert _draws(atlas) == 1
    pick(atlas, Strategies.COLOR, "Robot density")
    wait_until(lambda: query_of(atlas) == {"economy": "DEU", "color": "density"}, message="the address did not follow")
    time.sleep(1)  # the router's call for the new address has been answered (204)
    assert _draws(atlas) == 1
    atlas.driver.back()
    wait_until(lambda: query_of(atlas) == {"economy": "DEU"}, message="Back did not change the address")
    wait_until(lambda: _draws(atlas) == 2, message="Back did not draw the previous view")
    wait_until(lambda: _text_of(atlas, Strategies.COLOR).startswith("First strategy"),
               message="the colour control does not show the previous view")
    atlas.driver.forward()
    wait_until(lambda: _text_of(atlas, Strategies.COLOR).startswith("Robot density"),
               message="Forward did not draw the next view")
    atlas.find_element(f"#{Shell.NAVBAR} a[href='/methods']").click()
    atlas.wait_for_element(f"#{Methods.SOURCES_TABLE} tbody tr", timeout=10)
    atlas.driver.back()
    atlas.wait_for_text_to_equal(f"#{Shell.PAGE} h1", "National intelligent-manufacturing strategies", timeout=10)
    assert query_of(atlas) == {"economy": "DEU", "color": "density"}
    assert atlas.get_logs() == []


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
    open_path(atlas, "/scenarios?target=DEU:600&theta=6")
    wait_until(lambda: atlas.find_elements(".js-plotly-plot"), timeout=15)
    atlas.find_element(f"#{Shell.COPY_LINK}").click()
    read = ("const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, e => done('error: ' + e));")
    copied = wait_until(lambda: (text := atlas.driver.execute_async_script(read)).startswith("http") and text,
                        message="nothing was copied")
    assert copied == atlas.driver.current_url
    assert copied.endswith("/scenarios?target=DEU:600&theta=6")
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
    from plotly.offline import get_plotlyjs_version

    from tools import plotly_bundle

    open_path(atlas, path)
    wait_until(lambda: atlas.find_elements(".js-plotly-plot .main-svg"), timeout=15, message="no chart drawn")
    state = atlas.driver.execute_script(TRACE_TYPES_DRAWN)
    assert state["version"] == get_plotlyjs_version()
    assert sorted(state["registered"]) == sorted(plotly_bundle.TRACES)
    assert state["drawn"] and set(state["drawn"]) <= set(plotly_bundle.TRACES)
    urls = requested_urls(atlas)
    assert any(f"/assets/{config.PLOTLY_BUNDLE}?v=" in u for u in urls), urls
    assert not [u for u in urls if "plotly.min.js" in u]
    assert atlas.get_logs() == []


RESOURCES = "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);"


def test_ag_grid_comes_only_with_a_page_that_has_a_table(atlas):
    """dashboard/components/grid.py: the index leaves AG Grid's bundle out; a page without a table never
    fetches it, and the first page with a table fetches it once (assets/grid.js), and its grid works."""
    open_path(atlas, "/")
    atlas.wait_for_element(".js-plotly-plot .main-svg", timeout=15)
    time.sleep(1)
    assert not [u for u in atlas.driver.execute_script(RESOURCES) if "dash_ag_grid" in u]
    atlas.find_element(f"#{Shell.NAVBAR} a[href='/strategies']").click()
    atlas.wait_for_element(f"#{Strategies.TABLE} .ag-row", timeout=15)
    atlas.find_element(f"#{Shell.NAVBAR} a[href='/scenarios']").click()
    atlas.wait_for_element("#scenarios-table .ag-row", timeout=15)
    fetched = atlas.driver.execute_script(RESOURCES)
    assert len([u for u in fetched if "/dash_ag_grid/dash_ag_grid." in u]) == 1
    assert atlas.get_logs() == []
