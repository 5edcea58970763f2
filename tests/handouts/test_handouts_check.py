"""`check_module_templates`: a module's own templates checked for `campaign validate`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from handout_helpers import write_template

from campaign.handouts import HandoutError, check_module_templates, render_handout
from campaign.loader import load_module
from campaign.model import Module


def test_modules_without_templates_are_clean(spy: Module) -> None:
    assert check_module_templates(spy) == []


def test_problems_are_located(spy_copy: Path, tmp_path: Path) -> None:
    write_template(spy_copy, "good.html.j2", "{{ handout.title }} {{ npc.name if npc }}\n")
    write_template(spy_copy, "broken.html.j2", "a\n{% if handout %}\nno end\n")
    write_template(spy_copy, "typo.md.j2", "line\n\n{{ hadnout.title }}\n{{ gm }}\n")
    write_template(spy_copy, "parts.typ.j2", '{% include "_missing.typ.j2" %}\n')
    write_template(spy_copy, "notes.txt.j2", "?")
    (tmp_path / "outside.html.j2").write_text("x")
    os.symlink(tmp_path / "outside.html.j2", spy_copy / "templates" / "linked.html.j2")
    handouts = spy_copy / "handouts" / "handouts.yaml"
    handouts.write_text(
        handouts.read_text() + "---\nid: typo\ntitle: Typo\ntype: custom\ntemplate: dosier\n"
    )
    module = load_module(spy_copy)
    folder = spy_copy / "templates"
    line = handouts.read_text().splitlines().index("template: dosier") + 1
    lines = sorted(str(problem) for problem in check_module_templates(module))
    assert lines == sorted(
        [
            f"{folder}/broken.html.j2:3:1: syntax error: Unexpected end of template. Jinja "
            "was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost "
            "block that needs to be closed is 'if'.",
            f"{folder}/typo.md.j2:3:1: unknown variable 'hadnout' (did you mean 'handout'?)",
            f"{folder}/parts.typ.j2:1:1: no template '_missing.typ.j2' to include",
            f"{folder}/notes.txt.j2:1:1: unknown template kind: use .html.j2, .md.j2 or .typ.j2",
            f"{folder}/linked.html.j2:1:1: refused: template 'linked.html.j2' links outside "
            f"{folder}",
            f"{spy_copy}/handouts/handouts.yaml:{line}:1: template: no template 'dosier' "
            "(did you mean 'dossier'?)",
        ]
    )


def test_a_refused_template_is_said_to_be_refused_not_missing(
    spy_copy: Path, tmp_path: Path
) -> None:
    # Before: "no template 'linked' (did you mean 'linked'?)", a hint to itself.
    (tmp_path / "outside.html.j2").write_text("x")
    (spy_copy / "templates").mkdir(exist_ok=True)
    os.symlink(tmp_path / "outside.html.j2", spy_copy / "templates" / "linked.html.j2")
    handouts = spy_copy / "handouts" / "handouts.yaml"
    handouts.write_text(
        handouts.read_text() + "---\nid: lnk\ntitle: Link\ntype: custom\ntemplate: linked\n"
    )
    module = load_module(spy_copy)
    folder = spy_copy / "templates"
    line = handouts.read_text().splitlines().index("template: linked") + 1
    lines = sorted(str(problem) for problem in check_module_templates(module))
    assert lines == [
        f"{handouts}:{line}:1: template: template 'linked' is refused: template "
        f"'linked.html.j2' links outside {folder}",
        f"{folder}/linked.html.j2:1:1: refused: template 'linked.html.j2' links outside {folder}",
    ]
    # Asked for a format the template has no file in, the render says the same.
    with pytest.raises(HandoutError) as caught:
        render_handout(module, "lnk", fmt="md")
    assert str(caught.value) == (
        "template 'linked' of handout 'lnk' is refused: template 'linked.html.j2' links "
        f"outside {folder}"
    )
    assert "did you mean" not in str(caught.value)
