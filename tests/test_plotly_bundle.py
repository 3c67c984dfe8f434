"""The partial plotly.js bundle holds every trace type the figures draw, for plotly.py's plotly.js version."""
from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType

from dashboard import config
from dashboard.figures.maps import TOPOJSON_URL
from tools import plotly_bundle

FIGURE_SOURCES = [*sorted((config.PACKAGE_DIR / "figures").glob("*.py")),
                  *sorted((config.PACKAGE_DIR / "pages").glob("*.py"))]
ALL_TRACE_TYPES = {name.lower() for name in dir(go)
                   if isinstance(getattr(go, name), type) and issubclass(getattr(go, name), BaseTraceType)}


def trace_types_in(source: str) -> set[str]:
    """Trace types a module's source names: go.Bar(...), type="bar", "type": "bar"."""
    names = {m.lower() for m in re.findall(r"\bgo\.([A-Z][A-Za-z]+)\(", source)}
    names |= set(re.findall(r"""\btype["']?\s*[:=]\s*["']([a-z0-9]+)["']""", source))
    return names & ALL_TRACE_TYPES


def test_the_scanner_finds_trace_types_in_both_spellings():
    source = 'go.Figure(go.Heatmap(z=z)); dict(type="sankey"); {"type": "pie"}; dcc.Input(type="number")'
    assert trace_types_in(source) == {"heatmap", "sankey", "pie"}


def test_every_trace_type_the_app_draws_is_in_the_bundle():
    used = set().union(*(trace_types_in(p.read_text(encoding="utf-8")) for p in FIGURE_SOURCES))
    assert used, "the scan found no trace type: the scanner is broken"
    assert used <= set(plotly_bundle.TRACES), f"rebuild the bundle with {sorted(used - set(plotly_bundle.TRACES))}"


def test_the_committed_bundle_is_current():
    assert plotly_bundle.check() == []
    assert plotly_bundle.BUNDLE.stat().st_size < 2_000_000
    assert (plotly_bundle.BUNDLE.parent / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_check_names_a_stale_version_and_missing_traces(tmp_path):
    stale = tmp_path / "bundle.js"
    stale.write_text(plotly_bundle.header("0.0.1", ("bar", "scatter")) + "var Plotly;", encoding="utf-8")
    problems = plotly_bundle.check(stale)
    assert any("plotly.js 0.0.1" in p for p in problems)
    assert any("holds traces" in p for p in problems)
    (tmp_path / "junk.js").write_text("var Plotly;", encoding="utf-8")
    assert "rebuild" in plotly_bundle.check(tmp_path / "junk.js")[0]
    assert "missing" in plotly_bundle.check(tmp_path / "absent.js")[0]


def test_the_entry_registers_every_trace_but_core_scatter():
    source = plotly_bundle.entry_source(("bar", "scatter", "scattergeo"))
    assert "lib/bar'" in source and "lib/scattergeo'" in source and "lib/scatter'" not in source


def test_the_bundle_defaults_to_our_map_geometry_not_a_remote_host(tmp_path):
    """Built bundles get our topojson path as plotly.js's default (a map config that forgets
    topojsonURL still works offline), whatever host plotly.js names; check() refuses a bundle whose
    default is anything else, and the committed bundle's default is ours."""
    source = ('x={topojsonURL:{valType:"string",dflt:"https://geometry.example/un/",description:['
              '"By default, the topojson files are fetched from geometry.example."]}}')
    fixed = plotly_bundle.offline_defaults(source)
    assert "geometry.example" not in fixed and 'dflt:"/assets/topojson/"' in fixed
    assert plotly_bundle.topojson_default(fixed) == TOPOJSON_URL
    assert plotly_bundle.offline_defaults(fixed) == fixed
    with pytest.raises(SystemExit):  # the same host used for something else too
        plotly_bundle.offline_defaults(source + 'y="https://geometry.example/other.js"')
    with pytest.raises(SystemExit):  # no topojsonURL config at all: the transform is out of date
        plotly_bundle.offline_defaults('x={}')
    stale = tmp_path / "stale.js"
    stale.write_text(plotly_bundle.header(plotly_bundle.plotlyjs_version()) + source, encoding="utf-8")
    assert any("geometry.example" in p for p in plotly_bundle.check(stale))
    assert plotly_bundle.topojson_default(plotly_bundle.BUNDLE.read_text(encoding="utf-8")) == TOPOJSON_URL
