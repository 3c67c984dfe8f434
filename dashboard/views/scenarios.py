"""The scenarios page's state and logic, with no Dash in it: URL codec, baseline adoption, presets,
running the model, the results table, headline sentences, CSV files and the upload parser.

Adoption of intelligent manufacturing is measured against the frontier robot density (Korea's,
`dashboard.model.adoption`). An economy's slider starts at its baseline: its latest robot density
in data/ over the frontier, or, where data/ has none, the world average (labelled assumed).
"""
from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.datasets import load
from dashboard.datasets.export import to_csv
from dashboard.datasets.matrices import baseline_year, trade_matrix
from dashboard.datasets.regions import region_of
from dashboard.model import (
    DEFAULT_PRODUCTIVITY_GAIN,
    FRONTIER_ROBOT_DENSITY,
    adoption_to_productivity,
    baseline_adoption as adoption_of_density,
    solve_scenario,
)
from dashboard.views.clusters import cluster_baseline
from dashboard.views.query import coerce_number, encode, parse_choice, parse_float, quoted

THETA_RANGE = (2.0, 10.0)
THETA_DEFAULT = 4.0
GAIN_RANGE = (0.0, 30.0)            # percent, productivity gain across the whole adoption scale
GAIN_DEFAULT = round(DEFAULT_PRODUCTIVITY_GAIN * 100, 1)
EQUILIBRIA = {"general": "General equilibrium", "partial": "Partial equilibrium"}
LEVELS = {"countries": "Countries", "clusters": "City clusters"}
WORLD = "WLD"
PLURAL = {"economy": "economies", "city cluster": "city clusters"}

# Upload limits: stated on the page and enforced before parsing.
MAX_UPLOAD_BYTES = 1_000_000
MAX_UPLOAD_ROWS = 10_000            # 100 economies
MAX_UPLOAD_ECONOMIES = 100
UPLOAD_COLUMNS = ("exporter", "importer", "value")
_CODE = re.compile(r"^[A-Za-z0-9_.\- ]{1,40}$")


@dataclass(frozen=True)
class ScenarioView:
    """Everything the scenarios page computes is decided by these values (and they live in the URL).

    adoption: (iso3, percent) pairs for economies whose adoption differs from the baseline, sorted.
    """

    adoption: tuple[tuple[str, int], ...] = ()
    theta: float = THETA_DEFAULT
    gain: float = GAIN_DEFAULT
    equilibrium: str = "general"
    level: str = "countries"

    def adoption_of(self, baseline: Mapping[str, int]) -> dict[str, int]:
        return dict(baseline) | dict(self.adoption)


#: Every field's default, in one place: the codec leaves these out of the URL and falls back on them.
DEFAULT = ScenarioView()


# ---- baseline adoption and presets -------------------------------------------------------------

def _percent(robot_density: float) -> int:
    """Adoption in whole percent of the frontier for a robot density (dashboard.model.adoption)."""
    return int(round(adoption_of_density(robot_density)))


@functools.cache
def _baseline_table() -> pd.DataFrame:
    economies = load.table("economies")
    indicators = load.table("indicators")
    density = indicators[indicators["indicator"] == "robot_density"].sort_values("year")
    latest = density.groupby("iso3").tail(1).set_index("iso3")
    world = latest.loc[WORLD]
    rows = []
    for row in economies[~economies["is_aggregate"]].itertuples():
        known = row.iso3 in latest.index
        fact = latest.loc[row.iso3] if known else world
        rows.append(dict(
            iso3=row.iso3, economy=row.name, region=region_of(row.iso3),
            robot_density=float(fact["value"]), density_year=int(fact["year"]),
            baseline=_percent(float(fact["value"])),
            basis="sourced" if known else "assumed: world average",
        ))
    return pd.DataFrame(rows)


def baseline_table() -> pd.DataFrame:
    """One row per modeled economy (not ROW): iso3, economy, region, robot_density, density_year,
    baseline (adoption %, rounded to whole percent), basis ('sourced' or 'assumed: world average')."""
    return _baseline_table().copy(deep=False)


