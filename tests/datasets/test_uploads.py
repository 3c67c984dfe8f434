"""Uploaded files as text (dashboard/datasets/uploads.py): encodings, separators, rows as a spreadsheet
numbers them, like problems grouped."""
from __future__ import annotations

from dashboard.datasets.uploads import csv_text, grouped, size_text, spreadsheet_rows, too_big


def test_a_semicolon_file_with_decimal_commas_becomes_a_comma_file():
    text, problems, note = csv_text("exporter;importer;value\nDEU;FRA;12,5\n".encode("utf-8-sig"), "f.csv")
    assert (text, problems, note) == ("exporter,importer,value\nDEU,FRA,12.5\n", [], "read as semicolon-separated")
    tabbed, _, note = csv_text("a\tb\n1\t2\n".encode("utf-16"), "f.csv")
    assert tabbed == "a,b\n1,2\n" and note == "read as tab-separated"


def test_rows_are_the_spreadsheets_rows():
    assert spreadsheet_rows("f.csv, row 1 (line 2), column 'slide': duplicate key 1 (first at row 1)") == \
        "f.csv, row 2, column 'slide': duplicate key 1 (first at row 2)"


def test_like_problems_are_told_once_and_the_list_is_capped():
    problems = [f"f.csv, row {n}, column 'path': '/evil{n}' is not a page." for n in range(2, 44)]
    assert grouped(problems) == ["f.csv, row 2, column 'path': '/evil2' is not a page. Likewise in 41 more rows "
                                 "(42 in all: rows 2, 3, 4, 5, 6, 7, 8, 9, …)."]
    distinct = [f"problem {chr(65 + n)}" for n in range(15)]
    assert grouped(distinct, limit=10)[-1] == "… and 6 more problems."


def test_the_size_message_reads_as_a_person_would_say_it():
    assert size_text(5_200_000) == "5.2 MB" and size_text(200_000) == "200 kB"
    assert too_big(200_000, "a story file") == \
        "is larger than 200 kB, the most a story file may be: nothing was loaded."
