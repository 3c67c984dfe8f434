"""The uncertainty ranges as a person meets them on /scenarios: after the point estimate, the sentence that
says how sure its headline is, the ranges table's interval columns, and the same ranges in the CSV."""
from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ids import Ranges, Scenarios as ID
from dashboard.views.scenario_text import signed
from tests.browser.conftest import click, open_path, wait_until

pytestmark = pytest.mark.browser

TEXT = "const e = document.getElementById(arguments[0]); return e && !e.hidden ? e.innerText : '';"
#: The ranges table as read: each row's cells' text.
ROWS = f"return Array.from(document.querySelectorAll('#{Ranges.TABLE} tr')).map(r => Array.from(r.cells).map(c => c.innerText));"


def _text(duo, element_id: str) -> str:
    return duo.driver.execute_script(TEXT, element_id) or ""


def _top(duo, element_id: str) -> float:
    return duo.driver.execute_script(
        "return document.getElementById(arguments[0]).getBoundingClientRect().top + window.scrollY;", element_id)


def test_ranges_follow_the_point_estimate_into_the_headlines_table_and_csv(atlas):
    open_path(atlas, "/scenarios?target=DEU:600&theta=5")
    wait_until(lambda: "Germany" in _text(atlas, ID.HEADLINES), message="no point estimate")
    chart = _top(atlas, ID.SHARE_CHART)
    status = wait_until(lambda: "Monte Carlo draws" in (s := _text(atlas, Ranges.STATUS)) and s, timeout=40,
                        message="the ranges did not come")
    assert "1,000 draws at country level" in status
    headline = wait_until(lambda: _text(atlas, Ranges.HEADLINE), message="no sign agreement under the first chart")
    assert headline.startswith("Germany gains export share in ") and " % of draws." in headline, headline
    # Under the first chart, whose place the sentences' arrival does not move.
    assert _top(atlas, ID.SHARE_CHART) == chart < _top(atlas, Ranges.HEADLINE)

    rows = atlas.driver.execute_script(ROWS)
    assert rows[1][:6] == ["Economy", "Point", "Median", "5th pct.", "95th pct.", "Same sign"], rows[:2]
    germany = next(r for r in rows if r[0] == "Germany")
    assert len(germany) == 11

    click(atlas, f"#{ID.DOWNLOAD_BUTTON}")
    target = Path(atlas.download_path) / "scenario-countries-DEU600-fixed-theta5-eta0.5-eps-central.csv"
    wait_until(target.exists, timeout=20, message=f"no download at {target}")
    frame = pd.read_csv(io.StringIO(target.read_text(encoding="utf-8"))).set_index("code")
    for stem in ("real_income_change_pct", "goods_export_share_change_pp"):
        for suffix in ("median", "p5", "p95", "sign_agreement"):
            assert f"{stem}_{suffix}" in frame.columns
    # The file holds the ranges the page shows: Germany's export share, same sign, as the table prints it.
    agreement = frame.loc["DEU", "goods_export_share_change_pp_sign_agreement"]
    assert germany[10] == f"{math.floor(100 * agreement + 1e-9):.0f} %"
    assert germany[9] == signed(frame.loc["DEU", "goods_export_share_change_pp_p95"], 3)
    assert "1000 used of 1000" in frame.loc["DEU", "param_ranges_draws"]
    assert atlas.get_logs() == []
