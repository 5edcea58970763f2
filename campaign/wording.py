"""How a count reads in English: "1 minute", "2 rounds", "a wound(s)" resolved.

Every message that puts a number in front of a noun goes through `plural`, so
no f-string pluralises by hand ("for 1 minutes", "Pinned (1 rounds)"). Module
text rolled at the table ("for [[1d3]] minutes") cannot be rewritten by its
author for each roll, so `agree` fixes the word after a rolled number: a
`word(s)` the author wrote is resolved, and a plural noun after a 1 becomes
singular. The rule is deliberately narrow (only the word right after the
number, only regular plurals and a few irregular ones, never a word that merely
ends in s): a missed "1 minutes" is a blemish, a mangled "1 bonu" is a bug.
"""

from __future__ import annotations

import re

_IRREGULAR = {
    "men": "man",
    "women": "woman",
    "children": "child",
    "people": "person",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "dice": "die",
    "knives": "knife",
    "wolves": "wolf",
    "thieves": "thief",
    "lives": "life",
    "halves": "half",
}
"""Plurals that no ending rule turns back into their singular."""

_NOT_PLURAL = frozenset(
    (
        "is", "was", "has", "does", "this", "its", "his", "hers", "ours", "yours", "theirs", "us",
        "thus", "plus", "minus", "less", "unless", "always", "perhaps", "sometimes", "besides",
        "across", "towards", "afterwards", "whereas", "as", "yes", "news", "series", "species",
        "bonus", "status", "chaos", "canvas", "gas", "bus", "virus", "focus", "radius", "campus",
        "census", "corpus", "lens", "atlas", "bias", "iris", "axis", "basis", "crisis", "oasis",
        "thesis", "analysis", "apparatus",
    )
)
"""Common words ending in s that are not plurals (a count is followed by nouns, but
a module's author may write "[[1d3]] bonus damage")."""

_AUTHOR_PLURAL = re.compile(r"^([A-Za-z][A-Za-z'-]*)\(s\)$")
"""`wound(s)`: the author left the number to the roll."""

_SIBILANT_ES = re.compile(r"(?:ch|sh|ss|x|z)es$")


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 minute', '2 minutes', '0 entries' (`many` for plurals not made with -s)."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def singular_of(word: str) -> str | None:
    """The singular of a plural noun, or None when `word` is not one we can tell.

    Case is kept for the common forms ('Rounds' -> 'Round').
    """
    lower = word.lower()
    if lower in _IRREGULAR:
        single = _IRREGULAR[lower]
        return single.capitalize() if word[:1].isupper() else single
    if len(lower) < 4 or lower in _NOT_PLURAL or not lower.endswith("s"):
        return None
    if lower.endswith(("ss", "us", "is")):
        return None
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + ("Y" if word[-3:].isupper() else "y")
    if _SIBILANT_ES.search(lower):
        return word[:-2]
    return word[:-1]


def agree(count: int, word: str) -> str:
    """The word that follows a rolled `count`, made to agree with it.

    'minutes' after 1 -> 'minute'; 'wound(s)' -> 'wound' or 'wounds'; anything
    else as written.
    """
    author = _AUTHOR_PLURAL.match(word)
    if author:
        stem = author.group(1)
        return stem if count == 1 else stem + "s"
    if count == 1:
        return singular_of(word) or word
    return word


__all__ = ["agree", "plural", "singular_of"]
