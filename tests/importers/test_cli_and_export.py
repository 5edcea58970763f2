"""`campaign import` / `campaign export` from the command line; the Foundry round trip;
importing into existing modules; the writer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.cli import IMPORT_FORMATS, main
from campaign.importers import FORMATS, import_files, write_documents
from campaign.importers.foundry_export import export_table
from campaign.loader import load_module
from campaign.model import RandomTable
from campaign.scaffold import create_module

from .conftest import FIXTURES, read_yaml


def test_cli_formats_match_the_package() -> None:
    assert tuple(FORMATS) == IMPORT_FORMATS


def test_import_prints_files_report_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "bestiary"
    source = FIXTURES / "open5e/aboleth.json"
    assert main(["import", "open5e-monster", str(source), "--into", str(into)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"created module {into} (module.yaml, a 5e-style d20 ruleset, a placeholder act)",
        f"wrote {into / 'npcs/aboleth.yaml'}",
        f"{source}: Aboleth: img_main http://api.open5e.com/static/img/monsters/aboleth.png "
        "not carried over (modules have no creature images)",
        f"imported 1 NPC into {into}; 1 item not carried over",
    ]
    capsys.readouterr()
    assert main(["validate", str(into)]) == 0


@pytest.mark.parametrize(
    ("fmt", "content", "expected"),
    [
        ("foundry-table", '{"name": ', "not valid JSON: Expecting value (line 1, column 10)"),
        ("statblock-yaml", "name: [unclosed\n", "not valid YAML: "),
        ("5e-bits-monster", "[1, 2, 3]", "not a 5e-bits monster"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, content: str, expected: str
) -> None:
    source = tmp_path / ("input.yaml" if fmt == "statblock-yaml" else "input.json")
    source.write_text(content, encoding="utf-8")
    assert main(["import", fmt, str(source), "--into", str(tmp_path / "m")]) == 2
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"campaign: {source}: ")
    assert expected in err[0]
    assert "Traceback" not in captured.err and captured.out == ""
    assert not (tmp_path / "m").exists()


def test_bad_input_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "campaign",
            "import",
            "foundry-table",
            str(missing),
            "--into",
            str(tmp_path / "m"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == f"campaign: {missing}: no such file or folder\n"


def test_import_into_a_scaffolded_2d6_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The module's own ruleset has no str..cha: scores become a property, and are reported."""
    module_dir = create_module("cove", tmp_path)
    (module_dir / "schema.json").unlink()
    report = import_files("5e-bits-monster", [FIXTURES / "5e-bits/monsters.json"], module_dir)
    assert not report.created_module
    assert report.problems == []
    assert (module_dir / "schema.json").is_file()
    knight = read_yaml(module_dir / "npcs/knight.yaml")
    assert "attributes" not in knight
    assert knight["properties"]["Ability Scores"] == (
        "STR 16 (+3), DEX 11 (+0), CON 14 (+2), INT 11 (+0), WIS 11 (+0), CHA 15 (+2)"
    )
    source = FIXTURES / "5e-bits/monsters.json"
    assert (
        f"{source}: Knight: attributes not carried over (the module's ruleset 'simple-2d6' has "
        "no attribute str, dex, con, int, wis, cha; kept as the 'Ability Scores' property)"
    ) in report.lines()
    assert (
        f"{source}: Aboleth: skills not carried over (no skill rating for History, Perception "
        "in the module's ruleset 'simple-2d6'; kept in the 'Skills' property)"
    ) in report.lines()
    module = load_module(module_dir)
    assert {"smuggler", "aboleth", "knight", "hell-hound"} <= set(module.npcs)


