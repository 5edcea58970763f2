"""The combat tracker's event kinds: every change to a fight is one of these in the journal."""

from __future__ import annotations

START = "combat-start"
ADD = "combat-add"
INITIATIVE = "combat-initiative"
ORDER = "combat-order"
NEXT = "combat-next"
PREVIOUS = "combat-previous"
HARM = "combat-harm"
CONDITION = "combat-condition"
END_CONDITION = "combat-end-condition"
REMOVE = "combat-remove"
END = "combat-end"

KINDS = (START, ADD, INITIATIVE, ORDER, NEXT, PREVIOUS, HARM, CONDITION, END_CONDITION, REMOVE, END)