def baseline_adoption() -> dict[str, int]:
    table = _baseline_table()
    return dict(zip(table["iso3"], table["baseline"]))


@dataclass(frozen=True)
class Frontier:
    """The economy whose robot density is 100 % adoption, as data/ has it."""

    economy: str
    robot_density: float


def frontier() -> Frontier:
    """The economy in data/ at the frontier density (dashboard.model FRONTIER_ROBOT_DENSITY): the most
    automated one, named on the page beside the adoption scale."""
    table = _baseline_table()
    top = table.loc[table["robot_density"].idxmax()]
    return Frontier(str(top["economy"]), FRONTIER_ROBOT_DENSITY)


def clamped_adoption(value: object) -> int | None:
    """A typed adoption ("all economies" box) as a whole percent in 0–100; None when it is no number."""
    if value is None or isinstance(value, bool):
        return None
    number = coerce_number(value, 0.0, 100.0, math.nan)
    return None if math.isnan(number) else int(round(number))


def presets() -> dict[str, dict]:
    """preset_id -> {name, description, adoption: {iso3: percent}, sources: [(text, url)], notes}."""
    table = load.table("scenario_presets")
    result: dict[str, dict] = {}
    for row in table.itertuples():
        entry = result.setdefault(row.preset_id, dict(name=row.preset_name, description=row.description,
                                                      adoption={}, basis=set(), sources=[], methods=[]))
        entry["adoption"][row.iso3] = _percent(row.target_robot_density)
        entry["basis"].add(row.basis)
        if pd.notna(row.source_url) and (row.source_publisher, row.source_url) not in entry["sources"]:
            entry["sources"].append((row.source_publisher, row.source_url))
        if pd.notna(row.method) and row.method not in entry["methods"]:
            entry["methods"].append(row.method)
    return result


def preset_view(preset_id: str, current: ScenarioView) -> ScenarioView:
    """The current parameters with the preset's adoption (economies it does not name at baseline)."""
    preset = presets()[preset_id]
    return normalise(ScenarioView(tuple(preset["adoption"].items()), current.theta, current.gain,
                                  current.equilibrium, current.level))


def normalise(view: ScenarioView) -> ScenarioView:
    """Drop adoption values equal to the baseline and sort, so one scenario has one URL."""
    base = baseline_adoption()
    kept = tuple(sorted((k, int(v)) for k, v in view.adoption if k in base and int(v) != base[k]))
    return ScenarioView(kept, view.theta, view.gain, view.equilibrium, view.level)


# ---- URL codec ---------------------------------------------------------------------------------

def _or(value, default):
    return default if value is None else value


def from_query(query: Mapping[str, str]) -> tuple[ScenarioView, list[str]]:
    """Parse `?adopt=CHN:60,DEU:80&theta=5&gain=8&eq=partial&level=clusters`; bad parts get notices."""
    notices: list[str] = []
    base = baseline_adoption()
    adoption: dict[str, int] = {}
    raw = query.get("adopt")
    if raw is not None:
        for part in raw[:2000].split(",")[:100]:
            code, _, value = part.strip().partition(":")
            code = code.strip().upper()
            if code not in base:
                notices.append(f"Ignored adopt={quoted(part)!r}: not a modeled economy.")
                continue
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                notices.append(f"Ignored adopt={quoted(part)!r}: adoption must be a number from 0 to 100.")
                continue
            if not 0 <= number <= 100:
                notices.append(f"Adoption {number:g} for {code} is outside 0–100; using {min(max(number, 0), 100):g}.")
            adoption[code] = int(round(min(max(number, 0.0), 100.0)))
    view = ScenarioView(
        adoption=tuple(adoption.items()),
        theta=round(_or(parse_float(query, "theta", *THETA_RANGE, notices), THETA_DEFAULT), 2),
        gain=round(_or(parse_float(query, "gain", *GAIN_RANGE, notices), GAIN_DEFAULT), 2),
        equilibrium=parse_choice(query, "eq", EQUILIBRIA, notices) or DEFAULT.equilibrium,
        level=parse_choice(query, "level", LEVELS, notices) or DEFAULT.level,
    )
    return normalise(view), notices


