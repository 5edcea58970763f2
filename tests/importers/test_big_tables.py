"""Issue 27: big tables import quickly, are written as the careful writer writes them,
and lint sums up their rare entries in one line."""

from __future__ import annotations

import gc
import json
import resource
from pathlib import Path
from typing import Any

import pytest
import yaml

from campaign.importers import fast_dump, import_files
from campaign.importers.report import ImportInputError
from campaign.importers.writer import dump_yaml
from campaign.lint.tables import RARE_LISTED, table_odds, table_warnings
from campaign.loader import YamlLoader, load_module
from campaign.model import RandomTable


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _big_table(rows: int) -> dict[str, Any]:
    """A Foundry export shaped like the community pack's '10,000 Wild Surges'."""
    results = [
        {
            "_id": f"r{index:05d}",
            "type": 0,
            "text": f"[[/r 1d{4 + index % 8}]] of caster's fingers turn to stone for "
            f"{index} days, or until a remove curse is cast on them (surge {index})",
            "img": "icons/svg/d20-black.svg",
            "weight": 1,
            "range": [index, index],
            "drawn": False,
        }
        for index in range(1, rows + 1)
    ]
    return {"name": "Ten Thousand Surges", "formula": f"1d{rows}", "results": results}


def test_a_10000_row_table_imports_without_the_old_quadratic_cost(tmp_path: Path) -> None:
    source = tmp_path / "surges.json"
    source.write_text(json.dumps(_big_table(10_000)), encoding="utf-8")
    import_files("foundry-table", [source], tmp_path / "warm")  # imports and caches warmed
    spent = float("inf")
    for attempt in range(2):  # the better of two: other work on the machine costs CPU too
        gc.collect()
        start = _cpu()
        report = import_files("foundry-table", [source], tmp_path / f"m{attempt}")
        spent = min(spent, _cpu() - start)
    assert report.problems == [] and report.skipped == []
    assert len(load_module(tmp_path / "m1").tables["ten-thousand-surges"].entries) == 10_000
    # Measured 0.8 s here (6.3 s before: the pure-Python YAML writer, each text's style
    # tried by dumping and loading it, and a coverage check walking every total per entry).
    # The bound is half the old cost, not the aim: a CI run beside other work measured
    # 1.50 s once (shared cores and caches inflate CPU time too).
    assert spent < 3.0, f"{spent:.2f} s of CPU"


def _careful(document: dict[str, Any]) -> str:
    saved = fast_dump.BIG
    fast_dump.BIG = 10**9
    try:
        return dump_yaml(document)
    finally:
        fast_dump.BIG = saved


def test_the_fast_writer_writes_what_the_careful_one_does() -> None:
    texts = [
        "short",
        "a result long enough to be folded over two lines: " + "word " * 20 + "end",
        "two\nlines",
        "yes",
        "'quoted' and: colon",
        "[[1d6]] bees",
        "ünïcode — dash",
    ]
    rows = [{"range": i, "result": text} for i, text in enumerate(texts * 10, start=1)]
    document = {"id": "t", "title": "T", "roll": "1d70", "entries": rows}
    assert fast_dump.fits(document)
    fast = dump_yaml(document)
    assert fast == _careful(document)
    assert "entries:\n  - {range: 1, result: short}\n" in fast


def test_texts_the_writers_style_differently_still_read_back() -> None:
    # Trailing spaces and double spaces: libyaml and PyYAML fold or quote these
    # differently; either way the text reads back as it was.
    texts = ["word " * 30, " leading and trailing ", "two  spaces. " * 12 + "end"]
    rows = [{"range": i, "result": text} for i, text in enumerate(texts * 20, start=1)]
    document = {"id": "t", "title": "T", "roll": "1d60", "entries": rows}
    for text in (dump_yaml(document), _careful(document)):
        assert yaml.load(text, Loader=YamlLoader) == document


def _table(entries: int) -> RandomTable:
    return RandomTable.model_validate(
        {
            "id": "big",
            "title": "Big",
            "roll": f"1d{entries}",
            "entries": [{"range": i, "result": f"r{i}"} for i in range(1, entries + 1)],
        }
    )


def test_lint_sums_up_the_rare_entries_of_a_big_table() -> None:
    table = _table(200)
    warnings = list(table_warnings(table, table_odds(table)))
    assert warnings == [
        "table big: 200 of 200 entries come up less than 1% of the time (each 1/200; "
        "entries 1-200); fine for a big table, but check it is meant to be rolled on 1d200"
    ]


def test_lint_still_names_a_few_rare_entries() -> None:
    table = RandomTable.model_validate(
        {
            "id": "small",
            "title": "Small",
            "roll": "1d200",
            "entries": [
                {"range": "1-195", "result": "common"},
                *({"range": i, "result": f"rare {i}"} for i in range(196, 196 + RARE_LISTED)),
            ],
        }
    )
    warnings = list(table_warnings(table, table_odds(table)))
    assert len(warnings) == RARE_LISTED
    assert warnings[0] == "table small: entry 2 (196) comes up less than 1% of the time (1/200)"


def test_a_table_over_the_file_limit_is_refused_before_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10,000 overlapping Foundry rows made a 10.4 MB table file the loader then refused;
    the same check now comes before writing (shown here with a 1,000-byte limit)."""
    import campaign.importers as importers

    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1000)
    foundry = Path(__file__).parent / "fixtures/foundry"
    beans, horn = foundry / "bag-of-beans.json", foundry / "horn-of-valhalla.yml"
    report = import_files("foundry-table", [beans, horn], tmp_path / "m")
    assert [path.name for path in report.written] == ["horn-of-valhalla.yaml"]
    assert not (tmp_path / "m/tables/bag-of-beans.yaml").exists()
    refused = [line for line in report.lines() if "limit" in line]
    assert len(refused) == 1 and refused[0].startswith(f"{beans}: Bag of Beans: table not carried")
    assert "bytes, over the" in refused[0] and "nothing was written for it" in refused[0]
    with pytest.raises(ImportInputError, match=r"nothing could be imported: .*Bag of Beans"):
        import_files("foundry-table", [beans], tmp_path / "n")
    assert not (tmp_path / "n").exists()
