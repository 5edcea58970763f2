"""Compile the arithmetic around dice terms: numbers, groups, signs, + - * /.

Parts without dice are folded to a number at compile time; an operator with a
constant side gets a closure of its own, so rolling never dispatches on the
operator or on which side is constant.
"""

from __future__ import annotations

from typing import cast

from campaign.dice.closures import Evaluate, Random
from campaign.dice.errors import DiceError
from campaign.dice.roll import DieResult
from campaign.dice.syntax import (
    BinaryNode,
    DiceNode,
    GroupNode,
    Node,
    NumberNode,
    UnaryNode,
    column_of,
)
from campaign.dice.terms import compile_term


def compile_node(node: Node, text: str) -> Evaluate | int:
    """A closure for `node`, or its value if it has no dice (folded now).

    `text` is the whole expression, for the column of a division by zero.
    """
    if isinstance(node, NumberNode):
        return node.value
    if isinstance(node, DiceNode):
        return compile_term(node)
    if isinstance(node, GroupNode):
        return compile_node(node.inner, text)
    if isinstance(node, UnaryNode):
        operand = compile_node(node.operand, text)
        if isinstance(operand, int):
            return -operand
        return _negate(operand)
    left = compile_node(node.left, text)
    right = compile_node(node.right, text)
    if node.op == "/":
        return _compile_division(node, left, right, text)
    operator = {"+": int.__add__, "-": int.__sub__, "*": int.__mul__}[node.op]
    if isinstance(left, int) and isinstance(right, int):
        return operator(left, right)
    return _binary(node.op, left, right)


def _negate(operand: Evaluate) -> Evaluate:
    return lambda random, out: -operand(random, out)


def _binary(op: str, left: Evaluate | int, right: Evaluate | int) -> Evaluate:
    # One closure per operator and constant side: no dispatch while rolling.
    if isinstance(right, int):
        constant, function = right, cast(Evaluate, left)
        if op == "+":
            return lambda random, out: function(random, out) + constant
        if op == "-":
            return lambda random, out: function(random, out) - constant
        return lambda random, out: function(random, out) * constant
    if isinstance(left, int):
        constant, function = left, right
        if op == "+":
            return lambda random, out: constant + function(random, out)
        if op == "-":
            return lambda random, out: constant - function(random, out)
        return lambda random, out: constant * function(random, out)
    first, second = left, right
    if op == "+":
        return lambda random, out: first(random, out) + second(random, out)
    if op == "-":
        return lambda random, out: first(random, out) - second(random, out)
    return lambda random, out: first(random, out) * second(random, out)


def _compile_division(
    node: BinaryNode, left: Evaluate | int, right: Evaluate | int, text: str
) -> Evaluate | int:
    """Floor division (rounds down, like Python's //). A divisor that is always
    0 is refused now; one that can be 0 raises DiceError when it is."""
    column = column_of(node.right)
    if isinstance(right, int):
        if right == 0:
            raise DiceError(text, column, "division by zero")
        if isinstance(left, int):
            return left // right
        divisor, dividend = right, left
        return lambda random, out: dividend(random, out) // divisor

    def divide(random: Random, out: list[DieResult]) -> int:
        numerator = left if isinstance(left, int) else left(random, out)
        denominator = right(random, out)
        if denominator == 0:
            raise DiceError(text, column, "division by zero")
        return numerator // denominator

    return divide
