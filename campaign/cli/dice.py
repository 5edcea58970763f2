"""`campaign roll` and `campaign odds`: a dice expression rolled, or its distribution drawn.

The dice engine is imported inside the commands, so building the parser stays cheap.
"""

from __future__ import annotations

import argparse

from campaign.cli.common import (
    EXIT_OK,
    Subparsers,
    existing_session,
    print_json,
    seed_or_fresh,
)
from campaign.errors import CampaignError

_BAR_WIDTH = 40
_MAX_ROWS = 40
_TAIL = 1e-4


def _cmd_roll(args: argparse.Namespace) -> int:
    import random

    from campaign.dice import compile as compile_dice

    expression = compile_dice(args.expression)
    if args.session:
        return _roll_into_session(args)
    seed = seed_or_fresh(args.seed)
    # Roll i of --times uses seed + i, so each reported seed replays its own roll.
    rolls = [expression.roll(random.Random(seed + index)) for index in range(args.times or 1)]
    if args.json:
        dicts = [roll.to_dict(seed=seed + index) for index, roll in enumerate(rolls)]
        print_json({"rolls": dicts} if args.times else dicts[0])
    else:
        for roll in rolls:
            print(roll.render())
    return EXIT_OK


def _roll_into_session(args: argparse.Namespace) -> int:
    """Roll into a session's journal (the GM screen shows it within a second)."""
    from campaign.session import Session

    if args.seed is not None:
        raise CampaignError(
            "--seed and --session do not mix: a session's dice come from its journal"
        )
    with Session.open(existing_session(args.session), create=False, origin="cli") as session:
        results = [session.roll(args.expression) for _ in range(args.times or 1)]
    if args.json:
        dicts = [
            {**roll.to_dict(), "session": session.name, "event": event.seq}
            for event, roll in results
        ]
        print_json({"rolls": dicts} if args.times else dicts[0])
    else:
        for _event, roll in results:
            print(roll.render())
    return EXIT_OK


def _cmd_odds(args: argparse.Namespace) -> int:
    from campaign.dice import odds

    result = odds(args.expression, target=args.target)
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    how = "exact" if result.exact else f"estimated from {result.samples:,} seeded rolls"
    print(f"{result.expression}: {how}")
    spread = f"mean {result.mean:.2f}"
    if result.stderr is not None:
        spread += f" (± {result.stderr:.2f})"
    print(f"{spread}  min {result.min}  max {result.max}")
    shown, below, above = _trim_tails(result.distribution)
    rows = _histogram_rows(shown)
    largest = max(p for _, p in rows) or 1.0
    if below:
        print(f"{'below ' + str(min(shown)):>15}  {'':<{_BAR_WIDTH}} {below:8.3%}")
    for label, probability in rows:
        bar = "█" * round(probability / largest * _BAR_WIDTH)
        print(f"{label:>15}  {bar:<{_BAR_WIDTH}} {probability:8.3%}")
    if above:
        print(f"{'above ' + str(max(shown)):>15}  {'':<{_BAR_WIDTH}} {above:8.3%}")
    if result.truncated_mass:
        print(f"(explosion chains rarer than {result.truncated_mass:.1g} were cut short)")
    if args.target is not None:
        print(f"P(>= {args.target}) = {result.p_at_least(args.target):.2%}")
    return EXIT_OK


def _trim_tails(distribution: dict[int, float]) -> tuple[dict[int, float], float, float]:
    """Drop the far tails (at most 0.01% each side) so an exploding die's
    thousand-long tail does not squash the rows that matter. Returns what is
    left and the probability cut below and above."""
    outcomes = sorted(distribution)
    start, below = 0, 0.0
    while start < len(outcomes) - 1 and below + distribution[outcomes[start]] < _TAIL:
        below += distribution[outcomes[start]]
        start += 1
    stop, above = len(outcomes), 0.0
    while stop - 1 > start and above + distribution[outcomes[stop - 1]] < _TAIL:
        above += distribution[outcomes[stop - 1]]
        stop -= 1
    return {outcome: distribution[outcome] for outcome in outcomes[start:stop]}, below, above


def _histogram_bins(distribution: dict[int, float]) -> tuple[int, int, int]:
    """(lowest outcome, bin width, number of bins): one bin per outcome when few."""
    lowest, highest = min(distribution), max(distribution)
    span = highest - lowest + 1
    width = 1 if len(distribution) <= _MAX_ROWS and span <= _MAX_ROWS * 4 else -(-span // _MAX_ROWS)
    return lowest, width, -(-span // width)


def _histogram_rows(distribution: dict[int, float]) -> list[tuple[str, float]]:
    """Rows of (label, probability): each outcome, or equal-width ranges of them
    when there are too many for a screen."""
    lowest, width, count = _histogram_bins(distribution)
    if width == 1 and len(distribution) <= _MAX_ROWS:
        return [(str(outcome), p) for outcome, p in distribution.items()]
    sums = [0.0] * count
    for outcome, p in distribution.items():
        sums[(outcome - lowest) // width] += p
    highest = max(distribution)
    rows: list[tuple[str, float]] = []
    for index, p in enumerate(sums):
        start = lowest + index * width
        stop = min(start + width - 1, highest)
        rows.append((f"{start}..{stop}" if stop > start else str(start), p))
    return rows


def _roll_count(text: str) -> int:
    count = int(text)
    if not 1 <= count <= 1000:
        raise argparse.ArgumentTypeError("K must be between 1 and 1000")
    return count


def add_dice_commands(sub: Subparsers) -> None:
    """`roll` and `odds`."""
    roll = sub.add_parser(
        "roll",
        help="roll a dice expression",
        description=(
            "Roll EXPR (e.g. 4d6kh3+2, 2d20kh1+5, 10d10>=8, d66, 4dF) and print the "
            "dice and the total. Start an expression with '-' after '--': campaign roll -- -1d6"
        ),
    )
    roll.add_argument("expression", metavar="EXPR", help="dice notation, quoted")
    roll.add_argument("--seed", type=int, metavar="N", help="seed, to replay a roll exactly")
    roll.add_argument(
        "--times",
        type=_roll_count,
        metavar="K",
        help="roll K times (1-1000); roll i uses seed N+i",
    )
    roll.add_argument("--json", action="store_true", help="print one JSON object")
    roll.add_argument(
        "--session", metavar="NAME", help="roll into this session's journal (name or path)"
    )
    roll.set_defaults(handler=_cmd_roll)

    odds = sub.add_parser(
        "odds",
        help="the distribution of a dice expression",
        description="Print the odds of every total of EXPR: exact, or estimated when too large.",
    )
    odds.add_argument("expression", metavar="EXPR", help="dice notation, quoted")
    odds.add_argument("--target", type=int, metavar="N", help="also print P(total >= N)")
    odds.add_argument("--json", action="store_true", help="print one JSON object")
    odds.set_defaults(handler=_cmd_odds)
