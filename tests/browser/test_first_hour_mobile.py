"""Issue 26.15 on a phone (390×844): the strategies page's map, slider and timeline, and presenter mode, as a
person reads them. Boxes are compared with 1 px of tolerance.

Time budget: the tests in this file together take under 40 s on this machine (2 shared cores);
`python -m pytest -m browser tests/browser/test_first_hour_mobile.py --durations=0` prints each one's time.
"""
from __future__ import annotations

import itertools

import pytest

from dashboard.ids import Present, Strategies
from tests.browser.conftest import open_path, wait_until

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}

#: Boxes (px, window coordinates) of what a selector finds, in one go.
BOXES = """return Array.from(document.querySelectorAll(arguments[0])).map(e => {
  const r = e.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom, text: e.textContent};
});"""


def _boxes(duo, selector: str) -> list[dict]:
    return duo.driver.execute_script(BOXES, selector)


def _inside(inner: dict, outer: dict, tolerance: float = 1) -> bool:
    return (outer["l"] - tolerance <= inner["l"] and inner["r"] <= outer["r"] + tolerance
            and outer["t"] - tolerance <= inner["t"] and inner["b"] <= outer["b"] + tolerance)


def _open_on_a_phone(duo, path: str) -> None:
    duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    open_path(duo, path)
    assert duo.driver.execute_script("return window.innerWidth") == PHONE["width"]


def _timeline_labels_inside(duo) -> None:
    """Every timeline label is drawn whole inside the timeline chart (issue 26.15: they were cut on the left)."""
    labels = wait_until(lambda: _boxes(duo, f"#{Strategies.TIMELINE} .ytick text"), timeout=15,
                        message="the timeline did not come")
    chart = _boxes(duo, f"#{Strategies.TIMELINE} .main-svg")[0]
    assert len(labels) >= 20
    cut = [label for label in labels if not _inside(label, chart)]
    assert not cut, (cut[:3], chart)
    years = _boxes(duo, f"#{Strategies.TIMELINE} .xtick text")
    assert len(years) >= 4 and all(a["r"] <= b["l"] + 1 for a, b in itertools.pairwise(years)), years
    title, key = (_boxes(duo, f"#{Strategies.TIMELINE} {s}") for s in (".gtitle", ".annotation-text"))
    assert _inside(title[0], chart), (title, chart)  # whole, and no key or legend drawn over it:
    assert all(k["t"] >= title[0]["b"] - 1 or k["b"] <= title[0]["t"] + 1 or k["l"] >= title[0]["r"] for k in key)


def test_on_a_phone_the_map_takes_the_width_and_slider_marks_and_timeline_labels_are_whole(atlas):
    """The map was ~140 px wide beside its colour bar; the period slider's year marks ran into each other;
    the timeline's labels were cut. The map is ≥ 90 % of the screen's width, no two marks overlap (and every
    one is on screen), and every timeline label is inside its chart."""
    _open_on_a_phone(atlas, "/strategies")
    land = wait_until(lambda: _boxes(atlas, f"#{Strategies.MAP} .geo .layer.land"), timeout=15,
                      message="the map did not come")[0]  # the projected world's land, as drawn
    assert land["r"] - land["l"] >= 0.9 * PHONE["width"], land
    marks = _boxes(atlas, f"#{Strategies.PERIOD} .dash-slider-mark")
    assert [m["text"] for m in marks] == ["2010", "2015", "2020", "2025", "2030"]
    for left, right in itertools.pairwise(marks):
        assert left["r"] <= right["l"] + 1, (left, right)
    assert all(0 <= m["l"] and m["r"] <= PHONE["width"] for m in marks), marks
    _timeline_labels_inside(atlas)
    assert atlas.get_logs() == []


def _whole(duo, element_id: str) -> dict:
    return duo.driver.execute_script(
        "const e = document.getElementById(arguments[0]); const r = e.getBoundingClientRect();"
        "return {text: e.innerText, scroll: e.scrollWidth, client: e.clientWidth, l: r.left, r: r.right};", element_id)


def test_on_a_phone_a_presenters_caption_position_and_buttons_are_whole_and_in_reach(atlas):
    """Presenter mode at 390 px: the slide's caption and its position line are read whole (no text cut or
    hidden: scrollWidth ≤ clientWidth, on screen), every toolbar button is on screen (Exit ran off it), and
    the charts' source lines and the timeline's labels are inside their charts."""
    _open_on_a_phone(atlas, "/strategies?economy=DEU&present=1")
    wait_until(lambda: "Germany selected" in _whole(atlas, Present.CAPTION)["text"], timeout=15,
               message="no caption on slide 2")
    for element_id in (Present.CAPTION, Present.POSITION):
        shown = _whole(atlas, element_id)
        assert shown["text"] and 0 < shown["client"] and shown["scroll"] <= shown["client"] + 1, (element_id, shown)
        assert 0 <= shown["l"] and shown["r"] <= PHONE["width"] + 1, (element_id, shown)
    assert _whole(atlas, Present.POSITION)["text"].startswith("Slide 2 of 5")
    buttons = _boxes(atlas, f"#{Present.TOOLBAR} .btn")
    assert len(buttons) >= 7 and all(0 <= b["l"] and b["r"] <= PHONE["width"] + 1 for b in buttons), buttons
    _timeline_labels_inside(atlas)
    for chart in (Strategies.MAP, Strategies.TIMELINE):
        box = _boxes(atlas, f"#{chart} .main-svg")[0]
        source = [a for a in _boxes(atlas, f"#{chart} .annotation-text") if a["text"].startswith("Source")]
        assert source and _inside(source[0], box), (chart, source, box)
    assert atlas.get_logs() == []
