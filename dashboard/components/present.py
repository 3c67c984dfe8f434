"""Presenter mode (?present=1) in the page frame: the navbar's way in, the toolbar, the story.

The frame (components/shell.py) puts the toolbar and the caption in only in presenter mode; the
server's index gives <html> the mode's class (dashboard/app.py), which assets/present.css uses to hide
the chrome and enlarge the page. Entering and leaving the mode load the page (`Shell.RELOAD`); stepping
through the story moves inside the app (`Shell.URL`). The logic (story file, positions, addresses) is in
dashboard/views/present.py; assets/present.js only maps ← → (and a clicker's Page Up / Down) to the
toolbar's buttons and asks the browser for full screen.
"""
from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard.components.attrs import aria, data
from dashboard.components.upload import decoded
from dashboard.ids import Present as ID, Shell
from dashboard.views import present as pv
from dashboard.views.query import page_path, parse_query, quoted, split_address


def _keys(keys: str) -> dict[str, Any]:
    """Keys that press a toolbar button in presenter mode (assets/present.js reads data-keys)."""
    return data(keys=keys)


def toggle() -> dbc.Button:
    """The navbar's way into presenter mode, for the view on screen."""
    return dbc.Button("Present", id=ID.TOGGLE, size="sm", outline=True, color="light", n_clicks=0,
                      title="Presenter mode: hide the controls, enlarge the page, step through a story with ← →")


def toolbar(copy_link: Component) -> html.Div:
    """The presenter's controls, fixed at the bottom of the window."""
    button: dict[str, Any] = dict(className="btn btn-sm btn-outline-light", n_clicks=0, type="button")
    return html.Div([
        html.Div([
            html.Button([html.Span("◀ ", **aria(hidden="true")), "Previous"], id=ID.PREV,
                        title="Previous slide (← or Page Up)", **button, **_keys("ArrowLeft PageUp")),
            html.Span(id=ID.POSITION, className="atlas-position small", **aria(live="polite")),
            html.Button(["Next", html.Span(" ▶", **aria(hidden="true"))], id=ID.NEXT,
                        title="Next slide (→ or Page Down)", **button, **_keys("ArrowRight PageDown")),
            html.Span(className="vr text-light"),
            html.Button("Add this view", id=ID.ADD, title="Add the view on screen to the end of the story", **button),
            html.Button("Download story", id=ID.DOWNLOAD_BUTTON, title="The story as a CSV file, to load again later",
                        **button),
            dcc.Upload(id=ID.UPLOAD, children=html.Span("Load story", className="btn btn-sm btn-outline-light"),
                       accept=".csv,text/csv", multiple=False, className="d-inline-block",
                       # Larger files are refused by the browser; up to this, the server says why.
                       max_size=5 * pv.MAX_STORY_BYTES),
            html.Button("Default story", id=ID.RESET, title="Go back to the story in data/story.csv", **button),
            copy_link,
            html.Button("Full screen", id=ID.FULL_SCREEN, **button, **data(full_screen="toggle")),
            html.Button("Exit", id=ID.EXIT, title="Leave presenter mode (the view stays)", **button),
        ], className="d-flex flex-wrap gap-2 align-items-center"),
        html.Div(id=ID.MESSAGE, role="status", className="small mt-1"),
        dcc.Download(id=ID.DOWNLOAD),
    ], id=ID.TOOLBAR, className="atlas-toolbar", role="region", **aria(label="Presenter controls"))


def caption() -> html.Div:
    """The slide's caption above the page."""
    return html.Div(id=ID.CAPTION, className="atlas-caption")


def story_store() -> dcc.Store:
    """The story in use (records), kept for the browser tab's session: it outlives every page."""
    return dcc.Store(id=ID.STORY, storage_type="session", data=pv.to_records(pv.default_story()))


def here(href: object) -> tuple[str, dict[str, str]]:
    """The page path and query of an address ("/" and {} for anything that is not one)."""
    parts = split_address(href)
    return (page_path(parts[0]), parse_query(parts[1])) if parts else ("/", {})


def _page_names() -> dict[str, str]:
    return {p["path"]: p["name"] for p in dash.page_registry.values() if p.get("in_nav", True)}


