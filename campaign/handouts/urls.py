"""Which link targets a handout may carry, in every output format.

`safe_url` is the one rule: a URL with no scheme (a relative path, `#anchor`)
or with `http`, `https` or `mailto` is kept; any other scheme (`javascript:`,
`data:`, `vbscript:`, `file:`...) is dropped. It reads the URL the way a
browser does (leading spaces and control characters stripped, tabs and
newlines inside removed), so `java\\tscript:` and ` javascript:` are caught
too. HTML (the sanitizer and the Markdown converter), Markdown output and
any Typst link target all ask it.

Markdown output (`scrub_markdown`) is text a viewer renders later, so it is
made safe as text: every `<` is escaped (no raw HTML and no `<autolink>` can
start) and every inline link, image and reference definition whose
destination is not safe gets `#` instead; `markup.without_remote_images` then
turns images into links when any would load from outside.

What a page loads as it opens (images, CSS `url()`) must be a local file:
`local_resource` (and `remote_css_urls`, `local_css` for style sheets) is
that rule, for the HTML sanitizer, the Markdown converter and `validate`.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""URL schemes a link may use; a URL without a scheme is relative and always kept."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# What browsers ignore around and inside a URL (WHATWG URL parser).
_STRIPPED_ENDS = "".join(chr(code) for code in range(0x21))
_REMOVED_INSIDE = re.compile(r"[\t\n\r]")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read from `url` (lower case), or None for a relative URL."""
    cleaned = _REMOVED_INSIDE.sub("", url.strip(_STRIPPED_ENDS))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def safe_url(url: str) -> str | None:
    """`url` if a handout may link to it (relative, http, https, mailto), else None.

    `url` is the decoded value (entities and escapes already resolved), as an
    HTML parser or a Markdown parser hands it over.
    """
    scheme = url_scheme(url)
    if scheme is None or scheme in SAFE_SCHEMES:
        return url
    return None


def local_resource(url: str) -> str | None:
    """`url` if a page may load it when opened (an image, a style sheet): a relative
    path only. A scheme (`http:`, `data:`...) or a host (`//host/x`, `\\\\host\\x`, which
    a page opened from a file reaches over the network share) is refused: a handout
    must not reach the network, or tell anyone it was opened, when it is read."""
    cleaned = _REMOVED_INSIDE.sub("", url.strip(_STRIPPED_ENDS))
    if url_scheme(url) is not None or cleaned[:2].replace("\\", "/") == "//":
        return None
    return url


# CSS escapes (`\75 rl(` is `url(`) and comments are read away before looking.
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
# A URL a style sheet may fetch: url(...) (quoted or not) and every quoted string
# (`@import "x"`, `image-set("x" 1x)`, `src: "x"`), read the way CSS reads them.
_CSS_REFERENCE = re.compile(
    r"""url\(\s*(?:"(?P<q1>[^"]*)"|'(?P<q2>[^']*)'|(?P<bare>[^)]*?))\s*\)"""
    r"""|"(?P<s1>[^"]*)"|'(?P<s2>[^']*)'""",
    re.I | re.S,
)


def _css_text(css: str) -> str:
    def unescape(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return match.group(2)

    return _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub(" ", css))


def remote_css_urls(css: str) -> list[str]:
    """The URLs in CSS that `local_resource` refuses (what opening the page would fetch)."""
    found: list[str] = []
    for match in _CSS_REFERENCE.finditer(_css_text(css)):
        url = next(group for group in match.groups() if group is not None)
        if local_resource(url) is None:
            found.append(url)
    return found


def local_css(css: str) -> str:
    """CSS with every reference `local_resource` refuses taken out (CSS that has none is
    kept byte for byte; one that has is read as CSS reads it, escapes resolved)."""
    if not remote_css_urls(css):
        return css

    def keep_local(match: re.Match[str]) -> str:
        url = next(group for group in match.groups() if group is not None)
        if local_resource(url) is not None:
            return match.group(0)
        return "none" if match.group(0)[:4].lower() == "url(" else '""'

    return _CSS_REFERENCE.sub(keep_local, _css_text(css))


# --- Markdown output ---------------------------------------------------------------

# Where a link destination starts: after `](` (inline link or image) or after
# `]:` (reference definition), with the spaces and one line break CommonMark
# allows before it.
_DESTINATION_START = re.compile(r"\](?:\(|:)[ \t]*(?:\r?\n[ \t]*)?")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _destination_end(text: str, start: int) -> int:
    """Where the link destination starting at `start` ends (CommonMark's rules)."""
    if start < len(text) and text[start] == "<":
        index = start + 1
        while index < len(text) and text[index] not in "<>\n":
            index += 2 if text[index] == "\\" else 1
        return min(index + 1, len(text))
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ASCII_PUNCTUATION:
            index += 2
            continue
        if char <= " " or char == "\x7f":
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        index += 1
    return index


def _decoded_destination(raw: str) -> str:
    """The URL a Markdown parser makes of a raw destination: `<>` off, escapes and entities
    resolved."""
    if raw.startswith("<"):
        raw = raw[1:-1] if raw.endswith(">") else raw[1:]
    return html.unescape(_ESCAPED.sub(r"\1", raw))


def scrub_markdown(text: str) -> str:
    """Markdown made safe to hand to any viewer: no raw HTML, no unsafe link targets.

    Every `<` becomes `&lt;` (so no HTML tag, comment or `<autolink>` can
    start), and the destination of every inline link, image and reference
    definition whose URL `safe_url` refuses becomes `#`. (Remote images are
    `markup.without_remote_images`'s business.)
    """
    text = text.replace("<", "&lt;")
    if "]" not in text:
        return text
    out: list[str] = []
    position = 0
    budget = DESTINATION_SCAN_BUDGET
    for match in _DESTINATION_START.finditer(text):
        start = match.end()
        if start < position:
            continue
        if budget <= 0:
            # Past the budget no destination is read: the `]` is made literal, so no
            # link or definition can close here at all (linear, and never unsafe).
            bracket = match.start()
            if _backslashes_before(text, bracket) % 2 == 0:
                out.append(text[position:bracket])
                out.append("\\")
                position = bracket
            continue
        end = _destination_end(text, start)
        budget -= end - start + 1
        if safe_url(_decoded_destination(text[start:end])) is None:
            out.append(text[position:start])
            out.append("#")
            position = end
    out.append(text[position:])
    return "".join(out)


DESTINATION_SCAN_BUDGET = 100_000
"""Characters `scrub_markdown` may read as link destinations in one text, in all.

Every `](` starts a destination that may run to the end of the text, so a text
of many `](` costs the square of its length (40 KB of `[a](` took 52 s).
Past the budget the remaining `]` are escaped instead of read.
"""


def _backslashes_before(text: str, index: int) -> int:
    count = 0
    while index - count > 0 and text[index - count - 1] == "\\":
        count += 1
    return count
