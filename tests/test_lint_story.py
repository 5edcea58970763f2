"""Lint's story checks (issue 25): scenes that lead only one way, revelations without a
roll-free clue, and read-aloud variants whose condition can never hold.

One small three-act module meets every rule (and lints clean, `--strict` included);
each test breaks one rule with a small edit and looks for the warning, located at
the file, line and column of what it is about.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.lint import lint_module
from campaign.lint.rollfree import RollWords
from campaign.loader import load_module

RULESET = """\
kind: ruleset
id: plain
name: Plain 2d6
attributes:
  - {id: wits, name: Wits}
  - {id: brawn, name: Brawn}
skills:
  - {id: notice, name: Notice, attribute: wits}
  - {id: sleight-of-hand, name: Sleight of Hand, attribute: brawn}
check:
  roll: "2d6+{attribute}+{skill}"
  default_difficulty: tricky
  results:
    - {id: success, label: Success, min_margin: 0}
    - {id: failure, label: Failure}
difficulties:
  - {id: easy, name: Easy, target: 7}
  - {id: tricky, name: Tricky, target: 9}
initiative: {roll: "2d6+{wits}"}
"""

ACT_1 = """\
id: act-1
number: 1
title: One
overview: The first act.
scenes: [a, b, c]
clocks: [alarm]
alternatives:
  - {id: alt-1, title: Early, trigger: They run., consequence: They are early.}
outcomes:
  - id: o1
    question: Did it go well?
    options: [{id: well, label: Well}, {id: badly, label: Badly}]
    default: well
---
kind: scene
id: a
title: A
npcs: [{npc: warden}]
clues:
  - {id: a-free, text: Plain to see., source: {place: a desk}, revelation: r1}
exits:
  - {to: b, label: Left}
  - {to: c, label: Right}
---
kind: scene
id: b
title: B
bottleneck: true
clues:
  - {id: b-free, text: On the wall., source: {place: a wall}, revelation: r1}
  - {id: b-early, text: An early hint., source: {place: a bin}, revelation: r2}
exits:
  - {to: c, label: On}
---
kind: scene
id: c
title: C
clues:
  - {id: c-free, text: Under the mat., source: {handout: note}, revelation: r1}
exits:
  - {to: b, label: Back}
  - {to: d, label: Into act two}
"""

ACT_2 = """\
id: act-2
number: 2
title: Two
overview: The second act.
scenes: [d, e, f]
outcomes:
  - id: o2
    question: Was it kept?
    options: [{id: kept, label: Kept}, {id: lost, label: Lost}]
---
kind: scene
id: d
title: D
clues:
  - {id: d-free, text: Said out loud., source: {npc: warden}, revelation: r2}
  - id: d-rolled
    text: Hidden in a drawer.
    source: {place: a drawer}
    revelation: r2
    check: {skill: notice, difficulty: tricky}
exits:
  - {to: e, label: Up}
  - {to: f, label: Down}
