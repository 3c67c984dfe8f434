"""Presenter mode (?present=1) and embed mode (?embed=1) in the page frame: toolbar, story, callbacks.

The URL says which mode is on. assets/present.js sets the frame's class from it, keeps the mode's
parameters in the URL when a page rewrites its query, presses Previous / Next for the arrow keys and
goes where `navigate` says; assets/present.css hides the chrome and enlarges the page. The logic
(story file, positions, addresses) is in dashboard/views/present.py; embed mode's choice of chart is
made where pages are rendered (dashboard/pages/embed.py).
"""
from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboard.ids import Present as ID, Shell
from dashboard.pages.registry import page_path, parse_query, split_address
from dashboard.views import present as pv
from dashboard.views.query import shown

ACTIONS = {ID.PREV: "previous", ID.NEXT: "next", ID.TOGGLE: "enter", ID.EXIT: "exit"}


def _keys(keys: str) -> dict:
    """Keys that press a toolbar button in presenter mode (assets/present.js reads data-keys)."""
    return {"data-keys": keys}


def toggle() -> dbc.Button:
    """The navbar's way into presenter mode, for the view on screen."""
    return dbc.Button("Present", id=ID.TOGGLE, size="sm", outline=True, color="light", n_clicks=0,
                      title="Presenter mode: hide the controls, enlarge the page, step through a story with ← →")


def toolbar(copy_link: Component) -> html.Div:
    """The presenter's controls, fixed at the bottom of the window (shown only in presenter mode)."""
    button = dict(className="btn btn-sm btn-outline-light", n_clicks=0, type="button")
    return html.Div([
        html.Div([
            html.Button([html.Span("◀ ", **{"aria-hidden": "true"}), "Previous"], id=ID.PREV,
                       title="Previous slide (← or Page Up)", **button, **_keys("ArrowLeft PageUp")),
            html.Span(id=ID.POSITION, className="atlas-position small", **{"aria-live": "polite"}),
            html.Button(["Next", html.Span(" ▶", **{"aria-hidden": "true"})], id=ID.NEXT,
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
            html.Button("Full screen", id=ID.FULL_SCREEN, **button, **{"data-full-screen": "toggle"}),
            html.Button("Exit", id=ID.EXIT, title="Leave presenter mode (the view stays)", **button),
        ], className="d-flex flex-wrap gap-2 align-items-center"),
        html.Div(id=ID.MESSAGE, role="status", className="small mt-1"),
        dcc.Download(id=ID.DOWNLOAD),
    ], id=ID.TOOLBAR, className="atlas-toolbar", role="region", **{"aria-label": "Presenter controls"})


def caption() -> html.Div:
    """The slide's caption above the page (presenter mode only)."""
    return html.Div(id=ID.CAPTION, className="atlas-caption")


def stores() -> list[Component]:
    return [dcc.Store(id=ID.STORY, storage_type="session", data=pv.to_records(pv.default_story())),
            dcc.Store(id=ID.GOTO, storage_type="memory"), dcc.Store(id=ID.HERE, storage_type="memory")]


@callback(
    Output(ID.GOTO, "data"),
    Input(ID.PREV, "n_clicks"), Input(ID.NEXT, "n_clicks"), Input(ID.TOGGLE, "n_clicks"), Input(ID.EXIT, "n_clicks"),
    State(ID.STORY, "data"), State(Shell.URL, "href"),
    prevent_initial_call=True,
)
def navigate(_previous, _next, _toggle, _exit, story, href):
    """Where a toolbar button (or its key) leads; assets/present.js goes there."""
    trigger = ctx.triggered_id  # a dict (a pattern-matching id) only from a hostile client: no action
    move = pv.destination(ACTIONS.get(trigger, "") if isinstance(trigger, str) else "", pv.from_records(story),
                          *_here(href))
    return move or no_update


@callback(
    Output(ID.POSITION, "children"), Output(ID.CAPTION, "children"),
    Output(ID.PREV, "disabled"), Output(ID.NEXT, "disabled"),
    Input(ID.STORY, "data"), Input(ID.HERE, "data"),
    prevent_initial_call=True,
)
def show_position(story, href):
    path, query = _here(href)
    if not pv.is_presenting(query):
        return no_update, no_update, no_update, no_update
    status = pv.status(pv.from_records(story), path, query)
    return status.label, status.caption, not status.has_previous, not status.has_next


@callback(
    Output(ID.STORY, "data"), Output(ID.MESSAGE, "children"),
    Input(ID.ADD, "n_clicks"), Input(ID.UPLOAD, "contents"), Input(ID.RESET, "n_clicks"),
    State(ID.UPLOAD, "filename"), State(ID.STORY, "data"), State(Shell.URL, "href"),
    prevent_initial_call=True,
)
def edit_story(_add, contents, _reset, filename, story, href):
    """Add the view on screen, load a story file (a bad one changes nothing), or go back to the default."""
    from dashboard.pages import PAGES  # at call time: the page registry imports this module

    if ctx.triggered_id == ID.RESET:
        story = pv.default_story()
        return pv.to_records(story), f"Back to the default story: {len(story)} slides."
    if ctx.triggered_id == ID.ADD:
        names = {p.path: p.name for p in PAGES}
        path, query = _here(href)
        if path not in names:
            return no_update, "This page cannot be a slide."
        story, message = pv.add(pv.from_records(story), pv.new_slide(path, query, names[path]))
        return pv.to_records(story), message
    name = filename if isinstance(filename, str) and filename else "The file"
    loaded, problems = pv.parse_story(_decoded(contents), name, {p.path for p in PAGES})
    if problems:
        return no_update, html.Span(["Story not loaded: ", *problems], className="atlas-problem")
    return pv.to_records(loaded), f"Loaded {shown(name)}: {len(loaded)} slides."


def _here(href) -> tuple[str, dict[str, str]]:
    """The page path and query of the address bar. dcc.Location's `href` is read rather than its `search`:
    when a page rewrites its query, assets/present.js adds the mode's parameters to the address, which
    `href` then shows but `search` (set by the page) does not."""
    parts = split_address(href)
    return (page_path(parts[0]), parse_query(parts[1])) if parts else ("/", {})


def _decoded(contents) -> bytes:
    """The bytes of a dcc.Upload data URL; b"" for anything else (a hostile client can send anything)."""
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=False)
    except (AttributeError, IndexError, ValueError, binascii.Error):
        return b""


@callback(Output(ID.DOWNLOAD, "data"), Input(ID.DOWNLOAD_BUTTON, "n_clicks"), State(ID.STORY, "data"),
          prevent_initial_call=True)
def download(_clicks, story) -> dict:
    return dict(content=pv.story_csv(pv.from_records(story)), filename=pv.DOWNLOAD_NAME, type="text/csv")


clientside_callback(ClientsideFunction("present", "go"), Input(ID.GOTO, "data"), prevent_initial_call=True)
# The address, only while presenting: a page rewrites its URL on every control change (each slider move),
# and outside presenter mode that must not cost a request to the server.
clientside_callback(ClientsideFunction("present", "presentingHref"), Output(ID.HERE, "data"), Input(Shell.URL, "href"))
