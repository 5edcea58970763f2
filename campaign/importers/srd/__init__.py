"""Fifth-edition SRD stat blocks, whatever the source: abilities, skills, attacks, uses.

The three monster importers read their own field names and hand the values to
`NpcDraft` (`draft`), which knows how a printed 5e stat block maps onto an NPC
document. Around it: the SRD's ability and skill words (`vocabulary`), how
numbers, dice and challenge ratings are printed (`notation`), what a printed
attack says (`attack_text`), the printed lines built from source fields
(`lines`), and the fields the sources name alike (`source_fields`).
"""

from __future__ import annotations

from campaign.importers.srd.attack_text import AttackText, parse_attack, roll_in_text, split_uses
from campaign.importers.srd.draft import PROPERTY_ORDER, NpcDraft
from campaign.importers.srd.lines import joined, monster_tags, size_and_type, speed_text
from campaign.importers.srd.notation import (
    CR_XP,
    challenge,
    combine,
    cr_text,
    dice,
    is_dice,
    modifier,
    signed,
)
from campaign.importers.srd.vocabulary import (
    ABILITIES,
    ABILITY_NAMES,
    SKILLS,
    ability_id,
    skill_id,
)

__all__ = [
    "ABILITIES",
    "ABILITY_NAMES",
    "CR_XP",
    "PROPERTY_ORDER",
    "SKILLS",
    "AttackText",
    "NpcDraft",
    "ability_id",
    "challenge",
    "combine",
    "cr_text",
    "dice",
    "is_dice",
    "joined",
    "modifier",
    "monster_tags",
    "parse_attack",
    "roll_in_text",
    "signed",
    "size_and_type",
    "skill_id",
    "speed_text",
    "split_uses",
]
