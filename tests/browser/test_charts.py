"""Charts below a page's first come in the answer to the page's opening call (components/charts.py), and
every chart is named and described from its figure by the server (figures/describe.py)."""
from __future__ import annotations

import time

import pytest

from dashboard.components.charts import PLACEHOLDER_META
from dashboard.ids import Networks, Ranges, Scenarios
from tests.browser.conftest import open_path, wait_until

pytestmark = pytest.mark.browser

# When each chart (by its graph's id) was first drawn with its own figure.
DRAWN = """
window.__drawn = {};
new MutationObserver(() => {
  document.querySelectorAll('.js-plotly-plot').forEach(gd => {
    const key = gd.parentElement && gd.parentElement.id;
    if (!(key in window.__drawn) && gd.data && gd.data.length && !(gd.layout && gd.layout.meta === '%s')) {
      window.__drawn[key] = performance.now();
    }
  });
}).observe(document, {childList: true, subtree: true, attributes: true});
""" % PLACEHOLDER_META
SUMMARIES = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
  const chart = gd.closest('[role=figure]');
  return (document.getElementById(chart.getAttribute('aria-describedby')) || {}).textContent || '';
});
"""


@pytest.mark.parametrize("path, first, charts", [("/", "overview-strategies", 4), ("/strategies", "strategies-map", 2),
                                                 ("/scenarios", "scenarios-share-chart", 5)])
def test_the_first_chart_is_not_drawn_with_the_others_and_every_chart_gets_its_figure(atlas, path, first, charts):
    """The charts below the first come in another answer, so they are drawn in another task: the first
    never waits for them (a map can still come after a bar chart below it: it waits for its geometry)."""
    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DRAWN})
    open_path(atlas, path)
    drawn = wait_until(lambda: (d := atlas.driver.execute_script("return window.__drawn")) and len(d) == charts and d,
                       timeout=15, message="not every chart got its figure")
    # The ranges panel (components/ranges.py) starts with its own placeholder in the page, by design.
    assert all(abs(drawn[first] - t) > 5 for chart, t in drawn.items() if chart not in (first, Ranges.CHART)), drawn
    summaries = wait_until(lambda: (s := atlas.driver.execute_script(SUMMARIES)) and all(s) and s, timeout=10,
                           message="a chart has no summary")
    assert len(summaries) == charts
    if path == "/scenarios":  # axis titles drawn as annotations are read by name (figures/theme.py, describe.py)
        assert "percentage points of world goods exports" in summaries[0], summaries[0]
        assert "change in share of world goods exports (pp) against change in real income (real GDP, %)" in \
            summaries[3], summaries[3]
    assert atlas.get_logs() == []


# The output and status of every callback answer.
ANSWERS = """
window.__answers = [];
const fetched = window.fetch;
window.fetch = function (url, options) {
  return fetched.apply(this, arguments).then(response => {
    if (String(url).includes('_dash-update-component')) {
      window.__answers.push([JSON.parse(options.body).output, response.status]);
    }
    return response;
  });
};
"""


def _answers(duo, output: str) -> list[int]:
    return [status for out, status in duo.driver.execute_script("return window.__answers") if output in out]


def test_the_scenario_sliders_arrive_with_the_opening_call_and_redraw_nothing(atlas):
    """The presets and sliders come in the answer to the page's opening call (200), on the view the
    address names; their arrival sets off no other call."""
    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ANSWERS})
    open_path(atlas, "/scenarios?target=DEU:600")
    wait_until(lambda: atlas.find_elements("div[data-iso3='DEU'] input"), timeout=15, message="no sliders")
    assert atlas.find_element("div[data-iso3='DEU'] input").get_attribute("value") == "600"
    assert atlas.find_elements(f"button[id*='{Scenarios.PRESET}']")
    time.sleep(1)  # the call made as the sliders arrived has been answered
    assert _answers(atlas, f"{Scenarios.SHARE_CHART}.figure") == [200]  # once the first chart is on screen
    assert atlas.get_logs() == []


def test_the_networks_update_called_as_the_page_is_put_in_answers_nothing_to_update(atlas):
    """A page arrives with what its address shows. Its update callback is still called as the page is
    put in (so that Dash drops an answer still on its way to the page drawn before, which would land on
    this one); that call gets 204, so nothing the page shows is sent again."""
    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ANSWERS})
    open_path(atlas, "/networks?top=30&size=degree")
    wait_until(lambda: atlas.driver.execute_script(f"return document.querySelector('#{Networks.GRAPH} .main-svg')"),
               timeout=15, message="the chart was not drawn")
    time.sleep(1.5)
    assert _answers(atlas, f"{Networks.GRAPH}.figure") == [204]
    assert atlas.get_logs() == []
