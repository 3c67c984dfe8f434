"""Presenter mode and embed mode as a presenter and an embedding site use them: step through the story
with the keyboard, add a view, download and load a story, a bad story file, one chart in an iframe."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.ids import Networks, Present as ID, Scenarios, Shell, Strategies
from dashboard.views import present as pv
from tests.browser.conftest import click, external_requests, open_path, query_of, requested_urls, wait_until
from tests.pages import PATHS

pytestmark = pytest.mark.browser

STORY = pv.default_story()


def _path_and_query(duo) -> tuple[str, dict]:
    return duo.driver.execute_script("return window.location.pathname"), query_of(duo)


def _position(duo) -> str:
    return duo.find_element(f"#{ID.POSITION}").text


def _box(duo, selector: str) -> dict:
    return duo.driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {left: r.left, top: r.top, width: r.width, height: r.height, right: r.right,"
        " font: parseFloat(getComputedStyle(document.querySelector('h1')).fontSize),"
        " viewWidth: window.innerWidth, viewHeight: window.innerHeight};", selector)


def _press(duo, key: str) -> None:
    ActionChains(duo.driver).send_keys(key).perform()


def _message(duo, fragment: str) -> str:
    return wait_until(lambda: fragment in (text := duo.find_element(f"#{ID.MESSAGE}").text) and text,
                      timeout=10, message=f"no message with {fragment!r}")


def _title_size(duo, selector: str) -> float:
    """The font size plotly drew the chart's title in (its figure asks for 16 px)."""
    return duo.driver.execute_script(
        "return document.querySelector(arguments[0] + ' .js-plotly-plot')._fullLayout.title.font.size", selector)


def test_presenter_mode_enlarges_the_view_and_steps_through_the_story_at_1280x720(atlas):
    atlas.driver.set_window_size(1280, 720)
    open_path(atlas, "/strategies?economy=DEU")
    atlas.wait_for_element(f"#{Strategies.MAP} .main-svg", timeout=15)
    normal = _box(atlas, f"#{Strategies.MAP}")
    normal_title = _title_size(atlas, f"#{Strategies.MAP}")

    open_path(atlas, "/strategies?economy=DEU&present=1")
    atlas.wait_for_element(f"#{Strategies.MAP} .main-svg", timeout=15)
    wait_until(lambda: not atlas.find_element(f"#{Shell.NAVBAR}").is_displayed(), message="the navbar is shown")
    assert not atlas.find_element(f"#{Strategies.ECONOMY}").is_displayed()  # controls hidden, state kept
    assert atlas.find_element(f"#{ID.TOOLBAR}").is_displayed()
    wait_until(lambda: _position(atlas).startswith("Slide 2 of 5"), message="the view is the story's 2nd slide")
    assert STORY[1].caption == atlas.find_element(f"#{ID.CAPTION}").text

    shown = _box(atlas, f"#{Strategies.MAP}")
    assert shown["width"] > normal["width"] and shown["font"] > normal["font"]
    assert _title_size(atlas, f"#{Strategies.MAP}") == round(normal_title * 1.25)  # chart type grows too
    toolbar = _box(atlas, f"#{ID.TOOLBAR}")
    assert shown["left"] >= 0 and shown["right"] <= shown["viewWidth"]
    assert shown["height"] + toolbar["height"] <= shown["viewHeight"], "the map does not fit above the toolbar"

    _press(atlas, Keys.ARROW_RIGHT)
    wait_until(lambda: _path_and_query(atlas) == ("/networks", {"present": "1", "slide": "3"}),
               message="→ did not move to the story's 3rd slide")
    atlas.wait_for_element(f"#{Networks.GRAPH} .main-svg", timeout=20)
    wait_until(lambda: _position(atlas).startswith("Slide 3 of 5"), message="the toolbar did not follow")
    assert not atlas.find_element(f"#{Shell.NAVBAR}").is_displayed()

    _press(atlas, Keys.PAGE_UP)  # a clicker's "back"
    wait_until(lambda: _path_and_query(atlas) == ("/strategies", {"economy": "DEU", "present": "1", "slide": "2"}),
               message="Page Up did not go back to the 2nd slide")
    atlas.wait_for_element(f"#{Strategies.MAP} .main-svg", timeout=15)
    assert "Germany" in atlas.find_element(f"#{Strategies.DETAIL}").text
    assert external_requests(requested_urls(atlas), atlas.server_url) == []
    assert atlas.get_logs() == []


