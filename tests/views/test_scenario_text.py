"""What the scenarios page says (dashboard.views.scenario_text): never "rises" of a fall, never −0.00, the
baseline says so, a one-line why, jobs in plain words, and where a city cluster's gain comes from."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.views import scenario_model as model, scenario_text as text
from dashboard.views.scenario_model import Decomposition
from dashboard.views.scenario_state import BASELINE, Scenario, preset_view


@pytest.mark.parametrize("value, digits, expected", [
    (1.2649, 2, "rises 1.26 %"), (-0.054, 2, "falls 0.05 %"), (-0.0004, 2, "is unchanged"), (0.0, 2, "is unchanged"),
    (0.004, 2, "is unchanged"),
])
def test_a_change_never_rises_when_it_falls_and_never_prints_minus_zero(value, digits, expected):
    assert text.change(value, digits, " %") == expected


@pytest.mark.parametrize("value, expected", [(-0.0001, "0.00 %"), (0.5, "+0.50 %"), (-0.5, "−0.50 %")])
def test_signed_numbers_have_no_minus_zero(value, expected):
    assert text.signed(value, 2, " %") == expected


def _all_sentences(view: Scenario) -> list[str]:
    outcome = model.run(view)
    return [*text.headlines(outcome, view), text.why(outcome, view) or ""]


@pytest.mark.parametrize("view", [
    preset_view("china-robot-density-2025"), preset_view("close-us-deficit"),
    preset_view("us-automates-closes-deficit"),
    preset_view("asia-catches-up-korea"), Scenario(targets=(("CHN", 247.0),)), Scenario(closure="balanced"),
    Scenario(city_targets=(("greater-bay-area", 600.0),), level="clusters"),
])
def test_no_headline_says_rises_of_a_fall_or_prints_minus_zero(view):
    for sentence in _all_sentences(view):
        assert "−0.00" not in sentence and "-0.00" not in sentence, sentence
        for _verb, number in re.findall(r"(rises|falls|gains|loses) (\d+\.\d+)", sentence):
            assert float(number) > 0, sentence


def test_the_baseline_says_so():
    assert text.headlines(model.run(BASELINE), BASELINE)[0].startswith("This is the baseline")
    assert text.why(model.run(BASELINE), BASELINE) is None


def test_the_china_preset_headlines_name_the_gain_the_income_the_jobs_and_why():
    view = preset_view("china-robot-density-2025")
    outcome = model.run(view)
    lines = text.headlines(outcome, view)
    assert lines[0].startswith("China gains") and "pp of world goods exports" in lines[0]
    assert any(line.startswith("Real income (real GDP) in China rises") for line in lines)
    assert any("workers" in line and "manufacturing" in line for line in lines)
    why = text.why(outcome, view)
    assert why.startswith("Why: the model assumes") and "what they import gets cheaper" in why


def test_a_jobs_fall_for_an_adopter_says_it_comes_from_eta():
    row = pd.Series({"name": "China", "manufacturing_jobs_change": -200_000.0,
                     "manufacturing_share_of_employment_change_pp": -0.03})
    assert "η = 0.5 below 1" in text.eta_caveat(row, Scenario(eta=0.5))
    assert text.eta_caveat(row, Scenario(eta=1.5)) == ""
    sentence = text.jobs_sentence(row)
    assert sentence.startswith("In China about 200,000 workers leave manufacturing for services")
    assert "falls 0.030 pp" in sentence


def test_the_closure_and_the_robots_are_told_apart():
    view = preset_view("us-automates-closes-deficit")
    lines = text.headlines(model.run(view), view)
    assert lines[0].startswith("Closing the US trade deficit alone: in the United States real spending falls")
    assert lines[1].startswith("The robots on top of it: the United States gains")


def test_a_cluster_gain_is_split_between_its_own_country_and_abroad():
    part = Decomposition("n", "Shenzhen", "China", sales_change=10.0, market_growth=2.0, from_rest_of_country=4.0,
                         from_own_country_clusters=1.0, from_abroad=3.0)
    sentence = text.decomposition_sentence(part)
    assert sentence.startswith("Shenzhen's goods sales rise by USD 10.0 bn")
    assert "USD 4.0 bn taken from the rest of China" in sentence
    assert "USD 3.0 bn taken from suppliers abroad" in sentence
    assert sentence.endswith("So 50 % of its gain comes at the expense of the rest of its own country and 30 % from "
                             "abroad.")
