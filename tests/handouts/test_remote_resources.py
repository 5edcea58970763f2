"""Opening a handout reaches no network: remote images and CSS are dropped and reported.

Before, `<img src=http://...>`, a `style="background:url(http://...)"`, a
`<style>` block's `@import` and a Markdown image `![x](http://...)` all stayed
in the HTML (only the page's Content Security Policy stood between the page
and the network, and a viewer that ignores it fetched them). Now the page
holds none of them, and `campaign validate` names each one written literally
at its file:line:col.
"""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import pytest
from handout_helpers import write_template
from render_costs import costs_under

from campaign.cli import main
from campaign.handouts import check_module_templates, render_handout
from campaign.handouts.markup import without_remote_images
from campaign.handouts.urls import local_resource, remote_css_urls
from campaign.loader import load_module

REMOTE = "example.invalid"

TEMPLATE = """{% extends "_page.html.j2" %}
{% block style %}@import "https://example.invalid/a.css";
body { background: url(https://example.invalid/b.png) }
p { background: u\\72l(//example.invalid/c.png) }
.ok { background: url(assets/paper.png) }{% endblock %}
{% block content %}
<img src="https://example.invalid/d.png" alt="remote">
<img src="assets/seal.png" alt="local">
<img srcset="//example.invalid/e.png 2x" alt="set">
<link rel="stylesheet" href="https://example.invalid/f.css">
<p style="background-image: url('http://example.invalid/g.png')">styled</p>
<p style="color: red">kept</p>
<table background="https://example.invalid/h.png"><tr><td>t</td></tr></table>
{{ handout.body|markdown }}
{% endblock %}
"""


def _page(html: str) -> list[tuple[str, dict[str, str]]]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [(element.tag, dict(element.attrib)) for element in tree.iter()]


def test_no_remote_resource_reaches_the_page(spy_copy: Path) -> None:
    write_template(spy_copy, "note.html.j2", TEMPLATE)
    handouts = spy_copy / "handouts" / "handouts.yaml"
    body = "![map](https://example.invalid/i.png) ![seal](assets/seal.png) [web](https://x.org)"
    handouts.write_text(
        handouts.read_text() + f"---\nid: pics\ntitle: Pics\ntype: note\nbody: {json.dumps(body)}\n"
    )
    with costs_under(6):
        html = render_handout(load_module(spy_copy), "pics", fmt="html")
    assert REMOTE not in html
    elements = _page(html)
    sources = [attrs.get("src") for tag, attrs in elements if tag == "img"]
    assert sources == [None, "assets/seal.png", None, "assets/seal.png"]
    assert [tag for tag, _ in elements if tag == "link"] == []
    assert '<p style="color: red">kept</p>' in html
    assert "url(assets/paper.png)" in html
    assert "map" in html and '<a href="https://x.org"' in html  # the image's text stays


def test_markdown_images_from_the_web_are_left_out_in_shared_templates(spy_copy: Path) -> None:
    handouts = spy_copy / "handouts" / "handouts.yaml"
    body = "See ![the map](http://example.invalid/map.png) here."
    handouts.write_text(
        handouts.read_text() + f"---\nid: pics\ntitle: Pics\ntype: note\nbody: {json.dumps(body)}\n"
    )
    html = render_handout(load_module(spy_copy), "pics", fmt="html")
    assert REMOTE not in html
    assert "See the map here." in html


def test_validate_names_every_remote_resource_at_its_place(
    spy_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = write_template(spy_copy, "note.html.j2", TEMPLATE)
    handouts = spy_copy / "handouts" / "handouts.yaml"
    before = handouts.read_text()
    body = "![map](https://example.invalid/i.png)"
    handouts.write_text(
        before + f"---\nid: pics\ntitle: Pics\ntype: note\nbody: {json.dumps(body)}\n"
    )
    body_line = before.count("\n") + 5
    problems = sorted(str(problem) for problem in check_module_templates(load_module(spy_copy)))
    tail = (
        "is left out of the page: a handout may only load files from its module (put it in assets/)"
    )
    assert problems == sorted(
        [
            f"{handouts}:{body_line}:7: body: remote image 'https://example.invalid/i.png' {tail}",
            f"{template}:2:18: remote CSS url 'https://example.invalid/a.css' {tail}",
            f"{template}:4:17: remote CSS url '//example.invalid/c.png' {tail}",
            f"{template}:3:20: remote CSS url 'https://example.invalid/b.png' {tail}",
            f"{template}:7:6: remote image 'https://example.invalid/d.png' {tail}",
            f"{template}:9:6: remote image '//example.invalid/e.png' {tail}",
            f"{template}:10:1: remote style sheet 'https://example.invalid/f.css' {tail}",
            f"{template}:11:29: remote CSS url 'http://example.invalid/g.png' {tail}",
            f"{template}:13:8: remote image 'https://example.invalid/h.png' {tail}",
        ]
    )
    assert main(["validate", str(spy_copy)]) == 2
    assert f"{template}:7:6: remote image" in capsys.readouterr().err


@pytest.mark.parametrize(
    "url", ["http://x/a.png", "HTTPS://x", "//x/a", "\\\\x\\a", " //x", "/\t/x", "data:image/png,x"]
)
def test_a_remote_or_data_source_is_not_local(url: str) -> None:
    assert local_resource(url) is None


@pytest.mark.parametrize("url", ["a.png", "assets/a.png", "/abs/a.png", "#x", "a:b/c.png"[4:]])
def test_a_relative_source_is_local(url: str) -> None:
    assert local_resource(url) == url


def test_css_escapes_and_comments_do_not_hide_a_url() -> None:
    assert remote_css_urls("a{b:u\\72l(http://x/y)}") == ["http://x/y"]
    assert remote_css_urls("a{b:url( 'http://x/y' )}") == ["http://x/y"]
    assert remote_css_urls("@import 'http://x/y';") == ["http://x/y"]
    assert remote_css_urls('a{b:image-set("//x/y" 1x)}') == ["//x/y"]
    assert remote_css_urls("a{b:url(c.png) /* url(http://x) */}") == []


def test_markdown_output_loads_no_remote_image(spy_copy: Path) -> None:
    # A Markdown viewer loads images as it shows the text: with a remote one among them
    # every image becomes a link (`\![`); local-only images stay as written.
    handouts = spy_copy / "handouts" / "handouts.yaml"
    remote = "![map](https://example.invalid/i.png) ![seal](assets/seal.png)"
    local = "![seal](assets/seal.png) [web](https://x.org)"
    handouts.write_text(
        handouts.read_text()
        + f"---\nid: pics\ntitle: Pics\ntype: note\nbody: {json.dumps(remote)}\n"
        + f"---\nid: local\ntitle: Local\ntype: note\nbody: {json.dumps(local)}\n"
    )
    module = load_module(spy_copy)
    markdown = render_handout(module, "pics", fmt="md")
    assert "\\![map](https://example.invalid/i.png) \\![seal](assets/seal.png)" in markdown
    assert "![seal](assets/seal.png) [web](https://x.org)" in render_handout(
        module, "local", fmt="md"
    )


def test_images_past_the_label_budget_are_made_links_unread() -> None:
    # The parser stops looking for labels past its budget; a viewer does not.
    text = "[" * 100_001 + "\n\n![x](https://example.invalid/a.png)"
    assert without_remote_images(text).endswith("\\![x](https://example.invalid/a.png)")
    assert without_remote_images("![x](a.png)") == "![x](a.png)"
