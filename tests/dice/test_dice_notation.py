"""Every notation item, rolled with a fixed seed: exact faces and totals, plus
the structural facts (kept counts, explosion flags, success counts) that the
rules promise for any seed."""

from __future__ import annotations

import random

import pytest

from campaign.dice import DiceError, DieResult, Roll, compile


def roll(text: str, seed: int) -> Roll:
    return compile(text).roll(random.Random(seed))


def faces(result: Roll) -> list[int]:
    return [die.face for die in result.dice]


def kept_faces(result: Roll) -> list[int]:
    return [die.face for die in result.dice if die.kept]


# (expression, seed, total, every face thrown in order)
SEEDED = [
    ("3d6", 0, 14, [6, 5, 3]),
    ("8d6", 0, 30, [6, 5, 3, 2, 4, 3, 5, 2]),
    ("d6", 42, 4, [4]),
    ("D20", 42, 13, [13]),
    ("d%", 0, 85, [85]),
    ("4dF", 0, 1, [1, 1, 0, -1]),
    ("4d6kh3", 0, 14, [6, 5, 3, 2]),
    ("4d6kl1", 0, 2, [6, 5, 3, 2]),
    ("4d6dl1", 0, 14, [6, 5, 3, 2]),
    ("4d6dh1", 0, 10, [6, 5, 3, 2]),
    ("4d6h3", 0, 14, [6, 5, 3, 2]),
    ("4d6l1", 0, 2, [6, 5, 3, 2]),
    ("4d6k3", 0, 14, [6, 5, 3, 2]),
    ("4d6d1", 0, 14, [6, 5, 3, 2]),
    ("2d20kh1", 0, 17, [17, 16]),
    ("2d20kl1", 0, 16, [17, 16]),
    ("1d6!", 2, 13, [6, 6, 1]),
    ("1d6x", 0, 11, [6, 5]),
    ("1d6!>=5", 0, 14, [6, 5, 3]),
    ("1d6!5", 6, 13, [5, 5, 3]),
    ("1d6!!", 2, 13, [13]),
    ("1d6r1", 28, 4, [1, 1, 4]),
    ("1d6r<3", 4, 3, [2, 1, 3]),
    ("1d6ro1", 28, 1, [1, 1]),
    ("10d10>=8", 0, 3, [9, 8, 5, 3, 6, 5, 8, 4, 5, 6]),
    ("10d10>8", 0, 1, [9, 8, 5, 3, 6, 5, 8, 4, 5, 6]),
    ("10d10<=2", 42, 3, [7, 1, 3, 3, 8, 7, 9, 1, 5, 1]),
    ("10d10<3", 42, 3, [7, 1, 3, 3, 8, 7, 9, 1, 5, 1]),
    ("10d10=1", 42, 3, [7, 1, 3, 3, 8, 7, 9, 1, 5, 1]),
    ("10d10!10>=8", 2, 4, [10, 10, 1, 1, 9, 8, 7, 4, 7, 7, 6, 2]),
    ("4d6!!kh3", 0, 18, [11, 3, 2, 4]),
    ("4d6r1kh3", 1, 14, [1, 6, 5, 2, 3]),
    ("d66", 0, 61, [61]),
    ("d666", 0, 613, [613]),
    ("2d6+3*2", 42, 11, [4, 1]),
    ("(2+3)*1d6", 42, 20, [4]),
    ("-1d6+10", 42, 6, [4]),
    ("1d6/2", 42, 2, [4]),
    ("7-1d4", 42, 4, [3]),
    ("10/3", 42, 3, []),
    ("5", 42, 5, []),
    ("1d20+5 [to hit]", 42, 18, [13]),
    ("1d20+5 [to hit] + 1d4 [bless]", 42, 19, [13, 1]),
    (" 1 d 6 ", 42, 4, [4]),
]


