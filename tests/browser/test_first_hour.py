"""Issue 26, the first hour of a policymaker, a presenter and an analyst: what each one reads or reaches.

Time budget: the tests in this file together take under 180 s on this machine (2 shared cores; measured
136–176 s with a server start per test, the tests' own calls ~80 s, at load average 12–15);
`python -m pytest tests/browser/test_first_hour.py --durations=0` prints each one's time.
"""
from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.components import shell
from dashboard.ids import Networks, Present, Shell, Strategies
from tests.browser.conftest import click, open_path, wait_until

pytestmark = pytest.mark.browser


def _options(duo) -> list[str]:
    return [o.text for o in duo.find_elements("[role=option]")]


def test_typing_part_of_a_name_finds_the_economy_and_the_eu_can_be_chosen(atlas):
    """#4: "pola" finds Poland (the search listed "POL (POL)"); the EU is an option; choosing it names it."""
    open_path(atlas, "/strategies")
    atlas.find_element(f"#{Strategies.ECONOMY}").click()
    search = wait_until(lambda: (el := atlas.driver.switch_to.active_element).tag_name == "input" and el)
    search.send_keys("pola")
    assert wait_until(lambda: _options(atlas)) == ["Poland"]
    for _ in "pola":
        search.send_keys("\b")
    search.send_keys("europ")
    option = wait_until(lambda: next((o for o in atlas.find_elements("[role=option]")
                                      if o.text == "European Union"), None))
    option.click()
    wait_until(lambda: atlas.find_element(f"#{Strategies.DETAIL} h2").text == "European Union",
               message="the panel does not name the EU")
    assert "economy=EUU" in atlas.driver.current_url
    assert atlas.get_logs() == []


READ_CLIPBOARD = ("const done = arguments[arguments.length - 1];"
                  "navigator.clipboard.readText().then(done, e => done('error: ' + e));")


