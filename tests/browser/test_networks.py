"""The networks page as a policymaker, a presenter and an analyst use it: the chart above the fold, domestic and
international links, a node's panel (where its sales go), content layers, links shared, CSV files.

About 15 tests, each starting the app once (~1 minute together on a quiet machine)."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from selenium.common.exceptions import JavascriptException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.figures.networks import CHANGE_COLOURS
from dashboard.ids import Networks as ID
from tests.browser.conftest import (
    centre as _centre,
    click as _click,
    open_path,
    pick,
    query_of as _query,
    wait_until as _wait,
)

pytestmark = pytest.mark.browser

GRAPH = f"#{ID.GRAPH} .js-plotly-plot"
# The links drawn: the (source, target) pairs the figure's hover layer carries, one per link.
LINKS = f"""const gd = document.querySelector('{GRAPH}');
if (!gd || !gd.data) return null;
const t = gd.data.find(t => t.meta === 'links');
return t ? t.customdata.map(c => c.slice(0, arguments.length ? arguments[0] : 2)) : null;"""
CLUSTERS = f"""const gd = document.querySelector('{GRAPH}');
if (!gd || !gd.data) return null;
return gd.data.filter(t => t.meta === 'clusters').flatMap(t => t.customdata);"""


def _links(duo) -> list[list[str]] | None:
    return duo.driver.execute_script(LINKS)


def _open(duo, path: str) -> list[list[str]]:
    open_path(duo, path)
    return _wait(lambda: _links(duo), message="no links were drawn")


def _traces(duo) -> list[dict]:
    return duo.driver.execute_script(
        f"return document.querySelector('{GRAPH}').data.map(t => ({{type: t.type, name: t.name || '',"
        " meta: t.meta || '', colour: (t.line || {}).color || ''}));")


def _set_top(duo, value: int) -> None:
    """Type the number of links into the slider's box, then Tab away (the box commits on blur)."""
    box = duo.find_element(f"#{ID.TOP} input")
    _centre(duo, box)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(str(value), Keys.TAB)


def _panel(duo) -> str:
    return duo.find_element(f"#{ID.PANEL}").text


# Move the pointer (a mousemove where plotly listens) to the first point of a trace; return the hover label.
HOVER = f"""const gd = document.querySelector('{GRAPH}');
const t = gd.data.find(t => t.meta === arguments[0] && (!arguments[1] || t.name === arguments[1]));
const box = gd.getBoundingClientRect();
let x, y;
if (t.type === 'scatter') {{
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  x = box.left + xa._offset + xa.l2p(t.x[0]); y = box.top + ya._offset + ya.l2p(t.y[0]);
}} else {{
  const at = gd._fullLayout.geo._subplot.projection([t.lon[0], t.lat[0]]);
  x = box.left + at[0]; y = box.top + at[1];
}}
const move = new MouseEvent('mousemove', {{clientX: x, clientY: y, bubbles: true}});
document.elementFromPoint(x, y).dispatchEvent(move);"""


def _hover(duo, meta: str, expected: str, name: str | None = None) -> str:
    """The hover label over the first point of the trace with this meta (and name), once it shows `expected`."""
    _centre(duo, duo.find_element(GRAPH))

    def label() -> str:
        # Hover again until the label shows: on a loaded machine the map's projection (geo._subplot) may
        # not exist yet when the chart first appears, and the script then fails; that is not the test's point.
        try:
            duo.driver.execute_script(HOVER, meta, name)
        except JavascriptException:
            return ""
        return " ".join(e.text for e in duo.find_elements(f"{GRAPH} .hoverlayer .hovertext"))

    return _wait(lambda: expected in (text := label()) and text,
                 message=f"no hover label with {expected!r} over the {meta}")


EVERY = 2145  # links between the 66 drawn nodes of the nested baseline (tests/views check the count)


def test_the_page_draws_the_strongest_links_and_says_they_are_modeled(atlas):
    links = _open(atlas, "/networks")
    assert len(links) == 60
    status = _wait(lambda: atlas.find_element(f"#{ID.STATUS}").text)
    assert status.startswith(f"Showing the 60 strongest of {EVERY:,} links between")
    assert "domestic" in status and "international" in status
    text = atlas.find_element("#page-content").text
    assert "modeled" in text and "43 city clusters in 22 countries" in text
    assert atlas.find_element("#page-content a[href='/methods']")
    assert atlas.get_logs() == []


# A 1280×720 screen leaves about 600 px of page in a browser window (tabs, address bar): the chart must
# start in the upper half of it and show most of itself without a scroll.
VIEWPORT = {"width": 1280, "height": 600, "deviceScaleFactor": 1, "mobile": False}
BOX = """const r = document.querySelector(arguments[0]).getBoundingClientRect();
return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};"""


