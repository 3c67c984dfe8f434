"""What every AG Grid in the atlas shares: keyboard options, and mounting after the first paint."""
from __future__ import annotations

import dash_ag_grid as dag
from dash import MATCH, ClientsideFunction, Input, Output, clientside_callback, dcc, html

from dashboard.ids import Grid

# A grid is one stop for the Tab key (WAI-ARIA grid pattern): arrow keys move between cells and Tab
# leaves the grid, instead of visiting every cell on the page before the next control.
KEYBOARD = {"tabToNextCell": {"function": "false"}, "tabToNextHeader": {"function": "false"}}


def after_first_paint(table: dag.AgGrid, height: str) -> html.Div:
    """`table`, put into the page once the page's first chart has been painted (assets/grid.js).

    AG Grid's start (its module, the ~240 kB of theme CSS it injects, a style recalculation of the
    whole page) otherwise runs in the task that draws the page's first charts. The slot keeps the
    grid's height, so nothing on the page moves when the grid arrives.

    Callbacks write the grid's rows through `rows_output(table.id)`, a store that is always there:
    an output on the grid itself would make Dash drop the whole callback (charts and all) while the
    grid is not yet in the page ("A nonexistent object was used in an Output"). The grid starts
    with the latest rows written, and takes each later write (assets/grid.js)."""
    key = {"grid": table.id}
    return html.Div([
        dcc.Store(id={"type": Grid.LATER, **key}, data=table.to_plotly_json()),
        dcc.Store(id={"type": Grid.ROWS, **key}),
        html.Div(id={"type": Grid.SLOT, **key}, style={"minHeight": height}),
    ])


def rows_output(table_id: str) -> Output:
    """The output through which a callback sets the rows of a grid placed by `after_first_paint`."""
    return Output({"type": Grid.ROWS, "grid": table_id}, "data")


clientside_callback(ClientsideFunction("grid", "mount"), Output({"type": Grid.SLOT, "grid": MATCH}, "children"),
                    Input({"type": Grid.LATER, "grid": MATCH}, "data"))
# No output: the rows go to the grid with dash_clientside.set_props, and only once it is there.
clientside_callback(ClientsideFunction("grid", "rows"), Input({"type": Grid.ROWS, "grid": MATCH}, "data"),
                    prevent_initial_call=True)
