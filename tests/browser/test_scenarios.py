"""The scenarios page as a policymaker and an analyst use it: sliders, presets, links, uploads, CSV."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pandas as pd
import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.ids import Scenarios as ID
from tests.browser.conftest import click as _click, open_path, query_of as _query, wait_until as _wait

pytestmark = pytest.mark.browser


def _headlines(duo) -> str:
    """The headline text, read in one step (the router may replace the page between a lookup and a read)."""
    return duo.driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e.innerText : '';",
                                     ID.HEADLINES)


def _open(duo, path: str) -> str:
    """Open the page; its headline, once the sliders (sent by the page's opening call) are in too."""
    open_path(duo, path)
    _wait(lambda: _sliders_arrived(duo), message="the sliders did not come")
    return _wait(lambda: _headlines(duo), message="no headline appeared")


def _grid(duo) -> list[tuple[str, str]]:
    """(row id, change) of every rendered results row."""
    return duo.driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{ID.TABLE} .ag-center-cols-container .ag-row'))"
        ".map(r => [r.getAttribute('row-id'), (r.querySelector('[col-id=export_share_change_pp]')||{}).textContent]);")


def _sliders_arrived(duo) -> bool:
    """Whether the presets and sliders, which come with the page's opening call, are in the page."""
    return bool(duo.find_elements(".adopt-row"))


def _type_adoption(duo, iso3: str, value: int) -> None:
    """Set a slider the keyboard way: type into its number box, then Tab away (the box commits on blur)."""
    box = duo.find_element(f"div[data-iso3='{iso3}'] input")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(str(value), Keys.TAB)


def test_the_page_opens_on_the_baseline_and_says_so(atlas):
    text = _open(atlas, "/scenarios")
    assert "this is the baseline" in text
    _wait(lambda: len(atlas.find_elements(".js-plotly-plot")) == 4, message="four charts expected")
    _wait(lambda: len(_grid(atlas)) >= 10, message="the results table did not arrive")  # after the first paint
    assert atlas.get_logs() == []


def test_moving_a_slider_changes_charts_and_url(atlas):
    before = _open(atlas, "/scenarios")
    _type_adoption(atlas, "FRA", 90)
    _wait(lambda: _query(atlas).get("adopt") == "FRA:90", message=f"URL not updated: {atlas.driver.current_url}")
    after = _wait(lambda: (t := _headlines(atlas)) != before and t, message="headline did not change")
    assert after.startswith("France gains")
    assert atlas.find_element("div[data-iso3='FRA'] input").get_attribute("value") == "90"
    assert atlas.get_logs() == []


def _chart_numbers(duo) -> list:
    """The share chart's bars (names and values) as drawn: the numbers a presenter shows."""
    return duo.driver.execute_script(
        f"const gd = document.querySelector('#{ID.SHARE_CHART} .js-plotly-plot');"
        "return gd && gd.data && gd.data.length ? [gd.data[0].y, gd.data[0].x] : null;")


def test_a_shared_link_reopens_the_same_numbers(atlas):
    path = "/scenarios?adopt=CHN:70,USA:60&theta=6&eq=partial"
    first = _open(atlas, path)
    numbers = _wait(lambda: _chart_numbers(atlas), message="no share chart drawn")
    atlas.driver.delete_all_cookies()
    atlas.driver.get("about:blank")
    second = _open(atlas, path)
    _wait(lambda: _chart_numbers(atlas) == numbers, message="the chart differs after reopening the link")
    assert first == second and first.startswith("United States gains")
    assert atlas.find_element("div[data-iso3='CHN'] input").get_attribute("value") == "70"


def test_bad_url_values_get_a_visible_notice(atlas):
    _open(atlas, "/scenarios?adopt=DEU:500,XXX:3&theta=abc")
    notice = atlas.find_element(f"#{ID.NOTICE}").text
    assert "outside 0–100" in notice and "not a modeled economy" in notice and "theta" in notice
    assert atlas.find_element("div[data-iso3='DEU'] input").get_attribute("value") == "100"
    assert atlas.get_logs() == []


