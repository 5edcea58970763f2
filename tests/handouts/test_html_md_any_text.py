"""Any text in a handout or an NPC renders to HTML and Markdown that can run no code.

Hypothesis draws handout titles, bodies and data and NPC fields (the same
fields as the PDF test, `any_text`) from arbitrary Unicode, from Markdown
laced with Typst code, and from Markdown laced with HTML and link payloads:
`<script>`, event handlers, `javascript:` and `data:` targets written every
way CommonMark and browsers read them. Each example renders the players' note
and the GM's dossier to HTML and Markdown with the shared templates, and the
note again with a module's own templates that print the text `|safe`.

HTML is read by html5lib, a parser that follows the WHATWG algorithm browsers
use: no `<script>` element in any namespace, no event-handler attribute, no
refresh, no URL attribute with a target `safe_url` refuses, and the Content
Security Policy first in the one `<head>`. Markdown is read by markdown-it
(CommonMark) with its own link check off and raw HTML on, as the most lenient
viewer would: no raw HTML token and no link or image target `safe_url`
refuses. No example may raise, and the whole run has a CPU budget, the render
child's share counted.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from xml.etree.ElementTree import Element

import html5lib
import pytest
from any_text import INJECTED, LINE, TEXT, fields, with_text
from handout_helpers import FIXTURE, write_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from render_costs import costs_under
from typst_scanner import PIECES

from campaign.handouts import CONTENT_SECURITY_POLICY, render_handout
from campaign.handouts.urls import local_resource, remote_css_urls, safe_url
from campaign.loader import load_module
from campaign.model import Module

PAYLOAD_LIST = [

        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.example/a.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)>",
        "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href='&#106;avascript:alert(1)'>x</a>",
        "<details open ontoggle=alert(1)>",
        "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
        "<iframe src=javascript:alert(1)></iframe>",
        "<object data=javascript:alert(1)>",
        "<form action=javascript:alert(1)><button>x</button></form>",
        "<base href=javascript:alert(1)//>",
        "<style>@import 'javascript:alert(1)';</style>",
        "</style><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "<!--", "-->", "<![CDATA[", "<?xml ?>", "<!DOCTYPE html>", "</head>", "<head>",
        "[x](javascript:alert(1))",
        "[x]( JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](javascript:alert(1) \"title\")",
        "[x](\\javascript:alert(1))",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "<data:text/html,x>",
        "[a]: javascript:alert(1)\n\n[a]",
        "[a]:\n  <data:text/html,x>\n\n![a]",
        "[x](https://ok.example/)",
        "![x](https://example.invalid/a.png)",
        "![x](//example.invalid/a.png)",
        "<img src=https://example.invalid/a.png>",
        "<img srcset='https://example.invalid/a.png 2x'>",
        "<p style=\"background:url('http://example.invalid/a.png')\">x</p>",
        "<link rel=stylesheet href=https://example.invalid/a.css>",
        "<style>@import 'https://example.invalid/a.css';</style>",
        "[i]: https://example.invalid/a.png\n\n![i]",
        "javascript:alert(1)",
        "www.x.example",
        "`<script>`",
        "\\<script>",
        "&lt;script&gt;",
        "{{ 7*7 }}",
]  # fmt: skip
PAYLOADS = st.sampled_from(PAYLOAD_LIST)
WEB_MARKDOWN = st.lists(
    st.one_of(PAYLOADS, PIECES, st.text(max_size=6)), min_size=1, max_size=20
).map("".join)
ANY_TEXT = st.one_of(TEXT, WEB_MARKDOWN, PAYLOADS, INJECTED)
ANY_LINE = st.one_of(LINE, PAYLOADS)
FIELDS = fields(ANY_TEXT, ANY_LINE)

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "cite", "data", "poster", "background", "srcset",
     "codebase", "longdesc", "usemap", "manifest", "ping", "xlink:href"}
)  # fmt: skip
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "background", "data"})
"""What a browser fetches as the page opens (not on a click)."""


def _local(name: str) -> str:
    """`{namespace}name` or `prefix:name` as html5lib names things, down to the lower-case
    local name (`xlink:href` stays whole)."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return f"xlink:{local}" if namespace.endswith("/xlink") else local.lower()
    return name.lower()


def assert_no_code_in_html(html: str) -> None:
    """The page as a browser builds it: nothing that can run code or leave the page."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    document: Element = parser.parse(html)
    heads = [element for element in document.iter() if _local(str(element.tag)) == "head"]
    assert len(heads) == 1
    first = next(iter(heads[0]))
    assert _local(str(first.tag)) == "meta"
    assert first.attrib == {
        "http-equiv": "Content-Security-Policy",
        "content": CONTENT_SECURITY_POLICY,
    }
    for element in document.iter():
        tag = _local(str(element.tag))
        assert tag not in {"script", "iframe", "object", "embed", "form", "base", "frame"}, tag
        for raw, value in element.attrib.items():
            name = _local(raw)
            assert not name.startswith("on"), (tag, name, value)
            if name in URL_ATTRIBUTES:
                assert safe_url(value) is not None, (tag, name, value)
            # Nothing is fetched as the page opens: images and CSS from local files only.
            if name in RESOURCE_ATTRIBUTES:
                for candidate in value.split(",") if name == "srcset" else [value]:
                    source = candidate.split()[0] if candidate.split() else ""
                    assert local_resource(source) is not None, (tag, name, value)
            if name == "style":
                assert remote_css_urls(value) == [], (tag, value)
        assert tag != "link", element.attrib
        if tag == "style":
            assert remote_css_urls(element.text or "") == [], element.text
        if tag == "meta":
            assert element.attrib.get("http-equiv", "").lower() != "refresh", element.attrib
    policies = [
        element
        for element in document.iter()
        if _local(str(element.tag)) == "meta"
        and element.attrib.get("http-equiv", "").lower() == "content-security-policy"
    ]
    assert policies == [first]


def _lenient_markdown() -> MarkdownIt:
    """CommonMark with raw HTML on and markdown-it's own link check and encoding off, so
    only what the handout wrote decides what a viewer gets."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


