"""Arbitrary text for handouts and NPCs, for the "any text" property tests of every format.

`fields(text, line)` draws a handout's title, body and data and an NPC's
name, role, description, secret, tactics and allegiance; `with_text` puts
them into the fixture module (the players' note `found-note` and the GM's
dossier of `volkov`), each marked by a canary that must be printed.
(Imported by name: tests/ is no package.)
"""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st
from typst_scanner import MARKDOWN

from campaign.model import Allegiance, Module

INJECTED = st.sampled_from(
    [
        '**a**.has(panic("ran"))',
        '`a`(panic("ran"))',
        '*a*;#panic("ran")',
        "**a**.has(import str(bytes((64,112,114,101,118,105,101,119,47,120,58,49,46,48,46,48))))",
        '#panic("ran")',
        '#read("/etc/passwd")',
        "$ x $ @ref <label> // c /* c */",
        "\u20281. a\x0b- b\x0c= c",
    ]
)
TEXT = st.one_of(st.text(max_size=120), MARKDOWN, INJECTED)
LINE = st.text(max_size=40)


def fields(
    text: st.SearchStrategy[str], line: st.SearchStrategy[str]
) -> st.SearchStrategy[dict[str, str]]:
    """The fields `with_text` fills: one-line ones from `line`, the rest from `text`."""
    return st.fixed_dictionaries(
        {
            "title": line,
            "body": text,
            "data": line,
            "name": line,
            "role": line,
            "description": text,
            "secret": text,
            "tactics": text,
        }
    )


FIELDS = fields(TEXT, LINE)


def with_text(spy: Module, drawn: dict[str, str]) -> Module:
    """The fixture module with the drawn text in `found-note` and in the NPC `volkov`; the
    body starts with CANARYBODY and the name with CANARYNAME."""
    note = spy.handouts["found-note"].model_copy(
        update={
            "title": drawn["title"],
            "body": "CANARYBODY\n\n" + drawn["body"],
            "data": {"exhibit": drawn["data"]},
        }
    )
    volkov = spy.npcs["volkov"].model_copy(
        update={
            "name": "CANARYNAME " + drawn["name"],
            "role": drawn["role"],
            "description": drawn["description"],
            "secret": drawn["secret"],
            "tactics": drawn["tactics"],
            "allegiance": Allegiance(apparent=drawn["role"], true=drawn["name"]),
        }
    )
    return dataclasses.replace(
        spy,
        handouts={**spy.handouts, "found-note": note},
        npcs={**spy.npcs, "volkov": volkov},
    )
