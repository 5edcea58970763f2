"""Dice notation to a syntax tree: a hand-written precedence-climbing parser.

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

Tokens come from `tokens.py` and the tree's nodes from `syntax.py`. The parser
checks every bound it can before anything is rolled (see `limits.py`) and
reports problems as `DiceError` with a 1-based column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from campaign.dice import intervals, limits
from campaign.dice.errors import DiceError
from campaign.dice.syntax import (
    D66_FACES,
    D666_FACES,
    FATE_FACES,
    BinaryNode,
    Condition,
    DiceNode,
    DieKind,
    Explode,
    GroupNode,
    Keep,
    Node,
    NumberNode,
    Reroll,
    UnaryNode,
    dice_terms,
)
from campaign.dice.tokens import (
    COMPARE,
    DIE,
    DIVIDE,
    END,
    EXPLODE,
    FATE,
    KEEP,
    LABEL,
    LPAREN,
    MINUS,
    NUM,
    PERCENT,
    PLUS,
    REROLL,
    RPAREN,
    TIMES,
    Token,
    tokenize,
)

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
                die = DieKind(66, D66_FACES)
            elif sides == 666:
                die = DieKind(666, D666_FACES)
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
