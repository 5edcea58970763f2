"""Foundry result text (HTML, enrichers, inline rolls) as module text.

HTML becomes plain text with Markdown emphasis; `&Reference[...]` glossary
links keep their word; `@UUID[...]` links to a table of the same import become
`[[table:id]]`, other links keep their label; inline rolls are left to
`inline_rolls`. Whatever is lost is reported.
"""

from __future__ import annotations

import html
import re

from campaign.importers.common import Context
from campaign.importers.foundry_table.documents import Skip
from campaign.importers.foundry_table.inline_rolls import replace_inline_rolls

_ENRICHER = re.compile(r"([@&])(\w+)\[([^\]]*)\](?:\{([^}]*)\})?")
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")


class ResultText:
    """Converts the texts of one table; reports leftover HTML once per table."""

    def __init__(self, context: Context, by_foundry: dict[str, str], skip: Skip) -> None:
        self.context = context
        self.by_foundry = by_foundry
        """Foundry document id -> module table id, for the tables of this import."""
        self.skip = skip
        self.html_reported = False

    def text(self, value: str, where: str) -> str:
        if not value:
            return ""
        text = self._html(value, where)
        text = _ENRICHER.sub(lambda match: self._enricher(match, where), text)
        return replace_inline_rolls(text, where, self.context, self.skip).strip()

    def _html(self, value: str, where: str) -> str:
        if "<" not in value or not _TAG.search(value):
            return html.unescape(value)
        text = re.sub(r"\s*<br\s*/?>\s*", "\n", value, flags=re.IGNORECASE)
        text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text, flags=re.IGNORECASE)
        text = re.sub(r"<li[^>]*>\s*", "\n- ", text, flags=re.IGNORECASE)
        text = re.sub(r"</?(?:strong|b)>", "**", text, flags=re.IGNORECASE)
        text = re.sub(r"</?(?:em|i)>", "*", text, flags=re.IGNORECASE)
        simple = re.sub(r"</?(?:p|ul|ol|li|div|span)(?:\s[^>]*)?>", "", text, flags=re.IGNORECASE)
        leftover = sorted({tag.lower() for tag in _TAG.findall(simple)})
        if leftover and not self.html_reported:
            self.html_reported = True
            self.skip(
                f"{where}: HTML markup <{'>, <'.join(leftover)}>",
                "module text is plain text with Markdown emphasis",
            )
        text = _TAG.sub("", simple)
        text = re.sub(r"[ \t]+\n", "\n", text)
        return html.unescape(re.sub(r"\n{3,}", "\n\n", text)).strip()

    def _enricher(self, match: re.Match[str], where: str) -> str:
        sigil, kind, target, label = match.group(1), match.group(2), match.group(3), match.group(4)
        if sigil == "&":  # &Reference[poisoned]: a rules glossary link; the word stays
            words = label or target.split("=")[-1].split(" ")[0]
            return words.replace("-", " ")
        table = self._table_link(kind, target)
        if table is not None:
            return f"[[table:{table}]]"
        if label:
            kept = f"kept the text '{label}'"
        else:
            kept = "it has no label; kept as written, Foundry shows the document's name there"
        self.skip(
            f"{where}: link @{kind}[{target}]",
            f"campaign links only to tables and NPCs of the module; {kept}",
        )
        return label or str(match.group(0))

    def _table_link(self, kind: str, target: str) -> str | None:
        parts = target.split(".")
        if kind == "RollTable" or (len(parts) >= 2 and parts[-2] == "RollTable"):
            return self.by_foundry.get(parts[-1])
        return None
