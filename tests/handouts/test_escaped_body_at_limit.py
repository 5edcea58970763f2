"""A body within the text limit always renders: escaping may grow it six-fold ('<' is
`&lt;`, '"' is `&quot;`), and the markup filters allow for that growth."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.handouts import render_handout
from campaign.loader import load_module
from campaign.loader.yaml_loader import MAX_TEXT_BYTES


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("character", ["<", '"', "&"])
def test_a_body_of_characters_that_escape_long_renders(
    spy_copy: Path, fmt: str, character: str
) -> None:
    body = character * (MAX_TEXT_BYTES - 1024)
    quoted = body.replace('"', '\\"')
    (spy_copy / "handouts" / "wall.yaml").write_text(
        f'id: wall\ntitle: Wall\ntype: note\nbody: "{quoted}"\n', encoding="utf-8"
    )
    text = render_handout(load_module(spy_copy), "wall", fmt=fmt)  # type: ignore[call-overload]
    assert len(text) > len(body)
    assert "Wall" in text
