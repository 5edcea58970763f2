"""Roll results: what was thrown, what counted, and how to show it.

Results are frozen value objects. The engine shares one `DieResult` per face
of a term between rolls (they are immutable), which is most of why a roll with
a full breakdown costs about as much as one without.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from campaign.dice.errors import DiceError
from campaign.dice.grammar import parse
from campaign.dice.syntax import BinaryNode, DiceNode, GroupNode, Node, NumberNode, UnaryNode

if TYPE_CHECKING:
    from rich.text import Text


@dataclass(frozen=True, slots=True)
class DieResult:
    """One die thrown.

    `term` is the dice term as written ("4d6kh3"). `sides` is the die's size:
    100 for d%, 66/666 for d66/d666 (the face is the digit reading, 11..66),
    3 for Fate dice (faces -1, 0, +1). `kept` is False for dropped and rerolled
    dice. `exploded` means this throw triggered another (for `!!` the face is
    the compounded sum). `rerolled` marks a throw that was discarded.
    `success` is set on kept dice of a success-counting term, else None.
    """

    term: str
    sides: int
    face: int
    kept: bool = True
    exploded: bool = False
    rerolled: bool = False
    success: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "sides": self.sides,
            "face": self.face,
            "kept": self.kept,
            "exploded": self.exploded,
            "rerolled": self.rerolled,
            "success": self.success,
        }


@dataclass(frozen=True, slots=True)
class Roll:
    """The outcome of `Expression.roll`.

    `dice` lists every die thrown, term by term in the order written, each
    die's discarded rerolls just before it and each explosion just after the
    die that triggered it. `capped` is True when the 1,000-dice budget cut an
    explosion chain short (the only way a total can leave `support()`).
    """

    expression: str
    total: int
    labels: tuple[str, ...] = ()
    dice: tuple[DieResult, ...] = ()
    capped: bool = False

    def render(self) -> str:
        """One line: `4d6kh3 [6, 5, 3, ~~1~~] + 2 = 16`."""
        parts: list[str] = []
        for text, kind in _segments(self):
            parts.append(f"~~{text}~~" if kind == _STRUCK else text)
        return "".join(parts)

    def __str__(self) -> str:
        return self.render()

    def __rich__(self) -> Text:
        """The same line for Rich/Textual: dropped dice dim and struck, maximum
        faces green, minimum faces red, the total bold."""
        from rich.text import Text

        text = Text()
        for part, kind in _segments(self):
            text.append(part, _RICH_STYLES.get(kind, ""))
        return text

    def to_dict(self, seed: int | None = None) -> dict[str, Any]:
        """The JSON shape used by `campaign roll --json` and the session journal."""
        data: dict[str, Any] = {
            "expression": self.expression,
            "total": self.total,
            "labels": list(self.labels),
            "seed": seed,
            "dice": [die.to_dict() for die in self.dice],
        }
        if self.capped:
            data["capped"] = True
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Roll:
        """Rebuild a roll from `to_dict()` output (e.g. a journal entry)."""
        dice = tuple(
            DieResult(
                term=str(die["term"]),
                sides=int(die["sides"]),
                face=int(die["face"]),
                kept=bool(die["kept"]),
                exploded=bool(die["exploded"]),
                rerolled=bool(die["rerolled"]),
                success=None if die["success"] is None else bool(die["success"]),
            )
            for die in data["dice"]
        )
        return cls(
            expression=str(data["expression"]),
            total=int(data["total"]),
            labels=tuple(str(label) for label in data["labels"]),
            dice=dice,
            capped=bool(data.get("capped", False)),
        )


_new_object = object.__new__
_set_expression = vars(Roll)["expression"].__set__
_set_total = vars(Roll)["total"].__set__
_set_labels = vars(Roll)["labels"].__set__
_set_dice = vars(Roll)["dice"].__set__
_set_capped = vars(Roll)["capped"].__set__


def make_roll(
    expression: str,
    total: int,
    labels: tuple[str, ...],
    dice: tuple[DieResult, ...],
    capped: bool,
) -> Roll:
    """`Roll(...)` for the engine's hot path.

    A frozen dataclass's generated __init__ sets each field through
    `object.__setattr__`; writing the slots directly gives the same object in
    about half the time, which is a sizeable share of a 3d6 roll.
    """
    roll: Roll = _new_object(Roll)
    _set_expression(roll, expression)
    _set_total(roll, total)
    _set_labels(roll, labels)
    _set_dice(roll, dice)
    _set_capped(roll, capped)
    return roll


# --- rendering -----------------------------------------------------------------

_PLAIN, _STRUCK, _HIGH, _LOW, _TOTAL, _NOTE = "plain", "struck", "high", "low", "total", "note"
_RICH_STYLES = {
    _STRUCK: "dim strike",
    _HIGH: "green",
    _LOW: "red",
    _TOTAL: "bold",
    _NOTE: "italic",
}
_FATE_SYMBOLS = {-1: "-", 0: "0", 1: "+"}


TreeLookup = Callable[[str], Node]
"""Expression text -> its syntax tree; raises DiceError for text that does not compile."""


def _parse_tree(text: str) -> Node:
    return parse(text).tree


_tree_lookup: TreeLookup = _parse_tree


def use_tree_lookup(lookup: TreeLookup) -> None:
    """Lay rolls out from the trees `lookup` gives (see `_segments`).

    The compiler builds Rolls, so it sits above this module and cannot be
    imported from here; instead it hands its cached `compile` down when it
    loads, which `campaign.dice` does before anything can render a roll.
    """
    global _tree_lookup
    _tree_lookup = lookup


def _segments(roll: Roll) -> Iterator[tuple[str, str]]:
    """The rendered line as (text, kind) pieces, shared by plain and Rich output."""
    # The layout comes from the expression's syntax tree; the compiler's lookup
    # is its cache, so this is a dictionary lookup for any roll the engine made.
    try:
        tree: Node | None = _tree_lookup(roll.expression)
    except DiceError:
        tree = None
    cursor = _Cursor(roll.dice)
    if tree is None:
        yield roll.expression, _PLAIN
        yield from _faces(roll.dice, None)
    else:
        yield from _node_segments(tree, cursor)
        if cursor.index < len(roll.dice):
            # Dice the layout did not account for (a hand-made Roll): show them anyway.
            yield from _faces(roll.dice[cursor.index :], None)
    yield " = ", _PLAIN
    yield str(roll.total), _TOTAL
    if roll.capped:
        yield " (dice budget reached)", _NOTE


class _Cursor:
    __slots__ = ("dice", "index")

    def __init__(self, dice: tuple[DieResult, ...]) -> None:
        self.dice = dice
        self.index = 0

    def take_term(self, term: DiceNode) -> tuple[DieResult, ...]:
        """The dice one term threw: per die, its rerolls, itself, its explosions."""
        start = self.index
        chained = term.explode is not None and not term.explode.compounding
        for _ in range(term.count):
            while self.index < len(self.dice):
                die = self.dice[self.index]
                self.index += 1
                if die.rerolled or (chained and die.exploded):
                    continue
                break
        return self.dice[start : self.index]


def _node_segments(node: Node, cursor: _Cursor) -> Iterator[tuple[str, str]]:
    if isinstance(node, NumberNode):
        yield str(node.value), _PLAIN
    elif isinstance(node, DiceNode):
        yield node.text + " ", _PLAIN
        yield from _faces(cursor.take_term(node), node)
    elif isinstance(node, UnaryNode):
        yield "-", _PLAIN
        yield from _node_segments(node.operand, cursor)
    elif isinstance(node, GroupNode):
        yield "(", _PLAIN
        yield from _node_segments(node.inner, cursor)
        yield ")", _PLAIN
    else:
        yield from _node_segments(node.left, cursor)
        yield f" {node.op} ", _PLAIN
        yield from _node_segments(node.right, cursor)
    if not isinstance(node, BinaryNode | UnaryNode):
        for label in node.labels:
            yield f' "{label}"', _NOTE


def _faces(dice: tuple[DieResult, ...], term: DiceNode | None) -> Iterator[tuple[str, str]]:
    fate = term is not None and term.die.is_fate
    yield "[", _PLAIN
    for position, die in enumerate(dice):
        if position:
            yield ", ", _PLAIN
        face = _FATE_SYMBOLS.get(die.face, str(die.face)) if fate else str(die.face)
        if die.exploded:
            face += "!"
        if die.success:
            face += "*"
        if not die.kept:
            kind = _STRUCK
        elif term is not None and (die.exploded or die.face >= term.die.highest):
            kind = _HIGH
        elif term is not None and die.face <= term.die.lowest:
            kind = _LOW
        else:
            kind = _PLAIN
        yield face, kind
    yield "]", _PLAIN
