"""Values a module file may not hold: each is one located line from every command, never a crash.

Integers beyond 64 bits, nesting deeper than 64 levels, a key written twice in
one mapping, text over 256 KB, and scalars that claim a type they do not have.
The tests go through `load_module` and the CLI on module folders written to a
temporary folder and assert the exact located message, so they hold whatever
YAML parser the loader uses.
"""

from __future__ import annotations

import resource
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from campaign.cache import load_module_cached
from campaign.cli import main
from campaign.errors import CampaignError
from campaign.loader import ModuleError, YamlLoader, load_module
from campaign.scaffold import create_module

RANGE = "it must fit in 64 bits (-9223372036854775808 to 9223372036854775807)"
TOO_DEEP = "refused: nested more than 64 levels deep"
HANDOUT = "handouts/keepers-log.yaml"
NPC = "npcs/smuggler.yaml"
HANDOUT_HEAD = "id: keepers-log\ntitle: The Keeper's Log\ntype: note\n"
"""The scaffold's handout (the act refers to it), without its body; lines 1-3."""


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    return create_module("Test Module", tmp_path)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ModuleError) as caught:
        load_module(folder)
    root = str(folder) + "/"
    return [line.replace(root, "") for line in caught.value.lines()]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def write_handout(folder: Path, rest: str) -> Path:
    path = folder / HANDOUT
    path.write_text(HANDOUT_HEAD + rest, encoding="utf-8")
    return path


