"""Adoption of intelligent manufacturing (0–100 %) → productivity change Â for the trade model.

Adoption scale
--------------
Adoption is measured against a frontier: 100 % = the robot density of the most automated
economy (robots per 10,000 manufacturing employees, IFR World Robotics), 0 % = no robots. An
economy's baseline adoption is a0 = 100 · min(density / frontier, 1) (`baseline_adoption`).

Mapping
-------
Moving adoption from a0 to a (in percent) multiplies productivity by

    Â = (1 + g) ^ ((a − a0) / 100),

so a move across the whole scale (0 → 100 %) raises productivity by the fraction g, a move of
half the scale by (1 + g)^0.5 − 1, a move back down lowers it symmetrically (log-linear: Â is
always positive and two successive moves compose). Â is the Eaton–Kortum productivity change
of the economy's producers, i.e. we equate the labour-productivity gain with Â.

Default g (`DEFAULT_PRODUCTIVITY_GAIN` ≈ 5.2 %): Graetz, G. & Michaels, G. (2018), "Robots at
Work", Review of Economics and Statistics 100(5): 753–768, doi:10.1162/rest_a_00754 — in 17
countries, 1993–2007, "increased robot use contributed approximately 0.36 percentage points to
annual labor productivity growth" (abstract; https://cep.lse.ac.uk/_new/PUBLICATIONS/abstract.asp?index=7089).
Compounded over their 14 years: (1.0036)^14 − 1 ≈ 0.052. Treating a move across the full
adoption scale as worth that cumulative gain is our calibration assumption, not an estimate in
the paper; the page exposes g so users can vary it.

Limits (state them on the methods page): the estimate is for 14 industries in 17 mostly rich
economies in 1993–2007, before recent AI and collaborative robots; Graetz & Michaels find
diminishing returns to robot densification, which a log-linear map ignores; Bekhtiar, Bittschi &
Sellner (2024, Journal of Applied Econometrics, doi:10.1002/jae.3073) find the labour-productivity
effect roughly halves when the sample is restricted to manufacturing industries — g ≈ 2.5 % is a
reasonable low case. Robot density is one proxy for "intelligent manufacturing" (it misses
software, sensors and AI). The robot-density figures in data/ are secondary reports of IFR
releases.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: Graetz & Michaels (2018), Review of Economics and Statistics 100(5):753–768, abstract: robots
#: "contributed approximately 0.36 percentage points to annual labor productivity growth", 17
#: countries, 1993–2007. https://cep.lse.ac.uk/_new/PUBLICATIONS/abstract.asp?index=7089
GRAETZ_MICHAELS_ANNUAL_PP = 0.36
#: Length of the Graetz & Michaels sample period, 1993–2007, in years.
GRAETZ_MICHAELS_YEARS = 14
#: Productivity gain (fraction) from moving adoption across the whole scale, 0 → 100 %:
#: (1 + 0.0036)^14 − 1 ≈ 0.0517. A calibration assumption built on Graetz & Michaels (2018).
DEFAULT_PRODUCTIVITY_GAIN = (1 + GRAETZ_MICHAELS_ANNUAL_PP / 100) ** GRAETZ_MICHAELS_YEARS - 1
#: Frontier robot density = 100 % adoption: Republic of Korea, 1,012 robots per 10,000 manufacturing
#: employees (IFR World Robotics 2023, data year 2022, rank 1; same figure in World Robotics 2024 for
#: 2023), as reported in the press releases cited in data/indicators.csv.
FRONTIER_ROBOT_DENSITY = 1012.0


def _values(x, name: str):
    """(numpy array, index or None, was_scalar)."""
    if isinstance(x, pd.Series):
        index = x.index
        array = x.to_numpy(dtype=float, na_value=np.nan)
        return array, index, False
    try:
        array = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None
    return array, None, array.ndim == 0


def _out(values: np.ndarray, index, scalar: bool):
    if scalar:
        return float(values)
    return pd.Series(values, index=index) if index is not None else values


def gain_from_annual_growth(annual_pp: float = GRAETZ_MICHAELS_ANNUAL_PP,
                            years: float = GRAETZ_MICHAELS_YEARS) -> float:
    """Cumulative productivity gain (fraction) of `annual_pp` percentage points a year for `years`.

    gain_from_annual_growth(0.36, 14) = (1.0036)^14 − 1 ≈ 0.0517 (the default gain).
    """
    if not (np.isfinite(annual_pp) and np.isfinite(years)) or annual_pp <= -100 or years < 0:
        raise ValueError("annual_pp must be above -100 (percentage points a year) and years non-negative")
    return float((1 + annual_pp / 100) ** years - 1)


def baseline_adoption(robot_density, frontier: float = FRONTIER_ROBOT_DENSITY):
    """Baseline adoption in percent (0–100) from robot density relative to the frontier.

    robot_density: robots per 10,000 manufacturing employees (scalar, array or Series; a Series
        comes back with the same index). frontier: the density that counts as 100 %
        (default: Korea's 1,012, the world's highest). Densities above the frontier give 100.
    Raises ValueError for a missing, negative or non-finite density, or a non-positive frontier.
    """
    if not np.isfinite(frontier) or frontier <= 0:
        raise ValueError(f"frontier must be a positive robot density, got {frontier}")
    density, index, scalar = _values(robot_density, "robot_density")
    if not np.isfinite(density).all():
        raise ValueError("robot_density is missing for some economy; give a value or leave the economy out")
    if (density < 0).any():
        raise ValueError("robot_density must be non-negative (robots per 10,000 manufacturing employees)")
    return _out(100.0 * np.minimum(density / frontier, 1.0), index, scalar)


def adoption_to_productivity(adoption, baseline, gain: float = DEFAULT_PRODUCTIVITY_GAIN):
    """Productivity change Â = (1 + gain)^((adoption − baseline) / 100) for `solve_scenario`.

    adoption, baseline: percent of the frontier (0–100), same shape (scalars, arrays or Series; a
        Series comes back with the same index). gain: productivity gain (fraction, > −1) from a
        move across the whole scale, default ≈ 0.052 (Graetz & Michaels 2018; see module docs).
    Returns 1.0 where adoption equals the baseline. Raises ValueError for values outside 0–100,
    mismatched shapes or an invalid gain.
    """
    if not np.isfinite(gain) or gain <= -1:
        raise ValueError(f"gain must be a fraction above -1 (e.g. 0.05 for +5 %), got {gain}")
    target, index, scalar = _values(adoption, "adoption")
    start, start_index, _ = _values(baseline, "baseline")
    if index is not None and start_index is not None:
        if not start_index.equals(index):
            if set(index) - set(start_index):
                raise ValueError("baseline has no value for some economy in adoption")
            start = pd.Series(start, index=start_index).loc[index].to_numpy()
    if target.shape != start.shape and start.ndim != 0:
        raise ValueError(f"adoption and baseline must have the same length, got {target.size} and {start.size}")
    for values, name in ((target, "adoption"), (start, "baseline")):
        if not np.isfinite(values).all() or (values < 0).any() or (values > 100).any():
            raise ValueError(f"{name} must be a percentage between 0 and 100")
    return _out((1.0 + gain) ** ((target - start) / 100.0), index, scalar)
