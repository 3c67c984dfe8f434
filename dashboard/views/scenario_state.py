"""The scenarios page's view state, with no Dash in it: what a scenario is (`Scenario`), every economy's
robot-density baseline (one rule, `density_rule`), the presets, and the URL codec (`from_query`,
`to_query`, `from_controls`), which keeps old links working through a small migration.

A scenario sets a **target robot density** (robots per 10,000 manufacturing employees) for any economy
that has a baseline; the model turns the move from baseline to target into a productivity change of the
goods sector (dashboard.model.productivity.goods_productivity). Densities are used exactly as given: no
rounding anywhere, so a preset that doubles China's 246 gives exactly a ratio of 2.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from dashboard import config
from dashboard.datasets import load
from dashboard.datasets.regions import region_of
from dashboard.model import DEFAULTS, FRONTIER_ROBOT_DENSITY, ROBOT_ELASTICITY, ROBOT_ELASTICITY_LOW, Parameter
from dashboard.views.query import coerce_number, encode, parse_choice, parse_float, quoted

#: The trade baseline's year: the robot-density baseline is sought for it first.
BASELINE_YEAR = 2019
#: Bounds of a robot density in the URL and on the sliders (robots per 10,000 manufacturing employees):
#: above India's 4.3 at the bottom, above Korea's 1,012 (2023) at the top; the log-density mapping has
#: no value at zero.
DENSITY_RANGE = (1.0, 1500.0)
THETA_RANGE = (2.0, 10.0)
THETA_DEFAULT = DEFAULTS.theta_goods.value
ETA_RANGE = (0.1, 3.0)
ETA_DEFAULT = DEFAULTS.sector_elasticity.value
#: The elasticity of manufacturing labour productivity with respect to robot density, by case.
ELASTICITIES: dict[str, Parameter] = {"central": ROBOT_ELASTICITY, "low": ROBOT_ELASTICITY_LOW}
ELASTICITY_LABELS = {"central": "Central (Graetz & Michaels 2018)", "low": "Low (Bekhtiar, Bittschi & Sellner 2024)"}
CLOSURES = dict(zip(config.DEFICIT_CLOSURES, (
    "Deficits fixed in levels",
    "All deficits closed (Dekle, Eaton & Kortum)",
    "The US deficit closed, the counterpart spread over the others by GDP",
)))
LEVELS = {"countries": "Countries", "clusters": "City clusters"}
#: What /scenarios opens on when its address names no scenario: a published target, so the first view
#: shows something a policymaker can quote (issue 26.2).
DEFAULT_PRESET = "china-robot-density-2025"
#: The economy whose 2019 density is shown as "the frontier" beside each target.
FRONTIER_ECONOMY = "KOR"
#: Old links (before the two-sector model) gave adoption as a percent of the 2022 frontier, Korea's
#: 1,012 robots per 10,000 employees (dashboard.model.adoption.FRONTIER_ROBOT_DENSITY).
OLD_FRONTIER = FRONTIER_ROBOT_DENSITY
#: URL keys that name a scenario; an address with none of them opens on DEFAULT_PRESET. `target=none`
#: names the baseline (no target) when nothing else would.
SCENARIO_KEYS = ("target", "base", "city", "closure", "adopt")
NONE = "none"
MAX_PAIRS = 100


# ---- robot-density baselines: one rule ------------------------------------------------------------

#: The rule's cases, in order of preference (the page states which one gave each economy's baseline).
RULES = {
    1: "the IFR's published 2019 figure",
    2: "the IFR's published figure for the nearest year (2018 or 2020)",
    3: "modeled for 2019: IFR operational stock ÷ ILO manufacturing employment",
    4: "no 2019 robot density in the data",
}


@dataclass(frozen=True)
class DensityBaseline:
    """An economy's robot-density baseline and where it comes from.

    density: robots per 10,000 manufacturing employees, or None (rule 4: the user may enter one).
    year: the data year of `density` (None with it); rule: the case of RULES that gave it.
    """

    iso3: str
    economy: str
    region: str
    density: float | None
    year: int | None
    rule: int

    @property
    def basis(self) -> str:
        """A short label: "IFR 2019", "IFR 2020, nearest year", "modeled 2019" or "none"."""
        return {1: f"IFR {self.year}", 2: f"IFR {self.year}, nearest year", 3: f"modeled {self.year}",
                4: "none"}[self.rule]


def _is_ifr(publisher: object) -> bool:
    return isinstance(publisher, str) and ("International Federation of Robotics" in publisher
                                           or publisher.startswith("IFR"))


def density_rule(rows: pd.DataFrame, year: int = BASELINE_YEAR) -> tuple[float | None, int | None, int]:
    """(density, data year, rule) from one economy's robot_density rows of indicators.csv (columns year,
    value, basis, source_publisher). The rule, in order: (1) the IFR's published figure for `year`;
    (2) the IFR's published figure for `year` − 1 or `year` + 1 (the earlier first: it cannot hold the
    pandemic's changes); (3) the modeled figure for `year` (IFR operational stock ÷ ILO manufacturing
    employment); (4) none. Never a world average."""
    published = rows[(rows["basis"] == "sourced") & rows["source_publisher"].map(_is_ifr)]
    for wanted, rule in ((year, 1), (year - 1, 2), (year + 1, 2)):
        found = published[published["year"] == wanted]
        if len(found):
            return float(found["value"].iloc[0]), int(wanted), rule
    modeled = rows[(rows["basis"] == "modeled") & (rows["year"] == year)]
    if len(modeled):
        return float(modeled["value"].iloc[0]), year, 3
    return None, None, 4


@functools.cache
def density_baselines() -> dict[str, DensityBaseline]:
    """Every modeled economy's baseline (rest of world excluded), in economies.csv order."""
    economies = load.table("economies")
    indicators = load.table("indicators")
    density = indicators[indicators["indicator"] == "robot_density"]
    result = {}
    for row in economies[~economies["is_aggregate"]].itertuples():
        value, year, rule = density_rule(density[density["iso3"] == row.iso3])
        result[row.iso3] = DensityBaseline(row.iso3, row.name, region_of(row.iso3), value, year, rule)
    return result