@pytest.mark.parametrize(("text", "seed", "total", "thrown"), SEEDED)
def test_seeded_roll(text: str, seed: int, total: int, thrown: list[int]) -> None:
    result = roll(text, seed)
    assert result.expression == text
    assert result.total == total
    assert faces(result) == thrown
    assert not result.capped


SEEDS = range(200)


def test_plain_dice_sum_their_faces() -> None:
    for seed in SEEDS:
        result = roll("8d6", seed)
        assert len(result.dice) == 8
        assert result.total == sum(faces(result))
        assert all(1 <= die.face <= 6 and die.kept for die in result.dice)
        assert {die.term for die in result.dice} == {"8d6"}


def test_percentile_die_is_a_d100() -> None:
    seen = {roll("d%", seed).total for seed in range(2000)}
    assert min(seen) == 1
    assert max(seen) == 100
    assert roll("d%", 0).dice[0].sides == 100


def test_fate_dice_show_minus_zero_plus() -> None:
    for seed in SEEDS:
        result = roll("4dF", seed)
        assert all(die.face in (-1, 0, 1) and die.sides == 3 for die in result.dice)
        assert result.total == sum(faces(result))
    assert str(roll("4dF", 0)) == "4dF [+, +, 0, -] = 1"


@pytest.mark.parametrize(
    ("text", "kept", "highest"),
    [
        ("4d6kh3", 3, True),
        ("4d6h3", 3, True),
        ("4d6k3", 3, True),
        ("4d6dl1", 3, True),
        ("4d6d1", 3, True),
        ("4d6kl1", 1, False),
        ("4d6l1", 1, False),
        ("4d6dh1", 3, False),
        ("2d20kh1", 1, True),
        ("2d20kl1", 1, False),
        ("5d10kh2", 2, True),
    ],
)
def test_keep_and_drop_keep_the_right_dice(text: str, kept: int, highest: bool) -> None:
    for seed in SEEDS:
        result = roll(text, seed)
        kept_dice = kept_faces(result)
        dropped = [die.face for die in result.dice if not die.kept]
        assert len(kept_dice) == kept
        assert result.total == sum(kept_dice)
        if highest:
            assert min(kept_dice) >= max(dropped)
        else:
            assert max(kept_dice) <= min(dropped)


def test_keep_ties_keep_the_earlier_dice() -> None:
    result = roll("4d6kh3", 42)  # faces 4, 1, 2, 2: both 2s kept, the 1 dropped
    assert [die.kept for die in result.dice] == [True, False, True, True]
    result = roll("4d6kl1", 42)
    assert [die.kept for die in result.dice] == [False, True, False, False]


def test_keep_more_than_thrown_keeps_all() -> None:
    result = roll("2d6kh5", 3)
    assert all(die.kept for die in result.dice)
    assert result.total == sum(faces(result))


def test_advantage_and_disadvantage() -> None:
    for seed in SEEDS:
        advantage, disadvantage = roll("2d20kh1", seed), roll("2d20kl1", seed)
        assert faces(advantage) == faces(disadvantage)
        assert advantage.total == max(faces(advantage))
        assert disadvantage.total == min(faces(disadvantage))


def test_exploding_dice_add_a_die_per_maximum() -> None:
    exploded_any = False
    for seed in SEEDS:
        result = roll("3d6!", seed)
        assert result.total == sum(faces(result))
        for die in result.dice:
            assert die.exploded == (die.face == 6)
        # Every explosion adds exactly one die.
        assert len(result.dice) == 3 + sum(die.exploded for die in result.dice)
        exploded_any |= any(die.exploded for die in result.dice)
    assert exploded_any
    assert str(roll("1d6!", 2)) == "1d6! [6!, 6!, 1] = 13"


def test_x_is_the_same_as_bang() -> None:
    for seed in SEEDS:
        assert faces(roll("2d6x", seed)) == faces(roll("2d6!", seed))


