"""Load every file in data/ once per process, validate it against `schema.py`, hand out read-only frames.

A broken file stops start-up with one `DataError` naming the file, the row and the column. After
loading, the rest of the code trusts these frames and does not re-check them.

Read-only: pandas 3 uses copy-on-write, so the shallow copies `table()` returns share memory with
the cached frame until a caller writes to one; a write copies first and never reaches the cache.
"""
from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from pathlib import Path

import pandas as pd
import pycountry

from dashboard import config
from dashboard.datasets.schema import (
    BY_NAME,
    NATIONAL_ACCOUNTS_ITEMS,
    SECTORS,
    TABLES,
    VIEW_TABLES,
    Column,
    TableSchema,
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PATH = re.compile(r"^/(?:[a-z0-9-]+(?:/[a-z0-9-]+)*)?$")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class DataError(ValueError):
    """A data file breaks its schema. `str()` is the one-line message shown at start-up."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column, self.message = file, row, column, message
        where = [f"data/{file}"]
        if row is not None:
            # row counts data rows from 1; line counts lines in the file, header included.
            where.append(f"row {row} (line {row + 1})")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(", ".join(where) + ": " + message)


def is_iso3(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 country code (pycountry's list, not one of our own)."""
    return len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def is_economy(code: str) -> bool:
    """True for an ISO alpha-3 code or one of the aggregate codes in config.AGGREGATE_CODES."""
    return code in config.AGGREGATE_CODES or is_iso3(code)


def is_date(text: str) -> bool:
    """True for a calendar date at the precision a source gives it: YYYY-MM-DD, YYYY-MM or YYYY.

    Written this way, dates of one precision or mixed precisions sort as text in time order."""
    for form in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            parsed = datetime.datetime.strptime(text, form)
        except ValueError:
            continue
        return parsed.strftime(form) == text
    return False


def _read_text(path: Path, file: str) -> str:
    if not path.is_file():
        raise DataError(file, f"file not found at {path.name}; restore it from git (git checkout -- data/{file})")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(file, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                        row=line - 1 if line > 1 else None) from None


def _parse_cell(text: str, col: Column, file: str, row: int):
    """Convert one cell's text to its typed value, or raise a DataError naming it."""
    def fail(message: str) -> DataError:
        return DataError(file, message, row=row, column=col.name)

    if text == "":
        if col.required:
            raise fail("is empty but required")
        return None
    if col.kind == "int":
        try:
            number = float(text)
        except ValueError:
            raise fail(f"expected a whole number, got {text!r}") from None
        if not number.is_integer():
            raise fail(f"expected a whole number, got {text!r}")
        value = int(number)
    elif col.kind == "float":
        try:
            value = float(text)
        except ValueError:
            raise fail(f"expected a number, got {text!r}") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise fail(f"expected a finite number, got {text!r}")
    elif col.kind == "bool":
        if text.lower() not in _TRUE | _FALSE:
            raise fail(f"expected true or false, got {text!r}")
        value = text.lower() in _TRUE
    else:
        value = text
    if col.min is not None and value < col.min:
        raise fail(f"{value} is below the minimum {col.min:g}")
    if col.max is not None and value > col.max:
        raise fail(f"{value} is above the maximum {col.max:g}")
    if col.choices is not None and value not in col.choices:
        raise fail(f"{text!r} is not one of: {', '.join(col.choices)}")
    if col.check == "iso3" and not is_iso3(value):
        raise fail(f"{text!r} is not an ISO 3166-1 alpha-3 country code")
    if col.check == "economy" and not is_economy(value):
        raise fail(f"{text!r} is neither an ISO 3166-1 alpha-3 code nor one of {', '.join(config.AGGREGATE_CODES)}")
    if col.check == "slug" and not _SLUG.match(value):
        raise fail(f"{text!r} is not a lower-case slug (letters, digits and single hyphens)")
    if col.check == "path" and not _PATH.match(value):
        raise fail(f"{text!r} is not a page path such as / or /strategies")
    if col.check == "date" and not is_date(value):
        raise fail(f"{text!r} is not a date written YYYY-MM-DD, YYYY-MM or YYYY")
    if col.check == "url":
        for url in value.split(" | "):
            if not url.strip().startswith(("https://", "http://")):
                raise fail(f"{url.strip()!r} is not an http(s) address")
    if col.check == "tags":
        tags = [t.strip() for t in value.split(";")]
        unknown = [t for t in tags if t not in config.FOCUS_AREAS]
        if unknown:
            raise fail(f"unknown focus area {unknown[0]!r}; use tags from config.FOCUS_AREAS")
    return value


def _check_source(record: dict, file: str, row: int) -> None:
    """Every row says where it comes from: a full citation, or the method that made it.

    A sourced row needs publisher, title and URL, and a publication year unless its notes say the
    source is undated (many web pages are; the reader should know rather than get a guessed year).
    """
    if record["basis"] == "sourced":
        for name in ("source_publisher", "source_title", "source_url"):
            if record[name] is None:
                raise DataError(file, "is empty, but a sourced row needs publisher, title, year and URL "
                                      "(or set basis to 'modeled' and name the method)", row=row, column=name)
        if record["source_year"] is None and "undated" not in (record["notes"] or "").lower():
            raise DataError(file, "is empty: give the source's publication year, or say in notes that the "
                                  "source is undated", row=row, column="source_year")
    elif record["method"] is None:
        raise DataError(file, "is empty, but a modeled row must name its method and parameters",
                        row=row, column="method")


def parse_table(text: str, schema: TableSchema) -> pd.DataFrame:
    """Parse and validate one CSV's text against its schema; return a typed DataFrame.

    Raises DataError (file, row, column, message) at the first problem found.
    """
    file = schema.file
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(file, "is empty: expected a header row") from None
    header = [h.strip() for h in header]
    missing = [c for c in schema.column_names if c not in header]
    if missing:
        raise DataError(file, f"missing column(s) {', '.join(missing)} in the header", row=None, column=missing[0])
    position = {name: header.index(name) for name in schema.column_names}

    records, seen = [], {}
    for row, cells in enumerate(reader, start=1):
        if not cells or all(c.strip() == "" for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(file, f"has {len(cells)} cells but the header has {len(header)} "
                                  "(check quoting of commas)", row=row)
        record = {col.name: _parse_cell(cells[position[col.name]].strip(), col, file, row) for col in schema.columns}
        if schema.sourced:
            _check_source(record, file, row)
        for low, high in schema.ordered:
            if record[low] is not None and record[high] is not None and record[low] > record[high]:
                raise DataError(file, f"{high} {record[high]} is before {low} {record[low]}", row=row, column=high)
        key = tuple(record[k] for k in schema.key)
        if key in seen:
            raise DataError(file, f"duplicate key {'/'.join(map(str, key))} (first at row {seen[key]})",
                            row=row, column=schema.key[-1])
        seen[key] = row
        records.append(record)
    if not records:
        raise DataError(file, "has a header but no data rows")
    return _typed_frame(records, schema)


def _typed_frame(records: list[dict], schema: TableSchema) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(schema.column_names))
    dtypes = {"int": "Int64", "float": "float64", "bool": "bool", "str": "string"}
    return frame.astype({c.name: dtypes[c.kind] for c in schema.columns})


def _check_references(tables: dict[str, pd.DataFrame]) -> None:
    for schema in TABLES:
        for ref in schema.references:
            allowed = set(tables[ref.table][ref.target])
            values = tables[schema.name][ref.column]
            bad = ~values.isin(allowed)
            if bad.any():
                row = int(bad.to_numpy().nonzero()[0][0]) + 1
                raise DataError(schema.file, f"{values[bad].iloc[0]!r} is not in {BY_NAME[ref.table].file} "
                                             f"column '{ref.target}'", row=row, column=ref.column)


def _check_matrix(tables: dict[str, pd.DataFrame]) -> None:
    """trade_baseline.csv must hold every sector × exporter × importer of economies.csv, in one year and
    one unit, with positive domestic sales in every sector."""
    schema = BY_NAME["trade_baseline"]
    flows = tables[schema.name]
    codes = list(tables["economies"]["iso3"])
    for column in ("year", "unit"):
        values = flows[column].unique()
        if len(values) > 1:
            row = int((flows[column] != values[0]).to_numpy().nonzero()[0][0]) + 1
            raise DataError(schema.file, f"every row must have the same {column} (found {values[0]} and "
                                         f"{flows[column].iloc[row - 1]})", row=row, column=column)
    for sector in SECTORS:
        part = flows[flows["sector"] == sector]
        for code in codes:
            diagonal = part[(part["exporter"] == code) & (part["importer"] == code)]
            if diagonal.empty:
                raise DataError(schema.file, f"no row for {code}'s domestic sales of {sector} ({code} → {code}); the "
                                             "matrix needs every sector × exporter × importer of economies.csv",
                                column="importer")
            if not diagonal["value"].iloc[0] > 0:
                raise DataError(schema.file, f"{code}'s domestic sales of {sector} must be positive",
                                row=int(diagonal.index[0]) + 1, column="value")
    expected = len(SECTORS) * len(codes) ** 2
    if len(flows) != expected:
        cells = set(zip(flows["sector"], flows["exporter"], flows["importer"]))
        missing = next((s, i, j) for s in SECTORS for i in codes for j in codes if (s, i, j) not in cells)
        raise DataError(schema.file, f"no row for {missing[0]} {missing[1]} → {missing[2]}; the matrix needs every "
                                     f"sector × exporter × importer of economies.csv ({expected} rows)",
                        column="importer")


def _check_national_accounts(tables: dict[str, pd.DataFrame]) -> None:
    """national_accounts.csv must give every economy every item the baseline needs (re-exports only for hubs)."""
    schema = BY_NAME["national_accounts"]
    accounts = tables[schema.name]
    present = set(zip(accounts["iso3"], accounts["item"]))
    for code in tables["economies"]["iso3"]:
        for item in NATIONAL_ACCOUNTS_ITEMS:
            if item != "goods_reexports" and (code, item) not in present:
                raise DataError(schema.file, f"no {item} for {code}; every economy of economies.csv needs it",
                                column="item")


def read_table(name: str, data_dir: Path = config.DATA_DIR) -> pd.DataFrame:
    """Read and validate one table on its own (no cross-file checks): for build scripts."""
    schema = BY_NAME[name]
    return parse_table(_read_text(data_dir / schema.file, schema.file), schema)


def load_tables(data_dir: Path = config.DATA_DIR) -> dict[str, pd.DataFrame]:
    """Read and validate every table of figures in `data_dir`. Not cached: tests call it on broken copies."""
    tables = {s.name: read_table(s.name, data_dir) for s in TABLES}
    _check_references(tables)
    _check_matrix(tables)
    _check_national_accounts(tables)
    return tables


@functools.cache
def _cached_tables() -> dict[str, pd.DataFrame]:
    return load_tables() | {s.name: read_table(s.name) for s in VIEW_TABLES}


def table(name: str) -> pd.DataFrame:
    """One validated table from data/, loaded once per process (a copy-on-write view: safe to modify)."""
    return _cached_tables()[name].copy(deep=False)


def check_data() -> None:
    """Load everything now, so a broken file stops start-up rather than a later request."""
    _cached_tables()


def basis_counts_markdown(data_dir: Path = config.DATA_DIR) -> str:
    """How many rows of each file of figures are sourced and how many modeled: the table in
    data/README.md (regenerate with `python -m dashboard.datasets.load`; a test keeps them in step)."""
    lines = ["| file | rows | sourced | modeled |", "|---|---|---|---|"]
    for schema in TABLES:
        frame = read_table(schema.name, data_dir)
        counts = frame["basis"].value_counts()
        sourced, modeled = (int(counts.get(basis, 0)) for basis in ("sourced", "modeled"))
        lines.append(f"| {schema.file} | {len(frame)} | {sourced} | {modeled} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(basis_counts_markdown())
