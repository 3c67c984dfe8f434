"""Methods (/methods): the sources table generated from data/, the model's equations, the limits."""
from __future__ import annotations

import functools

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import config
from dashboard.components import shell, sources
from dashboard.datasets.export import to_csv
from dashboard.datasets.sources import sources_table
from dashboard.ids import Methods

PATH = "/methods"
METHODS_TEXT = (config.PACKAGE_DIR / "content" / "methods.md").read_text(encoding="utf-8")
SOURCES_FILENAME = "atlas_sources.csv"


COLUMNS = (("basis", "basis"), ("source_publisher", "publisher (linked to the source)"), ("source_title", "title"),
           ("source_year", "year"), ("retrieved_from", "retrieved from (a copy, where the source could not be read)"),
           ("files", "files"), ("rows", "rows"))


def _cell(column: str, row) -> html.Td:
    """One cell: the publishers as links to their own pages, the copies read as links named by their site."""
    if column == "source_publisher":
        linked = sources.citations(row.source_publisher, row.source_url)
        return html.Td(sources.links(linked) if linked else row.source_publisher)
    if column == "retrieved_from":
        return html.Td(sources.links(sources.copies(row.retrieved_from)))
    value = getattr(row, column)
    if column == "source_year":
        return html.Td("" if pd.isna(value) else str(int(value)))
    return html.Td("" if pd.isna(value) else value)


def _table() -> html.Table:
    """The sources table as plain HTML: every link is one Tab stop and a screen reader reads it as a table.
    (dash_table's DataTable, used before, holds the Tab key once a cell has focus: WCAG 2.1.2.)"""
    frame = sources_table()
    return html.Table([
        html.Caption(f"{len(frame)} sources behind the figures in data/; the CSV above holds the same rows.",
                     className="caption-top small"),
        html.Thead(html.Tr([html.Th(label, scope="col") for _, label in COLUMNS])),
        html.Tbody([html.Tr([_cell(c, row) for c, _ in COLUMNS]) for row in frame.itertuples()]),
    ], id=Methods.SOURCES_TABLE, className="table table-sm table-striped small align-top")


def layout(**_query: str) -> html.Div:
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


dash.register_page(__name__, path=PATH, name="Methods", order=4, title=f"Methods · {config.APP_TITLE}",
                   description="Where every figure comes from, and how the model works.",
                   layout=shell.page_layout(PATH, layout))