def from_controls(ids, values, theta, gain, equilibrium, level) -> ScenarioView:
    """The scenario from the page's control values, whatever the browser sent (a hostile client can
    send anything): unknown economies are dropped, numbers clamped, unknown choices get the default."""
    base = baseline_adoption()
    pairs = zip(ids, values) if isinstance(ids, list) and isinstance(values, list) else ()
    adoption = tuple((i["iso3"], int(round(coerce_number(v, 0, 100, base[i["iso3"]]))))
                     for i, v in pairs if isinstance(i, dict) and isinstance(i.get("iso3"), str) and i["iso3"] in base)
    return normalise(ScenarioView(
        adoption,
        round(coerce_number(theta, *THETA_RANGE, THETA_DEFAULT), 2),
        round(coerce_number(gain, *GAIN_RANGE, GAIN_DEFAULT), 2),
        equilibrium if isinstance(equilibrium, str) and equilibrium in EQUILIBRIA else DEFAULT.equilibrium,
        level if isinstance(level, str) and level in LEVELS else DEFAULT.level,
    ))


def to_query(view: ScenarioView) -> str:
    """The URL query of a scenario: only what differs from the baseline and the defaults."""
    view = normalise(view)
    return encode([
        ("adopt", tuple(f"{k}:{v}" for k, v in view.adoption)),
        ("theta", f"{view.theta:g}" if view.theta != DEFAULT.theta else None),
        ("gain", f"{view.gain:g}" if view.gain != DEFAULT.gain else None),
        ("eq", view.equilibrium if view.equilibrium != DEFAULT.equilibrium else None),
        ("level", view.level if view.level != DEFAULT.level else None),
    ])


# ---- running the model -------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """A solved scenario, ready for the page: `table` (one row per unit), and what the page says."""

    table: pd.DataFrame
    converged: bool
    unit_label: str            # "economy" or "city cluster"
    baseline_label: str        # what the baseline matrix is
    notes: tuple[str, ...] = field(default_factory=tuple)


def productivity(view: ScenarioView, codes: list[str]) -> np.ndarray:
    """Â per code (1.0 for codes without a slider, e.g. ROW or unknown upload codes)."""
    base = baseline_adoption()
    chosen = view.adoption_of(base)
    start = np.array([base.get(c, 0) for c in codes], dtype=float)
    target = np.array([chosen.get(c, base.get(c, 0)) for c in codes], dtype=float)
    return adoption_to_productivity(target, start, gain=view.gain / 100.0)


def _names() -> dict[str, str]:
    economies = load.table("economies")
    return dict(zip(economies["iso3"], economies["name"]))


def _table(result, labels: list[str], names: Mapping[str, str], regions: Mapping[str, str]) -> pd.DataFrame:
    table = pd.DataFrame({
        "code": labels,
        "name": [names.get(c, c) for c in labels],
        "region": [regions.get(c, "Rest of world") for c in labels],
        "export_share_before_pct": 100 * np.asarray(result.export_share_before, dtype=float),
        "export_share_after_pct": 100 * np.asarray(result.export_share_after, dtype=float),
        "welfare_change_pct": 100 * (np.asarray(result.welfare_change, dtype=float) - 1),
        "wage_change_pct": 100 * (np.asarray(result.wage_change, dtype=float) - 1),
        "domestic_share_before_pct": 100 * np.asarray(result.domestic_share_before, dtype=float),
        "domestic_share_after_pct": 100 * np.asarray(result.domestic_share_after, dtype=float),
        "export_rank_before": np.asarray(result.export_rank_before, dtype=int),
        "export_rank_after": np.asarray(result.export_rank_after, dtype=int),
    })
    table.insert(5, "export_share_change_pp", table["export_share_after_pct"] - table["export_share_before_pct"])
    table.insert(10, "domestic_share_change_pp",
                 table["domestic_share_after_pct"] - table["domestic_share_before_pct"])
    return table.sort_values(["export_share_change_pp", "code"], ascending=[False, True], ignore_index=True)


