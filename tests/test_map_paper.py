"""`campaign map`: a location's map to PDF or PNG, players' and GM's, and the list."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_locations import LOCATION, MAP, module_with

from campaign.cli import main
from campaign.maps import png_size

GM_ONLY = "engine running"  # from key 1's `here`
HIDDEN_KEY = "The white line"  # key B is not public


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


DRAWN = MAP.replace(
    '<rect width="800" height="600"/>', '<rect width="800" height="600" fill="#e8eef4"/>'
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return module_with(tmp_path / "module", svg=DRAWN)


def map_page_drawing(path: Path) -> bytes:
    return PdfReader(io.BytesIO(path.read_bytes())).pages[0].get_contents().get_data()


def test_the_list_of_locations(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", str(folder)]) == 0
    assert "bridge-plan" in capsys.readouterr().out


def test_the_gm_map_marks_every_key_and_lists_what_is_here(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["map", str(folder), "bridge-plan", "--audience", "gm", "--out", str(out)]
    assert main(args) == 0
    written = out / "bridge-plan.pdf"
    assert capsys.readouterr().out.strip() == str(written)
    text = pdf_text(written)
    assert "Glienicke Bridge" in text and "GM’s map" in text
    assert GM_ONLY in text and HIDDEN_KEY in text
    # The map itself is drawn on the first page: its fill, #e8eef4, is 0.9098... red.
    assert b"0.9098" in map_page_drawing(written)


def test_the_players_map_leaves_out_every_gm_only_word(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["map", str(folder), "bridge-plan", "--out", str(out)]) == 0
    text = pdf_text(out / "bridge-plan.pdf")
    assert "Players’ map" in text and "Western checkpoint" in text
    assert GM_ONLY not in text and HIDDEN_KEY not in text and "escort" not in text.lower()


def test_a_png_is_at_least_1200_pixels_on_its_long_side(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["map", str(folder), "bridge-plan", "--format", "png", "--out", str(out)]) == 0
    size = png_size((out / "bridge-plan.png").read_bytes())
    assert size is not None and max(size) >= 1200


def test_a_wrong_location_or_none_to_draw_is_one_line_exit_2(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["map", str(folder), "bridge-plna", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'bridge-plan'?" in err
    mapless = module_with(
        tmp_path / "mapless", location=LOCATION.replace("map: maps/bridge.svg\n", "")
    )
    assert main(["map", str(mapless), "bridge-plan", "--out", str(tmp_path)]) == 2
    assert "has no map" in capsys.readouterr().err
    assert MAP  # the fixture map is an SVG the loader accepts


def test_a_map_too_slow_to_draw_is_said_of_the_map_not_of_module_typst(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from campaign.handouts.typst_sandbox import TypstLimitError
    from campaign.maps import paper

    def too_slow(*_: object, **__: object) -> TypstLimitError:
        # What the sandbox answers when a map's filters take past its deadline.
        return TypstLimitError(
            "refused: compiling the module's Typst took longer than 5 s", limit="time", bound="5 s"
        )

    monkeypatch.setattr(paper, "compile_sandboxed", too_slow)
    assert main(["map", str(folder), "bridge-plan", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"campaign: {folder / 'maps' / 'bridge.svg'}: the map of 'bridge-plan' was refused: "
        "drawing it took longer than 5 s; simplify it (filters, blurs and deep nesting cost most)"
    )