def frontier() -> DensityBaseline:
    """The economy shown as the frontier beside each density (Korea, 2019, IFR)."""
    return density_baselines()[FRONTIER_ECONOMY]


def names() -> dict[str, str]:
    """Economy names by code (economies.csv), the rest of the world included."""
    economies = load.table("economies")
    return dict(zip(economies["iso3"], economies["name"]))


@functools.cache
def city_clusters() -> dict[str, tuple[str, str]]:
    """City clusters that can adopt on their own: node id -> (name, iso3), as data/cluster_nodes.csv has them."""
    nodes = load.table("cluster_nodes")
    clusters = nodes[nodes["kind"] == "cluster"]
    return {row.node_id: (row.name, row.iso3) for row in clusters.itertuples()}


# ---- the scenario ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scenario:
    """Everything the scenarios page computes is decided by these values (and they live in the URL).

    targets: (iso3, robot density) for economies whose target differs from their baseline, sorted.
    baselines: (iso3, robot density) entered by the user for economies with no baseline in the data.
    city_targets: (cluster node id, robot density) for city clusters that adopt on their own (city-cluster
        level); the cluster's baseline is its country's.
    closure: a key of CLOSURES. theta: θ for both sectors. eta: η, goods–services substitution.
    elasticity: "central" or "low" (ELASTICITIES). level: "countries" or "clusters".
    """

    targets: tuple[tuple[str, float], ...] = ()
    baselines: tuple[tuple[str, float], ...] = ()
    city_targets: tuple[tuple[str, float], ...] = ()
    closure: str = "fixed"
    theta: float = THETA_DEFAULT
    eta: float = ETA_DEFAULT
    elasticity: str = "central"
    level: str = "countries"

    def baseline_densities(self) -> dict[str, float]:
        """Every economy's baseline density: the data's, or the user's where the data have none."""
        data = {code: b.density for code, b in density_baselines().items() if b.density is not None}
        return {**dict(self.baselines), **data}

    def target_densities(self) -> dict[str, float]:
        """Every economy with a baseline: its target (its baseline where the scenario sets none)."""
        return self.baseline_densities() | dict(self.targets)

    @property
    def adopts(self) -> bool:
        """Whether any robot density moves (at this level)."""
        return bool(self.targets) or (self.level == "clusters" and bool(self.city_targets))

    @property
    def epsilon(self) -> float:
        return ELASTICITIES[self.elasticity].value


