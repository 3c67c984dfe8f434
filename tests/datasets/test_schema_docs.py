"""data/README.md documents exactly the schema the loader enforces (one place for each fact)."""
from __future__ import annotations

from dashboard import config
from dashboard.datasets.schema import TABLES, schema_markdown


def test_data_readme_contains_the_generated_schema_table():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert schema_markdown() in readme, "regenerate with: python -m dashboard.datasets.schema"


def test_every_data_file_is_described():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for schema in TABLES:
        assert f"`{schema.file}`" in readme
