"""What the scenarios page says about a solved scenario, in plain words a policymaker can repeat: the
headlines, one line on *why*, the jobs sentence and, at the city-cluster level, where an adopting
cluster's gain comes from. Written from the results (`scenario_model.Outcome`), never claiming what the
model assumes: that robots raise productivity is an assumption, and the words say so.

Numbers are written so that a headline never says "rises" of a fall and never prints −0.00: a change
that rounds to zero is "unchanged".
"""
from __future__ import annotations

import math

import pandas as pd

from dashboard.views.scenario_model import Decomposition, Outcome
from dashboard.views.scenario_state import BASELINE, CLOSURES, Scenario

MINUS = "−"
#: Changes are counted (and printed) to these decimals: a change that rounds to zero is "unchanged".
PP_DIGITS, PCT_DIGITS = 3, 2
#: Names that take "the" in a sentence.
_ARTICLE = ("United States", "United Kingdom", "Netherlands")


def signed(value: float, digits: int = 2, unit: str = "") -> str:
    """+1.26, −0.05 or 0.00 (never −0.00), with `unit` appended (" %" or " pp")."""
    rounded = round(float(value), digits)
    if rounded == 0 or not math.isfinite(rounded):
        return f"{0:.{digits}f}{unit}"
    return f"{'+' if rounded > 0 else MINUS}{abs(rounded):.{digits}f}{unit}"


def size(value: float, digits: int = 2, unit: str = "") -> str:
    """The size of a change, unsigned (the verb carries the sign): 1.26 %."""
    return f"{abs(round(float(value), digits)):.{digits}f}{unit}"


def plain(value: float, digits: int = 2) -> str:
    """A level with a true minus sign: 14.57, −857.30."""
    rounded = round(float(value), digits)
    text = f"{abs(rounded):,.{digits}f}"
    return f"{MINUS}{text}" if rounded < 0 else text


def moves(value: float, digits: int, up: str = "rises", down: str = "falls", flat: str = "is unchanged") -> str:
    """The verb for a change as printed with `digits` decimals."""
    rounded = round(float(value), digits)
    return up if rounded > 0 else down if rounded < 0 else flat


def change(value: float, digits: int, unit: str, up: str = "rises", down: str = "falls") -> str:
    """"rises 1.26 %", "falls 0.05 %" or "is unchanged": never "rises" of a fall, never −0.00."""
    verb = moves(value, digits, up, down)
    return verb if verb == "is unchanged" else f"{verb} {size(value, digits, unit)}"


def workers(count: float) -> str:
    """A number of workers as a person would say it: about 204,000; about 8,700; about 90."""
    count = abs(float(count))
    step = 1000 if count >= 10_000 else 100 if count >= 1000 else 10
    return f"about {round(count / step) * step:,.0f}"


def the(name: str) -> str:
    """A name as it sits in a sentence: "the United States", "China", "the rest of the United Kingdom"."""
    if name.startswith("Rest of "):
        return "the rest of " + the(name[len("Rest of "):])
    return f"the {name}" if name in _ARTICLE else name


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(part: int, whole: int) -> str:
    return f"all {whole}" if part == whole and whole > 1 else f"{part} of the {whole}"


def _economies(outcome: Outcome) -> pd.DataFrame:
    """Rows that are economies or nodes of economies (the rest of the world left out)."""
    table = outcome.table
    return table[table["code"] != "ROW"]


def _name(row) -> str:
    return the(str(row["name"]) if isinstance(row, pd.Series) else str(row.name))


