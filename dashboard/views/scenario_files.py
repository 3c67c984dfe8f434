"""The scenarios page's files, with no Dash in it: the results CSV (every parameter of the scenario in
the file, and its uncertainty ranges), its name, the upload template, and the parser of an uploaded
one-sector flows matrix.

The ranges in the CSV are the uncertainty panel's (dashboard.views.ranges `summary`), read from the result
cache or computed when the download asks (the page's download callback, through components/ranges.py
`remembered`): a run takes about 1 s at country level and 2 s at city-cluster level on one core
(model.uncertainty DEFAULT_DRAWS, CLUSTER_DRAWS), so the file never says "not yet computed" and always holds
the ranges the same link shows. An uploaded matrix has no ranges (the panel's are the built-in baseline's).
"""
from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from dashboard.datasets import uploads
from dashboard.datasets.export import to_csv
from dashboard.datasets.matrices import trade_matrix
from dashboard.views import ranges as rv
from dashboard.views.query import quoted
from dashboard.views.scenario_model import COLUMNS, UPLOAD_CHANGE_RANGE, Outcome
from dashboard.views.scenario_state import CLOSURES, ELASTICITIES, Scenario, frontier, number, to_query

# Upload limits: stated on the page and enforced before parsing.
MAX_UPLOAD_BYTES = 1_000_000
MAX_UPLOAD_ROWS = 10_000            # 100 economies
MAX_UPLOAD_ECONOMIES = 100
UPLOAD_COLUMNS = ("exporter", "importer", "value")
_CODE = re.compile(r"^[A-Za-z0-9_.\- ]{1,40}$")


def parameters(view: Scenario, outcome: Outcome) -> list[tuple[str, str]]:
    """Every parameter of a scenario, as (name, value) rows for the CSV and the page."""
    base = view.baseline_densities()
    top = frontier()
    rows = [("baseline", outcome.baseline_label), ("level", outcome.level),
            ("deficits", f"{view.closure}: {CLOSURES[view.closure]}"),
            ("trade_elasticity_theta", f"{view.theta:g} (goods and services)"),
            ("goods_services_substitution_eta", f"{view.eta:g}"),
            ("robot_elasticity_epsilon", f"{view.elasticity}: {ELASTICITIES[view.elasticity].value:.4f}"),
            ("frontier_robot_density", f"{number(top.density or 0)} ({top.economy}, {top.basis})")]
    rows += [(f"target_robot_density_{code}", f"{number(value)} (baseline {number(base[code])})")
             for code, value in view.targets]
    rows += [(f"baseline_robot_density_{code}", f"{number(value)} (entered by the user)")
             for code, value in view.baselines]
    rows += [(f"city_target_robot_density_{node}", number(value)) for node, value in view.city_targets]
    rows += list(outcome.settings)
    rows += [("url_query", to_query(view) or "?"),
             ("basis", "modeled: two-sector Eaton-Kortum in changes (dashboard.model.solve_sectors); see /methods"),
             ("units", "; ".join(f"{k}: {v}" for k, v in COLUMNS.items()))]
    return rows


def results_csv(view: Scenario, outcome: Outcome, ranges: Mapping | None = None) -> str:
    """The results table with every scenario parameter as a column (repeated on each row), so pandas and
    Excel read the file without help. Formula-like text cells are escaped.

    ranges: the uncertainty ranges' summary of the same scenario (dashboard.views.ranges `summary`), or None
    (an uploaded matrix). Its columns follow each economy's row: `<column>_median`, `_p5`, `_p95` and
    `_sign_agreement` (share of draws, 0–1) for real income and goods export share; the draws, seed and
    interval go in the `param_ranges*` columns."""
    table = outcome.table.copy()
    columns, about = rv.csv_columns(ranges)
    if columns:
        extra = pd.DataFrame.from_dict(columns, orient="index")
        table = table.join(extra, on="code")
    for name, value in [*parameters(view, outcome), *about]:
        table[f"param_{name}"] = value
    return to_csv(table)


def download_name(view: Scenario) -> str:
    changed = "-".join(f"{k}{number(v)}" for k, v in (*view.targets, *view.city_targets)[:6]) or "baseline"
    return (f"scenario-{view.level}-{changed}-{view.closure}-theta{view.theta:g}-eta{view.eta:g}-"
            f"eps-{view.elasticity}.csv")


def template_csv() -> str:
    """The country baseline (goods and services summed) in upload form: a template an analyst can edit
    and upload again."""
    flows = trade_matrix().stack().rename("value").reset_index()
    return to_csv(flows[["exporter", "importer", "value"]])


# ---- upload ------------------------------------------------------------------------------------