def cpu_seconds() -> float:
    """CPU time of this process and its children (work moved into a child still counts)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def nested(levels: int) -> str:
    """`levels` flow mappings, one inside the other: `{a: {a: 1}}` for 2."""
    return "{a: " * levels + "1" + "}" * levels


# --- the cases of the issue, each with its exact located line ---------------------------


@dataclass(frozen=True)
class Case:
    """A hostile edit of the scaffold module and the one problem line it must give."""

    name: str
    edit: Callable[[Path], str]
    """Edits the module folder; returns the expected line (path relative to the folder)."""


def _big_integer(folder: Path) -> str:
    npc = folder / NPC
    replace_in(npc, "health: 2", "health: " + "9" * 5000)
    shown = "'" + "9" * 20 + "…' (5,000 characters)"
    return f"{NPC}:{line_of(npc, 'health:')}:9: health: integer {shown} is out of range: {RANGE}"


def _deep_data(folder: Path) -> str:
    handout = write_handout(folder, "data: " + nested(500) + "\n")
    # The document is level 1 and `data` level 2: the 65th level is the 64th `{`.
    column = len("data: ") + 4 * 63 + 1
    return f"{HANDOUT}:{line_of(handout, 'data:')}:{column}: data{'.a' * 63}: {TOO_DEEP}"


def _duplicate_key(folder: Path) -> str:
    npc = folder / NPC
    first = line_of(npc, "health:")
    npc.write_text(npc.read_text() + "health: 5\n")
    second = len(npc.read_text().splitlines())
    return f"{NPC}:{second}:1: health: duplicate key 'health' (first at line {first}, column 1)"


def _big_text(folder: Path) -> str:
    write_handout(folder, "body: '" + "[" * (256 * 1024 + 1) + "'\n")
    return (
        f"{HANDOUT}:4:7: body: refused: text of 262,145 bytes is over the 256 KB limit "
        "for one field"
    )


def _impossible_date(folder: Path) -> str:
    write_handout(folder, "data:\n  when: 2020-13-45\n")
    return f"{HANDOUT}:5:9: data.when: '2020-13-45' is not a date"


CASES = [
    Case("integer of 5,000 digits", _big_integer),
    Case("handout data nested 500 deep", _deep_data),
    Case("duplicate key", _duplicate_key),
    Case("text over 256 KB", _big_text),
    Case("a date that does not exist", _impossible_date),
]
IDS = [case.name for case in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_load_module_gives_one_located_line(module_dir: Path, case: Case) -> None:
    expected = case.edit(module_dir)
    assert problems_of(module_dir) == [expected]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_validate_in_a_subprocess_exits_2_with_the_line(module_dir: Path, case: Case) -> None:
    expected = case.edit(module_dir)
    result = subprocess.run(
        [sys.executable, "-m", "campaign", "validate", str(module_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"{module_dir}/{expected}", f"{module_dir}: 1 problem"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_handout_and_lint_exit_2_with_the_line(
    module_dir: Path, case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = f"{module_dir}/{case.edit(module_dir)}"
    out = tmp_path / "printed"
    assert main(["handout", str(module_dir), "keepers-log", "--out", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [f"campaign: {expected}"]
    assert not out.exists()
    assert main(["lint", str(module_dir)]) == 2
    assert expected.split(": ", 1)[1] in capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_modules_lists_the_module_as_having_a_problem(
    module_dir: Path,
    case: Case,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case.edit(module_dir)
    monkeypatch.setattr("campaign.loader.discovery.module_search_dirs", lambda: [module_dir.parent])
    assert main(["modules"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        # One problem, and a command that works when pasted ("Test Module" has a space).
        f"{module_dir.name:<24} 1 problem (campaign validate {shlex.quote(str(module_dir))})"
    ]
    assert captured.err == ""


def test_modules_when_module_yaml_itself_holds_a_refused_value(
    module_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Discovery reads module.yaml for the id; a refused value there is no crash either."""
    info = module_dir / "module.yaml"
    info.write_text(info.read_text() + "pages: " + "9" * 5000 + "\n")
    monkeypatch.setattr("campaign.loader.discovery.module_search_dirs", lambda: [module_dir.parent])
    assert main(["modules"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        # One problem, and a command that works when pasted ("Test Module" has a space).
        f"{module_dir.name:<24} 1 problem (campaign validate {shlex.quote(str(module_dir))})"
    ]
    line = len(info.read_text().splitlines())
    assert problems_of(module_dir) == [
        f"module.yaml:{line}:8: pages: integer '99999999999999999999…' (5,000 characters) "
        f"is out of range: {RANGE}"
    ]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_play_reads_the_module_as_the_gm_screen_does(module_dir: Path, case: Case) -> None:
    """`campaign play` loads through the cache; problems are never cached."""
    expected = f"{module_dir}/{case.edit(module_dir)}"
    for _ in range(2):
        with pytest.raises(ModuleError) as caught:
            load_module_cached(module_dir)
        assert caught.value.lines() == [expected]


# --- the limits' edges --------------------------------------------------------------------


def test_integers_at_the_64_bit_edges_load(module_dir: Path) -> None:
    npc = module_dir / NPC
    replace_in(
        npc,
        "{body: 2, mind: 0, spirit: 1}",
        "{body: 9223372036854775807, mind: -9223372036854775808, spirit: 0x7fff_ffff_ffff_ffff}",
    )
    attributes = load_module(module_dir).npcs["smuggler"].attributes
    assert attributes == {"body": 2**63 - 1, "mind": -(2**63), "spirit": 2**63 - 1}


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("9223372036854775808", "'9223372036854775808'"),
        ("-9223372036854775809", "'-9223372036854775809'"),
        ("0x8000000000000000", "'0x8000000000000000'"),
        ("0b1" + "0" * 63, "'0b100000000000000000…' (66 characters)"),
    ],
)
def test_integers_one_past_the_edges_are_refused(
    module_dir: Path, written: str, shown: str
) -> None:
    npc = module_dir / NPC
    replace_in(npc, "mind: 0", f"mind: {written}")
    line = line_of(npc, "attributes:")
    column = len("attributes: {body: 2, mind: ") + 1
    assert problems_of(module_dir) == [
        f"{NPC}:{line}:{column}: attributes.mind: integer {shown} is out of range: {RANGE}"
    ]


def test_leading_zeros_do_not_make_an_integer_big(module_dir: Path) -> None:
    replace_in(module_dir / NPC, "health: 2", "health: 0000000000000000000000000000000000000002")
    assert load_module(module_dir).npcs["smuggler"].health == 2  # YAML 1.1 octal 2


def test_five_megabytes_of_digits_are_refused_quickly(module_dir: Path) -> None:
    replace_in(module_dir / NPC, "health: 2", "health: " + "7" * (5 * 1024 * 1024 - 1024))
    start = cpu_seconds()
    [problem] = problems_of(module_dir)
    assert cpu_seconds() - start < 2.0
    assert problem.startswith(f"{NPC}:10:9: health: integer '77777777777777777777…' (")


