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
    matrix, problems, note = files.parse_upload(files.template_csv().encode())
    assert problems == [] and note == ""
    np.testing.assert_allclose(matrix.loc[trade_matrix().index, trade_matrix().columns], trade_matrix())


@pytest.mark.parametrize("text, fragment", [
    ("a,b,c\n1,2,3\n", "flows.csv, header (row 1): missing column(s) exporter, importer, value"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,BBB,=1+1\nBBB,BBB,5\n",
     "flows.csv, row 3, column value: '=1+1' is not a number"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,BBB,-3\nBBB,BBB,5\n",
     "flows.csv, row 3, column value: '-3' must be a finite number"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,AAA,11\nBBB,BBB,5\n",
     "flows.csv, row 3: the pair AAA → AAA appears twice"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,BBB,3\n", "flows.csv: 'BBB' has no positive domestic sales"),
    ("exporter,importer,value\nAAA,AAA,10\n<script>,AAA,1\n", "flows.csv, row 3, column exporter"),
    ("exporter,importer,value\n", "flows.csv has a header but no data rows"),
    ("exporter,importer,value\nAAA,AAA,10\nAAA,BBB\n", "flows.csv, row 3: 2 cells"),
])
def test_upload_problems_name_the_spreadsheet_row_and_column(text, fragment):
    """Rows as a spreadsheet numbers them: the header is row 1, the first data row row 2 (issue 26 #12)."""
    matrix, problems, _ = files.parse_upload(text.encode(), "flows.csv")
    assert matrix is None and any(fragment in p for p in problems), problems


def test_upload_lists_every_problem_not_just_the_first():
    _, problems, _ = files.parse_upload(b"exporter,importer,value\nAAA,AAA,x\nAAA,BBB,-1\nBBB,BBB,y\n", "f.csv")
    assert problems == [
        "f.csv, row 2, column value: 'x' is not a number. Likewise in 1 more row (2 in all: rows 2, 4).",
        "f.csv, row 3, column value: '-1' must be a finite number ≥ 0."]


def test_repeated_problems_are_told_once_with_their_rows():
    """One hostile name on 42 rows gave 42 near-identical bullets (issue 26 #12): now one line with its rows."""
    rows = "".join(f"<b{i}>,AAA,1\n" for i in range(42))
    _, problems, _ = files.parse_upload(f"exporter,importer,value\nAAA,AAA,10\n{rows}".encode(), "f.csv")
    assert len(problems) == 1, problems
    assert problems[0].startswith("f.csv, row 3, column exporter: '<b0>' is not a code")
    assert "Likewise in 41 more rows (42 in all: rows 3, 4, 5" in problems[0]


@pytest.mark.parametrize("raw, note", [
    (b"exporter;importer;value\nDEU;DEU;100,5\nDEU;FRA;10\nFRA;FRA;80\n", "read as semicolon-separated"),
    (b"exporter\timporter\tvalue\nDEU\tDEU\t100.5\nDEU\tFRA\t10\nFRA\tFRA\t80\n", "read as tab-separated"),
    ("exporter,importer,value\nDEU,DEU,100.5\nDEU,FRA,10\nFRA,FRA,80\n".encode("utf-16"), ""),
], ids=["semicolon-decimal-comma", "tab", "utf-16"])
def test_excel_s_other_csv_forms_are_read_and_said(raw, note):
    """A semicolon file was "missing columns" and UTF-16 "binary or compressed" (issue 26 #12)."""
    matrix, problems, said = files.parse_upload(raw, "f.csv")
    assert problems == [] and said == note
    assert matrix.loc["DEU", "DEU"] == 100.5 and matrix.loc["DEU", "FRA"] == 10


@pytest.mark.parametrize("raw, fragment", [
    (b"PK\x03\x04" + b"\x00" * 100, "f.csv is a zip file"),
    (b"exporter,importer,value\n\xff\xfe,AAA,1\n", "f.csv is not UTF-8 text"),
    (b"x" * (files.MAX_UPLOAD_BYTES + 1), "the limit is 1.0 MB: nothing was loaded"),
])
def test_hostile_uploads_are_refused_cleanly(raw, fragment):
    matrix, problems, _ = files.parse_upload(raw, "f.csv")
    assert matrix is None and any(fragment in p for p in problems), problems


def test_a_matrix_survives_the_store_and_junk_does_not():
    matrix, _, _ = files.parse_upload(b"exporter,importer,value\nDEU,DEU,100\nDEU,FRA,10\nFRA,FRA,80\n")
    assert matrix.loc["FRA", "DEU"] == 0  # missing pairs are zero trade
    assert files.matrix_from_records(files.matrix_to_records(matrix)).equals(matrix)
    assert files.matrix_from_records({"codes": ["A"], "values": "junk"}) is None


def test_the_productivity_set_for_uploaded_economies_travels_in_the_store_and_junk_does_not():
    matrix, _, _ = files.parse_upload(b"exporter,importer,value\nAAA,AAA,100\nAAA,BBB,10\nBBB,BBB,80\n")
    record = files.with_productivity(files.matrix_to_records(matrix), {"AAA": 12.5, "BBB": "x", "ZZZ": 3, None: 1})
    assert record["productivity_pct"] == {"AAA": 12.5}
    back, productivity = files.upload_from_records(record)
    assert back.equals(matrix) and productivity == {"AAA": 12.5}
    assert files.upload_from_records({"codes": ["A"], "values": "junk", "productivity_pct": {"A": 1}}) == (None, {})
    assert files.with_productivity(None, {"AAA": 1}) is None
    assert files.upload_from_records({**record, "productivity_pct": {"AAA": float("inf"), "BBB": True}})[1] == {}


def test_the_csv_carries_the_productivity_the_user_set():
    import io

    import pandas as pd

    from dashboard.views import scenario_model as model
    from dashboard.views.scenario_state import BASELINE

    matrix, _, _ = files.parse_upload(b"exporter,importer,value\nAAA,AAA,100\nAAA,BBB,10\nBBB,BBB,80\n")
    outcome = model.run(BASELINE, matrix, {"AAA": 5})
    frame = pd.read_csv(io.StringIO(files.results_csv(BASELINE, outcome)), comment="#")
    assert (frame["param_productivity_change_pct_AAA"] == "5 (set by the user; no robot data)").all()


def test_a_hostile_upload_record_gives_no_productivity():
    record = {"codes": [["A"], {"b": 1}], "values": [[1, 0], [0, 1]], "productivity_pct": {"['A']": 5}}
    matrix, productivity = files.upload_from_records(record)
    assert list(matrix.index) == ["['A']", "{'b': 1}"] and productivity == {"['A']": 5.0}
    assert files.with_productivity(record, {"['A']": 7})["productivity_pct"] == {"['A']": 7.0}