def test_a_preset_loads_its_sliders_and_reset_restores_the_baseline(atlas):
    _open(atlas, "/scenarios")
    _click(atlas, "button[id*='china-robot-density-2025']")
    _wait(lambda: _query(atlas).get("adopt") == "CHN:49", message=f"preset not in URL: {atlas.driver.current_url}")
    _wait(lambda: _headlines(atlas).startswith("China gains"))
    _click(atlas, f"#{ID.RESET}")
    _wait(lambda: "adopt" not in _query(atlas), message="reset did not clear the URL")
    _wait(lambda: "this is the baseline" in _headlines(atlas))


def _upload(duo, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    duo.find_element(f"#{ID.UPLOAD} input[type=file]").send_keys(str(path))


def test_a_bad_upload_lists_its_problems_and_changes_nothing_else(atlas, tmp_path):
    before = _open(atlas, "/scenarios?adopt=DEU:80")
    _wait(lambda: len(_grid(atlas)) >= 10)
    rows = sorted(_grid(atlas))
    _upload(atlas, tmp_path, "bad.csv", "exporter,importer,value\nAAA,AAA,10\nAAA,BBB,=1+1\nBBB,BBB,-5\n")
    message = _wait(lambda: atlas.find_element(f"#{ID.UPLOAD_MESSAGES}").text, message="no upload message")
    assert "bad.csv was not used" in message
    assert "Row 2, column value" in message and "Row 3, column value" in message
    time.sleep(0.5)
    assert _headlines(atlas) == before and sorted(_grid(atlas)) == rows
    assert _query(atlas).get("adopt") == "DEU:80"


def test_a_valid_upload_runs_the_model_on_it(atlas, tmp_path):
    _open(atlas, "/scenarios?adopt=DEU:80")
    _upload(atlas, tmp_path, "mine.csv",
            "exporter,importer,value\nDEU,DEU,100\nDEU,FRA,10\nFRA,FRA,80\nFRA,DEU,12\n")
    _wait(lambda: "Using mine.csv: 2 economies" in atlas.find_element(f"#{ID.UPLOAD_MESSAGES}").text)
    _wait(lambda: len(_grid(atlas)) == 2, message="the results should cover the two uploaded economies")
    assert "uploaded matrix" in atlas.find_element(f"#{ID.STATUS}").text
    _click(atlas, f"#{ID.UPLOAD_CLEAR}")
    _wait(lambda: len(_grid(atlas)) >= 10, message="clearing the upload should restore the baseline")


def test_download_holds_the_results_and_every_parameter(atlas):
    _open(atlas, "/scenarios?adopt=DEU:80&theta=6")
    _wait(lambda: len(_grid(atlas)) >= 10)
    _click(atlas, f"#{ID.DOWNLOAD_BUTTON}")
    target = Path(atlas.download_path) / "scenario-countries-DEU80-theta6-general.csv"
    _wait(target.exists, message=f"no download at {target}")
    frame = pd.read_csv(io.StringIO(target.read_text(encoding="utf-8")))
    shown = dict(_grid(atlas))  # the grid renders only the rows in view
    assert len(frame) == 25 and set(shown) <= set(frame["code"])
    assert (frame["param_trade_elasticity_theta"] == 6).all()
    germany = frame.set_index("code").loc["DEU"]
    assert f"{germany['export_share_change_pp']:.3f}" == shown["DEU"]


def test_the_networks_link_carries_the_scenario(atlas):
    _open(atlas, "/scenarios?adopt=DEU:80")
    link = atlas.find_element(f"#{ID.NETWORKS_LINK}")
    assert link.get_attribute("href").endswith("/networks?adopt=DEU:80")
    _type_adoption(atlas, "FRA", 90)
    _wait(lambda: link.get_attribute("href").endswith("/networks?adopt=DEU:80,FRA:90"),
          message=f"link not updated: {link.get_attribute('href')}")
    assert link.is_displayed()


def test_back_and_forward_between_two_scenarios_redraw_the_page_but_a_slider_move_does_not(atlas):
    """Each move writes a new address (a history entry). Back shows the previous scenario, Forward the
    next: the router draws the page again for them. A move itself never makes the router redraw the page
    (the page records the address it shows: components/shell.py)."""
    from tests.browser.test_shell import COUNT_PAGE_DRAWS

    atlas.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_PAGE_DRAWS})
    _open(atlas, "/scenarios")
    _type_adoption(atlas, "FRA", 90)
    _wait(lambda: _query(atlas).get("adopt") == "FRA:90", message=f"URL not updated: {atlas.driver.current_url}")
    france = _wait(lambda: (t := _headlines(atlas)).startswith("France gains") and t, message="no France headline")
    _type_adoption(atlas, "ITA", 95)
    _wait(lambda: _query(atlas).get("adopt") == "FRA:90,ITA:95", message=f"URL not updated: {atlas.driver.current_url}")
    both = _wait(lambda: (t := _headlines(atlas)) != france and t, message="headline did not change")
    time.sleep(1)  # any router answer to the moves has come back by now
    assert atlas.driver.execute_script("return window.__pageDraws") == 1

    atlas.driver.back()
    _wait(lambda: _query(atlas).get("adopt") == "FRA:90", message=f"Back did not restore the URL: {atlas.driver.current_url}")
    _wait(lambda: _headlines(atlas) == france, message=f"Back did not redraw France's scenario: {_headlines(atlas)!r}")
    _wait(lambda: _sliders_arrived(atlas), message="the sliders did not come back")
    italy, france_box = _box_values(atlas, "ITA", "FRA")
    assert italy != "95" and france_box == "90"
    atlas.driver.forward()
    _wait(lambda: _headlines(atlas) == both, message=f"Forward did not redraw the later scenario: {_headlines(atlas)!r}")
    _wait(lambda: _sliders_arrived(atlas), message="the sliders did not come back")
    assert _box_values(atlas, "ITA") == ["95"]
    assert atlas.driver.execute_script("return window.__pageDraws") == 3
    assert atlas.get_logs() == []


