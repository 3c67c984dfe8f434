"""The trade model: Eaton–Kortum solved in changes (exact hat algebra). numpy and pandas only."""
from dashboard.model.trade import ScenarioResult, solve_scenario

__all__ = ["ScenarioResult", "solve_scenario"]
