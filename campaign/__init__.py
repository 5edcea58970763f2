"""campaign: a game-master toolkit for running tabletop adventures from a terminal."""

__version__ = "0.1.0"