def test_copy_link_is_a_button_that_tab_reaches_and_that_answers_anywhere_on_it(atlas):
    """#13: Tab goes from the last page link to "Copy link" (a div Tab skipped before); Enter copies the
    address and the status line says so; a click on the button's edge (not an icon) copies too."""
    atlas.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": atlas.server_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    open_path(atlas, "/strategies?economy=JPN")
    atlas.driver.execute_script("document.querySelector('#navbar a[href=\"/methods\"]').focus();")
    ActionChains(atlas.driver).send_keys(Keys.TAB).perform()
    focused = atlas.driver.switch_to.active_element
    assert (focused.tag_name, focused.text, focused.get_attribute("id")) == ("button", "Copy link", Shell.COPY_LINK)
    focused.send_keys(Keys.ENTER)
    status = f"#{shell.copy_status(Shell.COPY_LINK)}"
    wait_until(lambda: atlas.find_element(status).text == "Link copied", message="no 'Link copied'")
    assert atlas.driver.execute_async_script(READ_CLIPBOARD) == atlas.driver.current_url
    atlas.driver.execute_script("navigator.clipboard.writeText('');"
                                f"document.querySelector('{status}').textContent = '';")
    button = atlas.find_element(f"#{Shell.COPY_LINK}")
    ActionChains(atlas.driver).move_to_element_with_offset(button, button.size["width"] // 2 - 3, 0).click().perform()
    wait_until(lambda: atlas.driver.execute_async_script(READ_CLIPBOARD).endswith("/strategies?economy=JPN"),
               message="a click on the button's edge copied nothing")
    assert atlas.get_logs() == []


def test_after_a_notice_corrects_the_address_the_address_shows_the_corrected_form(atlas):
    """#13: /strategies?economy=ZZZ&from=1800&focus=robotics gets notices, and the address bar (hence Copy
    link) shows the view drawn; Back leads to the page before, not to the uncorrected address."""
    open_path(atlas, "/methods")
    open_path(atlas, "/strategies?economy=ZZZ&from=1800&focus=robotics")
    wait_until(lambda: atlas.driver.current_url.endswith("/strategies?focus=robotics"),
               message="the address was not corrected")
    assert atlas.find_element(f"#{Strategies.NOTICE}").text  # the notices say what was corrected
    atlas.driver.back()
    wait_until(lambda: atlas.driver.current_url.endswith("/methods"), message="Back did not leave the page")
    assert atlas.get_logs() == []


@pytest.mark.parametrize("opened, corrected", [
    ("/scenarios?adopt=DEU:80&theta=99", "/scenarios?target=DEU:809.6&theta=10"),   # an old link, θ clamped
    ("/networks?top=0&target=DEU:600&layer=gold", "/networks?top=1&target=DEU:600"),
])
def test_the_scenarios_and_networks_addresses_show_the_corrected_form(atlas, opened, corrected):
    """#13 on the two model pages: after a notice, the address bar (hence Copy link) is the view drawn."""
    open_path(atlas, opened)
    wait_until(lambda: atlas.driver.current_url.endswith(corrected),
               message=f"the address was not corrected: {atlas.driver.current_url}")
    assert atlas.get_logs() == []


# ---- presenter ----------------------------------------------------------------------------------

def _text(duo, element_id: str) -> str:
    """The element's text as shown ("" while it is not there): read in one go, so a page being
    replaced cannot leave a stale reference."""
    return duo.driver.execute_script(
        "const el = document.getElementById(arguments[0]); return el ? el.innerText : '';", element_id)


def _position(duo) -> str:
    return _text(duo, Present.POSITION)


def _caption(duo) -> str:
    return _text(duo, Present.CAPTION)


def _menu(duo, item_id: str) -> None:
    click(duo, f"#{Present.STORY_MENU} > button")
    wait_until(lambda: (el := duo.find_element(f"#{item_id}")).is_displayed() and el).click()


def test_a_caption_shows_only_on_its_slides_view(atlas):
    """#7: /strategies?economy=JPN then Present showed Japan under "Germany selected" and "Slide 2 of 5"."""
    open_path(atlas, "/strategies?economy=JPN")
    click(atlas, f"#{Present.TOGGLE}")
    wait_until(lambda: "present=1" in atlas.driver.current_url and _position(atlas))
    wait_until(lambda: _position(atlas) == "Another view than slide 2 of 5; ← or → goes back to it",
               message=f"position: {_position(atlas)!r}")
    assert _caption(atlas) == ""
    click(atlas, f"#{Present.NEXT}")
    wait_until(lambda: _position(atlas).startswith("Slide 2 of 5"), message="→ did not go back to slide 2")
    # The caption and the address follow the position line (each its own callback): wait for them.
    wait_until(lambda: "Germany selected" in _caption(atlas) and "economy=DEU" in atlas.driver.current_url,
               message=f"caption {_caption(atlas)!r} at {atlas.driver.current_url}")
    assert atlas.get_logs() == []


def test_a_story_built_in_the_toolbar_travels_in_the_copied_link(atlas):
    """#8, #9, #10: at 1280×720 the toolbar is one row; New story, Add this view, Move slide earlier build
    a two-slide story; the address (what Copy link copies) opened in a fresh tab steps through it."""
    atlas.driver.set_window_size(1280, 720)
    open_path(atlas, "/strategies?economy=JPN&present=1")
    wait_until(lambda: _position(atlas))

    def tops() -> list[int]:
        return atlas.driver.execute_script(
            f"return Array.from(document.querySelectorAll('#{Present.TOOLBAR} .btn'))"
            ".filter(b => b.offsetParent).map(b => Math.round(b.getBoundingClientRect().top));")

    # Every button shown (one arrives with a later callback), then all on one row.
    wait_until(lambda: len(tops()) >= 7, message=f"toolbar buttons shown: {tops()}")
    assert max(tops()) - min(tops()) <= 4, tops()  # one row
    _menu(atlas, Present.NEW)
    wait_until(lambda: _position(atlas).startswith("Slide 1 of 1"), message=_position(atlas))
    open_path(atlas, "/?present=1")
    _menu(atlas, Present.ADD)
    wait_until(lambda: _position(atlas).startswith("Slide 2 of 2"))
    _menu(atlas, Present.EARLIER)
    wait_until(lambda: _position(atlas).startswith("Slide 1 of 2"))
    link = atlas.driver.current_url
    assert "story=" in link and len(link) < 1000

    atlas.driver.execute_script("window.sessionStorage.clear();")  # the audience's own tab: no story of theirs
    atlas.driver.get("about:blank")
    atlas.driver.get(link)
    wait_until(lambda: _position(atlas).startswith("Slide 1 of 2"),
               message="the link's story was not used")
    click(atlas, f"#{Present.NEXT}")
    wait_until(lambda: "/strategies" in atlas.driver.current_url and _position(atlas).startswith("Slide 2 of 2"),
               message="→ did not follow the link's story")
    assert atlas.get_logs() == []


def _box(duo, selector: str) -> dict | None:
    return duo.driver.execute_script(
        "const e = document.querySelector(arguments[0]); if (!e) return null; const r = e.getBoundingClientRect();"
        "return {t: r.top, b: r.bottom, shown: e.offsetParent !== null && r.height > 0};", selector)


def test_at_1280_by_720_a_networks_slide_shows_its_whole_chart_and_no_switch(atlas):
    """#10: on the story's networks-scenario slide at 1280×720 the chart comes first: all of it between the
    caption and the toolbar (it ran under the toolbar), and the baseline/scenario switch, a control, is not
    shown. Without presenter mode the switch is under the chart, not above it."""
    atlas.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                 {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
    try:
        open_path(atlas, "/networks?target=CHN:492&present=1")
        wait_until(lambda: _position(atlas).startswith("Slide 5 of 5") and _caption(atlas), timeout=15,
                   message=f"not on slide 5 with its caption: {_position(atlas)!r}")
        wait_until(lambda: atlas.find_elements(f"#{Networks.GRAPH} .main-svg"), message="no chart")
        graph, toolbar, caption = (_box(atlas, s) for s in (f"#{Networks.GRAPH}", f"#{Present.TOOLBAR}",
                                                            f"#{Present.CAPTION}"))
        assert caption["b"] <= graph["t"] + 1 and graph["b"] <= toolbar["t"] + 1, (caption, graph, toolbar)
        assert graph["b"] - graph["t"] >= 400, graph  # the chart itself, not a collapsed box
        assert not _box(atlas, f"#{Networks.FLOWS}")["shown"]
        assert "purple where they grow" in atlas.find_element("#page-content").text  # the key to the colours stays
        open_path(atlas, "/networks?target=CHN:492")
        wait_until(lambda: atlas.find_elements(f"#{Networks.GRAPH} .main-svg"), message="no chart")
        graph, switch = _box(atlas, f"#{Networks.GRAPH}"), _box(atlas, f"#{Networks.FLOWS}")
        assert switch["shown"] and graph["b"] <= switch["t"] + 1, (graph, switch)
    finally:
        atlas.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert atlas.get_logs() == []


def test_a_5_mb_story_file_gets_a_message_and_a_good_one_clears_it(atlas, tmp_path):
    """#12: a 5 MB file got no message at all (dcc.Upload refused it silently); the next upload clears it."""
    open_path(atlas, "/?present=1")
    wait_until(lambda: _position(atlas))
    big = tmp_path / "huge.csv"
    big.write_bytes(b"slide,path,query,title,caption\n" + b"x" * 5_000_000)
    atlas.find_element(f"#{Present.UPLOAD} input[type=file]").send_keys(str(big))
    wait_until(lambda: _text(atlas, Present.MESSAGE) ==
               "huge.csv is larger than 200 kB, the most a story file may be: nothing was loaded.",
               message="no message for a 5 MB file")
    good = tmp_path / "good.csv"
    good.write_text("slide;path;query;title;caption\n1;/strategies;economy=DEU;Germany;Its strategies\n",
                    encoding="utf-16")
    atlas.find_element(f"#{Present.UPLOAD} input[type=file]").send_keys(str(good))
    wait_until(lambda: _text(atlas, Present.MESSAGE) == "Loaded good.csv: 1 slide.",
               message="the good file did not replace the message")
    assert atlas.get_logs() == []


# ---- readable charts ------------------------------------------------------------------------------

#: Per chart: its title's, mode bar's, source line's and canvas's boxes (px, window coordinates).
CHART_BOXES = """
const box = el => { const r = el.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
return Array.from(document.querySelectorAll('.js-plotly-plot')).filter(gd => gd.querySelector('.gtitle')).map(gd => {
  const source = Array.from(gd.querySelectorAll('.annotation-text')).find(a => a.textContent.startsWith('Source'));
  return {id: gd.closest('[id]').id, title: gd.querySelector('.gtitle').textContent, titleBox: box(gd.querySelector('.gtitle')),
          modebar: box(gd.querySelector('.modebar')), source: source ? source.textContent : null,
          sourceBox: source && box(source), canvas: box(gd.querySelector('.main-svg')),
          legend: gd.querySelector('.legend') && box(gd.querySelector('.legend'))};
});"""


@pytest.mark.parametrize("path, charts", [("/", 4), ("/?present=1", 4), ("/strategies", 2),
                                          ("/strategies?economy=DEU&present=1", 2),
                                          ("/scenarios", 5), ("/scenarios?present=1", 5),
                                          ("/scenarios?target=DEU:600&closure=us&present=1", 5),
                                          ("/networks", 1), ("/networks?present=1", 1),
                                          ("/networks?view=network&target=CHN:492&present=1", 1)])
def test_chart_titles_clear_the_mode_bar_and_source_lines_are_whole(atlas, path, charts):
    """#6 at 1280 px: no title runs into the mode bar's icons (worst in presenter mode), and every source
    line is drawn whole inside its chart ("(see M" was cut off), with 1 px of tolerance."""
    atlas.driver.set_window_size(1280, 900)
    open_path(atlas, path)
    wait_until(lambda: len(atlas.driver.execute_script(CHART_BOXES)) == charts, timeout=20,
               message="the charts did not all arrive")
    if path.startswith("/scenarios"):  # the ranges chart as drawn once its job is done, with its key
        wait_until(lambda: any("90 % interval" in c["title"] for c in atlas.driver.execute_script(CHART_BOXES)),
                   timeout=60, message="the ranges did not arrive")
    for chart in atlas.driver.execute_script(CHART_BOXES):
        title, bar, source, canvas = chart["titleBox"], chart["modebar"], chart["sourceBox"], chart["canvas"]
        apart = title["b"] <= bar["t"] + 1 or bar["b"] <= title["t"] + 1 or title["r"] <= bar["l"] + 1
        assert apart, (chart["title"], title, bar)
        assert source is not None, chart["title"]
        inside = (canvas["l"] - 1 <= source["l"] and source["r"] <= canvas["r"] + 1
                  and canvas["t"] - 1 <= source["t"] and source["b"] <= canvas["b"] + 1)
        assert inside, (chart["source"], source, canvas)
        legend = chart["legend"]
        if legend:  # the legend and the source line do not overlap
            assert (legend["b"] <= source["t"] + 1 or source["b"] <= legend["t"] + 1
                    or legend["r"] <= source["l"] + 1 or source["r"] <= legend["l"] + 1), (chart["title"], legend, source)
    assert atlas.get_logs() == []