def jobs_sentence(row: pd.Series, effect: str = "change", modeled: bool = False) -> str | None:
    """The jobs headline of one economy (or node), in plain words; None where employment is not in the data.
    effect: "change" (the scenario's) or "adoption_effect" (the robots' part, when a closure is shown apart)."""
    moved = row.get(f"manufacturing_jobs_{effect}")
    share = row.get(f"manufacturing_share_of_employment_{effect}_pp")
    if moved is None or not math.isfinite(float(moved)):
        return None
    name = _name(row)
    basis = "2019 employment allocated by GDP share (modeled)" if modeled else "2019 employment (ILO)"
    where = f"The robots' effect in {name}:" if effect != "change" else f"In {name}"
    if round(float(moved), -1) == 0:
        return f"{where} manufacturing employment does not change (at {basis})."
    direction = "leave manufacturing for services" if moved < 0 else "move into manufacturing from services"
    return (f"{where} {workers(moved)} workers {direction}; manufacturing's share of employment "
            f"{change(share, 3, ' pp')} at {basis}. Total employment is fixed; workers move between sectors.")


def _export_sentences(table: pd.DataFrame, column: str = "goods_export_share_change_pp",
                      levels: bool = True) -> list[str]:
    sentences = []
    ordered = table.sort_values(column, ascending=False)
    for row, sign in ((ordered.iloc[0], 1), (ordered.iloc[-1], -1)):
        value = row[column]
        if sign * round(value, PP_DIGITS) <= 0:
            continue
        verb = "gains" if sign > 0 else "loses most:"
        text = f"{capital(_name(row))} {verb} {size(value, PP_DIGITS, ' pp')} of world goods exports"
        if levels:
            text += (f" ({plain(row['goods_export_share_before_pct'])} % → "
                     f"{plain(row['goods_export_share_after_pct'])} %)")
        sentences.append(text + ".")
    return sentences


def _income_sentences(table: pd.DataFrame, adopters: set[str], unit: str,
                      column: str = "real_income_change_pct") -> list[str]:
    sentences = []
    movers = table[table["code"].isin(adopters)].sort_values(column, ascending=False)
    for row in [movers.iloc[k] for k in range(min(2, len(movers)))]:
        sentences.append(f"Real income (real GDP) in {_name(row)} {change(row[column], PCT_DIGITS, ' %')}.")
    others = table[~table["code"].isin(adopters)]
    if len(others):
        gain = others[others[column].round(PCT_DIGITS) > 0]
        lose = others[others[column].round(PCT_DIGITS) < 0]
        plural = "economies" if unit == "economy" else "nodes"
        words = f"{capital(_count(len(gain), len(others)))} other {plural} gain real income"
        if len(gain):
            best = gain.loc[gain[column].idxmax()]
            words += f" (most: {_name(best)}, {signed(best[column], PCT_DIGITS, ' %')})"
        if len(lose):
            worst = lose.loc[lose[column].idxmin()]
            words += f"; {len(lose)} lose it (most: {_name(worst)}, {signed(worst[column], PCT_DIGITS, ' %')})"
        sentences.append(words + ".")
    return sentences


def _first_adopter(table: pd.DataFrame, adopters: set[str], view: Scenario,
                   column: str = "goods_export_share_change_pp") -> pd.Series | None:
    """The adopter a headline speaks of: a city cluster that adopts on its own first, else the one that
    gains most export share (`column`)."""
    cities = [n for n, _ in view.city_targets if view.level == "clusters"]
    chosen = table[table["code"].isin(cities)] if cities else table[table["code"].isin(adopters)]
    if chosen.empty:
        return None
    return chosen.sort_values(column, ascending=False).iloc[0]


