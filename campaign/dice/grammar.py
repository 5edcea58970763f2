"""Dice notation: a hand-written tokenizer and precedence-climbing parser.

Grammar (case-insensitive, whitespace allowed between any two tokens)::

    expression := sum END
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := ("-" | "+")* postfix
    postfix    := atom label*
    atom       := NUMBER | dice | "(" sum ")"
    dice       := NUMBER? "d" (NUMBER | "%" | "F") modifier*
    modifier   := keep | reroll | explode | success      (each at most once)
    keep       := ("kh" | "kl" | "dh" | "dl" | "k" | "h" | "l" | "d") NUMBER
    reroll     := ("r" | "ro") point?
    explode    := ("!" | "x" | "!!") point?
    success    := COMPARE SIGNED_NUMBER
    point      := COMPARE SIGNED_NUMBER | NUMBER
    label      := "[" text without "]" "]"

The parser checks every bound it can before anything is rolled (see
`limits.py`) and reports problems as `DiceError` with a 1-based column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from campaign.dice import intervals, limits
from campaign.dice.errors import DiceError
from campaign.dice.intervals import IntSet

# --- syntax tree ---------------------------------------------------------------

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
_D66_FACES = tuple(10 * tens + ones for tens in range(1, 7) for ones in range(1, 7))
_D666_FACES = tuple(
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


# --- tokens ---------------------------------------------------------------------


class Token(NamedTuple):
    kind: str
    text: str  # as written (original case); label text for LABEL
    column: int  # 1-based
    end: int  # 0-based index just past the token


NUM, DIE, PERCENT, FATE, KEEP, REROLL, EXPLODE, COMPARE = (
    "number",
    "d",
    "%",
    "F",
    "keep",
    "reroll",
    "explode",
    "compare",
)
PLUS, MINUS, TIMES, DIVIDE, LPAREN, RPAREN, LABEL, END, BAD = (
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    "label",
    "end",
    "bad",
)

_TWO_CHARACTER = {
    "kh": KEEP,
    "kl": KEEP,
    "dh": KEEP,
    "dl": KEEP,
    "ro": REROLL,
    "!!": EXPLODE,
    ">=": COMPARE,
    "<=": COMPARE,
}
_ONE_CHARACTER = {
    "d": DIE,
    "%": PERCENT,
    "f": FATE,
    "k": KEEP,
    "h": KEEP,
    "l": KEEP,
    "r": REROLL,
    "!": EXPLODE,
    "x": EXPLODE,
    ">": COMPARE,
    "<": COMPARE,
    "=": COMPARE,
    "+": PLUS,
    "-": MINUS,
    "*": TIMES,
    "/": DIVIDE,
    "(": LPAREN,
    ")": RPAREN,
}
# One regular expression does the scanning at C speed. Letters are matched
# case-insensitively by explicit classes: re.IGNORECASE would also accept
# look-alikes such as the Kelvin sign for "k".
_TOKEN = re.compile(
    r"""
    \s*                                  # whitespace is allowed between any tokens
    (?:
      (?P<number>[0-9]+)
    | (?P<label>\[[^\]]*\])
    | (?P<open>\[)
    | (?P<pair>[kK][hHlL]|[dD][hHlL]|[rR][oO]|!!|>=|<=)
    | (?P<single>[dD%fFkKhHlLrR!xX<>=+\-*/()])
    )
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