@functools.lru_cache(maxsize=512)
def _solve_countries(view: ScenarioView) -> Outcome:
    flows = trade_matrix()
    codes = list(flows.index)
    result = solve_scenario(flows, productivity_change=productivity(view, codes), theta=view.theta,
                            equilibrium=view.equilibrium)
    regions = {c: region_of(c) for c in codes if c != "ROW"}
    table = _table(result, codes, _names(), regions)
    return Outcome(table, bool(result.converged), "economy",
                   f"{baseline_year()} country baseline (sourced totals, modeled cells)")


@functools.lru_cache(maxsize=512)
def _solve_clusters(view: ScenarioView) -> Outcome:
    base = cluster_baseline()
    nodes = base.nodes
    iso_of = dict(zip(nodes["cluster_id"], nodes["iso3"]))
    by_country = productivity(view, list(nodes["iso3"]))
    result = solve_scenario(base.flows, productivity_change=by_country, theta=view.theta,
                            equilibrium=view.equilibrium)
    names = dict(zip(nodes["cluster_id"], nodes["name"]))
    regions = {c: region_of(iso_of[c]) for c in nodes["cluster_id"]}
    table = _table(result, list(nodes["cluster_id"]), names, regions)
    table.insert(2, "country", table["code"].map(iso_of))
    where = nodes.set_index("cluster_id")
    table["lat"], table["lon"] = table["code"].map(where["lat"]), table["code"].map(where["lon"])
    notes = ("Each city cluster takes its country's adoption; clusters in countries without a slider stay unchanged.",
             "Cluster flows are modeled (gravity on GDP and distance); see the methods page.")
    return Outcome(table, bool(result.converged), "city cluster", "city-cluster gravity baseline (modeled)", notes)


def run(view: ScenarioView, uploaded: pd.DataFrame | None = None) -> Outcome:
    """Solve the scenario on the country or cluster baseline, or on an uploaded matrix.

    Same view, same numbers: results are memoised per process on the (immutable) view.
    """
    view = normalise(view)
    if uploaded is not None:
        codes = list(uploaded.index)
        result = solve_scenario(uploaded, productivity_change=productivity(view, codes), theta=view.theta,
                                equilibrium=view.equilibrium)
        names = _names()
        regions = {c: region_of(c) for c in codes if c in names and c != "ROW"}
        matched = sum(c in baseline_adoption() for c in codes)
        return Outcome(_table(result, codes, names, regions), bool(result.converged), "economy",
                       "your uploaded matrix",
                       (f"Running on your uploaded matrix ({len(codes)} economies); sliders apply to the {matched} "
                        "whose ISO codes match ours. The upload is not part of the link.",))
    return _solve_clusters(view) if view.level == "clusters" else _solve_countries(view)


def warm() -> None:
    """Solve one scenario at each level. A gunicorn worker does this before its first request
    (dashboard/gunicorn_conf.py), so the one-off costs of a process's first solve (scipy's LAPACK
    import, the baselines: ~0.15 s) are not paid by the first person to move a slider in it."""
    code, adoption = next(iter(baseline_adoption().items()))
    for level in LEVELS:
        run(ScenarioView(adoption=((code, (adoption + 1) % 101),), level=level))


@dataclass(frozen=True)
class TopRanks:
    """The economies ranked `top` or better before a scenario, best first: what the rank chart draws.
    Plain lists (it runs on every slider move); ranks are 1 for the largest exporter."""

    codes: list[str]
    names: list[str]
    before: list[int]
    after: list[int]


