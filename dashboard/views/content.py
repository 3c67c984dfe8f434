"""The new-trade-content page's state and data: URL codec, indexed growth, leaders, coverage, rules, CSVs.

The page answers "Is technology and data trade growing faster than goods trade, and who leads?":
`indexed_growth` puts every content series of one direction of trade on an index (base year = 100)
over the common window they all cover, `leaders` ranks economies on one series only in a year the
series covers enough of them (config.CONTENT_LEADERS_MIN_ECONOMIES), `coverage` shows which economy
has which series in which years, and `rules` lists the digital-trade agreements each takes part in.
Everything here is pure pandas: the page passes the validated tables (dashboard.datasets.content).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd

from dashboard import config
from dashboard.datasets import load
from dashboard.datasets.content import FLOW_SERIES, FLOWS, GOODS_OF_FLOW, SERIES, content_series, digital_agreements
from dashboard.datasets.export import to_csv
from dashboard.datasets.regions import eu_members, short_name
from dashboard.datasets.schema import AGREEMENT_TYPES
from dashboard.views.query import coerce_number, encode, parse_choice, parse_int, parse_set

WORLD = "WLD"
EU = "EUU"
AGGREGATES = (WORLD, EU)
#: The fewest years a common window may span: fewer, and growth rates say nothing.
MIN_WINDOW_YEARS = 3
#: The leaders chart's default series: UNCTAD covers every modeled economy, 2010-2023.
DEFAULT_LEADER = "digital_exports"
#: How many economies the leaders ranking shows (all that have a value when fewer).
LEADERS_SHOWN = 15

SOURCE_COLUMNS = ["basis", "method", "source_publisher", "source_title", "source_year", "source_url",
                  "retrieved_from", "notes"]

AGREEMENT_TYPE_LABELS = {
    "plurilateral-negotiation": "WTO plurilateral negotiation",
    "digital-economy-agreement": "Digital economy / digital trade agreement",
    "trade-agreement-digital-chapter": "Trade agreement with a digital-trade chapter",
    "data-flows-protocol": "Data-flows protocol",
    "adequacy-decision": "EU adequacy decision (one-sided)",
}
ROLE_LABELS = {"participant": "participant", "signatory": "signatory", "party": "party",
               "accession-applicant": "applied to join", "adequacy-decision": "adequacy decision"}
STATUS_LABELS = {"participating": "participating", "signed": "signed", "in-force": "in force",
                 "applied": "applied", "negotiations-concluded": "negotiations concluded"}


# ---- view state and URL codec ------------------------------------------------------------------

@dataclass(frozen=True)
class ContentView:
    """Everything the content page shows is decided by these values (and they live in the URL).

    economy: whose series the growth chart indexes (WLD: the world) and whose rules the table lists
    (WLD: every economy's). base: the index's base year (None: the first year of the common window).
    leader: the series ranked; year: the year ranked (None: the latest year it covers enough
    economies). kinds: agreement types the rules table shows (empty: all); in_force: only rules in force.
    """

    economy: str = WORLD
    flow: str = "exports"
    base: int | None = None
    leader: str = DEFAULT_LEADER
    year: int | None = None
    kinds: tuple[str, ...] = ()
    in_force: bool = False


def from_query(query: Mapping[str, str], economies: Iterable[str],
               years: tuple[int, int] = (config.MIN_YEAR, config.MAX_YEAR)) -> tuple[ContentView, list[str]]:
    """Parse `?economy=KOR&flow=imports&base=2012&leader=ip_receipts&year=2019&rules=adequacy-decision&inforce=1`.

    `economies`: the codes the page offers (WLD and EUU included); `years`: the first and last year of
    the data. Unknown or out-of-range values are dropped or clamped; each one adds a notice.
    """
    notices: list[str] = []
    low, high = years
    view = ContentView(
        economy=parse_choice(query, "economy", set(economies), notices, upper=True) or WORLD,
        flow=parse_choice(query, "flow", FLOWS, notices) or "exports",
        base=parse_int(query, "base", low, high, notices),
        leader=parse_choice(query, "leader", SERIES, notices) or DEFAULT_LEADER,
        year=parse_int(query, "year", low, high, notices),
        kinds=parse_set(query, "rules", AGREEMENT_TYPES, notices),
        in_force=parse_choice(query, "inforce", ("1", "0"), notices) == "1",
    )
    return view, notices


def to_query(view: ContentView) -> str:
    """The URL query of a view; defaults are left out, so the plain page has no query at all."""
    default = ContentView()
    return encode([
        ("economy", view.economy if view.economy != default.economy else None),
        ("flow", view.flow if view.flow != default.flow else None),
        ("base", view.base),
        ("leader", view.leader if view.leader != default.leader else None),
        ("year", view.year),
        ("rules", view.kinds),
        ("inforce", "1" if view.in_force else None),
    ])


def from_controls(economy, flow, base, leader, year, kinds, in_force, economies: Iterable[str],
                  years: tuple[int, int] = (config.MIN_YEAR, config.MAX_YEAR)) -> ContentView:
    """The view from the page's control values, whatever the browser sent: unknown values fall back to
    the defaults, years are clamped to `years`, and anything not a number (a blank input sends None) is
    no year: the default."""
    def year_or_none(value) -> int | None:
        number = coerce_number(value, years[0], years[1], math.nan)
        return None if math.isnan(number) else int(number)

    picked = [k for k in kinds if isinstance(k, str)] if isinstance(kinds, (list, tuple)) else []
    return ContentView(
        economy=economy if isinstance(economy, str) and economy in set(economies) else WORLD,
        flow=flow if isinstance(flow, str) and flow in FLOWS else "exports",
        base=year_or_none(base),
        leader=leader if isinstance(leader, str) and leader in SERIES else DEFAULT_LEADER,
        year=year_or_none(year),
        kinds=tuple(k for k in AGREEMENT_TYPES if k in picked),
        in_force=in_force is True or in_force == [True] or in_force == ["1"],
    )


def to_controls(view: ContentView) -> tuple:
    """The page's control values for a view, in the order from_controls takes them (the inverse of it)."""
    return view.economy, view.flow, view.base, view.leader, view.year, list(view.kinds), view.in_force


def year_bounds(series: pd.DataFrame) -> tuple[int, int]:
    """The first and last year of the content series: the range the URL's base and year are clamped to."""
    return int(series["year"].min()), int(series["year"].max())


#: Which fields of the view each part of the page depends on: a control change sends only the parts
#: whose fields changed (the coverage table depends on none: it is drawn once, with the page).
DEPENDS_ON: dict[str, frozenset[str]] = {
    "growth": frozenset({"economy", "flow", "base"}),
    "leaders": frozenset({"leader", "year"}),
    "rules": frozenset({"economy", "kinds", "in_force"}),
}


def parts_to_send(changed: frozenset[str] | None) -> tuple[str, ...]:
    """The parts of the page (keys of DEPENDS_ON, in its order) that a change of the fields `changed` can
    alter; every part when it is not known what changed (None)."""
    return tuple(part for part, fields in DEPENDS_ON.items() if changed is None or fields & changed)


# ---- names ---------------------------------------------------------------------------------------

def economy_names(economies: pd.DataFrame | None = None) -> dict[str, str]:
    """Display names: data/economies.csv's where given, the aggregates', else country_converter's."""
    names = dict(config.AGGREGATE_CODES.items())
    if economies is not None:
        names |= dict(zip(economies["iso3"], economies["name"]))
    return names


def name_of(iso3: str, names: Mapping[str, str]) -> str:
    return names.get(iso3) or short_name(iso3)


def economies_shown(series: pd.DataFrame, agreements: pd.DataFrame,
                    economies: pd.DataFrame | None = None) -> list[str]:
    """The codes the page offers: the world, the EU, then every economy that data/economies.csv models
    or that the content files hold, by name (so an economy with no data still shows as missing)."""
    modeled = set() if economies is None else set(economies.loc[~economies["is_aggregate"], "iso3"])
    codes = (modeled | set(series["iso3"]) | set(agreements["iso3"])) - set(AGGREGATES) - {"ROW"}
    names = economy_names(economies)
    return [*AGGREGATES, *sorted(codes, key=lambda c: name_of(c, names))]


# ---- indexed growth ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Growth:
    """Indexed growth of one economy's content series against its goods trade.

    frame: one row per series and year from the window's start to each series' own last year, with
    `value` (in `unit`), `index` (base year = 100) and the row's sources. window: the years every
    drawn series covers (None when no two series overlap). ends: last year of each drawn series.
    summary: per drawn series, its growth over the window (factor and compound % per year).
    left_out: series of this direction of trade not drawn, with the reason.
    """

    economy: str
    flow: str
    base: int | None
    window: tuple[int, int] | None
    frame: pd.DataFrame
    ends: dict[str, int]
    summary: pd.DataFrame
    left_out: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def series(self) -> tuple[str, ...]:
        return tuple(self.ends)


def _spans(rows: pd.DataFrame) -> dict[str, tuple[int, int]]:
    grouped = rows.groupby("series", sort=False)["year"]
    return {s: (int(lo), int(hi)) for s, lo, hi in zip(grouped.min().index, grouped.min(), grouped.max())}


def _window(spans: Mapping[str, tuple[int, int]]) -> tuple[int, int] | None:
    if not spans:
        return None
    start, end = max(lo for lo, _ in spans.values()), min(hi for _, hi in spans.values())
    return (start, end) if end - start + 1 >= MIN_WINDOW_YEARS else None


def indexed_growth(series: pd.DataFrame, economy: str = WORLD, flow: str = "exports",
                   base: int | None = None) -> Growth:
    """Every series of `flow` for `economy` as an index (base year = 100) over their common window.

    The goods series is the yardstick and always kept when it has data; other series join the window
    in order of how many years they have, and a series that would shrink the common window below
    MIN_WINDOW_YEARS is left out (with its reason). The base year is `base` if it lies in the window and
    every drawn series has a value there, else the window's first year (a note says so). Nothing is
    interpolated: a series with a gap has no point in that year.
    """
    ids = FLOW_SERIES[flow]
    rows = series[(series["iso3"] == economy) & series["series"].isin(ids) & (series["value"] > 0)]
    spans = _spans(rows)
    left_out = {s: "no published figure for this economy" for s in ids if s not in spans}
    goods = GOODS_OF_FLOW[flow]
    order = sorted((s for s in spans if s != goods), key=lambda s: (-(spans[s][1] - spans[s][0]), ids.index(s)))
    kept: dict[str, tuple[int, int]] = {goods: spans[goods]} if goods in spans else {}
    for sid in order:
        trial = kept | {sid: spans[sid]}
        if len(trial) == 1 or _window(trial) is not None:
            kept = trial
        else:
            left_out[sid] = f"its years ({spans[sid][0]}–{spans[sid][1]}) leave too short a common window"
    window = _window(kept) if len(kept) > 1 else None
    notes: list[str] = []
    if window is None:
        frame = rows.iloc[0:0].assign(index=pd.Series(dtype="float64"))
        return Growth(economy, flow, None, None, frame, {}, _summary(frame, None, goods), left_out,
                      ("No two series overlap for long enough to compare growth.",) if spans else ())
    drawn = rows[rows["series"].isin(kept.keys()) & (rows["year"] >= window[0])]
    at = drawn.pivot_table(index="year", columns="series", values="value")
    usable = [y for y in range(window[0], window[1] + 1) if y in at.index and at.loc[y, list(kept)].notna().all()]
    if not usable:
        return Growth(economy, flow, None, window, drawn.iloc[0:0].assign(index=pd.Series(dtype="float64")), {},
                      _summary(drawn.iloc[0:0], None, goods), left_out, ("No year in the window has every series.",))
    chosen = base if base in usable else usable[0]
    if base is not None and base != chosen:
        notes.append(f"Base year {base} is not a year every series covers ({window[0]}–{window[1]}); "
                     f"indexed to {chosen} instead.")
    base_values = at.loc[chosen]
    frame = drawn.assign(index=100.0 * drawn["value"] / drawn["series"].map(base_values))
    order_drawn = [s for s in ids if s in kept]
    frame = frame.assign(order=frame["series"].map(order_drawn.index)).sort_values(["order", "year"]) \
        .drop(columns="order").reset_index(drop=True)
    ends = {s: kept[s][1] for s in order_drawn}
    return Growth(economy, flow, chosen, window, frame, ends, _summary(frame, window, goods), left_out, tuple(notes))


def _summary(frame: pd.DataFrame, window: tuple[int, int] | None, goods: str) -> pd.DataFrame:
    """Per series: index at the window's end, growth factor and compound annual growth (% per year)
    between the window's first and last year, and whether it grew faster than goods."""
    columns = ["series", "label", "first_year", "last_year", "growth_factor", "cagr_pct", "faster_than_goods"]
    if window is None or frame.empty:
        return pd.DataFrame(columns=columns)
    start, end = window
    rows = []
    for sid, part in frame.groupby("series", sort=False):
        by_year = part.set_index("year")["value"]
        if start not in by_year or end not in by_year:
            continue
        factor = float(by_year[end] / by_year[start])
        cagr = 100.0 * (factor ** (1.0 / (end - start)) - 1.0)
        rows.append(dict(series=sid, label=SERIES[sid].label, first_year=start, last_year=end,
                         growth_factor=factor, cagr_pct=cagr))
    table = pd.DataFrame(rows, columns=columns[:-1])
    goods_rate = table.loc[table["series"] == goods, "cagr_pct"]
    faster = table["cagr_pct"] > goods_rate.iloc[0] if len(goods_rate) else pd.Series(pd.NA, index=table.index)
    return table.assign(faster_than_goods=faster.where(table["series"] != goods, pd.NA))


def headline(growth: Growth, names: Mapping[str, str]) -> str:
    """One sentence for a presenter: which series grew faster than goods over the common window."""
    if growth.window is None or growth.summary.empty:
        return f"{name_of(growth.economy, names)}: too few published series overlap to compare growth."
    start, end = growth.window
    table = growth.summary
    goods = table[table["series"] == GOODS_OF_FLOW[growth.flow]]
    others = table[table["series"] != GOODS_OF_FLOW[growth.flow]]
    parts = [f"{SERIES[r.series].short} {r.cagr_pct:+.1f} %" for r in others.itertuples()]
    if goods.empty:
        return (f"{name_of(growth.economy, names)}, {start}–{end}, compound annual growth: {'; '.join(parts)} "
                "(no goods series to compare with).")
    faster = [SERIES[r.series].short for r in others.itertuples() if r.faster_than_goods is True]
    verdict = (f"faster than goods: {', '.join(faster)}" if faster else "none grew faster than goods")
    return (f"{name_of(growth.economy, names)}, {start}–{end}, compound annual growth: goods "
            f"{goods['cagr_pct'].iloc[0]:+.1f} %; {'; '.join(parts)} — {verdict}.")


def _lower_first(label: str) -> str:
    """'Digital services exports' -> 'digital services exports'; an acronym stays ('IP receipts')."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def percent_change(factor: float) -> str:
    """A growth factor as a change in per cent with a true minus sign and a no-break space before the
    sign, so a line never ends on the number: 1.53 -> '+53 %', 0.94 -> '−6 %'; never '-0 %'."""
    change = round(100.0 * (factor - 1.0))
    return "0\u00a0%" if change == 0 else f"{'+' if change > 0 else '−'}{abs(change):,}\u00a0%"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def lead(growth: Growth, names: Mapping[str, str]) -> str:
    """The presenter's sentence: which series grew faster than goods over the common window, with each
    one's change between the window's first and last year (published values only, nothing extrapolated),
    fastest first. E.g. 'World, 2012–2020: ICT services exports (+98 %) and IP receipts (+35 %) grew
    faster than goods exports (−6 %).'"""
    if growth.window is None or growth.summary.empty:
        return headline(growth, names)
    start, end = growth.window
    table = growth.summary.sort_values("growth_factor", ascending=False)
    goods_id = GOODS_OF_FLOW[growth.flow]
    where = f"{name_of(growth.economy, names)}, {start}–{end}"

    def item(row) -> str:
        return f"{_lower_first(SERIES[row.series].short)} ({percent_change(row.growth_factor)})"

    others = [r for r in table.itertuples() if r.series != goods_id]
    goods = table[table["series"] == goods_id]
    if goods.empty:
        return f"{where}: {_and([item(r) for r in others])}; no goods series to compare with."
    yardstick = item(next(goods.itertuples()))
    faster = [item(r) for r in others if r.faster_than_goods is True]
    slower = [item(r) for r in others if r.faster_than_goods is not True]
    if not faster:
        return f"{where}: none grew faster than {yardstick}" + (f": {_and(slower)}." if slower else ".")
    return (f"{where}: {_and(faster)} grew faster than {yardstick}."
            + (f" Not faster: {_and(slower)}." if slower else ""))


def base_years(growth: Growth) -> list[int]:
    """The years the index may be based on: those in the common window in which every drawn series has a
    published value (the base year has to divide every line)."""
    if growth.window is None or growth.frame.empty:
        return []
    inside = growth.frame[growth.frame["year"].between(*growth.window)]
    counts = inside.groupby("year")["series"].nunique()
    return [int(y) for y, n in counts.items() if n == len(growth.series)]


SOURCE_KEYS = ["source_publisher", "source_title", "source_year", "source_url", "retrieved_from"]


def sources_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The distinct sources behind a table's rows, per series where it has one (in the rows' order): one
    row per publisher and copy read, with `basis` and, for modeled rows, the `method` instead."""
    keys = [c for c in ["series", "basis", "method", *SOURCE_KEYS] if c in frame.columns]
    return frame[keys].drop_duplicates().reset_index(drop=True)


def mirror_label(url: str) -> str:
    """How a page names a copy it links to: 'github.com/<owner>/<repo>' for a repository file, else the
    host without 'www.'."""
    parts = urlsplit(url.strip())
    host = parts.netloc.removeprefix("www.")
    if host == "github.com":
        owner_repo = "/".join(parts.path.strip("/").split("/")[:2])
        return f"{host}/{owner_repo}" if owner_repo else host
    return host or url.strip()


def split_urls(urls: object) -> list[str]:
    """The URLs of a source cell (' | ' separates several); [] for an empty cell."""
    return [u.strip() for u in urls.split(" | ") if u.strip()] if isinstance(urls, str) else []


# ---- leaders -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Leaders:
    """A ranking of economies on one series in one year, or the reason there is none.

    frame: rank, iso3, economy, value (in `unit`), share_of_world_pct (where the world total is
    published that year) and sources; empty when `reason` is set. covered: modeled economies with a
    value in `year`; eligible_years: the years the series covers at least `threshold` of them.
    """

    series: str
    year: int | None
    frame: pd.DataFrame
    covered: int
    threshold: int
    eligible_years: tuple[int, ...]
    reason: str = ""


def leader_years(series: pd.DataFrame, series_id: str, modeled: Iterable[str],
                 threshold: int = config.CONTENT_LEADERS_MIN_ECONOMIES) -> tuple[int, ...]:
    """Years in which at least `threshold` of the `modeled` economies have a value of `series_id`."""
    rows = series[(series["series"] == series_id) & series["iso3"].isin(set(modeled))]
    counts = rows.groupby("year")["iso3"].nunique()
    return tuple(int(y) for y in counts[counts >= threshold].index)


def leaders(series: pd.DataFrame, series_id: str, modeled: Iterable[str], names: Mapping[str, str],
            year: int | None = None, threshold: int = config.CONTENT_LEADERS_MIN_ECONOMIES) -> Leaders:
    """The modeled economies ranked on `series_id` in `year` (default: the latest eligible year).

    No ranking, with the reason, when the series never covers `threshold` economies in a year (a
    ranking of a handful crowns whoever happens to be published) or `year` is not one that does.
    """
    modeled = [c for c in modeled if c not in AGGREGATES]
    years = leader_years(series, series_id, modeled, threshold)
    label = SERIES[series_id].label
    empty = pd.DataFrame(columns=["rank", "iso3", "economy", "value", "unit", "share_of_world_pct", *SOURCE_COLUMNS])
    if not years:
        rows = series[(series["series"] == series_id) & series["iso3"].isin(set(modeled))]
        most = int(rows.groupby("year")["iso3"].nunique().max()) if len(rows) else 0
        return Leaders(series_id, None, empty, most, threshold, (),
                       f"No ranking: {label} covers at most {most} of the {len(modeled)} modeled economies in any "
                       f"year (a ranking needs {threshold}).")
    chosen = year if year in years else years[-1]
    reason = "" if year in (None, chosen) else f"{label} covers too few economies in {year}; ranked {chosen} instead."
    in_year = series[(series["series"] == series_id) & (series["year"] == chosen)]
    ranked = in_year[in_year["iso3"].isin(set(modeled))].sort_values(["value", "iso3"], ascending=[False, True])
    world = in_year.loc[in_year["iso3"] == WORLD, "value"]
    share = 100.0 * ranked["value"] / float(world.iloc[0]) if len(world) else pd.Series(math.nan, index=ranked.index)
    frame = ranked.assign(rank=range(1, len(ranked) + 1), economy=[name_of(c, names) for c in ranked["iso3"]],
                          share_of_world_pct=share)
    return Leaders(series_id, chosen, frame[empty.columns].reset_index(drop=True), len(ranked), threshold, years,
                   reason if reason else "")


def has_ranking(series: pd.DataFrame, modeled: Iterable[str]) -> dict[str, bool]:
    """Which series can have a leaders chart at all (for the page's series picker)."""
    modeled = [c for c in modeled if c not in AGGREGATES]
    return {sid: bool(leader_years(series, sid, modeled)) for sid in SERIES}


def leaders_sentence(ranking: Leaders) -> str:
    """Who leads, for a presenter: 'United States leads digitally deliverable services exports in 2023
    (23 % of the world), ahead of United Kingdom and Ireland.' The ranking's reason when there is none."""
    if ranking.frame.empty:
        return ranking.reason
    top = ranking.frame.head(3)
    first = top.iloc[0]
    share = f" ({first['share_of_world_pct']:.0f} % of the world)" if pd.notna(first["share_of_world_pct"]) else ""
    ahead = f", ahead of {_and(list(top['economy'].iloc[1:]))}" if len(top) > 1 else ""
    text = f"{first['economy']} leads {_lower_first(SERIES[ranking.series].label)} in {ranking.year}{share}{ahead}."
    return f"{text} {ranking.reason}" if ranking.reason else text


def leader_choices(series: pd.DataFrame, shown: Iterable[str]) -> list[tuple[str, str, bool]]:
    """(series id, label, whether it can be ranked) for the page's series picker, in SERIES order: a
    series that never covers enough economies is offered but disabled, its label saying why."""
    rankable = has_ranking(series, shown)
    return [(sid, meta.label if rankable[sid] else f"{meta.label} (too few economies for a ranking)", rankable[sid])
            for sid, meta in SERIES.items()]


# ---- coverage ------------------------------------------------------------------------------------

def coverage(series: pd.DataFrame, economies: Iterable[str], names: Mapping[str, str]) -> pd.DataFrame:
    """Economy × series: first and last year, years with a value, and years missing inside that span.

    One row per pair, every series for every economy (a missing series has years = 0), in the order of
    `economies` and config.CONTENT_SERIES.
    """
    economies = list(economies)
    stats = (series[series["iso3"].isin(set(economies))].groupby(["iso3", "series"])["year"]
             .agg(first_year="min", last_year="max", years="nunique"))
    index = pd.MultiIndex.from_product([economies, list(SERIES)], names=["iso3", "series"])
    table = stats.reindex(index).reset_index()
    table["years"] = table["years"].fillna(0).astype(int)
    span = (table["last_year"] - table["first_year"] + 1).fillna(0)
    table["gap_years"] = (span - table["years"]).astype(int)
    table["first_year"] = table["first_year"].astype("Int64")
    table["last_year"] = table["last_year"].astype("Int64")
    table.insert(1, "economy", [name_of(c, names) for c in table["iso3"]])
    table.insert(3, "label", table["series"].map(lambda s: SERIES[s].label))
    return table


def coverage_text(row) -> str:
    """'2010–2023', '2010–2023 (2 gaps)', '2023' or 'missing' for one coverage row."""
    if row.years == 0:
        return "missing"
    span = f"{row.first_year}" if row.first_year == row.last_year else f"{row.first_year}–{row.last_year}"
    return span + (f" ({row.gap_years} missing)" if row.gap_years else "")


def coverage_wide(cover: pd.DataFrame) -> pd.DataFrame:
    """The coverage table as the page shows it: one row per economy, one column per series (short label)."""
    text = cover.assign(text=[coverage_text(r) for r in cover.itertuples()])
    wide = text.pivot(index=["iso3", "economy"], columns="series", values="text")
    order = list(dict.fromkeys(cover["iso3"]))
    wide = wide.reindex(columns=list(SERIES)).reset_index()
    wide = wide.set_index("iso3").loc[order].reset_index()
    return wide.rename(columns={s: SERIES[s].short for s in SERIES})


def coverage_counts(cover: pd.DataFrame, modeled: Iterable[str]) -> pd.DataFrame:
    """Per series: how many modeled economies have it at all, and its first and last year anywhere."""
    modeled = set(modeled) - set(AGGREGATES)
    rows = cover[cover["iso3"].isin(modeled)]
    counts = rows.assign(has=rows["years"] > 0).groupby("series", sort=False).agg(
        economies=("has", "sum"), first_year=("first_year", "min"), last_year=("last_year", "max"))
    return counts.reindex(list(SERIES)).reset_index().assign(
        label=lambda t: t["series"].map(lambda s: SERIES[s].label), of=len(modeled))


# ---- rules ---------------------------------------------------------------------------------------

RULE_COLUMNS = ["economy", "iso3", "via", "agreement", "type", "role", "status", "standing", "date_signed",
                "date_in_force", "counterpart", "agreement_id", *SOURCE_COLUMNS]
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def plain_date(date: object) -> str:
    """A data file's date as a reader writes it: '2019-01-23' -> '23 January 2019', '2019-01' -> 'January
    2019', '2019' -> '2019'; '' for none."""
    if not isinstance(date, str) or not date:
        return ""
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def standing(agreement_type: str, status: str, date_signed: object, date_in_force: object) -> str:
    """Where a rule stands for an economy, in words, with its date. An EU adequacy decision is the EU's
    one-sided decision about the economy: 'adequacy decision in force since …', never 'joined'."""
    signed, in_force = plain_date(date_signed), plain_date(date_in_force)
    if agreement_type == "adequacy-decision":
        if status == "in-force":
            return f"adequacy decision in force since {in_force}" if in_force else "adequacy decision in force"
        return f"adequacy decision adopted {signed}" if signed else "adequacy decision"
    if status == "in-force":
        return f"in force since {in_force}" if in_force else "in force (date not recorded)"
    words = {"participating": "participating", "signed": "signed", "applied": "applied to join",
             "negotiations-concluded": "negotiations concluded"}[status]
    if not signed:
        when = " (date not recorded)"
    elif status == "participating":
        when = f" since {signed}"
    elif status == "applied":
        when = f" {'on' if signed[0].isdigit() and len(signed) > 4 else 'in'} {signed}"
    else:
        when = f" {signed}"
    return words + when + ("; not yet in force" if status == "signed" else "")


def rules(agreements: pd.DataFrame, view: ContentView, names: Mapping[str, str]) -> pd.DataFrame:
    """The agreements table for the view: its economy's rows (and the EU's, marked 'through the EU', for
    an EU member state; every row for WLD), filtered by type and in-force status, oldest first."""
    table = agreements
    if view.economy == WORLD:
        table = table.assign(via="")
    else:
        own = table[table["iso3"] == view.economy].assign(via="")
        parts = [own]
        if view.economy in eu_members():
            parts.append(table[table["iso3"] == EU].assign(via="through the EU"))
        table = pd.concat(parts, ignore_index=True)
    if view.kinds:
        table = table[table["agreement_type"].isin(view.kinds)]
    if view.in_force:
        table = table[table["status"] == "in-force"]
    table = table.assign(
        economy=[name_of(c, names) for c in table["iso3"]],
        standing=[standing(*r) for r in zip(table["agreement_type"], table["status"], table["date_signed"],
                                             table["date_in_force"])],
        type=table["agreement_type"].map(AGREEMENT_TYPE_LABELS),
        role=table["role"].map(ROLE_LABELS), status=table["status"].map(STATUS_LABELS),
        sort_date=table["date_in_force"].fillna(table["date_signed"]).fillna("9999"),
    )
    table = table.sort_values(["sort_date", "agreement", "economy"], kind="stable")
    return table[RULE_COLUMNS].reset_index(drop=True)


def rules_by_economy(agreements: pd.DataFrame, economies: Iterable[str], names: Mapping[str, str]) -> pd.DataFrame:
    """Economy × agreement: 'in force 2018-12-30', 'participating', 'adequacy decision since 2019-01-23',
    or '' — EU member states show the EU's rows, marked '(EU)'."""
    members = eu_members()
    ids = list(dict.fromkeys(agreements.sort_values("agreement_id")["agreement_id"]))
    by = {(r.iso3, r.agreement_id): r for r in agreements.itertuples()}
    rows = []
    for code in economies:
        if code == WORLD:
            continue
        row = {"iso3": code, "economy": name_of(code, names)}
        for aid in ids:
            record, via = by.get((code, aid)), ""
            if record is None and code in members:
                record, via = by.get((EU, aid)), " (EU)"
            row[aid] = _cell(record) + via if record is not None else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["iso3", "economy", *ids])


