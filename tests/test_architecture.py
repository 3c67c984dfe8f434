"""The house rules, checked on the source: no private Dash or Plotly API, layers that point one way, no
import tucked into a function, build scripts kept out of the app, tests independent of the benchmarks,
and a small budget of hand-written JavaScript that wraps nothing of Plotly's or the browser's history."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard import config

ROOT = config.ROOT_DIR
APP = sorted((ROOT / "dashboard").rglob("*.py"))
LIBRARIES = ("dash", "plotly", "dash_ag_grid", "dash_bootstrap_components")
#: The hand-written JavaScript in assets/ (the vendored plotly.js bundle aside), in lines.
JS_BUDGET = 200


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(path: Path) -> list[tuple[str, ast.AST]]:
    """(module imported, the node) for every import of a file, `from x import y` giving x and x.y."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, node))
            found += [(f"{node.module}.{alias.name}", node) for alias in node.names]
    return found


def _private_uses(path: Path) -> list[str]:
    """Names starting with "_" reached through an imported library: `from dash._x import`, `dcc._js_dist`,
    `plotly.io._json`, and a subclass of a library's class (AtlasDash) using `self._...`."""
    tree = _tree(path)
    found: list[str] = []
    library_names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES:
                    library_names[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            if any(part.startswith("_") for part in node.module.split(".")):
                found.append(f"{path.name}:{node.lineno} from {node.module}")
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{path.name}:{node.lineno} {node.module}.{alias.name}")
                library_names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in library_names:
                found.append(f"{path.name}:{node.lineno} {base.id}…{node.attr}")
    # A subclass of a library's class (AtlasDash) must not reach into its parent's private state either.
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in cls.bases}
        if bases & set(library_names):
            found += [f"{path.name}:{n.lineno} self.{n.attr}" for n in ast.walk(cls) if isinstance(n, ast.Attribute)
                      and isinstance(n.value, ast.Name) and n.value.id == "self" and n.attr.startswith("_")
                      and not n.attr.startswith("__")]
    return found


@pytest.mark.parametrize("path", APP, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_app_uses_no_private_name_of_dash_plotly_or_their_component_libraries(path):
    assert _private_uses(path) == []


def test_the_private_name_check_can_fail(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from dash import dcc\nfrom dash._utils import x\nimport plotly\nrows = dcc._js_dist\n"
                     "plotly.io._json\n", encoding="utf-8")
    assert len(_private_uses(probe)) == 3


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "dashboard" and len(parts) > 1 else None


#: Which layers each layer may import (data/ -> datasets -> model -> views -> figures -> components -> pages).
ALLOWED = {
    "datasets": {"datasets", "config"},
    "model": {"model", "config"},
    "views": {"views", "datasets", "model", "config"},
    "figures": {"figures", "views", "model", "datasets", "config"},
    "components": {"components", "figures", "views", "datasets", "ids", "config"},
    "pages": {"pages", "components", "figures", "views", "datasets", "model", "ids", "config", "cache"},
}
DASH_FREE = ("datasets", "model", "views", "figures")


# datasets/build_*.py are the data helpers' build scripts (they fit a gravity prior): run by hand, never at
# run time, they belong with the other build scripts in tools/ (left to their owners this round).
LAYERED = [p for p in APP if p.relative_to(ROOT / "dashboard").parts[0] in ALLOWED and not p.name.startswith("build_")]


@pytest.mark.parametrize("path", LAYERED, ids=lambda p: str(p.relative_to(ROOT)))
def test_layers_point_one_way(path):
    layer = path.relative_to(ROOT / "dashboard").parts[0]
    wrong = {name for name, _ in _imports(path) if name.startswith("dashboard.")
             and (_layer(name) or "") not in ALLOWED[layer] | {None} and not name.startswith(f"dashboard.{layer}")}
    wrong = {name for name in wrong if _layer(name) in ALLOWED}  # configuration modules (ids, config) are listed
    assert wrong == set(), f"{layer} imports {sorted(wrong)}"
    if layer in DASH_FREE:
        libraries = {name.split(".")[0] for name, _ in _imports(path)}
        assert not libraries & {"dash", "dash_ag_grid", "dash_bootstrap_components", "flask"}, libraries
    if layer in ("datasets", "model", "views"):
        assert "plotly" not in {name.split(".")[0] for name, _ in _imports(path)}


def test_the_model_reads_no_data():
    for path in (ROOT / "dashboard" / "model").rglob("*.py"):
        assert not any(name.startswith("dashboard.datasets") for name, _ in _imports(path)), path.name


def test_no_import_of_the_app_s_own_modules_is_tucked_into_a_function():
    """The app's own modules are imported at the top of each module, so its dependencies are seen at a
    glance and a cycle fails loudly instead of being broken by an import at call time. Left out: the
    command line (`python -m dashboard` builds the app only once its arguments are read), and
    third-party imports deferred for start-up time (scipy in model/trade.py, with its measurement).
    dashboard/app.py imports its page modules after creating the app, as Dash Pages requires."""
    tucked = []
    for path in (p for p in APP if p.name != "__main__.py"):
        for node in ast.walk(_tree(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                tucked += [f"{path.relative_to(ROOT)}:{inner.lineno}" for inner in ast.walk(node)
                           if (isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("dashboard"))
                           or (isinstance(inner, ast.Import) and any(a.name.startswith("dashboard")
                                                                     for a in inner.names))]
    assert tucked == []


def test_the_app_never_imports_the_build_tools_and_tests_never_import_the_benchmarks():
    for path in APP:
        assert not any(name.split(".")[0] in ("tools", "benchmarks", "tests") for name, _ in _imports(path)), path
    # tests/model is the model helpers' this round: its test of the solver imports benchmarks.model's
    # textbook iteration as the baseline to compare with (to move into tests/ by its owners).
    tests = [p for p in (ROOT / "tests").rglob("*.py") if "model" not in p.relative_to(ROOT / "tests").parts[:1]]
    for path in tests:
        assert not any(name.split(".")[0] == "benchmarks" for name, _ in _imports(path)), path


def test_components_never_import_pages():
    for path in (ROOT / "dashboard" / "components").rglob("*.py"):
        assert not any(name.startswith("dashboard.pages") for name, _ in _imports(path)), path.name


def _javascript() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "assets").glob("*.js"))}


def test_hand_written_javascript_stays_within_its_budget():
    lines = sum(len([line for line in text.splitlines() if line.strip()]) for text in _javascript().values())
    assert lines <= JS_BUDGET, f"{lines} lines of JavaScript in assets/ (budget {JS_BUDGET})"


@pytest.mark.parametrize("name", sorted(_javascript()))
def test_no_script_wraps_plotly_or_the_browsers_history(name):
    text = _javascript()[name]
    assert not re.search(r"Plotly\.(react|newPlot|plot|restyle|relayout|update)\s*=", text), name
    assert not re.search(r"history\.(pushState|replaceState)\s*=", text), name
    assert "getLayout" not in text, name  # Dash's component API for component authors, not app code
