"""Handout rendering: 50 handouts to HTML and to PDF, against bare `typst.compile`.

Takes the bundled campaign's players' handouts (dossiers, orders, a note, a
clue table, a programme, five pregens, rules), repeated to 50, and measures in
one run, best of N (interleaved):

- html_50_s: `render_many(..., fmt="html")` (sandboxed Jinja, Markdown, CSP);
- pdf_50_s: `render_many(..., fmt="pdf")` (sandboxed Jinja to Typst, then the
  limited Typst child, already running: root in a temp folder, built-in fonts
  only, no network);
- pdf_50_cold_s: the same, the child stopped first (its start-up included);
- bare_typst_50_s: the same 50 Typst sources (rendered beforehand) compiled
  with plain `typst.compile(source)`, one call each.

vs_bare_typst_ratio = pdf_50_s / bare_typst_50_s. Budget: pdf_50_s < 2.0 s.

    python bench/handouts.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import typst

from campaign.handouts import handouts_for, render_many, render_source, typst_sandbox
from campaign.loader import ModuleError, load_module
from campaign.model import Module
from campaign.paths import bundled_modules_dir

COUNT = 50
BUDGET_PDF_S = 2.0
FALLBACK = Path(__file__).resolve().parent.parent / "tests" / "handouts" / "fixtures" / "spy"


def load() -> Module:
    try:
        return load_module(bundled_modules_dir() / "living-daylights")
    except ModuleError:  # the writers are mid-edit: the test fixture has every type too
        return load_module(FALLBACK)


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best taken")
    args = parser.parse_args()

    module = load()
    ids = list(itertools.islice(itertools.cycle(handouts_for(module, "players")), COUNT))
    sources = [
        render_source(module, module.handouts[handout], fmt="pdf").encode("utf-8")
        for handout in ids
    ]

    def html() -> None:
        results = list(render_many(module, ids, fmt="html"))
        assert len(results) == COUNT and all(result.error is None for result in results)

    def pdf() -> None:
        results = list(render_many(module, ids, fmt="pdf"))
        assert len(results) == COUNT and all(result.error is None for result in results)

    def pdf_cold() -> None:
        typst_sandbox.shutdown()
        pdf()

    def bare() -> None:
        for source in sources:
            typst.compile(source)

    html()  # warm-up: template compilation, font loading
    pdf()
    bare()
    html_s = pdf_s = cold_s = bare_s = float("inf")
    for _ in range(args.repeat):
        html_s = min(html_s, timed(html))
        pdf_s = min(pdf_s, timed(pdf))
        cold_s = min(cold_s, timed(pdf_cold))
        bare_s = min(bare_s, timed(bare))
    ratio = pdf_s / bare_s
    result = {
        "module": module.id,
        "handouts": COUNT,
        "distinct_handouts": len(set(ids)),
        "html_50_s": round(html_s, 4),
        "pdf_50_s": round(pdf_s, 4),
        "pdf_50_cold_s": round(cold_s, 4),
        "bare_typst_50_s": round(bare_s, 4),
        "vs_bare_typst_ratio": round(ratio, 3),
        "budget_pdf_50_s": BUDGET_PDF_S,
        "within_budget": pdf_s < BUDGET_PDF_S,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{COUNT} handouts of {module.id} ({len(set(ids))} distinct), best of {args.repeat}")
        print(f"{'what':<44}{'seconds':>10}{'per handout':>14}")
        for label, seconds in (
            ("render_many html (sandboxed Jinja)", html_s),
            ("render_many pdf (Jinja + Typst child)", pdf_s),
            ("the same, Typst child started first", cold_s),
            ("bare typst.compile of the same sources", bare_s),
        ):
            print(f"{label:<44}{seconds:>10.3f}{seconds / COUNT * 1000:>11.1f} ms")
        print(f"vs_bare_typst_ratio {ratio:.2f}; pdf_50_s budget < {BUDGET_PDF_S} s")
    return 0 if pdf_s < BUDGET_PDF_S else 1


if __name__ == "__main__":
    sys.exit(main())