MARKDOWN_VIEWER = _lenient_markdown()


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _tokens(token.children)


def assert_no_code_in_markdown(text: str) -> None:
    """No raw HTML and no unsafe link or image target, as a CommonMark viewer reads it."""
    for token in _tokens(MARKDOWN_VIEWER.parse(text)):
        assert token.type not in {"html_block", "html_inline"}, token.content
        for name in ("href", "src"):
            target = token.attrGet(name)
            if target is not None:
                assert safe_url(str(target)) is not None, (token.type, target)
        if token.type == "image":  # a viewer fetches it as it shows the text: local only
            assert local_resource(str(token.attrGet("src"))) is not None, token.attrGet("src")
    # And as HTML from that viewer: the same checks as a page's body.
    rendered = MARKDOWN_VIEWER.render(text)
    page = f"<!DOCTYPE html><html><head>{_POLICY}</head><body>{rendered}</body></html>"
    assert_no_code_in_html(page)


_POLICY = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'

MODULE_TEMPLATES = {
    # A module's own templates that print the text raw: nh3 cleans the HTML, the scrub
    # the Markdown. (The canary comes first: raw text such as `<script>` may rightly take
    # what follows it away with it.)
    "note.html.j2": (
        '{% extends "_page.html.j2" %}{% block content %}{{ handout.body|markdown }}'
        "<h1>{{ handout.title|safe }}</h1>{{ handout.body|safe }}"
        "<p>{{ handout.data.exhibit|safe }}</p>{% endblock %}"
    ),
    "note.md.j2": "# {{ handout.title }}\n\n{{ handout.body }}\n\n{{ handout.data.exhibit }}\n",
}


@pytest.fixture(scope="module")
def own_templates(tmp_path_factory: pytest.TempPathFactory) -> Module:
    root = tmp_path_factory.mktemp("own") / "spy"
    shutil.copytree(FIXTURE, root)
    for name, text in MODULE_TEMPLATES.items():
        write_template(root, name, text)
    return load_module(root)


def _render_all(spy: Module, own: Module, drawn: dict[str, str]) -> None:
    module, module_own = with_text(spy, drawn), with_text(own, drawn)
    for fmt in ("html", "md"):
        note = render_handout(module, "found-note", fmt=fmt)
        dossier = render_handout(module, "dossier-volkov", fmt=fmt, audience="gm")
        own_note = render_handout(module_own, "found-note", fmt=fmt)
        check = assert_no_code_in_html if fmt == "html" else assert_no_code_in_markdown
        for text in (note, dossier, own_note):
            check(text)
        assert "CANARYBODY" in note and "CANARYBODY" in own_note
        assert "CANARYNAME" in dossier


def test_any_text_renders_to_html_and_markdown_without_code(
    spy: Module, own_templates: Module
) -> None:
    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(FIELDS)
    def render(drawn: dict[str, str]) -> None:
        _render_all(spy, own_templates, drawn)

    with costs_under(60.0):
        render()


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x]( JaVaScRiPt:alert(1))",
        "![x](data:image/svg+xml,x)",
        "[a]: javascript:alert(1)\n\n[a]",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_the_checks_see_the_payloads(payload: str) -> None:
    # The checks are not blind: the raw payloads fail them.
    page = f"<!DOCTYPE html><html><head>{_POLICY}</head><body>{payload}</body></html>"
    with pytest.raises(AssertionError):
        assert_no_code_in_markdown(payload)
    if not payload.startswith(("[", "!")):
        with pytest.raises(AssertionError):
            assert_no_code_in_html(page)


def test_named_payloads_render_safely_in_every_field(spy: Module, own_templates: Module) -> None:
    # Every payload, in every field at once, through both template sets: no example luck.
    with costs_under(20.0):
        for payload in PAYLOAD_LIST:
            drawn = dict.fromkeys(
                ("title", "body", "data", "name", "role", "description", "secret", "tactics"),
                payload,
            )
            _render_all(spy, own_templates, drawn)


def test_the_html_check_reads_as_a_browser_does() -> None:
    # A page a browser would run code from fails the check (html5lib reads the shell).
    page = (
        f"<!DOCTYPE html><html><head>{_POLICY}</head><body>"
        "<svg><a xlink:href='javascript:alert(1)'>x</a></svg></body></html>"
    )
    with pytest.raises(AssertionError):
        assert_no_code_in_html(page)
    late_policy = f"<!DOCTYPE html><html><head><title>x</title>{_POLICY}</head><body></body></html>"
    with pytest.raises(AssertionError):
        assert_no_code_in_html(late_policy)
