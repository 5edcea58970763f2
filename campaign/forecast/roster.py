"""Who fights: the two sides of a forecast fight, built from a module and a spec.

A side is a list of `Fighter`s: one per combatant (an NPC with count 3 is
three fighters, `kgb-agent#1` to `#3`), each with its health left at the
start, when it flees (its stat block's morale), its initiative roll, and the
number that breaks an initiative tie. A spec is what the command line takes:
`kgb-agent:4,necros`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from campaign.characters import initiative_expression, max_health
from campaign.errors import CampaignError, did_you_mean
from campaign.model import Bring, Module, StatBlock

Side = Literal["agents", "opposition"]


@dataclass(frozen=True, slots=True)
class Fighter:
    """One combatant of a forecast fight."""

    key: str
    """Unique in the fight: the stat block's id, with '#n' when there are several."""
    block: StatBlock
    side: Side
    health: int
    """Health left at the start (maximum, less any wounds already taken)."""
    maximum: int
    flee_at: int | None
    """Leaves the fight when its health left falls to this or below; None: fights on."""
    initiative: str
    """Its initiative roll, filled with its numbers."""
    tie: int
    """The ruleset's tie-breaker attribute (higher acts first on a tie)."""


MAX_COUNT = 50
"""The most of one NPC a forecast plays (as `--fight id:COUNT` allows)."""
MAX_FIGHTERS = 200
"""The most combatants, both sides together, a forecast plays."""


def parse_spec(spec: str) -> list[tuple[str, int]]:
    """'kgb-agent:4,necros' -> [('kgb-agent', 4), ('necros', 1)]."""
    parts: list[tuple[str, int]] = []
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            continue
        name, _, count = item.partition(":")
        if count and not (count.isdigit() and 1 <= int(count) <= MAX_COUNT):
            raise CampaignError(f"'{item}': the count after ':' is a number from 1 to {MAX_COUNT}")
        parts.append((name.strip(), int(count) if count else 1))
    if not parts:
        raise CampaignError(f"'{spec}' names nobody; expected ids such as 'kgb-agent:4,necros'")
    return parts


def _playable(npc: str, count: str, most: int) -> None:
    if most > MAX_COUNT:
        raise CampaignError(
            f"{npc}: a count of {count} can be more than the {MAX_COUNT} a forecast plays"
        )


def brought(bring: Bring) -> tuple[int, str | None]:
    """How many of a scene's `npcs` entry fight, and a note when a dice count was averaged."""
    if isinstance(bring.count, int):
        _playable(bring.npc, str(bring.count), bring.count)
        return bring.count, None
    from campaign.dice import compile, odds
    from campaign.dice.support import bounds

    # The most it can roll is checked before its odds are worked out: a stranger's
    # '1000d1000' must be refused, not computed.
    _playable(bring.npc, bring.count, bounds(compile(bring.count).tree)[1])
    mean = odds(bring.count).mean
    count = max(1, round(mean))
    return count, f"{bring.npc}: a count of {bring.count} is forecast as {count} (its mean)"


def flee_mark(block: StatBlock, maximum: int) -> int | None:
    """Health left at or below which a fighter flees (its stat block's morale); None: never."""
    if block.morale is None:
        return None
    flee = block.morale.flee_at
    return maximum // 2 if flee == "half" else int(flee)


def _fighters(
    module: Module,
    side: Side,
    wanted: list[tuple[str, int]],
    known: dict[str, StatBlock],
    damage: dict[str, int],
) -> list[Fighter]:
    what = "PC" if side == "agents" else "NPC"
    ruleset = module.ruleset
    tie_id = ruleset.initiative.tie_breaker
    fighters: list[Fighter] = []
    for block_id, count in wanted:
        block = known.get(block_id)
        if block is None:
            raise CampaignError(
                f"no {what} '{block_id}' in {module.id}{did_you_mean(block_id, known)}"
            )
        maximum = max_health(ruleset, block)
        for number in range(1, count + 1):
            fighters.append(
                Fighter(
                    key=block_id if count == 1 else f"{block_id}#{number}",
                    block=block,
                    side=side,
                    health=max(0, maximum - damage.get(block_id, 0)),
                    maximum=maximum,
                    flee_at=flee_mark(block, maximum),
                    initiative=initiative_expression(ruleset, block),
                    tie=block.attributes.get(tie_id, 0) if tie_id else 0,
                )
            )
    return fighters


def build_roster(
    module: Module,
    opposition: list[tuple[str, int]],
    agents: list[tuple[str, int]] | None = None,
    damage: dict[str, int] | None = None,
) -> list[Fighter]:
    """The agents (the module's pregens unless named) then the opposition.

    `damage` is wounds already taken, by PC id (from a session); a PC with no
    health left is not in the fight at all.
    """
    wounds = damage or {}
    party = agents if agents is not None else [(pc_id, 1) for pc_id in module.pcs]
    if not party:
        raise CampaignError(f"{module.id} has no pregens: name the agents with --pcs")
    fighters = _fighters(module, "agents", party, dict(module.pcs), wounds)
    fighters = [fighter for fighter in fighters if fighter.health > 0]
    if not fighters:
        raise CampaignError("every agent named is already down")
    everyone = fighters + _fighters(module, "opposition", opposition, dict(module.npcs), {})
    if len(everyone) > MAX_FIGHTERS:
        raise CampaignError(
            f"{len(everyone)} combatants: a forecast plays at most {MAX_FIGHTERS} in one fight"
        )
    return everyone
