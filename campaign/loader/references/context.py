"""What every cross-reference check shares: the module, its documents, the ruleset's names.

`ref` is the one place a dangling id is reported, so every kind of reference
reads the same ("no scene with id 'x' (did you mean 'y'?)") and ids of documents
that already failed validation are not reported twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from campaign.errors import did_you_mean
from campaign.loader.reading import Document
from campaign.loader.report import Loc, Reporter
from campaign.model import Module


class CheckContext:
    """A validated module, the document behind each of its parts, and where problems go."""

    def __init__(
        self, reporter: Reporter, module: Module, by_kind: Mapping[str, Mapping[str, Document]]
    ) -> None:
        self.reporter = reporter
        self.module = module
        self.by_kind = by_kind
        ruleset = module.ruleset
        self.attributes = {attribute.id for attribute in ruleset.attributes}
        self.skills = {skill.id for skill in ruleset.skills}
        self.difficulties = {difficulty.id for difficulty in ruleset.difficulties}

    def doc(self, kind: str, key: str) -> Document:
        """The document a part of the module (a scene, an act...) was read from."""
        return self.by_kind[kind][key]

    def at(self, document: Document, loc: Loc, message: str, *, key: bool = False) -> None:
        """Report a problem at a field of a document."""
        self.reporter.at(document, loc, message, key=key)

    def ref(
        self,
        document: Document,
        loc: Loc,
        value: str | None,
        known: Mapping[str, Any] | set[str],
        what: str,
    ) -> None:
        """Report `value` if it is set but names no known `what`."""
        if value is None or value in known or value in self.reporter.invalid_ids:
            return
        self.at(document, loc, f"no {what} with id '{value}'{did_you_mean(value, known)}")
