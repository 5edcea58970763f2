"""Writing imported documents as readable module YAML, and the module they go into.

One file per document (`tables/<id>.yaml`, `npcs/<id>.yaml`), each starting
with the schema modeline and a line naming where it was imported from. Long
text is written as block scalars, short mappings and lists in flow style, and
every file is read back and compared before it is kept, so the YAML always
says exactly what was imported.

A folder that is not a module yet becomes one: module.yaml, a 5e-style d20
ruleset (six abilities as d20 modifiers, SRD skills, DCs, 1d20+{dex}
initiative), a placeholder act and scene, and schema.json.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from campaign.importers import fast_dump
from campaign.importers.common import RulesetInfo, slug
from campaign.importers.report import ImportInputError
from campaign.loader import MODULE_FILE, SKIPPED_FOLDERS, YamlLoader
from campaign.model import FOLDER_KINDS, Ruleset
from campaign.schema import SCHEMA_FILE, module_json_schema_text

KIND_FOLDERS: dict[str, str] = {
    "table": "tables",
    "npc": "npcs",
    "pc": "pcs",
    "handout": "handouts",
}
"""Where write_documents puts each kind (the folder implies the kind, so none is written)."""

IMPORTED_MARK = "# Imported by `campaign import"
"""Second line of every file an import writes; a later import may overwrite such a file."""

_WIDTH = 80
_FLOW_WIDTH = 76


# --- YAML ---------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block scalars for long text, flow style for short mappings and lists."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key


def _round_trips(text: str, style: str) -> bool:
    try:
        dumped = yaml.dump(text, Dumper=yaml.SafeDumper, default_style=style, width=_WIDTH)
        return bool(yaml.load(dumped, Loader=YamlLoader) == text)
    except yaml.YAMLError:
        return False


def _styles(value: str) -> tuple[str, ...]:
    """The block styles to try for a text, best first (none: plain or quoted)."""
    if "\n" in value.strip("\n"):
        long_lines = any(len(line) > _WIDTH - 8 for line in value.splitlines())
        return (">", "|") if long_lines else ("|",)
    if len(value) > _FLOW_WIDTH - 6:
        return (">",)
    return ()


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = next((style for style in _styles(value) if _round_trips(value, style)), None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_str_unchecked(dumper: Any, value: str) -> yaml.Node:
    """The best style without trying it: for the fast path, which checks the whole text."""
    styles = _styles(value)
    node: yaml.Node = dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style=styles[0] if styles else None
    )
    return node


def _short_scalar(value: Any) -> bool:
    if isinstance(value, str):
        return "\n" not in value and len(value) <= 48
    return isinstance(value, int | float | bool) or value is None


def _represent_dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.Node:
    flow = (
        bool(value)
        and all(_short_scalar(item) for item in value.values())
        and sum(len(str(key)) + len(str(item)) + 4 for key, item in value.items()) <= _FLOW_WIDTH
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=flow)


def _flow_list(value: list[Any]) -> bool:
    return (
        bool(value)
        and all(_short_scalar(item) for item in value)
        and sum(len(str(item)) + 2 for item in value) <= _FLOW_WIDTH
    )


def _represent_list(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_flow_list(value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_FAST_REPRESENTERS: dict[type, Any] = {
    str: _represent_str_unchecked,
    dict: _represent_dict,
    list: _represent_list,
}


def dump_yaml(data: Mapping[str, Any], *, checked_later: bool = False) -> str:
    """A document as readable YAML that loads back to exactly the same data.

    A flat document is written by libyaml (`fast_dump`); with `checked_later`
    the caller loads the module afterwards and compares it with what it meant
    (`import_files` does), so the text is not read back here as well.
    """
    plain = _plain(data)
    if fast_dump.fits(plain):
        text = fast_dump.dump(plain, _FAST_REPRESENTERS, _flow_list, _WIDTH)
        if checked_later:
            return text
        try:
            if yaml.load(text, Loader=YamlLoader) == plain:
                return text
        except yaml.YAMLError:  # pragma: no cover - then the careful writer below
            pass
    text = yaml.dump(plain, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_WIDTH)
    if yaml.load(text, Loader=YamlLoader) != plain:  # pragma: no cover - a safety net
        text = yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, default_style='"')
    return text


def _plain(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {str(key): _plain(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(item) for item in data]
    return data


def write_documents(
    module_dir: Path,
    kind: str,
    docs: Sequence[Mapping[str, Any]],
    *,
    sources: Sequence[str] | None = None,
    checked_later: bool = False,
) -> list[Path]:
    """Write each document to `<kind folder>/<id>.yaml` under module_dir; return the paths.

    `sources` (one per document) is named in the file's second line, after the
    schema modeline; documents carry no `kind:`, their folder says it.
    """
    texts = [
        document_text(doc, sources[index] if sources is not None else None, checked_later)
        for index, doc in enumerate(docs)
    ]
    identified = [(doc["id"], text) for doc, text in zip(docs, texts, strict=True)]
    return write_texts(module_dir, kind, identified)


def document_text(doc: Mapping[str, Any], source: str | None, checked_later: bool = False) -> str:
    """A document's whole file: the schema modeline, the line naming its source, the YAML."""
    named = source or "another tool's format"
    header = f"# yaml-language-server: $schema=../{SCHEMA_FILE}\n{IMPORTED_MARK}` from {named}.\n"
    return header + dump_yaml(doc, checked_later=checked_later)


