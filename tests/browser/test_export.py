"""Images: every chart carries its title and source line, and exports as SVG (and PNG) from the mode bar."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.browser.conftest import external_requests, open_path, requested_urls, wait_until

pytestmark = pytest.mark.browser

CHART_LABELS = """
return [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd.offsetParent !== null).map(gd => ({
  id: gd.parentElement.id || gd.id,
  title: (gd.layout.title && gd.layout.title.text) || '',
  notes: (gd.layout.annotations || []).map(a => a.text || '').join(' '),
  svg: !!gd.querySelector('.modebar-btn[data-title^="Download plot as SVG"]'),
  png: !!gd.querySelector('.modebar-btn[data-title^="Download plot as a PNG"]'),
}));
"""


@pytest.mark.parametrize("path", ["/", "/strategies", "/networks", "/scenarios"])
def test_every_chart_has_a_title_a_source_line_and_both_exports(atlas, path):
    open_path(atlas, path)
    wait_until(lambda: atlas.find_elements(".js-plotly-plot .main-svg"), timeout=15, message="no chart drawn")
    time.sleep(0.5)  # the page's later charts
    charts = atlas.driver.execute_script(CHART_LABELS)
    assert charts
    for chart in charts:
        assert chart["title"].strip(), chart
        assert "Source:" in chart["notes"] or "odeled" in chart["notes"], chart
        assert chart["svg"] and chart["png"], chart


def test_svg_export_downloads_the_chart_with_its_title_and_source(atlas):
    open_path(atlas, "/scenarios")
    wait_until(lambda: atlas.find_elements("#scenarios-share-chart .main-svg"), timeout=15)
    title = atlas.driver.execute_script(
        "return document.querySelector('#scenarios-share-chart .js-plotly-plot').layout.title.text")
    atlas.driver.execute_script(
        "document.querySelector('#scenarios-share-chart .modebar-btn[data-title^=\"Download plot as SVG\"]').click()")
    folder = Path(atlas.download_path)
    found = wait_until(lambda: [p for p in folder.glob("atlas-*.svg") if p.stat().st_size > 0], timeout=15,
                       message="no SVG downloaded")
    svg = found[0].read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "Source:" in svg
    assert title.split()[0] in svg
    assert found[0].name.startswith("atlas-") and "share" in found[0].name
    assert external_requests(requested_urls(atlas), atlas.server_url) == []
    assert atlas.get_logs() == []
