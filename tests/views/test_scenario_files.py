"""The scenarios page's files (dashboard.views.scenario_files): the results CSV with every parameter and
the new columns, its name, the template, and the parser of an uploaded matrix."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from dashboard.datasets.matrices import trade_matrix
from dashboard.views import scenario_files as files, scenario_model as model
from dashboard.views.scenario_state import preset_view


def test_results_csv_carries_the_outputs_and_every_parameter():
    view = preset_view("us-automates-closes-deficit")
    frame = pd.read_csv(io.StringIO(files.results_csv(view, model.run(view))))
    assert len(frame) == len(trade_matrix())
    for column in [*model.COLUMNS, "real_income_adoption_effect_pct", "goods_export_share_closure_effect_pp",
                   "robot_density_basis", "deficit_after_usd_bn"]:
        assert column in frame.columns, column
    assert (frame["param_deficits"].str.startswith("us: ")).all()
    assert frame["param_target_robot_density_USA"].iloc[0] == "346 (baseline 171.7)"
    assert frame["param_url_query"].iloc[0] == "?target=USA:346&closure=us"
    assert pd.api.types.is_float_dtype(frame["goods_export_share_change_pp"])
    assert (frame["goods_export_share_change_pp"] < 0).any()
    assert files.download_name(view) == f"scenario-countries-USA346-us-theta4-eta{view.eta:g}-eps-central.csv"


def test_a_cluster_csv_carries_the_named_measures():
    view = preset_view("china-robot-density-2025")
    from dataclasses import replace
    view = replace(view, level="clusters", city_targets=(("greater-bay-area", 600.0),))
    frame = pd.read_csv(io.StringIO(files.results_csv(view, model.run(view))))
    for column in ("international_goods_exports_before_usd_bn", "goods_sales_to_own_country_clusters_after_usd_bn",
                   "goods_sales_to_rest_of_own_country_after_usd_bn",
                   "param_city_target_robot_density_greater-bay-area"):
        assert column in frame.columns, column


def test_the_template_uploads_back_to_the_baseline():
    matrix, problems = files.parse_upload(files.template_csv().encode())
    assert problems == []
    np.testing.assert_allclose(matrix.loc[trade_matrix().index, trade_matrix().columns], trade_matrix())


@pytest.mark.parametrize("text, fragment", [
    ("a,b,c\n1,2,3\n", "missing column(s) exporter, importer, value"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,BBB,=1+1\nBBB,BBB,5\n", "Row 2, column value: '=1+1' is not a number"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,BBB,-3\nBBB,BBB,5\n",
     "Row 2, column value: '-3' must be a finite number"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,AAA,11\nBBB,BBB,5\n", "Row 2: the pair AAA → AAA appears twice"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,BBB,3\n", "'BBB' has no positive domestic sales"),
    ("exporter,importer,value\nAAA,AAA,10\n<script>,AAA,1\n", "Row 2, column exporter"),
    ("exporter,importer,value\n", "no data rows"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,BBB\n", "Row 2: 2 cells"),
])
def test_upload_problems_name_row_and_column(text, fragment):
    matrix, problems = files.parse_upload(text.encode())
    assert matrix is None and any(fragment in p for p in problems), problems


def test_upload_lists_every_problem_not_just_the_first():
    _, problems = files.parse_upload(b"exporter,importer,value\nAAA,AAA,x\nAAA,BBB,-1\nBBB,BBB,y\n")
    assert len(problems) == 3 and [p.split(",")[0] for p in problems] == ["Row 1", "Row 2", "Row 3"]


@pytest.mark.parametrize("raw, fragment", [
    (b"PK\x03\x04" + b"\x00" * 100, "looks binary or compressed"),
    (b"exporter,importer,value\n\xff\xfe,AAA,1\n", "not UTF-8"),
    (b"x" * (files.MAX_UPLOAD_BYTES + 1), "the limit is 1 MB"),
])
def test_hostile_uploads_are_refused_cleanly(raw, fragment):
    matrix, problems = files.parse_upload(raw)
    assert matrix is None and any(fragment in p for p in problems), problems


def test_a_matrix_survives_the_store_and_junk_does_not():
    matrix, _ = files.parse_upload(b"exporter,importer,value\nDEU,DEU,100\nDEU,FRA,10\nFRA,FRA,80\n")
    assert matrix.loc["FRA", "DEU"] == 0  # missing pairs are zero trade
    assert files.matrix_from_records(files.matrix_to_records(matrix)).equals(matrix)
    assert files.matrix_from_records({"codes": ["A"], "values": "junk"}) is None
