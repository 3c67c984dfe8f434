"""Accessibility: axe-core (Deque, MPL 2.0; injected from the axe-core-python package, no network) finds
no serious or critical WCAG 2.1 A/AA violation on any page, apart from one known in Dash itself.

Known and left to upstream: dcc.Dropdown (Dash 4.4.1) keeps a focusable, aria-hidden input as its
focus target (`aria-hidden-focus`); hiding it from the keyboard would break keyboard use of the
dropdown. Everything else axe reported is fixed in assets/a11y.js and assets/style.css.
"""
from __future__ import annotations

import pytest
from axe_core_python.selenium import Axe

from dashboard.pages import PAGES
from tests.browser.conftest import open_path, wait_until

pytestmark = pytest.mark.browser

QUERIES = {"/strategies": "?economy=DEU", "/scenarios": "?adopt=DEU:80"}
KNOWN_UPSTREAM = {("aria-hidden-focus", "dash-dropdown-focus-target")}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _serious(results: dict) -> list[str]:
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            if not any(rule == violation["id"] and part in target for rule, part in KNOWN_UPSTREAM):
                found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {target}")
    return found


def _violations(duo, url: str) -> list[str]:
    open_path(duo, url)
    wait_until(lambda: duo.find_elements(".js-plotly-plot .main-svg, table"), timeout=15, message="page not drawn")
    wait_until(lambda: not duo.find_elements("[role=slider]:not([aria-label])"), timeout=5,
               message="slider handles were not named")
    return _serious(Axe().run(duo.driver, options=WCAG))


@pytest.mark.parametrize("path", [page.path for page in PAGES])
def test_no_serious_or_critical_violation(atlas, path):
    assert _violations(atlas, path + QUERIES.get(path, "")) == []


@pytest.mark.parametrize("url", ["/strategies?economy=DEU&present=1", "/scenarios?adopt=DEU:80&present=1",
                                 "/networks?embed=1"])
def test_presenter_and_embed_modes_have_no_serious_or_critical_violation(atlas, url):
    assert _violations(atlas, url) == []