def write_texts(module_dir: Path, kind: str, texts: Sequence[tuple[str, str]]) -> list[Path]:
    """Write each (id, file text) to `<kind folder>/<id>.yaml`; return the paths."""
    folder = module_dir / KIND_FOLDERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for identifier, text in texts:
        path = folder / f"{identifier}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def imported_from(line: str) -> str | None:
    """The source named by a file's 'Imported by' line, or None for any other line."""
    prefix = f"{IMPORTED_MARK}` from "
    if not line.startswith(prefix) or not line.endswith("."):
        return None
    return line[len(prefix) : -1]


# --- the module ---------------------------------------------------------------


@dataclass
class ModuleState:
    """What is already in the target folder."""

    exists: bool
    ruleset: RulesetInfo | None = None
    ids: dict[str, set[str]] = field(default_factory=dict)
    """Document ids by kind."""
    reusable: dict[str, dict[str, str]] = field(default_factory=dict)
    """Kind -> id -> source, of documents an earlier import wrote to `<kind folder>/<id>.yaml`."""


def _yaml_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if relative.parts and relative.parts[0] in SKIPPED_FOLDERS:
            continue
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            files.append(path)
    return files


def _folder_kind(relative: Path) -> str | None:
    if relative == Path(MODULE_FILE):
        return "module"
    for folder in reversed(relative.parent.parts):
        if folder in FOLDER_KINDS:
            return FOLDER_KINDS[folder]
    return None


def inspect_module(module_dir: Path) -> ModuleState:
    """Ids, ruleset and earlier imports of an existing module (bad files are skipped)."""
    if not module_dir.exists():
        return ModuleState(exists=False)
    if not module_dir.is_dir():
        raise ImportInputError(f"{module_dir}: is a file, not a module folder")
    if not (module_dir / MODULE_FILE).is_file():
        if any(module_dir.iterdir()):
            raise ImportInputError(
                f"{module_dir}: not a module (no {MODULE_FILE}) and not empty; "
                "import into a module or a new folder"
            )
        return ModuleState(exists=False)
    state = ModuleState(exists=True)
    rulesets: dict[str, Any] = {}
    ruleset_id: str | None = None
    for path in _yaml_files(module_dir):
        relative = path.relative_to(module_dir)
        try:
            text = path.read_text(encoding="utf-8")
            documents = [d for d in yaml.load_all(text, Loader=YamlLoader) if d is not None]
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
            continue
        lines = text.split("\n", 2)
        source = imported_from(lines[1]) if len(lines) > 1 else None
        for document in documents:
            if not isinstance(document, dict):
                continue
            kind = document.get("kind") or _folder_kind(relative)
            identifier = document.get("id")
            if not isinstance(kind, str) or not isinstance(identifier, str):
                continue
            state.ids.setdefault(kind, set()).add(identifier)
            if kind == "module" and isinstance(document.get("ruleset"), str):
                ruleset_id = document["ruleset"]
            if kind == "ruleset":
                rulesets[identifier] = document
            folder = KIND_FOLDERS.get(kind)
            if source and folder and relative == Path(folder) / f"{identifier}.yaml":
                state.reusable.setdefault(kind, {})[identifier] = source
    if ruleset_id in rulesets:
        try:
            state.ruleset = RulesetInfo.of(Ruleset.model_validate(rulesets[ruleset_id]))
        except ValueError:
            state.ruleset = None
    if state.ruleset is None:
        state.ruleset = RulesetInfo(ruleset_id or "unknown", frozenset(), {}, d20=False)
    return state


D20_RULESET_ID = "srd-5e"