def headlines(outcome: Outcome, view: Scenario) -> list[str]:
    """Up to five plain sentences: export share, real income, jobs; the closure's effect and the robots'
    apart when a scenario has both. The baseline says so."""
    table = _economies(outcome)
    adopters = set(outcome.adopters)
    if not adopters and view.closure == BASELINE.closure:
        return ["This is the baseline: every robot density is at its 2019 level and trade deficits are fixed. "
                "Pick a preset or move a target."]
    if not adopters:
        return _closure_sentences(table, view)
    modeled = outcome.level == "clusters"
    if outcome.split:
        first = _first_adopter(table, adopters, view, "goods_export_share_adoption_effect_pp")
        sentences = _closure_sentences(table, view, alone=True)
        if first is not None:
            sentences.append(
                f"The robots on top of it: {_name(first)} "
                f"{change(first['goods_export_share_adoption_effect_pp'], PP_DIGITS, ' pp', 'gains', 'loses')} "
                f"of world goods exports, and its real income (real GDP) "
                f"{change(first['real_income_adoption_effect_pct'], PCT_DIGITS, ' %')}.")
            jobs = jobs_sentence(first, "adoption_effect", modeled)
            if jobs:
                sentences.append(jobs + eta_caveat(first, view, "adoption_effect"))
        return sentences
    sentences = _export_sentences(table) + _income_sentences(table, adopters, outcome.unit)
    first = _first_adopter(table, adopters, view)
    if first is not None and "manufacturing_jobs_change" in table and (jobs := jobs_sentence(first, modeled=modeled)):
        sentences.append(jobs + eta_caveat(first, view))
    return sentences


def eta_caveat(row: pd.Series, view: Scenario, effect: str = "change") -> str:
    """Where an adopter's manufacturing jobs fall, the words that say why (η below 1), else ""."""
    moved = row.get(f"manufacturing_jobs_{effect}")
    if moved is None or not math.isfinite(float(moved)) or round(float(moved), -1) >= 0 or view.eta >= 1:
        return ""
    return (f" This sign follows from η = {view.eta:g} below 1: cheaper goods shift spending towards services "
            "(a higher η can reverse it).")


def _closure_sentences(table: pd.DataFrame, view: Scenario, alone: bool = False) -> list[str]:
    """What the deficit rule alone does: to the United States when its deficit closes, to the economy whose
    real spending falls most when every deficit closes."""
    suffix = "_closure_effect_pct" if alone else "_change_pct"
    spending, income = f"real_spending{suffix}", f"real_income{suffix}"
    if view.closure == "us":
        home = table["country"] if "country" in table else table["code"]
        rows = table[home == "USA"]
        if rows.empty:
            return [f"{CLOSURES[view.closure]}."]
        row = rows.loc[rows[spending].idxmin()]
        where = _name(row) if len(rows) == 1 else "every node of the United States"
        return [f"Closing the US trade deficit{' alone' if alone else ''}: in {where} real spending "
                f"{change(row[spending], PCT_DIGITS, ' %')} and real income (real GDP) "
                f"{change(row[income], PCT_DIGITS, ' %')}; the other economies take the counterpart in proportion "
                f"to their GDP."]
    worst = table.loc[table[spending].idxmin()]
    return [f"Closing every trade deficit{' alone' if alone else ''}: real spending falls most in {_name(worst)} "
            f"({signed(worst[spending], PCT_DIGITS, ' %')})."]


def why(outcome: Outcome, view: Scenario) -> str | None:
    """One line on why the results come out as they do, written from them (None for the baseline)."""
    table = _economies(outcome)
    adopters = set(outcome.adopters)
    if not adopters:
        if view.closure == BASELINE.closure:
            return None
        taker = ("the other economies, whose surpluses shrink (or deficits grow) by their share of GDP, spend more"
                 if view.closure == "us" else "the economies that ran surpluses spend more")
        return ("Why: closing a deficit means spending no more than is earned, so the economy buys less from "
                f"abroad; {taker}.")
    export, income = (("goods_export_share_adoption_effect_pp", "real_income_adoption_effect_pct") if outcome.split
                      else ("goods_export_share_change_pp", "real_income_change_pct"))
    movers, others = table[table["code"].isin(adopters)], table[~table["code"].isin(adopters)]
    lose_share = others[others[export].round(PP_DIGITS) < 0]
    gain_income = lose_share[lose_share[income].round(PCT_DIGITS) > 0]
    words = ("Why: the model assumes that more robots raise manufacturing productivity (its premise, with "
             f"elasticity ε = {view.epsilon:.3f}), so the adopters' goods get cheaper")
    if len(movers) and round(float(movers[export].sum()), PP_DIGITS) > 0:
        words += " and win export share"
    words += "."
    if len(lose_share):
        words += (f" {capital(_count(len(lose_share), len(others)))} others lose export share, yet "
                  f"{'all' if len(gain_income) == len(lose_share) else len(gain_income)} of them gain real income: "
                  "what they import gets cheaper.")
    return words


