"""Valid documents to one `Module`: ids unique per kind, one module document, its ruleset found.

Returns None (the problems already reported) when there is no module to build:
no module document, or a ruleset that is missing or itself invalid.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from campaign.errors import did_you_mean
from campaign.loader.reading import Document
from campaign.loader.report import Reporter
from campaign.model import DOCUMENT_MODELS, Act, Module, ModuleInfo, Ruleset, SourceRef

ByKind = dict[str, dict[str, Document]]
"""Kind -> id -> the document it was defined in (acts in act-number order)."""


def assemble(
    reporter: Reporter, root: Path, documents: list[Document]
) -> tuple[Module, ByKind] | None:
    """The module built from its valid documents, and the document behind each part."""
    by_kind = _index_by_kind(reporter, documents)
    infos = list(by_kind["module"].values())
    if len(infos) > 1:
        for extra in infos[1:]:
            reporter.at(extra, ("id",), "a module has exactly one module document")
    if not infos:
        return None
    info_document = infos[0]
    info = typing.cast(ModuleInfo, info_document.model)
    rulesets = by_kind["ruleset"]
    if info.ruleset not in rulesets:
        if info.ruleset in reporter.invalid_ids:
            return None
        reporter.at(
            info_document,
            ("ruleset",),
            f"no ruleset with id '{info.ruleset}'{did_you_mean(info.ruleset, rulesets)}"
            + ("" if rulesets else "; add a document with kind: ruleset"),
        )
        return None
    acts_sorted = sorted(
        by_kind["act"].values(), key=lambda doc: typing.cast(Act, doc.model).number
    )
    by_kind["act"] = {typing.cast(Act, doc.model).id: doc for doc in acts_sorted}
    module = _build(root, info, typing.cast(Ruleset, rulesets[info.ruleset].model), by_kind)
    # An act that failed validation is an act with problems of its own, not a missing one.
    if not module.acts and not reporter.unreadable and not reporter.invalid_acts:
        reporter.at(
            info_document, (), "the module has no acts; add at least one kind: act document"
        )
    return module, by_kind


def _index_by_kind(reporter: Reporter, documents: list[Document]) -> ByKind:
    """Documents by kind and id; a later document with an id already seen is a problem."""
    by_kind: ByKind = {kind: {} for kind in DOCUMENT_MODELS}
    for document in documents:
        assert document.model is not None
        identifier = str(getattr(document.model, "id", ""))
        seen = by_kind[document.kind]
        if identifier in seen:
            first = seen[identifier]
            reporter.at(
                document,
                ("id",),
                f"duplicate {document.kind} id '{identifier}' "
                f"(first defined at {first.file.path}:{first.file.document_line(first.index)})",
            )
            continue
        seen[identifier] = document
    return by_kind


def _build(root: Path, info: ModuleInfo, ruleset: Ruleset, by_kind: ByKind) -> Module:
    def models(kind: str) -> dict[str, Any]:
        return {key: doc.model for key, doc in by_kind[kind].items()}

    sources = {
        (kind, key): SourceRef(doc.file.relative, doc.file.document_line(doc.index), doc.index)
        for kind, docs in by_kind.items()
        for key, doc in docs.items()
    }
    return Module(
        root=root,
        info=info,
        ruleset=ruleset,
        acts=models("act"),
        scenes=models("scene"),
        npcs=models("npc"),
        pcs=models("pc"),
        tables=models("table"),
        handouts=models("handout"),
        clocks=models("clock"),
        revelations=models("revelation"),
        locations=models("location"),
        sources=sources,
    )
