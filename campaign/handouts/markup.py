"""Markdown to HTML and to Typst markup, and escaping for each output format.

Handout bodies are Markdown; templates print them with the `markdown` filter
of their format. Raw HTML in Markdown is refused (escaped), every piece of
text bound for Typst is escaped so it prints literally, and Markdown output
only has `<` escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from types import SimpleNamespace
from typing import Any

from markdown_it import MarkdownIt, helpers
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup

from campaign.handouts.markdown_budget import markdown_part
from campaign.handouts.urls import local_resource, safe_url


class TypstMarkup(str):
    """Typst source that is already safe (escaped data, converted Markdown)."""

    __slots__ = ()


_TYPST_SPECIAL = re.compile(r"([\\#\[\]*_`$<>@~=\-+/])")
# Typst starts a new line at each of these (not only at "\n"): U+2028 or a
# vertical tab before "1." would make a numbered list.
_TYPST_NEWLINES = "\n\x0b\x0c\x85\u2028\u2029"
# The indentation before `1.` is read within its own line: `\s*` would also run over
# line breaks, so every line start in a run of blank lines re-read the whole run
# (256 KB of "\n" cost minutes). A match now starts at the last line start before the
# digits, which escapes the same `.`.
_TYPST_INDENT = rf"[^\S{_TYPST_NEWLINES}]"
_TYPST_ENUM = re.compile(rf"(?:^|(?<=[{_TYPST_NEWLINES}]))({_TYPST_INDENT}*\d+)\.")
# Right after a call (`#strong[a]`) these would continue the expression:
# `.has(...)` calls a method, `(...)` calls the result, `;` ends it silently.
_TYPST_CONTINUATION = frozenset(".(;")


def typst_escape(text: str) -> str:
    """Text that prints literally in Typst markup: every markup character escaped.

    Covers `\\ # [ ] * _ ` $ < > @ ~ = - + /` (so no code, math, raw, labels,
    references, headings, lists, comments or links can start), `1.` at the
    start of any line Typst sees (a numbered list), and a leading `.`, `(` or
    `;`, so text printed right after a call can never continue it as code.
    Quotes stay as they are: they only become smart quotes, which templates
    switch off with `#set smartquote(enabled: false)`.
    """
    escaped = _TYPST_SPECIAL.sub(r"\\\1", text.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = _TYPST_ENUM.sub(r"\1\\.", escaped)
    if escaped[:1] in _TYPST_CONTINUATION:
        escaped = "\\" + escaped
    return escaped


def typst_string(text: str) -> str:
    """A Typst string literal ("...") holding text exactly, for values in code position.

    A carriage return is written as Typst's `\\r` escape, not dropped: dropped, a
    value of only "\\r" became "" and `#link("")` is a Typst error ("URL must not be
    empty") where the value itself was a harmless relative URL.
    """
    body = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\r", "\\r")
        .replace("\n", "\\n")
        .replace("\t", "\\t")
    )
    return f'"{body}"'


LINK_LABEL_BUDGET = 100_000
"""Characters the parser may scan for link labels in one text, in all.

markdown-it looks for the closing `]` from every `[`, so a run of `[` costs the
square of its length (256 KB of `[` took 3.7 s). A real handout's labels are
short; past this budget a `[` is plain text, which bounds any field to linear
work.
"""
_BUDGET_KEY = "campaign.link_label_scanned"


def _bounded_link_label(state: StateInline, start: int, disableNested: bool = False) -> int:
    """markdown-it's `parseLinkLabel`, the same walk, stopped when the text's budget is spent."""
    scanned = int(state.env.get(_BUDGET_KEY, 0))
    if scanned >= LINK_LABEL_BUDGET:
        return -1
    old_pos, state.pos, level, end = state.pos, start + 1, 1, -1
    while state.pos < state.posMax:
        scanned += 1
        if scanned >= LINK_LABEL_BUDGET:
            break
        marker = state.src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                end = state.pos
                break
        previous = state.pos
        state.md.inline.skipToken(state)
        if marker == "[":
            if previous == state.pos - 1:
                level += 1  # a `[` of text, not part of a token
            elif disableNested:
                break
    state.env[_BUDGET_KEY] = scanned
    state.pos = old_pos
    return end


class _SafeLinks(MarkdownIt):
    """One link rule for every format: a link or image whose URL `safe_url` refuses
    (javascript:, data:, ...) is not made at all; its text stays as written. Link
    labels are looked for within `LINK_LABEL_BUDGET`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helpers = SimpleNamespace(  # type: ignore[assignment]
            parseLinkDestination=helpers.parseLinkDestination,
            parseLinkLabel=_bounded_link_label,
            parseLinkTitle=helpers.parseLinkTitle,
        )

    def validateLink(self, url: str) -> bool:
        return safe_url(url) is not None


def _local_image(self: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """An image whose source is not a local file is its text: opening a handout must not
    fetch anything (`urls.local_resource`)."""
    token = tokens[index]
    if local_resource(str(token.attrGet("src") or "")) is None:
        return escapeHtml(self.renderInlineAsText(token.children or [], options, env))
    return str(self.image(tokens, index, options, env))


def _markdown() -> MarkdownIt:
    # With "html" off the HTML rules make nothing, but they are still tried at every line
    # and every `<`: switched off, the output is the same and long texts parse faster.
    md = (
        _SafeLinks("commonmark", {"html": False})
        .enable(["table", "strikethrough"])
        .disable(["html_block", "html_inline"])
    )
    md.add_render_rule("image", _local_image)
    return md


_MARKDOWN = _markdown()


def markdown_to_html(text: str) -> Markup:
    """Markdown (raw HTML refused and escaped; links `safe_url` refuses dropped) as HTML.

    Past `MARKUP_BUDGET` the rest of the text is plain paragraphs (at its blank lines)."""
    head, rest = markdown_part(text)
    html = _MARKDOWN.render(head)
    for paragraph in _BLANK_LINE.split(rest) if rest else ():
        if paragraph.strip():
            html += "<p>" + escapeHtml(paragraph.strip()) + "</p>\n"
    return Markup(html)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


_TYPST_INLINE_OPEN = {
    "strong_open": "#strong[",
    "em_open": "#emph[",
    "s_open": "#strike[",
    "link_open": "#underline[",
}
_TYPST_INLINE_CLOSE = {"strong_close", "em_close", "s_close", "link_close"}


STRING_RUN_ESCAPES = 64
"""Escapes past which a run of text is written as one Typst string (`#"..."`).

Typst lays out every escape (`\\<`) as a node of its own, and a paragraph of many
nodes costs more than linear time: 50,000 of `\\[ ` took 12 s, 250 KB of `<` well
past the 5 s limit, while the same text as one string takes a tenth of a second.
Short runs keep the escaped form (the same output as ever)."""


def _typst_text_run(pieces: list[str]) -> str:
    """Consecutive text of one inline run: escaped markup, or one string when it would
    need more than `STRING_RUN_ESCAPES` escapes."""
    text = "".join(pieces)
    escaped = "".join(typst_escape(piece) if piece != " " else " " for piece in pieces)
    if escaped.count("\\") - text.count("\\") <= STRING_RUN_ESCAPES:
        return escaped
    return "#" + typst_string(text)


def _typst_inline(tokens: Sequence[Token]) -> str:
    out: list[str] = []
    run: list[str] = []
    for token in tokens:
        kind = token.type
        if kind in ("text", "softbreak") or kind not in _TYPST_INLINE_KINDS:
            run.append(" " if kind == "softbreak" else token.content)
            continue
        if run:
            out.append(_typst_text_run(run))
            run = []
        if kind in _TYPST_INLINE_OPEN:
            out.append(_TYPST_INLINE_OPEN[kind])
        elif kind in _TYPST_INLINE_CLOSE:
            out.append("]")
        elif kind == "code_inline":
            out.append(f"#raw({typst_string(token.content)})")
        elif kind == "hardbreak":
            out.append("#linebreak() ")
        elif kind == "image":
            out.append(f"\\[{typst_escape(token.content)}\\]")
    if run:
        out.append(_typst_text_run(run))
    return "".join(out)


_TYPST_INLINE_KINDS = frozenset(
    {*_TYPST_INLINE_OPEN, *_TYPST_INLINE_CLOSE, "code_inline", "hardbreak", "image"}
)


def markdown_to_typst(text: str) -> TypstMarkup:
    """Markdown as Typst markup, every piece of text escaped.

    Block structure becomes function calls (`#list(...)`, `#quote(block: true)[...]`,
    `#table(...)`) so nesting never depends on indentation. Past `MARKUP_BUDGET` the
    rest of the text is plain text (a Typst string).
    """
    head, rest = markdown_part(text)
    converted = _markdown_to_typst(head)
    if not rest:
        return converted
    return TypstMarkup(f"{converted}\n\n#{typst_string(rest)}".lstrip())


def _markdown_to_typst(text: str) -> TypstMarkup:
    tokens = _MARKDOWN.parse(text)
    out: list[str] = []
    tight: list[bool] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            out.append(_typst_inline(token.children or []))
        elif kind == "paragraph_open":
            continue
        elif kind == "paragraph_close":
            if not token.hidden:
                out.append("\n\n")
        elif kind == "heading_open":
            out.append(f"#heading(level: {token.tag[1:]}, outlined: false)[")
        elif kind == "heading_close":
            out.append("]\n\n")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            tight.append(True)
            if kind == "bullet_list_open":
                out.append("#list(tight: true, ")
            else:
                start = token.attrGet("start")
                out.append(f"#enum(tight: true, start: {int(start or 1)}, ")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            tight.pop()
            out.append(")\n\n")
        elif kind == "list_item_open":
            out.append("[")
        elif kind == "list_item_close":
            out.append("],")
        elif kind == "blockquote_open":
            out.append("#quote(block: true)[")
        elif kind == "blockquote_close":
            out.append("]\n\n")
        elif kind in ("fence", "code_block"):
            out.append(f"#raw(block: true, {typst_string(token.content)})\n\n")
        elif kind == "hr":
            out.append("#line(length: 100%)\n\n")
        elif kind == "table_open":
            columns = 0
            for later in tokens[index + 1 :]:
                if later.type == "tr_close":
                    break
                if later.type in ("th_open", "td_open"):
                    columns += 1
            out.append(f"#table(columns: {max(columns, 1)}, ")
        elif kind == "table_close":
            out.append(")\n\n")
        elif kind == "th_open":
            out.append("table.header([#strong[" if _first_cell(tokens, index) else "[#strong[")
        elif kind == "th_close":
            out.append("]]),") if _last_header_cell(tokens, index) else out.append("]],")
        elif kind == "td_open":
            out.append("[")
        elif kind == "td_close":
            out.append("],")
        elif kind == "html_block":
            out.append(typst_escape(token.content) + "\n\n")
    return TypstMarkup("".join(out).strip())


def _first_cell(tokens: Sequence[Token], index: int) -> bool:
    return index > 0 and tokens[index - 1].type == "tr_open"


def _last_header_cell(tokens: Sequence[Token], index: int) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].type == "tr_close"


REMOTE_IMAGE_SCAN_LIMIT = 1_000_000
"""Markdown output longer than this with any `![` in it has every image made a link,
unread (reading it would cost seconds)."""
# `![` not escaped (an even number of backslashes before it).
_IMAGE_OPENER = re.compile(r"(?<!\\)((?:\\\\)*)!\[")


def without_remote_images(text: str) -> str:
    """Markdown output in which no image would be loaded from outside as a viewer shows it.

    Text whose images are all local files is kept as it is. If any image would be
    fetched (`urls.local_resource` refuses its source), or the text cannot be read
    whole within the parser's budgets, every `![` becomes `\\![`: the `!` is plain
    and each image reads as a link to it, loaded only if someone follows it.
    """
    if "![" not in text:
        return text
    if len(text) <= REMOTE_IMAGE_SCAN_LIMIT:
        env: dict[str, Any] = {}
        tokens = _MARKDOWN.parse(text, env)
        if env.get(_BUDGET_KEY, 0) < LINK_LABEL_BUDGET and not any(
            local_resource(str(image.attrGet("src") or "")) is None for image in _images(tokens)
        ):
            return text
    return _IMAGE_OPENER.sub(r"\1\\![", text)


def _images(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type == "image":
            yield token
        if token.children:
            yield from _images(token.children)


def markdown_text(text: str) -> str:
    """Markdown output: kept as written, `<` escaped so no raw HTML reaches a viewer."""
    return text.replace("<", "&lt;")


def markdown_cell(value: Any) -> str:
    """A value for one Markdown table cell: one line, `|` escaped."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def label(key: Any) -> str:
    """A data key as a label: 'forwarded_to' -> 'Forwarded to'."""
    text = str(key).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]