def parse_upload(raw: bytes, name: str = "The file") -> tuple[pd.DataFrame | None, list[str], str]:
    """A flows CSV (exporter, importer, value) → (an N×N matrix, [], a note on what was converted), or
    (None, every problem found, ""). `name`: the file's name, as the messages quote it.

    Read as dashboard/datasets/uploads.py reads every upload: UTF-8 or UTF-16 text, comma-, semicolon- or
    tab-separated; "row N" is the spreadsheet's row (the header is row 1); like problems are told once
    with their rows. Missing off-diagonal pairs count as zero trade; every economy needs positive domestic
    sales (its own row exporter = importer). Limits: MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS, MAX_UPLOAD_ECONOMIES.
    """
    if len(raw) > MAX_UPLOAD_BYTES:
        return None, [f"{name} is {uploads.size_text(len(raw))}; the limit is {uploads.size_text(MAX_UPLOAD_BYTES)}: "
                      "nothing was loaded."], ""
    text, unreadable, note = uploads.csv_text(raw, name)
    if text is None:
        return None, unreadable, ""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in UPLOAD_COLUMNS if c not in header]
    if missing:
        return None, [f"{name}, header (row 1): missing column(s) {', '.join(missing)}; expected "
                      "exporter,importer,value."], ""
    where = {c: header.index(c) for c in UPLOAD_COLUMNS}
    problems: list[str] = []
    cells: dict[tuple[str, str], float] = {}
    for number_, row in enumerate(reader, start=2):  # the spreadsheet's row: the header is row 1
        at = f"{name}, row {number_}"
        if number_ > MAX_UPLOAD_ROWS + 1:
            problems.append(f"{name} has more than {MAX_UPLOAD_ROWS:,} data rows; the limit is {MAX_UPLOAD_ROWS:,}.")
            break
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.append(f"{at}: {len(row)} cells, the header has {len(header)}.")
            continue
        exporter, importer, value = (row[where[c]].strip() for c in UPLOAD_COLUMNS)
        for column, code in (("exporter", exporter), ("importer", importer)):
            if not _CODE.match(code):
                problems.append(f"{at}, column {column}: {quoted(code)!r} is not a code "
                                "(letters, digits, space . _ -; up to 40 characters).")
        try:
            amount = float(value)
        except ValueError:
            amount = math.nan
            problems.append(f"{at}, column value: {quoted(value)!r} is not a number.")
        else:
            if not math.isfinite(amount) or amount < 0:
                problems.append(f"{at}, column value: {quoted(value)!r} must be a finite number ≥ 0.")
        if (exporter, importer) in cells:
            problems.append(f"{at}: the pair {quoted(exporter)} → {quoted(importer)} appears twice.")
        cells[(exporter, importer)] = amount
    if problems:
        return None, uploads.grouped(problems), ""
    if not cells:
        return None, [f"{name} has a header but no data rows."], ""
    codes = sorted({c for pair in cells for c in pair})
    if len(codes) > MAX_UPLOAD_ECONOMIES:
        return None, [f"{name} has {len(codes)} economies; the limit is {MAX_UPLOAD_ECONOMIES}."], ""
    if len(codes) < 2:
        return None, [f"{name} has one economy; the model needs at least two."], ""
    matrix = pd.DataFrame(0.0, index=pd.Index(codes, name="exporter"), columns=pd.Index(codes, name="importer"))
    for (exporter, importer), amount in cells.items():
        matrix.loc[exporter, importer] = amount
    no_home = [c for c in codes if not matrix.loc[c, c] > 0]
    if no_home:
        listed = ", ".join(repr(quoted(c)) for c in no_home[:10]) + (f" and {len(no_home) - 10} more" if
                                                                      len(no_home) > 10 else "")
        return None, [f"{name}: {listed} {'has' if len(no_home) == 1 else 'have'} no positive domestic sales "
                      "(each economy needs a row with exporter = importer, its sales at home)."], ""
    return matrix, [], note


def matrix_to_records(matrix: pd.DataFrame) -> dict:
    """A matrix as JSON-friendly data for a dcc.Store (and back with `matrix_from_records`)."""
    return {"codes": list(matrix.index), "values": matrix.to_numpy().tolist()}


def with_productivity(data: object, changes: Mapping[object, object]) -> dict | None:
    """The store's record with the productivity changes (%) the user set for uploaded economies (their
    sliders); None when there is no upload. Changes outside the upload's codes or not numbers are dropped."""
    matrix = matrix_from_records(data)
    if matrix is None:
        return None
    assert isinstance(data, dict)
    return {**data, "productivity_pct": _productivity(changes, matrix.index)}


def upload_from_records(data: object) -> tuple[pd.DataFrame | None, dict[str, float]]:
    """(the uploaded matrix, the productivity changes set for its economies) from the store's record, or
    (None, {}) when there is none or it is not one (a hostile client can send anything)."""
    matrix = matrix_from_records(data)
    if matrix is None:
        return None, {}
    assert isinstance(data, dict)
    return matrix, _productivity(data.get("productivity_pct"), matrix.index)


def _productivity(changes: object, codes: Iterable[str]) -> dict[str, float]:
    if not isinstance(changes, Mapping):
        return {}
    low, high = UPLOAD_CHANGE_RANGE
    kept = {}
    for code in codes:
        value = changes.get(code)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            kept[str(code)] = min(high, max(low, float(value)))
    return kept


def matrix_from_records(data: object) -> pd.DataFrame | None:
    if not isinstance(data, dict) or not data:
        return None
    try:
        codes = [str(c) for c in data["codes"]]
        values = np.asarray(data["values"], dtype=float)
        if values.shape != (len(codes), len(codes)) or len(codes) > MAX_UPLOAD_ECONOMIES:
            return None
    except (KeyError, TypeError, ValueError):
        return None
    return pd.DataFrame(values, index=pd.Index(codes, name="exporter"), columns=pd.Index(codes, name="importer"))
