"""Robot adoption → the goods sector's productivity change Â for `solve_sectors`.

Mapping
-------
Manufacturing labour productivity is taken to be log-linear in robot density d (robots per 10,000
manufacturing employees): ln A_m = const + ε ln d. A move from the baseline density d₀ to a target
d₁ then raises manufacturing labour productivity by (d₁/d₀)^ε: every doubling of density adds the
same proportional gain, so the gain per extra robot falls as 1/d (diminishing returns, as Graetz &
Michaels 2018 report for robot densification).

The model's goods sector also holds farming, mining and fuel, which robots of this kind do not
touch. Aggregating within the goods sector with value-added (Domar) weights, the goods sector's
labour productivity moves by d ln A_goods = m · d ln A_m, m = manufacturing's share of goods value
added (sourced per economy by the caller). Finally, Â in the model shifts gross-output unit costs
(ĉ = ŵ^β P̂^(1−β)/Â), and at unchanged input prices a gross-output shift Â raises value added per
worker by Â^(1/β); a labour-productivity (value-added) gain G is therefore Â = G^β, β the goods
sector's value added over gross output. Together:

    Â_goods = (d₁/d₀)^(ε · m · β),     Â_services = 1.

The power form is exactly 1 at the baseline, positive for any positive densities, concave in d₁
(ε m β < 1), and composes (470 → 492 → 600 is the same as 470 → 600). The linear form
1 + m((d₁/d₀)^ε − 1) agrees with it to first order; the power form is chosen because it composes.
No rounding anywhere: a preset that moves China from 470 to 492 gets exactly (492/470)^(ε m β).

Elasticity ε (`ROBOT_ELASTICITY`, `ROBOT_ELASTICITY_LOW`)
---------------------------------------------------------
Graetz, G. & Michaels, G. (2018), "Robots at Work", Review of Economics and Statistics 100(5):
753–768, abstract (p. 753): in 17 countries, 1993–2007, "increased robot use contributed
approximately 0.36 percentage points to annual labor productivity growth". Over their 14 years that
is L = 14 · ln(1.0036) ≈ 0.0503 log points of labour productivity. Read as the effect of the sample's
robot densification by a factor ρ, ε = L / ln ρ. The factor ρ (robot density 2007 over 1993 in their
sample) could not be read: every stored copy of the paper available to this project shows only its
first page. Until it is, ρ = 2 (one doubling) is this project's assumption, not the paper's figure,
and ε = L / ln 2 ≈ 0.073: each doubling of robot density raises manufacturing labour productivity by
about 5.2 %. `GRAETZ_MICHAELS_DENSIFICATION` is the one constant to replace with the paper's figure.

Low case: Bekhtiar, K., Bittschi, B. & Sellner, R. (2024), "Robots at work? Pitfalls of
industry-level data", Journal of Applied Econometrics, doi:10.1002/jae.3073, abstract: "focusing on
robotizing industries leads to a sizable drop of the productivity effects, halving the effect size
for labor productivity". Robotizing industries are manufacturing, where this model applies the
shock, so ε_low = ε / 2 ≈ 0.036.

Limits: the estimates are for 1993–2007 in mostly rich economies, before collaborative robots and
recent AI; robot density is one proxy for intelligent manufacturing (it misses software, sensors and
AI); Â is an assumption about what adoption does, not a forecast.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dashboard.model.adoption import (
    FRONTIER_ROBOT_DENSITY,
    GRAETZ_MICHAELS_ANNUAL_PP,
    GRAETZ_MICHAELS_YEARS,
)


@dataclass(frozen=True)
class Parameter:
    """A model parameter with the estimate it comes from (publisher, title, year and the quoted number),
    or the statement that it is this project's choice."""

    value: float
    source: str


#: Graetz & Michaels' (2018) cumulative labour-productivity gain from robots, in log points:
#: 14 years × ln(1 + 0.36 %) ≈ 0.0503.
GRAETZ_MICHAELS_LOG_GAIN = GRAETZ_MICHAELS_YEARS * math.log1p(GRAETZ_MICHAELS_ANNUAL_PP / 100)
#: Robot density at the end of Graetz & Michaels' sample over its start (2007 / 1993). ASSUMED: the
#: paper's figure could not be read (see the module docstring); replace it when it can.
GRAETZ_MICHAELS_DENSIFICATION = 2.0

