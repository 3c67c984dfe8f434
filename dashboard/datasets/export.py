"""CSV exports every page offers, written one way: UTF-8, one header row, formula cells escaped."""
from __future__ import annotations

import pandas as pd

# OWASP "CSV Injection": a spreadsheet runs a cell that begins with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(frame: pd.DataFrame) -> str:
    """The CSV text of `frame`: text columns escaped against formula injection, numbers untouched.

    Numeric columns are left alone so that negative numbers stay numbers.
    """
    out = frame.copy()
    for name in out.columns:
        if not pd.api.types.is_numeric_dtype(out[name]) and not pd.api.types.is_bool_dtype(out[name]):
            out[name] = out[name].map(lambda v: escape_formula(v) if isinstance(v, str) else v)
    return out.to_csv(index=False, lineterminator="\n")
