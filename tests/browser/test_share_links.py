"""Copy link → open the copied link → the same view, on every page of the atlas.

Each page keeps its view in the URL, so the navbar's "Copy link" must copy an address that reopens
exactly what is on screen. For every page: open a non-default view from its query (where the page
has view state), change it once more through the UI where that is simple (a slider nudged with the
keyboard, a radio button), copy the link, open it in a fresh page load, and compare a fingerprint of
the view: the page's visible text, every table's rows, every chart's trace data and the point labels
it draws, and every form control's value.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.components.charts import PLACEHOLDER_META
from dashboard.ids import Methods, Networks, Scenarios, Shell, Strategies
from tests.browser.conftest import centre, click, open_path, wait_until

pytestmark = pytest.mark.browser

# What a view looks like, as plain data:
# - text: the page's visible text, tables left out: an AG Grid's innerText depends on whether it has
#   been scrolled into view (it is empty on a fresh load at the top of the page), which is no view state;
# - grids: each table's rows instead, from the grid itself, in the order shown;
# - charts: each chart's traces (the data arrays only: layout sizes depend on the window) and the
#   point labels as drawn in its SVG;
# - controls: each slider's, input's and dropdown's value.
# Typed arrays (plotly's decoded binary data) become lists so that the result is JSON. `ready` says
# whether the page has drawn: every chart has data (none a placeholder: components/charts.py), every grid
# has rows, no callback is running.
FINGERPRINT = """
const page = document.getElementById(arguments[0]);
if (!page) return null;
const plain = v => v == null ? null : ArrayBuffer.isView(v) ? Array.from(v) : Array.isArray(v) ? v.map(plain) : v;
const gridRoots = [...page.querySelectorAll('.ag-root-wrapper')].map(w => w.closest('[id]'));
const text = el => !el.querySelector('.ag-root-wrapper') ? el.innerText : [...el.children]
  .filter(c => !gridRoots.includes(c) && c.checkVisibility()).map(text).filter(Boolean).join('\\n');
const grids = Object.fromEntries(gridRoots.map(root => {
  let rows = null;
  try {
    rows = [];
    dash_ag_grid.getApi(root.id).forEachNodeAfterFilterAndSort(node => rows.push(node.data));
  } catch (e) { rows = null; }
  return [root.id, rows];
}));
const charts = [...page.querySelectorAll('.js-plotly-plot')].map(gd => ({
  graph: gd.parentElement.id || '',
  traces: (gd.data || []).map(t => Object.fromEntries(
    ['type', 'x', 'y', 'z', 'locations', 'lat', 'lon', 'text'].map(k => [k, plain(t[k])]))),
  labels: [...gd.querySelectorAll('.textpoint text')].map(t => t.textContent),
}));
const controls = {};
page.querySelectorAll('[role=slider]').forEach((s, i) =>
  controls[`slider ${i} ${s.getAttribute('aria-label') || ''}`] = s.getAttribute('aria-valuenow'));
page.querySelectorAll('input:not(.dash-dropdown-focus-target)').forEach((el, i) =>
  controls[`input ${i} ${el.id || el.getAttribute('aria-label') || ''}`] =
    ['radio', 'checkbox'].includes(el.type) ? el.checked : el.value);
page.querySelectorAll('.dash-dropdown').forEach(d => controls[`dropdown ${d.id}`] = d.innerText);
const placeholders = [...page.querySelectorAll('.js-plotly-plot')].filter(gd => gd.layout && gd.layout.meta === '__LATER__');
const ready = !page.querySelector('[data-dash-is-loading="true"]') && !placeholders.length
  && page.querySelectorAll('.dash-graph').length === charts.length && charts.every(c => c.traces.length)
  && Object.values(grids).every(rows => rows && rows.length)
  && [...page.querySelectorAll('[id*="grid-slot"]')].every(slot => slot.children.length)
  && (!document.getElementById('scenarios-adoption-controls') || page.querySelector('.adopt-row'));
return {ready, text: text(page), grids, charts, controls};
""".replace("__LATER__", PLACEHOLDER_META)
READ_CLIPBOARD = ("const done = arguments[arguments.length - 1];"
                  "navigator.clipboard.readText().then(done, e => done('error: ' + e));")
CLEAR_CLIPBOARD = ("const done = arguments[arguments.length - 1];"
                   "navigator.clipboard.writeText('').then(() => done(''), e => done('error: ' + e));")
QUIET_SECONDS, SETTLE_TIMEOUT = 0.5, 20.0


def fingerprint(duo) -> dict | None:
    return duo.driver.execute_script(FINGERPRINT, Shell.PAGE)


def settled_fingerprint(duo) -> dict:
    """The view's fingerprint once the page has drawn and nothing changed for QUIET_SECONDS."""
    last, since = None, None

    def quiet():
        nonlocal last, since
        now = fingerprint(duo)
        if not (now and now["ready"]) or now != last:
            last, since = now, time.monotonic()
            return None
        return time.monotonic() - since >= QUIET_SECONDS and now

    result = wait_until(quiet, timeout=SETTLE_TIMEOUT,
                        message=f"the page never settled: {last and last['text'][:300]!r}")
    return {k: v for k, v in result.items() if k != "ready"}


