"""data/story.csv, the default story of presenter mode: validated at load like every data file."""
from __future__ import annotations

import pytest

from dashboard import config
from dashboard.datasets import load
from dashboard.datasets.load import DataError, read_table
from dashboard.datasets.schema import STORY, TABLES

HEADER = "slide,path,query,title,caption\n"


def test_the_story_loads_at_start_up_and_is_described_in_the_data_readme():
    assert load.table(STORY.name)["slide"].tolist() == list(range(1, len(load.table(STORY.name)) + 1))
    assert f"`{STORY.file}`" in (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert STORY not in TABLES  # views, not figures: no sources, and not on the methods page's sources table


@pytest.mark.parametrize("rows, row, column, message", [
    ("1,/,,Start,\n2,strategies,,No slash,\n", 2, "path", "'strategies' is not a page path such as / or /strategies"),
    ("1,/,,Start,\n1,/networks,,Again,\n", 2, "slide", "duplicate key 1 (first at row 1)"),
    ("0,/,,Start,\n", 1, "slide", "0 is below the minimum 1"),
    ("1,/,,,\n", 1, "title", "is empty but required"),
])
def test_a_broken_story_file_names_row_and_column(tmp_path, rows, row, column, message):
    (tmp_path / STORY.file).write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_table(STORY.name, tmp_path)
    assert (caught.value.file, caught.value.row, caught.value.column) == (STORY.file, row, column)
    assert str(caught.value).endswith(message)