def test_explosion_threshold() -> None:
    for seed in SEEDS:
        result = roll("2d6!>=5", seed)
        for die in result.dice:
            assert die.exploded == (die.face >= 5)
        result = roll("2d6!>4", seed)
        for die in result.dice:
            assert die.exploded == (die.face > 4)


def test_compounding_adds_into_one_die() -> None:
    for seed in SEEDS:
        plain, compounded = roll("1d6!", seed), roll("1d6!!", seed)
        assert len(compounded.dice) == 1
        assert compounded.total == plain.total  # same throws, summed on one die
        assert compounded.dice[0].exploded == (plain.total > 6)
    assert str(roll("1d6!!", 2)) == "1d6!! [13!] = 13"


def test_reroll_keeps_rerolling() -> None:
    rerolled_twice = False
    for seed in SEEDS:
        result = roll("1d6r<3", seed)
        final = [die for die in result.dice if not die.rerolled]
        discarded = [die for die in result.dice if die.rerolled]
        assert len(final) == 1 and final[0].face >= 3 and final[0].kept
        assert all(die.face < 3 and not die.kept for die in discarded)
        assert result.total == final[0].face
        rerolled_twice |= len(discarded) >= 2
    assert rerolled_twice
    assert str(roll("1d6r1", 28)) == "1d6r1 [~~1~~, ~~1~~, 4] = 4"


def test_bare_r_rerolls_ones() -> None:
    for seed in SEEDS:
        assert roll("1d6r", seed).total >= 2


def test_reroll_once_can_land_on_the_same_face() -> None:
    result = roll("1d6ro1", 28)
    assert [die.rerolled for die in result.dice] == [True, False]
    assert result.total == 1
    for seed in SEEDS:
        result = roll("1d6ro1", seed)
        assert len(result.dice) == (2 if result.dice[0].face == 1 else 1)


def test_reroll_then_keep() -> None:
    result = roll("4d6r1kh3", 1)
    assert str(result) == "4d6r1kh3 [~~1~~, 6, 5, ~~2~~, 3] = 14"
    for seed in SEEDS:
        result = roll("4d6r1kh3", seed)
        final = [die for die in result.dice if not die.rerolled]
        assert len(final) == 4
        assert sum(die.kept for die in final) == 3
        assert all(die.face >= 2 for die in final)


@pytest.mark.parametrize(
    ("text", "meets"),
    [
        ("10d10>=8", lambda face: face >= 8),
        ("10d10>8", lambda face: face > 8),
        ("10d10<=2", lambda face: face <= 2),
        ("10d10<3", lambda face: face < 3),
        ("10d10=10", lambda face: face == 10),
        ("4dF>=0", lambda face: face >= 0),
        ("4dF=-1", lambda face: face == -1),
    ],
)
def test_success_counting_counts_dice(text: str, meets: object) -> None:
    assert callable(meets)
    for seed in SEEDS:
        result = roll(text, seed)
        assert result.total == sum(1 for face in faces(result) if meets(face))
        for die in result.dice:
            assert die.success == meets(die.face)


def test_success_counting_with_explosions_counts_every_die() -> None:
    result = roll("10d10!10>=8", 2)
    assert len(result.dice) == 12
    assert result.total == 4
    assert [die.exploded for die in result.dice][:2] == [True, True]
    for seed in SEEDS:
        result = roll("10d10>=8!", seed)
        assert result.total == sum(die.face >= 8 for die in result.dice)


def test_success_counting_among_kept_dice() -> None:
    for seed in SEEDS:
        result = roll("10d10kh5>=8", seed)
        assert result.total == sum(1 for die in result.dice if die.kept and die.face >= 8)
        assert all(die.success is None for die in result.dice if not die.kept)


