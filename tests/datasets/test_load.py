"""The loader: valid data loads; every kind of fault in every file stops it with file, row and column."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from dashboard.datasets import load
from dashboard.datasets.load import DataError, load_tables, parse_table
from dashboard.datasets.schema import INDICATORS, STRATEGIES, TABLES, TableSchema

GOOD_INDICATORS = (
    "iso3,indicator,year,value,unit,basis,method,source_publisher,source_title,source_year,source_url,notes,retrieved_from\n"
    "DEU,gdp_usd_bn,2022,4082.5,\"USD billion, current\",sourced,,World Bank,WDI,2023,https://data.worldbank.org,,\n"
    "ROW,gdp_usd_bn,2022,30000,\"USD billion, current\",modeled,world minus modeled economies,,,,,,\n"
)


def test_the_shipped_data_loads_and_validates():
    tables = load_tables()
    assert set(tables) == {t.name for t in TABLES}
    for schema in TABLES:
        assert list(tables[schema.name].columns) == list(schema.column_names)
        assert len(tables[schema.name]) > 0


def test_table_hands_out_copies_that_cannot_change_the_cache():
    first = load.table("economies")
    first.loc[0, "name"] = "changed"
    assert load.table("economies").loc[0, "name"] != "changed"


def test_parse_table_types_columns():
    frame = parse_table(GOOD_INDICATORS, INDICATORS)
    assert frame["year"].dtype == "Int64"
    assert frame["value"].tolist() == [4082.5, 30000.0]
    assert frame.loc[1, "basis"] == "modeled"


@pytest.mark.parametrize("row_text, row, column, fragment", [
    ("DEU,gdp_usd_bn,20x2,1,u,sourced,,P,T,2023,https://x.org,,", 3, "year", "expected a whole number"),
    ("DEU,gdp_usd_bn,2021,-1,u,sourced,,P,T,2023,https://x.org,,", 3, "value", "below the minimum 0"),
    ("DEU,gdp_usd_bn,2021,nan,u,sourced,,P,T,2023,https://x.org,,", 3, "value", "expected a finite number"),
    ("DEU,gdp_usd_bn,2021,inf,u,sourced,,P,T,2023,https://x.org,,", 3, "value", "expected a finite number"),
    ("XYZ,gdp_usd_bn,2021,1,u,sourced,,P,T,2023,https://x.org,,", 3, "iso3", "'XYZ' is neither"),
    ("DEU,gdp,2021,1,u,sourced,,P,T,2023,https://x.org,,", 3, "indicator", "is not one of"),
    ("DEU,gdp_usd_bn,2021,1,u,sourced,,P,T,2023,,,", 3, "source_url", "a sourced row needs"),
    ("DEU,gdp_usd_bn,2021,1,u,modeled,,,,,,,", 3, "method", "must name its method"),
    ("DEU,gdp_usd_bn,2021,1,u,sourced,,P,T,2023,ftp://x.org,,", 3, "source_url", "not an http(s) address"),
    ("DEU,gdp_usd_bn,2022,1,u,sourced,,P,T,2023,https://x.org,,", 3, "year", "duplicate key DEU/gdp_usd_bn/2022"),
    ("DEU,gdp_usd_bn,1800,1,u,sourced,,P,T,2023,https://x.org,,", 3, "year", "below the minimum 1950"),
])
def test_each_fault_names_row_and_column(row_text, row, column, fragment):
    with pytest.raises(DataError) as caught:
        parse_table(GOOD_INDICATORS + row_text + "\n", INDICATORS)
    error = caught.value
    assert (error.file, error.row, error.column) == ("indicators.csv", row, column)
    assert fragment in str(error)
    assert str(error).startswith(f"data/indicators.csv, row {row} (line {row + 1}), column '{column}': ")


def test_ragged_row_and_missing_header_column():
    with pytest.raises(DataError, match=r"row 3 \(line 4\): has 3 cells but the header has 13"):
        parse_table(GOOD_INDICATORS + "DEU,gdp_usd_bn,2021\n", INDICATORS)
    with pytest.raises(DataError, match=r"column 'unit': missing column\(s\) unit in the header"):
        parse_table(GOOD_INDICATORS.replace(",unit,", ",units,", 1), INDICATORS)


def test_a_sourced_row_needs_a_year_unless_the_source_is_undated():
    row = "DEU,gdp_usd_bn,2021,1,u,sourced,,P,T,,https://x.org,{},\n"
    with pytest.raises(DataError, match="column 'source_year': is empty: give the source's publication year"):
        parse_table(GOOD_INDICATORS + row.format("no year"), INDICATORS)
    assert len(parse_table(GOOD_INDICATORS + row.format("Source page undated."), INDICATORS)) == 3


def test_end_year_before_launch_year_is_refused():
    header = ",".join(STRATEGIES.column_names)
    row = "x-1,DEU,Germany,Plan,A plan.,2020,2019,,,robotics,,sourced,,P,T,2020,https://x.org,,"
    with pytest.raises(DataError, match="column 'end_year': end_year 2019 is before launch_year 2020"):
        parse_table(f"{header}\n{row}\n", STRATEGIES)


def test_unknown_focus_tag_is_refused():
    header = ",".join(STRATEGIES.column_names)
    row = "x-1,DEU,Germany,Plan,A plan.,2019,2020,,,robotics;blockchain,,sourced,,P,T,2020,https://x.org,,"
    with pytest.raises(DataError, match="unknown focus area 'blockchain'"):
        parse_table(f"{header}\n{row}\n", STRATEGIES)


# ---- The fault matrix on the real files: every file, every kind of fault -------------------------------

def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _first_column(schema: TableSchema, **where) -> str | None:
    for col in schema.columns:
        if all(getattr(col, k) == v for k, v in where.items()):
            return col.name
    return None


def _expect(data_dir: Path, file: str, row: int | None, column: str | None, fragment: str) -> None:
    with pytest.raises(DataError) as caught:
        load_tables(data_dir)
    error = caught.value
    assert error.file == file, str(error)
    assert error.row == row, str(error)
    assert error.column == column, str(error)
    assert fragment in str(error)
    assert str(error).startswith(f"data/{file}")


@pytest.mark.parametrize("schema", TABLES, ids=lambda s: s.name)
class TestFaultMatrix:
    def test_missing_file(self, schema, data_copy):
        (data_copy / schema.file).unlink()
        _expect(data_copy, schema.file, None, None, "file not found")

    def test_missing_column(self, schema, data_copy):
        rows = _rows(data_copy / schema.file)
        index = rows[0].index(schema.column_names[0])
        _write(data_copy / schema.file, [r[:index] + r[index + 1:] for r in rows])
        _expect(data_copy, schema.file, None, schema.column_names[0], "missing column")

    def test_wrong_type(self, schema, data_copy):
        column = _first_column(schema, kind="float") or _first_column(schema, kind="int") \
            or _first_column(schema, kind="bool")
        rows = _rows(data_copy / schema.file)
        rows[2][rows[0].index(column)] = "not-a-number"
        _write(data_copy / schema.file, rows)
        _expect(data_copy, schema.file, 2, column, "expected")

    def test_duplicate_key(self, schema, data_copy):
        rows = _rows(data_copy / schema.file)
        _write(data_copy / schema.file, rows + [rows[1]])
        _expect(data_copy, schema.file, len(rows), schema.key[-1], "duplicate key")

    def test_unknown_country_code(self, schema, data_copy):
        column = _first_column(schema, check="iso3") or _first_column(schema, check="economy")
        rows = _rows(data_copy / schema.file)
        rows[1][rows[0].index(column)] = "QQQ"
        _write(data_copy / schema.file, rows)
        _expect(data_copy, schema.file, 1, column, "'QQQ'")

    @pytest.mark.parametrize("bad", ["-1", "nan", "inf"])
    def test_negative_or_non_finite(self, schema, data_copy, bad):
        column = _first_column(schema, kind="float", min=0)
        if column is None:
            pytest.skip(f"{schema.file} has no non-negative number column")
        rows = _rows(data_copy / schema.file)
        rows[3][rows[0].index(column)] = bad
        _write(data_copy / schema.file, rows)
        _expect(data_copy, schema.file, 3, column, "below the minimum" if bad == "-1" else "finite")

    def test_missing_source(self, schema, data_copy):
        rows = _rows(data_copy / schema.file)
        header = rows[0]
        rows[1][header.index("basis")] = "sourced"
        rows[1][header.index("source_url")] = ""
        _write(data_copy / schema.file, rows)
        _expect(data_copy, schema.file, 1, _source_column(rows[1], header), "sourced row needs")

    def test_modeled_without_method(self, schema, data_copy):
        rows = _rows(data_copy / schema.file)
        header = rows[0]
        rows[2][header.index("basis")] = "modeled"
        rows[2][header.index("method")] = ""
        _write(data_copy / schema.file, rows)
        _expect(data_copy, schema.file, 2, "method", "must name its method")

    def test_stray_encoding(self, schema, data_copy):
        path = data_copy / schema.file
        lines = path.read_bytes().split(b"\n")
        lines[4] = lines[4] + b"\xff"
        path.write_bytes(b"\n".join(lines))
        _expect(data_copy, schema.file, 4, None, "not valid UTF-8")


def _source_column(row: list[str], header: list[str]) -> str:
    """The first citation column left empty (the loader reports the first it finds)."""
    for name in ("source_publisher", "source_title", "source_url"):
        if row[header.index(name)] == "":
            return name
    raise AssertionError("no empty citation column")


def test_frames_are_typed():
    indicators = load.table("indicators")
    assert pd.api.types.is_float_dtype(indicators["value"])
    assert indicators["year"].dtype == "Int64"
