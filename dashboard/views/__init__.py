"""View state of each page (URL codec, filters, tables, file names): pure pandas, no Dash, no Plotly."""