@pytest.mark.parametrize("path", ["/networks", "/networks?view=network&target=DEU:900&theta=6", "/networks?present=1"])
def test_at_1280_by_720_the_chart_is_above_the_fold_and_its_title_clear_of_the_mode_bar(atlas, path):
    atlas.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", VIEWPORT)
    try:
        _open(atlas, path)
        graph = atlas.driver.execute_script(BOX, f"#{ID.GRAPH}")
        assert graph["top"] <= VIEWPORT["height"] / 2, graph
        assert VIEWPORT["height"] - graph["top"] >= 300, graph  # at least 300 px of the chart on the first screen
        title = atlas.driver.execute_script(BOX, f"#{ID.GRAPH} .gtitle")
        atlas.driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('mousemove', {bubbles: true}))",
                                    atlas.find_element(f"#{ID.GRAPH} .main-svg"))
        bar = atlas.driver.execute_script(BOX, f"#{ID.GRAPH} .modebar")
        assert title["right"] < bar["left"] or title["bottom"] < bar["top"], (title, bar)
    finally:
        atlas.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert atlas.get_logs() == []


def test_the_network_view_labels_its_largest_nodes(atlas):
    _open(atlas, "/networks?view=network")
    labels = _wait(lambda: [e.text for e in atlas.find_elements(f"{GRAPH} .textpoint") if e.text],
                   message="no node labels")
    assert len(labels) >= 8 and "Yangtze River Delta" in labels and len(set(labels)) == len(labels)
    assert atlas.get_logs() == []


def test_changing_the_number_of_links_changes_the_links_drawn(atlas):
    assert len(_open(atlas, "/networks")) == 60
    _set_top(atlas, 25)
    _wait(lambda: len(_links(atlas) or []) == 25, message="the figure should draw 25 links")
    _wait(lambda: _query(atlas).get("top") == "25", message=f"URL not updated: {atlas.driver.current_url}")
    assert atlas.find_element(f"#{ID.STATUS}").text.startswith("Showing the 25 strongest")
    assert atlas.get_logs() == []


# Each link's hover text ends with its kind: "A ↔ B (domestic)".
KINDS = f"""const gd = document.querySelector('{GRAPH}');
const t = gd && gd.data && gd.data.find(t => t.meta === 'links');
return t ? t.hovertext.map(h => h.slice(h.lastIndexOf('(') + 1, -1)) : null;"""


def test_the_links_filter_shows_domestic_or_international_links_only(atlas):
    _open(atlas, "/networks?top=100")
    assert set(atlas.driver.execute_script(KINDS)) == {"domestic", "international"}
    for kind in ("domestic", "international"):
        _click(atlas, f"#{ID.LINKS} input[value='{kind}']")
        _wait(lambda kind=kind: set(atlas.driver.execute_script(KINDS) or []) == {kind},
              message=f"not only {kind} links")
        _wait(lambda kind=kind: _query(atlas).get("links") == kind, message=f"URL: {atlas.driver.current_url}")
        assert f"{kind} links between" in atlas.find_element(f"#{ID.STATUS}").text
    assert atlas.get_logs() == []


def _click_node(duo, region: str, node: str) -> None:
    """Click the node's marker (the point of its region's trace that carries its id)."""
    index, point = duo.driver.execute_script(
        f"const data = document.querySelector('{GRAPH}').data;"
        "const k = data.findIndex(t => t.meta === 'clusters' && t.name === arguments[0]);"
        "return [k, data[k].customdata.indexOf(arguments[1])];", region, node)
    marker = duo.driver.execute_script(
        f"return document.querySelectorAll('{GRAPH} .scatterlayer .trace')[arguments[0]]"
        ".querySelectorAll('path.point')[arguments[1]];", index, point)
    _centre(duo, marker)
    ActionChains(duo.driver).move_to_element(marker).pause(0.3).click().perform()


# On the map a link's invisible hover marker can sit on a big node (plotly's geo hover prefers the
# smaller marker), so the map test clicks São Paulo, on the far side of an ocean from most links.
@pytest.mark.parametrize("view, region, node, name, country", [
    ("map", "South America", "sao-paulo", "Sao Paulo city-region", "Brazil"),
    ("network", "Asia", "yangtze-river-delta", "Yangtze River Delta", "China"),
])
def test_clicking_a_node_opens_its_panel_with_domestic_and_international_sales(atlas, view, region, node, name,
                                                                                country):
    _open(atlas, "/networks" + ("?view=network" if view == "network" else ""))
    assert "Click a city cluster" in _panel(atlas)
    _click_node(atlas, region, node)
    _wait(lambda: _query(atlas).get("cluster") == node, message=f"URL: {atlas.driver.current_url}")
    panel = _wait(lambda: (t := _panel(atlas)).startswith(name) and t, message="no panel")
    sales = atlas.find_element(f"#{ID.PANEL} [data-part='sales']").text
    for label in ("International exports", f"To the rest of {country}", "Within itself", "Total sales"):
        assert label in sales
    assert "% of world exports" in sales and "Top partners" in panel
    assert "domestic" in panel and "international" in panel  # partners are marked by kind of link
    assert len(atlas.find_elements(f"#{ID.PANEL} tr[data-partner]")) == 8
    # The ring (sent as the one trace that changed) is drawn around the node clicked.
    ring, where = atlas.driver.execute_script(RING, region, node)
    assert ring == where and len(ring) == 2
    assert atlas.get_logs() == []


