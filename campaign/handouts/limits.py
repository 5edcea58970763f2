"""The sandbox's limits and the checks that enforce them, shared by every guard.

Sizes are checked *before* the work where the size is predictable (`'a'*10**9`
and `9**(9**9)` fail at once) and after it otherwise. Each render runs under a
`RenderBudget` (steps and a deadline) kept in a context variable, so the
guards Jinja calls from deep inside a template find the render they belong to.
The deadline is checked at every step (a loop iteration, call, operator or
filter), after every filter, operator, call and string join, and for every
chunk of output: a reading of the monotonic clock costs far less than any of
those. A single call that runs long inside (a filter on a huge string) is
stopped by the render child's alarm and, failing that, by the parent killing
it (`campaign.handouts.render_process`); memory is capped there too.
`RENDER_SECONDS` is read here only (the deadline and its message), so patching
it on this module changes both; the child is sent the values of this module
with every request.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from campaign.handouts.errors import TemplateLimitError

MAX_RANGE = 10_000
"""Most items `range()` may make in a template."""
MAX_VALUE = 1_000_000
"""Most characters (or items) one value built by a template may have."""
MAX_INT_BITS = 4_096
"""Largest integer `*` and `**` may make."""
MAX_STEPS = 1_000_000
"""Most loop iterations plus calls in one render."""
RENDER_SECONDS = 5.0
"""Longest a template may render."""
MAX_OUTPUT = 5_000_000
"""Most characters of output one render may make."""
RENDER_MEMORY = 512 * 1024 * 1024
"""Most memory (address space, in bytes) one render of a module's own templates may add to
the child process it runs in."""


@dataclass
class RenderBudget:
    """Steps and time left for one render."""

    deadline: float
    steps: int = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimitError(
                f"refused: more than {MAX_STEPS:,} loop iterations and calls in one handout"
            )
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise time_limit_error()


def time_limit_error() -> TemplateLimitError:
    """The refusal of a render that ran past `RENDER_SECONDS`."""
    return TemplateLimitError(f"refused: rendering took longer than {RENDER_SECONDS:g} s")


_BUDGET: contextvars.ContextVar[RenderBudget | None] = contextvars.ContextVar(
    "handout_budget", default=None
)


@contextmanager
def render_budget() -> Iterator[RenderBudget]:
    """A fresh budget (RENDER_SECONDS from now) for the render inside the block."""
    budget = RenderBudget(deadline=time.monotonic() + RENDER_SECONDS)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def tick() -> None:
    """Count one step (a loop iteration, call, filter or operator) of the current render."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


def check_time() -> None:
    """Refuse the current render if it is past its deadline (after work that took time)."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.check_time()


def value_size(value: Any) -> int:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def check_size(value: Any, what: str, limit: int | None = None) -> None:
    """Refuse a value over `limit` items (MAX_VALUE unless given)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError(f"refused: {what} makes an integer over {MAX_INT_BITS:,} bits")
        return
    size = value_size(value)
    most = MAX_VALUE if limit is None else limit
    if size > most:
        raise TemplateLimitError(
            f"refused: {what} makes a value of {size:,} items (limit {most:,})"
        )


def _expanded_size(value: Any, budget: int) -> int:
    """Items plus characters of a value printed in full (shared references counted each
    time, as str() would), stopping once over budget."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            stack.extend(item)
        else:
            total += 1
        if total > budget:
            break
    return total


def refuse_nested(values: Iterable[Any], what: str) -> None:
    """Refuse containers that would print (str(), JSON) to more than MAX_OUTPUT characters."""
    for value in values:
        if isinstance(value, (list, tuple, dict, set, frozenset)):
            size = _expanded_size(value, MAX_OUTPUT)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(
                    f"refused: {what} would print a value of over {MAX_OUTPUT:,} "
                    "characters (nested copies?)"
                )


def refuse_size(size: int, what: str) -> None:
    if size > MAX_VALUE:
        raise TemplateLimitError(
            f"refused: {what} would make a value of {size:,} items (limit {MAX_VALUE:,})"
        )


_DIGITS = re.compile(r"\d+")


def check_format_string(fmt: str, what: str) -> None:
    """Refuse format strings whose widths add up past the value limit ('%0999999999d')."""
    total = sum(int(run) for run in _DIGITS.findall(fmt) if len(run) < 20) + len(fmt)
    if any(len(run) >= 20 for run in _DIGITS.findall(fmt)):
        total = MAX_VALUE + 1
    refuse_size(total, what)


def check_format_fields(fmt: str, marker: str, values: Iterable[Any], what: str) -> None:
    """Refuse a format whose fields, each filled with the biggest value, pass the limit."""
    fields = fmt.count(marker)
    if not fields:
        return
    biggest = max(
        (
            len(value) if isinstance(value, str) else _expanded_size(value, MAX_VALUE)
            for value in values
        ),
        default=0,
    )
    refuse_size(len(fmt) + fields * biggest, what)


def check_int_args(args: Iterable[Any], limit: int, what: str) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > limit:
            raise TemplateLimitError(f"refused: {arg:,} is too large for {what} (limit {limit:,})")


def estimate_replace(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(0, len(new) - len(old))


def estimate_join(items: Any, separator: str) -> int:
    if not isinstance(items, (list, tuple)):
        return 0
    return sum(len(item) if isinstance(item, str) else 32 for item in items) + len(separator) * len(
        items
    )


def check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        bits = exponent * abs(base).bit_length()
        if bits > MAX_INT_BITS:
            raise TemplateLimitError(
                f"refused: '**' would make an integer of about {bits:,} bits "
                f"(limit {MAX_INT_BITS:,})"
            )


def check_repeat(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError(
                f"refused: '*' would make an integer over {MAX_INT_BITS:,} bits"
            )
        return
    sequence, count = (left, right) if isinstance(right, int) else (right, left)
    if isinstance(count, int) and isinstance(sequence, (str, list, tuple)):
        refuse_size(len(sequence) * max(count, 0), "'*'")