def test_64_levels_load_and_65_do_not(module_dir: Path) -> None:
    write_handout(module_dir, "data: " + nested(63) + "\n")
    data = load_module(module_dir).handouts["keepers-log"].data
    levels = 1  # the document itself
    value: object = data
    while isinstance(value, dict):
        levels += 1
        value = value["a"]
    assert levels == 64
    write_handout(module_dir, "data: " + nested(64) + "\n")
    assert problems_of(module_dir) == [f"{HANDOUT}:4:259: data{'.a' * 63}: {TOO_DEEP}"]


def test_lists_and_block_style_count_as_levels(module_dir: Path) -> None:
    block = "data:\n" + "".join("  " * depth + "a:\n" for depth in range(1, 40))
    block += "  " * 40 + "b: [" + "[" * 30 + "]" * 30 + "]\n"
    write_handout(module_dir, block)
    [problem] = problems_of(module_dir)
    # data (2) + 39 block mappings (41) + `b: [` (42) + 23 more `[` reach level 65.
    column = 2 * 40 + len("b: [") + 23
    path = "data" + ".a" * 39 + ".b" + "[0]" * 23
    assert problem == f"{HANDOUT}:44:{column}: {path}: {TOO_DEEP}"


def test_nesting_beyond_what_the_parser_takes_is_the_same_refusal(module_dir: Path) -> None:
    write_handout(module_dir, "data: " + "[" * 100_000 + "\n")
    start = cpu_seconds()
    [problem] = problems_of(module_dir)
    assert cpu_seconds() - start < 2.0
    assert problem.startswith(f"{HANDOUT}:4:") and problem.endswith(f": {TOO_DEEP}")


def test_aliases_count_as_what_they_point_at(module_dir: Path) -> None:
    """Each anchor is 40 deep; each builds on the one before, so data is 200 deep."""
    chain = "".join(
        f"  a{n}: &a{n} " + "{x: " * 40 + (f"*a{n - 1}" if n else "1") + "}" * 40 + "\n"
        for n in range(5)
    )
    write_handout(module_dir, "data:\n" + chain)
    # a1's mappings are levels 3 to 42, so a0's (written on line 5) start at 43 and
    # its 23rd `{` is level 65; the path to it goes through a1.
    column = len("  a0: &a0 ") + 4 * 22 + 1
    assert problems_of(module_dir) == [f"{HANDOUT}:5:{column}: data.a1{'.x' * 62}: {TOO_DEEP}"]


def test_a_list_that_holds_itself_is_refused(module_dir: Path) -> None:
    write_handout(module_dir, "data:\n  loop: &a [*a]\n")
    assert problems_of(module_dir) == [f"{HANDOUT}:5:9: data.loop{'[0]' * 62}: {TOO_DEEP}"]


def test_merge_keys_may_be_overridden_but_a_key_written_twice_may_not(module_dir: Path) -> None:
    write_handout(
        module_dir,
        "data:\n  base: &b {x: 1, y: 2}\n  over: {<<: *b, x: 3}\n",
    )
    assert load_module(module_dir).handouts["keepers-log"].data["over"] == {"x": 3, "y": 2}
    write_handout(module_dir, "data:\n  base: &b {x: 1}\n  over: {<<: *b, y: 3, z: 0, y: 4}\n")
    column = len("  over: {<<: *b, y: 3, z: 0, ") + 1
    assert problems_of(module_dir) == [
        f"{HANDOUT}:6:{column}: data.over.y: duplicate key 'y' (first at line 6, column 18)"
    ]


def test_duplicate_keys_in_flow_style_and_the_rest_still_validated(module_dir: Path) -> None:
    npc = module_dir / NPC
    replace_in(npc, "{body: 2, mind: 0, spirit: 1}", "{body: 2, mind: 0, body: 1}")
    replace_in(npc, "role: Hired", "rle: Hired")
    attributes = line_of(npc, "attributes:")
    assert problems_of(module_dir) == [
        f"{NPC}:{line_of(npc, 'rle:')}:1: rle: unknown field 'rle' (did you mean 'role'?)",
        f"{NPC}:{attributes}:{len('attributes: {body: 2, mind: 0, ') + 1}: attributes.body: "
        f"duplicate key 'body' (first at line {attributes}, column 14)",
    ]


