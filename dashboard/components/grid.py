"""AG Grid in the atlas: keyboard options every table shares, and its bundle fetched only by a page
that has a table.

Dash links the bundle of every component library it has imported into every page's index. AG Grid's
is 1.3 MB (0.32 MB compressed), and three of the five pages have no table: measured (python -m
benchmarks, first-load transfer) / 1.20 → 0.88 MB, /networks 1.22 → 0.89 MB, /methods 1.86 → 1.54 MB
with the bundle left out of the index; no difference in time to first chart could be told from this
machine's noise (CPU time to the first chart, 9 loads each way). So the index leaves it out
(`without_grid_script`, from dashboard/app.py's index hook) and names it in a meta tag, and a page
puts each table in with `lazy_grid`: assets/grid.js fetches the bundle once, then mounts the grid.

Callbacks write a grid's rows through `rows_output(table_id)`, a store that is always in the page: an
output on the grid itself would make Dash drop the whole callback (charts and all) while the grid is
not yet there ("A nonexistent object was used in an Output"). The grid starts with the latest rows
written, and takes each later write (assets/grid.js).
"""
from __future__ import annotations

import re

import dash_ag_grid as dag
from dash import MATCH, ClientsideFunction, Input, Output, clientside_callback, dcc, html

from dashboard.ids import Grid

# A grid is one stop for the Tab key (WAI-ARIA grid pattern): arrow keys move between cells and Tab
# leaves the grid, instead of visiting every cell on the page before the next control.
KEYBOARD = {"tabToNextCell": {"function": "false"}, "tabToNextHeader": {"function": "false"}}

#: The meta tag that names AG Grid's bundle for assets/grid.js.
SCRIPT_META = "atlas-grid-script"
_SCRIPT = re.compile(r'<script src="([^"]*/dash_ag_grid/dash_ag_grid\.[^"]*\.js)"></script>\n?')


def without_grid_script(scripts: str) -> tuple[str, str]:
    """The index's script tags without AG Grid's bundle, and a meta tag naming the bundle ("" when the
    index has none)."""
    found = _SCRIPT.search(scripts)
    if not found:
        return scripts, ""
    return _SCRIPT.sub("", scripts), f'<meta name="{SCRIPT_META}" content="{found.group(1)}">'


def lazy_grid(table: dag.AgGrid, height: str) -> html.Div:
    """`table`, put into the page once its bundle is there (assets/grid.js), in a slot that keeps the
    grid's height so nothing on the page moves when it arrives."""
    key = {"grid": table.id}
    return html.Div([
        dcc.Store(id={"type": Grid.LATER, **key}, data=table.to_plotly_json()),
        dcc.Store(id={"type": Grid.ROWS, **key}),
        html.Div(id={"type": Grid.SLOT, **key}, style={"minHeight": height}),
    ])


def rows_output(table_id: str) -> Output:
    """The output through which a callback sets the rows of a grid placed by `lazy_grid`."""
    return Output({"type": Grid.ROWS, "grid": table_id}, "data")


clientside_callback(ClientsideFunction("grid", "mount"), Output({"type": Grid.SLOT, "grid": MATCH}, "children"),
                    Input({"type": Grid.LATER, "grid": MATCH}, "data"))
# No output: the rows go to the grid with dash_clientside.set_props, and only once it is there.
clientside_callback(ClientsideFunction("grid", "rows"), Input({"type": Grid.ROWS, "grid": MATCH}, "data"),
                    prevent_initial_call=True)
