"""Intervals for a forecast's figures: Wilson for chances, order statistics for rounds."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
"""The normal quantile of a two-sided 95% interval."""


@dataclass(frozen=True, slots=True)
class Chance:
    """A chance estimated from runs, with its 95% Wilson interval."""

    p: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"p": round(self.p, 4), "low": round(self.low, 4), "high": round(self.high, 4)}


def wilson(successes: int, runs: int) -> Chance:
    """The Wilson score interval: right even near 0 and 1, where the normal one fails."""
    if runs <= 0:
        return Chance(0.0, 0.0, 1.0)
    p = successes / runs
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * runs)) / (1 + z2 / runs)
    half = Z95 * math.sqrt(p * (1 - p) / runs + z2 / (4 * runs * runs)) / (1 + z2 / runs)
    return Chance(p, max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class Quantile:
    """A quantile of the runs' rounds, with a 95% interval from order statistics."""

    value: int
    low: int
    high: int


def quantile(values: Sequence[int], q: float) -> Quantile:
    """The q-quantile of sorted-or-not values, and the ranks a 95% interval spans."""
    ordered = sorted(values)
    count = len(ordered)
    if count == 0:
        return Quantile(0, 0, 0)
    spread = Z95 * math.sqrt(count * q * (1 - q))
    rank = min(count - 1, max(0, math.ceil(q * count) - 1))
    low = min(count - 1, max(0, math.floor(q * count - spread) - 1))
    high = min(count - 1, max(0, math.ceil(q * count + spread) - 1))
    return Quantile(ordered[rank], ordered[low], ordered[high])
