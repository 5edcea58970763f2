"""`campaign new PATH`: a small, valid module to start writing from.

The files are written as text (not dumped from models) so they keep their
comments and read like the examples in the authoring guide. A test loads the
result, so the scaffold can never drift from the format.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from campaign.errors import CampaignError
from campaign.schema import SCHEMA_FILE, module_json_schema_text

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
"""A folder name that is a module id as it stands (lowercased): letters, digits, '-'
and '_', starting with a letter or digit. Nothing a shell or a URL needs quoted."""


def slugify(name: str) -> str:
    """'The Sunken Abbey' -> 'the-sunken-abbey'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80].strip("-")
    return slug or "my-module"


def module_id_for(folder_name: str) -> str:
    """The module id a new module folder gets: its name, lowercased.

    A name that is not a safe id ('bad name!') is refused with one that is
    ('bad-name'), rather than quietly giving the folder and the module two names.
    """
    if _SAFE_ID.fullmatch(folder_name):
        return folder_name.lower()
    raise CampaignError(
        f"'{folder_name}' is not a module id (letters, digits, '-' and '_'); "
        f"try '{slugify(folder_name)}'"
    )


def default_title(module_id: str) -> str:
    """'harbour-job' -> 'Harbour Job'."""
    return module_id.replace("-", " ").replace("_", " ").strip().title() or module_id


def _title_line(title: str) -> str:
    """`title: ...` that reads back as exactly `title` (quoted only when YAML needs it)."""
    if not title.strip() or any(ord(char) < 32 or ord(char) == 127 for char in title):
        raise CampaignError("--title: a title is one line of text")
    return yaml.safe_dump({"title": title.strip()}, allow_unicode=True, width=2**16)


def _modeline(depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FILE}\n"


def scaffold_files(module_id: str, title: str) -> dict[str, str]:
    """Relative path -> file text of a new module."""
    return {
        "module.yaml": _modeline(0) + _module_yaml(module_id, title),
        "ruleset.yaml": _modeline(0) + _ruleset_yaml(),
        "acts/act-1.yaml": _modeline(1) + _act_yaml(),
        "npcs/smuggler.yaml": _modeline(1) + _npc_yaml(),
        "pcs/warden.yaml": _modeline(1) + _pc_yaml(),
        "tables/cove-events.yaml": _modeline(1) + _table_yaml(),
        "handouts/keepers-log.yaml": _modeline(1) + _handout_yaml(),
        "clocks/storm.yaml": _modeline(1) + _clock_yaml(),
        "revelations/keeper-alive.yaml": _modeline(1) + _revelation_yaml(),
    }


def _module_yaml(module_id: str, title: str) -> str:
    """The module's manifest: its id, title and the ruleset it plays with."""
    return f"""id: {module_id}
{_title_line(title)}version: 0.1.0
authors: [You]
license: CC BY 4.0
summary: >
  A one-evening mystery. Replace this with what your adventure is about.
ruleset: simple-2d6
players: 2-5
"""


def _ruleset_yaml() -> str:
    """A small 2d6 ruleset the example documents are written for."""
    return """kind: ruleset
id: simple-2d6
name: Simple 2d6
summary: Roll 2d6 + attribute + skill against a difficulty; miss by 1-2 for success at a cost.
attributes:
  - {id: body, name: Body, description: "Strength, speed and toughness."}
  - {id: mind, name: Mind, description: "Wits, memory and learning."}
  - {id: spirit, name: Spirit, description: "Nerve, charm and will."}
skills:
  - {id: fight, name: Fight, attribute: body}
  - {id: search, name: Search, attribute: mind}
  - {id: talk, name: Talk, attribute: spirit}
check:
  family: target
  roll: "2d6+{attribute}+{skill}"
  default_difficulty: tricky
  results:
    - {id: success, label: Success, min_margin: 0}
    - {id: partial, label: Success at a cost, min_margin: -2}
    - {id: failure, label: Failure}
difficulties:
  - {id: easy, name: Easy, target: 7}
  - {id: tricky, name: Tricky, target: 9}
  - {id: hard, name: Hard, target: 11}
initiative:
  roll: "2d6+{body}"
  tie_breaker: mind
health:
  name: Wounds
  track: wounds
  default: 4
conditions:
  - {id: stunned, name: Stunned, effect: "-2 to every roll.", rounds: 1}
"""


def _act_yaml() -> str:
    """The act and its two scenes, one file of three YAML documents."""
    return "---\n".join((_act_one(), _lighthouse_door_scene(), _lamp_room_scene()))


def _act_one() -> str:
    """Act 1: the mystery, its clock, an alternative path and an outcome."""
    return """id: act-1
number: 1
title: The Lighthouse
summary: The keeper has vanished; the lamp still burns.
overview: >
  The keeper, Morwenna, faked her disappearance to hide from smugglers who use
  the cove. She watches the lighthouse from the chapel on the cliff.
goals: Find the keeper and learn why the light still burns.
ending: The agents find Morwenna and choose whether to face the smugglers.
scenes: [lighthouse-door, lamp-room]
clocks: [storm]
alternatives:
  - id: smugglers-first
    title: The smugglers arrive first
    trigger: The storm clock fills before the lamp room is searched.
    consequence: The smugglers hold the lamp room; Morwenna must be found by other means.
outcomes:
  - id: keeper-found
    question: Did the agents find Morwenna?
    options:
      - {id: found, label: Found and safe}
      - {id: lost, label: Never found}
    default: found
"""


