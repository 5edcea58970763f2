"""`campaign handout MODULE --chapters`: the module's book as one handout, the GM's
copy with every printed chapter in order, the players' with the public ones only."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from campaign.cli import main

FAMILIES = Path(__file__).resolve().parents[1] / "fixtures" / "families"


@pytest.fixture
def booked(tmp_path: Path) -> Path:
    folder = tmp_path / "booked"
    shutil.copytree(FAMILIES / "d20-skill", folder)
    chapters = folder / "chapters"
    chapters.mkdir()
    (chapters / "a-truth.md").write_text("# The truth\n\nThe baron is the smuggler.\n")
    (chapters / "b-safety.md").write_text(
        "---\ntitle: Safety at the table\npublic: true\n---\nLines and veils; the X-card.\n"
    )
    (chapters / "c-scratch.md").write_text("---\nprint: false\n---\n# Scratch\n\nNot this.\n")
    return folder


def test_the_gm_book_has_every_printed_chapter_in_order(
    booked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        main(
            [
                "handout",
                str(booked),
                "--chapters",
                "--audience",
                "gm",
                "--format",
                "md",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == str(out / "book.md")
    text = (out / "book.md").read_text()
    assert text.index("The truth") < text.index("The baron is the smuggler")
    assert text.index("The baron") < text.index("Safety at the table") < text.index("X-card")
    assert "Not this" not in text and "Reference" not in text


def test_the_players_book_has_the_public_chapters_only(
    booked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["handout", str(booked), "--chapters", "--format", "pdf", "--out", str(out)]) == 0
    pages = PdfReader(io.BytesIO((out / "book.pdf").read_bytes())).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "X-card" in text and "smuggler" not in text


def test_in_pdf_each_chapter_starts_a_page(booked: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["handout", str(booked), "--chapters", "--audience", "gm", "--format", "pdf"]
    assert main([*args, "--out", str(out)]) == 0
    pages = PdfReader(io.BytesIO((out / "book.pdf").read_bytes())).pages
    assert len(pages) == 2
    assert "smuggler" in pages[0].extract_text() and "X-card" in pages[1].extract_text()


def test_a_module_without_chapters_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["handout", str(FAMILIES / "d20-skill"), "--chapters", "--audience", "gm"]
    assert main([*args, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "has no chapters to print" in err
