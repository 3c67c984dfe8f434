"""New-trade-content page state and data, without a browser: URL codec, indexed growth, leaders,
coverage, rules, CSV downloads and the networks page's per-economy mix."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from dashboard import config
from dashboard.datasets import content as dc, load
from dashboard.datasets.content import FLOW_SERIES, SERIES
from dashboard.datasets.regions import eu_members
from dashboard.datasets.schema import AGREEMENT_TYPES
from dashboard.views import content as v
from dashboard.views.content import ContentView, from_query, to_query
from dashboard.views.query import parse_query

ECONOMIES = {"WLD", "EUU", "CHN", "DEU", "JPN", "KOR", "USA", "TWN"}
YEARS = (1960, 2024)


@pytest.fixture(scope="module")
def series() -> pd.DataFrame:
    return dc.content_series()


@pytest.fixture(scope="module")
def agreements() -> pd.DataFrame:
    return dc.digital_agreements()


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return v.economy_names(load.table("economies"))


@pytest.fixture(scope="module")
def shown(series, agreements) -> list[str]:
    return v.economies_shown(series, agreements, load.table("economies"))


# ---- URL codec -----------------------------------------------------------------------------------

@pytest.mark.parametrize("view, query", [
    (ContentView(), ""),
    (ContentView(economy="KOR"), "?economy=KOR"),
    (ContentView(flow="imports", base=2012), "?flow=imports&base=2012"),
    (ContentView(leader="ip_receipts", year=2019), "?leader=ip_receipts&year=2019"),
    (ContentView(kinds=("digital-economy-agreement", "adequacy-decision"), in_force=True),
     "?rules=digital-economy-agreement,adequacy-decision&inforce=1"),
    (ContentView("DEU", "imports", 2015, "goods_imports", 2020, ("plurilateral-negotiation",), True),
     "?economy=DEU&flow=imports&base=2015&leader=goods_imports&year=2020&rules=plurilateral-negotiation&inforce=1"),
])
def test_view_to_query_and_back(view, query):
    assert to_query(view) == query
    assert from_query(parse_query(query), ECONOMIES, YEARS) == (view, [])


@given(economy=st.sampled_from(sorted(ECONOMIES)), flow=st.sampled_from(["exports", "imports"]),
       base=st.one_of(st.none(), st.integers(*YEARS)), leader=st.sampled_from(list(SERIES)),
       year=st.one_of(st.none(), st.integers(*YEARS)),
       kinds=st.lists(st.sampled_from(AGREEMENT_TYPES), unique=True), in_force=st.booleans())
@settings(max_examples=200, deadline=None)
def test_round_trip_is_identity(economy, flow, base, leader, year, kinds, in_force):
    kinds = tuple(k for k in AGREEMENT_TYPES if k in kinds)  # the codec keeps the vocabulary's order
    view = ContentView(economy, flow, base, leader, year, kinds, in_force)
    assert from_query(parse_query(to_query(view)), ECONOMIES, YEARS) == (view, [])


@pytest.mark.parametrize("query, expected, notice", [
    ("?economy=XYZ", ContentView(), "Ignored economy='XYZ': not a known value."),
    ("?economy=kor", ContentView(economy="KOR"), None),
    ("?flow=sideways", ContentView(), "Ignored flow='sideways': not a known value."),
    ("?base=abc", ContentView(), "Ignored base='abc': not a whole number."),
    ("?base=1800", ContentView(base=1960), "base=1800 is outside 1960–2024; showing 1960."),
    ("?year=3000", ContentView(year=2024), "year=3000 is outside 1960–2024; showing 2024."),
    ("?leader=bogus", ContentView(), "Ignored leader='bogus': not a known value."),
    ("?rules=treaty,adequacy-decision", ContentView(kinds=("adequacy-decision",)),
     "Ignored rules value(s) 'treaty': not known."),
    ("?inforce=yes", ContentView(), "Ignored inforce='yes': not a known value."),
])
def test_bad_values_are_dropped_with_a_notice(query, expected, notice):
    view, notices = from_query(parse_query(query), ECONOMIES, YEARS)
    assert view == expected
    assert notices == ([notice] if notice else [])


def test_a_hostile_query_gives_the_default_view():
    view, notices = from_query(parse_query("?economy=" + "A" * 5000), ECONOMIES, YEARS)
    assert (view, notices) == (ContentView(), [])
    view, notices = from_query(parse_query("?economy=" + "A" * 300), ECONOMIES, YEARS)
    assert view == ContentView() and notices[0].startswith("Ignored economy='AAAA") and len(notices[0]) < 80


# ---- indexed growth ------------------------------------------------------------------------------

@pytest.mark.parametrize("economy, flow", [("WLD", "exports"), ("WLD", "imports"), ("CHN", "exports"),
                                           ("JPN", "imports"), ("DEU", "exports"), ("VNM", "imports")])
def test_every_line_is_100_in_the_base_year_and_the_window_is_common(series, economy, flow):
    growth = v.indexed_growth(series, economy, flow)
    start, end = growth.window
    assert end - start + 1 >= v.MIN_WINDOW_YEARS
    at_base = growth.frame[growth.frame["year"] == growth.base].set_index("series")["index"]
    assert set(at_base.index) == set(growth.series)
    assert list(at_base) == pytest.approx([100.0] * len(at_base))
    for sid, last in growth.ends.items():
        years = growth.frame.loc[growth.frame["series"] == sid, "year"]
        assert years.min() <= start and years.max() == last >= end
    assert dc.GOODS_OF_FLOW[flow] in growth.series  # the yardstick is always drawn
    assert set(growth.series) | set(growth.left_out) == set(FLOW_SERIES[flow])


def test_index_values_are_the_published_values_relative_to_the_base_year(series):
    growth = v.indexed_growth(series, "CHN", "exports", base=2015)
    assert growth.base == 2015
    row = growth.frame[(growth.frame["series"] == "digital_exports") & (growth.frame["year"] == 2020)]
    expected = 100 * v_of(series, "CHN", "digital_exports", 2020) / v_of(series, "CHN", "digital_exports", 2015)
    assert row["index"].iloc[0] == pytest.approx(expected)


def v_of(series, iso3, sid, year) -> float:
    rows = series[(series["iso3"] == iso3) & (series["series"] == sid) & (series["year"] == year)]
    return float(rows["value"].iloc[0])


def test_a_base_year_outside_the_window_falls_back_with_a_note(series):
    growth = v.indexed_growth(series, "WLD", "exports", base=1995)
    assert growth.base == growth.window[0]
    assert growth.notes and "Base year 1995" in growth.notes[0]


def test_growth_over_the_window_is_compound_and_compared_with_goods():
    rows = []
    for sid, start in [("goods_exports", 100.0), ("ip_receipts", 10.0), ("digital_exports", 50.0)]:
        rate = {"goods_exports": 0.0, "ip_receipts": 0.10, "digital_exports": -0.05}[sid]
        rows += [dict(iso3="AAA", series=sid, year=y, value=start * (1 + rate) ** (y - 2010), unit="u")
                 for y in range(2010, 2016)]
    growth = v.indexed_growth(pd.DataFrame(rows), "AAA", "exports")
    summary = growth.summary.set_index("series")
    assert growth.window == (2010, 2015)
    assert summary.loc["ip_receipts", "cagr_pct"] == pytest.approx(10.0)
    assert summary.loc["digital_exports", "cagr_pct"] == pytest.approx(-5.0)
    assert bool(summary.loc["ip_receipts", "faster_than_goods"])
    assert not bool(summary.loc["digital_exports", "faster_than_goods"])
    assert pd.isna(summary.loc["goods_exports", "faster_than_goods"])
    assert "faster than goods: IP receipts" in v.headline(growth, {"AAA": "Testland"})


def test_a_series_that_would_leave_too_short_a_window_is_left_out_with_its_reason():
    rows = [dict(iso3="AAA", series="goods_exports", year=y, value=1.0, unit="u") for y in range(2000, 2011)]
    rows += [dict(iso3="AAA", series="ip_receipts", year=y, value=1.0, unit="u") for y in range(2009, 2016)]
    growth = v.indexed_growth(pd.DataFrame(rows), "AAA", "exports")
    assert growth.window is None or "ip_receipts" in growth.left_out
    assert "too short a common window" in growth.left_out["ip_receipts"]


def test_an_economy_with_too_little_data_gets_no_chart_and_says_why(series, names):
    growth = v.indexed_growth(series, "TWN", "exports")  # Taiwan: no goods, no WDI series
    assert growth.window is None and growth.frame.empty
    assert "too few published series" in v.headline(growth, names)


# ---- leaders -------------------------------------------------------------------------------------

def test_no_leaders_chart_for_a_series_that_covers_a_handful(series, shown, names):
    ranking = v.leaders(series, "robot_installations", shown, names)
    assert ranking.frame.empty and ranking.year is None
    assert f"a ranking needs {config.CONTENT_LEADERS_MIN_ECONOMIES}" in ranking.reason
    assert not v.has_ranking(series, shown)["robot_exports"]


def test_leaders_are_ranked_largest_first_with_the_world_share(series, shown, names):
    ranking = v.leaders(series, "digital_exports", shown, names)
    assert ranking.year == 2023 and ranking.covered >= config.CONTENT_LEADERS_MIN_ECONOMIES
    frame = ranking.frame
    assert list(frame["rank"]) == list(range(1, len(frame) + 1))
    assert frame["value"].is_monotonic_decreasing
    assert frame.iloc[0]["iso3"] == "USA"
    world = v_of(series, "WLD", "digital_exports", 2023)
    assert frame.iloc[0]["share_of_world_pct"] == pytest.approx(100 * frame.iloc[0]["value"] / world)
    assert not set(frame["iso3"]) & {"WLD", "EUU"}


def test_an_uncovered_year_falls_back_to_the_latest_covered_one(series, shown, names):
    ranking = v.leaders(series, "digital_exports", shown, names, year=1995)
    assert ranking.year == 2023 and "ranked 2023 instead" in ranking.reason
    assert v.leaders(series, "digital_exports", shown, names, year=2015).year == 2015


# ---- coverage ------------------------------------------------------------------------------------

def test_coverage_has_every_economy_and_series_and_shows_what_is_missing(series, shown, names):
    cover = v.coverage(series, shown, names)
    assert len(cover) == len(shown) * len(SERIES)
    taiwan = cover[cover["iso3"] == "TWN"].set_index("series")
    assert taiwan.loc["goods_exports", "years"] == 0 and taiwan.loc["digital_exports", "years"] == 14
    wide = v.coverage_wide(cover).set_index("iso3")
    assert wide.loc["TWN", "Goods exports"] == "missing"
    assert wide.loc["WLD", "Digital services exports"] == "2010–2023"
    assert wide.loc["THA", "Digital services exports"] == "2010–2018"
    counts = v.coverage_counts(cover, shown).set_index("series")
    assert counts.loc["robot_exports", "economies"] == 1 and counts.loc["digital_exports", "economies"] == 25


def test_coverage_text_counts_gaps_inside_the_span():
    row = pd.Series(dict(years=12, first_year=2010, last_year=2023, gap_years=2))
    assert v.coverage_text(row) == "2010–2023 (2 missing)"
    assert v.coverage_text(pd.Series(dict(years=1, first_year=2023, last_year=2023, gap_years=0))) == "2023"


# ---- rules ---------------------------------------------------------------------------------------

def test_an_eu_member_sees_the_eus_rules_marked_through_the_eu(agreements, names):
    table = v.rules(agreements, ContentView(economy="DEU"), names)
    assert len(table) and (table["via"] == "through the EU").all()
    assert "WTO Joint Statement Initiative on Electronic Commerce" in set(table["agreement"])
    assert "DEU" in eu_members()


def test_the_world_view_lists_every_row_and_filters_by_type_and_status(agreements, names):
    assert len(v.rules(agreements, ContentView(), names)) == len(agreements)
    adequacy = v.rules(agreements, ContentView(kinds=("adequacy-decision",)), names)
    assert set(adequacy["type"]) == {"EU adequacy decision (one-sided)"}
    in_force = v.rules(agreements, ContentView(economy="KOR", in_force=True), names)
    assert set(in_force["status"]) == {"in force"}
    assert {"depa", "rcep", "eu-adequacy"} <= set(in_force["agreement_id"])
    assert "korea-singapore-dpa" not in set(in_force["agreement_id"])  # concluded, not in force


def test_rules_by_economy_reads_like_a_presenters_table(agreements, shown, names):
    table = v.rules_by_economy(agreements, shown, names).set_index("iso3")
    assert table.loc["JPN", "eu-adequacy"] == "adequacy decision since 2019-01-23"
    assert table.loc["SGP", "depa"] == "in force 2021-01-07"
    assert table.loc["FRA", "wto-jsi-ecommerce"] == "participating 2019-01-25 (EU)"
    assert table.loc["IND", "wto-jsi-ecommerce"] == ""


# ---- CSV downloads -------------------------------------------------------------------------------

def test_downloads_carry_sources_and_the_view(series, agreements, shown, names):
    view = ContentView(economy="CHN")
    growth = v.indexed_growth(series, "CHN", "exports")
    for text in (v.growth_csv(growth, view),
                 v.leaders_csv(v.leaders(series, "ip_receipts", shown, names), view),
                 v.rules_csv(v.rules(agreements, view, names), view)):
        frame = pd.read_csv(io.StringIO(text))
        assert {"source_publisher", "source_url", "retrieved_from", "basis"} <= set(frame.columns)
        assert (frame["view_query"] == "?economy=CHN").all()
    growth_frame = pd.read_csv(io.StringIO(v.growth_csv(growth, view)))
    assert (growth_frame["common_window"] == "{}-{}".format(*growth.window)).all()
    assert {"first_year", "last_year", "years"} <= set(pd.read_csv(io.StringIO(v.coverage_csv(
        v.coverage(series, shown, names)))).columns)


@pytest.mark.parametrize("view, what, name", [
    (ContentView(), "growth", "content-growth_WLD_exports.csv"),
    (ContentView(leader="ip_receipts", year=2019), "leaders", "content-leaders_ip_receipts_2019.csv"),
    (ContentView(economy="KOR", kinds=("adequacy-decision",), in_force=True), "rules",
     "content-rules_KOR_adequacy-decision_in-force.csv"),
    (ContentView(), "coverage", "content-coverage.csv"),
])
def test_download_names_say_what_the_file_holds(view, what, name):
    assert v.download_name(view, what) == name


# ---- the networks page's content layers ----------------------------------------------------------

def test_each_economy_has_its_own_mix_against_goods_exports(series):
    mix = v.economy_mix(series)
    assert set(mix["layer"]) == set(v.MIX_SERIES)
    china = mix[(mix["iso3"] == "CHN") & (mix["layer"] == "data")].iloc[0]
    assert china["year"] == 2020  # the latest year with both series (IMF DOTS ends in 2020)
    assert china["ratio"] == pytest.approx(china["value"] / china["goods_exports"])
    assert china["value"] == v_of(series, "CHN", "digital_exports", 2020) and china["basis"] == "sourced"
    assert mix.loc[mix["iso3"] == "WLD", "basis"].eq("modeled").all()  # world goods is a modeled sum
    assert "TWN" not in set(mix["iso3"])  # no goods exports published: the caller keeps its fallback
    ratios = mix[mix["layer"] == "data"].set_index("iso3")["ratio"]
    assert ratios["GBR"] > ratios["CHN"]  # each economy's own mix, not one world share


# ---- controls and the one-call bundle --------------------------------------------------------------

@pytest.mark.parametrize("view", [
    ContentView(), ContentView("KOR", "imports", 2012, "ip_receipts", 2019, ("adequacy-decision",), True),
])
def test_controls_are_the_inverse_of_from_controls(view):
    assert v.from_controls(*v.to_controls(view), ECONOMIES, YEARS) == view


def test_hostile_control_values_fall_back_to_the_defaults():
    view = v.from_controls({"x": 1}, "sideways", "abc", 42, float("nan"), "adequacy-decision", "yes",
                           ECONOMIES, YEARS)
    assert view == ContentView()
    assert v.from_controls("DEU", "exports", 1900, None, 2999, ["bogus"], [True], ECONOMIES, YEARS) == \
        ContentView(economy="DEU", base=YEARS[0], year=YEARS[1], in_force=True)


def test_parts_bundles_what_the_page_draws(series):
    bundle = v.parts(ContentView(economy="JPN", leader="robot_installations"))
    assert bundle.growth.economy == "JPN" and bundle.headline.startswith("Japan,")
    assert bundle.ranking.frame.empty and bundle.ranking.reason
    assert set(bundle.rules["iso3"]) == {"JPN"}
    assert len(bundle.coverage) == len(bundle.economies) * len(SERIES)
    assert v.year_bounds(series) == (1960, 2024)


# ---- what the page says: the presenter's sentences, the rules' wording, the sources ------------------

@pytest.mark.parametrize("factor, text", [(1.53, "+53\u00a0%"), (0.94, "−6\u00a0%"), (1.0004, "0\u00a0%"),
                                          (0.999, "0\u00a0%"), (11.51, "+1,051\u00a0%")])
def test_percent_change_has_a_true_minus_and_never_minus_zero(factor, text):
    assert v.percent_change(factor) == text


def test_the_lead_names_what_grew_faster_than_goods_over_the_window_fastest_first():
    rows = []
    for sid, rate in [("goods_exports", -0.01), ("ip_receipts", 0.10), ("digital_exports", 0.05),
                      ("ict_exports", -0.05)]:
        rows += [dict(iso3="AAA", series=sid, year=y, value=100 * (1 + rate) ** (y - 2010), unit="u")
                 for y in range(2010, 2016)]
    text = v.lead(v.indexed_growth(pd.DataFrame(rows), "AAA", "exports"), {"AAA": "Testland"})
    assert text == ("Testland, 2010–2015: IP receipts (+61\u00a0%) and digital services exports (+28\u00a0%) grew "
                    "faster than goods exports (−5\u00a0%). Not faster: ICT services exports (−23\u00a0%).")


def test_the_lead_of_the_world_uses_only_published_years_in_the_window(series, names):
    growth = v.indexed_growth(series, "WLD", "exports")
    text = v.lead(growth, names)
    start, end = growth.window
    assert text.startswith(f"World, {start}–{end}: ") and "grew faster than goods exports" in text
    ip = growth.summary.set_index("series").loc["ip_receipts", "growth_factor"]
    assert ip == pytest.approx(v_of(series, "WLD", "ip_receipts", end) / v_of(series, "WLD", "ip_receipts", start))
    assert f"IP receipts ({v.percent_change(ip)})" in text


@pytest.mark.parametrize("economy, start", [("VNM", "Viet Nam, 2010–2020: none grew faster than goods exports"),
                                            ("TWN", "Taiwan: too few published series"),
                                            ("EUU", "European Union, 1994–2020: ")])
def test_the_lead_says_so_when_nothing_grew_faster_or_there_is_nothing_to_compare(series, names, economy, start):
    text = v.lead(v.indexed_growth(series, economy, "exports"), names)
    assert text.startswith(start)
    if economy == "EUU":
        assert text.endswith("no goods series to compare with.")


def test_base_years_are_the_window_years_every_line_has(series):
    growth = v.indexed_growth(series, "WLD", "exports")
    years = v.base_years(growth)
    assert years[0] == growth.base == growth.window[0] and years[-1] == growth.window[1]
    assert v.indexed_growth(series, "WLD", "exports", base=years[3]).base == years[3]
    assert v.base_years(v.indexed_growth(series, "TWN", "exports")) == []


def test_the_leaders_sentence_names_the_top_three_and_the_world_share(series, shown, names):
    ranking = v.leaders(series, "digital_exports", shown, names)
    top = list(ranking.frame["economy"].head(3))
    share = ranking.frame["share_of_world_pct"].iloc[0]
    assert v.leaders_sentence(ranking) == (f"{top[0]} leads digitally deliverable services exports in 2023 "
                                           f"({share:.0f} % of the world), ahead of {top[1]} and {top[2]}.")
    assert v.leaders_sentence(v.leaders(series, "robot_installations", shown, names)).startswith("No ranking:")


def test_series_with_too_few_economies_are_offered_disabled_with_the_reason(series, shown):
    choices = {sid: (label, ok) for sid, label, ok in v.leader_choices(series, shown)}
    assert choices["digital_exports"] == ("Digitally deliverable services exports", True)
    assert choices["robot_installations"] == ("Industrial robots installed (too few economies for a ranking)", False)


@pytest.mark.parametrize("kind, status, signed, in_force, text", [
    ("adequacy-decision", "in-force", "2019-01-23", "2019-01-23", "adequacy decision in force since 23 January 2019"),
    ("adequacy-decision", "in-force", None, None, "adequacy decision in force"),
    ("trade-agreement-digital-chapter", "in-force", "2018-03-08", "2018-12-30", "in force since 30 December 2018"),
    ("trade-agreement-digital-chapter", "signed", "2020-11-15", None, "signed 15 November 2020; not yet in force"),
    ("plurilateral-negotiation", "participating", "2019-01-25", None, "participating since 25 January 2019"),
    ("digital-economy-agreement", "applied", "2022-05", None, "applied to join in May 2022"),
    ("digital-economy-agreement", "applied", "2021-11-01", None, "applied to join on 1 November 2021"),
    ("digital-economy-agreement", "negotiations-concluded", None, None, "negotiations concluded (date not recorded)"),
])
def test_where_a_rule_stands_is_said_in_words_with_its_date(kind, status, signed, in_force, text):
    assert v.standing(kind, status, signed, in_force) == text


def test_an_adequacy_decision_is_never_worded_as_joined(agreements, names):
    table = v.rules(agreements, ContentView(kinds=("adequacy-decision",)), names)
    assert len(table) and table["standing"].str.startswith("adequacy decision in force since").all()
    assert not v.rules(agreements, ContentView(), names)["standing"].str.contains("joined").any()


def test_sources_name_the_publisher_and_keep_the_copy_apart(series):
    growth = v.indexed_growth(series, "DEU", "exports")
    sources = v.sources_of(growth.frame)
    assert list(dict.fromkeys(sources["series"])) == list(growth.series)
    dots = sources[sources["series"] == "goods_exports"].iloc[0]
    assert dots["source_publisher"].startswith("International Monetary Fund") and "github.com" in dots["retrieved_from"]
    assert "github.com" not in dots["source_url"]
    world = v.sources_of(v.indexed_growth(series, "WLD", "exports").frame)
    assert world.loc[world["series"] == "goods_exports", "basis"].tolist() == ["modeled"]


@pytest.mark.parametrize("url, label", [
    ("https://github.com/SamLeBlanc/Direction-of-Trade-Map/blob/a76/data/DOTS/DOTS_28.xlsx",
     "github.com/SamLeBlanc/Direction-of-Trade-Map"),
    ("https://www.freightweek.org/index.php/en/x", "freightweek.org"),
    (" https://data360.worldbank.org/ ", "data360.worldbank.org"),
])
def test_a_copy_is_named_by_its_host(url, label):
    assert v.mirror_label(url) == label


def test_split_urls_reads_a_source_cell():
    assert v.split_urls("https://a.org/x | https://b.org/y") == ["https://a.org/x", "https://b.org/y"]
    assert v.split_urls(None) == [] and v.split_urls(float("nan")) == []


@pytest.mark.parametrize("changed, parts", [
    (frozenset({"economy"}), ("growth", "rules")), (frozenset({"in_force"}), ("rules",)),
    (frozenset({"leader", "year"}), ("leaders",)), (frozenset({"base"}), ("growth",)),
    (None, ("growth", "leaders", "rules")),
])
def test_a_control_change_sends_only_the_parts_it_alters(changed, parts):
    assert v.parts_to_send(changed) == parts


def test_every_view_field_is_some_parts_input():
    import dataclasses
    assert {f.name for f in dataclasses.fields(ContentView)} == set().union(*v.DEPENDS_ON.values())


def test_the_csvs_carry_the_chosen_economy_and_the_filters_in_the_file(series, agreements, names):
    germany = ContentView(economy="DEU", flow="imports")
    growth = pd.read_csv(io.StringIO(v.growth_csv(v.indexed_growth(series, "DEU", "imports"), germany, names)))
    assert set(growth["economy"]) == {"Germany"} and set(growth["direction"]) == {"imports (payments)"}
    world = ContentView()
    rules = pd.read_csv(io.StringIO(v.rules_csv(v.rules(agreements, world, names), world, names)))
    assert set(rules["filter_economy"]) == {"World"} and set(rules["filter_agreement_types"]) == {"all"}
    assert set(rules["filter_in_force_only"]) == {"no"}
    korea = ContentView(economy="KOR", kinds=("adequacy-decision",), in_force=True)
    rules = pd.read_csv(io.StringIO(v.rules_csv(v.rules(agreements, korea, names), korea, names)))
    assert len(rules) == 1 and rules["standing"].iloc[0] == "adequacy decision in force since 17 December 2021"
    assert rules.iloc[0][["filter_economy", "filter_agreement_types", "filter_in_force_only"]].tolist() == [
        "Korea, Rep.", "EU adequacy decision (one-sided)", "yes"]
