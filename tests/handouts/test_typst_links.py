"""No PDF carries a link that `urls.safe_url` refuses, whatever a module's Typst template writes.

The toolkit's link rule comes before every source the Typst child compiles
(`typst_wrapper`), so a module's own `.typ.j2` template that writes
`#link("javascript:...")`, builds the target at run time, hides the link in a
page header, a footnote or a bibliography, or adds its own `show link` rule to
undo the toolkit's, still prints a PDF with no URI action of a refused scheme:
the link's text stays, its target does not. Each PDF is read with pypdf.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
import typst
from cpu_budget import costs_under
from handout_helpers import write_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.handouts import render_handout
from campaign.handouts.markup import typst_string
from campaign.handouts.typst_root import TypstRoot
from campaign.handouts.typst_sandbox import compile_sandboxed
from campaign.handouts.typst_wrapper import WRAPPER_LINES, wrapped
from campaign.handouts.urls import safe_url, url_scheme
from campaign.loader import load_module
from campaign.model import Module


def link_targets(pdf: bytes) -> list[str]:
    """The target of every URI action in the PDF (link annotations, outline, open action)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: list[str] = []

    def visit(value: object, seen: set[int]) -> None:
        if isinstance(value, pypdf.generic.IndirectObject):
            if value.idnum in seen:
                return
            seen.add(value.idnum)
            value = value.get_object()
        if isinstance(value, pypdf.generic.DictionaryObject):
            if value.get("/S") == "/URI" and "/URI" in value:
                # The bytes as written (a PDF URI is bytes; pypdf would read some of them
                # as PDFDocEncoding accents), as latin-1 so each byte is one character.
                target = value["/URI"]
                raw = getattr(target, "original_bytes", None)
                if raw is None:
                    raw = bytes(target) if isinstance(target, bytes) else str(target).encode()
                found.append(bytes(raw).decode("latin-1"))
            for item in value.values():
                visit(item, seen)
        elif isinstance(value, pypdf.generic.ArrayObject):
            for item in value:
                visit(item, seen)

    visit(reader.trailer["/Root"], set())
    return found


def refused(targets: list[str]) -> list[str]:
    return [target for target in targets if safe_url(target) is None]


def words(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join(page.extract_text() for page in pages).split())


BIBLIOGRAPHY = """@misc{evil,
  title = {Evil Source},
  author = {Bad, Guy},
  year = {2020},
  url = {javascript:app.alert(1)},
}
"""

# Module templates that try to put a refused link into the PDF; each marks its link text
# with the case's name, which must still be printed.
ATTEMPTS = {
    "plain": '#link("javascript:app.alert(1)")[PLAIN]',
    "data": '#link("data:text/html,<script>alert(1)</script>")[DATA]',
    "case and spaces": '#link(" \\tJaVaScRiPt:alert(1)")[CASE]',
    "control characters": '#link("\\u{0}java\\nscript:alert(1)")[CONTROL]',
    "built at run time": '#link("java" + "script:" + str(1))[BUILT]',
    "from bytes": "#link(str(bytes((106, 97, 118, 97, 115, 99, 114, 105, 112, 116, 58, 120))))"
    "[BYTES]",
    "own show rule": '#show link: it => it\n#link("javascript:alert(1)")[OVERRIDE]',
    "show rule keeping the target": (
        '#show link.where(dest: "javascript:alert(1)"): it => [#it#metadata(it.dest)]\n'
        '#link("javascript:alert(1)")[KEEP]'
    ),
    "show-everything rule": "#show: doc => { show link: it => it; doc }\n"
    '#link("javascript:alert(1)")[EVERYTHING]',
    "page header and background": (
        '#set page(header: link("javascript:h()")[HEADER], '
        'background: link("javascript:b()")[BACKGROUND])\nbody'
    ),
    "footnote": 'text#footnote(link("vbscript:x")[FOOTNOTE])',
    "state shown later": (
        '#let s = state("s", none)\n#s.update(link("file:///etc/passwd")[STATE])\n#context s.get()'
    ),
    "explicit page": '#page(link("javascript:p()")[PAGE])',
    "bibliography from assets": '@evil\n\n#bibliography("/assets/refs.bib", style: "ieee")',
}


@pytest.fixture
def hostile(spy_copy: Path) -> Path:
    (spy_copy / "assets").mkdir()
    (spy_copy / "assets" / "refs.bib").write_text(BIBLIOGRAPHY, encoding="utf-8")
    return spy_copy


