"""The dice engine: compile notation once (cached), roll many times with the
caller's `random.Random`, read structured results, and get exact odds.

    >>> import random
    >>> from campaign.dice import compile
    >>> expression = compile("4d6kh3+2 [str]")
    >>> roll = expression.roll(random.Random(7))
    >>> roll.total == sum(d.face for d in roll.dice if d.kept) + 2
    True

This layer imports nothing from the rest of `campaign` except its errors, and
never imports Textual.
"""

from campaign.dice.compiler import Expression, compile
from campaign.dice.errors import DiceError
from campaign.dice.odds import Odds, odds
from campaign.dice.roll import DieResult, Roll

__all__ = ["DiceError", "DieResult", "Expression", "Odds", "Roll", "compile", "odds"]