BASELINE = Scenario()


def _clamped(value: float) -> float:
    return min(max(value, DENSITY_RANGE[0]), DENSITY_RANGE[1])


def normalise(view: Scenario) -> Scenario:
    """One scenario, one URL: user baselines only where the data have none; targets only for economies
    with a baseline, clamped, and dropped where they equal the baseline; city targets only for known
    clusters whose country has a baseline, dropped where they equal what the cluster gets anyway."""
    known = density_baselines()
    baselines = tuple(sorted((c, _clamped(float(v))) for c, v in dict(view.baselines).items()
                             if c in known and known[c].density is None))
    base = replace(view, baselines=baselines).baseline_densities()
    targets = tuple(sorted((c, t) for c, v in dict(view.targets).items()
                           if c in base and (t := _clamped(float(v))) != base[c]))
    national = base | dict(targets)
    clusters = city_clusters()
    cities = tuple(sorted((n, t) for n, v in dict(view.city_targets).items()
                          if n in clusters and clusters[n][1] in national
                          and (t := _clamped(float(v))) != national[clusters[n][1]]))
    return replace(view, targets=targets, baselines=baselines, city_targets=cities)


# ---- presets -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Preset:
    """A preset of data/scenario_presets.csv. targets: iso3 -> density; baseline_years: iso3 -> the data
    year of the baseline each target moves from; sources: (publisher, url) pairs, publisher first."""

    preset_id: str
    name: str
    kind: str
    description: str
    targets: dict[str, float]
    closure: str
    baseline_years: dict[str, int]
    target_year: int | None
    sources: tuple[tuple[str, str], ...]
    retrieved_from: tuple[str, ...]
    methods: tuple[str, ...]

    @property
    def published(self) -> bool:
        return self.kind == "published-target"


def _split(value: object) -> list[str]:
    return [part.strip() for part in value.split(" | ")] if isinstance(value, str) else []


@functools.cache
def _presets() -> dict[str, Preset]:
    table = load.table("scenario_presets")
    result: dict[str, Preset] = {}
    for preset_id, rows in table.groupby("preset_id", sort=False):
        first = rows.iloc[0]
        targets = {r.iso3: float(r.target_robot_density) for r in rows.itertuples()
                   if pd.notna(r.target_robot_density)}
        sources = tuple(dict.fromkeys(
            pair for r in rows.itertuples() for pair in zip(_split(r.source_publisher), _split(r.source_url))))
        target_years = rows["target_year"].dropna()
        result[str(preset_id)] = Preset(
            preset_id=str(preset_id), name=str(first["preset_name"]), kind=str(first["kind"]),
            description=str(first["description"]), targets=targets, closure=str(first["closure"]),
            baseline_years={r.iso3: int(r.baseline_year) for r in rows.itertuples()},
            target_year=int(target_years.iloc[0]) if len(target_years) else None, sources=sources,
            retrieved_from=tuple(dict.fromkeys(u for r in rows.itertuples() for u in _split(r.retrieved_from))),
            methods=tuple(dict.fromkeys(str(m) for m in rows["method"].dropna())))
    return result


def presets() -> dict[str, Preset]:
    """preset_id -> Preset, in file order."""
    return dict(_presets())


def preset_view(preset_id: str, current: Scenario = BASELINE) -> Scenario:
    """The preset's targets and deficit rule with the current parameters (θ, η, ε, level, the user's
    baselines); economies it does not name, and every city cluster, at baseline."""
    preset = _presets()[preset_id]
    return normalise(replace(current, targets=tuple(preset.targets.items()), city_targets=(),
                             closure=preset.closure))


def preset_of(view: Scenario) -> str | None:
    """The preset whose targets and deficit rule the scenario has, if any."""
    for preset_id in _presets():
        chosen = preset_view(preset_id, view)
        if (chosen.targets, chosen.closure) == (view.targets, view.closure) and not view.city_targets:
            return preset_id
    return None



