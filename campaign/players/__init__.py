"""The players' side: what they may see of a session, as one player-safe projection."""

from __future__ import annotations

from campaign.players.identity import gm_name_with_alias
from campaign.players.view import (
    FightRow,
    MapView,
    NpcCard,
    PlayersView,
    condition_words,
    players_view,
)

__all__ = [
    "FightRow",
    "MapView",
    "NpcCard",
    "PlayersView",
    "condition_words",
    "gm_name_with_alias",
    "players_view",
]
