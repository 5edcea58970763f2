"""Compile dice notation once into Python closures; roll it many times.

`compile()` parses the text into a syntax tree, then turns every node into a
closure `evaluate(random, out) -> int` specialised for what the node needs
(a plain `NdX`, a keep, a success count, the general case with rerolls and
explosions, an operator with a constant side...). Rolling then does no parsing
and no dispatch on node types: it calls the root closure with the caller's
`rng.random` and collects the `DieResult`s it appends to `out`.

Faces are drawn as `int(rng.random() * faces)`: about twice as fast as
`rng.randrange(faces)` and uniform to within 2**-53, which no table will ever
notice. Only the `rng` passed in is used, never the `random` module's global
generator, so a seeded `random.Random` replays a session exactly.
"""

from __future__ import annotations

import functools
import random as random_module
from collections.abc import Callable, Sequence
from typing import cast

from campaign.dice import intervals, limits, support
from campaign.dice.errors import DiceError
from campaign.dice.grammar import (
    BinaryNode,
    Condition,
    DiceNode,
    DieKind,
    GroupNode,
    Node,
    NumberNode,
    UnaryNode,
    column_of,
    dice_terms,
    parse,
)
from campaign.dice.roll import DieResult, Roll, make_roll

Random = Callable[[], float]
Evaluate = Callable[[Random, list[DieResult]], int]

CACHED_FACES = 256
"""DieResults kept per term and face; beyond this (a d1000000) they are made per roll."""


class _Throws(list[DieResult]):
    """The dice list of a roll whose dice count can grow (rerolls, explosions).

    It carries the roll's budget of extra throws, shared by all its terms.
    """

    __slots__ = ("capped", "extra_left")

    def __init__(self, extra_left: int) -> None:
        super().__init__()
        self.extra_left = extra_left
        self.capped = False


