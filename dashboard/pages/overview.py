"""Overview (/): the report's three claims, each with real figures from data/ and a link onward."""
from __future__ import annotations

import functools

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import config
from dashboard.components import charts, shell
from dashboard.datasets import load
from dashboard.datasets.export import to_csv
from dashboard.datasets.regions import region_of
from dashboard.figures.maps import GRAPH_CONFIG, cluster_map
from dashboard.figures.overview import ranked_bar, strategies_per_year
from dashboard.figures.theme import for_mode
from dashboard.ids import Overview as ID, Shell
from dashboard.views import overview as ov
from dashboard.views.nested_clusters import nested_baseline
from dashboard.views.networks import cluster_count

PATH = "/"
#: The charts below the first, sent by `fill_in` once the page is in (components/charts.py placeholder).
LATER = (ID.CLUSTER_MAP, ID.ROBOT_CHART, ID.MVA_CHART)


def _claim(number: int, title: str, text: list, figure, link: tuple[str, str]) -> dbc.Card:
    """One claim's card: its text, its chart (or charts) and the link onward."""
    return dbc.Card(dbc.CardBody([html.H2(f"{number}. {title}", className="h5"), html.P(text), figure,
                                  dcc.Link(link[0], href=link[1], className="btn btn-outline-primary btn-sm")]),
                    className="mb-4 shadow-sm")


def _cluster_points(clusters: pd.DataFrame) -> pd.DataFrame:
    """Clusters sized by their published population; where none is published, the smallest marker."""
    def label(row) -> str:
        if pd.isna(row["population_m"]):
            return "cluster population not published"
        year = "year not stated" if pd.isna(row["population_year"]) else int(row["population_year"])
        return f"population {row['population_m']:,.1f} million ({year})"

    points = clusters.assign(region=clusters["iso3"].map(region_of), size_value=clusters["population_m"])
    return points.assign(size_label=points.apply(label, axis=1))


def _modeled(clusters: pd.DataFrame) -> pd.DataFrame:
    """The clusters the model holds as trading units: the map shows the clusters the card's count names
    (cluster_count; the networks page says why the others are left out)."""
    left_out = set(nested_baseline().excluded["cluster_id"])
    return clusters[~clusters["cluster_id"].isin(left_out)]


def layout(**_query: str) -> html.Div:
    """This page has no view state: the query is ignored and the layout is built once per process."""
    return _layout()


@functools.cache
def _figures() -> dict[str, dict]:
    """Every chart of the page by graph id, built once per process (the data are read-only)."""
    economies = load.table("economies")
    indicators = load.table("indicators")
    names = economies.set_index("iso3")["name"]
    density = ov.latest_by_economy(indicators, "robot_density", names)
    mva = ov.latest_by_economy(indicators, "mva_usd_bn", names)
    figures = {
        ID.STRATEGIES_CHART: strategies_per_year(ov.strategies_per_year(load.table("strategies")),
                                                 ov.STRATEGIES_CHART),
        ID.CLUSTER_MAP: cluster_map(_cluster_points(_modeled(load.table("city_clusters"))), ov.CLUSTERS_CHART,
                                    "GeoNames (coordinates); population as published per cluster (see Methods)"),
        ID.ROBOT_CHART: ranked_bar(density, ov.RANKED_CHARTS["robot_density"], "robots per 10,000 employees", ov.TOP),
        ID.MVA_CHART: ranked_bar(mva, ov.RANKED_CHARTS["mva_usd_bn"], "USD billion", ov.TOP),
    }
    return {graph: figure.to_plotly_json() for graph, figure in figures.items()}


