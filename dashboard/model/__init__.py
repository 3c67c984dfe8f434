"""The scenario model: Eaton–Kortum solved in changes (exact hat algebra), adoption → productivity,
and a gravity baseline for city clusters. numpy, scipy and pandas only (no dash, no plotly)."""
from dashboard.model.adoption import (
    DEFAULT_PRODUCTIVITY_GAIN,
    FRONTIER_ROBOT_DENSITY,
    adoption_to_productivity,
    baseline_adoption,
    gain_from_annual_growth,
)
from dashboard.model.clusters import ClusterBaseline, build_cluster_baseline
from dashboard.model.gravity import (
    DEFAULT_DISTANCE_ELASTICITY,
    RasFit,
    gravity_matrix,
    great_circle_km,
    internal_distance_km,
    ras_fit,
)
from dashboard.model.trade import ScenarioResult, solve_scenario

__all__ = [
    "ClusterBaseline",
    "DEFAULT_DISTANCE_ELASTICITY",
    "DEFAULT_PRODUCTIVITY_GAIN",
    "FRONTIER_ROBOT_DENSITY",
    "RasFit",
    "ScenarioResult",
    "adoption_to_productivity",
    "baseline_adoption",
    "build_cluster_baseline",
    "gain_from_annual_growth",
    "gravity_matrix",
    "great_circle_km",
    "internal_distance_km",
    "ras_fit",
    "solve_scenario",
]
