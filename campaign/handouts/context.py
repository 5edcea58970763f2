"""The plain data a handout template sees, and what each audience may see of it.

Templates never get model objects: `handout_context` builds fresh JSON-like
data for each render, and for a players' handout the GM-only fields (NPC
stats and secrets, a PC's secret and true allegiance, the clues a handout
carries) are left out of that data, so no template can print them.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from campaign.handouts.formats import Audience, Format, Paper
from campaign.model import NPC, PC, Handout, Module, ModuleInfo, Ruleset, StatBlock
from campaign.reference import SHARED_TEMPLATES, SharedTemplate

CONTEXT_KEYS: tuple[str, ...] = (
    "audience",
    "gm",
    "paper",
    "format",
    "generated",
    "module",
    "ruleset",
    "attribute_names",
    "skill_names",
    "handout",
    "npc",
    "pc",
    "clue",
    "events",
)
"""Every top-level name a template can use (see `handout_context`)."""


NPC_PLAYER_FIELDS = ("id", "name", "role", "description")
"""What a players' handout may show of an NPC (plus `allegiance.apparent`); an NPC
with a `known_as` shows its name, role and description instead.

Left out: tags (folders of spoilers such as 'villain'), stats, skills, health,
attacks, traits, actions, tactics, secret and the true allegiance."""

PC_HIDDEN_FIELDS = ("secret", "tactics", "tags", "kind")
"""What a players' pregen leaves out of the PC's own sheet (plus `allegiance.true`)."""

HANDOUT_PLAYER_FIELDS = ("id", "title", "type", "audience", "template", "body", "data")
"""What a players' handout shows of itself: not `clues` (the GM's reading of it)."""


def _plain(value: Any) -> Any:
    """JSON-like data: dicts with str keys, lists, str, int, float, bool, None."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def file_number(handout: Handout) -> str:
    """A stable registry number for a handout that gives none ('PF/40913')."""
    prefix = {
        "dossier": "PF",
        "orders": "OPS",
        "note": "EXH",
        "clue": "EV",
        "pregen": "PF/A",
        "rules": "REF",
    }.get(handout.type, "DOC")
    return f"{prefix}/{10_000 + zlib.crc32(handout.id.encode()) % 90_000}"


_CONTRACTS: dict[str, SharedTemplate] = {template.name: template for template in SHARED_TEMPLATES}


def _decorations(info: ModuleInfo, handout: Handout) -> dict[str, str]:
    """The letterhead, classification and reference a shared template prints: the
    handout's own data first, then only what module.yaml's `handouts:` asks for."""
    contract = _CONTRACTS.get(handout.template_name) or _CONTRACTS.get(handout.type)
    if contract is None:
        return {"letterhead": "", "classification": "", "reference": ""}
    settings = info.handouts
    data = handout.data

    def given(key: str) -> str:
        value = data.get(key) if key else None
        return "" if value is None or value == "" else str(_plain(value))

    letterhead = given("organisation")
    if not letterhead and contract.letterhead:
        by_type = {str(kind): office for kind, office in settings.letterheads.items()}
        letterhead = by_type.get(contract.name, "") or settings.letterhead
    classification = given("classification")
    if not classification and settings.classified:
        classification = contract.classification
    reference = given(contract.reference_key)
    if not reference and settings.reference_numbers and contract.reference_key:
        reference = file_number(handout)
    return {"letterhead": letterhead, "classification": classification, "reference": reference}


def _ruleset_data(ruleset: Ruleset) -> dict[str, Any]:
    data: dict[str, Any] = _plain(ruleset.model_dump(mode="json"))
    data.pop("kind", None)
    return data


def _sheet(block: StatBlock, ruleset: Ruleset, data: dict[str, Any]) -> dict[str, Any]:
    """Add the lists a sheet prints: attributes and skills in ruleset order, wounds."""
    attributes = dict(block.attributes)
    data["attribute_list"] = [
        {"id": attr.id, "name": attr.name, "value": attributes.pop(attr.id, 0)}
        for attr in ruleset.attributes
    ] + [{"id": key, "name": key, "value": value} for key, value in attributes.items()]
    names = {attr.id: attr.name for attr in ruleset.attributes}
    skills = dict(block.skills)
    data["skill_list"] = [
        {
            "id": skill.id,
            "name": skill.name,
            "value": skills.pop(skill.id, 0),
            "attribute": skill.attribute,
            "attribute_name": names.get(skill.attribute or "", ""),
        }
        for skill in ruleset.skills
    ] + [
        {"id": key, "name": key, "value": value, "attribute": None, "attribute_name": ""}
        for key, value in skills.items()
    ]
    data["wounds"] = block.health if block.health is not None else ruleset.health.default
    data["health_name"] = ruleset.health.name
    return data