def test_d66_and_d666_read_digits_of_d6s() -> None:
    for seed in range(500):
        result = roll("d66", seed)
        tens, ones = divmod(result.total, 10)
        assert 1 <= tens <= 6 and 1 <= ones <= 6
        assert result.dice[0].sides == 66
        value = roll("d666", seed).total
        assert all(1 <= int(digit) <= 6 for digit in str(value))
    assert {roll("d66", seed).total for seed in range(3000)} == {
        10 * tens + ones for tens in range(1, 7) for ones in range(1, 7)
    }


def test_arithmetic_precedence() -> None:
    assert compile("2+3*4").roll(random.Random(0)).total == 14
    assert compile("(2+3)*4").roll(random.Random(0)).total == 20
    assert compile("2*3+4*5").roll(random.Random(0)).total == 26
    assert compile("10-4-3").roll(random.Random(0)).total == 3
    assert compile("100/10/5").roll(random.Random(0)).total == 2
    assert compile("6*4/3").roll(random.Random(0)).total == 8
    assert compile("-3*-2").roll(random.Random(0)).total == 6
    assert compile("--5").roll(random.Random(0)).total == 5
    assert compile("+5").roll(random.Random(0)).total == 5


def test_division_rounds_down() -> None:
    assert compile("7/2").roll(random.Random(0)).total == 3
    assert compile("-7/2").roll(random.Random(0)).total == -4
    for seed in SEEDS:
        result = roll("3d6/2", seed)
        assert result.total == sum(faces(result)) // 2


def test_division_by_a_zero_roll_raises_dice_error() -> None:
    expression = compile("10/(1d2-1)")
    outcomes = set()
    for seed in range(50):
        try:
            outcomes.add(expression.roll(random.Random(seed)).total)
        except DiceError as error:
            assert error.message == "division by zero"
            assert error.column == 4
            outcomes.add(None)
    assert outcomes == {10, None}


@pytest.mark.parametrize("depth", [8, 30, 50])
def test_deep_parentheses(depth: int) -> None:
    text = "(" * depth + "1d6+1" + ")" * depth
    result = roll(text, 42)
    assert result.total == 5
    assert str(result).startswith("(" * depth + "1d6 [4] + 1")


def test_unary_minus_on_dice_and_groups() -> None:
    result = roll("-(1d6+1)", 42)
    assert result.total == -5
    assert str(result) == "-(1d6 [4] + 1) = -5"


def test_labels_in_order_and_rendered() -> None:
    result = roll("1d20+5 [to hit] + 1d4 [bless]", 42)
    assert result.labels == ("to hit", "bless")
    assert str(result) == '1d20 [13] + 5 "to hit" + 1d4 [1] "bless" = 19'
    result = roll("4d6kh3 [str] [roll again]", 0)
    assert result.labels == ("str", "roll again")
    assert roll("(1d6+1) [fire]", 1).labels == ("fire",)
    assert compile("2d6 [  spaced out  ]").labels == ("spaced out",)


def test_whitespace_anywhere_between_tokens() -> None:
    assert faces(roll(" 4 d 6 kh 3 ", 0)) == faces(roll("4d6kh3", 0))
    assert roll("\t2d6 +\n3 ", 42).total == roll("2d6+3", 42).total


def test_case_insensitive() -> None:
    pairs = [("4D6KH3", "4d6kh3"), ("1D6!", "1d6!"), ("4DF", "4dF"), ("1D6RO1", "1d6ro1")]
    for upper, lower in pairs:
        assert faces(roll(upper, 5)) == faces(roll(lower, 5))
    assert roll("4D6KH3", 0).dice[0].term == "4D6KH3"


def test_term_text_drops_whitespace() -> None:
    assert roll("4d6 kh3 + 1", 0).dice[0].term == "4d6kh3"


def test_number_alone() -> None:
    result = roll("5", 0)
    assert result.total == 5
    assert result.dice == ()
    assert str(result) == "5 = 5"


def test_die_result_defaults() -> None:
    die = DieResult("1d6", 6, 4)
    assert die.kept and not die.exploded and not die.rerolled and die.success is None