_KINDS = {**_ONE_CHARACTER, **_TWO_CHARACTER}


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; stops at the first character it cannot read (BAD)."""
    tokens: list[Token] = []
    append = tokens.append
    make = Token._make
    kinds = _KINDS
    index = 0
    for found in _TOKEN.finditer(text):
        group = found.lastgroup
        assert group is not None
        start, stop = found.span(group)
        if found.start() != index:  # finditer skipped a character no rule reads
            break
        index = stop
        spelling = found.group(group)
        if group == "number":
            append(make((NUM, spelling, start + 1, stop)))
        elif group == "label":
            append(_label(text, start, stop))
        elif group == "open":  # an opening bracket with no closing one
            raise DiceError.expecting(text, len(text) + 1, "']' to close the label")
        else:
            append(make((kinds[spelling.lower()], spelling, start + 1, stop)))
    while index < len(text) and text[index].isspace():
        index += 1
    if index < len(text):
        append(Token(BAD, text[index], index + 1, index + 1))
    append(Token(END, "", len(text) + 1, len(text)))
    return tokens


def _label(text: str, start: int, stop: int) -> Token:
    content = text[start + 1 : stop - 1]
    label = content.strip()
    if not label:
        raise DiceError.expecting(text, stop, "label text", "]")
    control = _CONTROL.search(content)
    if control is not None:
        # A label is shown on one line of a terminal: no newlines or escapes.
        raise DiceError(
            text, start + 2 + control.start(), "labels cannot contain control characters"
        )
    return Token(LABEL, label, start + 1, stop)


# --- parser ---------------------------------------------------------------------

EXPECT_OPERAND = "a number or a die"


@dataclass(frozen=True, slots=True)
class Parsed:
    tree: Node
    labels: tuple[str, ...]  # every label, in the order written
    dice_count: int  # dice thrown before any reroll or explosion


def parse(text: str) -> Parsed:
    """Parse a whole expression; raises DiceError."""
    if len(text) > limits.MAX_LENGTH:
        raise DiceError(
            text,
            limits.MAX_LENGTH + 1,
            f"expression too long: at most {limits.MAX_LENGTH} characters",
        )
    parser = _Parser(text, tokenize(text))
    tree = parser.parse_sum()
    token = parser.peek()
    if token.kind != END:
        parser.fail_after_operand(token)
    return Parsed(tree, tuple(parser.labels), _count_dice(text, tree))


class _Parser:
    __slots__ = ("depth", "labels", "last_was_dice", "position", "text", "tokens")

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.position = 0
        self.depth = 0
        self.last_was_dice = False
        self.labels: list[str] = []

    def peek(self) -> Token:
        return self.tokens[self.position]

    def advance(self) -> Token:
        token = self.tokens[self.position]
        if token.kind != END:
            self.position += 1
        return token

    def fail(self, token: Token, expected: str) -> DiceError:
        found = None if token.kind == END else self.text[token.column - 1 : token.end]
        return DiceError.expecting(self.text, token.column, expected, found)

    def fail_after_operand(self, token: Token) -> None:
        options = ["a modifier"] if self.last_was_dice else []
        options.append("an operator")
        options.append("')'" if self.depth else "the end")
        expected = ", ".join(options[:-1]) + " or " + options[-1]
        raise self.fail(token, expected)

    # sum := product (("+" | "-") product)*
    def parse_sum(self) -> Node:
        node = self.parse_product()
        while self.peek().kind in (PLUS, MINUS):
            operator = self.advance()
            right = self.parse_product()
            node = BinaryNode(operator.text, node, right, operator.column)
        return node

    # product := unary (("*" | "/") unary)*
    def parse_product(self) -> Node:
        node = self.parse_unary()
        while self.peek().kind in (TIMES, DIVIDE):
            operator = self.advance()
            right = self.parse_unary()
            node = BinaryNode(operator.text, node, right, operator.column)
        return node

    # unary := ("-" | "+")* postfix   (a loop, so 200 signs do not recurse)
    def parse_unary(self) -> Node:
        signs: list[Token] = []
        while self.peek().kind in (PLUS, MINUS):
            signs.append(self.advance())
        node = self.parse_postfix()
        for sign in reversed(signs):
            if sign.kind == MINUS:
                node = UnaryNode(node, sign.column)
        return node

    # postfix := atom label*
    def parse_postfix(self) -> Node:
        node = self.parse_atom()
        labels: list[str] = []
        while self.peek().kind == LABEL:
            labels.append(self.advance().text)
        if labels:
            # dataclasses.replace is generic and slow; these nodes are small.
            if isinstance(node, NumberNode):
                node = NumberNode(node.value, node.column, tuple(labels))
            elif isinstance(node, GroupNode):
                node = GroupNode(node.inner, node.column, tuple(labels))
            else:
                node = replace(node, labels=tuple(labels))
            self.labels.extend(labels)
            self.last_was_dice = False
        return node

    # atom := NUMBER | dice | "(" sum ")"
    def parse_atom(self) -> NumberNode | DiceNode | GroupNode:
        token = self.peek()
        self.last_was_dice = False
        if token.kind == LPAREN:
            self.advance()
            self.depth += 1
            if self.depth > limits.MAX_NESTING:
                raise DiceError(
                    self.text,
                    token.column,
                    f"parentheses nested too deeply: at most {limits.MAX_NESTING}",
                )
            inner = self.parse_sum()
            close = self.peek()
            if close.kind != RPAREN:
                self.fail_after_operand(close)
            self.advance()
            self.depth -= 1
            self.last_was_dice = False
            return GroupNode(inner, token.column)
        if token.kind == NUM:
            self.advance()
            if self.peek().kind == DIE:
                return self.parse_dice(token, self.number(token, "count"))
            return NumberNode(self.number(token, "number"), token.column)
        if token.kind == DIE:
            return self.parse_dice(token, 1)
        raise self.fail(token, EXPECT_OPERAND)

    def number(self, token: Token, role: str) -> int:
        # Bounds are checked on the digit count first, so a 190-digit literal
        # never becomes an int.
        too_long = len(token.text) > 7
        value = 0 if too_long else int(token.text)
        if role == "count" and (too_long or value > limits.MAX_DICE):
            raise DiceError(
                self.text, token.column, f"too many dice: at most {limits.MAX_DICE} per expression"
            )
        if role == "sides" and (too_long or value > limits.MAX_SIDES):
            raise DiceError(self.text, token.column, f"too many sides: at most {limits.MAX_SIDES}")
        if too_long or value > limits.MAX_NUMBER:
            raise DiceError(
                self.text, token.column, f"number too large: at most {limits.MAX_NUMBER}"
            )
        return value

    def parse_dice(self, start: Token, count: int) -> DiceNode:
        if count < 1:
            raise DiceError(self.text, start.column, "a dice term needs at least 1 die")
        self.advance()  # "d"
        sides_token = self.advance()
        if sides_token.kind == NUM:
            sides = self.number(sides_token, "sides")
            if sides < 1:
                raise DiceError(self.text, sides_token.column, "a die needs at least 1 side")
            if sides == 66:
                die = DieKind(66, _D66_FACES)
            elif sides == 666:
                die = DieKind(666, _D666_FACES)
            else:
                die = DieKind(sides)
        elif sides_token.kind == PERCENT:
            die = DieKind(100)
        elif sides_token.kind == FATE:
            die = DieKind(3, FATE_FACES)
        else:
            raise self.fail(sides_token, "the number of sides, '%' or 'F'")

        reroll: Reroll | None = None
        explode: Explode | None = None
        keep: Keep | None = None
        success: Condition | None = None
        columns: dict[str, int] = {}
        last = sides_token
        while True:
            token = self.peek()
            columns.setdefault(token.kind, token.column)
            if token.kind in (KEEP, DIE):
                columns.setdefault(KEEP, token.column)
                self.refuse_repeat(keep, token, "keep/drop")
                self.advance()
                amount_token = self.advance()
                if amount_token.kind != NUM:
                    raise self.fail(amount_token, "a number")
                keep = _normalize_keep(
                    token.text.lower(), self.number(amount_token, "number"), count
                )
                last = amount_token
            elif token.kind == REROLL:
                self.refuse_repeat(reroll, token, "reroll")
                self.advance()
                condition, last = self.parse_point(token, Condition("=", die.lowest))
                reroll = Reroll(token.text.lower() == "ro", condition)
            elif token.kind == EXPLODE:
                self.refuse_repeat(explode, token, "explosion")
                self.advance()
                condition, last = self.parse_point(token, Condition("=", die.highest))
                explode = Explode(token.text == "!!", condition)
            elif token.kind == COMPARE:
                self.refuse_repeat(success, token, "success condition")
                self.advance()
                success, last = self.parse_comparison_value(token)
            else:
                break

        term_text = "".join(self.text[start.column - 1 : last.end].split())
        node = DiceNode(term_text, start.column, count, die, reroll, explode, keep, success)
        self.check_dice(node, columns)
        self.last_was_dice = True
        return node

    def refuse_repeat(self, existing: object, token: Token, what: str) -> None:
        if existing is not None:
            raise DiceError(self.text, token.column, f"a dice term takes one {what}")

    def parse_point(self, modifier: Token, default: Condition) -> tuple[Condition, Token]:
        """The optional comparison after r/ro/!/!!/x; a bare number means '='."""
        token = self.peek()
        if token.kind == COMPARE:
            self.advance()
            return self.parse_comparison_value(token)
        if token.kind == NUM:
            self.advance()
            return Condition("=", self.number(token, "number")), token
        return default, modifier

    def parse_comparison_value(self, operator: Token) -> tuple[Condition, Token]:
        negative = self.peek().kind == MINUS
        if negative:
            self.advance()
        token = self.advance()
        if token.kind != NUM:
            raise self.fail(token, "a number")
        value = self.number(token, "number")
        return Condition(operator.text, -value if negative else value), token

    def check_dice(self, node: DiceNode, columns: dict[str, int]) -> None:
        """Refuse terms that could never finish rolling (columns: of each modifier)."""
        faces = node.die.face_set()
        if node.reroll is not None and not node.reroll.once:
            faces = intervals.difference(faces, node.reroll.condition.values())
            if not faces:
                raise DiceError(
                    self.text,
                    columns[REROLL],
                    f"every face of {node.text} would be rerolled forever",
                )
        if node.explode is not None:
            if not node.explode.compounding and node.keep is not None:
                raise DiceError(
                    self.text,
                    columns[EXPLODE],
                    "keep/drop needs a fixed number of dice: use !! (compounding) "
                    "to explode kept dice",
                )
            if not intervals.difference(faces, node.explode.condition.values()):
                raise DiceError(
                    self.text, columns[EXPLODE], f"every face of {node.text} would explode forever"
                )


def _normalize_keep(spelling: str, amount: int, count: int) -> Keep:
    """kh/k/h keep highest, kl/l keep lowest, dh drop highest, dl/d drop lowest."""
    if spelling in ("kh", "k", "h"):
        return Keep(True, min(amount, count))
    if spelling in ("kl", "l"):
        return Keep(False, min(amount, count))
    if spelling == "dh":
        return Keep(False, max(count - amount, 0))
    return Keep(True, max(count - amount, 0))


def _count_dice(text: str, tree: Node) -> int:
    thrown = 0
    for term in dice_terms(tree):
        thrown += term.count
        if thrown > limits.MAX_DICE:
            raise DiceError(
                text, term.column, f"too many dice: at most {limits.MAX_DICE} per expression"
            )
    return thrown