def test_reimport_updates_and_other_sources_get_new_ids(tmp_path: Path) -> None:
    into = tmp_path / "m"
    import_files("open5e-monster", [FIXTURES / "open5e/aboleth.json"], into)
    again = import_files("open5e-monster", [FIXTURES / "open5e/aboleth.json"], into)
    assert [path.name for path in again.written] == ["aboleth.yaml"] and again.notes == []
    other = import_files("5e-bits-monster", [FIXTURES / "5e-bits/monsters.json"], into)
    assert [path.name for path in other.written] == [
        "aboleth-5e-bits.yaml",
        "knight.yaml",
        "hell-hound.yaml",
    ]
    assert other.renamed == [
        "npc 'Aboleth' from 5e-bits/monsters.json (Aboleth) is imported as 'aboleth-5e-bits': "
        "the id 'aboleth' is taken by open5e/aboleth.json (Aboleth)"
    ]
    hand_written = into / "npcs/knight.yaml"
    hand_written.write_text(hand_written.read_text().replace("# Imported by", "# Edited, was"))
    third = import_files("5e-bits-monster", [FIXTURES / "5e-bits/monsters.json"], into)
    assert [path.name for path in third.written] == [
        "aboleth-5e-bits.yaml",
        "knight-5e-bits.yaml",
        "hell-hound.yaml",
    ]
    assert third.updated == {("npc", "aboleth-5e-bits"), ("npc", "hell-hound")}
    assert third.problems == []


def test_refuses_a_folder_that_is_not_a_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    source = FIXTURES / "open5e/aboleth.json"
    assert main(["import", "open5e-monster", str(source), "--into", str(tmp_path)]) == 2
    assert "not a module (no module.yaml) and not empty" in capsys.readouterr().err


# --- export ----------------------------------------------------------------------


