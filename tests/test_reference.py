"""Generated files that are committed must match what the code generates now."""

from __future__ import annotations

from pathlib import Path

from campaign.reference import reference_markdown
from campaign.schema import SCHEMA_FILE, module_json_schema_text

REPO = Path(__file__).resolve().parent.parent


def test_module_reference_is_current() -> None:
    committed = (REPO / "docs/module-reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), (
        "docs/module-reference.md is stale: run "
        "`campaign schema --markdown --out docs/module-reference.md`"
    )


def test_bundled_module_schemas_are_current() -> None:
    expected = module_json_schema_text()
    for folder in (REPO / "modules").iterdir():
        schema = folder / SCHEMA_FILE
        if schema.exists():
            assert schema.read_text(encoding="utf-8") == expected, (
                f"{schema} is stale: run `campaign schema --out {schema}`"
            )


def test_reference_names_types_and_required_fields() -> None:
    text = reference_markdown()
    assert "| `roll` | dice expression or none" not in text
    assert "| `id` | id | **required** | Identifier used to open the module" in text
    assert "| `read_aloud` | text | empty | Boxed text read to the players" in text
    assert "| `npcs` | list of [Bring](#bring) | empty | NPCs present, with counts. |" in text
