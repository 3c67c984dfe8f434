"""Intelligent Manufacturing Trade Atlas: a Plotly Dash dashboard."""
