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
