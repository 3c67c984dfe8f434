"""The sources table shown on the methods page is generated from the data and covers every row."""
from __future__ import annotations

from dashboard.datasets import load
from dashboard.datasets.schema import TABLES
from dashboard.datasets.sources import sources_table


def test_every_row_of_every_file_is_counted_once():
    table = sources_table()
    total_rows = sum(len(load.table(s.name)) for s in TABLES)
    assert table["rows"].sum() == total_rows


def test_sourced_citations_are_complete_and_modeled_ones_name_a_method():
    table = sources_table()
    sourced = table[table["basis"] == "sourced"]
    assert not sourced.empty
    assert sourced["source_url"].str.startswith("http").all()
    assert sourced["source_publisher"].str.len().gt(0).all()
    assert sourced["source_title"].str.len().gt(0).all()
    modeled = table[table["basis"] == "modeled"]
    assert (modeled["source_title"].str.len() > 10).all()