# The chosen node's ring and the node's own position ([x, y] or [lon, lat]).
RING = f"""const gd = document.querySelector('{GRAPH}');
const at = (t, k) => t.type === 'scatter' ? [t.x[k], t.y[k]] : [t.lon[k], t.lat[k]];
const ring = gd.data.find(t => t.meta === 'selected');
const node = gd.data.find(t => t.meta === 'clusters' && t.name === arguments[0]);
return [(ring.type === 'scatter' ? ring.x : ring.lon).length ? at(ring, 0) : [],
        at(node, node.customdata.indexOf(arguments[1]))];"""
SIZES_SHOWN = f"""return document.querySelector('{GRAPH}').data.filter(t => t.meta === 'clusters')
  .flatMap(t => Array.from(t.marker.size));"""


def test_a_node_size_change_resizes_the_nodes_and_keeps_the_links(atlas):
    links = _open(atlas, "/networks?top=30")
    before = atlas.driver.execute_script(SIZES_SHOWN)
    pick(atlas, ID.SIZE, "Degree (links drawn)")
    _wait(lambda: _query(atlas).get("size") == "degree", message=f"URL: {atlas.driver.current_url}")
    after = _wait(lambda: (sizes := atlas.driver.execute_script(SIZES_SHOWN)) != before and sizes,
                  message="the nodes were not resized")
    assert len(after) == len(before) and len(set(after)) > 1
    assert _links(atlas) == links  # the links stay as they were
    assert atlas.get_logs() == []


@pytest.mark.parametrize("view", ["map", "network"])
def test_hover_names_the_nodes_and_the_values_with_units(atlas, view):
    _open(atlas, f"/networks?top=5&view={view}")
    link = _hover(atlas, "links", "↔")
    assert "USD bn (modeled)" in link and "→" in link and "←" in link
    assert "(domestic)" in link or "(international)" in link
    node = _hover(atlas, "clusters", "Sao Paulo city-region", name="South America")
    assert "GDP" in node and "International exports" in node and "Top partners, two-way (All trade)" in node
    assert atlas.get_logs() == []


def test_switching_views_keeps_the_links(atlas):
    links = _open(atlas, "/networks?top=30")
    assert {t["type"] for t in _traces(atlas)} == {"scattergeo"}
    _click(atlas, f"#{ID.VIEW} input[value='network']")
    _wait(lambda: {t["type"] for t in _traces(atlas)} == {"scatter"}, message="the network view should draw")
    # The address follows the view drawn, in the answer after the chart's (as on every page): wait for it.
    _wait(lambda: _query(atlas).get("view") == "network", message=f"URL: {atlas.driver.current_url}")
    assert _links(atlas) == links
    _click(atlas, f"#{ID.VIEW} input[value='map']")
    _wait(lambda: {t["type"] for t in _traces(atlas)} == {"scattergeo"})
    _wait(lambda: "view" not in _query(atlas), message=f"URL: {atlas.driver.current_url}")
    assert atlas.get_logs() == []


def test_switching_to_a_content_layer_draws_its_international_links_and_says_where_it_comes_from(atlas):
    _open(atlas, "/networks?top=40")
    pick(atlas, ID.LAYER, "Technology (IP charges)")
    _wait(lambda: _query(atlas).get("layer") == "technology", message=f"URL: {atlas.driver.current_url}")
    _wait(lambda: set(atlas.driver.execute_script(KINDS) or []) == {"international"},
          message="a content layer has international links only")
    note = atlas.find_element(f"#{ID.LAYER_NOTE}")
    assert "intellectual property" in note.text and "sourced" in note.text and "modeled" in note.text
    assert "No value for" in note.text  # an economy without the series is named, not filled
    assert note.find_element("css selector", "a").get_attribute("href").endswith("/content")
    assert "Technology (IP charges)" in atlas.find_element(f"#{ID.STATUS}").text
    assert atlas.get_logs() == []


def _download(duo, button: str, name: str) -> pd.DataFrame:
    _click(duo, f"#{button}")
    target = Path(duo.download_path) / name
    _wait(target.exists, message=f"no download at {target}")
    return pd.read_csv(io.StringIO(target.read_text(encoding="utf-8")))


