"""Chapters: a module's Markdown book, in order, with front matter checked where it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from campaign.errors import ModuleError
from campaign.loader import load_module

FAMILIES = Path(__file__).parent / "fixtures" / "families"


def module(tmp_path: Path, files: dict[str, str], order: str = "") -> Path:
    folder = tmp_path / "book"
    shutil.copytree(FAMILIES / "d20-skill", folder)
    (folder / "chapters").mkdir()
    for name, text in files.items():
        (folder / "chapters" / name).write_text(text, encoding="utf-8")
    if order:
        info = folder / "module.yaml"
        info.write_text(info.read_text(encoding="utf-8") + f"chapters: [{order}]\n", "utf-8")
    return folder


def test_chapters_in_file_order_with_titles_from_front_matter_or_heading(tmp_path: Path) -> None:
    folder = module(
        tmp_path,
        {
            "b-timeline.md": "# Timeline\n\n- 7 May: the exchange.\n",
            "a-truth.md": (
                "---\ntitle: The truth on one page\npublic: false\n---\nThe man is an impostor.\n"
            ),
            "c-notes.md": "No heading here.\n",
        },
    )
    chapters = load_module(folder).chapters
    assert list(chapters) == ["a-truth", "b-timeline", "c-notes"]
    truth = chapters["a-truth"]
    assert (truth.title, truth.text, truth.line, truth.public) == (
        "The truth on one page",
        "The man is an impostor.",
        5,
        False,
    )
    assert chapters["b-timeline"].title == "Timeline"
    assert chapters["c-notes"].title == "C notes"


def test_module_yaml_orders_them_and_the_rest_follow(tmp_path: Path) -> None:
    folder = module(tmp_path, {"a.md": "A\n", "b.md": "B\n", "c.md": "C\n"}, order="c, a")
    assert list(load_module(folder).chapters) == ["c", "a", "b"]


def test_problems_are_located_in_the_chapter_or_in_module_yaml(tmp_path: Path) -> None:
    folder = module(
        tmp_path,
        {"a.md": "---\ntitle: A\npublic: maybe\n---\nText\n", "bad name.md": "x\n"},
        order="a, timelin",
    )
    with pytest.raises(ModuleError) as caught:
        load_module(folder)
    problems = [str(problem) for problem in caught.value.problems]
    assert any("chapters/a.md:3:1: public: front matter:" in p for p in problems), problems
    assert any("bad name.md:1:1:" in p and "file name is its id" in p for p in problems)
    assert any("module.yaml" in p and "no chapter 'timelin'" in p for p in problems)


def test_a_module_without_chapters_has_none(tmp_path: Path) -> None:
    assert load_module(FAMILIES / "d20-skill").chapters == {}


def test_a_chapter_that_links_outside_the_module_is_refused_unread(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("# Someone's private notes\n", encoding="utf-8")
    folder = module(tmp_path, {"a-truth.md": "# Truth\n"})
    (folder / "chapters" / "b-leak.md").symlink_to(outside)
    with pytest.raises(ModuleError) as raised:
        load_module(folder)
    problems = [str(problem) for problem in raised.value.problems]
    leak = folder / "chapters" / "b-leak.md"
    assert problems == [f"{leak}:1:1: refused: the file links outside the module folder"]