# ---- URL codec ---------------------------------------------------------------------------------------

def number(value: float) -> str:
    """A density as the URL writes it: the shortest text that reads back as exactly the same float."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _pairs(raw: str, key: str, valid: Mapping[str, str], notices: list[str], what: str,
           percent_of: float | None = None, upper: bool = True) -> dict[str, float]:
    """`A:1,B:2` -> {A: 1.0, B: 2.0}, codes checked against `valid` (code -> name), values clamped to
    DENSITY_RANGE (values read as a percent of `percent_of` first, when given); every dropped or changed
    part gets a notice."""
    found: dict[str, float] = {}
    for part in raw[:4000].split(",")[:MAX_PAIRS]:
        code, _, value = part.strip().partition(":")
        code = code.strip().upper() if upper else code.strip().lower()
        if code not in valid:
            notices.append(f"Ignored {key}={quoted(part)!r}: not {what}.")
            continue
        try:
            density = float(value) if percent_of is None else float(value) * percent_of / 100
        except ValueError:
            density = math.nan
        if not math.isfinite(density) or density < 0:
            notices.append(f"Ignored {key}={quoted(part)!r}: a robot density must be a positive number.")
            continue
        clamped = _clamped(density)
        if clamped != density:
            notices.append(f"{valid[code]}: robot density {density:g} is outside {DENSITY_RANGE[0]:g}–"
                           f"{DENSITY_RANGE[1]:,.0f}; using {clamped:g}.")
        found[code] = clamped
    return found


def _migrated(raw: str, notices: list[str]) -> dict[str, float]:
    """An old link's `adopt=CHN:49` (percent of the 2022 frontier, 1,012) as target densities."""
    found = _pairs(raw, "adopt", names(), notices, "a modeled economy", percent_of=OLD_FRONTIER)
    if found:
        read = ", ".join(f"{names()[c]} {number(v)}" for c, v in found.items())
        notices.append(f"This link is from an earlier version, where adoption was a percent of the 2022 frontier "
                       f"(Korea, {OLD_FRONTIER:,.0f} robots per 10,000 employees): read as target robot densities "
                       f"{read}. The address now shows the new form.")
    return found


def from_query(query: Mapping[str, str]) -> tuple[Scenario, list[str]]:
    """Parse `?target=CHN:492,USA:346&base=RUS:80&city=greater-bay-area:600&closure=us&theta=5&eta=0.8
    &eps=low&level=clusters`; bad parts are dropped or clamped with a notice. An address with none of
    SCENARIO_KEYS opens on DEFAULT_PRESET; `target=none` is the baseline. Old links' `adopt=` (percent of
    the old frontier) is migrated; their `gain=` and `eq=` are no longer used (a notice says why)."""
    notices: list[str] = []
    known = density_baselines()
    economy_names = {c: b.economy for c, b in known.items()}
    baselines = _pairs(query["base"], "base", economy_names, notices, "a modeled economy") if "base" in query else {}
    for code in [c for c in baselines if known[c].density is not None]:
        notices.append(f"Ignored base={code}: {known[code].economy}'s baseline is in the data "
                       f"({number(known[code].density or 0)}, {known[code].basis}).")
        del baselines[code]
    targets: dict[str, float] = {}
    raw_target = query.get("target")
    if raw_target is not None and raw_target.strip().lower() != NONE:
        targets |= _pairs(raw_target, "target", economy_names, notices, "a modeled economy")
    if "adopt" in query:
        targets = _migrated(query["adopt"], notices) | targets
    if "gain" in query:
        notices.append("Ignored gain=: the productivity effect of robots now follows their density (elasticity ε, "
                       "see Methods), not a gain at full adoption.")
    if query.get("eq") == "partial":
        notices.append("Ignored eq=partial: the page now solves the general equilibrium only (see Methods).")
    without = [c for c in targets if c not in known or (known[c].density is None and c not in baselines)]
    for code in without:
        notices.append(f"Ignored the target for {economy_names.get(code, code)}: no 2019 robot density in the data. "
                       f"Enter its baseline first (base={code}:…).")
        del targets[code]
    clusters = city_clusters()
    cities = _pairs(query["city"], "city", {k: v[0] for k, v in clusters.items()}, notices,
                    "a city cluster", upper=False) if "city" in query else {}
    closure = parse_choice(query, "closure", CLOSURES, notices) or BASELINE.closure
    if not any(key in query for key in SCENARIO_KEYS):
        preset = _presets()[DEFAULT_PRESET]
        targets, closure = dict(preset.targets), preset.closure
    theta = parse_float(query, "theta", *THETA_RANGE, notices)
    eta = parse_float(query, "eta", *ETA_RANGE, notices)
    view = Scenario(
        targets=tuple(targets.items()), baselines=tuple(baselines.items()), city_targets=tuple(cities.items()),
        closure=closure,
        theta=round(THETA_DEFAULT if theta is None else theta, 2),
        eta=round(ETA_DEFAULT if eta is None else eta, 2),
        elasticity=parse_choice(query, "eps", ELASTICITIES, notices) or BASELINE.elasticity,
        level=parse_choice(query, "level", LEVELS, notices) or BASELINE.level,
    )
    return normalise(view), notices