def test_downloads_hold_exactly_what_is_shown(atlas):
    links = _open(atlas, "/networks?top=15&layer=services&region=Europe")
    frame = _download(atlas, ID.EDGES_BUTTON, "networks-links_top15_layer-services_region-europe_baseline.csv")
    assert [list(p) for p in zip(frame["source"], frame["target"])] == links
    assert list(frame["rank"]) == list(range(1, 16))
    assert (frame["flow_basis"] == "modeled").all() and (frame["layer"] == "services").all()
    assert set(frame["link"]) <= {"domestic", "international"}
    assert {"value_usd_bn", "exports_source_to_target_usd_bn", "exports_target_to_source_usd_bn"} <= set(frame)
    shown = atlas.driver.execute_script(LINKS, 3)
    assert [row[2] for row in shown] == pytest.approx(list(frame["value_usd_bn"]), abs=1e-4)
    nodes = _download(atlas, ID.NODES_BUTTON, "networks-nodes_top15_layer-services_region-europe_baseline.csv")
    assert sorted(nodes["node_id"]) == sorted(atlas.driver.execute_script(CLUSTERS))
    assert nodes["degree_links"].sum() == 2 * len(frame)
    assert {"international_exports_usd_bn", "sales_to_rest_of_country_usd_bn"} <= set(nodes)
    assert set(nodes["gdp_basis"]) == {"modeled"}
    assert atlas.get_logs() == []


def test_a_shared_link_reproduces_the_view(atlas):
    path = ("/networks?view=network&top=25&region=Asia&links=international&size=degree&layer=data"
            "&cluster=greater-tokyo")
    links = _open(atlas, path)
    assert len(links) == 25 and all(a != b for a, b in links)
    assert _panel(atlas).startswith("Greater Tokyo Area")
    assert atlas.find_element(f"#{ID.LINKS} input[value='international']").is_selected()
    assert "Data (digitally deliverable services)" in atlas.find_element(f"#{ID.LAYER}").text
    assert atlas.find_element(f"#{ID.VIEW} input[value='network']").is_selected()
    assert _query(atlas) == {"view": "network", "top": "25", "region": "Asia", "links": "international",
                             "size": "degree", "layer": "data", "cluster": "greater-tokyo"}
    atlas.driver.get("about:blank")
    assert _open(atlas, path) == links
    # A link from before domestic links could be chosen (intl=1) opens international links only.
    assert _open(atlas, path.replace("links=international", "intl=1")) == links
    assert atlas.find_element(f"#{ID.LINKS} input[value='international']").is_selected()
    assert atlas.get_logs() == []


def test_scenario_parameters_show_growing_links_and_the_panel_before_and_after(atlas):
    _open(atlas, "/networks?target=DEU:900&theta=6&cluster=munich")
    banner = atlas.find_element(f"#{ID.FLOWS}").find_element("xpath", "./ancestor::div[contains(@class,'alert')]")
    assert "Germany 900 (2019 baseline 346)" in banner.text
    link = banner.find_element("css selector", "a").get_attribute("href")
    assert link.endswith("/scenarios?target=DEU:900&theta=6&level=clusters")
    names = [t["name"] for t in _traces(atlas)]
    assert any(n.startswith("links that grow") for n in names)
    assert {t["colour"] for t in _traces(atlas)} & {CHANGE_COLOURS[-2], CHANGE_COLOURS[-1]}
    assert "grow and" in atlas.find_element(f"#{ID.STATUS}").text
    sales = atlas.find_element(f"#{ID.PANEL} [data-part='sales']").text
    assert "→" in sales and "To the rest of Germany" in sales
    gain = atlas.find_element(f"#{ID.PANEL} [data-part='gain']").text
    assert gain.startswith("Under the scenario its sales rise") and "suppliers abroad" in gain
    _click(atlas, f"#{ID.FLOWS} input[value='baseline']")
    _wait(lambda: _query(atlas).get("flows") == "baseline", message=f"URL: {atlas.driver.current_url}")
    _wait(lambda: not any(t["name"].startswith("links that") for t in _traces(atlas)))
    _wait(lambda: "→" not in atlas.find_element(f"#{ID.PANEL} [data-part='sales']").text)
    assert _query(atlas).get("target") == "DEU:900"
    assert atlas.get_logs() == []


def test_bad_url_values_get_a_visible_notice(atlas):
    _open(atlas, "/networks?top=99999&region=Mars&cluster=atlantis&flows=scenario&links=sideways")
    notice = atlas.find_element(f"#{ID.NOTICE}").text
    assert f"outside 1–{EVERY}" in notice and "region" in notice and "cluster" in notice
    assert "needs a scenario" in notice and "links" in notice
    assert len(_links(atlas)) == EVERY
    assert atlas.get_logs() == []
