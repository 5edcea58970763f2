"""`campaign validate`, `schema`, `new` and `modules` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.loader import load_module
from campaign.model import DOCUMENT_MODELS
from campaign.schema import module_json_schema


def test_new_writes_a_valid_module_with_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "harbour-job"]) == 0
    folder = tmp_path / "harbour-job"
    assert (folder / "schema.json").is_file()
    first_lines = {
        path.relative_to(folder).as_posix(): path.read_text().splitlines()[0]
        for path in folder.rglob("*.yaml")
    }
    assert first_lines["module.yaml"] == "# yaml-language-server: $schema=schema.json"
    assert first_lines["npcs/smuggler.yaml"] == "# yaml-language-server: $schema=../schema.json"
    module = load_module(folder)
    assert (len(module.acts), len(module.scenes), len(module.npcs)) == (1, 2, 1)
    assert (len(module.tables), len(module.handouts)) == (1, 1)
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["new", "harbour-job"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_the_new_module_is_clean_under_strict_lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new author's first `lint --strict` passes: a pregen, three clues, current names."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "harbour-job"]) == 0
    capsys.readouterr()
    assert main(["lint", "harbour-job", "--strict"]) == 0, capsys.readouterr().out
    assert "No warnings." in capsys.readouterr().out


def test_validate_exits_2_with_located_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    main(["new", "broken"])
    npc = tmp_path / "broken/npcs/smuggler.yaml"
    npc.write_text(npc.read_text().replace("name: Cove Smuggler", "nmae: Cove Smuggler"))
    capsys.readouterr()
    assert main(["validate", "broken"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("npcs/smuggler.yaml:2:1: name: required field is missing")
    assert err[1].endswith(
        "npcs/smuggler.yaml:3:1: nmae: unknown field 'nmae' (did you mean 'name'?)"
    )
    assert err[-1].endswith("broken: 2 problems")


def test_validate_unknown_module_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "living-daylites"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no module 'living-daylites' (did you mean 'living-daylights'?)" in err


def test_schema_covers_every_kind_and_describes_every_field(tmp_path: Path) -> None:
    schema = module_json_schema()
    definitions = schema["$defs"]
    for model in DOCUMENT_MODELS.values():
        assert model.__name__ in definitions
    missing = [
        f"{name}.{field}"
        for name, definition in definitions.items()
        for field, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert missing == []
    out = tmp_path / "schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["$defs"].keys() == definitions.keys()


def test_every_model_field_has_a_description() -> None:
    from campaign.model.fields import model_fields

    seen: set[type] = set()
    missing: list[str] = []

    def visit(model: type) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model_fields(model).items():
            if not info.description:
                missing.append(f"{model.__name__}.{name}")
            for candidate in _models_in(info.annotation):
                visit(candidate)

    for model in DOCUMENT_MODELS.values():
        visit(model)
    assert missing == []


def _models_in(annotation: object) -> list[type]:
    import typing

    from campaign.model.fields import is_model

    found: list[type] = []
    if is_model(annotation):
        found.append(annotation)
    for argument in typing.get_args(annotation):
        found.extend(_models_in(argument))
    return found


def test_schema_validates_documents_with_jsonschema_when_available(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = module_json_schema()
    import yaml

    from campaign.loader import YamlLoader

    main(["new", str(tmp_path / "m")])
    for path in (tmp_path / "m").rglob("*.yaml"):
        for document in yaml.load_all(path.read_text(), Loader=YamlLoader):
            jsonschema.validate(document, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "name": "X", "nmae": "typo"}, schema)


def test_modules_json_lists_bundled_campaign(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["modules", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["modules"]
    assert "living-daylights" in {row["id"] for row in rows}


def test_python_dash_m_campaign_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "campaign", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("campaign ")


def test_validate_checks_module_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    main(["new", "templated"])
    templates = tmp_path / "templated/templates"
    templates.mkdir()
    (templates / "note.html.j2").write_text("<p>{{ hadnout.title }}</p>\n")
    capsys.readouterr()
    assert main(["validate", "templated"]) == 2
    err = capsys.readouterr().err
    assert "templates/note.html.j2:1:" in err and "hadnout" in err
