"""The dice syntax tree: what the parser builds and everything else reads.

Nodes are frozen value objects. A dice term (`DiceNode`) carries its die
(`DieKind`) and its modifiers already normalised (`Keep` always says how many
dice stay), so the compiler, the odds and the renderer never re-read notation.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.dice import intervals
from campaign.dice.intervals import IntSet

_HUGE = 10**30  # an "unbounded" end for comparison runs; far beyond any total


@dataclass(frozen=True, slots=True)
class Condition:
    """A comparison against one number: `>=8`, `<3`, `=1`."""

    op: str
    value: int

    def matches(self, face: int) -> bool:
        return _compare(self.op, face, self.value)

    def values(self) -> IntSet:
        """The integers that satisfy the comparison, as runs."""
        bound = self.value
        if self.op == "=":
            return intervals.span(bound, bound)
        if self.op == "<":
            return intervals.span(-_HUGE, bound - 1)
        if self.op == "<=":
            return intervals.span(-_HUGE, bound)
        if self.op == ">":
            return intervals.span(bound + 1, _HUGE)
        return intervals.span(bound, _HUGE)

    def __str__(self) -> str:
        return f"{self.op}{self.value}"


def _compare(op: str, face: int, value: int) -> bool:
    if op == "=":
        return face == value
    if op == "<":
        return face < value
    if op == "<=":
        return face <= value
    if op == ">":
        return face > value
    return face >= value


@dataclass(frozen=True, slots=True)
class DieKind:
    """One die: `sides` faces 1..sides, or an explicit ascending face table.

    Tables are used for Fate dice (-1, 0, +1; reported with `sides` 3) and for
    d66/d666 (two or three d6 read as tens/hundreds and ones digits; reported
    with `sides` 66/666).
    """

    sides: int
    faces: tuple[int, ...] | None = None

    @property
    def face_count(self) -> int:
        return self.sides if self.faces is None else len(self.faces)

    @property
    def lowest(self) -> int:
        return 1 if self.faces is None else self.faces[0]

    @property
    def highest(self) -> int:
        return self.sides if self.faces is None else self.faces[-1]

    @property
    def is_fate(self) -> bool:
        return self.faces == FATE_FACES

    def face_set(self) -> IntSet:
        if self.faces is None:
            return intervals.span(1, self.sides)
        return intervals.from_points(self.faces)


FATE_FACES = (-1, 0, 1)
D66_FACES = tuple(10 * tens + ones for tens in range(1, 7) for ones in range(1, 7))
D666_FACES = tuple(
    100 * hundreds + 10 * tens + ones
    for hundreds in range(1, 7)
    for tens in range(1, 7)
    for ones in range(1, 7)
)


@dataclass(frozen=True, slots=True)
class Reroll:
    once: bool
    condition: Condition


@dataclass(frozen=True, slots=True)
class Explode:
    compounding: bool
    condition: Condition


@dataclass(frozen=True, slots=True)
class Keep:
    """Normalized keep/drop: keep the `count` highest (or lowest) dice."""

    highest: bool
    count: int


@dataclass(frozen=True, slots=True)
class NumberNode:
    value: int
    column: int
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DiceNode:
    text: str  # the term as written, whitespace removed: "4d6kh3"
    column: int
    count: int
    die: DieKind
    reroll: Reroll | None = None
    explode: Explode | None = None
    keep: Keep | None = None
    success: Condition | None = None
    labels: tuple[str, ...] = ()

    @property
    def is_plain(self) -> bool:
        return (
            self.reroll is None
            and self.explode is None
            and self.keep is None
            and (self.success is None)
        )

    @property
    def is_variable(self) -> bool:
        """Whether the number of dice thrown can vary (rerolls, explosions)."""
        return self.reroll is not None or self.explode is not None


@dataclass(frozen=True, slots=True)
class UnaryNode:
    operand: Node
    column: int


@dataclass(frozen=True, slots=True)
class BinaryNode:
    op: str  # "+", "-", "*", "/" (floor division)
    left: Node
    right: Node
    column: int  # of the operator


@dataclass(frozen=True, slots=True)
class GroupNode:
    inner: Node
    column: int  # of "("
    labels: tuple[str, ...] = ()


Node = NumberNode | DiceNode | UnaryNode | BinaryNode | GroupNode


def column_of(node: Node) -> int:
    """Where a node starts (for a binary node: where its left operand starts)."""
    while isinstance(node, BinaryNode):
        node = node.left
    return node.column


def dice_terms(node: Node) -> list[DiceNode]:
    """Every dice term, left to right (the order they are rolled in)."""
    terms: list[DiceNode] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, DiceNode):
            terms.append(current)
        elif isinstance(current, BinaryNode):
            stack.append(current.right)
            stack.append(current.left)
        elif isinstance(current, UnaryNode):
            stack.append(current.operand)
        elif isinstance(current, GroupNode):
            stack.append(current.inner)
    return terms