def _npc_data(npc: NPC, ruleset: Ruleset, audience: Audience) -> dict[str, Any]:
    if audience == "gm":
        data: dict[str, Any] = _plain(npc.model_dump(mode="json"))
        return _sheet(npc, ruleset, data)
    shown = {name: _plain(getattr(npc, name)) for name in NPC_PLAYER_FIELDS}
    if npc.known_as is not None:
        # Paper cannot tell whether the players have learned who this is yet, so a
        # players' copy always names them as the players first knew them.
        known = npc.known_as
        shown.update(name=known.name, role=known.role, description=known.description)
    shown["allegiance"] = (
        {"apparent": npc.allegiance.apparent} if npc.allegiance is not None else None
    )
    return shown


def _pc_data(pc: PC, ruleset: Ruleset, audience: Audience) -> dict[str, Any]:
    data: dict[str, Any] = _plain(pc.model_dump(mode="json"))
    if audience != "gm":
        for name in PC_HIDDEN_FIELDS:
            data.pop(name, None)
        if pc.allegiance is not None:
            data["allegiance"] = {"apparent": pc.allegiance.apparent}
    for gadget in data.get("gadgets", []):
        gadget["boxes"] = gadget.get("uses") or 0
    return _sheet(pc, ruleset, data)


def _clue_data(module: Module, clue_id: str) -> dict[str, Any] | None:
    clue = module.clue(clue_id)
    if clue is None:
        return None
    data: dict[str, Any] = _plain(clue.model_dump(mode="json"))
    revelation = module.revelations.get(clue.revelation)
    data["revelation_statement"] = revelation.statement if revelation is not None else ""
    return data


def _events_data(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for event in events:
        row = _plain(event)
        if not isinstance(row, dict):
            continue
        row.setdefault("time", "")
        row.setdefault("kind", "")
        row.setdefault("text", "")
        rows.append(row)
    return rows


def _module_data(info: ModuleInfo, gm: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": info.id,
        "title": info.title,
        "version": info.version,
        "authors": list(info.authors),
        "license": info.license,
        "attribution": info.attribution,
        "tags": list(info.tags),
        "handouts": info.handouts.model_dump(mode="json"),
    }
    if gm:
        data["summary"] = info.summary
    return data


def _handout_data(module: Module, handout: Handout, gm: bool) -> dict[str, Any]:
    data: dict[str, Any] = {name: _plain(getattr(handout, name)) for name in HANDOUT_PLAYER_FIELDS}
    data["template"] = handout.template_name
    data["file_number"] = file_number(handout)
    data.update(_decorations(module.info, handout))
    if gm:
        data["clues"] = [
            {
                **_plain(clue.model_dump(mode="json")),
                "revelation_statement": (
                    module.revelations[clue.revelation].statement
                    if clue.revelation in module.revelations
                    else ""
                ),
            }
            for clue in handout.clues
        ]
    return data


def handout_context(
    module: Module,
    handout: Handout,
    audience: Audience,
    *,
    paper: Paper = "a4",
    fmt: Format = "html",
    events: Iterable[Mapping[str, Any]] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The plain data a template renders: never model objects, never a GM secret for players.

    Keys (`CONTEXT_KEYS`): `audience` ('players'/'gm'), `gm` (bool), `paper`
    ('a4'/'letter'), `format`, `generated` ({date, text}), `module` (id, title,
    version, authors, license, attribution, `handouts` settings; `summary` for the GM), `ruleset`
    (the whole ruleset: it is the players' rules), `attribute_names` and
    `skill_names` (id -> name), `handout` (its fields, `file_number`; the
    `letterhead`, `classification` and `reference` the shared templates print:
    its own data's, else what module.yaml's `handouts:` asks for, else ''; its
    `clues` for the GM only), `npc` (players: id, name, role, description,
    allegiance.apparent; GM: the whole stat block), `pc` (the whole sheet but
    secret, tactics, tags and allegiance.true for players; GM: everything),
    `clue` (GM only: the clue it presents, with its revelation) and `events`
    (a recap's journal: [{time, kind, text}]).
    """
    gm = audience == "gm"
    moment = now or dt.datetime.now()
    ruleset = module.ruleset
    npc = module.npcs.get(handout.npc) if handout.npc else None
    pc = module.pcs.get(handout.pc) if handout.pc else None
    raw_events = events if events is not None else handout.data.get("events") or []
    return {
        "audience": audience,
        "gm": gm,
        "paper": paper,
        "format": fmt,
        "generated": {
            "date": moment.date().isoformat(),
            "text": f"{moment.day} {moment:%B %Y}",
        },
        "module": _module_data(module.info, gm),
        "ruleset": _ruleset_data(ruleset),
        "attribute_names": {attr.id: attr.name for attr in ruleset.attributes},
        "skill_names": {skill.id: skill.name for skill in ruleset.skills},
        "handout": _handout_data(module, handout, gm),
        "npc": _npc_data(npc, ruleset, audience) if npc is not None else None,
        "pc": _pc_data(pc, ruleset, audience) if pc is not None else None,
        "clue": _clue_data(module, handout.clue) if gm and handout.clue else None,
        "events": _events_data(raw_events if isinstance(raw_events, list) else []),
    }
