"""`foundry-table`: Foundry VTT roll tables (v12 JSON, v13 YAML, folders, nesting) -> tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from campaign.importers import import_files
from campaign.importers.report import ImportInputError
from campaign.loader import load_module

from .conftest import FIXTURES, read_yaml

FOUNDRY = FIXTURES / "foundry"


def _table(module: Path, table_id: str) -> dict[str, Any]:
    data = read_yaml(module / "tables" / f"{table_id}.yaml")
    assert isinstance(data, dict)
    return data


def test_bag_of_beans_v12_json_field_by_field(tmp_path: Path) -> None:
    into = tmp_path / "beans"
    report = import_files("foundry-table", [FOUNDRY / "bag-of-beans.json"], into)
    assert report.created_module and report.problems == []
    assert [path.relative_to(into).as_posix() for path in report.written] == [
        "tables/bag-of-beans.yaml"
    ]
    table = _table(into, "bag-of-beans")
    assert table["id"] == "bag-of-beans"
    assert table["title"] == "Bag of Beans"
    assert table["roll"] == "1d100"
    assert "description" not in table  # '' in the source
    ranges = [entry["range"] for entry in table["entries"]]
    assert ranges == [
        1,
        "2-10",
        "11-20",
        "21-30",
        "31-40",
        "41-50",
        "51-60",
        "61-70",
        "71-80",
        "81-90",
        "91-99",
        100,
    ]
    assert all("weight" not in entry and "table" not in entry for entry in table["entries"])
    first = table["entries"][0]["result"]
    # [[/r 5d4]], [[/save ...]], [[/damage ...]], &amp;Reference[...] and a labelled /healing
    assert first == (
        "[[5d4]] toadstools sprout. If a creature eats a toadstool, roll any die. On an odd "
        "roll, the eater must succeed on a DC 15 Constitution saving throw or take [[5d6]] "
        "poison damage and become poisoned for 1 hour. On an even roll, the eater gains "
        "[[5d6]] temporary hit points for 1 hour."
    )
    assert table["entries"][1]["result"].endswith("30 feet into the air for [[1d12]] rounds.")
    assert table["entries"][5]["result"] == "[[1d6+6]] shriekers sprout"
    assert table["entries"][7]["result"] == "A hungry bulette burrows up and attacks."
    assert "It has [[1d10+20]] fruits, [[1d8]] of which" in table["entries"][8]["result"]
    assert "takes [[10d6]] force damage" in table["entries"][9]["result"]
    # The @UUID links to monsters keep their labels and are reported, one line each.
    assert report.lines() == [
        f"{FOUNDRY / 'bag-of-beans.json'}: Bag of Beans: result {where}: link "
        f"@UUID[Compendium.dnd5e.monsters.Actor.{actor}] not carried over (campaign links "
        f"only to tables and NPCs of the module; kept the text '{label}')"
        for where, actor, label in (
            ("41-50", "TaK6nQMGqZ0y8gt7", "shriekers"),
            ("61-70", "1ES45ODWg3pCrkzv", "bulette"),
            ("91-99", "UFW8M3JHzHkxUEGM", "mummy lord"),
        )
    ]
    module = load_module(into)
    assert list(module.tables) == ["bag-of-beans"]
    assert module.tables["bag-of-beans"].entries[0].bounds == (1, 1)


def test_written_file_is_readable_yaml(tmp_path: Path) -> None:
    import_files("foundry-table", [FOUNDRY / "bag-of-beans.json"], tmp_path / "m")
    text = (tmp_path / "m/tables/bag-of-beans.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema.json"
    assert lines[1] == (
        "# Imported by `campaign import` from foundry/bag-of-beans.json (Bag of Beans)."
    )
    assert "  - range: 1\n    result: >-\n      [[5d4]] toadstools sprout." in text
    assert "  - {range: 41-50, result: '[[1d6+6]] shriekers sprout'}" in text
    assert max(len(line) for line in lines) <= 100
    assert (tmp_path / "m/schema.json").is_file()


def test_document_links_to_items_are_reported_with_their_text(tmp_path: Path) -> None:
    report = import_files("foundry-table", [FOUNDRY / "horn-of-valhalla.yml"], tmp_path / "m")
    table = _table(tmp_path / "m", "horn-of-valhalla")
    assert table["roll"] == "1d100"
    assert table["entries"] == [
        {"range": "1-40", "result": "Silver Horn of Valhalla"},
        {"range": "41-75", "result": "Brass Horn of Valhalla"},
        {"range": "76-90", "result": "Bronze Horn of Valhalla"},
        {"range": "91-100", "result": "Iron Horn of Valhalla"},
    ]
    assert report.lines()[0] == (
        f"{FOUNDRY / 'horn-of-valhalla.yml'}: Horn of Valhalla: result 1-40: link to "
        "Compendium.dnd5e.items.Item.lTfo6OVvAY2iJ4oq not carried over (campaign links only "
        "to tables and NPCs of the module; kept the text 'Silver Horn of Valhalla')"
    )
    assert len(report.lines()) == 4


def test_folder_import_keeps_the_nested_roll(tmp_path: Path) -> None:
    into = tmp_path / "m"
    report = import_files("foundry-table", [FOUNDRY / "confusion"], into)
    assert report.lines() == []  # _folder.yml is a Foundry folder document, skipped quietly
    confusion = _table(into, "confusion-behavior")
    assert confusion["roll"] == "1d10"
    assert confusion["description"] == "Behavior for the Turn"  # <p>...</p> unwrapped
    # Result 1 and the document result on range [1, 1] (Foundry draws both) are one entry
    # that also rolls on Cardinal Directions.
    assert confusion["entries"][0] == {
        "range": 1,
        "result": "The target doesn’t take an action, and it uses all its movement to move. "
        "Roll [[1d4]] for the direction: 1, north; 2, east; 3, south; or 4, west.",
        "table": "cardinal-directions",
    }
    assert [entry["range"] for entry in confusion["entries"]] == [1, "2-6", "7-8", "9-10"]
    directions = _table(into, "cardinal-directions")
    assert directions["roll"] == "1d4"
    assert [entry["result"] for entry in directions["entries"]] == [
        "North",
        "East",
        "South",
        "West",
    ]
    module = load_module(into)
    assert module.tables["confusion-behavior"].entries[0].table == "cardinal-directions"


def test_a_nested_table_outside_the_import_is_reported(tmp_path: Path) -> None:
    report = import_files(
        "foundry-table", [FOUNDRY / "confusion/confusion-behavior.yml"], tmp_path / "m"
    )
    confusion = _table(tmp_path / "m", "confusion-behavior")
    assert "table" not in confusion["entries"][0]
    assert [entry["range"] for entry in confusion["entries"]] == [1, "2-6", "7-8", "9-10"]
    assert report.lines() == [
        f"{FOUNDRY / 'confusion/confusion-behavior.yml'}: Confusion Behavior: result 1: link "
        "to Compendium.dnd5e.tables24.RollTable.phbgenCardinalDi not carried over (that table "
        "is not in this import; import it together to keep the nested roll; kept the text "
        "'Cardinal Directions')"
    ]
    assert report.problems == []


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _result(low: int, high: int, text: str, **more: Any) -> dict[str, Any]:
    return {"type": "text", "range": [low, high], "weight": 1, "text": text, **more}


def test_gaps_overlaps_and_replacement_are_reported(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "odd.json",
        {
            "name": "Odd table",
            "formula": "1d8",
            "replacement": False,
            "results": [
                _result(1, 3, "A"),
                _result(3, 4, "B"),
                _result(2, 2, "C"),
                _result(7, 8, "D"),
            ],
        },
    )
    report = import_files("foundry-table", [source], tmp_path / "m")
    table = _table(tmp_path / "m", "odd-table")
    # Foundry draws every result whose range holds the roll: overlaps are split, and each
    # stretch of rolls gets the text of every result drawn for it.
    assert table["entries"] == [
        {"range": 1, "result": "A"},
        {"range": 2, "result": "A\n\nC"},
        {"range": 3, "result": "A\n\nB"},
        {"range": 4, "result": "B"},
        {"range": "5-6", "result": "(nothing)"},
        {"range": "7-8", "result": "D"},
    ]
    where = f"{source}: Odd table"
    assert report.lines() == [
        f"{where}: replacement: false not carried over (campaign tables always roll with "
        "replacement; a drawn result can come again)",
        f"{where}: result 5-6 not carried over (no result in the source covers it; added an "
        "entry '(nothing)' so 1d8 always finds one)",
    ]
    assert report.notes == [
        f"{where}: results overlap (Foundry draws all that match a roll); made 5 entries, "
        "each with the text of every result it draws"
    ]
    assert report.problems == []


def test_v9_links_html_and_unknown_formula(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "v9.json",
        [
            {
                "_id": "parentTable00001",
                "name": "Parent",
                "formula": "1d20 + @abilities.str.mod",
                "description": (
                    "<p>Roll <strong>twice</strong>.</p><table><tr><td>x</td></tr></table>"
                ),
                "results": [
                    _result(1, 10, "<p>See @RollTable[childTable000001]{the child table}</p>"),
                    {
                        "type": 1,
                        "collection": "RollTable",
                        "resultId": "childTable000001",
                        "text": "Child",
                        "range": [11, 20],
                        "weight": 10,
                    },
                ],
            },
            {
                "_id": "childTable000001",
                "name": "Child",
                "img": "worlds/mine/child.webp",
                "results": [
                    _result(1, 2, "[[/gmr 1d4 # secret]] coins"),
                    _result(3, 4, "[[/item Dagger]]"),
                ],
            },
        ],
    )
    report = import_files("foundry-table", [source], tmp_path / "m")
    parent = _table(tmp_path / "m", "parent")
    assert parent["roll"] == "1d20"
    assert parent["description"] == "Roll **twice**.x"
    assert parent["entries"] == [
        {"range": "1-10", "result": "See [[table:child]]"},
        {"range": "11-20", "result": "Child", "table": "child"},
    ]
    child = _table(tmp_path / "m", "child")
    assert child["roll"] == "1d4"  # no formula: 1d<highest range>, as Foundry does
    assert child["entries"] == [
        {"range": "1-2", "result": "[[1d4]] coins"},
        {"range": "3-4", "result": "Dagger"},
    ]
    lines = report.lines()
    assert any("formula '1d20 + @abilities.str.mod' not carried over" in line for line in lines)
    assert any("HTML markup <table>, <td>, <tr> not carried over" in line for line in lines)
    assert any(
        line.endswith(
            "img worlds/mine/child.webp not carried over (modules have no images for tables)"
        )
        for line in lines
    )
    assert any(
        "[[/item Dagger]] not carried over (Foundry's /item command" in line for line in lines
    )
    assert report.problems == []


def test_unreadable_or_wrong_input_raises_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x", "results": [', encoding="utf-8")
    with pytest.raises(ImportInputError) as error:
        import_files("foundry-table", [broken], tmp_path / "m")
    assert str(error.value) == (f"{broken}: not valid JSON: Expecting value (line 1, column 27)")
    assert not (tmp_path / "m").exists()  # nothing is created for unreadable input
    monster = FIXTURES / "open5e/aboleth.json"
    with pytest.raises(ImportInputError, match="not a Foundry roll table"):
        import_files("foundry-table", [monster], tmp_path / "m")
    with pytest.raises(ImportInputError, match="no such file"):
        import_files("foundry-table", [tmp_path / "missing.json"], tmp_path / "m")
