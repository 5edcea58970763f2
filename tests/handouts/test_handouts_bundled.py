"""Every handout of the bundled modules renders in every format, and no GM secret leaks."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pypdf
import pytest
from handout_helpers import NOW

from campaign.handouts import (
    FORMATS,
    Audience,
    handouts_for,
    render_handout,
    render_many,
    render_source,
    template_formats,
)
from campaign.loader import ModuleError, load_module
from campaign.model import Module
from campaign.paths import bundled_modules_dir


def _bundled() -> dict[str, Module | str]:
    found: dict[str, Module | str] = {}
    for folder in sorted(bundled_modules_dir().iterdir()):
        if not (folder / "module.yaml").is_file():
            continue
        try:
            found[folder.name] = load_module(folder)
        except ModuleError as error:  # the writers may be mid-edit
            found[folder.name] = f"{folder.name} does not validate yet: {error.lines()[0]}"
    return found


BUNDLED = _bundled()


def _module(name: str) -> Module:
    module = BUNDLED[name]
    if isinstance(module, str):
        pytest.skip(module)
    return module


def _cases() -> list[Any]:
    cases: list[Any] = []
    for name, module in BUNDLED.items():
        if isinstance(module, str):
            cases.append(pytest.param(name, "", "html", id=f"{name}-invalid"))
            continue
        for key, handout in module.handouts.items():
            for fmt in template_formats(module, handout.template_name):
                cases.append(pytest.param(name, key, fmt, id=f"{name}-{key}-{fmt}"))
    return cases


@pytest.mark.parametrize("module_name, handout_id, fmt", _cases())
def test_bundled_handout_renders(module_name: str, handout_id: str, fmt: Any) -> None:
    module = _module(module_name)
    audience: Audience = "gm" if module.handouts[handout_id].audience == "gm" else "players"
    output = render_handout(module, handout_id, fmt=fmt, audience=audience, now=NOW)
    if fmt == "pdf":
        assert isinstance(output, bytes)
        pages = len(pypdf.PdfReader(io.BytesIO(output)).pages)
        assert 1 <= pages <= 4
    else:
        assert isinstance(output, str)
        assert len(output) > 200


def test_living_daylights_has_every_shared_format() -> None:
    module = _module("living-daylights")
    for handout in module.handouts.values():
        assert template_formats(module, handout.template_name) == list(FORMATS)


def _plain_text(text: str, fmt: str) -> str:
    """Output as words: tags, HTML entities and Typst escapes removed, spaces squashed."""
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    elif fmt == "pdf":
        text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


def _public_text(module: Module) -> str:
    """What players may read anyway: handout text and data, NPC descriptions and cover."""
    parts: list[str] = []
    for handout in module.handouts.values():
        if handout.audience == "players":
            parts += [handout.title, handout.body, repr(handout.data)]
    for npc in module.npcs.values():
        parts += [npc.name, npc.role, npc.description]
        if npc.allegiance is not None:
            parts.append(npc.allegiance.apparent)
    return " ".join(" ".join(parts).split())


def _spoilers(module: Module) -> list[str]:
    """GM-only text: NPC secrets, tactics and true allegiances, PC secrets, handout clues."""
    public = _public_text(module)
    found: list[str] = []
    blocks = [*module.npcs.values(), *module.pcs.values()]
    for block in blocks:
        for text in (block.secret, block.tactics):
            squashed = " ".join(text.split())
            if squashed:
                found += [squashed, squashed[:60]]
        if block.allegiance is not None:
            true = " ".join(block.allegiance.true.split())
            if true != block.allegiance.apparent and len(true) > 12 and true not in public:
                found.append(true)
    for handout in module.handouts.values():
        for clue in handout.clues:
            found.append(" ".join(clue.text.split())[:60])
    return [text for text in found if text and text not in public]


@pytest.mark.parametrize("module_name", list(BUNDLED))
def test_no_gm_secret_reaches_a_players_handout(module_name: str) -> None:
    module = _module(module_name)
    spoilers = _spoilers(module)
    assert spoilers, "the module has secrets to test against"
    players = handouts_for(module, "players")
    for fmt in FORMATS:
        for handout_id in players:
            handout = module.handouts[handout_id]
            if fmt not in template_formats(module, handout.template_name):
                continue
            text = _plain_text(render_source(module, handout, fmt=fmt, now=NOW), fmt)
            for spoiler in spoilers:
                assert spoiler not in text, f"{handout_id} ({fmt}) prints GM-only {spoiler!r}"


def test_gm_copies_do_carry_the_secrets() -> None:
    module = _module("living-daylights")
    source = render_source(module, module.handouts["dossier-koskov"], fmt="md", audience="gm")
    secret = " ".join(module.npcs["koskov"].secret.split())
    assert secret[:60] in " ".join(source.split())


def test_bundled_pdfs_read_back() -> None:
    module = _module("living-daylights")
    results = {r.handout: r for r in render_many(module, fmt="pdf", now=NOW)}
    assert all(result.error is None for result in results.values())
    dossier = results["dossier-koskov"].output
    assert isinstance(dossier, bytes)
    reader = pypdf.PdfReader(io.BytesIO(dossier))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "General Georgi Koskov" in text and "PF/R 31907" in text
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in text