def top_ranks(table: pd.DataFrame, top: int = 20) -> TopRanks:
    """The ranks before and after of the economies ranked `top` or better before the scenario."""
    before = table["export_rank_before"].to_numpy()
    rows = np.flatnonzero(before <= top)
    rows = rows[np.argsort(before[rows], kind="stable")]
    return TopRanks(table["code"].to_numpy(dtype=object)[rows].tolist(),
                    table["name"].to_numpy(dtype=object)[rows].tolist(),
                    before[rows].tolist(), table["export_rank_after"].to_numpy()[rows].tolist())


def rank_signature(outcome: Outcome, top: int = 20) -> str:
    """What the rank chart of an outcome shows, as a short string: equal strings, equal charts."""
    ranks = top_ranks(outcome.table, top)
    pairs = ",".join(f"{c}:{b}:{a}" for c, b, a in zip(ranks.codes, ranks.before, ranks.after))
    return f"{outcome.baseline_label}|{outcome.unit_label}|{pairs}"


# ---- words and files ---------------------------------------------------------------------------

def headlines(outcome: Outcome, limit: int = 3) -> list[str]:
    """Two or three plain sentences on the biggest winner, loser and real-income change."""
    table = outcome.table
    moved = table[table["export_share_change_pp"].abs() >= 0.005]
    if moved.empty:
        return ["No export share moves by as much as 0.01 percentage points: this is the baseline. "
                "Move a slider or pick a preset."]
    sentences = []
    top = table.iloc[0]
    if top["export_share_change_pp"] >= 0.005:
        sentences.append(f"{top['name']} gains {top['export_share_change_pp']:.2f} pp of world export share "
                         f"({top['export_share_before_pct']:.2f} % → {top['export_share_after_pct']:.2f} %).")
    bottom = table.iloc[-1]
    if bottom["export_share_change_pp"] <= -0.005:
        sentences.append(f"{bottom['name']} loses {-bottom['export_share_change_pp']:.2f} pp "
                         f"({bottom['export_share_before_pct']:.2f} % → {bottom['export_share_after_pct']:.2f} %).")
    richest = table.loc[table["welfare_change_pct"].idxmax()]
    sentences.append(f"Real income rises most in {richest['name']} ({richest['welfare_change_pct']:+.2f} %); "
                     f"{int((table['welfare_change_pct'] < -0.005).sum())} of {len(table)} "
                     f"{PLURAL.get(outcome.unit_label, outcome.unit_label)} lose real income.")
    return sentences[:limit]


def parameters(view: ScenarioView, outcome: Outcome) -> list[tuple[str, str]]:
    """Every parameter of a scenario, as (name, value) rows for the CSV and the page."""
    base = baseline_adoption()
    rows = [("baseline", outcome.baseline_label), ("level", view.level), ("equilibrium", view.equilibrium),
            ("trade_elasticity_theta", f"{view.theta:g}"),
            ("productivity_gain_full_adoption_pct", f"{view.gain:g}"),
            ("frontier_robot_density", f"{FRONTIER_ROBOT_DENSITY:g} ({frontier().economy}, IFR)")]
    rows += [(f"adoption_pct_{code}", f"{value} (baseline {base[code]})") for code, value in view.adoption]
    rows.append(("basis", "modeled: Eaton-Kortum in changes (dashboard.model.solve_scenario); see /methods"))
    return rows


def results_csv(view: ScenarioView, outcome: Outcome) -> str:
    """The results table with every scenario parameter as a column (repeated on each row), so
    pandas and Excel read the file without help. Formula-like text cells are escaped."""
    table = outcome.table.copy()
    for name, value in parameters(view, outcome):
        table[f"param_{name}"] = value
    return to_csv(table)


def download_name(view: ScenarioView) -> str:
    changed = "-".join(f"{k}{v}" for k, v in view.adoption[:6]) or "baseline"
    return f"scenario-{view.level}-{changed}-theta{view.theta:g}-{view.equilibrium}.csv"


