"""The Content-Security-Policy is enforced, and every page still works under it (a violation is a console error)."""
from __future__ import annotations

import pytest

from dashboard.ids import Methods, Strategies
from tests.browser.conftest import open_path

pytestmark = pytest.mark.browser

# What shows that each page has fully rendered: its charts, grid, table or typeset equations.
RENDERED = {
    "/": [".js-plotly-plot .main-svg"],
    "/strategies": [f"#{Strategies.MAP} .js-plotly-plot .main-svg", f"#{Strategies.TABLE} .ag-row"],
    "/methods": [f"#{Methods.SOURCES_TABLE} tbody tr", f"#{Methods.EQUATIONS} mjx-container"],
}


@pytest.mark.parametrize("path", list(RENDERED))
def test_page_renders_under_the_policy_with_no_console_error(atlas, path):
    open_path(atlas, path)
    for selector in RENDERED[path]:
        atlas.wait_for_element(selector, timeout=15)
    assert atlas.get_logs() == []


def test_the_policy_blocks_an_injected_inline_script(atlas):
    open_path(atlas, "/")
    atlas.wait_for_element(".js-plotly-plot .main-svg", timeout=15)
    ran = atlas.driver.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.injected = true';"
        "document.head.appendChild(s); return window.injected === true;")
    assert ran is False
    logs = atlas.get_logs()
    assert logs and all("Content Security Policy" in entry["message"] for entry in logs), logs
