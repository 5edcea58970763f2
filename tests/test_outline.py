"""A module's outline read from its YAML before validation (issue 20: the first start
after an install or an edit paints the opening scene from it). It agrees with the
loader on valid modules and gives nothing, never a wrong answer or a hang, on files
it cannot trust."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from campaign import outline
from campaign.loader import load_module
from campaign.outline import read_outline

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "modules").iterdir())
LIGHTHOUSE = ROOT / "tests" / "tui" / "fixtures" / "lighthouse"


@pytest.fixture
def module(tmp_path: Path) -> Path:
    return Path(shutil.copytree(LIGHTHOUSE, tmp_path / "lighthouse"))


@pytest.mark.parametrize("folder", [*BUNDLED, LIGHTHOUSE], ids=lambda path: path.name)
def test_the_outline_agrees_with_the_loader(folder: Path) -> None:
    found = read_outline(folder)
    loaded = load_module(folder)
    assert found is not None
    assert found.title == loaded.title
    assert [(act.id, act.number, act.title) for act in found.acts] == [
        (act.id, act.number, act.title) for act in loaded.acts.values()
    ]
    assert [act.scenes for act in found.acts] == [act.scenes for act in loaded.acts.values()]
    assert {key: scene.title for key, scene in found.scenes.items()} == {
        key: scene.title for key, scene in loaded.scenes.items()
    }
    start = loaded.start_scene
    assert found.start.id == start.id
    assert (found.start.place, found.start.summary, found.start.read_aloud) == (
        start.place,
        start.summary,
        start.read_aloud,
    )
    assert found.start.variants == len(start.variants)
    assert found.has_book == bool(loaded.chapters)
    assert found.has_places == bool(loaded.locations)


def test_kinds_come_from_folders_and_the_start_from_module_yaml(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "module.yaml").write_text("id: m\ntitle: Yes\nstart: two\n")
    (tmp_path / "story.yaml").write_text(
        "kind: act\nid: a\nnumber: 1\ntitle: One\nscenes: [one, two]\n"
    )
    (tmp_path / "scenes" / "s.yaml").write_text(
        "id: one\ntitle: First\n---\nid: two\ntitle: Second\nread_aloud: Rain.\n"
        "variants: [{when: x, read_aloud: Snow.}]\n"
    )
    found = read_outline(tmp_path)
    assert found is not None
    assert found.title == "Yes"  # YAML 1.2 reads it as text, as the loader does
    assert found.start.id == "two" and found.start.read_aloud == "Rain."
    assert found.start.variants == 1
    assert not found.has_book and not found.has_places


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("module.yaml", "title: [not, text]\n"),
        ("module.yaml", "title: T\nstart: nowhere\n"),
        ("module.yaml", "- a list\n"),
        ("module.yaml", "title: T\n  bad: indent\n"),
        ("acts/act-1.yaml", "kind: act\nid: act-1\nnumber: one\ntitle: Storm\n"),
        ("acts/act-1.yaml", "kind: act\nid: act-1\nnumber: 1\ntitle: true\n"),
        ("acts/act-1.yaml", "[" * 5000),
        ("acts/act-1.yaml", "kind: act\n{1: 2}: x\n"),
    ],
)
def test_files_it_cannot_trust_give_no_outline(module: Path, name: str, text: str) -> None:
    assert read_outline(module) is not None
    (module / name).write_text(text)
    assert read_outline(module) is None


def test_no_module_yaml_and_too_much_yaml_give_no_outline(
    module: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outline, "MAX_BYTES", 100)
    assert read_outline(module) is None
    monkeypatch.undo()
    (module / "module.yaml").unlink()
    assert read_outline(module) is None


def test_too_many_files_give_no_outline(module: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outline, "MAX_FILES", 3)
    for number in range(5):
        (module / f"extra-{number}.yaml").write_text("kind: clock\n")
    assert read_outline(module) is None


def test_files_outside_the_module_are_never_read(module: Path, tmp_path: Path) -> None:
    """A scene linked in from outside is not the module's: the act lists a scene the
    outline never sees, so there is no outline (and nothing outside is shown)."""
    outside = tmp_path / "secret.yaml"
    outside.write_text("kind: scene\nid: lighthouse-door\ntitle: Secret\nread_aloud: s3cret\n")
    acts = module / "acts"
    text = (acts / "act-1.yaml").read_text()
    (acts / "act-1.yaml").write_text(text.split("---")[0])  # the act alone
    (acts / "linked.yaml").symlink_to(outside)
    assert read_outline(module) is None
    (acts / "linked.yaml").unlink()
    shutil.copy(outside, acts / "copied.yaml")  # the same file inside: read
    found = read_outline(module)
    assert found is not None and found.start.read_aloud == "s3cret"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_yaml_is_never_waited_on(module: Path) -> None:
    os.mkfifo(module / "acts" / "pipe.yaml")
    assert read_outline(module) is None  # (a blocking read would hang this test)


def test_without_libyaml_there_is_no_outline(module: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules["yaml"], "__with_libyaml__", False)
    assert read_outline(module) is None


def test_its_folder_rules_are_the_loaders() -> None:
    """The outline keeps its own copies (importing the loader or the model would cost
    the first paint pydantic): they must say what the loader's say."""
    from campaign.loader import SKIPPED_FOLDERS
    from campaign.model import FOLDER_KINDS

    assert outline._SKIPPED == SKIPPED_FOLDERS
    assert {
        folder: kind
        for folder, kind in FOLDER_KINDS.items()
        if kind in ("act", "scene", "location")
    } == outline._FOLDER_KINDS