@pytest.mark.parametrize("name", list(ATTEMPTS))
def test_a_module_template_cannot_put_a_refused_link_in_the_pdf(hostile: Path, name: str) -> None:
    write_template(
        hostile,
        "note.typ.j2",
        "= {{ handout.title }}\n\n"
        + ATTEMPTS[name]
        + '\n\n#link("https://example.org/ok")[SAFE] #link("mailto:m@example.org")[MAIL]\n',
    )
    with costs_under(10):
        pdf = render_handout(load_module(hostile), "found-note", fmt="pdf")
    targets = link_targets(pdf)
    assert refused(targets) == []
    # The toolkit's rule drops only refused targets: the safe ones stay links.
    assert "https://example.org/ok" in targets
    assert "mailto:m@example.org" in targets
    assert "SAFE" in words(pdf)


def test_without_the_rule_the_same_typst_would_link(hostile: Path) -> None:
    # The attempts are real: the same Typst compiled here, without the toolkit's first
    # line, does put the refused targets into the PDF.
    source = "\n\n".join(ATTEMPTS.values())
    with costs_under(10), TypstRoot(load_module(hostile)) as root:
        guarded = compile_sandboxed(root, source, untrusted=True)
        unguarded = typst.Compiler(root=str(root.root)).compile(
            input=source.encode("utf-8"), format="pdf"
        )
    assert isinstance(guarded, bytes) and isinstance(unguarded, bytes)
    assert refused(link_targets(guarded)) == []
    assert len(refused(link_targets(unguarded))) >= len(ATTEMPTS) - 2
    assert wrapped(source).startswith("#show link:")
    assert wrapped(source).count("\n") == source.count("\n") + WRAPPER_LINES


def test_a_safe_module_link_stays_a_link(spy_copy: Path, spy: Module) -> None:
    write_template(
        spy_copy,
        "note.typ.j2",
        '#link("https://example.org/a")[A] #link("notes/b.pdf")[B] #link(<top>)[C]\n= Top <top>\n',
    )
    with costs_under(10):
        pdf = render_handout(load_module(spy_copy), "found-note", fmt="pdf")
        shared = render_handout(spy, "found-note", fmt="pdf")
    assert link_targets(pdf) == ["https://example.org/a", "notes/b.pdf"]
    assert "ABC" in words(pdf)
    assert refused(link_targets(shared)) == []


URL = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda lead, scheme, rest: lead + scheme + ":" + rest,
        st.text(alphabet=" \t\n\r\x00\x01\x1f", max_size=3),
        st.sampled_from(
            ["javascript", "JavaScript", "java\tscript", "data", "DATA", "vbscript", "file",
             "http", "HTTPS", "mailto", "tel", "x-y.z+1", "\u212aavascript", "1abc"]
        ),
        st.text(max_size=12),
    ),
)  # fmt: skip


@pytest.mark.parametrize("url", ["\r", "\r\n", " \r", "\x00", "\t\n\r \x1f"])
def test_a_url_of_only_spaces_and_control_characters_prints(spy: Module, url: str) -> None:
    # `typst_string` dropped "\r", so a target of only "\r" reached Typst as "" and
    # the whole handout failed with 'URL must not be empty'; Typst itself takes it.
    with TypstRoot(spy) as root:
        pdf = compile_sandboxed(root, f"#link({typst_string(url)})[Lx]", untrusted=True)
    assert isinstance(pdf, bytes), pdf
    assert "Lx" in words(pdf)
    assert refused(link_targets(pdf)) == []


def test_the_rule_keeps_exactly_the_links_safe_url_keeps(spy: Module) -> None:
    # One rule in two languages: for any target, the PDF has a link iff safe_url keeps it.
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(URL, min_size=1, max_size=12))
    def compare(urls: list[str]) -> None:
        urls = [url for url in urls if url]  # Typst refuses an empty URL
        source = "\n".join(
            f"#link({typst_string(url)})[L{index}]" for index, url in enumerate(urls)
        )
        with TypstRoot(spy) as root:
            pdf = compile_sandboxed(root, source or "x", untrusted=True)
        assert isinstance(pdf, bytes), pdf
        targets = link_targets(pdf)
        assert refused(targets) == []
        kept = [url for url in urls if safe_url(url) is not None]
        assert len(targets) == len(kept), (urls, targets)
        # The same ones: each kept link has the scheme (or none) of its target.
        assert [url_scheme(url) for url in targets] == [url_scheme(url) for url in kept]

    with costs_under(30):
        compare()