def to_query(view: Scenario) -> str:
    """The URL query of a scenario: defaults left out; `target` always present when nothing else names
    the scenario (an address without one opens on the default preset)."""
    view = normalise(view)
    pairs = lambda values: tuple(f"{k}:{number(v)}" for k, v in values)  # noqa: E731
    named = bool(view.targets or view.baselines or view.city_targets or view.closure != BASELINE.closure)
    return encode([
        ("target", pairs(view.targets) if view.targets else (None if named else NONE)),
        ("base", pairs(view.baselines)),
        ("city", pairs(view.city_targets)),
        ("closure", view.closure if view.closure != BASELINE.closure else None),
        ("theta", f"{view.theta:g}" if view.theta != BASELINE.theta else None),
        ("eta", f"{view.eta:g}" if view.eta != BASELINE.eta else None),
        ("eps", view.elasticity if view.elasticity != BASELINE.elasticity else None),
        ("level", view.level if view.level != BASELINE.level else None),
    ])


def _number_or_none(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    number_ = coerce_number(value, -math.inf, math.inf, math.nan)
    return None if math.isnan(number_) or number_ <= 0 else _clamped(number_)


def _keyed(ids: object, values: object, key: str) -> dict[str, float]:
    """{code: density} from pattern-matching ids and values as the browser sent them (anything at all)."""
    if not isinstance(ids, list) or not isinstance(values, list):
        return {}
    found = {}
    for component, value in zip(ids, values):
        code = component.get(key) if isinstance(component, dict) else None
        density = _number_or_none(value)
        if isinstance(code, str) and density is not None:
            found[code] = density
    return found


def from_controls(target_ids: object, targets: object, base_ids: object, bases: object, closure: object,
                  theta: object, eta: object, elasticity: object, level: object, city: object,
                  city_target: object) -> Scenario:
    """The scenario from the page's control values, whatever the browser sent (a hostile client can send
    anything): unknown economies and clusters are dropped, numbers clamped, unknown choices get the
    default."""
    def choice(value: object, choices: Mapping[str, object], default: str) -> str:
        return value if isinstance(value, str) and value in choices else default

    density = _number_or_none(city_target)
    cities = ((city, density),) if isinstance(city, str) and city in city_clusters() and density is not None else ()
    return normalise(Scenario(
        targets=tuple(_keyed(target_ids, targets, "iso3").items()),
        baselines=tuple(_keyed(base_ids, bases, "iso3").items()),
        city_targets=cities,
        closure=choice(closure, CLOSURES, BASELINE.closure),
        theta=round(coerce_number(theta, *THETA_RANGE, THETA_DEFAULT), 2),
        eta=round(coerce_number(eta, *ETA_RANGE, ETA_DEFAULT), 2),
        elasticity=choice(elasticity, ELASTICITIES, BASELINE.elasticity),
        level=choice(level, LEVELS, BASELINE.level),
    ))