def _taken(value: float, source: str) -> str:
    if round(value, 1) >= 0:
        return f"USD {abs(value):,.1f} bn taken from {source}"
    return f"USD {abs(value):,.1f} bn lost to {source}"


def decomposition_sentence(part: Decomposition) -> str:
    """Where an adopting city cluster's change in goods sales comes from, in plain words: how much at the
    expense of the rest of its own country and how much from abroad."""
    total = part.sales_change
    if round(total, 1) == 0:
        return f"{part.name}'s goods sales do not change."
    growth = (f"USD {abs(part.market_growth):,.1f} bn from its buyers spending more" if part.market_growth >= 0
              else f"USD {abs(part.market_growth):,.1f} bn lost as its buyers spend less")
    others = the(part.country) + "'s other city clusters"
    sentence = (f"{part.name}'s goods sales {'rise' if total > 0 else 'fall'} by USD {abs(total):,.1f} bn "
                f"(market share "
                f"{_taken(part.from_rest_of_country, 'the rest of ' + the(part.country))}, "
                f"{_taken(part.from_own_country_clusters, others)}, "
                f"{_taken(part.from_abroad, 'suppliers abroad')}), and {growth}.")
    if total > 0:
        domestic = part.from_rest_of_country + part.from_own_country_clusters
        sentence += (f" So {100 * domestic / total:.0f} % of its gain comes at the expense of the rest of its own "
                     f"country and {100 * part.from_abroad / total:.0f} % from abroad.")
    return sentence


def agreement_sentence(name: str, measure: str, point: float, agreement: float, digits: int,
                       up: str, down: str) -> str:
    """How sure a headline's sign is: "Germany gains export share in 97 % of draws", "Real income in China
    rises in 100 % of draws". `point`: the point estimate (its sign, as printed with `digits` decimals,
    picks the verb); `agreement`: the share of Monte Carlo draws with that sign, in [0, 1]."""
    verb = moves(point, digits, up, down)
    share = f"{percent_of_draws(agreement)} of draws"
    if measure == "export share":
        return f"{capital(the(name))} {verb} export share in {share}."
    return f"{capital(measure)} in {the(name)} {verb} in {share}."


def unsure_sentence(unsure: list[tuple[str, float]], moving: int, unit: str, sure: float) -> str:
    """Which economies' (nodes') export-share sign the draws do not settle: `unsure` (name, agreement) of
    the `moving` ones whose change shows, agreement below `sure`."""
    plural = "economies" if unit == "economy" else "nodes"
    threshold = percent_of_draws(sure)
    if not unsure:
        every = f"all {moving} {plural}" if moving > 1 else f"the one {unit} whose share moves"
        return f"The sign of the export-share change holds in at least {threshold} of draws for {every}."
    named = ", ".join(f"{the(name)} ({percent_of_draws(share)})" for name, share in unsure[:3])
    more = f" and {len(unsure) - 3} more" if len(unsure) > 3 else ""
    return (f"The sign of the export-share change holds in at least {threshold} of draws for "
            f"{moving - len(unsure)} of the {moving} {plural}; less sure: {named}{more}.")


def percent_of_draws(share: float) -> str:
    """A share of draws as a person reads it: 97 %, never 100 % for 99.6 % (floor), 0 % only for none."""
    return f"{math.floor(100 * float(share) + 1e-9):.0f} %"


ETA_NOTE = ("The sign of a jobs result can depend on η: with η below 1 (goods and services complements) cheaper "
            "goods shift spending towards services, so workers leave manufacturing even where output rises; above "
            "1 they move in. Trade pulls the other way for an economy that wins export markets.")
