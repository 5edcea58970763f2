"""Who the players think an NPC is: the name, role and description they may read.

An NPC with a `known_as` is shown by it while it applies (until its `until`
condition holds), everywhere the players look: their screen, their fight panel,
their recap. In a fight, an NPC the GM has never introduced is shown under
`known_as.name` if it has one, else under a neutral label ('Unknown', or
'Unknown 1', 'Unknown 2' when several; neutral because an NPC in a fight may be
an ally as well as a foe), so that adding someone to the fight never names
them. Once introduced, they are shown under the name they were introduced by.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from campaign.model import NPC, Module
from campaign.session.state import SessionState
from campaign.session.when import Facts, facts_of, holds

NEUTRAL_LABEL = "Unknown"
"""A fight's only NPC the players have not met and know nothing of; several are
'Unknown 1', 'Unknown 2', in the order they joined."""


@dataclass(frozen=True, slots=True)
class Identity:
    """An NPC as the players know them now."""

    name: str
    role: str
    description: str
    assumed: bool
    """True while the players know them only by their `known_as`."""


def identity_of(npc: NPC, facts: Facts) -> Identity:
    """The name, role and description the players may read for this NPC now."""
    known = npc.known_as
    if known is not None and (known.until is None or not holds(known.until, facts)):
        return Identity(known.name, known.role, known.description.strip(), assumed=True)
    return Identity(npc.name, npc.role, npc.description.strip(), assumed=False)


def gm_name_with_alias(module: Module, npc_id: str, state: SessionState | None) -> str:
    """For the GM's side: 'Necros (to the players: The fair-haired young man)' while the
    players know them by another name, else the NPC's name."""
    npc = module.npcs[npc_id]
    if npc.known_as is None:
        return npc.name
    known = npc.known_as.name
    if state is not None:
        known = identity_of(npc, facts_of(state, module)).name
    return npc.name if known == npc.name else f"{npc.name} (to the players: {known})"


@dataclass(frozen=True, slots=True)
class Fighter:
    """What naming a combatant for the players needs: who, and which NPC if any."""

    cid: str
    name: str
    kind: str
    ref: str | None


def fight_names(
    module: Module, fighters: Iterable[Fighter], introduced: Collection[str], facts: Facts
) -> dict[str, str]:
    """Each combatant's name for the players, by combatant id, in the order given.

    Agents (and anyone the GM added as one) keep their own names. An NPC is named
    as the players know them if they were introduced or have a `known_as`, and
    numbered when several of the same NPC fight; anyone else is 'Unknown'.
    """
    fighters = [fighter for fighter in fighters if fighter.kind != "event"]
    known: dict[str, str] = {}
    unknown: list[str] = []
    for fighter in fighters:
        if fighter.kind != "npc":
            continue
        npc = module.npcs.get(fighter.ref or "")
        if npc is not None and (npc.id in introduced or npc.known_as is not None):
            known[fighter.cid] = identity_of(npc, facts).name
        else:
            unknown.append(fighter.cid)
    names = {fighter.cid: fighter.name for fighter in fighters if fighter.kind != "npc"}
    names.update(_numbered(known, [f.cid for f in fighters]))
    if len(unknown) == 1:
        names[unknown[0]] = NEUTRAL_LABEL
    else:
        names.update({cid: f"{NEUTRAL_LABEL} {n}" for n, cid in enumerate(unknown, 1)})
    return names


def _numbered(known: dict[str, str], order: list[str]) -> dict[str, str]:
    """'SAS trooper 1', 'SAS trooper 2' when a name is shared; a lone name as it is."""
    shared = Counter(known.values())
    seen: Counter[str] = Counter()
    named = {}
    for cid in order:
        if cid not in known:
            continue
        name = known[cid]
        seen[name] += 1
        named[cid] = f"{name} {seen[name]}" if shared[name] > 1 else name
    return named
