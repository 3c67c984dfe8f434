"""Issue 26, the first hour of a policymaker, a presenter and an analyst: what each one reads or reaches.

Time budget: the tests in this file together take under 90 s on this machine (2 shared cores);
`python -m pytest tests/browser/test_first_hour.py --durations=0` prints each one's time.
"""
from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.components import shell
from dashboard.ids import Shell, Strategies
from tests.browser.conftest import open_path, wait_until

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
