"""The cache of validated modules: hits when unchanged, misses after any edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign import cache
from campaign.errors import ModuleError
from campaign.scaffold import create_module


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path / "cache")


def test_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = create_module("cached", tmp_path)
    first = cache.load_module_cached(folder)
    assert first.root == folder.resolve()
    calls: list[Path] = []
    import campaign.loader

    real = campaign.loader.load_module
    monkeypatch.setattr(campaign.loader, "load_module", lambda p: calls.append(p) or real(p))
    second = cache.load_module_cached(folder)
    assert calls == []
    assert second.scenes == first.scenes


def test_an_edit_makes_a_fresh_load(tmp_path: Path) -> None:
    folder = create_module("edited", tmp_path)
    cache.load_module_cached(folder)
    npc = folder / "npcs/smuggler.yaml"
    npc.write_text(npc.read_text().replace("Cove Smuggler", "Cove Lookout"))
    assert cache.load_module_cached(folder).npcs["smuggler"].name == "Cove Lookout"


def test_an_edit_replaces_its_folders_entry_and_leaves_other_folders_alone(
    tmp_path: Path,
) -> None:
    """Each edit makes a new key; without pruning, every edit left its copy behind."""
    folder, other = create_module("edited", tmp_path), create_module("other", tmp_path)
    cache.load_module_cached(other)
    legacy = tmp_path / "cache" / f"{'0' * 64}.pickle"  # an earlier version's naming
    legacy.write_bytes(b"old")
    npc = folder / "npcs/smuggler.yaml"
    for name in ("Cove Lookout", "Cove Watcher", "Cove Runner"):
        npc.write_text(npc.read_text().replace("Cove Smuggler", name))
        cache.load_module_cached(folder)
        npc.write_text(npc.read_text().replace(name, "Cove Smuggler"))
    entries = sorted((tmp_path / "cache").glob("*.pickle"))
    assert len(entries) == 2 and not legacy.exists()
    assert cache.load_module_cached(other).id == "other"
    assert sorted((tmp_path / "cache").glob("*.pickle")) == entries  # read, not written


def test_problems_are_never_cached(tmp_path: Path) -> None:
    folder = create_module("broken", tmp_path)
    clock = folder / "clocks/storm.yaml"
    clock.write_text(clock.read_text().replace("segments: 4", "segments: x"))
    for _ in range(2):
        with pytest.raises(ModuleError):
            cache.load_module_cached(folder)


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path) -> None:
    folder = create_module("damaged", tmp_path)
    cache.load_module_cached(folder)
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"not a pickle")
    assert cache.load_module_cached(folder).id == "damaged"


def test_an_edit_to_the_model_or_loader_code_makes_a_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached module must never be read back into models it no longer fits."""
    code = tmp_path / "code" / "model"
    code.mkdir(parents=True)
    source = code / "story.py"
    source.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_CODE", tmp_path / "code")
    monkeypatch.setattr(cache, "CODE_FOLDERS", (code,))
    folder = create_module("Keyed", tmp_path)
    before = cache.module_key(folder)
    assert cache.module_key(folder) == before
    source.write_text("x = 22\n", encoding="utf-8")  # a new field, say
    assert cache.module_key(folder) != before