def test_refused_keys_are_located_and_not_also_duplicates(module_dir: Path) -> None:
    write_handout(module_dir, "data: {99999999999999999999: a, 88888888888888888888: b}\n")
    assert problems_of(module_dir) == [
        f"{HANDOUT}:4:8: data.99999999999999999999: integer '99999999999999999999' "
        f"is out of range: {RANGE}",
        f"{HANDOUT}:4:33: data.88888888888888888888: integer '88888888888888888888' "
        f"is out of range: {RANGE}",
    ]


def test_a_problem_with_a_key_written_twice_points_at_the_value_loaded(module_dir: Path) -> None:
    npc = module_dir / NPC
    npc.write_text(npc.read_text() + "health: 0\n")
    second = len(npc.read_text().splitlines())
    assert problems_of(module_dir) == [
        f"{NPC}:{second}:1: health: duplicate key 'health' (first at line 10, column 1)",
        f"{NPC}:{second}:9: health: input should be greater than or equal to 1, got the number 0",
    ]


def test_text_of_256_kb_loads_and_one_byte_more_does_not(module_dir: Path) -> None:
    write_handout(module_dir, "body: '" + "[" * (256 * 1024) + "'\n")
    assert len(load_module(module_dir).handouts["keepers-log"].body) == 256 * 1024
    # The limit is in UTF-8 bytes: 65,537 four-byte letters are 262,148 bytes.
    write_handout(module_dir, "body: '" + "𝕏" * 65_537 + "'\n")
    assert problems_of(module_dir) == [
        f"{HANDOUT}:4:7: body: refused: text of 262,148 bytes is over the 256 KB limit "
        "for one field"
    ]


def test_binary_over_256_kb_is_refused(module_dir: Path) -> None:
    write_handout(module_dir, "body: !!binary " + "QUJD" * 90_000 + "\n")
    assert problems_of(module_dir) == [
        f"{HANDOUT}:4:7: body: refused: binary data of 270,000 bytes is over the 256 KB "
        "limit for one field"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("!!int abc", "'abc' is not an integer"),
        ("0x_", "'0x_' is not an integer"),
        ("!!float many", "'many' is not a number"),
        ("!!bool maybe", "'maybe' is not true or false"),
        ("!!timestamp soon", "'soon' is not a date"),
    ],
)
def test_a_scalar_that_is_not_what_it_claims(module_dir: Path, written: str, message: str) -> None:
    write_handout(module_dir, f"data:\n  value: {written}\n")
    assert problems_of(module_dir) == [f"{HANDOUT}:5:10: data.value: {message}"]


def test_a_refused_document_leaves_the_others_of_its_file(module_dir: Path) -> None:
    npc = module_dir / NPC
    npc.write_text(npc.read_text() + "---\nid: second\nname: B\nhealth: " + "9" * 30 + "\n")
    line = len(npc.read_text().splitlines())
    assert problems_of(module_dir) == [
        f"{NPC}:{line}:9: health: integer '{'9' * 30}' is out of range: {RANGE}"
    ]
    replace_in(npc, "9" * 30, "3")
    assert set(load_module(module_dir).npcs) == {"smuggler", "second"}


def test_many_refused_values_are_listed_once_with_a_count(module_dir: Path) -> None:
    write_handout(module_dir, "data:\n  x: [" + ", ".join(["99999999999999999999"] * 1000) + "]\n")
    problems = problems_of(module_dir)
    assert len(problems) == 101
    assert problems[0] == (
        f"{HANDOUT}:5:7: data.x[0]: integer '99999999999999999999' is out of range: {RANGE}"
    )
    assert problems[-1].endswith(
        ": 900 more values of this file are refused (only the first 100 are listed)"
    )


def test_other_readers_of_module_yaml_get_a_yaml_error_that_is_one_line() -> None:
    """Discovery and the importers read YAML with YamlLoader too: a refusal is a YAML error
    they already handle, and one they do not is still a one-line CampaignError."""
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.load("a: 1\nb: {c: 1, c: 2}\n", Loader=YamlLoader)
    assert isinstance(caught.value, CampaignError)
    assert caught.value.lines() == [
        "duplicate key 'c' (first at line 2, column 5) (line 2, column 11 of the YAML)"
    ]
