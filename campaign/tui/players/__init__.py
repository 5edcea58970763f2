"""The players' screen: a read-only app that follows a session."""

from __future__ import annotations

from campaign.tui.players.app import PlayersApp, make_players_app

__all__ = ["PlayersApp", "make_players_app"]
