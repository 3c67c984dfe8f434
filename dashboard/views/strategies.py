"""The strategies page's state and data: URL codec, filters, per-economy summary, table and file name."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard import config
from dashboard.datasets.regions import eu_members, region_of, short_name
from dashboard.views.query import coerce_number, encode, parse_choice, parse_int, parse_set

FIRST_YEAR, LAST_YEAR = config.STRATEGY_YEARS

# What the map can be coloured by: key -> (label, unit).
COLOR_OPTIONS = {
    "launch": ("First strategy launched", "year"),
    "density": ("Robot density", config.INDICATORS["robot_density"]),
    "mva": ("Manufacturing value added", config.INDICATORS["mva_usd_bn"]),
    "focus": ("Focus areas covered", "number of focus areas"),
}
INDICATOR_OF_COLOR = {"density": "robot_density", "mva": "mva_usd_bn"}

#: The fields of StrategiesView each part of the page depends on: when the view on screen and the view
#: asked for differ in others only, the page leaves that part as it is and the answer leaves it out.
_FILTERS = frozenset({"focus", "year_from", "year_to", "region"})
DEPENDS_ON = {
    "map": _FILTERS | {"economy", "color"},
    "timeline": _FILTERS | {"economy"},
    "rows": _FILTERS,
    "detail": frozenset({"economy"}),
    "count": _FILTERS,
}

TABLE_COLUMNS = [
    "economy", "iso3", "strategy", "summary", "launch_year", "end_year", "lead_body", "headline_budget",
    "focus_areas", "basis", "source_publisher", "source_title", "source_year", "source_url", "retrieved_from",
    "notes", "strategy_id",
]


@dataclass(frozen=True)
class StrategiesView:
    """Everything the strategies page shows is decided by these values (and they live in the URL)."""

    economy: str | None = None
    focus: tuple[str, ...] = ()
    year_from: int = FIRST_YEAR
    year_to: int = LAST_YEAR
    region: str | None = None
    color: str = "launch"


def from_query(query: Mapping[str, str], economies: Collection[str]) -> tuple[StrategiesView, list[str]]:
    """Parse `?economy=DEU&focus=robotics,ai&from=2013&to=2020&region=Europe&color=density`.

    Unknown or out-of-range values are dropped or clamped; each one adds a notice for the page.
    """
    notices: list[str] = []
    year_from = parse_int(query, "from", FIRST_YEAR, LAST_YEAR, notices) or FIRST_YEAR
    year_to = parse_int(query, "to", FIRST_YEAR, LAST_YEAR, notices) or LAST_YEAR
    if year_from > year_to:
        notices.append(f"from={year_from} is after to={year_to}; swapped them.")
        year_from, year_to = year_to, year_from
    view = StrategiesView(
        economy=parse_choice(query, "economy", economies, notices, upper=True),
        focus=parse_set(query, "focus", config.FOCUS_AREAS, notices),
        year_from=year_from,
        year_to=year_to,
        region=parse_choice(query, "region", config.REGIONS, notices),
        color=parse_choice(query, "color", COLOR_OPTIONS, notices) or "launch",
    )
    return view, notices


def from_controls(economy, focus, period, region, color, economies: Collection[str]) -> StrategiesView:
    """The view from the page's control values, whatever the browser sent: unknown values are dropped."""
    tags = [t for t in focus if isinstance(t, str)] if isinstance(focus, (list, tuple)) else []
    span = period if isinstance(period, (list, tuple)) and len(period) == 2 else (FIRST_YEAR, LAST_YEAR)
    start, end = (int(coerce_number(y, FIRST_YEAR, LAST_YEAR, d)) for y, d in zip(span, (FIRST_YEAR, LAST_YEAR)))
    return StrategiesView(
        economy=economy if isinstance(economy, str) and economy in economies else None,
        focus=tuple(t for t in config.FOCUS_AREAS if t in tags),
        year_from=min(start, end), year_to=max(start, end),
        region=region if isinstance(region, str) and region in config.REGIONS else None,
        color=color if isinstance(color, str) and color in COLOR_OPTIONS else "launch",
    )


def parts_to_send(changed: frozenset[str] | None) -> tuple[str, ...]:
    """The parts of the page (keys of DEPENDS_ON, in its order) that a change of the fields `changed` can
    alter; every part when it is not known what changed (None)."""
    return tuple(part for part, controls in DEPENDS_ON.items() if changed is None or controls & changed)


def to_controls(view: StrategiesView) -> tuple:
    """The page's control values for a view, in the order from_controls takes them (the inverse of it)."""
    return view.economy, list(view.focus), [view.year_from, view.year_to], view.region, view.color


def to_query(view: StrategiesView) -> str:
    """The URL query of a view; defaults are left out, so the plain page has no query at all."""
    default = StrategiesView()
    return encode([
        ("economy", view.economy),
        ("focus", view.focus),
        ("from", view.year_from if view.year_from != default.year_from else None),
        ("to", view.year_to if view.year_to != default.year_to else None),
        ("region", view.region),
        ("color", view.color if view.color != default.color else None),
    ])


