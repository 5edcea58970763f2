"""JSON Schema of module documents, for editor autocompletion and validation.

One schema file validates any document of a module: its root is an `anyOf`
of the document kinds. Each kind forbids unknown fields, so exactly one kind
matches a well-formed document even when `kind:` is left to the folder.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from campaign.model import DOCUMENT_MODELS
from campaign.model.base import adapter

SCHEMA_FILE = "schema.json"
SCHEMA_ID = "https://campaign-toolkit.invalid/module.schema.json"


def module_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for every kind of module document."""
    adapters = [(kind, "validation", adapter(model)) for kind, model in DOCUMENT_MODELS.items()]
    refs, definitions = TypeAdapter.json_schemas(adapters, ref_template="#/$defs/{model}")  # type: ignore[arg-type]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "campaign module document",
        "description": (
            "A document of a campaign module folder: module.yaml, or an act, scene, NPC, PC, "
            "random table, handout, clock, revelation or ruleset. Say which with `kind:` "
            "or let the folder name decide (npcs/ -> npc)."
        ),
        "anyOf": [refs[(kind, "validation")] for kind in DOCUMENT_MODELS],
        "$defs": definitions.get("$defs", {}),
    }


def module_json_schema_text() -> str:
    """The schema as stable, indented JSON text (ends with a newline)."""
    return json.dumps(module_json_schema(), indent=2, sort_keys=True) + "\n"
