"""The new-trade-content page as a presenter and an analyst use it: open it offline, change the economy and
base year, reopen the address, rank another series, filter the rules, download CSVs with their sources."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from dashboard.components.charts import PLACEHOLDER_META
from dashboard.datasets.content import FLOWS
from dashboard.ids import Content as ID
from tests.browser.conftest import (
    click,
    external_requests,
    open_path,
    query_of,
    requested_urls,
    wait_until,
)
from tests.browser.test_accessibility import CHART_TEXT

pytestmark = pytest.mark.browser

# The text of a chart's annotations (title, source line, "ends …" labels), read in one go.
ANNOTATIONS = """const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
return gd && gd.layout && gd.layout.meta !== arguments[1] ?
  [(gd.layout.title && gd.layout.title.text) || '', ...(gd.layout.annotations || []).map(a => a.text)].join(' | ')
  : '';"""


def _chart_text(duo, chart: str) -> str:
    return duo.driver.execute_script(ANNOTATIONS, chart, PLACEHOLDER_META)


def _ready(duo, path: str = "/content") -> str:
    """Open the page and wait for its first chart and the ranking drawn after it; the headline."""
    open_path(duo, path)
    wait_until(lambda: "against goods" in _chart_text(duo, ID.GROWTH), timeout=20,
               message="the growth chart was never drawn")
    wait_until(lambda: _chart_text(duo, ID.LEADERS), timeout=20, message="the ranking never arrived")
    return duo.find_element(f"#{ID.HEADLINE}").text


def _select(duo, dropdown_id: str, text: str) -> None:
    """Open a dropdown, type `text` in its search box and click the first option starting with it."""
    click(duo, f"#{dropdown_id}")
    search = wait_until(lambda: (el := duo.driver.switch_to.active_element).tag_name == "input" and el,
                        message="the dropdown's search box did not open")
    search.send_keys(text)
    option = wait_until(lambda: next((o for o in duo.find_elements("[role=option]") if o.text.startswith(text)),
                                     None), message=f"no option {text!r}")
    option.click()


def _download(duo, button: str, name: str) -> pd.DataFrame:
    click(duo, f"#{button}")
    target = Path(duo.download_path) / name
    wait_until(lambda: target.exists() and target.stat().st_size > 0, message=f"no download at {target}")
    return pd.read_csv(io.StringIO(target.read_text(encoding="utf-8")))


def test_the_page_answers_the_question_offline_with_its_source_line(atlas):
    headline = _ready(atlas)
    assert "grew faster than" in headline or "none grew faster" in headline
    growth = _chart_text(atlas, ID.GROWTH)
    assert "common window" in growth and "ends " in growth
    assert "current US dollars" in growth and "World Bank" in growth  # the source line, inside the chart
    wait_until(lambda: atlas.find_elements(f"#{ID.LEADERS_MAP} path.choroplethlocation"), timeout=15,
               message="the leaders map drew no economy")
    urls = requested_urls(atlas)
    assert any(u.endswith("/assets/topojson/world_110m.json") for u in urls), urls
    assert external_requests(urls, atlas.server_url) == []
    assert "missing" in atlas.find_element(f"#{ID.COVERAGE}").text
    # Each chart is a named figure with a text alternative written from its data, naming its source.
    texts = wait_until(lambda: (found := atlas.driver.execute_script(CHART_TEXT)) and len(found) == 3
                       and all(c["summary"] for c in found) and found, message="a chart has no text alternative")
    assert all(c["role"] == "figure" and c["label"] and "Source" in c["summary"] for c in texts), texts
    assert atlas.get_logs() == []


def test_a_changed_view_is_in_the_address_and_the_address_reopens_it(atlas):
    _ready(atlas)
    _select(atlas, ID.ECONOMY, "Korea")
    wait_until(lambda: query_of(atlas).get("economy") == "KOR", message=f"URL: {atlas.driver.current_url}")
    wait_until(lambda: atlas.find_element(f"#{ID.HEADLINE}").text.startswith("Korea"), message="headline not Korea")
    _select(atlas, ID.BASE, "2014")
    wait_until(lambda: query_of(atlas).get("base") == "2014", message=f"URL: {atlas.driver.current_url}")
    wait_until(lambda: "2014 = 100" in _chart_text(atlas, ID.GROWTH), message="the index is not based on 2014")
    _select(atlas, ID.LEADER, "ICT services exports")
    wait_until(lambda: query_of(atlas).get("leader") == "ict_exports", message=f"URL: {atlas.driver.current_url}")
    wait_until(lambda: "ICT services exports" in _chart_text(atlas, ID.LEADERS), message="the ranking did not change")
    address, headline = atlas.driver.current_url, atlas.find_element(f"#{ID.HEADLINE}").text
    growth, ranking = _chart_text(atlas, ID.GROWTH), _chart_text(atlas, ID.LEADERS)

    atlas.driver.get("about:blank")
    atlas.driver.get(address)  # the presenter's link, opened afresh
    assert _ready(atlas, address.removeprefix(atlas.server_url)) == headline
    assert _chart_text(atlas, ID.GROWTH) == growth
    wait_until(lambda: _chart_text(atlas, ID.LEADERS) == ranking, message="the ranking differs on reopening")
    assert atlas.get_logs() == []


def test_a_malformed_address_gives_a_notice_and_the_default_view(atlas):
    _ready(atlas, "/content?economy=XXX&base=abc&inforce=maybe")
    notice = atlas.find_element(f"#{ID.NOTICE}").text
    assert "economy" in notice and "base" in notice and "Traceback" not in notice
    assert atlas.find_element(f"#{ID.HEADLINE}").text.startswith("World")
    assert atlas.get_logs() == []


def test_the_rules_filter_and_the_downloads_carry_the_view_and_the_sources(atlas):
    _ready(atlas, "/content?economy=JPN")
    before = atlas.find_element(f"#{ID.RULES_COUNT}").text
    click(atlas, f"#{ID.IN_FORCE}")
    wait_until(lambda: query_of(atlas).get("inforce") == "1", message=f"URL: {atlas.driver.current_url}")
    wait_until(lambda: "in force only" in atlas.find_element(f"#{ID.RULES_COUNT}").text, message="count unchanged")
    assert atlas.find_element(f"#{ID.RULES_COUNT}").text != before
    shown = len(atlas.find_elements(f"#{ID.RULES} tbody tr"))

    rules = _download(atlas, ID.RULES_BUTTON, "content-rules_JPN_in-force.csv")
    assert len(rules) == shown and set(rules["status"]) == {"in force"}
    assert set(rules["filter_economy"]) == {"Japan"} and set(rules["filter_in_force_only"]) == {"yes"}
    assert rules["source_publisher"].notna().all() and "retrieved_from" in rules
    assert list(rules.columns).index("source_publisher") < list(rules.columns).index("retrieved_from")

    growth = _download(atlas, ID.GROWTH_BUTTON, "content-growth_JPN_exports.csv")
    assert set(growth["economy"]) == {"Japan"} and set(growth["direction"]) == {FLOWS["exports"]}
    assert set(growth["view_query"]) == {"?economy=JPN&inforce=1"}
    sourced = growth[growth["basis"] == "sourced"]
    assert len(sourced) and sourced["source_publisher"].notna().all() and sourced["source_url"].notna().all()
    assert atlas.get_logs() == []
