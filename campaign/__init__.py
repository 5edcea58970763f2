"""campaign: a game-master toolkit for running tabletop adventures from a terminal."""

import os

__version__ = "0.1.0"

# pydantic looks up plugins through package metadata on first use, which costs
# tens of milliseconds at start-up; a GM tool has none to load. A user who
# wants one can still set the variable.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
