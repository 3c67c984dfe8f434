"""data/README.md documents exactly the schema the loader enforces (one place for each fact)."""
from __future__ import annotations

from dashboard import config
from dashboard.datasets.load import basis_counts_markdown
from dashboard.datasets.schema import TABLES, schema_markdown


def test_data_readme_contains_the_generated_schema_table():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert schema_markdown() in readme, "regenerate with: python -m dashboard.datasets.schema"


def test_every_data_file_is_described():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for schema in TABLES:
        assert f"`{schema.file}`" in readme


def test_data_readme_counts_sourced_and_modeled_rows_per_file():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert basis_counts_markdown() in readme, "regenerate with: python -m dashboard.datasets.load"
