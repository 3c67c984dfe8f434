"""CSV downloads: formula cells escaped (OWASP CSV injection), numbers left as numbers."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.datasets.export import escape_formula, to_csv


@pytest.mark.parametrize("text, expected", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"),
    ("Germany", "Germany"), ("", ""), ("a=b", "a=b"),
])
def test_escape_formula(text, expected):
    assert escape_formula(text) == expected


def test_to_csv_escapes_text_but_keeps_negative_numbers():
    frame = pd.DataFrame({"economy": ["=cmd|' /C calc'!A0", "Mexico"], "change_pp": [-0.5, 0.8]})
    text = to_csv(frame)
    back = pd.read_csv(io.StringIO(text))
    assert back["economy"].tolist() == ["'=cmd|' /C calc'!A0", "Mexico"]
    assert back["change_pp"].tolist() == [-0.5, 0.8]
    assert text.splitlines()[0] == "economy,change_pp"


def test_to_csv_handles_pandas_string_dtype_and_missing_values():
    frame = pd.DataFrame({"name": pd.array(["-x", None], dtype="string"), "n": pd.array([1, None], dtype="Int64")})
    back = pd.read_csv(io.StringIO(to_csv(frame)))
    assert back["name"].iloc[0] == "'-x"
    assert pd.isna(back["name"].iloc[1]) and pd.isna(back["n"].iloc[1])


def test_a_hostile_string_in_a_data_file_is_escaped_in_every_download(data_copy):
    """A formula planted in a data field (a strategy's notes, a cluster's name) reaches the CSV files
    the strategies page and the methods page offer only as escaped text."""
    import csv

    from dashboard.datasets.load import load_tables
    from dashboard.datasets.sources import sources_table
    from dashboard.views import strategies as view

    hostile = '=HYPERLINK("http://evil.example","click")'
    path = data_copy / "strategies.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("notes")] = hostile
    rows[1][rows[0].index("lead_body")] = "@SUM(1+1)"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    tables = load_tables(data_copy)

    downloads = {
        "strategies": to_csv(view.table_frame(view.filter_strategies(tables["strategies"], view.StrategiesView()))),
        "sources": to_csv(sources_table(tables)),
    }
    for name, text in downloads.items():
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not any(cell.startswith(("=", "@")) for cell in cells), name
    assert "'" + hostile in downloads["strategies"].replace('""', '"')
    assert "'@SUM(1+1)" in downloads["strategies"]


def test_the_views_filters_travel_inside_the_file_as_header_lines():
    """Issue 26 #11: the filters are in the file, not only in its name; the table reads back after them."""
    from dashboard.datasets.export import split_filters

    frame = pd.DataFrame({"economy": ["Japan"], "value": [1.5]})
    text = to_csv(frame, [("view", "/strategies?focus=robotics"), ("period", "2013–2020\nsecond line")])
    assert text.splitlines()[:3] == ["# view: /strategies?focus=robotics", "# period: 2013–2020 second line",
                                     "economy,value"]
    filters, table = split_filters(text)
    assert filters == {"view": "/strategies?focus=robotics", "period": "2013–2020 second line"}
    assert pd.read_csv(io.StringIO(table)).equals(frame)
    assert to_csv(frame).splitlines()[0] == "economy,value"  # no filters: no header lines
