"""Methods (/methods): the sources table generated from data/, the model's equations, the limits."""
from __future__ import annotations

import functools
from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dash_table, dcc, html

from dashboard import config
from dashboard.datasets.export import to_csv
from dashboard.datasets.sources import sources_table
from dashboard.ids import Methods
from dashboard.pages.registry import Page

METHODS_TEXT = (config.PACKAGE_DIR / "content" / "methods.md").read_text(encoding="utf-8")
SOURCES_FILENAME = "atlas_sources.csv"


def _table() -> dash_table.DataTable:
    frame = sources_table()
    return dash_table.DataTable(
        id=Methods.SOURCES_TABLE,
        columns=[
            {"name": "basis", "id": "basis"},
            {"name": "publisher", "id": "source_publisher"},
            {"name": "title", "id": "source_title"},
            {"name": "year", "id": "source_year", "type": "numeric"},
            {"name": "link", "id": "link", "presentation": "markdown"},
            {"name": "files", "id": "files"},
            {"name": "rows", "id": "rows", "type": "numeric"},
        ],
        data=frame.assign(
            link=[f"[open]({u.split(' | ')[0]})" if u else "" for u in frame["source_url"]],
            source_year=frame["source_year"].astype("float").where(frame["source_year"].notna(), None),
        ).to_dict("records"),
        sort_action="native", filter_action="native", page_size=15,
        style_cell={"whiteSpace": "normal", "height": "auto", "textAlign": "left", "fontSize": "0.85rem"},
        style_table={"overflowX": "auto"},
        markdown_options={"link_target": "_blank"},
    )


def layout(query: Mapping[str, str]) -> html.Div:
    """This page has no view state: the query is ignored and the layout is built once per process."""
    return _layout()


@functools.cache
def _layout() -> html.Div:
    return html.Div([
        html.H1("Sources and methods", className="h2"),
        html.P("Every figure in the atlas names its source, or is labelled modeled with the method that made it. "
               "This table is generated from the data files themselves."),
        dbc.Button("Download sources (CSV)", id=Methods.SOURCES_DOWNLOAD_BUTTON, color="primary",
                   size="sm", class_name="mb-2"),
        dcc.Download(id=Methods.SOURCES_DOWNLOAD),
        _table(),
        html.Hr(),
        dcc.Markdown(METHODS_TEXT, mathjax=True, id=Methods.EQUATIONS),
    ])


@callback(Output(Methods.SOURCES_DOWNLOAD, "data"), Input(Methods.SOURCES_DOWNLOAD_BUTTON, "n_clicks"),
          prevent_initial_call=True)
def download_sources(_clicks: int) -> dict:
    return dict(content=to_csv(sources_table()), filename=SOURCES_FILENAME, type="text/csv")


PAGE = Page(path="/methods", name="Methods", layout=layout,
            description="Where every figure comes from, and how the model works.")
