"""The sources table: every distinct citation in data/, generated from the files themselves."""
from __future__ import annotations

import pandas as pd

from dashboard.datasets import load
from dashboard.datasets.schema import TABLES

CITATION = ["source_publisher", "source_title", "source_year", "source_url", "retrieved_from"]


def sources_table(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per distinct citation (publisher, title, year, URL, the copy read) with the files and row counts using it.

    Modeled rows appear once per method, with basis "modeled" and the method in `source_title`.
    """
    tables = tables if tables is not None else {s.name: load.table(s.name) for s in TABLES}
    parts = []
    for schema in TABLES:
        frame = tables[schema.name]
        sourced = frame[frame["basis"] == "sourced"][CITATION].copy()
        modeled = frame[frame["basis"] == "modeled"]
        modeled = pd.DataFrame({
            "source_publisher": "modeled (this project)",
            "source_title": modeled["method"],
            "source_year": pd.array([pd.NA] * len(modeled), dtype="Int64"),
            "source_url": "",
            "retrieved_from": "",
        })
        for part, basis in ((sourced, "sourced"), (modeled, "modeled")):
            part = part.assign(basis=basis, file=schema.file)
            parts.append(part)
    every = pd.concat(parts, ignore_index=True).fillna({"source_url": "", "retrieved_from": ""})
    grouped = (
        every.groupby(["basis", *CITATION], dropna=False, sort=False)
        .agg(files=("file", lambda f: ", ".join(sorted(set(f)))), rows=("file", "size"))
        .reset_index()
    )
    return grouped.sort_values(["basis", "source_publisher", "source_title"], kind="stable").reset_index(drop=True)
