"""Module templates are untrusted: every known escape and denial of service is refused."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from handout_helpers import write_template

import campaign.handouts as handouts
from campaign.handouts import HandoutError, limits, render_handout, typst_sandbox
from campaign.loader import load_module

PAYLOADS = {
    "python globals": (
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "'cycler' is undefined",
    ),
    "dunder attributes": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "refused: access"),
    "string repetition": ("{{ 'a' * 10**9 }}", r"refused: '\*' would make a value of 1,000,000,0"),
    "list repetition": ("{{ [1, 2] * 10**8 }}", "refused: '\\*' would make a value"),
    "power": ("{{ 9 ** (9 ** 9) }}", "refused: '\\*\\*' would make an integer"),
    "huge range": ("{% for i in range(10**6) %}x{% endfor %}", "refused: range\\(\\) of 1,000,000"),
    "nested loops": (
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
        "refused: more than 1,000,000 loop iterations",
    ),
    "recursive loop": (
        "{% for x in range(10000) recursive %}{{ loop(range(10000)) }}{% endfor %}",
        "refused",
    ),
    "macro recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recurse too deeply"),
    # Filters that take an attribute name looked it up as a key and printed the
    # unsafe attribute's Undefined repr instead of refusing it.
    "groupby attribute": ("{{ ['a']|groupby('__class__')|list }}", "refused: access to attr"),
    "map attribute": ("{{ ['a']|map(attribute='__class__')|list }}", "refused: access to attr"),
    "sort attribute": ("{{ ['a', 'b']|sort(attribute='__class__') }}", "refused: access to attr"),
    "dotted attribute": (
        "{{ [{'a': 'x'}]|map(attribute='a.__class__.__mro__')|list }}",
        "refused: access to attribute '__class__'",
    ),
    "unique attribute": ("{{ ['a']|unique(attribute='__doc__')|list }}", "refused: access to at"),
    "sum attribute": ("{{ ['a']|sum(attribute='__len__') }}", "refused: access to attribute"),
    "selectattr": ("{{ ['a']|selectattr('__class__')|list }}", "refused: access to attribute"),
    "attr filter": ("{{ ''|attr('__class__') }}", "refused: access to attribute '__class__'"),
    "mutation": ("{{ handout.data.clear() }}", "refused: access to attribute 'clear'"),
    "mutation by set": ("{% set x = handout.update({'title': 1}) %}", "refused: access to attr"),
    "concatenation": (
        "{% set a = 'x' * 500000 %}{% set b = a ~ a ~ a %}{{ b }}",
        "refused: ~ would make a value",
    ),
    "captured blocks": (
        "{% set a %}{{ 'x' * 900000 }}{% endset %}{% set b %}{{ a }}{{ a }}{% endset %}",
        "refused: a captured block or macro",
    ),
    "join": ("{{ (['x' * 100000] * 10000)|join }}", "refused: the join filter"),
    "printf width": ("{{ '%0999999999d' % 1 }}", "refused: '%' would make"),
    "format width": ("{{ '{:>999999999}'.format(1) }}", "refused: str.format\\(\\) would make"),
    "padding method": ("{{ 'x'.ljust(10**9) }}", "refused: 1,000,000,000 is too large"),
    "padding filter": ("{{ 'x'|center(10**8) }}", "refused: 100,000,000 is too large"),
    "replace blow-up": (
        "{% set a = 'x' * 100000 %}{{ a|replace('x', a) }}",
        "refused: the replace filter",
    ),
    "unlisted method": ("{{ 'x'.translate({}) }}", "refused: access to attribute 'translate'"),
    "removed globals": ("{{ lipsum() }}{{ joiner() }}{{ namespace() }}", "'lipsum' is undefined"),
    "printing nested copies": (
        "{% set x = 'x' * 100000 %}{{ [[x] * 1000] * 1000 }}",
        "refused: printing would print a value of over 5,000,000",
    ),
    "json of nested copies": (
        "{{ ([['x' * 100000] * 1000] * 1000)|tojson }}",
        "refused: the tojson filter would print",
    ),
    "formatting nested copies": (
        "{{ '%s' % ([['x' * 100000] * 1000] * 1000,) }}",
        "refused: '%' would print",
    ),
    "format fields": (
        "{{ ('{0}' * 1000).format('x' * 1000000) }}",
        "refused: str.format\\(\\) would make a value of 1,00",
    ),
    "printf fields": (
        "{{ ('%(a)s' * 1000) % {'a': 'x' * 1000000} }}",
        "refused: '%' would make a value of 1,00",
    ),
    "output size": (
        "{% for i in range(10000) %}{{ 'x' * 999999 }}{% endfor %}",
        "refused: the handout is over 5,000,000 characters",
    ),
    "path traversal": ("{% include '../../etc/passwd' %}", "refused: template name"),
    "absolute path": ("{% include '/etc/passwd' %}", "refused: template name"),
    "other format": ("{% include 'note.typ.j2' %}", "refused: 'note.typ.j2' is not a .html.j2"),
}


@pytest.mark.parametrize("payload, refusal", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payload_is_refused_quickly(spy_copy: Path, payload: str, refusal: str) -> None:
    write_template(spy_copy, "note.html.j2", "first line\n" + payload)
    module = load_module(spy_copy)
    started = time.monotonic()
    with pytest.raises(HandoutError, match=refusal) as caught:
        render_handout(module, "found-note", fmt="html")
    assert time.monotonic() - started < 3
    assert "/templates/note.html.j2:2:" in str(caught.value) or "over 5,000,000" in str(
        caught.value
    )
    assert module.handouts["found-note"].data == {"exhibit": "A/1"}
    assert module.npcs["volkov"].name == "Colonel Ivan Volkov"


def test_render_time_limit(spy_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.02)
    write_template(
        spy_copy,
        "note.md.j2",
        "{% for i in range(1000) %}{% for j in range(900) %}{% endfor %}{% endfor %}",
    )
    with pytest.raises(HandoutError, match=r"refused: rendering took longer than 0\.02 s"):
        render_handout(load_module(spy_copy), "found-note", fmt="md")


def test_symlinks_out_of_the_templates_folder_are_refused(spy_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.html.j2"
    outside.write_text("TOP-SECRET-OUTSIDE")
    folder = spy_copy / "templates"
    folder.mkdir()
    os.symlink(outside, folder / "evil.html.j2")
    os.symlink(outside, folder / "dossier.html.j2")
    write_template(spy_copy, "note.html.j2", '{% include "evil.html.j2" %}')
    write_template(spy_copy, "_inner.html.j2", "INNER OK")
    os.symlink(folder / "_inner.html.j2", folder / "orders.html.j2")
    module = load_module(spy_copy)
    for handout in ("found-note", "dossier-volkov"):
        with pytest.raises(HandoutError, match="links outside") as caught:
            render_handout(module, handout, fmt="html")
        assert "TOP-SECRET-OUTSIDE" not in str(caught.value)
    assert "INNER OK" in render_handout(module, "orders-one", fmt="html")


def test_templates_folder_linking_outside_the_module_is_refused(
    spy_copy: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "note.html.j2").write_text("TOP-SECRET-OUTSIDE")
    os.symlink(elsewhere, spy_copy / "templates")
    with pytest.raises(HandoutError, match="links outside the module folder"):
        render_handout(load_module(spy_copy), "found-note", fmt="html")


# --- Typst from a module's own templates: compiled in a child process -----------------


def _typst_template(spy_copy: Path, body: str) -> Path:
    return write_template(
        spy_copy, "note.typ.j2", '#set page(paper: "a5")\n' + body + "\n{{ handout.title }}\n"
    )


def test_module_typst_compiles_in_the_sandbox(spy_copy: Path) -> None:
    _typst_template(spy_copy, "= Own template")
    pdf = render_handout(load_module(spy_copy), "found-note", fmt="pdf")
    assert pdf.startswith(b"%PDF")


def test_module_typst_cannot_import_packages(spy_copy: Path) -> None:
    _typst_template(spy_copy, '#import "@preview/cetz:0.2.2": canvas')
    with pytest.raises(HandoutError, match="refused: Typst packages cannot be imported"):
        render_handout(load_module(spy_copy), "found-note", fmt="pdf")
    _typst_template(spy_copy, '#let p = "@pre" + "view/cetz:0.2.2"\n#import p: canvas')
    # Built at run time, so only Typst knows the name: the child cannot open a socket,
    # so it is refused without any connection (tests/handouts/test_typst_network.py).
    with pytest.raises(HandoutError, match=r"refused: Typst packages cannot be imported \(@pre"):
        render_handout(load_module(spy_copy), "found-note", fmt="pdf")


def test_module_typst_reads_only_its_assets(spy_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET-OUTSIDE")
    assets = spy_copy / "assets"
    assets.mkdir()
    (assets / "words.txt").write_text("ASSET-WORDS")
    os.symlink(tmp_path / "secret.txt", assets / "link.txt")
    module = load_module(spy_copy)
    _typst_template(spy_copy, '#read("assets/words.txt")')
    assert render_handout(module, "found-note", fmt="pdf").startswith(b"%PDF")
    for path in ("assets/link.txt", "/etc/passwd", "../../../../etc/passwd", str(tmp_path)):
        _typst_template(spy_copy, f'#read("{path}")')
        with pytest.raises(HandoutError, match="typst: ") as caught:
            render_handout(module, "found-note", fmt="pdf")
        assert "TOP-SECRET-OUTSIDE" not in str(caught.value)


def test_module_typst_time_limit(spy_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typst_sandbox, "TYPST_SECONDS", 0.5)
    _typst_template(
        spy_copy, "#for i in range(5000) { for j in range(5000) { for k in range(100) {} } }"
    )
    started = time.monotonic()
    with pytest.raises(HandoutError, match="refused: compiling the module's Typst took longer"):
        render_handout(load_module(spy_copy), "found-note", fmt="pdf")
    assert time.monotonic() - started < 10


def test_render_many_compiles_a_modules_typst_in_one_sandboxed_batch(spy_copy: Path) -> None:
    _typst_template(spy_copy, '#read("/etc/passwd")')
    module = load_module(spy_copy)
    results = list(handouts.render_many(module, ["orders-one", "found-note", "ledger"], fmt="pdf"))
    assert [result.handout for result in results] == ["orders-one", "found-note", "ledger"]
    assert results[1].error is not None and "typst: file not found" in str(results[1].error)
    assert "(handout found-note)" in str(results[1].error)
    for result in (results[0], results[2]):
        assert isinstance(result.output, bytes) and result.output.startswith(b"%PDF")