@callback(Output(Shell.RELOAD, "href"), Input(ID.TOGGLE, "n_clicks"), State(Shell.URL, "href"),
          prevent_initial_call=True)
def enter(_clicks: int, href: object) -> Any:
    """Present the view on screen (a page load: the index sets the mode's class)."""
    return pv.destination("enter", (), *here(href)) or no_update


@callback(Output(Shell.RELOAD, "href", allow_duplicate=True), Input(ID.EXIT, "n_clicks"), State(Shell.URL, "href"),
          prevent_initial_call=True)
def leave(_clicks: int, href: object) -> Any:
    """Leave presenter mode on the view on screen."""
    return pv.destination("exit", (), *here(href)) or no_update


@callback(Output(Shell.URL, "href", allow_duplicate=True), Input(ID.PREV, "n_clicks"), Input(ID.NEXT, "n_clicks"),
          State(ID.STORY, "data"), State(Shell.URL, "href"), prevent_initial_call=True)
def step(_previous: int, _next: int, story: object, href: object) -> Any:
    """The previous or next slide of the story, inside the app."""
    action = {ID.PREV: "previous", ID.NEXT: "next"}.get(ctx.triggered_id) if isinstance(ctx.triggered_id, str) else None
    return (pv.destination(action, pv.from_records(story), *here(href)) if action else None) or no_update


@callback(Output(ID.POSITION, "children"), Output(ID.CAPTION, "children"),
          Output(ID.PREV, "disabled"), Output(ID.NEXT, "disabled"),
          Input(ID.STORY, "data"), Input(Shell.URL, "href"))
def show_position(story: object, href: object) -> tuple[str, str, bool, bool]:
    """Where the view on screen stands in the story, and its caption (the toolbar is there only in
    presenter mode, so this is called only then)."""
    status = pv.status(pv.from_records(story), *here(href))
    return status.label, status.caption, not status.has_previous, not status.has_next


@callback(Output(ID.STORY, "data"), Output(ID.MESSAGE, "children"),
          Input(ID.ADD, "n_clicks"), Input(ID.UPLOAD, "contents"), Input(ID.RESET, "n_clicks"),
          State(ID.UPLOAD, "filename"), State(ID.STORY, "data"), State(Shell.URL, "href"),
          prevent_initial_call=True)
def edit_story(_add: int, contents: object, _reset: int, filename: object, story: object, href: object):
    """Add the view on screen, load a story file (a bad one changes nothing), or go back to the default.
    Dash also calls this when the toolbar is put in (its inputs are new, the story store is not): no
    button was pressed then, and nothing changes."""
    pressed = [t["prop_id"] for t in ctx.triggered if t.get("value")]
    if not pressed:
        raise PreventUpdate
    return story_edit(pressed[0].rsplit(".", 1)[0], contents, filename, story, href, _page_names())


def story_edit(trigger: object, contents: object, filename: object, story: object, href: object,
               pages: dict[str, str]) -> tuple[object, object]:
    """(the story's new records or no_update, the message) for a press of Add, Reset, or a loaded file.
    `pages`: path -> name of every page a slide may show."""
    if trigger == ID.RESET:
        default = pv.default_story()
        return pv.to_records(default), f"Back to the default story: {len(default)} slides."
    if trigger == ID.ADD:
        path, query = here(href)
        if path not in pages:
            return no_update, "This page cannot be a slide."
        added, message = pv.add(pv.from_records(story), pv.new_slide(path, query, pages[path]))
        return pv.to_records(added), message
    name = filename if isinstance(filename, str) and filename else "The file"
    loaded, problems = pv.parse_story(decoded(contents), name, set(pages))
    if problems or loaded is None:
        return no_update, html.Span(["Story not loaded: ", *problems], className="atlas-problem")
    return pv.to_records(loaded), f"Loaded {quoted(name)}: {len(loaded)} slides."


@callback(Output(ID.DOWNLOAD, "data"), Input(ID.DOWNLOAD_BUTTON, "n_clicks"), State(ID.STORY, "data"),
          prevent_initial_call=True)
def download(_clicks: int, story: object) -> dict:
    return dict(content=pv.story_csv(pv.from_records(story)), filename=pv.DOWNLOAD_NAME, type="text/csv")