def test_export_cli_writes_a_foundry_rolltable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module_dir = create_module("cove", tmp_path)
    out = tmp_path / "cove-events.json"
    assert main(["export", "foundry-table", str(module_dir), "cove-events", "--out", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["name"] == "Cove events"
    assert document["formula"] == "1d6"
    assert (document["replacement"], document["displayRoll"]) == (True, True)
    assert [result["range"] for result in document["results"]] == [[1, 2], [3, 4], [5, 6]]
    assert [result["weight"] for result in document["results"]] == [2, 2, 2]
    assert {result["type"] for result in document["results"]} == {"text"}
    assert {result["drawn"] for result in document["results"]} == {False}
    assert document["results"][0]["text"] == "A lantern signals from a boat, [[/r 1d3]] times."
    assert document["results"][1]["flags"] == {
        "campaign": {"npcs": [{"npc": "smuggler", "count": "1d3"}]}
    }
    err = capsys.readouterr().err
    assert (
        "cove-events: entry 2 (3-4): the NPCs it brings in are kept in flags.campaign.npcs" in err
    )
    assert main(["export", "foundry-table", str(module_dir), "cove-event"]) == 2
    assert "no table 'cove-event' in module 'cove' (did you mean 'cove-events'?)" in (
        capsys.readouterr().err
    )


ROUND_TRIP_TABLES = """\
# yaml-language-server: $schema=../schema.json
id: omens
title: Omens
roll: 2d6
description: Roll when the party camps.
entries:
  - {range: 2-4, result: "A crow drops [[1d4]] silver coins."}
  - {range: 5-9, result: "Nothing.", table: weather}
  - {range: 10-11, result: "See [[table:weather]] and [[npc:hermit]]."}
  - {range: 12, result: "A hermit [[2d6+1]] years old.", npcs: [{npc: hermit, count: 1}]}
---
id: weather
title: Weather
entries:
  - {weight: 3, result: Fair}
  - {weight: 2, result: "Rain for [[1d3]] days"}
  - {weight: 1, result: Storm}
---
id: d66-names
title: Names
roll: d66
entries:
  - {range: 11-36, result: Ana}
  - {range: 41-66, result: Bo}
"""


@pytest.mark.parametrize("table_id", ["omens", "weather", "d66-names"])
def test_round_trip_export_import_gives_equal_entries(tmp_path: Path, table_id: str) -> None:
    module_dir = create_module("source", tmp_path)
    (module_dir / "tables/omens.yaml").write_text(ROUND_TRIP_TABLES, encoding="utf-8")
    (module_dir / "npcs/hermit.yaml").write_text("id: hermit\nname: Hermit\n", encoding="utf-8")
    source = load_module(module_dir)
    exported = export_table(source, table_id)
    path = tmp_path / f"{table_id}.json"
    path.write_text(json.dumps(exported.document), encoding="utf-8")

    # Into a copy of the source module (so the tables and NPCs it refers to exist) ...
    copy = tmp_path / "copy"
    shutil.copytree(module_dir, copy)
    for table_file in (copy / "tables").iterdir():
        table_file.unlink()
    shutil.copy(module_dir / "tables/cove-events.yaml", copy / "tables/cove-events.yaml")
    (copy / "tables/others.yaml").write_text(
        "\n---\n".join(
            block
            for block in ROUND_TRIP_TABLES.split("\n---\n")
            if f"id: {table_id}\n" not in block
        ),
        encoding="utf-8",
    )
    report = import_files("foundry-table", [path], copy)
    assert report.problems == [], report.problems
    assert report.lines() == []
    original = source.tables[table_id]
    imported = load_module(copy).tables[table_id]
    assert imported.title == original.title
    assert imported.description == original.description
    assert imported.weighted == original.weighted
    assert _entries(imported) == _entries(original)
    if not original.weighted:
        assert imported.die == original.die


def _entries(table: RandomTable) -> list[tuple[object, ...]]:
    return [
        (entry.bounds, entry.weight, entry.result, entry.table, entry.npcs)
        for entry in table.entries
    ]


def test_round_trip_into_a_new_module_reports_what_is_missing(tmp_path: Path) -> None:
    module_dir = create_module("source", tmp_path)
    (module_dir / "tables/omens.yaml").write_text(ROUND_TRIP_TABLES, encoding="utf-8")
    (module_dir / "npcs/hermit.yaml").write_text("id: hermit\nname: Hermit\n", encoding="utf-8")
    exported = export_table(load_module(module_dir), "omens")
    assert exported.notes == [
        "omens: entry 2 (5-9): the nested roll on table 'weather' is kept in "
        "flags.campaign.table; Foundry will not roll it",
        "omens: entry 3 (10-11): [[table:weather]] is kept as text; Foundry cannot follow a "
        "reference to a campaign table by id",
        "omens: entry 3 (10-11): [[npc:hermit]] is kept as text; Foundry cannot follow a "
        "reference to a campaign NPC by id",
        "omens: entry 4 (12): the NPCs it brings in are kept in flags.campaign.npcs; Foundry "
        "will not show them",
    ]
    path = tmp_path / "omens.json"
    path.write_text(json.dumps(exported.document), encoding="utf-8")
    report = import_files("foundry-table", [path], tmp_path / "fresh")
    assert report.problems == []
    table = read_yaml(tmp_path / "fresh/tables/omens.yaml")
    assert [entry["range"] for entry in table["entries"]] == ["2-4", "5-9", "10-11", 12]
    assert table["entries"][2]["result"] == "See table weather and npc hermit."
    assert len(report.lines()) == 4


def test_write_documents_one_readable_file_per_document(tmp_path: Path) -> None:
    docs = [
        {"id": "a", "title": "A", "entries": [{"weight": 1, "result": ("x " * 60).strip()}]},
        {"id": "b", "title": "B", "entries": [{"weight": 2, "result": "line one\nline two"}]},
    ]
    paths = write_documents(tmp_path, "table", docs)
    assert paths == [tmp_path / "tables/a.yaml", tmp_path / "tables/b.yaml"]
    for path, doc in zip(paths, docs, strict=True):
        assert read_yaml(path) == doc
    assert "result: |-\n      line one\n      line two" in paths[1].read_text()
    assert "result: >-" in paths[0].read_text()


def test_importers_do_not_import_textual() -> None:
    code = (
        "import sys, campaign.importers, campaign.importers.foundry_export\n"
        "assert not [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.stdout.strip() == "clean", result.stderr