class _FaceResults(dict[int, DieResult]):
    """DieResults by face index, made on first use and then shared between rolls."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[int], DieResult]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, index: int) -> DieResult:
        result = self._make(index)
        if len(self) < CACHED_FACES:
            self[index] = result
        return result


def _face_values(die: DieKind) -> Sequence[int]:
    # A range indexes in O(1) without materialising a million faces.
    return range(1, die.sides + 1) if die.faces is None else die.faces


def _predicate(condition: Condition) -> Callable[[int], bool]:
    """A C-level bound method testing `face <op> value`."""
    value = condition.value
    tests: dict[str, Callable[[int], bool]] = {
        "=": value.__eq__,
        "<": value.__gt__,
        "<=": value.__ge__,
        ">": value.__lt__,
        ">=": value.__le__,
    }
    return tests[condition.op]


# --- dice terms ------------------------------------------------------------------


def _compile_term(term: DiceNode) -> Evaluate:
    keep = term.keep
    if term.is_plain or (
        keep is not None
        and keep.count == term.count
        and term.success is None
        and not term.is_variable
    ):
        return _plain_term(term)
    if not term.is_variable:
        if term.success is None:
            return _keep_term(term)
        if keep is None:
            return _count_term(term)
    return _general_term(term)


def _plain_term(term: DiceNode) -> Evaluate:
    """NdX with no modifiers (or a keep that keeps every die)."""
    text, sides, count = term.text, term.die.sides, term.count
    face_count = term.die.face_count
    values = _face_values(term.die)
    results = _FaceResults(lambda index: DieResult(text, sides, values[index]))
    throws = range(count)

    if term.die.faces is None:
        if count == 1:

            def one_die(random: Random, out: list[DieResult]) -> int:
                index = int(random() * face_count)
                out.append(results[index])
                return index + 1

            return one_die

        def dice(random: Random, out: list[DieResult]) -> int:
            indexes = [int(random() * face_count) for _ in throws]
            out.extend(map(results.__getitem__, indexes))
            return sum(indexes) + count

        return dice

    def table_dice(random: Random, out: list[DieResult]) -> int:
        indexes = [int(random() * face_count) for _ in throws]
        out.extend(map(results.__getitem__, indexes))
        return sum(map(values.__getitem__, indexes))

    return table_dice


def _keep_term(term: DiceNode) -> Evaluate:
    """Keep/drop without rerolls or explosions. Face tables are ascending, so
    comparing face indexes compares faces. Among equal dice the earlier are kept."""
    assert term.keep is not None
    text, sides, count = term.text, term.die.sides, term.count
    face_count = term.die.face_count
    values = _face_values(term.die)
    kept_results = _FaceResults(lambda index: DieResult(text, sides, values[index]))
    dropped_results = _FaceResults(lambda index: DieResult(text, sides, values[index], kept=False))
    kept_count, highest = term.keep.count, term.keep.highest
    throws = range(count)

    if kept_count == 0:

        def keep_none(random: Random, out: list[DieResult]) -> int:
            out.extend(dropped_results[int(random() * face_count)] for _ in throws)
            return 0

        return keep_none

    if count == 2 and kept_count == 1:
        # Advantage and disadvantage: the commonest keep of all, without a sort.
        def keep_one_of_two(random: Random, out: list[DieResult]) -> int:
            first = int(random() * face_count)
            second = int(random() * face_count)
            if (first >= second) if highest else (first <= second):
                out.append(kept_results[first])
                out.append(dropped_results[second])
                return values[first]
            out.append(dropped_results[first])
            out.append(kept_results[second])
            return values[second]

        return keep_one_of_two

    dropped_count = count - kept_count
    plain_faces = term.die.faces is None

    def keep_some(random: Random, out: list[DieResult]) -> int:
        indexes = [int(random() * face_count) for _ in throws]
        ordered = sorted(indexes)
        if highest:
            kept = ordered[dropped_count:]
            cut = kept[0]
            ties_kept = kept.count(cut)
            for index in indexes:
                if index > cut or (index == cut and ties_kept):
                    if index == cut:
                        ties_kept -= 1
                    out.append(kept_results[index])
                else:
                    out.append(dropped_results[index])
        else:
            kept = ordered[:kept_count]
            cut = kept[-1]
            ties_kept = kept.count(cut)
            for index in indexes:
                if index < cut or (index == cut and ties_kept):
                    if index == cut:
                        ties_kept -= 1
                    out.append(kept_results[index])
                else:
                    out.append(dropped_results[index])
        if plain_faces:
            return sum(kept) + kept_count
        return sum(map(values.__getitem__, kept))

    return keep_some


def _count_term(term: DiceNode) -> Evaluate:
    """Success counting without keep, rerolls or explosions: the total is how
    many dice meet the condition."""
    assert term.success is not None
    text, sides, count = term.text, term.die.sides, term.count
    face_count = term.die.face_count
    values = _face_values(term.die)
    if term.die.faces is None:
        # Test the face index directly: face = index + 1.
        condition = term.success
        succeeds = _predicate(Condition(condition.op, condition.value - 1))
    else:
        succeeds = tuple(term.success.matches(face) for face in term.die.faces).__getitem__
    results = _FaceResults(
        lambda index: DieResult(text, sides, values[index], success=succeeds(index))
    )
    throws = range(count)

    def count_successes(random: Random, out: list[DieResult]) -> int:
        indexes = [int(random() * face_count) for _ in throws]
        out.extend(map(results.__getitem__, indexes))
        return sum(map(succeeds, indexes))

    return count_successes


_FINAL, _EXPLODED, _REROLLED = 0, 1, 2


def _general_term(term: DiceNode) -> Evaluate:
    """Everything else: rerolls, explosions, and their mix with keep/success.

    Per die: throw; reroll while the reroll condition holds (`ro`: once); if the
    face explodes, throw again (`!`: a new die; `!!`: added to this one), at
    most MAX_EXPLOSIONS times. Every throw after a term's first ones spends the
    roll's budget (MAX_DICE minus the dice every roll throws anyway). With the
    budget spent, a reroll still owed draws its face directly from the faces
    it may keep (same distribution, not listed) and an explosion chain stops
    (the roll is marked `capped`).
    """
    text, sides, count = term.text, term.die.sides, term.count
    face_count = term.die.face_count
    values = _face_values(term.die)
    throws = range(count)

    rerolls = _predicate(term.reroll.condition) if term.reroll is not None else None
    reroll_once = term.reroll is not None and term.reroll.once
    allowed_runs = support.throw_faces(term)
    allowed_count = intervals.size(allowed_runs)
    explodes = _predicate(term.explode.condition) if term.explode is not None else None
    compounding = term.explode is not None and term.explode.compounding
    succeeds = _predicate(term.success) if term.success is not None else None
    keep = term.keep
    max_explosions, max_rerolls = limits.MAX_EXPLOSIONS, limits.MAX_REROLLS

    def draw_allowed(random: Random) -> int:
        index = int(random() * allowed_count)
        for low, high in allowed_runs:
            width = high - low + 1
            if index < width:
                return low + index
            index -= width
        return allowed_runs[-1][1]

    def general(random: Random, out: _Throws) -> int:
        record_values: list[int] = []
        record_kinds: list[int] = []
        for _ in throws:
            explosions = 0
            compounded = 0
            while True:
                value = values[int(random() * face_count)]
                if rerolls is not None and rerolls(value):
                    if reroll_once:
                        if out.extra_left > 0:
                            out.extra_left -= 1
                            record_values.append(value)
                            record_kinds.append(_REROLLED)
                        value = values[int(random() * face_count)]
                    else:
                        rerolled = 0
                        while rerolls(value):
                            if rerolled == max_rerolls or out.extra_left <= 0:
                                value = draw_allowed(random)
                                break
                            out.extra_left -= 1
                            rerolled += 1
                            record_values.append(value)
                            record_kinds.append(_REROLLED)
                            value = values[int(random() * face_count)]
                if explodes is not None and explosions < max_explosions and explodes(value):
                    if out.extra_left > 0:
                        out.extra_left -= 1
                        explosions += 1
                        if compounding:
                            compounded += value
                        else:
                            record_values.append(value)
                            record_kinds.append(_EXPLODED)
                        continue
                    out.capped = True
                if compounding and explosions:
                    record_values.append(compounded + value)
                    record_kinds.append(_EXPLODED)
                else:
                    record_values.append(value)
                    record_kinds.append(_FINAL)
                break

        kept_positions: set[int] | None = None
        if keep is not None:
            final_values = [
                value
                for value, kind in zip(record_values, record_kinds, strict=True)
                if kind != _REROLLED
            ]
            if keep.highest:
                order = sorted(range(len(final_values)), key=lambda j: -final_values[j])
            else:
                order = sorted(range(len(final_values)), key=final_values.__getitem__)
            kept_positions = set(order[: keep.count])

        total = 0
        position = 0
        for value, kind in zip(record_values, record_kinds, strict=True):
            if kind == _REROLLED:
                out.append(DieResult(text, sides, value, kept=False, rerolled=True))
                continue
            kept = kept_positions is None or position in kept_positions
            position += 1
            if not kept:
                out.append(DieResult(text, sides, value, kept=False, exploded=kind == _EXPLODED))
                continue
            success = None
            if succeeds is None:
                total += value
            else:
                success = succeeds(value)
                total += success
            out.append(DieResult(text, sides, value, True, kind == _EXPLODED, False, success))
        return total

    return cast(Evaluate, general)


# --- operators -------------------------------------------------------------------


def _compile_node(node: Node, text: str) -> Evaluate | int:
    """A closure for `node`, or its value if it has no dice (folded now)."""
    if isinstance(node, NumberNode):
        return node.value
    if isinstance(node, DiceNode):
        return _compile_term(node)
    if isinstance(node, GroupNode):
        return _compile_node(node.inner, text)
    if isinstance(node, UnaryNode):
        operand = _compile_node(node.operand, text)
        if isinstance(operand, int):
            return -operand
        return _negate(operand)
    left = _compile_node(node.left, text)
    right = _compile_node(node.right, text)
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


# --- expressions -----------------------------------------------------------------

_UNSET = object()


class Expression:
    """A compiled dice expression: roll it, ask its range and support.

    Build it with `compile()`, which caches by text. Instances are immutable
    and safe to share between threads (each roll uses the caller's rng).
    """

    __slots__ = (
        "_bounds",
        "_evaluate",
        "_roll",
        "_support",
        "dice_count",
        "is_variable",
        "labels",
        "text",
        "tree",
    )

    text: str
    """The source text, exactly as given."""
    labels: tuple[str, ...]
    """Every `[label]`, in the order written."""
    dice_count: int
    """Dice every roll throws before rerolls and explosions."""
    is_variable: bool
    """Whether rerolls or explosions can add dice."""
    tree: Node

    def __init__(self, text: str) -> None:
        parsed = parse(text)
        self.text = text
        self.tree = parsed.tree
        self.labels = parsed.labels
        self.dice_count = parsed.dice_count
        self.is_variable = any(term.is_variable for term in dice_terms(parsed.tree))
        self._evaluate = _compile_node(parsed.tree, text)
        self._roll = _make_roller(
            text, parsed.tree, self._evaluate, parsed.labels, parsed.dice_count, self.is_variable
        )
        self._support: object = _UNSET
        self._bounds: tuple[int, int] | None = None

    def roll(self, rng: random_module.Random) -> Roll:
        """Roll once, drawing only from `rng`. Raises DiceError only for a
        division by a roll that came up 0."""
        return self._roll(rng)

    def support(self) -> tuple[int, ...] | None:
        """Every possible total, ascending; None if more than MAX_SUPPORT values
        (or too costly to enumerate by set arithmetic). Cached."""
        if self._support is _UNSET:
            self._support = support.enumerate_support(self.tree)
        return cast("tuple[int, ...] | None", self._support)

    @property
    def min(self) -> int:
        """The lowest possible total."""
        return self._total_bounds()[0]

    @property
    def max(self) -> int:
        """The highest possible total."""
        return self._total_bounds()[1]

    def _total_bounds(self) -> tuple[int, int]:
        if self._bounds is None:
            self._bounds = support.bounds(self.tree)
        return self._bounds

    def sample_totals(self, rng: random_module.Random, count: int) -> list[int]:
        """`count` totals without building Roll objects (for Monte-Carlo odds)."""
        evaluate = self._evaluate
        if isinstance(evaluate, int):
            return [evaluate] * count
        random = rng.random
        if self.is_variable:
            extra = limits.MAX_DICE - self.dice_count
            return [evaluate(random, _Throws(extra)) for _ in range(count)]
        return [evaluate(random, []) for _ in range(count)]

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _make_roller(
    text: str,
    tree: Node,
    evaluate: Evaluate | int,
    labels: tuple[str, ...],
    dice_count: int,
    variable: bool,
) -> Callable[[random_module.Random], Roll]:
    if isinstance(evaluate, int):
        constant = Roll(text, evaluate, labels)
        return lambda rng: constant

    if variable:
        extra = limits.MAX_DICE - dice_count

        def roll_variable(rng: random_module.Random) -> Roll:
            out = _Throws(extra)
            total = evaluate(rng.random, out)
            return make_roll(text, total, labels, tuple(out), out.capped)

        return roll_variable

    if isinstance(tree, DiceNode) and tree.is_plain and tree.die.faces is None and tree.count > 1:
        return _plain_roller(text, tree, labels)

    def roll_fixed(rng: random_module.Random) -> Roll:
        out: list[DieResult] = []
        total = evaluate(rng.random, out)
        return make_roll(text, total, labels, tuple(out), False)

    return roll_fixed


def _plain_roller(
    text: str, term: DiceNode, labels: tuple[str, ...]
) -> Callable[[random_module.Random], Roll]:
    """The whole expression is one plain NdX: skip the intermediate dice list."""
    term_text, sides, count = term.text, term.die.sides, term.count
    results = _FaceResults(lambda index: DieResult(term_text, sides, index + 1))
    get_result = results.__getitem__
    throws = range(count)

    def roll_plain(rng: random_module.Random) -> Roll:
        random = rng.random
        indexes = [int(random() * sides) for _ in throws]
        return make_roll(text, sum(indexes) + count, labels, tuple(map(get_result, indexes)), False)

    return roll_plain


@functools.lru_cache(maxsize=4096)
def compile(text: str) -> Expression:
    """Compile dice notation (cached by text). Raises DiceError."""
    if not isinstance(text, str):
        raise TypeError(f"a dice expression is text, not {type(text).__name__}")
    return Expression(text)
