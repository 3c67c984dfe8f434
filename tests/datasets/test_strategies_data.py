"""strategies.csv: a strategy for every modeled economy, each cited to the body that owns it, each with a plain
summary."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from dashboard import config
from dashboard.datasets import load

# The economies the trade model treats individually after the round that added Singapore, Viet Nam, Malaysia, Sweden
# and Taiwan (issue 21), plus the EU. economies.csv may list them before or after this file changes; both are checked.
MODELED = ("CHN", "USA", "JPN", "DEU", "KOR", "IND", "ITA", "GBR", "FRA", "RUS", "MEX", "IDN", "TUR", "ESP", "BRA",
           "CAN", "NLD", "CHE", "THA", "POL", "SGP", "VNM", "MYS", "SWE", "TWN", "EUU")

# Modeled economies with no intelligent-manufacturing strategy that could be sourced (data/README.md says the same):
# the strategies page says "no strategy in the data" for them. Empty today: every modeled economy has a row.
NO_STRATEGY: frozenset[str] = frozenset()

# News sites, trade press, encyclopaedias and document mirrors found while sourcing: they may be where a copy was read
# (retrieved_from), never the source a row is cited to.
SECONDARY_DOMAINS = (
    "affairscloud.com", "alliancy.fr", "automation.se", "bbsi.co.kr", "dce.visionias.in", "luatvietnam.vn",
    "nyindustrialisering.se", "antaranews.com", "apdnews.com", "asianewstoday.com", "asianscientist.com",
    "automatykab2b.pl", "bangkokpost.com", "bazaartimes.com", "bizjournals.com", "bp-affairs.com",
    "business-standard.com", "businesskorea.co.kr", "businesstimes.com.sg", "ceia.org.cn", "china.org.cn",
    "cifrastroy.ru", "connect-professional.de", "convergenciadigital.com.br", "dailysabah.com", "dan-news.ru",
    "docslib.org", "drivesandcontrols.ca", "drivesncontrols.com", "e-prawnik.pl", "e4ds.com", "eeworld.com.cn",
    "effervescienza.com", "ekspertpr.pl", "equip-prod.com", "etnews.com", "explainthelaw.com", "girisimhaber.com",
    "government-world.com", "greencarcongress.com", "idnfinancials.com", "ilsole24ore.com", "indiablooms.com",
    "industria40.ind.br", "industry-four-zero.com", "iotnews.jp", "ipih.de", "isires.it", "itwadministracji.pl",
    "jautomatise.com", "jobtic.ch", "journal.accj.or.jp", "kbs.co.kr", "lemediaplus.com", "lep.co.uk", "lexiscn.com",
    "macplas.it", "marketscreener.com", "mexicoindustry.com", "monoist.itmedia.co.jp", "newvoice.ai",
    "niagatimes.com", "nosdeputes.fr", "nst.com.my", "nwblt.com", "obrasilianista.com.br", "okrfinancial.com",
    "people.cn", "pressebox.com", "przemysl-40.pl", "readkong.com", "roboticsworld.ru", "rti.org.tw", "scribd.com",
    "sloveniatimes.com", "straitstimes.com", "tadviser.com", "taiwantoday.tw", "tass.com", "techmec.it",
    "theengineer.co.uk", "thesundaily.my", "turkiyegazetesi.com.tr", "unt.edu", "usregs.ai", "vietnamplus.vn",
    "wikiclassic.com", "wikipedia.org",
)

MAX_SUMMARY_CHARS = 300


@pytest.fixture(scope="module")
def strategies():
    return load.table("strategies")


def _economies_file() -> set[str]:
    economies = load.table("economies")
    return set(economies.loc[~economies["is_aggregate"], "iso3"])


def _urls(cell) -> list[str]:
    return [u.strip() for u in cell.split(" | ")] if isinstance(cell, str) else []


def _is_secondary(url: str) -> bool:
    host = urlparse(url).netloc.lower()
    return any(host == d or host.endswith("." + d) for d in SECONDARY_DOMAINS)


def test_every_modeled_economy_has_a_strategy_or_is_listed_as_having_none(strategies):
    covered = set(strategies["iso3"])
    expected = set(MODELED) | _economies_file()
    missing = sorted(expected - covered - NO_STRATEGY)
    assert not missing, f"no strategy and not in NO_STRATEGY: {missing}"
    assert not NO_STRATEGY & covered, "an economy listed as having no strategy has one"


def test_the_no_strategy_list_is_the_one_data_readme_states():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    line = re.search(r"No strategy in the data: ([^|(]*)", readme)
    assert line, "data/README.md must say which economies have no strategy in the data"
    stated = line.group(1).strip().rstrip(".")
    assert (stated == "none of the modeled economies") == (not NO_STRATEGY)
    assert all(code in stated for code in NO_STRATEGY)


def test_every_row_is_cited_to_its_owner_not_to_a_secondary_outlet(strategies):
    offenders = [(row.strategy_id, url) for row in strategies.itertuples()
                 for url in _urls(row.source_url) if _is_secondary(url)]
    assert not offenders, f"secondary outlets belong in retrieved_from, not source_url: {offenders}"


def test_the_deny_list_catches_the_copies_actually_used(strategies):
    # The deny-list is only meaningful if it knows the outlets the rows were read from.
    copies = [url for cell in strategies["retrieved_from"] for url in _urls(cell)]
    assert copies and sum(_is_secondary(u) for u in copies) / len(copies) > 0.8


def test_source_and_retrieved_from_never_repeat_an_address(strategies):
    for row in strategies.itertuples():
        assert not set(_urls(row.source_url)) & set(_urls(row.retrieved_from)), row.strategy_id


@pytest.mark.parametrize("column", ["summary", "source_publisher", "source_url"])
def test_every_row_has(strategies, column):
    assert strategies[column].notna().all() and strategies[column].str.strip().ne("").all()


def test_every_summary_is_one_or_two_plain_sentences(strategies):
    for row in strategies.itertuples():
        text = row.summary.strip()
        # Sentence ends: a full stop followed by a space and a capital, or the end of the text.
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z'\"‘“])", text) if s]
        assert 1 <= len(sentences) <= 2, (row.strategy_id, sentences)
        assert text[-1] == ".", row.strategy_id
        assert len(text) <= MAX_SUMMARY_CHARS, (row.strategy_id, len(text))
        assert " | " not in text and "http" not in text, row.strategy_id


def test_launch_year_is_not_after_end_year(strategies):
    both = strategies.dropna(subset=["launch_year", "end_year"])
    assert (both["launch_year"] <= both["end_year"]).all()


def test_an_empty_launch_year_is_explained(strategies):
    for row in strategies[strategies["launch_year"].isna()].itertuples():
        assert "launch_year is empty" in row.notes, row.strategy_id


def test_the_page_summary_accepts_strategies_without_a_launch_year(strategies):
    # Thailand 4.0 and Russia's national project have no sourced launch year; the map's colour must stay numeric.
    from dashboard.views.strategies import economy_summary
    undated = set(strategies.loc[strategies["launch_year"].isna(), "iso3"])
    summary = economy_summary(strategies, load.table("indicators")).set_index("iso3")
    assert undated and summary["launch"].dtype == float
    assert summary.loc[sorted(undated), "launch"].isna().all()