D20_RULESET = f"""# yaml-language-server: $schema={SCHEMA_FILE}
# Written by `campaign import`: a fifth-edition style d20 system for imported
# SRD monsters. An ability score enters a check as its modifier
# ((score - 10) // 2); a skill adds the rest of a printed skill bonus.
kind: ruleset
id: {D20_RULESET_ID}
name: Fifth-edition SRD (d20)
summary: >
  Roll 1d20, add the ability modifier and any skill bonus, and meet or beat the
  DC. Hit points run down to 0.
attributes:
  - {{id: str, name: Strength}}
  - {{id: dex, name: Dexterity}}
  - {{id: con, name: Constitution}}
  - {{id: int, name: Intelligence}}
  - {{id: wis, name: Wisdom}}
  - {{id: cha, name: Charisma}}
skills:
  - {{id: athletics, name: Athletics, attribute: str}}
  - {{id: acrobatics, name: Acrobatics, attribute: dex}}
  - {{id: sleight-of-hand, name: Sleight of Hand, attribute: dex}}
  - {{id: stealth, name: Stealth, attribute: dex}}
  - {{id: arcana, name: Arcana, attribute: int}}
  - {{id: history, name: History, attribute: int}}
  - {{id: investigation, name: Investigation, attribute: int}}
  - {{id: nature, name: Nature, attribute: int}}
  - {{id: religion, name: Religion, attribute: int}}
  - {{id: animal-handling, name: Animal Handling, attribute: wis}}
  - {{id: insight, name: Insight, attribute: wis}}
  - {{id: medicine, name: Medicine, attribute: wis}}
  - {{id: perception, name: Perception, attribute: wis}}
  - {{id: survival, name: Survival, attribute: wis}}
  - {{id: deception, name: Deception, attribute: cha}}
  - {{id: intimidation, name: Intimidation, attribute: cha}}
  - {{id: performance, name: Performance, attribute: cha}}
  - {{id: persuasion, name: Persuasion, attribute: cha}}
check:
  roll: "1d20+{{attribute}}+{{skill}}"
  attribute_bonus: d20-modifier
  default_difficulty: medium
  results:
    - {{id: success, label: Success, min_margin: 0}}
    - {{id: failure, label: Failure}}
difficulties:
  - {{id: very-easy, name: Very easy (DC 5), target: 5}}
  - {{id: easy, name: Easy (DC 10), target: 10}}
  - {{id: medium, name: Medium (DC 15), target: 15}}
  - {{id: hard, name: Hard (DC 20), target: 20}}
  - {{id: very-hard, name: Very hard (DC 25), target: 25}}
  - {{id: nearly-impossible, name: Nearly impossible (DC 30), target: 30}}
initiative:
  roll: "1d20+{{dex}}"
  tie_breaker: dex
  description: Everyone rolls 1d20 + Dexterity modifier; highest goes first.
health:
  name: HP
  track: hp
  default: 10
"""

D20_RULESET_INFO = RulesetInfo(
    id=D20_RULESET_ID,
    attributes=frozenset(("str", "dex", "con", "int", "wis", "cha")),
    skills={
        key: key
        for key in (
            "athletics",
            "acrobatics",
            "sleight-of-hand",
            "stealth",
            "arcana",
            "history",
            "investigation",
            "nature",
            "religion",
            "animal-handling",
            "insight",
            "medicine",
            "perception",
            "survival",
            "deception",
            "intimidation",
            "performance",
            "persuasion",
        )
    },
    d20=True,
)


def create_module(module_dir: Path) -> list[Path]:
    """Write a minimal valid module for imported material; return the files written."""
    module_id = slug(module_dir.resolve().name) or "imported"
    title = module_dir.resolve().name.replace("-", " ").replace("_", " ").strip().title()
    files = {
        MODULE_FILE: f"""# yaml-language-server: $schema={SCHEMA_FILE}
id: {module_id}
{yaml.safe_dump({"title": title or module_id}, allow_unicode=True).strip()}
summary: Material imported with `campaign import`; write the adventure around it.
ruleset: {D20_RULESET_ID}
""",
        "ruleset.yaml": D20_RULESET,
        "acts/act-1.yaml": f"""# yaml-language-server: $schema=../{SCHEMA_FILE}
id: act-1
number: 1
title: Act 1
overview: >
  A placeholder so the module loads. The imported tables are in tables/ and
  the imported stat blocks in npcs/; write the adventure around them here.
scenes: [start]
---
kind: scene
id: start
title: Start
summary: A placeholder scene.
""",
    }
    module_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for relative, text in files.items():
        path = module_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def ensure_schema(module_dir: Path) -> Path | None:
    """Write schema.json for editor completion if the module has none; return it if written."""
    path = module_dir / SCHEMA_FILE
    if path.exists():
        return None
    path.write_text(module_json_schema_text(), encoding="utf-8")
    return path