def filter_strategies(strategies: pd.DataFrame, view: StrategiesView) -> pd.DataFrame:
    """Strategies matching the filters: any chosen focus area, running during the period, in the region.

    A strategy runs during [from, to] if it launched by `to` and had not ended before `from`
    (open-ended ones run on). Strategies without a launch year show only when no period is set.
    """
    keep = pd.Series(True, index=strategies.index)
    if view.focus:
        tags = strategies["focus_areas"].str.split(";")
        keep &= tags.map(lambda t: bool(set(t) & set(view.focus)))
    period_set = (view.year_from, view.year_to) != (FIRST_YEAR, LAST_YEAR)
    launch, end = strategies["launch_year"], strategies["end_year"]
    runs = (launch <= view.year_to) & (end.isna() | (end >= view.year_from))
    keep &= runs.fillna(not period_set).astype(bool)
    if view.region:
        keep &= strategies["iso3"].map(region_of) == view.region
    return strategies[keep]


def strategies_of(strategies: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """An economy's own strategies, then the EU's when it is an EU member state."""
    own = strategies[strategies["iso3"] == iso3]
    if iso3 in eu_members():
        own = pd.concat([own, strategies[strategies["iso3"] == "EUU"]])
    return own


def outlined(economy: str | None) -> tuple[str, ...]:
    """The economies the map outlines for the one chosen: the EU's member states for the EU (EUU)."""
    if economy == "EUU":
        return tuple(sorted(eu_members()))
    return (economy,) if economy else ()


def latest_indicator(indicators: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Latest value per economy of one indicator: iso3 -> value, year, source_publisher, source_url,
    retrieved_from."""
    rows = indicators[indicators["indicator"] == indicator].sort_values("year")
    return rows.groupby("iso3").tail(1).set_index("iso3")[["value", "year", "source_publisher", "source_url",
                                                           "retrieved_from"]]


def economy_names(strategies: pd.DataFrame, economies: pd.DataFrame) -> dict[str, str]:
    """Every economy the page can show, ISO3 -> name, in the order of the names: those with a strategy
    (the EU itself among them), EU member states (the EU's programmes cover them) and every economy the
    scenarios model covers (data/economies.csv, its aggregates aside), with or without a strategy.

    Names come from data/economies.csv, then data/strategies.csv, then country_converter's short names."""
    modeled = economies[~economies["is_aggregate"].astype(bool) & (economies["iso3"] != "ROW")]
    names = {**{iso3: short_name(iso3) for iso3 in eu_members()},
             **dict(zip(strategies["iso3"], strategies["economy"])), **dict(zip(modeled["iso3"], modeled["name"]))}
    return dict(sorted(names.items(), key=lambda item: item[1]))


def economy_summary(filtered: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per country with a strategy in `filtered` (EU member states through the EU's too).

    Columns: iso3, economy, region, strategies (names, '; '-joined), launch (first launch year),
    focus (number of distinct focus areas), density, density_year, mva, mva_year.
    """
    national = filtered[filtered["iso3"] != "EUU"]
    countries = set(national["iso3"])
    if (filtered["iso3"] == "EUU").any():
        countries |= eu_members()
    rows = []
    for iso3 in sorted(countries):
        own = strategies_of(filtered, iso3)
        tags = {t for areas in own["focus_areas"] for t in areas.split(";")}
        name = own.loc[own["iso3"] == iso3, "economy"]
        rows.append(dict(
            iso3=iso3, economy=name.iloc[0] if len(name) else iso3, region=region_of(iso3),
            strategies="; ".join(own["strategy"]), launch=own["launch_year"].astype(float).min(), focus=len(tags),
        ))
    summary = pd.DataFrame(rows, columns=["iso3", "economy", "region", "strategies", "launch", "focus"])
    for key, indicator in INDICATOR_OF_COLOR.items():
        latest = latest_indicator(indicators, indicator)
        summary[key] = summary["iso3"].map(latest["value"])
        summary[f"{key}_year"] = summary["iso3"].map(latest["year"])
    return summary


def table_frame(filtered: pd.DataFrame) -> pd.DataFrame:
    """The rows and columns the table shows and the CSV holds (sources included), by launch year."""
    return filtered.sort_values(["launch_year", "economy", "strategy"], kind="stable")[TABLE_COLUMNS] \
        .reset_index(drop=True)


def download_filters(view: StrategiesView, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The filters the downloaded rows come from, as the CSV's header lines (datasets/export.py to_csv);
    `names`: ISO3 -> economy name."""
    return [
        ("file", f"{config.APP_TITLE}: national intelligent-manufacturing strategies"),
        ("view", "/strategies" + to_query(view)),
        ("focus areas", ", ".join(config.FOCUS_AREAS[t] for t in view.focus) or "any"),
        ("running during", f"{view.year_from}–{view.year_to}"),
        ("region", view.region or "all regions"),
        ("economy selected", names.get(view.economy, view.economy) if view.economy else "none"),
        ("rows", "as the table showed them (its own column filters and sort order applied)"),
    ]


def download_name(view: StrategiesView) -> str:
    """A file name that says what the file holds, e.g. strategies_focus-robotics_2013-2020.csv."""
    parts = ["strategies"]
    if view.focus:
        parts.append("focus-" + "+".join(view.focus))
    if view.region:
        parts.append("region-" + view.region.lower().replace(" ", "-"))
    parts.append(f"{view.year_from}-{view.year_to}")
    return "_".join(parts) + ".csv"
