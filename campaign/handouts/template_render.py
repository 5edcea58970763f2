"""One template rendered with every limit on, here or in the limited child process.

`render_template` renders in this process under a fresh step and time budget
with an output limit, finishes the output for its format (HTML: the trusted
page shell around the cleaned blocks; Markdown: no raw HTML, no unsafe link
targets) and turns any failure into one located `HandoutError`.

`render_text` is what callers use: a module that brings templates of its own
for a format has them rendered by the child process of
`campaign.handouts.render_process` (memory capped, killed past the deadline);
the shared templates, which are the toolkit's own, render here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2

from campaign.handouts.environment import HandoutEnvironment, environment_for
from campaign.handouts.errors import HandoutError, TemplateLimitError
from campaign.handouts.formats import FORMAT_SUFFIX, Format
from campaign.handouts.limits import MAX_OUTPUT, render_budget
from campaign.handouts.markup import without_remote_images
from campaign.handouts.page_shell import assemble_page
from campaign.handouts.render_process import render_in_child
from campaign.handouts.shell_blocks import render_trace
from campaign.handouts.template_errors import located_error
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.urls import scrub_markdown
from campaign.model import Module


def render_template(
    env: HandoutEnvironment, name: str, context: Mapping[str, Any], *, handout: str = ""
) -> str:
    """Render one template in this process with the step, time and output limits.

    HTML comes back as a whole page (see `campaign.handouts.page_shell`),
    Markdown scrubbed of raw HTML and unsafe links, Typst source as rendered.
    Errors are located (`templates/x.html.j2:12: ...`).
    """
    labels = env.template_loader.labels
    with render_budget() as budget, render_trace() as trace:
        try:
            template = env.get_template(name)
            parts: list[str] = []
            size = 0
            for chunk in template.generate(dict(context)):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateLimitError(
                        f"refused: the handout is over {MAX_OUTPUT:,} characters"
                    )
                budget.check_time()
                parts.append(chunk)
            text = "".join(parts)
            if env.handout_format == "html":
                return assemble_page(env, context, text, trace)
            if env.handout_format == "md":
                return without_remote_images(scrub_markdown(text))
            return text
        except jinja2.TemplateSyntaxError as error:
            shown = labels.get(error.filename or "", error.name or name)
            raise HandoutError(
                f"syntax error: {error.message}",
                location=f"{shown}:{error.lineno}",
                handout=handout,
            ) from None
        except HandoutError:
            raise
        except Exception as error:  # every template failure becomes one located line
            raise located_error(error, labels, handout=handout) from None


def uses_module_templates(module: Module, fmt: Format) -> bool:
    """Whether the module brings templates of its own for this format (partials count)."""
    folder = module_templates_dir(module)
    return folder is not None and any(folder.rglob("*" + FORMAT_SUFFIX[fmt]))


def render_text(
    module: Module, fmt: Format, name: str, context: Mapping[str, Any], *, handout: str = ""
) -> str:
    """Render `name` for a module: in the limited child when the module's templates may take
    part, in this process when only the shared ones can."""
    if not uses_module_templates(module, fmt):
        return render_template(environment_for(module, fmt), name, context, handout=handout)
    folder = module_templates_dir(module)
    return render_in_child(str(folder), fmt, name, context, handout=handout)
