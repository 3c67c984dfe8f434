"""Issue 26, the first hour of a policymaker, a presenter and an analyst: what each one reads or reaches.

Time budget: the tests in this file together take under 90 s on this machine (2 shared cores);
`python -m pytest tests/browser/test_first_hour.py --durations=0` prints each one's time.
"""
from __future__ import annotations

import pytest

from dashboard.ids import Strategies
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
