"""Sets of integers as sorted runs, for cheap, exact support computations.

A set is a tuple of `(low, high)` runs, sorted, disjoint and never adjacent
(so the representation is canonical and equal sets compare equal). `2d6` is
one run, `d66` six, `1d6!` about a hundred: far smaller than the sets
themselves, which is what makes `Expression.support()` cheap without icepool.

Operations that would need more than `PAIR_LIMIT` elementary steps give up and
return None ("unknown"); callers treat that like "too large to enumerate".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

Run = tuple[int, int]
IntSet = tuple[Run, ...]

EMPTY: IntSet = ()
PAIR_LIMIT = 50_000
"""Most run pairs (or point pairs) one operation may combine: about 30 ms."""


def single(value: int) -> IntSet:
    return ((value, value),)


def span(low: int, high: int) -> IntSet:
    return ((low, high),) if low <= high else EMPTY


def normalize(runs: Iterable[Run]) -> IntSet:
    """Sort and merge overlapping or adjacent runs."""
    merged: list[list[int]] = []
    for low, high in sorted(runs):
        if merged and low <= merged[-1][1] + 1:
            if high > merged[-1][1]:
                merged[-1][1] = high
        else:
            merged.append([low, high])
    return tuple((low, high) for low, high in merged)


def from_points(points: Iterable[int]) -> IntSet:
    return normalize((point, point) for point in points)


def points(values: IntSet) -> Iterator[int]:
    for low, high in values:
        yield from range(low, high + 1)


def size(values: IntSet) -> int:
    return sum(high - low + 1 for low, high in values)


def hull(values: IntSet) -> Run:
    return values[0][0], values[-1][1]


def contains(values: IntSet, value: int) -> bool:
    return any(low <= value <= high for low, high in values)


def union(first: IntSet, second: IntSet) -> IntSet:
    return normalize(first + second)


def intersect(first: IntSet, second: IntSet) -> IntSet:
    """Runs in both sets; one linear sweep over the two sorted, disjoint run lists."""
    runs: list[Run] = []
    i = j = 0
    while i < len(first) and j < len(second):
        low, high = first[i]
        other_low, other_high = second[j]
        low_bound, high_bound = max(low, other_low), min(high, other_high)
        if low_bound <= high_bound:
            runs.append((low_bound, high_bound))
        # Move past whichever run ends first; the other may still overlap more.
        if high < other_high:
            i += 1
        else:
            j += 1
    return normalize(runs)


def difference(first: IntSet, second: IntSet) -> IntSet:
    """Runs of `first` not in `second`; one linear sweep (both sorted and disjoint)."""
    runs: list[Run] = []
    j = 0
    for low, high in first:
        # Cuts that end before this run end before every later run too.
        while j < len(second) and second[j][1] < low:
            j += 1
        current = low
        k = j
        while k < len(second) and second[k][0] <= high:
            cut_low, cut_high = second[k]
            if cut_low > current:
                runs.append((current, cut_low - 1))
            current = max(current, cut_high + 1)
            if current > high:
                break
            k += 1
        if current <= high:
            runs.append((current, high))
    return normalize(runs)


def negate(values: IntSet) -> IntSet:
    return tuple((-high, -low) for low, high in reversed(values))


def add(first: IntSet | None, second: IntSet | None) -> IntSet | None:
    """The sumset {a + b}; a run plus a run is a run, so this stays small."""
    if first is None or second is None:
        return None
    if len(first) * len(second) > PAIR_LIMIT:
        return None
    return normalize(
        (low + other_low, high + other_high)
        for low, high in first
        for other_low, other_high in second
    )


def subtract(first: IntSet | None, second: IntSet | None) -> IntSet | None:
    return None if second is None else add(first, negate(second))


def repeat_sum(values: IntSet | None, times: int) -> IntSet | None:
    """The sumset of `times` copies, by doubling (log2(times) additions)."""
    if values is None:
        return None
    result: IntSet | None = single(0)
    power: IntSet | None = values
    while times:
        if times & 1:
            result = add(result, power)
        times >>= 1
        if times:
            power = add(power, power)
    return result


def multiply(first: IntSet | None, second: IntSet | None) -> IntSet | None:
    if first is None or second is None:
        return None
    if size(second) == 1:
        return _scale(first, second[0][0])
    if size(first) == 1:
        return _scale(second, first[0][0])
    if size(first) * size(second) > PAIR_LIMIT:
        return None
    return from_points(a * b for a in points(first) for b in points(second))


def floor_divide(first: IntSet | None, second: IntSet | None) -> IntSet | None:
    """The set {a // b : b != 0}; a zero divisor is an error at roll time, not a result."""
    if first is None or second is None:
        return None
    divisors = difference(second, single(0))
    if not divisors:
        return EMPTY
    if size(divisors) == 1:
        divisor = divisors[0][0]
        # Floor division by a constant maps a run onto a run (steps of at most 1).
        return normalize(
            (low // divisor, high // divisor) if divisor > 0 else (high // divisor, low // divisor)
            for low, high in first
        )
    if size(first) * size(divisors) > PAIR_LIMIT:
        return None
    return from_points(a // b for a in points(first) for b in points(divisors))


def _scale(values: IntSet, factor: int) -> IntSet | None:
    if factor == 0:
        return single(0)
    if factor in (1, -1):
        return values if factor == 1 else negate(values)
    # Scaling spreads a run into isolated points, one run each.
    if size(values) > PAIR_LIMIT:
        return None
    return from_points(value * factor for value in points(values))
