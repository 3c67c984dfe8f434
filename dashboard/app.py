"""The app factory. `server` is what gunicorn runs: `gunicorn dashboard.app:server`."""
from __future__ import annotations

import logging

from dash import Dash

from dashboard import cache, config, http
from dashboard.components import shell
from dashboard.datasets import load
from dashboard.figures import plotly_bundle


def create_app() -> Dash:
    """Validate data/ (a broken file stops here with one clear message), then build the app."""
    load.check_data()
    from dashboard.pages import PAGES  # imported after validation: page modules read the data

    app = Dash(
        __name__,
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
    app.layout = shell.layout(PAGES)
    http.harden(app.server, frame_ancestors=http.frame_ancestors_from_env(), script_hashes=app.csp_hashes())
    http.guard_callbacks(app.server, lambda: app.callback_map)
    app.server.config["MAX_CONTENT_LENGTH"] = config.MAX_REQUEST_BYTES
    # Stronger than flask-compress's defaults (zstd 3, brotli 4): plotly.js goes over the wire as 1.29 MB
    # (zstd, which Chrome prefers) or 1.27 MB (brotli) instead of 1.44 MB, for ~0.13 s of CPU once per
    # browser (Dash fingerprints its scripts for long caching).
    app.server.config["COMPRESS_ZSTD_LEVEL"] = 9
    app.server.config["COMPRESS_BR_LEVEL"] = 6
    cache.init(app.server)
    return app


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app = create_app()
server = app.server