def _cell(record) -> str:
    if record.role == "adequacy-decision":
        if pd.isna(record.date_in_force):
            return "adequacy decision"
        return f"adequacy decision since {record.date_in_force}"
    if record.status == "in-force":
        return f"in force {record.date_in_force}" if pd.notna(record.date_in_force) else "in force"
    date = record.date_signed if pd.notna(record.date_signed) else ""
    return f"{STATUS_LABELS[record.status]} {date}".strip()


# ---- CSV downloads -------------------------------------------------------------------------------

def growth_csv(growth: Growth, view: ContentView, names: Mapping[str, str] | None = None) -> str:
    """The indexed chart's rows: the economy (name and code) and direction of trade chosen, value (in
    `unit`), index (base year = 100), the window, sources, and the view's address."""
    window = f"{growth.window[0]}-{growth.window[1]}" if growth.window else ""
    table = growth.frame.assign(economy=name_of(growth.economy, names or {}), direction=FLOWS[growth.flow],
                                label=growth.frame["series"].map(lambda s: SERIES[s].label),
                                base_year=growth.base, common_window=window, view_query=to_query(view))
    return to_csv(table[["economy", "iso3", "direction", "series", "label", "year", "value", "unit", "index",
                         "base_year", "common_window", *SOURCE_COLUMNS, "view_query"]])


