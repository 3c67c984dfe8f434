"""The scenario model: Eaton–Kortum solved in changes (exact hat algebra), one sector (`solve_scenario`)
and several with intermediate inputs (`solve_sectors`), adoption → productivity, Monte Carlo uncertainty
ranges (`scenario_ranges`), and a gravity baseline for city clusters. numpy, scipy and pandas only
(no dash, no plotly)."""
from dashboard.model.adoption import (
    DEFAULT_PRODUCTIVITY_GAIN,
    FRONTIER_ROBOT_DENSITY,
    adoption_to_productivity,
    baseline_adoption,
    gain_from_annual_growth,
)
from dashboard.model.gravity import (
    DEFAULT_DISTANCE_ELASTICITY,
    RasFit,
    gravity_matrix,
    great_circle_km,
    internal_distance_km,
    ras_fit,
)
from dashboard.model.productivity import (
    ROBOT_ELASTICITY,
    ROBOT_ELASTICITY_LOW,
    Parameter,
    adoption_from_density,
    density_from_adoption,
    goods_productivity,
    sector_productivity,
)
from dashboard.model.sectors import DEFAULTS, SectorDefaults, SectorResult, solve_sectors
from dashboard.model.trade import ScenarioResult, solve_scenario
from dashboard.model.uncertainty import (
    DEFAULT_DRAWS,
    DENSITY_BASES,
    DISTRIBUTIONS,
    OUTPUTS,
    Distributions,
    UncertaintyResult,
    scenario_ranges,
    scenario_seed,
)

__all__ = [
    "DEFAULTS",
    "DEFAULT_DRAWS",
    "DENSITY_BASES",
    "DISTRIBUTIONS",
    "DEFAULT_DISTANCE_ELASTICITY",
    "DEFAULT_PRODUCTIVITY_GAIN",
    "Distributions",
    "FRONTIER_ROBOT_DENSITY",
    "OUTPUTS",
    "Parameter",
    "ROBOT_ELASTICITY",
    "ROBOT_ELASTICITY_LOW",
    "RasFit",
    "ScenarioResult",
    "SectorDefaults",
    "SectorResult",
    "UncertaintyResult",
    "adoption_from_density",
    "adoption_to_productivity",
    "baseline_adoption",
    "density_from_adoption",
    "gain_from_annual_growth",
    "goods_productivity",
    "gravity_matrix",
    "great_circle_km",
    "internal_distance_km",
    "ras_fit",
    "scenario_ranges",
    "scenario_seed",
    "sector_productivity",
    "solve_scenario",
    "solve_sectors",
]
