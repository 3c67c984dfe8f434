"""The app factory. `server` is what gunicorn runs: `gunicorn dashboard.app:server`."""
from __future__ import annotations

import importlib
import logging

import dash
import flask
from dash import Dash, html
from plotly.offline import get_plotlyjs_version

from dashboard import background, cache, config, http

# ranges: its background callback registers on import (the scenarios page places its panel)
from dashboard.components import grid, present, ranges, shell  # noqa: F401
from dashboard.datasets import load

#: The page modules, in navbar order. Each calls dash.register_page when imported, which Dash allows
#: only once the app exists (create_app imports them after creating it).
PAGE_MODULES = ("overview", "strategies", "networks", "content", "scenarios", "methods", "not_found_404")


class AtlasDash(Dash):
    """Dash with two changes to its index, made through its hook for that (`interpolate_index`):
    - the mode of the address on <html>: the index is served per request, so presenter mode
      (?present=1) and embed mode (?embed=1) are styled from the first paint (assets/present.css), and
      no callback has to restyle the whole page when a view changes;
    - AG Grid's bundle out of it, for the pages with a table to fetch (dashboard/components/grid.py)."""

    def interpolate_index(self, metas: str = "", title: str = "", css: str = "", config: str = "",
                          scripts: str = "", app_entry: str = "", favicon: str = "", renderer: str = "") -> str:
        scripts, grid_meta = grid.without_grid_script(scripts)
        index = super().interpolate_index(metas=metas + grid_meta, title=title, css=css, config=config,
                                          scripts=scripts, app_entry=app_entry, favicon=favicon, renderer=renderer)
        query = flask.request.args if flask.has_request_context() else {}
        modes = [f"atlas-{key}" for key in ("present", "embed") if query.get(key) == "1"]
        opening = f'<html lang="en" class="{" ".join(modes)}">' if modes else '<html lang="en">'
        return index.replace("<html>", opening, 1)  # lang: WCAG 3.1.1


def layout() -> html.Div:
    """What stays while pages come and go: the story a presenter uses, and Dash Pages' container."""
    return html.Div([present.story_store(), dash.page_container])


def create_app() -> Dash:
    """Validate data/ (a broken file stops here with one clear message), then build the app."""
    load.check_data()
    server = flask.Flask(__name__)
    server.config.update(http.COMPRESSION)  # read when Dash sets up flask-compress (compress=True)
    app = AtlasDash(
        __name__,
        server=server,  # type: ignore[arg-type]  # Dash takes a Flask app (documented); its hint says otherwise
        title=config.APP_TITLE,
        use_pages=True,
        pages_folder="",  # the page modules are imported below, as a package
        # Each layout learns which address the page on screen shows (components/shell.py page_layout).
        routing_callback_inputs={shell.ON_SCREEN: shell.ON_SCREEN_STATE},
        assets_folder=str(config.ASSETS_DIR),
        # Bootstrap comes from our own assets, not dbc.themes.* (a CDN link); vendor/ is linked once
        # here instead of being auto-loaded after style.css.
        external_stylesheets=[config.BOOTSTRAP_CSS],
        # dcc.Graph uses window.Plotly when it exists, so Dash never fetches its full 4.8 MB plotly.js.
        # The version in the query makes an upgrade of plotly bust the browser's cache.
        external_scripts=[f"{config.ASSETS_URL}{config.PLOTLY_BUNDLE}?v={get_plotlyjs_version()}"],
        assets_path_ignore=["vendor"],  # Dash 4: assets_ignore matches file names only, not folders
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,  # type: ignore[arg-type]  # None: no "Updating..." title (documented)
        compress=True,
        # Where background callbacks run: diskcache on one machine, Celery on Redis with REDIS_URL.
        background_callback_manager=background.manager(),
    )
    for module in PAGE_MODULES:
        importlib.import_module(f"dashboard.pages.{module}")
    app.layout = layout
    http.harden(app.server, frame_ancestors=http.frame_ancestors_from_env(), script_hashes=app.csp_hashes)
    http.guard_callbacks(app.server, lambda: app.callback_map)
    http.refuse_long_addresses(app.server)
    app.server.config["MAX_CONTENT_LENGTH"] = config.MAX_REQUEST_BYTES
    http.cache_compressed_static(app.server)
    cache.init(app.server)
    return app


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app = create_app()
server = app.server
