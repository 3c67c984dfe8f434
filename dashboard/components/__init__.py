"""Dash components shared by pages: the shell (navbar, footer) and reusable control groups."""
