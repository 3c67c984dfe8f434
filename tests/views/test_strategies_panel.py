"""The strategies page's panel as a person reads it: the economy's name, what each programme is, and
sources a policymaker can cite (publisher first, a copy only as "retrieved from")."""
from __future__ import annotations

import dashboard.app  # noqa: F401 - the page modules register with Dash Pages, which needs the app first
from dashboard.components import shell
from dashboard.datasets import load
from dashboard.pages import strategies as page
from dashboard.pages.strategies import detail_panel


def _text(component: object) -> str:
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return "".join(_text(c) for c in component)
    return _text(getattr(component, "children", None) or "")


def test_each_programme_says_what_it_is_and_cites_its_publisher_by_name():
    panel = detail_panel("CHN")
    text = _text(panel)
    made_in_china = load.table("strategies").set_index("strategy_id").loc["chn-made-in-china-2025-2015"]
    assert _text(panel[0]) == "China"
    assert made_in_china["summary"] in text
    links = [c for c in shell.walk(panel) if getattr(c, "href", None)]
    first = links[0]
    assert first.children == made_in_china["source_publisher"].split(" | ")[0]
    assert "source 1" not in text and "source 2" not in text
    # The copies come after the primary sources, under "retrieved from".
    line = _text(next(c for c in shell.walk(panel) if "atlas-source" in (getattr(c, "className", "") or "")))
    assert line.index("State Council") < line.index("; retrieved from ") < line.index("en.people.cn")


def test_an_indicator_from_a_mirror_names_the_publisher_first():
    text = _text(detail_panel("CHN")[-1])
    assert "Manufacturing value added" in text
    assert "World Bank; retrieved from GitHub copy" in text


def test_an_eu_member_and_the_eu_are_named_and_an_economy_without_a_strategy_says_so(monkeypatch):
    assert _text(detail_panel("POL")[0]) == "Poland"
    assert _text(detail_panel("EUU")[0]) == "European Union"
    monkeypatch.setattr(page, "_economy_names", lambda: {"XKX": "Kosovo"})
    panel = detail_panel("XKX")
    assert _text(panel[0]) == "Kosovo" and "No strategy in the data." in _text(panel)


def test_the_methods_sources_table_links_publishers_by_name_and_copies_apart():
    """Issue 26 #1 on /methods: the link text is the publisher, the copy read sits in its own column."""
    from dashboard.ids import Methods
    from tests.pages import render

    table = render("/methods")[Methods.SOURCES_TABLE]
    rows = [row for row in shell.walk(table) if type(row).__name__ == "Tr"][1:]
    world_bank = next(r for r in rows if _text(r.children[1]) == "World Bank" and _text(r.children[4]))
    link = next(c for c in shell.walk(world_bank.children[1]) if getattr(c, "href", None))
    assert link.children == "World Bank" and link.href.startswith("https://data.worldbank.org/")
    assert _text(world_bank.children[4]).startswith("GitHub copy (")
    assert "open" not in {_text(c) for r in rows for c in r.children}


def test_choosing_the_eu_outlines_its_member_states_on_the_map():
    """Issue 26 #4: the EU can be chosen, and the map shows which economies that means."""
    from dashboard.datasets.regions import eu_members
    from dashboard.views.strategies import StrategiesView

    figure = page.page_parts(StrategiesView(economy="EUU"))["map"]
    outline = next(trace for trace in figure["data"] if trace.get("meta") == "selected")
    assert set(outline["locations"]) == set(eu_members())
    germany = page.page_parts(StrategiesView(economy="DEU"))["map"]
    assert list(next(t for t in germany["data"] if t.get("meta") == "selected")["locations"]) == ["DEU"]