def nudge_slider(duo, selector: str) -> None:
    """Move a slider one step the keyboard way: focus its first thumb, press →."""
    thumb = duo.find_element(selector)
    centre(duo, thumb)
    thumb.send_keys(Keys.ARROW_RIGHT)


def rest(duo) -> None:
    """Take focus off the controls: a focused slider shows its tooltip, which is not part of the view
    (a freshly opened link has nothing focused)."""
    duo.driver.execute_script("document.activeElement && document.activeElement.blur();")


def copy_link(duo) -> str:
    """Click the navbar's Copy link; the clipboard's text."""
    duo.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": duo.server_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    assert duo.driver.execute_async_script(CLEAR_CLIPBOARD) == ""
    click(duo, f"#{Shell.COPY_LINK}")
    return wait_until(lambda: (text := duo.driver.execute_async_script(READ_CLIPBOARD)).startswith("http") and text,
                      message="nothing was copied")


def assert_same_view(before: dict, after: dict) -> None:
    """The view before copying equals the one the copied link opened, part by part (clear messages)."""
    assert after["controls"] == before["controls"], "the controls differ after opening the copied link"
    assert after["grids"] == before["grids"], "the tables' rows differ after opening the copied link"
    assert [c["graph"] for c in after["charts"]] == [c["graph"] for c in before["charts"]]
    for was, now in zip(before["charts"], after["charts"]):
        assert now["traces"] == was["traces"], f"chart {was['graph']!r}: the data differ after opening the link"
        assert now["labels"] == was["labels"], (
            f"chart {was['graph']!r} draws other point labels after opening the copied link, with the same data: "
            f"{was['labels']} before copying, {now['labels']} after")
    assert after["text"] == before["text"], "the page's text differs after opening the copied link"


@dataclass(frozen=True)
class Case:
    path: str                                   # the page, with a non-default view where it has one
    shows: tuple[str, str]                      # (selector, text): the view's key state, visibly there
    change: Callable | None = None              # one change through the UI before copying


CASES = {
    "overview": Case("/", (f"#{Shell.PAGE} h1", "How intelligent manufacturing reshapes trade")),
    "strategies": Case(
        "/strategies?economy=DEU&focus=robotics&color=density", (f"#{Strategies.DETAIL}", "Industrie 4.0"),
        lambda duo: nudge_slider(duo, f"#{Strategies.PERIOD} [role=slider]")),   # from 2010 to 2011
    "networks": Case(
        "/networks?top=25&cluster=greater-tokyo&size=degree", (f"#{Networks.PANEL}", "Greater Tokyo Area"),
        lambda duo: click(duo, f"#{Networks.VIEW} input[value='network']")),
    "scenarios": Case(
        "/scenarios?target=DEU:600&theta=6", (f"#{Scenarios.HEADLINES}", "Germany gains"),
        lambda duo: nudge_slider(duo, f"[id*='{Scenarios.ADOPT}'] [role=slider]")),
    "methods": Case("/methods", (f"#{Methods.SOURCES_TABLE}", "World Bank")),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_copied_link_reopens_the_same_view(atlas, case):
    open_path(atlas, case.path)
    settled_fingerprint(atlas)
    if case.change:
        opened = atlas.driver.current_url
        case.change(atlas)
        wait_until(lambda: atlas.driver.current_url != opened, timeout=10,
                   message=f"the address did not follow the UI change: {opened}")
    rest(atlas)
    before = settled_fingerprint(atlas)
    address = atlas.driver.current_url

    copied = copy_link(atlas)
    assert copied == address and copied.startswith("http")
    assert urlparse(copied).path == urlparse(case.path).path

    atlas.driver.get("about:blank")
    atlas.driver.get(copied)
    atlas.wait_for_element(f"#{Shell.PAGE} > *", timeout=10)
    after = settled_fingerprint(atlas)
    assert atlas.driver.current_url == copied
    selector, text = case.shows
    assert text in atlas.find_element(selector).text
    assert_same_view(before, after)
    assert atlas.get_logs() == []