ROBOT_ELASTICITY = Parameter(
    GRAETZ_MICHAELS_LOG_GAIN / math.log(GRAETZ_MICHAELS_DENSIFICATION),
    "Graetz, G. & Michaels, G. (2018), 'Robots at Work', Review of Economics and Statistics 100(5): 753–768, "
    "abstract: robots 'contributed approximately 0.36 percentage points to annual labor productivity growth' "
    "(17 countries, 1993–2007), i.e. 14·ln(1.0036) ≈ 0.0503 log points; divided by ln 2, the log change of "
    "robot density over their sample ASSUMED to be one doubling (the paper's figure could not be read). "
    "Elasticity of manufacturing labour productivity with respect to robot density.",
)
ROBOT_ELASTICITY_LOW = Parameter(
    ROBOT_ELASTICITY.value / 2,
    "Bekhtiar, K., Bittschi, B. & Sellner, R. (2024), 'Robots at work? Pitfalls of industry-level data', "
    "Journal of Applied Econometrics, doi:10.1002/jae.3073, abstract: focusing on robotizing industries "
    "'halving the effect size for labor productivity'; half the central elasticity.",
)


def _array(value, name: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None
    if not np.isfinite(array).all():
        raise ValueError(f"{name} is missing or not finite for some economy")
    return array


def goods_productivity(density_base, density_target, manufacturing_share, value_added_share,
                       elasticity: float = ROBOT_ELASTICITY.value) -> np.ndarray:
    """Â for the goods sector, (d₁/d₀)^(ε·m·β), one value per economy (broadcast over the inputs).

    density_base, density_target: robots per 10,000 manufacturing employees, positive (the
        log-density mapping has no value at zero).
    manufacturing_share: m, manufacturing's share of the goods sector's value added, in [0, 1]
        (goods = farming, mining, fuel and manufacturing).
    value_added_share: β, the goods sector's value added over gross output, in (0, 1]: turns the
        labour-productivity gain into the gross-output Â that `solve_sectors` takes.
    elasticity: ε ≥ 0, of manufacturing labour productivity with respect to robot density
        (ROBOT_ELASTICITY, ≈ 0.073; ROBOT_ELASTICITY_LOW for the low case).
    Returns a float array (ratios; exactly 1.0 where the target equals the baseline).
    Raises ValueError for a non-positive or missing density, a share outside its range, a negative
    elasticity or shapes that do not broadcast.
    """
    base = _array(density_base, "density_base")
    target = _array(density_target, "density_target")
    share = _array(manufacturing_share, "manufacturing_share")
    beta = _array(value_added_share, "value_added_share")
    for values, name in ((base, "density_base"), (target, "density_target")):
        if (values <= 0).any():
            raise ValueError(f"{name} must be positive (robots per 10,000 manufacturing employees); the "
                             f"log-density mapping has no value at zero")
    if ((share < 0) | (share > 1)).any():
        raise ValueError("manufacturing_share must be a fraction in [0, 1] (manufacturing's share of goods "
                         "value added)")
    if ((beta <= 0) | (beta > 1)).any():
        raise ValueError("value_added_share must be in (0, 1] (the goods sector's value added over gross output)")
    if not (math.isfinite(elasticity) and elasticity >= 0):
        raise ValueError(f"elasticity must be a non-negative number, got {elasticity}")
    try:
        ratio, exponent = np.broadcast_arrays(target / base, elasticity * share * beta)
    except ValueError:
        raise ValueError(f"density_base, density_target, manufacturing_share and value_added_share must have "
                         f"the same length, got {base.shape}, {target.shape}, {share.shape} and "
                         f"{beta.shape}") from None
    return np.power(ratio, exponent)


def sector_productivity(goods_change, sectors: int = 2, goods: int = 0) -> np.ndarray:
    """The (sectors, N) productivity_change for `solve_sectors`: `goods_change` (N) in row `goods`,
    1.0 elsewhere (services are not touched by robot adoption)."""
    goods_change = np.asarray(goods_change, dtype=float).reshape(-1)
    if not 0 <= goods < sectors:
        raise ValueError(f"goods must be a sector index below {sectors}, got {goods}")
    out = np.ones((sectors, goods_change.size))
    out[goods] = goods_change
    return out


def density_from_adoption(adoption, frontier: float = FRONTIER_ROBOT_DENSITY) -> np.ndarray:
    """Robot density (robots per 10,000 manufacturing employees) at `adoption` percent of the frontier
    (100 % = `frontier`, default Korea's 1,012, the world's highest). Not capped: 120 % is above the frontier."""
    adoption = _array(adoption, "adoption")
    if not (math.isfinite(frontier) and frontier > 0):
        raise ValueError(f"frontier must be a positive robot density, got {frontier}")
    if (adoption < 0).any():
        raise ValueError("adoption must be a non-negative percentage of the frontier")
    return adoption / 100.0 * frontier


def adoption_from_density(density, frontier: float = FRONTIER_ROBOT_DENSITY) -> np.ndarray:
    """Adoption in percent of the frontier density (the inverse of `density_from_adoption`, not capped)."""
    density = _array(density, "density")
    if not (math.isfinite(frontier) and frontier > 0):
        raise ValueError(f"frontier must be a positive robot density, got {frontier}")
    if (density < 0).any():
        raise ValueError("density must be non-negative (robots per 10,000 manufacturing employees)")
    return density / frontier * 100.0
