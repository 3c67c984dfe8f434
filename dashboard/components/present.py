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

from dashboard.components import upload
from dashboard.components.attrs import aria, data
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


def _menu_item(label: str, item_id: str) -> dbc.DropdownMenuItem:
    return dbc.DropdownMenuItem(label, id=item_id, n_clicks=0)


def story_menu() -> dbc.DropdownMenu:
    """Building a story in the app: add, remove and reorder slides, start a new one, go back to the
    default, download it. One menu, so that the toolbar stays one row at 1280 px."""
    return dbc.DropdownMenu([
        _menu_item("Add this view", ID.ADD),
        _menu_item("Remove this slide", ID.REMOVE),
        _menu_item("Move slide earlier", ID.EARLIER),
        _menu_item("Move slide later", ID.LATER),
        dbc.DropdownMenuItem(divider=True),
        _menu_item("New story from this view", ID.NEW),
        _menu_item("Default story", ID.RESET),
        _menu_item("Download story", ID.DOWNLOAD_BUTTON),
    ], id=ID.STORY_MENU, label="Story", size="sm", direction="up", color="dark",
        toggle_class_name="btn-outline-light")


def toolbar(copy_link: Component) -> html.Div:
    """The presenter's controls, fixed at the bottom of the window: one row at 1280 px."""
    button: dict[str, Any] = dict(className="btn btn-sm btn-outline-light", n_clicks=0, type="button")
    return html.Div([
        html.Div([
            html.Button([html.Span("◀ ", **aria(hidden="true")), "Previous"], id=ID.PREV,
                        title="Previous slide (← or Page Up)", **button, **_keys("ArrowLeft PageUp")),
            html.Span(id=ID.POSITION, className="atlas-position small", **aria(live="polite")),
            html.Button(["Next", html.Span(" ▶", **aria(hidden="true"))], id=ID.NEXT,
                        title="Next slide (→ or Page Down)", **button, **_keys("ArrowRight PageDown")),
            html.Span(className="vr text-light"),
            story_menu(),
            upload.limited(dcc.Upload(id=ID.UPLOAD, children=html.Span("Load story",
                                                                       className="btn btn-sm btn-outline-light"),
                                      accept=".csv,.txt,text/csv,text/plain", multiple=False),
                           pv.MAX_STORY_BYTES, ID.MESSAGE, "a story file"),
            copy_link,
            html.Button("Full screen", id=ID.FULL_SCREEN, **button, **data(full_screen="toggle")),
            html.Button("Exit", id=ID.EXIT, title="Leave presenter mode (the view stays)", **button),
        ], className="d-flex flex-nowrap gap-2 align-items-center"),
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
          State(ID.STORY, "data"), prevent_initial_call=True)
def enter(_clicks: int, href: object, story: object) -> Any:
    """Present the view on screen (a page load: the index sets the mode's class), with the tab's story in
    the address when it is not the default one."""
    path, query = here(href)
    return pv.destination("enter", pv.story_in_use(query, story), path, query) or no_update


@callback(Output(Shell.RELOAD, "href", allow_duplicate=True), Input(ID.EXIT, "n_clicks"), State(Shell.URL, "href"),
          prevent_initial_call=True)
def leave(_clicks: int, href: object) -> Any:
    """Leave presenter mode on the view on screen."""
    return pv.destination("exit", (), *here(href)) or no_update


@callback(Output(Shell.URL, "href", allow_duplicate=True), Input(ID.PREV, "n_clicks"), Input(ID.NEXT, "n_clicks"),
          State(ID.STORY, "data"), State(Shell.URL, "href"), prevent_initial_call=True)
def step(_previous: int, _next: int, story: object, href: object) -> Any:
    """The previous or next slide of the story (the link's, else the tab's), inside the app."""
    action = {ID.PREV: "previous", ID.NEXT: "next"}.get(ctx.triggered_id) if isinstance(ctx.triggered_id, str) else None
    path, query = here(href)
    return (pv.destination(action, pv.story_in_use(query, story), path, query) if action else None) or no_update


@callback(Output(ID.POSITION, "children"), Output(ID.CAPTION, "children"),
          Output(ID.PREV, "disabled"), Output(ID.NEXT, "disabled"),
          Input(ID.STORY, "data"), Input(Shell.URL, "href"))
def show_position(story: object, href: object) -> tuple[str, str, bool, bool]:
    """Where the view on screen stands in the story, and its caption only when the view is its slide's
    (the toolbar is there only in presenter mode, so this is called only then)."""
    path, query = here(href)
    status = pv.status(pv.story_in_use(query, story), path, query)
    return status.label, status.caption, not status.has_previous, not status.has_next


#: The toolbar's inputs that change the story.
EDITS = (ID.ADD, ID.REMOVE, ID.EARLIER, ID.LATER, ID.NEW, ID.RESET)


@callback(Output(ID.STORY, "data"), Output(ID.MESSAGE, "children"), Output(Shell.URL, "href", allow_duplicate=True),
          Output(Shell.MODE, "data", allow_duplicate=True),
          *(Input(edit, "n_clicks") for edit in EDITS), Input(ID.UPLOAD, "contents"),
          State(ID.UPLOAD, "filename"), State(ID.STORY, "data"), State(Shell.URL, "href"),
          prevent_initial_call=True)
def edit_story(*values: object):
    """Add the view on screen, remove or move its slide, start a new story, go back to the default, or
    load a story file (a bad one changes nothing); then the address carries the new story (a copied link
    steps through it), and so does the frame's mode (a control change keeps it). Dash also calls this
    when the toolbar is put in (its inputs are new, the story store is not): no button was pressed then,
    and nothing changes."""
    contents, filename, story, href = values[len(EDITS):]
    pressed = [t["prop_id"] for t in ctx.triggered if t.get("value")]
    if not pressed:
        raise PreventUpdate
    records, message = story_edit(pressed[0].rsplit(".", 1)[0], contents, filename, story, href, _page_names())
    if records is no_update:
        return no_update, message, no_update, no_update
    path, query = here(href)
    edited = pv.from_records(records)
    address = pv.with_story(path, query, edited, pv.position(edited, path, _off_slide(query))
                            if pv.on_slide(edited, path, _off_slide(query)) else None)
    if pv.story_param(edited) is None and edited != pv.default_story():
        message = html.Span([message, " ", html.Span(
            f"This story is too long to travel in the link (more than {pv.STORY_LINK_MAX:,} characters encoded): "
            "share it as its file (Story → Download story).", className="atlas-problem")])
    return records, message, address, pv.mode_of(here(address)[1])


def _off_slide(query: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in query.items() if k != "slide"}


def story_edit(trigger: object, contents: object, filename: object, story: object, href: object,
               pages: dict[str, str]) -> tuple[object, Any]:
    """(the story's new records or no_update, the message) for a press of a Story menu item, or a loaded
    file. `pages`: path -> name of every page a slide may show."""
    path, query = here(href)
    current = pv.story_in_use(query, story)
    if trigger == ID.RESET:
        default = pv.default_story()
        return pv.to_records(default), f"Back to the default story: {len(default)} slides."
    if trigger in (ID.ADD, ID.NEW):
        if path not in pages:
            return no_update, "This page cannot be a slide."
        slide = pv.new_slide(path, query, pages[path])
        if trigger == ID.NEW:
            return pv.to_records((slide,)), "New story: this view is slide 1. Add more with Story → Add this view."
        added, message = pv.add(current, slide)
        return pv.to_records(added), message
    if trigger == ID.REMOVE:
        kept, message = pv.remove(current, path, query)
        return (pv.to_records(kept) if kept != current else no_update), message
    if trigger in (ID.EARLIER, ID.LATER):
        moved, _index, message = pv.move(current, path, query, -1 if trigger == ID.EARLIER else 1)
        return (pv.to_records(moved) if moved != current else no_update), message
    name = filename if isinstance(filename, str) and filename else "The file"
    loaded, problems = pv.parse_story(upload.decoded(contents), name, set(pages))
    if problems or loaded is None:
        return no_update, html.Span(["Story not loaded: ", *problems], className="atlas-problem")
    return pv.to_records(loaded), f"Loaded {quoted(name)}: {pv.slides(len(loaded))}."


@callback(Output(ID.DOWNLOAD, "data"), Input(ID.DOWNLOAD_BUTTON, "n_clicks"), State(ID.STORY, "data"),
          State(Shell.URL, "href"), prevent_initial_call=True)
def download(_clicks: int, story: object, href: object) -> dict:
    """The story in use (the link's, else the tab's) as a CSV file."""
    story_now = pv.story_in_use(here(href)[1], story)
    return dict(content=pv.story_csv(story_now), filename=pv.DOWNLOAD_NAME, type="text/csv")
