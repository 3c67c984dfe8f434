"""Overview (/): the report's three claims, each with real figures from data/ and a link onward."""
from __future__ import annotations

import functools
from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.components import charts
from dashboard.datasets import load
from dashboard.datasets.export import to_csv
from dashboard.datasets.regions import region_of
from dashboard.figures.maps import GRAPH_CONFIG, MAP_GRAPH_CONFIG, cluster_map
from dashboard.figures.overview import ranked_bar, strategies_per_year
from dashboard.ids import Overview
from dashboard.pages.registry import Page
from dashboard.views import overview as ov


def _claim(number: int, title: str, text: list, figure, link: tuple[str, str]) -> dbc.Card:
    """One claim's card (`figure`: a component, or the list `charts.after_first_chart` gives). The onward
    link shows only once its page exists (pages land issue by issue)."""
    from dashboard.pages import PATHS  # at call time: the registry imports this module

    body = [html.H2(f"{number}. {title}", className="h5"), html.P(text),
            *(figure if isinstance(figure, list) else [figure])]
    if link[1] in PATHS:
        body.append(dcc.Link(link[0], href=link[1], className="btn btn-outline-primary btn-sm"))
    return dbc.Card(dbc.CardBody(body), className="mb-4 shadow-sm")


def _cluster_points(clusters: pd.DataFrame) -> pd.DataFrame:
    """Clusters sized by their published population; where none is published, the smallest marker."""
    def label(row) -> str:
        if pd.isna(row["population_m"]):
            return "cluster population not published"
        year = "year not stated" if pd.isna(row["population_year"]) else int(row["population_year"])
        return f"population {row['population_m']:,.1f} million ({year})"

    points = clusters.assign(region=clusters["iso3"].map(region_of), size_value=clusters["population_m"])
    return points.assign(size_label=points.apply(label, axis=1))


def layout(query: Mapping[str, str]) -> html.Div:
    """This page has no view state: the query is ignored and the layout is built once per process."""
    return _layout()


@functools.cache
def _layout() -> html.Div:
    economies = load.table("economies")
    indicators = load.table("indicators")
    strategies = load.table("strategies")
    clusters = load.table("city_clusters")
    names = economies.set_index("iso3")["name"]

    density = ov.latest_by_economy(indicators, "robot_density", names)
    mva = ov.latest_by_economy(indicators, "mva_usd_bn", names)
    n_economies = strategies["iso3"].nunique()
    first = strategies.dropna(subset=["launch_year"]).sort_values("launch_year").iloc[0]
    leader = density.iloc[0] if not density.empty else None

    claim1 = _claim(
        1, "Major economies answer with national strategies",
        [f"{len(strategies)} strategies from {n_economies} economies are in the data, the earliest launched in "
         f"{int(first['launch_year'])} ({first['strategy']}, {first['economy']})."],
        dcc.Graph(figure=strategies_per_year(ov.strategies_per_year(strategies), ov.STRATEGIES_CHART),
                  config=GRAPH_CONFIG),
        ("Explore the strategies", "/strategies"),
    )
    claim2 = _claim(
        2, "City clusters become trading units",
        [f"{len(clusters)} city clusters in {clusters['iso3'].nunique()} countries are modeled as trading units. "
         "Flows between them come from a gravity model (labelled modeled), and the scenarios show how much "
         "production stays inside one country or city when intelligent manufacturing spreads."],
        charts.after_first_chart(dcc.Graph(id=Overview.CLUSTER_MAP, config=MAP_GRAPH_CONFIG, figure=cluster_map(
            _cluster_points(clusters), ov.CLUSTERS_CHART,
            "GeoNames (coordinates); population as published per cluster (see Methods)"))),
        ("Explore city-cluster trade", "/networks"),
    )
    leader_text = (f"{leader['name']} leads robot density with {leader['value']:,.0f} robots per 10,000 "
                   f"manufacturing employees ({int(leader['year'])})." if leader is not None else "")
    claim3 = _claim(
        3, "Early adopters gain competitiveness",
        [leader_text, " Economies that automate early raise productivity; the scenarios page models what "
                      "that does to export market shares and to production kept at home."],
        dbc.Row([
            dbc.Col(charts.after_first_chart(dcc.Graph(id=Overview.ROBOT_CHART, config=GRAPH_CONFIG, figure=ranked_bar(
                density, ov.RANKED_CHARTS["robot_density"], "robots per 10,000 employees", ov.TOP))), lg=6),
            dbc.Col(charts.after_first_chart(dcc.Graph(id=Overview.MVA_CHART, config=GRAPH_CONFIG, figure=ranked_bar(
                mva, ov.RANKED_CHARTS["mva_usd_bn"], "USD billion", ov.TOP))), lg=6),
        ]),
        ("Run a scenario", "/scenarios"),
    )
    return html.Div([
        html.H1("How intelligent manufacturing reshapes trade", className="h2"),
        html.P("Robots, AI, industrial IoT and 3D printing change where things are made and what is traded. "
               "This atlas lets you check three claims against sourced data and a transparent trade model.",
               className="lead"),
        claim1, claim2, claim3,
        html.Div([
            dbc.Button("Download the figures (CSV)", id=Overview.DOWNLOAD_BUTTON, color="primary", size="sm"),
            html.Span(" Every figure behind the four charts, with its unit, data year and source.",
                      className="small text-muted"),
            dcc.Download(id=Overview.DOWNLOAD),
        ], className="mb-4"),
    ])


@callback(Output(Overview.DOWNLOAD, "data"), Input(Overview.DOWNLOAD_BUTTON, "n_clicks"), prevent_initial_call=True)
def download(_clicks) -> dict:
    return dict(content=to_csv(ov.overview_figures()), filename=ov.DOWNLOAD_NAME, type="text/csv")


PAGE = Page(path="/", name="Overview", layout=layout,
            description="The three claims, with the figures behind them.")
