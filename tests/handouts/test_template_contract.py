"""The shared templates keep the handout data contract the reference documents.

`campaign.reference.SHARED_TEMPLATES` says, per template, which `data` keys it
places itself; every template of each format must read exactly those (read
from the template's own Jinja syntax tree), and each renders a handout of only
a title and a body with both on the page in HTML, Markdown and PDF. What no
handout wrote (letterheads, classifications, registry numbers) prints only when
module.yaml's `handouts:` asks for it.
"""

from __future__ import annotations

import dataclasses
import html
import io
from pathlib import Path
from typing import get_args

import jinja2
import pypdf
import pytest
from handout_helpers import NOW
from jinja2 import nodes

from campaign.handouts import render_handout
from campaign.loader import load_module
from campaign.model import Handout, HandoutKind, Module
from campaign.model.module import HandoutSettings
from campaign.reference import SHARED_TEMPLATES, SharedTemplate, reference_markdown

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SUFFIXES = ("html.j2", "md.j2", "typ.j2")


def _data_keys(source: str) -> set[str]:
    """The `data` keys a template reads: data.get("k"), data.k, data["k"], and the key
    lists it hands to the data_rest/field_rows macros or compares with `in`."""
    tree = jinja2.Environment(extensions=["jinja2.ext.loopcontrols"]).parse(source)
    keys: set[str] = set()
    for node in tree.find_all(nodes.Call):
        func = node.node
        if isinstance(func, nodes.Getattr) and isinstance(func.node, nodes.Name):
            if func.node.name == "data" and func.attr == "get" and node.args:
                first = node.args[0]
                if isinstance(first, nodes.Const):
                    keys.add(first.value)
            if func.attr in ("data_rest", "field_rows"):
                for arg in node.args[1:]:
                    if isinstance(arg, nodes.List):
                        keys |= {item.value for item in arg.items if isinstance(item, nodes.Const)}
    for getattr_node in tree.find_all(nodes.Getattr):
        target = getattr_node.node
        methods = ("get", "items", "keys", "values")
        if (
            isinstance(target, nodes.Name)
            and target.name == "data"
            and getattr_node.attr not in methods
        ):
            keys.add(getattr_node.attr)
    for assign in tree.find_all(nodes.Assign):
        if isinstance(assign.node, nodes.List):
            keys |= {item.value for item in assign.node.items if isinstance(item, nodes.Const)}
    for test in tree.find_all(nodes.Filter):
        for arg in test.args:
            if isinstance(arg, nodes.List):
                keys |= {item.value for item in arg.items if isinstance(item, nodes.Const)}
    return keys


@pytest.mark.parametrize("template", SHARED_TEMPLATES, ids=lambda t: t.name)
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_each_template_reads_the_data_keys_the_reference_names(
    template: SharedTemplate, suffix: str
) -> None:
    source = (TEMPLATES / f"{template.name}.{suffix}").read_text(encoding="utf-8")
    assert _data_keys(source) == {key for key, _ in template.data}


def test_the_table_covers_every_shared_template_and_is_in_the_reference() -> None:
    shared = {
        path.name.split(".")[0]
        for path in TEMPLATES.glob("*.j2")
        if not path.name.startswith("_") and not path.name.startswith("recap")
    }
    assert {template.name for template in SHARED_TEMPLATES} == shared
    text = reference_markdown()
    assert "## Shared templates" in text
    for template in SHARED_TEMPLATES:
        assert f"| `{template.name}` | {template.what} |" in text


def _minimal(
    spy: Module, kind: str, settings: HandoutSettings | None = None, **data: str
) -> Module:
    """The fixture module with one handout of `kind`: a title, a body, and `data`."""
    handout = Handout.model_validate(
        {
            "id": "minimal",
            "title": "TITLEWORD Minimal",
            # a template that is no handout type (the book) is asked for by name
            **(
                {"type": kind}
                if kind in get_args(HandoutKind)
                else {"type": "custom", "template": kind}
            ),
            "body": "BODYWORD the body.",
            "data": data,
        }
    )
    info = spy.info.model_copy(
        update={"tags": ("espionage",), "handouts": settings or HandoutSettings()}
    )
    return dataclasses.replace(spy, info=info, handouts={"minimal": handout})


def _has(text: str, words: str) -> bool:
    """Whether the words are printed, in any case and letter-spacing (letterheads are
    spaced small capitals in the PDF)."""
    return "".join(words.upper().split()) in "".join(text.upper().split())


def _printed(module: Module, fmt: str, audience: str = "players") -> str:
    out = render_handout(module, "minimal", fmt=fmt, audience=audience, now=NOW)  # type: ignore[call-overload]
    if isinstance(out, bytes):
        pages = pypdf.PdfReader(io.BytesIO(out)).pages
        return " ".join(" ".join(page.extract_text() for page in pages).split())
    return html.unescape(out) if fmt == "html" else out