def test_the_navbar_enters_presenter_mode_and_exit_leaves_it_keeping_the_view(atlas):
    atlas.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": atlas.server_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    open_path(atlas, "/scenarios?target=CHN:492")
    atlas.wait_for_element(f"#{Scenarios.SHARE_CHART} .main-svg", timeout=20)
    click(atlas, f"#{ID.TOGGLE}")
    wait_until(lambda: query_of(atlas) == {"target": "CHN:492", "present": "1"}, message="Present did not add present=1")
    wait_until(lambda: not atlas.find_element(f"#{Shell.NAVBAR}").is_displayed(), message="the navbar is shown")
    wait_until(lambda: _position(atlas).startswith("Slide 4 of 5"), message="the view is the story's 4th slide")

    # Copy link works in presenter mode (the toolbar has its own) and copies the mode too.
    atlas.find_element(f"#{ID.COPY_LINK}").click()
    read = ("const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, e => done('error: ' + e));")
    copied = wait_until(lambda: (text := atlas.driver.execute_async_script(read)).startswith("http") and text,
                        message="nothing was copied")
    assert copied == atlas.driver.current_url and copied.endswith("/scenarios?target=CHN:492&present=1")

    # A link inside the page keeps presenter mode (the frame writes the mode into the page's links).
    click(atlas, f"#{Scenarios.NETWORKS_LINK}")
    wait_until(lambda: _path_and_query(atlas) == ("/networks", {"target": "CHN:492", "present": "1"}),
               message="the link left presenter mode")
    atlas.wait_for_element(f"#{Networks.GRAPH} .main-svg", timeout=20)
    assert not atlas.find_element(f"#{Shell.NAVBAR}").is_displayed()
    presented = wait_until(lambda: _title_size(atlas, f"#{Networks.GRAPH}"), message="no chart title")

    click(atlas, f"#{ID.EXIT}")  # the mode is styled by the index: leaving it loads the page
    wait_until(lambda: query_of(atlas) == {"target": "CHN:492"}, message="Exit did not drop present=1")
    wait_until(lambda: atlas.find_element(f"#{Shell.NAVBAR}").is_displayed(), message="the navbar is still hidden")
    assert not atlas.find_elements(f"#{ID.TOOLBAR}")
    atlas.wait_for_element(f"#{Networks.GRAPH} .main-svg", timeout=20)
    wait_until(lambda: _title_size(atlas, f"#{Networks.GRAPH}") * 1.25 == presented,
               message="the chart kept presenter-sized type after Exit")
    assert atlas.get_logs() == []


def _menu(duo, item_id: str) -> None:
    """Open the toolbar's Story menu and choose an item."""
    click(duo, f"#{ID.STORY_MENU} > button")
    item = wait_until(lambda: (el := duo.find_element(f"#{item_id}")).is_displayed() and el,
                      message=f"the Story menu did not show {item_id}")
    item.click()


def _download_story(duo) -> Path:
    target = Path(duo.download_path) / pv.DOWNLOAD_NAME
    if target.exists():
        target.unlink()
    _menu(duo, ID.DOWNLOAD_BUTTON)
    wait_until(lambda: target.exists() and target.stat().st_size > 0, message=f"no download at {target}")
    return target


def _upload(duo, path: Path) -> None:
    duo.find_element(f"#{ID.UPLOAD} input[type=file]").send_keys(str(path))


