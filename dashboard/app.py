"""The app factory. `server` is what gunicorn runs: `gunicorn dashboard.app:server`."""
from __future__ import annotations

import functools
import logging
import re

import flask
from dash import Dash, dcc, html

from dashboard import cache, config, http
from dashboard.components import shell
from dashboard.datasets import load
from dashboard.figures import plotly_bundle


#: Dash's index links @babel/polyfill (core-js and regenerator) for old browsers. Every browser the
#: app supports has what core-js adds; loading it cost ~150 ms of script time on each first visit
#: (most of the wait before the first chart on this machine), and core-js swaps some built-ins for
#: slower copies (String.prototype.trim, which plotly calls a lot). The one thing of it that Dash
#: uses, the global `regeneratorRuntime` (lazy-loaded component chunks), dash-bootstrap-components'
#: bundle defines (tests/test_app.py checks that, and every browser test loads such chunks).
POLYFILL = re.compile(r'<script src="[^"]*/polyfill@[^"]*"></script>\n?')


#: The layout and the callback graph are asked for by the renderer only once every script has run;
#: preloaded, they travel while the scripts download and run (one round trip and the layout's build
#: time off the first load, more on a slow network). Dash's own fetches use the preloaded answers
#: (tests/browser/test_shell.py checks each is requested once).
PRELOADED = ("_dash-layout", "_dash-dependencies")


#: dcc's lazily loaded parts that the pages use, loaded with the page's scripts instead of being asked
#: for once React first renders a graph, slider, dropdown or upload (a round trip and a second render
#: later; ~32 kB compressed in all). MathJax, Markdown and the date picker stay lazy (the methods page
#: alone uses Markdown).
EAGER_CHUNKS = ("dcc/async-graph.js", "dcc/async-slider.js", "dcc/async-dropdown.js", "dcc/async-upload.js")

#: AG Grid's bundle (1.3 MB, 0.32 MB compressed) is not in the index: assets/grid.js loads it from the
#: address in this meta tag when a page puts in its first table, after the first chart is painted
#: (components/grid.py). Pages without a table never download or compile it.
GRID_SCRIPT = re.compile(r'<script src="([^"]*/dash_ag_grid/dash_ag_grid\.[^"]*\.js)"></script>\n?')
GRID_SCRIPT_META = "atlas-grid-script"


class AtlasDash(Dash):
    def interpolate_index(self, **kwargs) -> str:
        prefix = self.config.requests_pathname_prefix
        preload = "".join(f'<link rel="preload" href="{prefix}{name}" as="fetch" crossorigin>'
                          for name in PRELOADED)
        scripts = POLYFILL.sub("", kwargs.get("scripts", ""))
        grid = GRID_SCRIPT.search(scripts)
        metas = kwargs.get("metas", "")
        if grid:
            scripts = GRID_SCRIPT.sub("", scripts)
            metas += f'<meta name="{GRID_SCRIPT_META}" content="{grid.group(1)}">'
        chunks = [r for r in dcc._js_dist if r.get("relative_package_path") in EAGER_CHUNKS]
        scripts += "".join(f'<script src="{url}"></script>' for url in self._collect_and_register_resources(chunks))
        return super().interpolate_index(**{**kwargs, "scripts": scripts, "metas": metas,
                                            "css": preload + kwargs.get("css", "")})


def serve_layout(pages) -> html.Div:
    """The layout, with the page the browser is opening already in it when the request says which
    (its Referer): the first chart is drawn one round trip and one render sooner than through the
    router callback, which then has nothing to do. Without a Referer the router renders the page."""
    from dashboard.pages import opening_view, render, view_key

    opening = opening_view(flask.request.referrer) if flask.has_request_context() else None
    if opening is None:
        return shell.layout(pages)
    return shell.layout(pages, render(*opening), view_key(*opening))


def create_app() -> Dash:
    """Validate data/ (a broken file stops here with one clear message), then build the app."""
    load.check_data()
    from dashboard.pages import PAGES  # imported after validation: page modules read the data

    server = flask.Flask(__name__)
    server.config.update(http.COMPRESSION)  # read when Dash sets up flask-compress (compress=True)
    app = AtlasDash(
        __name__,
        server=server,
        title=config.APP_TITLE,
        assets_folder=str(config.ASSETS_DIR),
        # Bootstrap comes from our own assets, not dbc.themes.* (a CDN link); vendor/ is linked once
        # here instead of being auto-loaded after style.css.
        external_stylesheets=[config.BOOTSTRAP_CSS],
        # dcc.Graph uses window.Plotly when it exists, so Dash never fetches its full 4.8 MB plotly.js.
        external_scripts=[plotly_bundle.script_url()],
        assets_path_ignore=["vendor"],  # Dash 4: assets_ignore matches file names only, not folders
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
        compress=True,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)  # WCAG 3.1.1
    app.layout = functools.partial(serve_layout, PAGES)
    http.harden(app.server, frame_ancestors=http.frame_ancestors_from_env(), script_hashes=app.csp_hashes())
    http.guard_callbacks(app.server, lambda: app.callback_map)
    app.server.config["MAX_CONTENT_LENGTH"] = config.MAX_REQUEST_BYTES
    http.cache_compressed_static(app.server)
    http.vary_layout_on_referrer(app.server, f"{app.config.routes_pathname_prefix}_dash-layout")
    cache.init(app.server)
    return app


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app = create_app()
server = app.server
