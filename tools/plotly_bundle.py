"""Build script (never imported by the app): the partial plotly.js bundle the app serves, holding only
the trace types our figures draw.

The full plotly.js that Dash would otherwise fetch is 4.8 MB (1.29 MB compressed); a bundle of the
four trace types below is 1.4 MB (about 0.45 MB compressed), so a cold page load stays under 2 MB and
the browser parses a third of the script before the first chart. dcc.Graph uses `window.Plotly` when
it exists, so the bundle only has to be loaded before the first graph renders (dashboard/app.py links
it from config.PLOTLY_BUNDLE). Every map's figure config names our own geometry (figures/maps.py
MAP_GRAPH_CONFIG topojsonURL); the build also points plotly.js's own default there, so a map whose
config forgot it stays offline too.

Rebuild after upgrading plotly (the plotly.js version must match plotly.py's, a test checks it) or
after a figure starts using a new trace type (a test checks that too):

    python -m tools.plotly_bundle          # needs node + npm and the npm registry
    python -m tools.plotly_bundle --check  # offline: is the committed bundle current?
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from dashboard import config
from dashboard.figures.maps import TOPOJSON_URL

# The trace types the app draws. `scatter` is part of plotly.js's core and is always included.
TRACES = ("bar", "choropleth", "scatter", "scattergeo")
ESBUILD_VERSION = "0.28.2"
BUNDLE = config.ASSETS_DIR / config.PLOTLY_BUNDLE
# plotly.js's built-in default for where geo maps fetch their geometry is a remote host. The bundle
# is built with our own copy as the default instead, so even a map config that forgot topojsonURL
# stays offline. Matched by the config attribute, not by the host's name, so a plotly.js that moves
# its geometry elsewhere is handled the same way.
TOPOJSON_DEFAULT = re.compile(r'(?P<head>topojsonURL:\{[^{}]*?dflt:)"(?P<url>[^"]*)"')
TOPOJSON_NOTE = re.compile(r'"By default, the topojson files are fetched from [^"]*"')
OUR_NOTE = f'"By default, the topojson files are fetched from {TOPOJSON_URL} (this app)."'
_HEADER = re.compile(r"^/\* plotly\.js v(?P<version>\S+) partial bundle; traces: (?P<traces>[a-z,]+)\b")


def plotlyjs_version() -> str:
    """The plotly.js version plotly.py was built against (what the figures' JSON is validated for)."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def header(version: str, traces: tuple[str, ...] = TRACES) -> str:
    return (f"/* plotly.js v{version} partial bundle; traces: {','.join(traces)} "
            f"(MIT licence, see LICENSE). Built by python -m tools.plotly_bundle. */\n")


def read_header(path: Path = BUNDLE) -> tuple[str, tuple[str, ...]] | None:
    """(plotly.js version, trace types) from the committed bundle's first line, or None."""
    try:
        with path.open(encoding="utf-8") as file:
            match = _HEADER.match(file.readline())
    except OSError:
        return None
    return (match["version"], tuple(match["traces"].split(","))) if match else None


def entry_source(traces: tuple[str, ...] = TRACES) -> str:
    """The bundle's entry module: plotly.js core plus the registered trace modules."""
    modules = ", ".join(f"require('plotly.js/lib/{t}')" for t in traces if t != "scatter")
    return f"var Plotly = require('plotly.js/lib/core');\nPlotly.register([{modules}]);\nmodule.exports = Plotly;\n"


def topojson_default(body: str) -> str | None:
    """Where a plotly.js bundle's geo maps fetch their geometry by default; None if it has no such config."""
    match = TOPOJSON_DEFAULT.search(body)
    return match["url"] if match else None


def offline_defaults(body: str) -> str:
    """The bundle with its map-geometry default (and that default's description) pointing at our
    assets. Idempotent. Refuses a plotly.js without that config, or one that names the replaced
    default's host anywhere else (another remote fetch that this function does not know about)."""
    found = topojson_default(body)
    if found is None:
        raise SystemExit("this plotly.js has no topojsonURL default: update offline_defaults")
    host = urlsplit(found).netloc
    body = TOPOJSON_DEFAULT.sub(lambda m: f'{m["head"]}"{TOPOJSON_URL}"', body, count=1)
    body = TOPOJSON_NOTE.sub(OUR_NOTE, body, count=1)
    if host and host in body:
        raise SystemExit(f"this plotly.js mentions {host} where offline_defaults does not expect it: update it")
    return body


def build(out: Path = BUNDLE) -> None:
    version = plotlyjs_version()
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to build the bundle (apt-get install nodejs npm)")
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        (root / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        (root / "entry.js").write_text(entry_source(), encoding="utf-8")
        subprocess.run([npm, "install", "--no-audit", "--no-fund",
                        f"plotly.js@{version}", f"esbuild@{ESBUILD_VERSION}"], cwd=root, check=True)
        # The flags of plotly.js's own esbuild-config.js, minus the plugins our traces do not need
        # (GLSL shaders, and map's maplibre CSS, which registry.js imports and we drop).
        subprocess.run([str(root / "node_modules" / ".bin" / "esbuild"), "entry.js", "--bundle", "--minify",
                        "--format=iife", "--global-name=Plotly", "--target=es2016", "--define:global=window",
                        "--define:define.amd=false", "--define:process.env.NODE_DEBUG=false",
                        "--loader:.css=empty", "--legal-comments=eof", "--outfile=bundle.js"],
                       cwd=root, check=True)
        body = offline_defaults((root / "bundle.js").read_text(encoding="utf-8"))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(header(version) + body, encoding="utf-8")
        shutil.copyfile(root / "node_modules" / "plotly.js" / "LICENSE", out.parent / "LICENSE")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB): plotly.js {version}, traces {', '.join(TRACES)}")


def check(path: Path = BUNDLE) -> list[str]:
    """What is wrong with the committed bundle (empty when it is current)."""
    found = read_header(path)
    if found is None:
        return [f"{path}: missing, or its first line is not a bundle header; rebuild it"]
    problems = []
    if found[0] != plotlyjs_version():
        problems.append(f"{path}: built from plotly.js {found[0]}, plotly.py expects {plotlyjs_version()}")
    if tuple(sorted(found[1])) != tuple(sorted(TRACES)):
        problems.append(f"{path}: holds traces {found[1]}, the app needs {TRACES}")
    default = topojson_default(path.read_text(encoding="utf-8"))
    if default != TOPOJSON_URL:
        problems.append(f"{path}: maps fetch their geometry from {default!r} by default, not {TOPOJSON_URL!r}; "
                        "rebuild it (offline_defaults)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the committed bundle")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or f"{BUNDLE.name} is current")
        return 1 if problems else 0
    build()
    return 0


if __name__ == "__main__":
    sys.exit(main())
