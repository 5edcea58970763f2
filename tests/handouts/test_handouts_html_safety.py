"""HTML from a module's own templates: the toolkit's shell around sanitized blocks; no unsafe
link survives in any format.

Each test asserts the page's structure with a real HTML parser (the Content
Security Policy is the first element of the one `<head>`, no script, no
refresh, no unsafe URL) and the CPU the render cost, the render child included.
"""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from handout_helpers import NOW, write_template
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from render_costs import costs_under

from campaign.handouts import CONTENT_SECURITY_POLICY, render_handout, render_source
from campaign.handouts.urls import safe_url, scrub_markdown, url_scheme
from campaign.loader import load_module
from campaign.model import Module
from campaign.paths import bundled_modules_dir, bundled_templates_dir


class _Page(HTMLParser):
    """Every element with its attributes, and where <head> and <body> start and end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.head_children: list[tuple[str, dict[str, str | None]]] = []
        self.in_head = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, dict(attrs))
        self.elements.append(element)
        if self.in_head:
            self.head_children.append(element)
        if tag == "head":
            self.in_head = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def assert_safe_page(html: str) -> _Page:
    """One <head> whose first element is the CSP; no script, refresh, handler or unsafe URL."""
    page = _parse(html)
    tags = [tag for tag, _ in page.elements]
    assert tags[:3] == ["html", "head", "meta"]
    assert tags.count("head") == 1 and tags.count("body") == 1 and tags.count("html") == 1
    first = page.head_children[0][1]
    assert first == {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}
    for tag, attrs in page.elements:
        assert tag not in {"script", "iframe", "object", "embed", "form", "base", "link"}
        assert tag != "meta" or attrs.get("http-equiv") in (None, "Content-Security-Policy")
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in {"href", "src", "action", "formaction", "xlink:href", "cite"}:
                assert value is not None and safe_url(value) == value, (tag, name, value)
    assert html.count("Content-Security-Policy") == 1
    return page


ATTACKS = {
    "head with a quoted '>'": (
        "<!DOCTYPE html><html><head title='x>'><script>alert(1)</script></head>"
        "<body>kept</body></html>"
    ),
    "header first": "<header><script>alert(1)</script>kept</header>",
    "safe filter": "<p>{{ '<script>alert(1)</script>'|safe }}kept</p>",
    "meta refresh": "<meta http-equiv=refresh content='0;url=https://example.invalid'>kept",
    "javascript link": "<a href='javascript:alert(1)'>kept</a><a href=' JaVa&#09;script:x'>x</a>",
    "data link": "<a href='data:text/html,<script>alert(1)</script>'>kept</a>",
    "event handler": "<p onclick='alert(1)'>kept</p><img src=x onerror=alert(1)>",
    "svg script": "<svg><script>alert(1)</script></svg>kept",
    "style breaking out": "<style></style><script>alert(1)</script></style>kept",
    "comment trick": "<!--><script>alert(1)</script>-->kept",
    "base and form": (
        "<base href='https://example.invalid/'><form action='javascript:x'>kept</form>"
    ),
    "iframe srcdoc": "<iframe srcdoc='<script>alert(1)</script>'></iframe>kept",
    "extends with blocks": (
        '{% extends "_page.html.j2" %}'
        "{% block style %}</style><script>alert(1)</script>{% endblock %}"
        "{% block body_class %}x\"><script>alert(1)</script>{% endblock %}"
        "{% block content %}<script>alert(1)</script>kept{% endblock %}"
    ),
    "own page shell": "kept",
}


@pytest.mark.parametrize("template", list(ATTACKS.values()), ids=list(ATTACKS))
def test_a_module_template_cannot_escape_the_page(spy_copy: Path, template: str) -> None:
    write_template(spy_copy, "note.html.j2", template)
    # A module's own shell or style sheet is not the page: the toolkit's is.
    write_template(spy_copy, "_page.html.j2", "<script>alert('own shell')</script>")
    with costs_under(3):
        html = render_handout(load_module(spy_copy), "found-note", fmt="html")
    page = assert_safe_page(html)
    assert "<script" not in html.lower() and "own shell" not in html
    assert "kept" in "".join(page.text)
    assert "example.invalid" not in html


def test_blocks_a_module_fills_are_kept_when_harmless(spy_copy: Path) -> None:
    write_template(
        spy_copy,
        "note.html.j2",
        '{% extends "_page.html.j2" %}'
        "{% block style %}{{ super() }} .own { color: #a00 }{% endblock %}"
        "{% block body_class %}handwritten own{% endblock %}"
        '{% block content %}<h1 class="title own">{{ handout.title }}</h1>'
        '<p style="top: 1mm">{{ handout.body }}</p>'
        '<a href="https://example.org/x">web</a> <a href="#top">top</a>{% endblock %}',
    )
    with costs_under(3):
        html = render_handout(load_module(spy_copy), "found-note", fmt="html", now=NOW)
    assert_safe_page(html)
    assert '<body class="handwritten own">' in html
    assert ".own { color: #a00 }" in html and "@page { size: A4" in html
    assert '<h1 class="title own">A note found in a shoe</h1>' in html
    assert '<p style="top: 1mm">Meet me at the bridge' in html
    assert 'href="https://example.org/x"' in html and 'href="#top"' in html
    assert "Printed 1987-05-14 from" in html  # the shell's footer


def _events(html: str) -> list[tuple[str, ...]]:
    """What a browser shows: elements, attributes and text (implicit <tbody> aside)."""
    page = _parse(html)
    shown: list[tuple[str, ...]] = []
    for tag, attrs in page.elements:
        if tag != "tbody":
            shown.append((tag, *sorted(f"{key}={value}" for key, value in attrs.items())))
    shown.append((" ".join("".join(page.text).split()),))
    return shown


@pytest.mark.parametrize("name", ["living-daylights", "drowned-bell"])
def test_module_copies_of_the_shared_templates_render_the_same_page(
    tmp_path: Path, name: str
) -> None:
    # A module that brings copies of the shared templates (the documented way to start
    # its own) has them sanitized, and the page a browser shows is the same.
    copy = tmp_path / name
    shutil.copytree(bundled_modules_dir() / name, copy)
    shutil.copytree(bundled_templates_dir(), copy / "templates")
    shared, own = load_module(bundled_modules_dir() / name), load_module(copy)
    with costs_under(8):
        for key, handout in shared.handouts.items():
            for audience in ("players", "gm") if handout.audience == "players" else ("gm",):
                expected = render_source(shared, handout, audience=audience, now=NOW)
                got = render_source(own, own.handouts[key], audience=audience, now=NOW)
                assert_safe_page(got)
                assert _events(got) == _events(expected), key


def test_shared_templates_output_is_not_touched(spy: Module) -> None:
    # The shared templates are trusted: their HTML is kept byte for byte (no sanitizer).
    with costs_under(3):
        html = render_handout(spy, "dossier-volkov", fmt="html", now=NOW)
    assert_safe_page(html)
    assert "&#39;" in html or "&quot;" in html or "'" in html
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta http-equiv=")


# --- links in every format ---------------------------------------------------------

UNSAFE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "data:image/png;base64,AAAA",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
SAFE_URLS = ["https://example.org/a?b=c#d", "http://x", "mailto:a@b.c", "#top", "rel/a:b", ""]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_safe_url_drops_scripts_and_data(url: str) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize("url", SAFE_URLS)
def test_safe_url_keeps_web_mail_and_relative_links(url: str) -> None:
    assert safe_url(url) == url
    assert url_scheme(url) in {None, "http", "https", "mailto"}


def test_markdown_output_drops_unsafe_links(spy: Module) -> None:
    # The fixture's hostile handout has `[a link](javascript:alert(1))` in its body.
    with costs_under(3):
        md = render_handout(spy, "dossier-hostile", fmt="md", audience="gm", now=dt.datetime.now())
    assert "javascript:" not in md and "[a link](#)" in md
    assert_safe_markdown(md)
    # In HTML the Markdown converter makes no link of it: the text prints as written.
    html = render_handout(spy, "dossier-hostile", fmt="html", now=NOW)
    assert_safe_page(html)
    assert "<p>[a link](javascript:alert(1))</p>" in html


class _AnyLink(MarkdownIt):
    """A Markdown parser that makes every link it can (raw HTML on, no URL check): what
    the most trusting viewer would do with the output."""

    def validateLink(self, url: str) -> bool:
        return True


_VIEWER = _AnyLink("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _viewer_sees(markdown: str) -> tuple[list[str], list[str]]:
    """Every link and image target a viewer would make of `markdown`, and its raw HTML."""
    targets: list[str] = []
    raw: list[str] = []
    stack = list(_VIEWER.parse(markdown))
    while stack:
        token = stack.pop()
        stack.extend(token.children or [])
        if token.type in ("html_inline", "html_block"):
            raw.append(token.content)
        for name in ("href", "src"):
            value = token.attrGet(name)
            if value is not None:
                targets.append(str(value))
    return targets, raw


def assert_safe_markdown(markdown: str) -> list[str]:
    targets, raw = _viewer_sees(markdown)
    assert raw == []
    for target in targets:
        assert safe_url(target) == target, target
    return targets


HOSTILE_MARKDOWN = (
    "[a](javascript:alert(1)) [b](<javascript:alert(2)>) ![c](data:image/png;base64,AA)\n"
    "[d](java&#115;cript:alert(3)) [e](javascript\\:alert(4)) [f][ref] <javascript:alert(5)>\n"
    '<a href="javascript:alert(6)">g</a> [h](\n javascript:alert(8) "title")\n'
    "[ok](https://example.org) [top](#top) [nested](a(b)c)\n\n"
    "[ref]:\n  javascript:alert(7)\n"
)


def test_the_viewer_oracle_sees_the_hostile_links() -> None:
    # Without the scrub, a trusting viewer makes script links of this Markdown.
    targets, raw = _viewer_sees(HOSTILE_MARKDOWN)
    assert sum(safe_url(target) is None for target in targets) >= 6 and raw


def test_a_module_markdown_template_cannot_link_to_scripts(spy_copy: Path) -> None:
    write_template(spy_copy, "note.md.j2", HOSTILE_MARKDOWN)
    with costs_under(3):
        md = render_handout(load_module(spy_copy), "found-note", fmt="md")
    targets = assert_safe_markdown(md)
    assert "https://example.org" in targets and "#top" in targets and "a(b)c" in targets
    assert "[a](#)" in md and "[ok](https://example.org) [top](#top)" in md
    assert "&lt;javascript:alert(5)>" in md  # no autolink: the text prints as written


_LINK_PIECES = st.sampled_from(
    ["[", "]", "(", ")", "<", ">", "!", ":", "\\", "\n", " ", "\t", "&#106;", "&colon;",
     "javascript", "JAVA", "script", "data", "http", "#", "a", '"', "\x01", "]("]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINK_PIECES, max_size=40).map("".join))
def test_scrubbed_markdown_never_links_to_anything_unsafe(text: str) -> None:
    assert_safe_markdown(scrub_markdown(text))


def test_scrubbing_leaves_safe_markdown_as_it_is() -> None:
    text = "# T\n\n*a* [b](https://x.org/(y)) ![c](img.png) [d][e]\n\n[e]: mailto:a@b.c\n"
    assert scrub_markdown(text) == text


def test_scrubbing_many_link_openers_is_linear_and_still_safe() -> None:
    """40 KB of '[a](' took 52 s (each '](' read to the end); past the scan budget
    every ']' is escaped instead, so no link can form there at all."""
    import resource

    from markdown_it import MarkdownIt

    from campaign.handouts.urls import scrub_markdown

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    hostile = (
        "[x](javascript:alert(1)) " * 5000
        + "[a](" * 60_000
        + "[b\\](javascript:y) [y](javascript:z) [ok](https://x.org)"
    )
    start = cpu()
    scrubbed = scrub_markdown(hostile)
    assert cpu() - start < 2.0
    html = MarkdownIt("commonmark").render(scrubbed)
    assert 'href="javascript' not in html
    assert scrub_markdown("see [the map](https://x.org)") == "see [the map](https://x.org)"
