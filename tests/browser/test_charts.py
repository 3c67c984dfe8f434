"""Charts below a page's first are drawn after it (dashboard/components/charts.py, assets/charts.js)."""
from __future__ import annotations

import time

import pytest

from dashboard.components.charts import PLACEHOLDER_META
from dashboard.ids import Chart, Networks, Scenarios, Strategies
from tests.browser.conftest import later_parts_arrived, open_path, wait_until

pytestmark = pytest.mark.browser

# When each chart (by its container's id, in page order) was first drawn with its own figure.
DRAWN = """
window.__drawn = {};
new MutationObserver(() => {
  document.querySelectorAll('.js-plotly-plot').forEach((gd, i) => {
    const key = i + ':' + (gd.parentElement && gd.parentElement.id);
    if (!(key in window.__drawn) && gd.data && gd.data.length && !(gd.layout && gd.layout.meta === '%s')) {
      window.__drawn[key] = performance.now();
    }
  });
}).observe(document, {childList: true, subtree: true, attributes: true});
""" % PLACEHOLDER_META


@pytest.mark.parametrize("path, charts", [("/", 4), ("/strategies", 2), ("/scenarios", 4)])
def test_the_first_chart_is_drawn_before_the_others_and_every_chart_gets_its_figure(atlas, path, charts):
    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DRAWN})
    open_path(atlas, path)
    drawn = wait_until(lambda: (d := atlas.driver.execute_script("return window.__drawn")) and len(d) == charts and d,
                       timeout=15, message="not every chart got its figure")
    order = sorted(drawn, key=lambda k: int(k.split(":")[0]))
    first, rest = drawn[order[0]], [drawn[k] for k in order[1:]]
    assert all(t - first > 5 for t in rest), drawn  # a later task, after the frame with the first chart
    summaries = atlas.driver.execute_script(
        "return Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => "
        "(document.getElementById(gd.getAttribute('aria-describedby')) || {}).textContent || '')")
    assert len(summaries) == charts and all(summaries), summaries  # the text alternatives follow the figures
    if path == "/scenarios":  # axis titles drawn as annotations are read by name (figures/theme.py, describe.js)
        assert "percentage points of world exports" in summaries[0], summaries[0]
        assert "change in real income (%) against change in domestic share" in summaries[3], summaries[3]
    assert atlas.get_logs() == []


STALE = """
window.dash_clientside.callback_context = {inputs_list: [{id: {type: arguments[1], graph: arguments[0]}}]};
window.dash_clientside.charts.later({data: [], layout: {title: {text: 'stale'}, meta: 'stale'}});
"""


def test_a_deferred_figure_never_replaces_a_chart_already_drawn(atlas):
    """An update that draws a chart before its deferred figure arrives wins: the deferred figure is
    handed over only while the chart still shows its placeholder."""
    open_path(atlas, "/scenarios")
    title = f"return document.querySelector('#{Scenarios.MAP} .gtitle').textContent"
    wait_until(lambda: atlas.driver.execute_script(f"try {{ {title} }} catch (e) {{ return ''; }}"), timeout=15,
               message="the map was not drawn")
    atlas.driver.execute_script(STALE, Scenarios.MAP, Chart.LATER)
    time.sleep(1.0)  # well past the frame after which a deferred figure is handed over
    assert atlas.driver.execute_script(title) == "Where export share shifts (pp)"
    assert atlas.get_logs() == []


# When the first chart and the first slider row appeared, and the status of every callback answer.
ARRIVALS = """
window.__seen = {}; window.__answers = [];
new MutationObserver(() => {
  for (const [name, selector] of [['chart', '.js-plotly-plot .main-svg'], ['sliders', '.adopt-row']]) {
    if (!window.__seen[name] && document.querySelector(selector)) { window.__seen[name] = performance.now(); }
  }
}).observe(document, {childList: true, subtree: true});
const fetched = window.fetch;
window.fetch = function (url, options) {
  return fetched.apply(this, arguments).then(response => {
    if (String(url).includes('_dash-update-component')) { window.__answers.push(response.status); }
    return response;
  });
};
"""


def test_the_scenario_sliders_arrive_after_the_first_chart_and_redraw_nothing(atlas):
    """The presets and the adoption sliders come after the first chart is painted (their ~130
    components would delay it), on the view the address names; Dash's call as they arrive gets
    "nothing to update" (204), so no chart is drawn twice."""
    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ARRIVALS})
    open_path(atlas, "/scenarios?adopt=DEU:80")
    seen = wait_until(lambda: (s := atlas.driver.execute_script("return window.__seen")) and len(s) == 2 and s,
                      timeout=15, message="no chart or no sliders")
    assert seen["sliders"] - seen["chart"] > 5, seen  # a later task, after the frame with the first chart
    wait_until(lambda: later_parts_arrived(atlas), message="a slot is still empty")
    assert atlas.find_element(f"div[data-iso3='DEU'] input").get_attribute("value") == "80"
    assert atlas.find_elements(f"button[id*='{Scenarios.PRESET}']")
    time.sleep(1)  # the call made as the sliders arrived has been answered
    answers = atlas.driver.execute_script("return window.__answers")
    assert answers and set(answers) == {204}, answers
    assert atlas.get_logs() == []


# The output and status of every callback answer.
OPENING = """
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


@pytest.mark.parametrize("path, chart, output", [
    ("/networks?top=30&size=degree", Networks.GRAPH, f"{Networks.GRAPH}.figure"),
    ("/strategies?economy=DEU&color=density", Strategies.MAP, f"{Strategies.MAP}.figure"),
])
def test_the_update_called_as_the_page_is_put_in_answers_nothing_to_update(atlas, path, chart, output):
    """A page arrives with what its address shows. Its update callback is still called as the page is put
    in (so that Dash drops an answer still on its way to the page drawn before, which would land on this
    one); that call gets 204, so nothing the page shows is sent again."""
    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OPENING})
    open_path(atlas, path)
    wait_until(lambda: atlas.driver.execute_script(f"return document.querySelector('#{chart} .main-svg')"),
               timeout=15, message="the chart was not drawn")
    time.sleep(1.5)  # the call made as the page was put in has been answered
    answers = [status for out, status in atlas.driver.execute_script("return window.__answers") if output in out]
    assert answers == [204], atlas.driver.execute_script("return window.__answers")
    assert atlas.get_logs() == []