@functools.cache
def _layout() -> html.Div:
    economies = load.table("economies")
    indicators = load.table("indicators")
    strategies = load.table("strategies")
    count = cluster_count()  # the networks page states the same count from the same place
    names = economies.set_index("iso3")["name"]
    figures = _figures()
    density = ov.latest_by_economy(indicators, "robot_density", names)
    n_economies = strategies["iso3"].nunique()
    first = strategies.dropna(subset=["launch_year"]).sort_values("launch_year").iloc[0]
    leader = density.iloc[0] if not density.empty else None

    claim1 = _claim(
        1, "Major economies answer with national strategies",
        [f"{len(strategies)} strategies from {n_economies} economies are in the data, the earliest launched in "
         f"{int(first['launch_year'])} ({first['strategy']}, {first['economy']})."],
        charts.chart(ID.STRATEGIES_CHART, figures[ID.STRATEGIES_CHART], GRAPH_CONFIG),
        ("Explore the strategies", "/strategies"),
    )
    claim2 = _claim(
        2, "City clusters become trading units",
        [f"{count.clusters} city clusters in {count.countries} countries are modeled as trading units, each country's "
         "clusters plus a rest of country adding up to its sourced trade. Flows between them come from a gravity "
         "model (labelled modeled), and the scenarios show how much "
         "production stays inside one country or city when intelligent manufacturing spreads."],
        charts.chart(ID.CLUSTER_MAP, figures[ID.CLUSTER_MAP], GRAPH_CONFIG, later=True),
        ("Explore city-cluster trade", "/networks"),
    )
    leader_text = (f"{leader['name']} leads robot density with {leader['value']:,.0f} robots per 10,000 "
                   f"manufacturing employees ({int(leader['year'])})." if leader is not None else "")
    claim3 = _claim(
        3, "Early adopters gain competitiveness",
        [leader_text, " Economies that automate early raise productivity; the scenarios page models what "
                      "that does to export market shares and to production kept at home."],
        dbc.Row([
            dbc.Col(charts.chart(ID.ROBOT_CHART, figures[ID.ROBOT_CHART], GRAPH_CONFIG, later=True), lg=6),
            dbc.Col(charts.chart(ID.MVA_CHART, figures[ID.MVA_CHART], GRAPH_CONFIG, later=True), lg=6),
        ]),
        ("Run a scenario", "/scenarios"),
    )
    return html.Div([
        html.H1("How intelligent manufacturing reshapes trade", className="h2"),
        html.P("Robots, AI, industrial IoT and 3D printing change where things are made and what is traded. "
               "This atlas lets you check three claims against sourced data and a transparent trade model.",
               className="lead"),
        claim1, claim2, claim3,
        # The report's first impact, new trade content, has its own page (issue 27).
        html.P(["Technology, data and robots become traded beside goods: ",
                dcc.Link("is that trade growing faster than goods trade, and who leads?", href="/content"), "."],
               className="mb-4"),
        html.Div([
            dbc.Button("Download the figures (CSV)", id=ID.DOWNLOAD_BUTTON, color="primary", size="sm"),
            html.Span(" Every figure behind the four charts, with its unit, data year and source.",
                      className="small text-muted"),
            dcc.Download(id=ID.DOWNLOAD),
        ], className="mb-4"),
    ])


@callback(*(Output(graph, "figure") for graph in LATER),
          *(output for graph in LATER for output in charts.text_outputs(graph)),
          charts.painted(PATH), State(Shell.MODE, "data"), prevent_initial_call=True)
def fill_in(_painted: object, mode: object) -> list:
    """The charts below the first, once it is on screen (components/charts.py painted)."""
    figures = [for_mode(_figures()[graph], mode) for graph in LATER]
    return [*figures, *(text for figure in figures for text in charts.text_of(figure))]


@callback(Output(ID.DOWNLOAD, "data"), Input(ID.DOWNLOAD_BUTTON, "n_clicks"), prevent_initial_call=True)
def download(_clicks: int) -> dict:
    return dict(content=to_csv(ov.overview_figures()), filename=ov.DOWNLOAD_NAME, type="text/csv")


dash.register_page(__name__, path=PATH, name="Overview", order=0, title=f"Overview · {config.APP_TITLE}",
                   description="The three claims, with the figures behind them.",
                   layout=shell.page_layout(PATH, layout))
