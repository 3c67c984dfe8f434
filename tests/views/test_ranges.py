"""The uncertainty ranges' adapter and words (dashboard/views/ranges.py, the sentences of
dashboard/views/scenario_text.py) and their columns in the results CSV (dashboard/views/scenario_files.py).

Runs use a few draws (`DRAWS` patched): the seed does not depend on the number of draws, so what is
checked here holds for the page's run too."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from dashboard.datasets.export import split_filters
from dashboard.views import ranges as rv, scenario_files as files, scenario_model as model
from dashboard.views.query import parse_query
from dashboard.views.scenario_state import from_query

FEW = {"countries": 20, "clusters": 6}


@pytest.fixture
def few_draws(monkeypatch):
    for level, draws in FEW.items():
        monkeypatch.setitem(rv.DRAWS, level, draws)


def _view(search: str):
    return from_query(parse_query(search))[0]


@pytest.mark.parametrize("search", ["?target=DEU:600&theta=5", "?level=clusters&city=greater-bay-area:600",
                                    "?level=clusters&target=CHN:492&closure=us"])
def test_the_point_of_the_ranges_is_the_point_estimate_of_the_page_at_both_levels(few_draws, search):
    prepared = rv.ranges_inputs(search)
    summary = rv.compute_summary(prepared)
    table = model.run(_view(search)).table.set_index("code")
    assert [r["code"] for r in summary["rows"]] == sorted(table.index, key=list(prepared.names).index)
    for output, _, column in rv.SHOWN:
        point = pd.Series({r["code"]: r[f"{output}.point"] for r in summary["rows"]})
        np.testing.assert_allclose(point, table.loc[point.index, column], atol=1e-5)
    assert summary["draws"] == FEW[prepared.level] and summary["level"] == _view(search).level


def test_city_cluster_ranges_are_drawn_per_node_with_fewer_draws_stated():
    prepared = rv.ranges_inputs("?level=clusters&city=greater-bay-area:600")
    inputs = prepared.inputs or {}
    assert inputs["draws"] == rv.DRAWS["clusters"] < rv.DRAWS["countries"]
    nodes = list(inputs["economies"])
    moved = [n for n, b, t in zip(nodes, inputs["density_base"], inputs["density_target"]) if b != t]
    assert moved == ["greater-bay-area"]  # a city target moves its cluster alone
    assert prepared.names["greater-bay-area"] == ("Guangdong-Hong Kong-Macao Greater Bay Area", "CHN")
    china = [k for k, n in enumerate(nodes) if prepared.names[n][1] == "CHN"]
    assert len({inputs["groups"][k] for k in china}) == 1  # one measured density for the country


def _summary(agreements: dict[str, tuple[float, float, float]], level: str = "countries") -> dict:
    """A summary with, per code, (export share point, its sign agreement, real income point)."""
    rows = []
    for code, (share, agree, income) in agreements.items():
        row = {"code": code, "name": {"USA": "United States", "ROW": "Rest of world"}.get(code, code),
               "country": code, "moved": income > 1}
        row |= {"goods_export_share.point": share, "goods_export_share.sign_agreement": agree,
                "real_income.point": income, "real_income.sign_agreement": 1.0}
        for output in ("goods_export_share", "real_income"):
            point = row[f"{output}.point"]
            row |= {f"{output}.median": point, f"{output}.low": point - 1, f"{output}.high": point + 1}
        rows.append(row)
    return {"rows": rows, "draws": 1000, "used": 998, "failed": 2, "interval": [0.05, 0.95], "seed": "123",
            "level": level, "mc_error": [0.04, 0.06]}


def test_the_headline_says_how_sure_the_named_gains_and_losses_are():
    summary = _summary({"Germany": (0.8, 0.976, 2.0), "USA": (-0.5, 0.996, 0.1), "Japan": (-0.1, 0.72, 0.1),
                        "Korea": (0.05, 0.55, 0.1), "Spain": (0.0001, 0.5, 0.0), "ROW": (-0.9, 1.0, 0.0)})
    assert rv.headline(summary) == [
        "Germany gains export share in 97 % of draws.",
        "The United States loses export share in 99 % of draws.",  # the rest of the world is never named
        "Real income in Germany rises in 100 % of draws.",
        "The sign of the export-share change holds in at least 90 % of draws for 2 of the 4 economies; "
        "less sure: Korea (55 %), Japan (72 %).",  # Spain's change rounds to zero: not counted
    ]


def test_a_sure_headline_and_a_baseline_with_nothing_to_say():
    assert rv.headline(_summary({"Germany": (0.8, 0.95, 2.0), "USA": (-0.5, 0.91, 0.0)}))[-1] == (
        "The sign of the export-share change holds in at least 90 % of draws for all 2 economies.")
    assert rv.headline(_summary({"Germany": (0.0, 1.0, 0.0)})) == []


def test_the_status_states_the_draws_their_cost_and_their_error():
    words = rv.draws_words(_summary({"Germany": (0.8, 0.95, 2.0)}, level="clusters"))
    assert words == ("Medians and 90 % intervals over 998 Monte Carlo draws (2 did not converge; 1,000 draws at "
                     f"city-cluster level, {rv.COST['clusters']}). Monte Carlo error of an interval end: 4 % of the "
                     "interval's width at the median, 6 % at worst.")


def test_the_csv_carries_the_interval_columns_the_draws_and_the_seed(few_draws):
    search = "?target=DEU:600&theta=5"
    view = _view(search)
    summary = rv.compute_summary(rv.ranges_inputs(search))
    text = files.results_csv(view, model.run(view), summary)
    frame = pd.read_csv(io.StringIO(text))
    germany = frame.set_index("code").loc["DEU"]
    row = next(r for r in summary["rows"] if r["code"] == "DEU")
    for stem, output in (("goods_export_share_change_pp", "goods_export_share"), ("real_income_change_pct",
                                                                                  "real_income")):
        assert germany[f"{stem}_median"] == pytest.approx(row[f"{output}.median"])
        assert germany[f"{stem}_p5"] == pytest.approx(row[f"{output}.low"])
        assert germany[f"{stem}_p95"] == pytest.approx(row[f"{output}.high"])
        assert germany[f"{stem}_sign_agreement"] == pytest.approx(row[f"{output}.sign_agreement"])
        assert (frame[f"{stem}_p5"] <= frame[f"{stem}_p95"]).all()
    assert germany["param_ranges_seed"] == int(summary["seed"])
    assert germany["param_ranges_draws"] == f"{FEW['countries']} used of {FEW['countries']} (0 did not converge)"
    assert germany["param_ranges"].startswith("median and 90 % interval (5th to 95th percentile)")
    assert split_filters(text)[0] == {}  # no header lines: pandas and Excel read the file as it is


def test_the_same_url_gives_the_same_csv_ranges(few_draws):
    """Two spellings of one scenario: the same ranges, byte for byte, in the file."""
    texts = []
    for search in ("?target=DEU:600&theta=5", "?theta=5.0&target=deu:600.0"):
        view = _view(search)
        texts.append(files.results_csv(view, model.run(view), rv.compute_summary(rv.ranges_inputs(search))))
    assert texts[0] == texts[1]


def test_an_uploaded_matrix_says_it_has_no_ranges():
    view = _view("?target=DEU:600")
    frame = pd.read_csv(io.StringIO(files.results_csv(view, model.run(view))))
    assert frame["param_ranges"].iloc[0].startswith("none")
    assert not [c for c in frame.columns if c.endswith("_p5")]