def test_a_presenter_adds_a_view_downloads_the_story_and_loads_it_again(atlas):
    open_path(atlas, "/strategies?economy=JPN&present=1")
    atlas.wait_for_element(f"#{Strategies.MAP} .main-svg", timeout=15)
    _menu(atlas, ID.ADD)
    _message(atlas, "Added slide 6: Strategies (economy=JPN)")
    wait_until(lambda: _position(atlas).startswith("Slide 6 of 6"), message="the view on screen is now the last slide")

    saved = _download_story(atlas)
    story = pd.read_csv(saved, keep_default_na=False)
    assert list(story.columns) == ["slide", "path", "query", "title", "caption"]
    assert story["slide"].tolist() == [1, 2, 3, 4, 5, 6]
    assert story.iloc[-1][["path", "query"]].tolist() == ["/strategies", "economy=JPN"]

    _menu(atlas, ID.RESET)
    _message(atlas, "Back to the default story: 5 slides")
    _upload(atlas, saved)
    _message(atlas, f"Loaded {pv.DOWNLOAD_NAME}: 6 slides")

    # The loaded story's last slide is the view added above: step to it from slide 5.
    open_path(atlas, "/networks?target=CHN:492&present=1&slide=5")
    wait_until(lambda: _position(atlas).startswith("Slide 5 of 6"), message="the loaded story did not survive a load")
    _press(atlas, Keys.ARROW_RIGHT)
    wait_until(lambda: _path_and_query(atlas)[0] == "/strategies", message="→ did not reach the added slide")
    _path, query = _path_and_query(atlas)  # the loaded story travels in the address (issue 26 #8)
    assert pv.decode_story(query.pop("story")) == pv.parse_story(saved.read_bytes(), "s", PATHS)[0]
    assert query == {"economy": "JPN", "present": "1", "slide": "6"}
    wait_until(lambda: "Japan" in atlas.find_element(f"#{Strategies.DETAIL}").text, timeout=15,
               message="the added view did not render")
    assert atlas.find_element(f"#{ID.NEXT}").get_attribute("disabled") is not None  # the end: no wrapping round
    assert atlas.get_logs() == []


def test_a_bad_story_file_says_which_row_is_wrong_and_changes_nothing(atlas, tmp_path):
    open_path(atlas, "/networks?present=1")
    atlas.wait_for_element(f"#{Networks.GRAPH} .main-svg", timeout=20)
    wait_until(lambda: _position(atlas).startswith("Slide 3 of 5"), message="toolbar not ready")
    before = atlas.driver.current_url
    bad = tmp_path / "bad-story.csv"
    bad.write_text("slide,path,query,title,caption\n1,/strategies,,Fine,\n2,/nowhere,,Lost,\n", encoding="utf-8")
    _upload(atlas, bad)
    message = _message(atlas, "Story not loaded")
    assert "bad-story.csv, row 3, column 'path': '/nowhere' is not a page of the atlas" in message
    assert _position(atlas).startswith("Slide 3 of 5")
    assert atlas.driver.current_url == before

    saved = _download_story(atlas)  # the story in use is still the default one
    assert pd.read_csv(saved, keep_default_na=False)["path"].tolist() == [s.path for s in STORY]
    assert atlas.get_logs() == []


@pytest.mark.parametrize("query, chart", [
    ("economy=DEU&embed=1", Strategies.MAP),
    ("economy=DEU&embed=1&chart=" + Strategies.TIMELINE, Strategies.TIMELINE),
])
def test_embed_shows_one_chart_and_no_chrome(atlas, query, chart):
    atlas.driver.set_window_size(800, 600)
    open_path(atlas, "/strategies?" + query)
    atlas.wait_for_element(f"#{chart} .main-svg", timeout=15)
    visible = wait_until(lambda: (shown := [g.get_attribute("id") for g in atlas.find_elements(".dash-graph")
                                            if g.is_displayed()]) and shown, message="no chart shown")
    assert visible == [chart]
    for hidden in (f"#{Shell.NAVBAR}", "footer", f"#{Strategies.ECONOMY}", f"#{Strategies.TABLE}"):
        assert not atlas.find_element(hidden).is_displayed(), hidden
    assert not atlas.find_elements(f"#{ID.TOOLBAR}")
    box = _box(atlas, f"#{chart}")
    assert box["left"] == 0 and box["top"] == 0 and box["width"] == box["viewWidth"]
    assert external_requests(requested_urls(atlas), atlas.server_url) == []
    assert atlas.get_logs() == []
