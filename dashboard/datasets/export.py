"""CSV exports every page offers, written one way: UTF-8, the view's filters as header lines, one
header row, formula cells escaped.

The filters travel inside the file, not only in its name (a renamed file still says what it holds):
lines starting with FILTER_MARK before the column header, e.g.

    # view: /strategies?focus=robotics&from=2013
    # focus areas: Robotics and automation
    strategy_id,iso3,...

`split_filters` reads them back; pandas reads the table with `skiprows=<number of such lines>`.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

FILTER_MARK = "# "

# OWASP "CSV Injection": a spreadsheet runs a cell that begins with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(frame: pd.DataFrame, filters: Iterable[tuple[str, str]] = ()) -> str:
    """The CSV text of `frame`: the `filters` ((name, value) of each filter of the view the rows come
    from) as header lines first, then the table, text columns escaped against formula injection,
    numbers untouched.

    Numeric columns are left alone so that negative numbers stay numbers. A filter line holds no line
    break (they are replaced by spaces), so each one stays one line.
    """
    header = "".join(f"{FILTER_MARK}{_one_line(name)}: {_one_line(value)}\n" for name, value in filters)
    out = frame.copy()
    for name in out.columns:
        if not pd.api.types.is_numeric_dtype(out[name]) and not pd.api.types.is_bool_dtype(out[name]):
            out[name] = out[name].map(lambda v: escape_formula(v) if isinstance(v, str) else v)
    return header + out.to_csv(index=False, lineterminator="\n")


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def split_filters(text: str) -> tuple[dict[str, str], str]:
    """The filter lines of a CSV written by `to_csv` (name -> value) and the CSV table after them."""
    lines = text.split("\n")
    count = next((n for n, line in enumerate(lines) if not line.startswith(FILTER_MARK)), len(lines))
    filters = dict(line[len(FILTER_MARK):].split(": ", 1) for line in lines[:count] if ": " in line)
    return filters, "\n".join(lines[count:])