---
kind: scene
id: e
title: E
bottleneck: true
variants:
  - {when: {outcome: o1, option: badly}, read_aloud: Earlier act., label: badly}
  - {when: {outcome: o2, option: lost}, read_aloud: This act.}
  - {when: {outcome: o3, option: cold}, read_aloud: A later act's default.}
  - {when: {not: {outcome: o3, option: hot}}, read_aloud: Not a later option.}
  - {when: {clock: alarm, at_least: 4}, read_aloud: Full.}
  - {when: [{clock: alarm, at_least: 2}, {not: {clock: alarm, at_least: 3}}], read_aloud: Two.}
  - {when: {handout: note}, read_aloud: Given in no scene.}
  - {when: {npc: warden, fate: dead}, read_aloud: Dead.}
  - {when: {any: [{alternative: alt-3}, {alternative: alt-1}]}, read_aloud: Either.}
exits:
  - {to: f, label: On}
---
kind: scene
id: f
title: F
exits:
  - {to: g, label: Into act three}
"""

ACT_3 = """\
id: act-3
number: 3
title: Three
overview: The third act.
scenes: [g]
alternatives:
  - {id: alt-3, title: Late, trigger: They wait., consequence: They are late.}
outcomes:
  - id: o3
    question: Hot or cold?
    options: [{id: hot, label: Hot}, {id: cold, label: Cold}]
    default: cold
---
kind: scene
id: g
title: G
handouts: [late-letter]
clues:
  - {id: g-late, text: Too late., source: {place: a grave}, revelation: r2}
"""

FILES: dict[str, str] = {
    "module.yaml": "id: story-test\ntitle: Story Test\nruleset: plain\n",
    "ruleset.yaml": RULESET,
    "npcs/warden.yaml": "id: warden\nname: Warden\n",
    "pcs/hero.yaml": "id: hero\nname: Hero\nattributes: {wits: 1, brawn: 1}\n",
    "clocks/alarm.yaml": "id: alarm\nname: Alarm\nsegments: 4\nwhen_full: Guards.\n",
    "handouts/handouts.yaml": (
        "id: note\ntitle: Note\ntype: note\n---\nid: late-letter\ntitle: Late\ntype: note\n"
    ),
    "revelations/revelations.yaml": (
        "id: r1\nstatement: Needed in act one.\nact: act-1\n"
        "---\nid: r2\nstatement: Needed in act two.\nact: act-2\n"
    ),
    "acts/act-1.yaml": ACT_1,
    "acts/act-2.yaml": ACT_2,
    "acts/act-3.yaml": ACT_3,
}


def write(root: Path, changes: dict[str, tuple[str, str]] | None = None) -> Path:
    """The module in `root`, with `changes`: file -> (old text, new text), each found once."""
    for relative, text in FILES.items():
        if changes and relative in changes:
            old, new = changes[relative]
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def warnings_of(root: Path, changes: dict[str, tuple[str, str]]) -> list[str]:
    return lint_module(load_module(write(root, changes))).warnings


def line_of(root: Path, relative: str, text: str) -> int:
    """The first line of a written file that is `text`, or else contains it (1-based)."""
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    exact = [number for number, line in enumerate(lines, 1) if line == text]
    return exact[0] if exact else next(n for n, line in enumerate(lines, 1) if text in line)


# --- a module that meets every rule -------------------------------------------------------


def test_a_module_meeting_the_rules_lints_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(tmp_path / "story-test")
    report = lint_module(load_module(folder))
    assert report.warnings == []
    assert (report.branching.two_or_more, report.branching.scenes) == (2, 4)
    assert report.branching.bottlenecks == ("b", "e")
    assert main(["lint", str(folder), "--strict"]) == 0
    out = capsys.readouterr().out
    story = out.split("\nStory\n")[1].split("\n\n")[0].splitlines()
    assert story == [
        "  2 of 4 scenes that do not end an act lead to two or more scenes",
        "  6 of 7 clues need no roll",
        "  9 read-aloud variants",
    ]
    assert main(["lint", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["branching"] == {
        "two_or_more": 2,
        "scenes": 4,
        "one_way": [],
        "bottlenecks": ["b", "e"],
    }
    assert (data["clues"], data["variants"]) == ({"roll_free": 6, "all": 7}, 9)


# --- destinations -------------------------------------------------------------------------


def test_a_one_way_scene_without_bottleneck_is_located(tmp_path: Path) -> None:
    root = tmp_path / "m"
    warnings = warnings_of(root, {"acts/act-1.yaml": ("bottleneck: true\n", "")})
    line = line_of(root, "acts/act-1.yaml", "id: b") - 1  # the document starts at `kind:`
    assert warnings == [
        f"acts/act-1.yaml:{line}:1: scene 'b' leads only to 'c'; give it a second way on, "
        "or mark it 'bottleneck: true' (one per act)"
    ]
    report = lint_module(load_module(root))
    assert report.branching.one_way == ("b",)
    assert (report.branching.two_or_more, report.branching.scenes) == (2, 4)


def test_two_bottlenecks_in_one_act_are_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "m"
    change = ("title: D\n", "title: D\nbottleneck: true\n")
    warnings = warnings_of(root, {"acts/act-2.yaml": change})
    line = line_of(root, "acts/act-2.yaml", "scenes: [d, e, f]")
    assert warnings == [
        f"acts/act-2.yaml:{line}:9: act 'act-2' marks 2 scenes 'bottleneck: true' ('d', 'e'); "
        "lint allows one per act: give the others a second way on"
    ]


def test_a_scene_that_leaves_its_act_or_has_no_exits_is_not_asked_for_two(
    tmp_path: Path,
) -> None:
    """c goes back to b and on to act 2; f only leads out; g has no exits: none is one-way."""
    root = tmp_path / "m"
    change = ("  - {to: b, label: Back}\n", "")
    warnings = warnings_of(root, {"acts/act-1.yaml": change})
    assert warnings == []


# --- roll-free clues ----------------------------------------------------------------------


def test_no_roll_free_clue_in_the_act_that_needs_it(tmp_path: Path) -> None:
    """d's clue for r2 now takes a roll; g's roll-free clue is in act 3, too late to count."""
    root = tmp_path / "m"
    change = (
        "source: {npc: warden}, revelation: r2}",
        "source: {npc: warden}, revelation: r2, check: {skill: notice}}",
    )
    warnings = warnings_of(root, {"acts/act-2.yaml": change})
    line = line_of(root, "revelations/revelations.yaml", "id: r2")
    assert warnings == [
        f"revelations/revelations.yaml:{line}:1: revelation 'r2': no clue in act 2 ('act-2'), "
        "which needs it, is found without a roll; give one of its scenes a clue with no "
        "'check:' (and no roll in 'requires')"
    ]


def test_a_roll_in_requires_is_a_roll_and_outdated(tmp_path: Path) -> None:
    """b's early clue for r2 'requires' Notice vs Tricky: act 1 has no roll-free clue for r2
    any more, and the roll belongs in `check:`."""
    root = tmp_path / "m"
    change = ("revelation: r2}", "revelation: r2, requires: Notice or Wits vs Tricky}")
    warnings = warnings_of(root, {"acts/act-1.yaml": change})
    line = line_of(root, "acts/act-1.yaml", "b-early")
    column = 1 + (root / "acts/act-1.yaml").read_text().splitlines()[line - 1].index("Notice")
    revelation = line_of(root, "revelations/revelations.yaml", "id: r2")
    assert warnings == [
        f"revelations/revelations.yaml:{revelation}:1: revelation 'r2': no clue in an act "
        "before act 2 is "
        "found without a roll; give a scene of an earlier act a clue with no 'check:' (and no "
        "roll in 'requires')",
        f"acts/act-1.yaml:{line}:{column}: clue 'b-early' carries its roll in 'requires'; "
        "move it to 'check:' (skill, difficulty)",
    ]


@pytest.mark.parametrize(
    ("requires", "offer"),
    [
        ("Notice vs Tricky", ": check: {skill: notice, difficulty: tricky}"),
        ("a tricky WITS roll", ": check: {attribute: wits, difficulty: tricky}"),
        ("Sleight of Hand vs 9", ": check: {skill: sleight-of-hand}"),
        ("Notice DC 9", ": check: {skill: notice, difficulty: tricky}"),
        ("Wits DC 12, or a lamp", ": check: {attribute: wits, difficulty: 12}"),
        ("Notice or Wits vs Tricky", ""),
        ("Notice vs Easy, or Tricky at night", ""),
    ],
)
def test_the_outdated_roll_comes_with_the_check_that_says_the_same(
    tmp_path: Path, requires: str, offer: str
) -> None:
    root = tmp_path / "m"
    change = ("revelation: r2}", f"revelation: r2, requires: '{requires}'}}")
    (outdated,) = [w for w in warnings_of(root, {"acts/act-1.yaml": change}) if "carries" in w]
    assert outdated.endswith(f"move it to 'check:' (skill, difficulty){offer}")


@pytest.mark.parametrize(
    ("text", "roll"),
    [
        ("Notice vs Tricky", True),
        ("Persuasion or Notice vs Tricky", True),
        ("a Tricky Wits roll", True),
        ("sleight of hand versus the guard", True),
        ("NOTICE VS. 9", True),
        ("Notice DC 15 (or a lantern)", True),
        ("DC15, wits", True),
        ("the DC office, noticed", False),
        ("Notice the carpet", False),
        ("vs the clock, Tricky", False),
        ("asking the warden nicely", False),
        ("noticeboard vs tricky", False),
        ("", False),
    ],
)
def test_what_reads_as_a_roll_in_requires(words: RollWords, text: str, roll: bool) -> None:
    assert words.names_a_roll(text) is roll


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> RollWords:
    """The roll words of the module's ruleset: skills, attributes, difficulties."""
    folder = write(tmp_path_factory.mktemp("story") / "story-test")
    return RollWords.of(load_module(folder).ruleset)


# --- variants that can never hold ---------------------------------------------------------

IMPOSSIBLE = [
    (
        "{when: {outcome: o3, option: hot}, read_aloud: Later., label: too early}",
        "variant 10 ('too early') can never hold while act 2 is played: outcome 'o3' is "
        "recorded at the end of act 3 and reads as its default 'cold' until then",
    ),
    (
        "{when: {not: {outcome: o3, option: cold}}, read_aloud: Later.}",
        "variant 10 can never hold while act 2 is played: outcome 'o3'",
    ),
    (
        "{when: {alternative: alt-3}, read_aloud: Later.}",
        "variant 10 can never hold while act 2 is played: alternative 'alt-3' belongs to act 3",
    ),
    (
        "{when: {clue: g-late}, read_aloud: Later.}",
        "variant 10 can never hold while act 2 is played: clue 'g-late' is found only from "
        "act 3 on",
    ),
    (
        "{when: {handout: late-letter}, read_aloud: Later.}",
        "variant 10 can never hold while act 2 is played: handout 'late-letter' is given only "
        "from act 3 on",
    ),
    (
        "{when: {all: [{outcome: o1, option: well}, {outcome: o1, option: badly}]}, "
        "read_aloud: Both.}",
        "variant 10 can never hold: it contradicts itself",
    ),
    (
        "{when: {not: {clock: alarm, at_least: 0}}, read_aloud: Never.}",
        "variant 10 can never hold: it contradicts itself",
    ),
    (
        "{when: [{clock: alarm, at_least: 3}, {not: {clock: alarm, at_least: 2}}], "
        "read_aloud: Never.}",
        "variant 10 can never hold: it contradicts itself",
    ),
    (
        "{when: [{npc: warden, fate: dead}, {npc: warden, fate: allied}], read_aloud: Never.}",
        "variant 10 can never hold: it contradicts itself",
    ),
]


@pytest.mark.parametrize(("variant", "expected"), IMPOSSIBLE)
def test_a_variant_that_can_never_hold_is_located(
    tmp_path: Path, variant: str, expected: str
) -> None:
    root = tmp_path / "m"
    last = "  - {when: {any: [{alternative: alt-3}, {alternative: alt-1}]}, read_aloud: Either.}\n"
    warnings = warnings_of(root, {"acts/act-2.yaml": (last, f"{last}  - {variant}\n")})
    line = line_of(root, "acts/act-2.yaml", variant[:40])
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"acts/act-2.yaml:{line}:12: scene 'e': {expected}")
