"""Issue 27: what went wrong importing real public collections, case by case.

Each test reads small real excerpts (tests/importers/fixtures, sources and
licences in its README): the dnd5e system's tables, the Foundry community
table pack, Open5e API answers, the Fantasy Statblocks bestiary and Obsidian
vault notes.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.importers import ImportInputError, import_files
from campaign.importers.srd import parse_attack
from campaign.loader import load_module
from campaign.tables import roll_table

from .conftest import FIXTURES, read_yaml

FOUNDRY = FIXTURES / "foundry"
VAULT = FIXTURES / "obsidian/vault"


# 1. wand of wonder: '[[/r 1d4 * 10]]{1d4 × 10} gems' multiplied the gems twice


def test_a_label_that_says_the_roll_keeps_it_once(tmp_path: Path) -> None:
    report = import_files("foundry-table", [FOUNDRY / "wand-of-wonder-gems.yml"], tmp_path / "m")
    table = read_yaml(report.written[0])
    gems = next(entry for entry in table["entries"] if "gems" in entry["result"])
    assert gems["result"].startswith("A stream of [[1d4*10]] gems, each worth 1 gp")
    assert "× 10" not in gems["result"]


# 2. tables24 after tables overwrote the 2014 Efreeti Bottle with the 2024 one


def test_a_second_source_never_overwrites_a_table(tmp_path: Path) -> None:
    into = tmp_path / "m"
    first = import_files("foundry-table", [FOUNDRY / "efreeti/tables"], into)
    second = import_files("foundry-table", [FOUNDRY / "efreeti/tables24"], into)
    assert [path.name for path in first.written] == ["efreeti-bottle.yaml"]
    assert [path.name for path in second.written] == ["efreeti-bottle-tables24.yaml"]
    assert second.renamed == [
        "table 'Efreeti Bottle' from tables24/efreeti-bottle.yml (Efreeti Bottle) is imported "
        "as 'efreeti-bottle-tables24': the id 'efreeti-bottle' is taken by "
        "tables/efreeti-bottle.yml (Efreeti Bottle)"
    ]
    module = load_module(into)
    assert module.tables["efreeti-bottle"].roll == "1d100"  # the 2014 bottle is still there
    assert module.tables["efreeti-bottle-tables24"].roll == "1d10"
    again = import_files("foundry-table", [FOUNDRY / "efreeti/tables24"], into)
    assert [path.name for path in again.written] == ["efreeti-bottle-tables24.yaml"]
    assert again.renamed == [] and again.updated == {("table", "efreeti-bottle-tables24")}
    assert sorted(path.name for path in (into / "tables").iterdir()) == [
        "efreeti-bottle-tables24.yaml",
        "efreeti-bottle.yaml",
    ]


def test_cli_says_updated_and_renamed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    into = tmp_path / "m"
    tables, tables24 = FOUNDRY / "efreeti/tables", FOUNDRY / "efreeti/tables24"
    assert main(["import", "foundry-table", str(tables), "--into", str(into)]) == 0
    assert main(["import", "foundry-table", str(tables24), "--into", str(into)]) == 0
    capsys.readouterr()
    assert main(["import", "foundry-table", str(tables), str(tables24), "--into", str(into)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"updated {into / 'tables/efreeti-bottle.yaml'}" in out
    assert f"updated {into / 'tables/efreeti-bottle-tables24.yaml'}" in out
    assert out[-1].startswith(f"imported 2 tables into {into} (2 updated);")


# 3. two identical links to one table in a result collapsed into one nested roll


def test_two_links_to_one_table_roll_twice(tmp_path: Path) -> None:
    into = tmp_path / "m"
    import_files("foundry-table", [FOUNDRY / "languages"], into)
    module = load_module(into)
    entry = module.tables["standard-languages"].entries[0]
    assert entry.table == "sub-languages-table"
    assert entry.result.endswith("[[table:sub-languages-table]]")
    result = roll_table(module, "standard-languages", random.Random(5))
    assert [child.table_id for child in result.nested] == ["sub-languages-table"] * 2


# 4. exported tables that link each other by name lost every nested link


def test_exported_tables_nest_by_their_names(tmp_path: Path) -> None:
    into = tmp_path / "m"
    report = import_files("foundry-table", [FOUNDRY / "wild-magic"], into)
    assert not [line for line in report.lines() if "link" in line]
    module = load_module(into)
    assert module.tables["wild-magic-surge-variant"].entries[0].table == (
        "wild-magic-surge-variant-results"
    )
    assert [entry.table for entry in module.tables["wild-magic-surge-variant-results"].entries] == [
        "extreme-wild-magic-surge-variant-1-3",
        "moderate-wild-magic-surge-variant-4-9",
        "nuisance-wild-magic-surges-variant-10-20",
    ]
    assert any("is the table 'Wild Magic Surge Variant Results'" in note for note in report.notes)


# 5. Open5e v1: a damage_dice without its bonus; walk speed put last


def test_open5e_damage_is_checked_against_the_text(tmp_path: Path) -> None:
    source = FIXTURES / "open5e/v1-page-excerpt.json"
    report = import_files("open5e-monster", [source], tmp_path / "m")
    defiler = read_yaml(tmp_path / "m/npcs/accursed-defiler.yaml")
    assert defiler["attacks"][0]["damage"] == "2d6+4"
    assert (
        f"{source}: Accursed Defiler: Slam: damage 2d6 not carried over (it leaves out the "
        "bonus the text prints (2d6 + 4); the attack rolls 2d6+4)"
    ) in report.lines()
    amikuk = read_yaml(tmp_path / "m/npcs/a-mi-kuk.yaml")
    assert amikuk["speed"] == "30 ft., burrow 20 ft., swim 40 ft."


# 6. an Open5e v2 creature was imported as v1 with exit 0


def test_open5e_v2_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = FIXTURES / "open5e/v2-goblin.json"
    assert main(["import", "open5e-monster", str(source), "--into", str(tmp_path / "m")]) == 2
    assert "an Open5e API v2 creature; campaign reads the v1" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


# 7. a 5e-bits file imported by another importer gave 334 degraded NPCs with exit 0


@pytest.mark.parametrize("fmt", ["open5e-monster", "statblock-yaml", "foundry-table"])
def test_another_format_is_refused_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    source = FIXTURES / "5e-bits/monsters.json"
    assert main(["import", fmt, str(source), "--into", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "it holds 5e-bits (5e-database) monsters" in err
    assert "import it with `campaign import 5e-bits-monster`" in err
    assert not (tmp_path / "m").exists()


def test_each_importer_names_the_format_it_was_given(tmp_path: Path) -> None:
    with pytest.raises(ImportInputError, match="campaign import open5e-monster"):
        import_files("5e-bits-monster", [FIXTURES / "open5e/aboleth.json"], tmp_path / "a")
    with pytest.raises(ImportInputError, match="campaign import foundry-table"):
        import_files("statblock-yaml", [FOUNDRY / "bag-of-beans.json"], tmp_path / "b")
    with pytest.raises(ImportInputError, match="campaign import statblock-yaml"):
        import_files("open5e-monster", [FIXTURES / "statblock/werewolf.yaml"], tmp_path / "c")


# 8. Flying Snake: the unconditional 'plus 7 (3d4) poison' was dropped
# 9. Dice Roller markup lost attacks; 2024 skills came out as 'name, desc +4'
# 10. a vault folder could not be imported


def test_a_vault_folder_imports_every_kind_of_stat_block(tmp_path: Path) -> None:
    into = tmp_path / "m"
    report = import_files("obsidian", [VAULT], into)
    assert sorted(path.name for path in report.written) == [
        "flying-snake.yaml",  # ```ad-statblock (Markdown)
        "knight.yaml",  # ```statblock inside a callout
        "storm-giant.yaml",  # ```statblock with Dice Roller markup
        "werewolf.yaml",  # frontmatter
    ]
    assert report.without_block == 1 and report.failed == []  # the aberration index note
    snake = read_yaml(into / "npcs/flying-snake.yaml")
    assert snake["attacks"][0]["roll"] == "1d20+6"
    assert snake["attacks"][0]["damage"] == "3d4+1"
    assert snake["attributes"] == {"str": 4, "dex": 18, "con": 11, "int": 2, "wis": 12, "cha": 5}
    assert (snake["health"], snake["health_roll"], snake["defences"]) == (5, "2d4", {"AC": 14})
    giant = read_yaml(into / "npcs/storm-giant.yaml")
    assert [(a["name"], a["roll"], a["damage"]) for a in giant["attacks"]] == [
        ("Greatsword", "1d20+14", "6d6+9"),
        ("Rock", "1d20+14", "4d12+9"),
    ]
    assert "dice:" not in str(giant)
    werewolf = read_yaml(into / "npcs/werewolf.yaml")
    assert werewolf["properties"]["Skills"] == "Perception +4"
    assert werewolf["skills"] == {"perception": 4}
    assert {read_yaml(path)["properties"]["Note"] for path in report.written} == {
        "bestiary/flying-snake.md",
        "callouts/knight.md",
        "bestiary/storm-giant.md",
        "frontmatter/werewolf.md",
    }
    assert load_module(into).npcs["knight"].defences == {"AC": 18}


def test_a_bad_note_is_one_line_and_the_rest_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(VAULT, vault)
    (vault / "broken.md").write_bytes(b"# Ghoul\n\xff\xfe not UTF-8\n")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian/ignored.md").write_bytes(b"\xff")
    into = tmp_path / "m"
    assert main(["import", "obsidian", str(vault), "--into", str(into)]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"could not read: {vault / 'broken.md'}: not UTF-8 text (invalid start byte at byte 8)"
    ]
    assert len(list((into / "npcs").iterdir())) == 4
    assert out.splitlines()[-1].endswith(
        "; 1 note without a stat block skipped; 1 file could not be read"
    )


def test_a_folder_of_tables_goes_on_past_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(FOUNDRY / "bag-of-beans.json", folder)
    # The community pack has tables with a raw tab inside a JSON string; Foundry refuses them.
    (folder / "aquatic-items.json").write_text('{"name": "Items", "results": ["\t"]}')
    into = tmp_path / "m"
    assert main(["import", "foundry-table", str(folder), "--into", str(into)]) == 2
    err = capsys.readouterr().err
    assert "aquatic-items.json: not valid JSON: Invalid control character" in err
    assert (into / "tables/bag-of-beans.yaml").exists()
    load_module(into)


# 11. data errors in the sources passed through unchecked


def test_fields_that_disagree_with_the_text_are_reported(tmp_path: Path) -> None:
    sources = [FIXTURES / "statblock/werewolf.yaml", FIXTURES / "statblock/vampire-spawn.yaml"]
    report = import_files("statblock-yaml", sources, tmp_path / "m")
    werewolf = read_yaml(tmp_path / "m/npcs/werewolf.yaml")
    spear = next(attack for attack in werewolf["attacks"] if attack["name"].startswith("Spear"))
    assert spear["damage"] == "1d6+2"
    spawn = read_yaml(tmp_path / "m/npcs/vampire-spawn.yaml")
    bite = next(attack for attack in spawn["attacks"] if attack["name"] == "Bite")
    assert bite["roll"] == "1d20+6"
    assert bite["damage"] == "1d6+2d6+3"
    assert (
        f"{sources[0]}: Werewolf: Spear (Humanoid Form Only): damage 1d6-2 not carried over "
        "(the text says 1d6 + 2; the attack rolls the text's 1d6+2)"
    ) in report.lines()
    assert (
        f"{sources[1]}: Vampire Spawn: Bite: attack_bonus +61 not carried over "
        "(the text says +6 to hit; the attack rolls the text's)"
    ) in report.lines()


def test_damage_the_target_takes_is_read() -> None:
    parsed = parse_attack(
        "Melee Weapon Attack: +7 to hit, reach 5 ft., one incapacitated humanoid. "
        "Hit: The target takes 55 (10d10) piercing damage."
    )
    assert parsed is not None and parsed.damage == ["10d10"] and parsed.types == ["piercing"]


# The community pack's tables roll 1d101 over results 1-100; Foundry rolls again on 101.


def test_a_die_past_the_results_rolls_as_foundry_does(tmp_path: Path) -> None:
    report = import_files("foundry-table", [FOUNDRY / "100-npc-jobs.json"], tmp_path / "m")
    table = load_module(tmp_path / "m").tables["npc-jobs"]
    assert table.roll == "1d100" and len(table.entries) == 100
    assert "(nothing)" not in {entry.result for entry in table.entries}
    assert report.skipped == []
    assert report.notes == [
        f"{FOUNDRY / '100-npc-jobs.json'}: NPC Jobs: no result covers 101 of 1d101; Foundry "
        "rolls again until one does, so the table rolls 1d100: the same odds"
    ]


def test_statblock_yaml_on_a_folder_counts_notes_without_a_block(tmp_path: Path) -> None:
    report = import_files("statblock-yaml", [VAULT], tmp_path / "m")
    assert sorted(path.name for path in report.written) == ["knight.yaml", "storm-giant.yaml"]
    assert report.failed == [] and report.without_block == 3
    with pytest.raises(ImportInputError, match="no ```statblock blocks in this note"):
        import_files("statblock-yaml", [VAULT / "bestiary/aberration.md"], tmp_path / "n")


def test_obsidian_refuses_other_formats_and_notes_without_blocks(tmp_path: Path) -> None:
    with pytest.raises(ImportInputError, match="import it with `campaign import 5e-bits-monster`"):
        import_files("obsidian", [FIXTURES / "5e-bits/monsters.json"], tmp_path / "a")
    with pytest.raises(ImportInputError, match=r"^no stat block in 1 note read"):
        import_files("obsidian", [VAULT / "bestiary/aberration.md"], tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_open5e_data_files_are_read_and_checked(tmp_path: Path) -> None:
    # Open5e's own data/v1/wotc-srd/Monster.json: Django fixtures, lists kept as JSON text.
    source = FIXTURES / "open5e/data-v1-werewolf.json"
    report = import_files("open5e-monster", [source], tmp_path / "m")
    werewolf = load_module(tmp_path / "m").npcs["werewolf"]
    assert werewolf.speed == "30 ft. (40 ft. in wolf form)"
    assert {attack.name: attack.damage for attack in werewolf.attacks} == {
        "Bite (Wolf or Hybrid Form Only)": "1d8+2",
        "Claws (Hybrid Form Only)": "2d4+2",
        "Spear (Humanoid Form Only)": "1d6+2",
    }
    assert any("Spear (Humanoid Form Only): damage 1d6-2" in line for line in report.lines())
