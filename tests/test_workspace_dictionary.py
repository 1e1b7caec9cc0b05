"""docs/data-dictionary.md is generated from the schema and must be current."""

from __future__ import annotations

from pathlib import Path

from qiteach.workspace.dictionary import data_dictionary_markdown, write_dictionary
from qiteach.workspace.schema import TABLES

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"


def test_committed_data_dictionary_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == data_dictionary_markdown(), (
        "regenerate: python -m qiteach.workspace.dictionary docs/data-dictionary.md"
    )


def test_every_column_is_documented() -> None:
    text = data_dictionary_markdown()
    for name, table in TABLES.items():
        assert f"\n## {name}\n" in text
        for col in table.columns:
            assert f"| `{col.name}` |" in text
            assert col.description.replace("|", "\\|") in text


def test_write_dictionary(tmp_path: Path) -> None:
    out = write_dictionary(tmp_path / "dd.md")
    assert out.read_text(encoding="utf-8") == data_dictionary_markdown()