def _box_values(duo, *codes: str) -> list[str]:
    """The number boxes of these economies' sliders, read in one step."""
    return duo.driver.execute_script(
        "return arguments[0].map(c => (document.querySelector(`div[data-iso3='${c}'] input`) || {}).value);", list(codes))


def test_without_its_table_code_the_page_says_so_and_a_move_still_updates_it(atlas):
    """The update writes the table's rows to a store that is always there (components/grid.py): with
    AG Grid's bundle blocked, the table never comes and the page says so, and a slider move still
    updates everything else (an output on the missing grid would make Dash drop the whole update)."""
    atlas.driver.execute_cdp_cmd("Network.enable", {})
    atlas.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/dash_ag_grid/dash_ag_grid.*"]})
    before = _open(atlas, "/scenarios")
    _wait(lambda: [e for e in atlas.find_elements("[role=alert]") if "table could not be loaded" in e.text],
          timeout=15, message="no message in place of the table")
    _wait(lambda: _sliders_arrived(atlas), message="the sliders did not come")
    _type_adoption(atlas, "FRA", 90)
    after = _wait(lambda: (t := _headlines(atlas)) != before and t, timeout=15, message="the move changed nothing")
    assert after.startswith("France gains")
    logs = [e["message"] for e in atlas.get_logs() if "ERR_BLOCKED_BY_CLIENT" not in e["message"]]
    assert not logs, logs[0][:1500]


def test_the_results_dim_while_an_update_is_slow_to_come(atlas):
    """No dcc.Loading (its re-renders cost every slider move): the results dim by CSS once a callback
    has been computing them for 150 ms, the attribute Dash sets on each output while it waits."""
    _open(atlas, "/scenarios")
    opacity = (f"const e = document.getElementById('{ID.SHARE_CHART}'); e.setAttribute('data-dash-is-loading', arguments[0]);"
               "return getComputedStyle(e).opacity;")
    assert atlas.driver.execute_script(opacity, "false") == "1"
    atlas.driver.execute_script(opacity, "true")
    _wait(lambda: atlas.driver.execute_script(f"return getComputedStyle(document.getElementById('{ID.SHARE_CHART}')).opacity")
          == "0.6", timeout=2, message="the results did not dim")
