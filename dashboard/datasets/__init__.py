"""Data layer: load and validate data/ once per process; no Dash, no Plotly."""
