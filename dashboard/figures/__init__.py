"""Figures: pure functions from DataFrames/results to plotly figures. No Dash here."""
