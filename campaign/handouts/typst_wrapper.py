"""The toolkit's own first line of every Typst source, and error positions mapped past it.

A module's `.typ.j2` template writes Typst code, so it can write
`#link("javascript:...")` as easily as text. The rule that stops that is not
in any template: `wrapped` puts `LINK_RULE` before every source the Typst
child compiles. It is a `show link` rule at the top level, so it styles the
whole document; Typst has no way to revoke a show rule, and a rule a template
adds later only runs before it, never instead of it (each rule applies once
to every link, including links a later rule builds). For a link whose target
`urls.safe_url` would refuse, the rule shows the link's text without the link,
so no such URI action reaches the PDF; page headers, footnotes, bibliographies
and links built at run time are all content under the rule.

Typst reports errors as `file:line:column` of the source it compiled, so
`error_position` takes the rule's line off again (and names a file from the
module's assets by its path there).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from campaign.handouts.urls import SAFE_SCHEMES

MAIN_FILE = "__typst_py_bytes__.typ"
"""What Typst calls the source it was handed (inside its root folder)."""

_SCHEMES = ", ".join(f'"{scheme}"' for scheme in sorted(SAFE_SCHEMES))
# The same reading as `urls.url_scheme`: ends stripped of characters up to the space,
# tabs and newlines inside removed, then an ASCII scheme (compared in lower case).
LINK_RULE = (
    "#show link: it => if type(it.dest) != str { it } else { "
    'let url = it.dest.trim(regex("[\\u{0}-\\u{20}]")).replace(regex("[\\t\\n\\r]"), ""); '
    'let scheme = url.match(regex("^([A-Za-z][A-Za-z0-9+.-]*):")); '
    f"if scheme == none or lower(scheme.captures.at(0)) in ({_SCHEMES}) {{ it }} "
    "else { it.body } }\n"
)
"""A show rule that drops every link whose target `urls.safe_url` refuses (its text stays)."""
WRAPPER_LINES = LINK_RULE.count("\n")
"""Lines the wrapper puts before the handout's own Typst."""

# The first error of Typst's report: `error: message` then `┌─ file:line:column` (the
# column counts characters from 0).
_FIRST_ERROR = re.compile(r"^error:.*?\n\s*┌─ (?P<file>.+):(?P<line>\d+):(?P<column>\d+)\s*$", re.M)


def wrapped(source: str) -> str:
    """`source` with the toolkit's link rule before it: what the Typst child compiles."""
    return LINK_RULE + source


@dataclass(frozen=True, slots=True)
class TypstPosition:
    """Where Typst found an error: `file` is "" for the handout's own Typst (line and
    column in the source the template made) or a path under the root (`assets/x.typ`)."""

    file: str
    line: int
    column: int
    """1-based, in characters."""


def error_position(diagnostic: str, *, cwd: str, root: str) -> TypstPosition | None:
    """Where the first error of Typst's report is, the wrapper's line taken off.

    Typst names files relative to its working directory `cwd`; `root` is the
    folder it compiled in. None when the report names no place (or a place
    in the wrapper itself, or outside the root).
    """
    match = _FIRST_ERROR.search(diagnostic)
    if match is None:
        return None
    path = os.path.normpath(os.path.join(cwd, match["file"]))
    relative = os.path.relpath(path, os.path.normpath(root))
    if relative.startswith(os.pardir) or os.path.isabs(relative):
        return None
    line, column = int(match["line"]), int(match["column"]) + 1
    if relative == MAIN_FILE:
        line -= WRAPPER_LINES
        if line < 1:
            return None
        return TypstPosition("", line, column)
    return TypstPosition(relative.replace(os.sep, "/"), line, column)