def leaders_csv(ranking: Leaders, view: ContentView) -> str:
    return to_csv(ranking.frame.assign(series=ranking.series, year=ranking.year, view_query=to_query(view)))


def coverage_csv(cover: pd.DataFrame) -> str:
    return to_csv(cover)


def rules_csv(table: pd.DataFrame, view: ContentView, names: Mapping[str, str] | None = None) -> str:
    """The rules table as shown, with its filters in the file: the economy chosen (the world: every
    economy), the agreement types (all when none is chosen), in force only or not, and the view's address."""
    kinds = "; ".join(AGREEMENT_TYPE_LABELS[k] for k in view.kinds) or "all"
    return to_csv(table.assign(filter_economy=name_of(view.economy, names or {}), filter_agreement_types=kinds,
                               filter_in_force_only="yes" if view.in_force else "no", view_query=to_query(view)))


def download_name(view: ContentView, what: str) -> str:
    """e.g. content-growth_WLD_exports.csv, content-leaders_digital_exports_2023.csv, content-rules_KOR.csv."""
    if what == "growth":
        return f"content-growth_{view.economy}_{view.flow}.csv"
    if what == "leaders":
        return f"content-leaders_{view.leader}" + (f"_{view.year}" if view.year else "") + ".csv"
    if what == "rules":
        parts = ["content-rules", view.economy] + (["+".join(view.kinds)] if view.kinds else [])
        return "_".join(parts + (["in-force"] if view.in_force else [])) + ".csv"
    return f"content-{what}.csv"


