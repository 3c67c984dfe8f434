"""The uncertainty ranges chart is named and attributed in every state, with its title clear of the mode bar."""
from __future__ import annotations

import pytest

from dashboard.figures import ranges
from dashboard.figures.theme import TITLE_MARGIN


def _summary() -> dict:
    row = {"code": "DEU", "name": "Germany"}
    for output in ("real_income", "goods_export_share"):
        row.update({f"{output}.point": 0.4, f"{output}.median": 0.35, f"{output}.low": -0.1,
                    f"{output}.high": 0.9, f"{output}.sign_agreement": 0.8})
    return {"rows": [row], "draws": 100, "used": 98, "failed": 2, "interval": [5, 95]}


@pytest.mark.parametrize("figure", [
    ranges.empty("Ranges follow the point estimate"),
    ranges.empty("No ranges: the job failed"),
    ranges.interval_chart(_summary(), "real_income", "Real income, %"),
], ids=["waiting", "failed", "ranges"])
def test_every_state_has_a_title_a_source_line_and_room_for_the_mode_bar(figure):
    layout = figure["layout"]
    assert layout["title"]["text"].strip()
    notes = " ".join(a.get("text", "") for a in layout["annotations"])
    assert "Source: modeled" in notes
    assert layout["margin"]["t"] >= TITLE_MARGIN
    assert layout["title"]["yref"] == "container"


def test_the_waiting_chart_says_why_it_is_blank():
    notes = [a["text"] for a in ranges.empty("Ranges follow the point estimate")["layout"]["annotations"]]
    assert "Ranges follow the point estimate" in notes


def test_the_ranges_chart_shows_the_draws_it_used():
    notes = " ".join(a.get("text", "") for a in
                     ranges.interval_chart(_summary(), "real_income", "Real income, %")["layout"]["annotations"])
    assert "98 of 100 Monte Carlo draws" in notes
