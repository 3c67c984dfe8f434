"""The strategies page as a policymaker uses it: click a country, filter, share the link, download."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pandas as pd
import pytest
from selenium.webdriver.common.action_chains import ActionChains

from dashboard.components.charts import PLACEHOLDER_META
from dashboard.datasets import load
from dashboard.datasets.export import split_filters
from dashboard.datasets.regions import region_of
from dashboard.ids import Strategies as ID
from tests.browser.conftest import centre, choose, open_path, pick, query_of as _query, wait_until as _wait

pytestmark = pytest.mark.browser


def _grid_ids(duo) -> list[str]:
    return duo.driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{ID.TABLE} .ag-center-cols-container .ag-row'))"
        ".map(r => r.getAttribute('row-id'));")


def _count(duo) -> str:
    return duo.find_element(f"#{ID.COUNT}").text


def _ready(duo, path="/strategies"):
    open_path(duo, path)
    duo.wait_for_element(f"#{ID.MAP} path.choroplethlocation", timeout=15)
    _wait(lambda: "match" in _count(duo), message="count never shown")
    _wait(lambda: _grid_ids(duo), message="the table never arrived")  # it comes after the first paint


def test_clicking_a_country_opens_its_strategies(atlas):
    _ready(atlas)
    paths = atlas.driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{ID.MAP} path.choroplethlocation'))"
        ".filter(p => p.__data__ && p.__data__.loc === 'DEU');")
    assert paths, "Germany is not drawn on the strategies map"
    ActionChains(atlas.driver).move_to_element(paths[-1]).click().perform()  # the top (coloured) trace
    detail = _wait(lambda: "Industrie 4.0" in atlas.find_element(f"#{ID.DETAIL}").text
                   and atlas.find_element(f"#{ID.DETAIL}").text, message="Germany's panel did not open")
    assert "Horizon 2020" in detail  # an EU member state shows the EU programme beside its own
    _wait(lambda: _query(atlas).get("economy") == "DEU", message=f"URL: {atlas.driver.current_url}")
    outline = _wait(lambda: atlas.driver.execute_script(OUTLINE), message="no outline drawn")
    assert outline == ["DEU"]  # sent as the one trace that changed
    assert atlas.get_logs() == []


OUTLINE = f"""const gd = document.querySelector('#{ID.MAP} .js-plotly-plot');
const t = gd.data.find(t => t.meta === 'selected');
return t && t.locations.length ? Array.from(t.locations) : null;"""
# The map's colour bar title (read in one go: plotly replaces the element as it redraws).
COLOUR_BAR = f"""const bar = document.querySelector('#{ID.MAP} .colorbar');
return bar ? bar.textContent : '';"""
# Whether the timeline shows its own figure (it is drawn after the page's first chart, a placeholder till then).
TIMELINE_DRAWN = f"""const gd = document.querySelector('#{ID.TIMELINE} .js-plotly-plot');
return Boolean(gd && gd.layout && gd.layout.meta !== arguments[0] && gd.data.length);"""
# Counts the timeline's redraws from now on.
COUNT_REDRAWS = f"""const gd = document.querySelector('#{ID.TIMELINE} .js-plotly-plot');
window.__timelineDrawn = 0; gd.on('plotly_afterplot', () => {{ window.__timelineDrawn += 1; }});"""


def test_a_colour_change_recolours_the_map_and_leaves_timeline_and_table_as_they_are(atlas):
    _ready(atlas, "/strategies?economy=DEU")
    rows = _grid_ids(atlas)
    _wait(lambda: atlas.driver.execute_script(TIMELINE_DRAWN, PLACEHOLDER_META), message="the timeline never arrived")
    atlas.driver.execute_script(COUNT_REDRAWS)
    pick(atlas, ID.COLOR, "Robot density")
    _wait(lambda: _query(atlas).get("color") == "density", message=f"URL: {atlas.driver.current_url}")
    _wait(lambda: "Robot density" in atlas.driver.execute_script(COLOUR_BAR), message="map not recoloured")
    assert atlas.driver.execute_script(OUTLINE) == ["DEU"]
    time.sleep(0.5)  # a redraw of the timeline, were one sent, would have happened by now
    assert atlas.driver.execute_script("return window.__timelineDrawn") == 0
    assert _grid_ids(atlas) == rows and "Industrie 4.0" in atlas.find_element(f"#{ID.DETAIL}").text
    assert atlas.get_logs() == []


def test_a_filter_changes_map_timeline_table_and_url(atlas):
    _ready(atlas)
    before_rows, before_count = _grid_ids(atlas), _count(atlas)
    before_bars = len(atlas.find_elements(f"#{ID.TIMELINE} .bars path"))
    choose(atlas, ID.FOCUS, "Additive")
    _wait(lambda: _query(atlas).get("focus") == "additive", message="URL did not take the filter")
    _wait(lambda: _count(atlas) != before_count, message="count did not change")
    # The grid draws only the rows in view (and keeps old ones while it animates), so wait for the filtered rows
    # themselves rather than comparing with the rows drawn before.
    strategies = load.table("strategies")
    additive = set(strategies.loc[strategies["focus_areas"].str.contains("additive"), "strategy_id"])
    after_rows = _wait(lambda: (rows := _grid_ids(atlas)) and set(rows) <= additive and rows,
                       message="the table did not show the filtered rows")
    assert set(after_rows) == additive and len(after_rows) < len(before_rows)
    assert 0 < len(atlas.find_elements(f"#{ID.TIMELINE} .bars path")) < before_bars
    assert atlas.get_logs() == []


def test_a_shared_link_opens_the_same_view_and_bad_values_get_a_notice(atlas):
    _ready(atlas, "/strategies?economy=JPN&focus=iot&from=2013&region=Asia&color=nonsense")
    assert "Connected Industries" in atlas.find_element(f"#{ID.DETAIL}").text
    assert "Ignored color='nonsense'" in atlas.find_element(f"#{ID.NOTICE}").text
    rows = _wait(lambda: _grid_ids(atlas))
    assert rows and all(region_of(r.split("-")[0].upper()) == "Asia" for r in rows), rows
    assert atlas.get_logs() == []


def test_download_holds_exactly_the_rows_shown(atlas):
    _ready(atlas, "/strategies?focus=robotics&from=2013&to=2020")
    shown = _wait(lambda: _grid_ids(atlas))
    button = atlas.find_element(f"#{ID.DOWNLOAD_BUTTON}")
    atlas.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    time.sleep(0.3)
    button.click()
    target = Path(atlas.download_path) / "strategies_focus-robotics_2013-2020.csv"
    _wait(target.exists, message=f"no download at {target}")
    filters, table = split_filters(target.read_text(encoding="utf-8"))
    frame = pd.read_csv(io.StringIO(table))
    assert sorted(frame["strategy_id"]) == sorted(shown)
    # Issue 26 #11: the filters are inside the file too.
    assert filters["view"] == "/strategies?focus=robotics&from=2013&to=2020"
    assert filters["focus areas"] == "Robotics and automation" and filters["running during"] == "2013–2020"
    assert {"source_publisher", "source_url", "basis"} <= set(frame.columns)


def test_clicking_a_timeline_bar_selects_its_economy(atlas):
    _ready(atlas, "/strategies?region=North+America")
    bar = atlas.wait_for_element(f"#{ID.TIMELINE} .bars path", timeout=10)
    centre(atlas, bar)  # instantly: a smooth scroll still under way moves the bar from under the click
    ActionChains(atlas.driver).move_to_element(bar).click().perform()
    _wait(lambda: _query(atlas).get("economy") == "USA", message="the bar did not select its economy")
    _wait(lambda: "Made in America" in atlas.find_element(f"#{ID.DETAIL}").text, message="panel not updated")
    assert atlas.get_logs() == []
