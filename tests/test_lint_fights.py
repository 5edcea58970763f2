"""Lint forecasts every declared fight and holds it to the band its author gave."""

from __future__ import annotations

import shutil
from pathlib import Path

from campaign.lint import lint_module
from campaign.loader import load_module
from campaign.paths import bundled_modules_dir

FAMILIES = Path(__file__).parent / "fixtures" / "families"


def with_fight(tmp_path: Path, fight: str) -> Path:
    """The pool fixture with a fight declared on its scene."""
    folder = tmp_path / "pool"
    shutil.copytree(FAMILIES / "pool", folder)
    story = folder / "story.yaml"
    text = story.read_text(encoding="utf-8").replace("clues:\n", fight + "clues:\n", 1)
    story.write_text(text, encoding="utf-8")
    return folder


def test_a_fight_outside_its_band_is_a_warning(tmp_path: Path) -> None:
    folder = with_fight(
        tmp_path, "fight:\n  npcs: [{npc: escort}]\n  band: {agents_win: [0.0, 0.2]}\n"
    )
    report = lint_module(load_module(folder))
    (fight,) = report.fights
    assert fight.agents_win is not None and fight.agents_win[1] > 0.2
    assert any("outside its band 0%-20%" in w for w in report.warnings)


def test_a_fight_in_its_band_or_deadly_is_fine_one_with_neither_is_named(tmp_path: Path) -> None:
    inside = lint_module(
        load_module(
            with_fight(
                tmp_path / "a",
                "fight:\n  npcs: [{npc: escort}]\n  band: {agents_win: [0.5, 1.0]}\n",
            )
        )
    )
    assert not [w for w in inside.warnings if "fight" in w]
    deadly = lint_module(
        load_module(with_fight(tmp_path / "b", "fight:\n  npcs: [{npc: escort}]\n  deadly: true\n"))
    )
    assert not [w for w in deadly.warnings if "fight" in w]
    bare = lint_module(load_module(with_fight(tmp_path / "c", "fight:\n  npcs: [{npc: escort}]\n")))
    assert any("no band" in w and "deadly: true" in w for w in bare.warnings)


def test_every_bundled_fight_is_forecast_and_in_its_band() -> None:
    report = lint_module(load_module(bundled_modules_dir() / "living-daylights"))
    assert len(report.fights) >= 6
    assert all(fight.agents_win is not None for fight in report.fights)
    assert not [w for w in report.warnings if "fight" in w]
    data = report.to_dict()["fights"]
    assert {"scene", "agents_win", "band", "deadly"} <= set(data[0])


def _percentile_with_attacks(tmp_path: Path, roll: str, defence: str) -> Path:
    """The percentile fixture with attack rules and an archivist who hits with `roll`."""
    folder = tmp_path / "percentile"
    shutil.copytree(FAMILIES / "percentile", folder)
    ruleset = folder / "ruleset.yaml"
    ruleset.write_text(
        ruleset.read_text(encoding="utf-8")
        + f"attack:\n  defence: {defence}\n  results:\n"
        + "    - {id: hit, label: Hit, min_margin: 0}\n    - {id: miss, label: Miss, damage: 0}\n",
        encoding="utf-8",
    )
    cast = folder / "cast.yaml"
    cast.write_text(
        cast.read_text(encoding="utf-8").replace(
            "skills: {library: 80}\n",
            "skills: {library: 80}\nattacks:\n"
            f'  - {{name: Ledger, roll: "{roll}", damage: "1d3"}}\n',
        ),
        encoding="utf-8",
    )
    return folder


def test_an_attack_that_lands_every_time_is_a_warning_at_its_roll(tmp_path: Path) -> None:
    """A roll-under author's natural `1d100` against a defence of 0: every attack lands.
    Rolled as successes (`1d100<=60` against 1), it is fine."""
    sure = _percentile_with_attacks(tmp_path / "a", "1d100", "{default: 0}")
    (warning,) = [w for w in lint_module(load_module(sure)).warnings if "lands" in w]
    assert warning.startswith("cast.yaml:")
    assert "npc escort: attack 'Ledger' (1d100) lands every time against defence 0" in warning
    assert '"1d100<=55"' in warning
    fine = _percentile_with_attacks(tmp_path / "b", "1d100<=60", "{default: 1}")
    assert not [w for w in lint_module(load_module(fine)).warnings if "lands" in w]


def test_an_attack_that_never_lands_is_a_warning(tmp_path: Path) -> None:
    never = _percentile_with_attacks(tmp_path, "1d20", "{default: 30}")
    warnings = [w for w in lint_module(load_module(never)).warnings if "never lands" in w]
    assert len(warnings) == 1 and "against defence 30" in warnings[0]