@pytest.mark.parametrize("template", [t.name for t in SHARED_TEMPLATES])
def test_a_title_and_a_body_alone_print_in_every_format(spy: Module, template: str) -> None:
    module = _minimal(spy, template)
    for fmt in ("html", "md", "pdf"):
        text = _printed(module, fmt)
        # A template may set the title in capitals (the pregen's line above the name).
        assert "TITLEWORD" in text and "minimal" in text.lower(), (template, fmt, text)
        assert "BODYWORD the body." in text, (template, fmt, text)
        # Nothing the author did not write, though the module is tagged 'espionage'.
        for invented in ("Secret Intelligence Service", "Secret", "Confidential", "Ref."):
            assert not _has(text, invented), (template, fmt, invented)
        assert not any(f"{prefix}/" in text for prefix in ("PF", "OPS", "EXH", "EV", "DOC")), (
            template,
            fmt,
        )


@pytest.mark.parametrize("template", ["orders", "dossier", "clue", "pregen"])
def test_the_module_asks_for_letterhead_classification_and_numbers(
    spy: Module, template: str
) -> None:
    settings = HandoutSettings(
        letterhead="Office of Examples", classified=True, reference_numbers=True
    )
    module = _minimal(spy, template, settings)
    contract = next(t for t in SHARED_TEMPLATES if t.name == template)
    for fmt in ("html", "md", "pdf"):
        text = _printed(module, fmt)
        assert _has(text, "Office of Examples"), (template, fmt)
        assert _has(text, contract.classification), (template, fmt)
        if template != "pregen" or fmt == "pdf":  # a sheet's number is on its printed footer
            prefix = {"orders": "OPS/", "dossier": "PF/", "clue": "EV/", "pregen": "PF/A/"}[
                template
            ]
            assert prefix in text, (template, fmt)


def test_the_handouts_own_data_wins_over_the_module(spy: Module) -> None:
    settings = HandoutSettings(
        letterhead="Office of Examples", classified=True, reference_numbers=True
    )
    module = _minimal(
        spy,
        "orders",
        settings,
        organisation="Station Berlin",
        reference="BER/62/7",
        classification="Eyes only",
    )
    for fmt in ("html", "md", "pdf"):
        text = _printed(module, fmt)
        assert not _has(text, "Office of Examples")
        assert _has(text, "Station Berlin")
        assert "BER/62/7" in text and _has(text, "Eyes only")
        assert "OPS/" not in text


def test_a_letterhead_per_type(spy: Module) -> None:
    settings = HandoutSettings(letterhead="Service", letterheads={"rules": "Training Section"})
    text = _printed(_minimal(spy, "rules", settings), "html")
    assert "Training Section" in text
    assert "Training Section" not in _printed(_minimal(spy, "orders", settings), "html")


def test_a_module_without_handouts_settings_says_nothing_of_a_service(spy: Module) -> None:
    """The issue's case: orders of a Berlin module print their title, no invented office."""
    module = _minimal(spy, "orders", subject="The exchange on the Glienicke Bridge")
    for fmt in ("html", "md", "pdf"):
        text = _printed(module, fmt)
        assert "TITLEWORD Minimal" in text
        assert "The exchange on the Glienicke Bridge" in text
        assert not _has(text, "Secret Intelligence Service") and not _has(text, "Reference")


@pytest.mark.parametrize("template", [t.name for t in SHARED_TEMPLATES])
def test_no_empty_gm_heading(spy: Module, template: str) -> None:
    module = _minimal(spy, template)
    assert "GM only" not in _printed(module, "md", audience="gm")
    assert 'class="gm"' not in _printed(module, "html", audience="gm")


def test_the_gm_heading_when_there_is_something_under_it(spy: Module) -> None:
    text = _printed(spy_with_clue(spy), "md", audience="gm")
    assert "## GM only: not for the players" in text
    assert text.rstrip().endswith(")*")


def spy_with_clue(spy: Module) -> Module:
    module = _minimal(spy, "custom")
    handout = module.handouts["minimal"].model_copy(
        update={"clues": spy.handouts["dossier-volkov"].clues}
    )
    return dataclasses.replace(module, handouts={"minimal": handout})


def test_the_bundled_campaign_keeps_its_look_by_asking_for_it() -> None:
    """The Living Daylights' module.yaml asks for the Service's letterhead (the Training
    Section's on the rules), classifications and registry numbers; its files print them."""
    module = load_module(Path(__file__).resolve().parents[2] / "modules" / "living-daylights")
    assert module.info.handouts.letterhead == "Secret Intelligence Service"
    orders = _render(module, "orders-bratislava", "pdf")
    assert _has(orders, "Secret Intelligence Service") and _has(orders, "Operation CANTATA")
    pregen = _render(module, "pregen-bond", "pdf")
    assert _has(pregen, "Secret Intelligence Service") and _has(pregen, "Secret: agent's copy")
    assert "Agent file 007" in pregen
    rules = _render(module, "rules-summary", "html")
    assert "Training Section" in rules and "Secret Intelligence Service" not in rules


def _render(module: Module, handout: str, fmt: str) -> str:
    out = render_handout(module, handout, fmt=fmt, now=NOW)  # type: ignore[call-overload]
    if isinstance(out, bytes):
        pages = pypdf.PdfReader(io.BytesIO(out)).pages
        return " ".join(" ".join(page.extract_text() for page in pages).split())
    return html.unescape(out)