def template_csv() -> str:
    """The country baseline in upload form: a template an analyst can edit and upload again."""
    flows = trade_matrix().stack().rename("value").reset_index()
    return to_csv(flows[["exporter", "importer", "value"]])


# ---- upload ------------------------------------------------------------------------------------

def parse_upload(raw: bytes) -> tuple[pd.DataFrame | None, list[str]]:
    """A flows CSV (exporter, importer, value) → an N×N matrix, or None and every problem found.

    Missing off-diagonal pairs count as zero trade; every economy needs positive domestic sales
    (its own row exporter = importer). Limits: MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS, MAX_UPLOAD_ECONOMIES.
    """
    if len(raw) > MAX_UPLOAD_BYTES:
        return None, [f"The file is {len(raw) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB."]
    if raw[:4] in (b"PK\x03\x04", b"\x1f\x8b\x08\x00") or b"\x00" in raw[:4096]:
        return None, ["This is not a CSV text file (it looks binary or compressed). Save it as CSV (UTF-8)."]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [f"The file is not UTF-8 text (byte {error.start}). Save it as CSV (UTF-8)."]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in UPLOAD_COLUMNS if c not in header]
    if missing:
        return None, [f"Header: missing column(s) {', '.join(missing)}; expected exporter,importer,value."]
    where = {c: header.index(c) for c in UPLOAD_COLUMNS}
    problems: list[str] = []
    cells: dict[tuple[str, str], float] = {}
    for number, row in enumerate(reader, start=1):
        if number > MAX_UPLOAD_ROWS:
            problems.append(f"More than {MAX_UPLOAD_ROWS:,} rows; the limit is {MAX_UPLOAD_ROWS:,}.")
            break
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.append(f"Row {number}: {len(row)} cells, the header has {len(header)}.")
            continue
        exporter, importer, value = (row[where[c]].strip() for c in UPLOAD_COLUMNS)
        for column, code in (("exporter", exporter), ("importer", importer)):
            if not _CODE.match(code):
                problems.append(f"Row {number}, column {column}: {quoted(code)!r} is not a code "
                                "(letters, digits, space . _ -; up to 40 characters).")
        try:
            amount = float(value)
        except ValueError:
            amount = math.nan
            problems.append(f"Row {number}, column value: {quoted(value)!r} is not a number.")
        else:
            if not math.isfinite(amount) or amount < 0:
                problems.append(f"Row {number}, column value: {quoted(value)!r} must be a finite number ≥ 0.")
        if (exporter, importer) in cells:
            problems.append(f"Row {number}: the pair {quoted(exporter)} → {quoted(importer)} appears twice.")
        cells[(exporter, importer)] = amount
        if len(problems) >= 50:
            problems.append("Stopped after 50 problems.")
            return None, problems
    if problems:
        return None, problems
    if not cells:
        return None, ["The file has a header but no data rows."]
    codes = sorted({c for pair in cells for c in pair})
    if len(codes) > MAX_UPLOAD_ECONOMIES:
        return None, [f"{len(codes)} economies; the limit is {MAX_UPLOAD_ECONOMIES}."]
    if len(codes) < 2:
        return None, ["The model needs at least two economies."]
    matrix = pd.DataFrame(0.0, index=pd.Index(codes, name="exporter"), columns=pd.Index(codes, name="importer"))
    for (exporter, importer), amount in cells.items():
        matrix.loc[exporter, importer] = amount
    no_home = [c for c in codes if not matrix.loc[c, c] > 0]
    if no_home:
        return None, [f"Economy {quoted(c)!r} has no positive domestic sales (a row with exporter = importer = "
                      f"{quoted(c)})." for c in no_home[:20]]
    return matrix, []


def matrix_to_records(matrix: pd.DataFrame) -> dict:
    """A matrix as JSON-friendly data for a dcc.Store (and back with `matrix_from_records`)."""
    return {"codes": list(matrix.index), "values": matrix.to_numpy().tolist()}


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
