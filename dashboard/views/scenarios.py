"""The one-sector scenario codec that the networks page's scenario overlay still reads (`adopt=DEU:80`:
adoption in percent of the 2022 frontier, θ, a gain at full adoption, partial or general equilibrium).

The scenarios page itself runs the two-sector model on target robot densities: its state and URL codec
are in `dashboard.views.scenario_state`, its solving in `dashboard.views.scenario_model` (whose
`node_solution(view)` gives the networks page the nested city-cluster flows before and after a
scenario), its words in `scenario_text` and its files in `scenario_files`. This module stays, unchanged
in what it reads and writes, until the networks page is rewired to those; it then goes.

Adoption is measured against the frontier robot density (Korea's 2022 figure, 1,012); an economy's
baseline is its latest robot density in data/ over the frontier, or, where data/ has none, the world
average (labelled assumed): the scenarios page no longer uses either rule.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.datasets import load
from dashboard.datasets.regions import region_of
from dashboard.model import (
    DEFAULT_PRODUCTIVITY_GAIN,
    adoption_to_productivity,
    baseline_adoption as adoption_of_density,
)
from dashboard.views.query import coerce_number, encode, parse_choice, parse_float, quoted

THETA_RANGE = (2.0, 10.0)
THETA_DEFAULT = 4.0
GAIN_RANGE = (0.0, 30.0)            # percent, productivity gain across the whole adoption scale
GAIN_DEFAULT = round(DEFAULT_PRODUCTIVITY_GAIN * 100, 1)
EQUILIBRIA = {"general": "General equilibrium", "partial": "Partial equilibrium"}
LEVELS = {"countries": "Countries", "clusters": "City clusters"}
WORLD = "WLD"
PLURAL = {"economy": "economies", "city cluster": "city clusters"}



@dataclass(frozen=True)
class ScenarioView:
    """Everything the scenarios page computes is decided by these values (and they live in the URL).

    adoption: (iso3, percent) pairs for economies whose adoption differs from the baseline, sorted.
    """

    adoption: tuple[tuple[str, int], ...] = ()
    theta: float = THETA_DEFAULT
    gain: float = GAIN_DEFAULT
    equilibrium: str = "general"
    level: str = "countries"

    def adoption_of(self, baseline: Mapping[str, int]) -> dict[str, int]:
        return dict(baseline) | dict(self.adoption)


#: Every field's default, in one place: the codec leaves these out of the URL and falls back on them.
DEFAULT = ScenarioView()


# ---- baseline adoption and presets -------------------------------------------------------------

def _percent(robot_density: float) -> int:
    """Adoption in whole percent of the frontier for a robot density (dashboard.model.adoption)."""
    return int(round(adoption_of_density(robot_density)))


@functools.cache
def _baseline_table() -> pd.DataFrame:
    economies = load.table("economies")
    indicators = load.table("indicators")
    density = indicators[indicators["indicator"] == "robot_density"].sort_values("year")
    latest = density.groupby("iso3").tail(1).set_index("iso3")
    world = latest.loc[WORLD]
    rows = []
    for row in economies[~economies["is_aggregate"]].itertuples():
        known = row.iso3 in latest.index
        fact = latest.loc[row.iso3] if known else world
        rows.append(dict(
            iso3=row.iso3, economy=row.name, region=region_of(row.iso3),
            robot_density=float(fact["value"]), density_year=int(fact["year"]),
            baseline=_percent(float(fact["value"])),
            basis="sourced" if known else "assumed: world average",
        ))
    return pd.DataFrame(rows)


def baseline_table() -> pd.DataFrame:
    """One row per modeled economy (not ROW): iso3, economy, region, robot_density, density_year,
    baseline (adoption %, rounded to whole percent), basis ('sourced' or 'assumed: world average')."""
    return _baseline_table().copy(deep=False)


def baseline_adoption() -> dict[str, int]:
    table = _baseline_table()
    return dict(zip(table["iso3"], table["baseline"]))


def normalise(view: ScenarioView) -> ScenarioView:
    """Drop adoption values equal to the baseline and sort, so one scenario has one URL."""
    base = baseline_adoption()
    kept = tuple(sorted((k, int(v)) for k, v in view.adoption if k in base and int(v) != base[k]))
    return ScenarioView(kept, view.theta, view.gain, view.equilibrium, view.level)


# ---- URL codec ---------------------------------------------------------------------------------

def _or(value, default):
    return default if value is None else value


def from_query(query: Mapping[str, str]) -> tuple[ScenarioView, list[str]]:
    """Parse `?adopt=CHN:60,DEU:80&theta=5&gain=8&eq=partial&level=clusters`; bad parts get notices."""
    notices: list[str] = []
    base = baseline_adoption()
    adoption: dict[str, int] = {}
    raw = query.get("adopt")
    if raw is not None:
        for part in raw[:2000].split(",")[:100]:
            code, _, value = part.strip().partition(":")
            code = code.strip().upper()
            if code not in base:
                notices.append(f"Ignored adopt={quoted(part)!r}: not a modeled economy.")
                continue
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                notices.append(f"Ignored adopt={quoted(part)!r}: adoption must be a number from 0 to 100.")
                continue
            if not 0 <= number <= 100:
                notices.append(f"Adoption {number:g} for {code} is outside 0–100; using {min(max(number, 0), 100):g}.")
            adoption[code] = int(round(min(max(number, 0.0), 100.0)))
    view = ScenarioView(
        adoption=tuple(adoption.items()),
        theta=round(_or(parse_float(query, "theta", *THETA_RANGE, notices), THETA_DEFAULT), 2),
        gain=round(_or(parse_float(query, "gain", *GAIN_RANGE, notices), GAIN_DEFAULT), 2),
        equilibrium=parse_choice(query, "eq", EQUILIBRIA, notices) or DEFAULT.equilibrium,
        level=parse_choice(query, "level", LEVELS, notices) or DEFAULT.level,
    )
    return normalise(view), notices


def from_controls(ids, values, theta, gain, equilibrium, level) -> ScenarioView:
    """The scenario from the page's control values, whatever the browser sent (a hostile client can
    send anything): unknown economies are dropped, numbers clamped, unknown choices get the default."""
    base = baseline_adoption()
    pairs = zip(ids, values) if isinstance(ids, list) and isinstance(values, list) else ()
    adoption = tuple((i["iso3"], int(round(coerce_number(v, 0, 100, base[i["iso3"]]))))
                     for i, v in pairs if isinstance(i, dict) and isinstance(i.get("iso3"), str) and i["iso3"] in base)
    return normalise(ScenarioView(
        adoption,
        round(coerce_number(theta, *THETA_RANGE, THETA_DEFAULT), 2),
        round(coerce_number(gain, *GAIN_RANGE, GAIN_DEFAULT), 2),
        equilibrium if isinstance(equilibrium, str) and equilibrium in EQUILIBRIA else DEFAULT.equilibrium,
        level if isinstance(level, str) and level in LEVELS else DEFAULT.level,
    ))


def to_query(view: ScenarioView) -> str:
    """The URL query of a scenario: only what differs from the baseline and the defaults."""
    view = normalise(view)
    return encode([
        ("adopt", tuple(f"{k}:{v}" for k, v in view.adoption)),
        ("theta", f"{view.theta:g}" if view.theta != DEFAULT.theta else None),
        ("gain", f"{view.gain:g}" if view.gain != DEFAULT.gain else None),
        ("eq", view.equilibrium if view.equilibrium != DEFAULT.equilibrium else None),
        ("level", view.level if view.level != DEFAULT.level else None),
    ])


# ---- what the networks page's overlay computes --------------------------------------------------

def productivity(view: ScenarioView, codes: list[str]) -> np.ndarray:
    """Â per code (1.0 for codes without a slider, e.g. ROW or unknown upload codes)."""
    base = baseline_adoption()
    chosen = view.adoption_of(base)
    start = np.array([base.get(c, 0) for c in codes], dtype=float)
    target = np.array([chosen.get(c, base.get(c, 0)) for c in codes], dtype=float)
    return adoption_to_productivity(target, start, gain=view.gain / 100.0)