# ---- the networks page's content layers -----------------------------------------------------------

#: The series that stands for each content layer of the networks page, set against goods exports.
MIX_SERIES = {"technology": "ip_receipts", "data": "digital_exports"}


def economy_mix(series: pd.DataFrame, layers: Mapping[str, str] = MIX_SERIES) -> pd.DataFrame:
    """Per economy and content layer: the latest year with both the layer's series and goods exports,
    the two values (USD million, current), and their ratio (layer / goods exports), with the basis.

    basis is 'sourced' when both figures are published, 'modeled' when either is (the world's goods
    exports are a sum over DOTS reporters). An economy without goods exports (Taiwan) or without the
    layer's series has no row: the caller keeps its own fallback and says so.
    """
    goods = series.loc[series["series"] == "goods_exports", ["iso3", "year", "value", "basis"]]
    rows = []
    for layer, sid in layers.items():
        part = series[series["series"] == sid]
        joined = part.merge(goods, on=["iso3", "year"], suffixes=("", "_goods"), how="inner")
        latest = joined.sort_values("year").groupby("iso3").tail(1)
        for r in latest.itertuples():
            both_sourced = r.basis == "sourced" and r.basis_goods == "sourced"
            rows.append(dict(iso3=r.iso3, layer=layer, series=sid, year=int(r.year), value=float(r.value),
                             goods_exports=float(r.value_goods), ratio=float(r.value) / float(r.value_goods),
                             basis="sourced" if both_sourced else "modeled",
                             source=f"{SERIES[sid].source} ({SERIES[sid].code}); IMF DOTS goods exports"))
    columns = ["iso3", "layer", "series", "year", "value", "goods_exports", "ratio", "basis", "source"]
    return pd.DataFrame(rows, columns=columns).sort_values(["layer", "iso3"]).reset_index(drop=True)


# ---- everything the page draws, in one call ---------------------------------------------------------

@dataclass(frozen=True)
class ContentParts:
    """What the page shows for one view, computed from the validated tables (pure given the tables)."""

    names: dict[str, str]
    economies: list[str]
    growth: Growth
    headline: str
    ranking: Leaders
    coverage: pd.DataFrame
    rules: pd.DataFrame


def parts(view: ContentView) -> ContentParts:
    """The growth chart's data, its headline, the ranking, the coverage table and the rules for `view`,
    from the tables loaded once per process (dashboard.datasets.content)."""
    series, agreements, economies = content_series(), digital_agreements(), load.table("economies")
    names = economy_names(economies)
    shown = economies_shown(series, agreements, economies)
    growth = indexed_growth(series, view.economy, view.flow, view.base)
    return ContentParts(
        names=names, economies=shown, growth=growth, headline=headline(growth, names),
        ranking=leaders(series, view.leader, shown, names, view.year),
        coverage=coverage(series, shown, names), rules=rules(agreements, view, names),
    )
