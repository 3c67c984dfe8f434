"""The networks page as a presenter and an analyst use it: links, views, clusters, links shared, CSV files."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
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
    duo.driver.execute_script(HOVER, meta, name)
    def label() -> str:
        return " ".join(e.text for e in duo.find_elements(f"{GRAPH} .hoverlayer .hovertext"))

    return _wait(lambda: expected in (text := label()) and text,
                 message=f"no hover label with {expected!r} over the {meta}")


def test_the_page_draws_the_strongest_links_and_says_they_are_modeled(atlas):
    links = _open(atlas, "/networks")
    assert len(links) == 60
    status = _wait(lambda: atlas.find_element(f"#{ID.STATUS}").text)
    assert status.startswith("Showing the 60 strongest of 780 links between")
    assert "modeled" in atlas.find_element("#page-content").text
    assert atlas.find_element("#page-content a[href='/methods']")
    assert atlas.get_logs() == []


def test_changing_the_number_of_links_changes_the_links_drawn(atlas):
    assert len(_open(atlas, "/networks")) == 60
    _set_top(atlas, 25)
    _wait(lambda: len(_links(atlas) or []) == 25, message="the figure should draw 25 links")
    _wait(lambda: _query(atlas).get("top") == "25", message=f"URL not updated: {atlas.driver.current_url}")
    assert atlas.find_element(f"#{ID.STATUS}").text.startswith("Showing the 25 strongest")
    assert atlas.get_logs() == []


# On the map a link's invisible hover marker can sit on a big cluster (plotly's geo hover prefers the
# smaller marker), so the map test clicks São Paulo, alone in its region.
@pytest.mark.parametrize("view, region, cluster, name", [
    ("map", "South America", "sao-paulo", "Sao Paulo city-region"),
    ("network", "Asia", "yangtze-river-delta", "Yangtze River Delta"),
])
def test_clicking_a_cluster_opens_its_panel(atlas, view, region, cluster, name):
    _open(atlas, "/networks" + ("?view=network" if view == "network" else ""))
    assert "Click a city cluster" in _panel(atlas)
    index = atlas.driver.execute_script(
        f"return document.querySelector('{GRAPH}').data"
        ".findIndex(t => t.meta === 'clusters' && t.name === arguments[0]);",
        region)
    point = atlas.driver.execute_script(
        f"return document.querySelectorAll('{GRAPH} .scatterlayer .trace')[arguments[0]].querySelector('path.point');",
        index)
    _centre(atlas, point)
    ActionChains(atlas.driver).move_to_element(point).pause(0.3).click().perform()
    _wait(lambda: _query(atlas).get("cluster") == cluster, message=f"URL: {atlas.driver.current_url}")
    panel = _wait(lambda: (t := _panel(atlas)).startswith(name) and t, message="no panel")
    assert "Top partners" in panel and "USD bn" in panel
    assert len(atlas.find_elements(f"#{ID.PANEL} tr[data-partner]")) == 8
    # The ring (sent as the one trace that changed) is drawn around the cluster clicked.
    ring, where = atlas.driver.execute_script(RING, region, cluster)
    assert ring == where and len(ring) == 2
    assert atlas.get_logs() == []


# The chosen cluster's ring and the cluster's own position ([x, y] or [lon, lat]).
RING = f"""const gd = document.querySelector('{GRAPH}');
const at = (t, k) => t.type === 'scatter' ? [t.x[k], t.y[k]] : [t.lon[k], t.lat[k]];
const ring = gd.data.find(t => t.meta === 'selected');
const node = gd.data.find(t => t.meta === 'clusters' && t.name === arguments[0]);
return [(ring.type === 'scatter' ? ring.x : ring.lon).length ? at(ring, 0) : [],
        at(node, node.customdata.indexOf(arguments[1]))];"""
SIZES_SHOWN = f"""return document.querySelector('{GRAPH}').data.filter(t => t.meta === 'clusters')
  .flatMap(t => Array.from(t.marker.size));"""


def test_a_node_size_change_resizes_the_clusters_and_keeps_the_links(atlas):
    links = _open(atlas, "/networks?top=30")
    before = atlas.driver.execute_script(SIZES_SHOWN)
    pick(atlas, ID.SIZE, "Degree (links drawn)")
    _wait(lambda: _query(atlas).get("size") == "degree", message=f"URL: {atlas.driver.current_url}")
    after = _wait(lambda: (sizes := atlas.driver.execute_script(SIZES_SHOWN)) != before and sizes,
                  message="the clusters were not resized")
    assert len(after) == len(before) and len(set(after)) > 1
    assert _links(atlas) == links  # the links stay as they were
    label = _hover(atlas, "clusters", "Degree (links drawn):", name="South America")
    assert "Sao Paulo city-region" in label and "GDP" in label and "Top partners, two-way (All trade)" in label
    assert atlas.get_logs() == []


@pytest.mark.parametrize("view", ["map", "network"])
def test_hover_names_the_clusters_and_the_values_with_units(atlas, view):
    _open(atlas, f"/networks?top=5&view={view}")
    link = _hover(atlas, "links", "Yangtze River Delta ↔ Beijing-Tianjin-Hebei")
    assert "USD bn (modeled)" in link and "→" in link and "←" in link
    # São Paulo, alone in its region: no link's middle lies near it.
    cluster = _hover(atlas, "clusters", "Sao Paulo city-region", name="South America")
    assert "GDP" in cluster and "Top partners, two-way (All trade)" in cluster and cluster.count("USD bn") >= 4
    assert atlas.get_logs() == []


def test_switching_views_keeps_the_links(atlas):
    links = _open(atlas, "/networks?top=30")
    assert {t["type"] for t in _traces(atlas)} == {"scattergeo"}
    _click(atlas, f"#{ID.VIEW} input[value='network']")
    _wait(lambda: {t["type"] for t in _traces(atlas)} == {"scatter"}, message="the network view should draw")
    assert _query(atlas).get("view") == "network"
    assert _links(atlas) == links
    _click(atlas, f"#{ID.VIEW} input[value='map']")
    _wait(lambda: {t["type"] for t in _traces(atlas)} == {"scattergeo"})
    assert "view" not in _query(atlas)
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
    assert (frame["flow_basis"] == "modeled").all() and (frame["layer_share_pct"] == 24.7).all()
    assert (frame["layer_basis"] == "sourced").all()
    assert {"value_usd_bn", "exports_source_to_target_usd_bn", "exports_target_to_source_usd_bn"} <= set(frame)
    shown = atlas.driver.execute_script(LINKS, 3)
    assert [row[2] for row in shown] == pytest.approx(list(frame["value_usd_bn"]), abs=1e-4)
    clusters = _download(atlas, ID.NODES_BUTTON, "networks-clusters_top15_layer-services_region-europe_baseline.csv")
    assert sorted(clusters["cluster_id"]) == sorted(atlas.driver.execute_script(CLUSTERS))
    assert clusters["degree_links"].sum() == 2 * len(frame)
    assert set(clusters["gdp_basis"]) <= {"sourced", "modeled"}
    assert atlas.get_logs() == []


def test_a_shared_link_reproduces_the_view(atlas):
    path = "/networks?view=network&top=25&region=Asia&intl=1&size=degree&layer=data&cluster=greater-tokyo"
    links = _open(atlas, path)
    assert len(links) == 25 and all(a != b for a, b in links)
    assert _panel(atlas).startswith("Greater Tokyo Area")
    assert atlas.find_element(f"#{ID.INTERNATIONAL}").is_selected()
    assert "Data (digitally delivered services)" in atlas.find_element(f"#{ID.LAYER}").text
    assert atlas.find_element(f"#{ID.VIEW} input[value='network']").is_selected()
    assert _query(atlas) == {"view": "network", "top": "25", "region": "Asia", "intl": "1", "size": "degree",
                             "layer": "data", "cluster": "greater-tokyo"}
    atlas.driver.get("about:blank")
    assert _open(atlas, path) == links
    assert atlas.get_logs() == []


def test_scenario_parameters_show_growing_and_shrinking_links(atlas):
    _open(atlas, "/networks?adopt=DEU:90&theta=6&eq=partial")
    banner = atlas.find_element(f"#{ID.FLOWS}").find_element("xpath", "./ancestor::div[contains(@class,'alert')]")
    assert "DEU 90 %" in banner.text
    link = banner.find_element("css selector", "a").get_attribute("href")
    assert link.endswith("/scenarios?adopt=DEU:90&theta=6&eq=partial&level=clusters")
    names = [t["name"] for t in _traces(atlas)]
    assert any(n.startswith("links that grow") for n in names) and any(n.startswith("links that shrink") for n in names)
    assert {t["colour"] for t in _traces(atlas)} & {CHANGE_COLOURS[0], CHANGE_COLOURS[-1]}
    assert "grow and" in atlas.find_element(f"#{ID.STATUS}").text
    _click(atlas, f"#{ID.FLOWS} input[value='baseline']")
    _wait(lambda: _query(atlas).get("flows") == "baseline", message=f"URL: {atlas.driver.current_url}")
    _wait(lambda: not any(t["name"].startswith("links that") for t in _traces(atlas)))
    assert _query(atlas).get("adopt") == "DEU:90"
    assert atlas.get_logs() == []


def test_bad_url_values_get_a_visible_notice(atlas):
    _open(atlas, "/networks?top=99999&region=Mars&cluster=atlantis&flows=scenario")
    notice = atlas.find_element(f"#{ID.NOTICE}").text
    assert "outside 1–780" in notice and "region" in notice and "cluster" in notice and "needs a scenario" in notice
    assert len(_links(atlas)) == 780
    assert atlas.get_logs() == []
