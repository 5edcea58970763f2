"""Module text with its Markdown emphasis shown, as Textual `Content`.

Apart from `campaign.tui.render` (which needs the model) so that the first frame
read from a module's YAML (`campaign.tui.raw_frame`) shows read-aloud text as the
GM screen will, without importing pydantic.
"""

from __future__ import annotations

import re

from textual.content import Content

_EMPHASIS = re.compile(
    r"\*\*(?P<bold>[^*\n]+?)\*\*"
    r"|(?<![\w*])\*(?P<star>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<under>[^_\s](?:[^_\n]*?[^_\s])?)_(?![\w_])"
)


def md(text: str) -> Content:
    """Module text with its Markdown emphasis shown: **bold**, *italic*, _italic_."""
    text = text.strip()
    parts: list[Content | tuple[str, str] | str] = []
    position = 0
    for match in _EMPHASIS.finditer(text):
        parts.append(text[position : match.start()])
        if match.group("bold") is not None:
            parts.append((match.group("bold"), "bold"))
        else:
            parts.append((match.group("star") or match.group("under"), "italic"))
        position = match.end()
    parts.append(text[position:])
    return Content.assemble(*parts)