def _lighthouse_door_scene() -> str:
    """The first scene: a clue, NPCs, a table, a check and exits."""
    return """kind: scene
id: lighthouse-door
title: The Lighthouse Door
place: The foot of the lighthouse
summary: A locked door and a lamp that should not be lit.
read_aloud: >
  Rain needles your faces as you climb the last of the path. The lighthouse
  door is shut, but the lamp above you turns and turns, sweeping the black sea.
gm_notes: >
  The door is locked from inside. A spare key hangs under the third step.
clues:
  - id: door-footprints
    text: Small boots have come and gone through the mud, many times.
    source: {place: the mud by the door}
    revelation: keeper-alive
npcs:
  - {npc: smuggler, count: 2, note: watching from the rocks}
tables: [cove-events]
checks:
  - task: Find a way in
    skill: search
    difficulty: easy
    success: The spare key under the third step.
    failure: Noise; the storm clock ticks.
    ticks: [{clock: storm, on: failure}]
# Both ways in lead up to the lamp room: one deliberate one-way scene per act is
# fine when it says so (lint asks every other scene for two destinations).
bottleneck: true
exits:
  - {to: lamp-room, label: Climb the stairs, on: success}
  - {to: lamp-room, label: Force the door, on: failure, condition: the smugglers hear it}
"""


def _lamp_room_scene() -> str:
    """The second scene: a clue found in a handout, and one found with no roll."""
    return """kind: scene
id: lamp-room
title: The Lamp Room
place: Top of the lighthouse
summary: Someone has kept the lamp fed.
read_aloud: >
  The stair ends in heat and light. The great lens turns in its bath of oil,
  and on the table lies a logbook open at today's date.
gm_notes: The logbook entry is in Morwenna's hand, written this morning.
clues:
  - id: lamp-logbook
    text: Today's entry, in the keeper's hand.
    source: {handout: keepers-log}
    revelation: keeper-alive
  - id: warm-oil-can
    text: The oil can beside the lamp is half full and still warm from a stove.
    source: {place: beside the lamp}
    revelation: keeper-alive
handouts: [keepers-log]
checks:
  - task: Read the logbook's shaky last page
    skill: search
    difficulty: tricky
    success: The chapel is mentioned twice.
    failure: The page is smeared; the agents must ask around the village.
"""


def _npc_yaml() -> str:
    """The NPC the first scene and the table bring in."""
    return """id: smuggler
name: Cove Smuggler
role: Hired muscle with a lantern
tags: [minion, cove]
description: Oilskins, a knife, and a habit of looking at the sea.
secret: Paid by the harbourmaster.
attributes: {body: 2, mind: 0, spirit: 1}
skills: {fight: 1}
health: 2
attacks:
  - {name: Knife, roll: "2d6+3", damage: "1d3"}
tactics: Flees when outnumbered.
"""


def _pc_yaml() -> str:
    """A pregenerated character, so lint can work out every check's odds for a player."""
    return """id: warden
name: Tamsin Hale
concept: Coastguard officer
role: The village's coastguard
description: A salt-stiff coat, a lantern of her own, and the patience of a tide.
background: She has known Morwenna since they were girls, and owes her a favour.
attributes: {body: 1, mind: 2, spirit: 1}
skills: {search: 2, talk: 1, fight: 1}
"""


def _table_yaml() -> str:
    """A random table with an inline roll and an entry that brings in NPCs."""
    return """id: cove-events
title: Cove events
roll: 1d6
entries:
  - {range: 1-2, result: "A lantern signals from a boat, [[1d3]] times."}
  - {range: 3-4, result: "Smugglers on the path.", npcs: [{npc: smuggler, count: "1d3"}]}
  - {range: 5-6, result: The storm breaks a shutter loose.}
"""


def _handout_yaml() -> str:
    """The handout the lamp room's clue points at."""
    return """id: keepers-log
title: The Keeper's Log
type: note
body: >
  Lamp lit at dusk. Boats again without lights. I will watch from the chapel
  until they are gone. - M.
"""


def _clock_yaml() -> str:
    """The clock the first scene's check ticks."""
    return """id: storm
name: The storm
segments: 4
when_full: The storm makes the cove impassable; the smugglers move their cargo.
"""


def _revelation_yaml() -> str:
    """The revelation both clues point at."""
    return """id: keeper-alive
statement: The keeper is alive and keeping the light herself.
act: act-1
"""


def create_module(name: str, where: Path) -> Path:
    """Write a new module folder `where/name` (id: slug of the name) and its schema."""
    target = where / name
    module_id = slugify(target.name)
    write_module(target, module_id, default_title(target.name))
    return target


def write_module(target: Path, module_id: str, title: str) -> None:
    """Write the scaffold into the new folder `target`; refuse one that exists."""
    if target.exists() or target.is_symlink():
        raise CampaignError(f"{target}: already exists; choose another name or remove it")
    files = scaffold_files(module_id, title)  # a bad title is refused before any file
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (target / SCHEMA_FILE).write_text(module_json_schema_text(), encoding="utf-8")
