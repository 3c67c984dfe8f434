"""`python -m dashboard`: serve the app on http://127.0.0.1:8050 (flags or HOST/PORT/DASH_DEBUG)."""
from __future__ import annotations

import argparse
import os
import sys

from dashboard import config
from dashboard.datasets.load import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=config.APP_TITLE)
    parser.add_argument("--host", default=os.environ.get("HOST", config.DEFAULT_HOST))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", config.DEFAULT_PORT)))
    parser.add_argument("--debug", action="store_true", default=os.environ.get("DASH_DEBUG") == "1",
                        help="Dash debug mode (dev tools, hot reload); off unless asked for")
    args = parser.parse_args(argv)

    try:  # building the app validates data/: a broken file is reported in one line, not a traceback
        from dashboard.app import app
    except DataError as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 2
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
