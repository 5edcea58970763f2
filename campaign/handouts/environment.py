"""The hardened Jinja sandbox every handout template runs in, one per module and format.

`HandoutEnvironment` is an `ImmutableSandboxedEnvironment` (no `_private`
attributes, no mutation of lists or dicts) that also: allows only an
allowlist of str/list/dict methods and of Jinja's filters; inserts the guards
of `campaign.handouts.guards` at compile time; checks `*`, `**`, `+`, `%` and
every call against the limits; escapes by output format (HTML autoescape,
Typst escaping of every `{{ value }}`, Markdown with `<` escaped); and
explains an undefined name with did-you-mean. Environments are cached per
templates folder and format. In HTML, the page shell `_page.html.j2` is always
the shared one and, in a render, only a collector of its blocks (see
`campaign.handouts.shell_blocks`); every template loaded is noted in the
render's trace, so the page knows whether module templates took part.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from markupsafe import Markup

from campaign import paths
from campaign.errors import did_you_mean
from campaign.handouts.context import CONTEXT_KEYS
from campaign.handouts.errors import TemplateRefused
from campaign.handouts.formats import FORMAT_SUFFIX, FORMATS, Format
from campaign.handouts.guards import (
    GUARD_FILTERS,
    MARKUP_GROWTH,
    GuardTransformer,
    capped_range,
    checked_concat,
    checked_typst_concat,
    count_iterations,
    guard_filter,
    precheck_call,
)
from campaign.handouts.limits import (
    check_format_fields,
    check_format_string,
    check_power,
    check_repeat,
    check_size,
    check_time,
    refuse_nested,
    refuse_size,
    tick,
    value_size,
)
from campaign.handouts.markup import (
    TypstMarkup,
    label,
    markdown_cell,
    markdown_text,
    markdown_to_html,
    markdown_to_typst,
    typst_escape,
    typst_string,
)
from campaign.handouts.shell_blocks import PAGE_SHELL, collect_blocks, note_template
from campaign.handouts.template_loader import TemplateLoader, module_templates_dir
from campaign.model import Module

if TYPE_CHECKING:
    from jinja2.runtime import Context

_STR_METHODS = frozenset(
    {
        "capitalize", "casefold", "center", "count", "endswith", "find", "format",
        "format_map", "index", "isalnum", "isalpha", "isdecimal", "isdigit", "islower",
        "isnumeric", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip",
        "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust",
        "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper", "zfill", "striptags", "unescape",
    }
)  # fmt: skip
_SEQUENCE_METHODS = frozenset({"count", "index"})
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})
_NUMBER_METHODS = frozenset({"is_integer"})

SAFE_FILTERS = frozenset(
    {
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort",
        "e", "escape", "filesizeformat", "first", "float", "forceescape", "format", "groupby",
        "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max",
        "min", "reject", "rejectattr", "replace", "reverse", "round", "safe", "select",
        "selectattr", "slice", "sort", "string", "striptags", "sum", "title", "tojson", "trim",
        "truncate", "unique", "upper", "urlencode", "wordcount", "wordwrap", "xmlattr",
    }
)  # fmt: skip
"""Jinja's built-in filters a template may use (not `random`, `pprint`, `urlize`)."""


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined with did-you-mean suggestions."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        hint = self._undefined_hint
        if hint:
            return hint
        name = self._undefined_name
        owner = self._undefined_obj
        if owner is missing:
            if name in CONTEXT_KEYS:
                return (
                    f"'{name}' is undefined here (a macro file sees the handout's data "
                    "only when imported 'with context')"
                )
            return f"'{name}' is undefined{did_you_mean(str(name), CONTEXT_KEYS)}"
        if isinstance(owner, Mapping) and isinstance(name, str):
            keys = [str(key) for key in owner]
            return f"a mapping has no attribute '{name}'{did_you_mean(name, keys)}"
        if isinstance(name, str):
            return f"{type(owner).__name__} value has no attribute '{name}'"
        return f"{type(owner).__name__} value has no item {name!r}"


class HandoutEnvironment(ImmutableSandboxedEnvironment):
    """The hardened sandbox every handout template runs in (see `campaign.handouts`)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, loader: TemplateLoader, fmt: Format, *, collect_shell: bool = True) -> None:
        finalize: Callable[[Any], Any]
        if fmt == "pdf":
            finalize = _finalize_typst
        elif fmt == "md":
            finalize = _finalize_markdown
        else:
            finalize = _finalize_html
        super().__init__(
            loader=loader,
            undefined=_Undefined,
            autoescape=_autoescape if fmt == "html" else False,
            finalize=finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=True,
            cache_size=200,
        )
        self.handout_format: Format = fmt
        self.template_loader = loader
        self.collect_shell = collect_shell and fmt == "html"
        """Load the page shell as a collector of its blocks (False: the trusted shell itself)."""
        self._collector: jinja2.Template | None = None
        self.globals.clear()
        self.globals.update(range=capped_range, dict=dict)
        filters: dict[str, Callable[..., Any]] = {
            name: guard_filter(name, func)
            for name, func in self.filters.items()
            if name in SAFE_FILTERS
        }
        filters.update(GUARD_FILTERS)
        filters["label"] = guard_filter("label", label)
        if fmt == "html":
            filters["markdown"] = guard_filter("markdown", _markdown_html_filter, MARKUP_GROWTH)
        elif fmt == "pdf":
            filters["markdown"] = guard_filter("markdown", _markdown_typst_filter, MARKUP_GROWTH)
            filters["typst_str"] = guard_filter("typst_str", _typst_str_filter, MARKUP_GROWTH)
        else:
            filters["markdown"] = guard_filter("markdown", _markdown_md_filter, MARKUP_GROWTH)
            filters["cell"] = guard_filter("cell", markdown_cell, MARKUP_GROWTH)
        self.filters.clear()
        self.filters.update(filters)
        # Captured blocks and macro bodies are made of output that was already
        # finalized (escaped), so in Typst they are safe markup as a whole.
        self.concat = (  # type: ignore[method-assign]
            checked_typst_concat if fmt == "pdf" else checked_concat
        )

    # loading: the shell is a collector; every template's origin is noted

    def _load_template(
        self, name: str, globals: MutableMapping[str, Any] | None
    ) -> jinja2.Template:
        if self.collect_shell and name == PAGE_SHELL:
            return self._shell_collector()
        template = super()._load_template(name, globals)
        note_template(self.template_loader.is_module_file(template.filename))
        return template

    def _shell_collector(self) -> jinja2.Template:
        """The shared page shell compiled here, its root replaced by `collect_blocks`."""
        if self._collector is None:
            path = self.template_loader.shared_file(PAGE_SHELL)
            if path is None:
                raise jinja2.TemplateNotFound(PAGE_SHELL)
            with open(path, encoding="utf-8") as handle:
                source = handle.read()
            code = self.compile(source, PAGE_SHELL, path)
            template = self.template_class.from_code(self, code, self.make_globals(None))
            template.root_render_func = collect_blocks(template)
            self.template_loader.labels[path] = PAGE_SHELL
            self._collector = template
        return self._collector

    # compile-time rewrite

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        guarded = GuardTransformer().visit(tree)
        assert isinstance(guarded, nodes.Template)
        return guarded

    # attribute access: data keys first, an allowlist of methods

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        if isinstance(obj, jinja2.Undefined):
            # Say what is undefined ('cycler'), not that '__init__' is unsafe on it.
            obj._fail_with_undefined_error()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, jinja2.Undefined):
            obj._fail_with_undefined_error()
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        # Jinja hands back an Undefined that fails only when printed or called; a filter
        # that uses it as a key (`groupby('__class__')`, `map(attribute=...)`, `sort`,
        # `unique`, `sum`) prints its repr instead. Refused at the access itself.
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe."
        )

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if not callable(value):
            return True
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, (list, tuple)):
            return attr in _SEQUENCE_METHODS
        if isinstance(obj, dict):
            return attr in _DICT_METHODS
        if isinstance(obj, (int, float)):
            return attr in _NUMBER_METHODS
        return not isinstance(obj, (bytes, bytearray, set, frozenset, type))

    # operators and calls

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        tick()
        what = f"'{operator}'"
        if operator == "**":
            check_power(left, right)
        elif operator == "*":
            check_repeat(left, right)
        elif operator == "+":
            refuse_size(value_size(left) + value_size(right), what)
        elif operator == "%" and isinstance(left, str):
            check_format_string(left, what)
            refuse_nested([right], what)
            if isinstance(right, dict):
                values = list(right.values())
            elif isinstance(right, tuple):
                values = list(right)
            else:
                values = [right]
            check_format_fields(left, "%", values, what)
        result = super().call_binop(context, operator, left, right)
        check_size(result, what)
        check_time()
        return result

    def call(
        __self,
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        tick()
        if isinstance(__obj, LoopContext) and args:
            args = (count_iterations(args[0]), *args[1:])
        precheck_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        check_size(result, f"calling {getattr(__obj, '__name__', 'a function')}()")
        check_time()
        return result


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _markdown_html_filter(value: Any) -> Markup:
    return markdown_to_html(_text(value))


def _markdown_typst_filter(value: Any) -> TypstMarkup:
    return markdown_to_typst(_text(value))


def _markdown_md_filter(value: Any) -> str:
    return _text(value)


def _typst_str_filter(value: Any) -> TypstMarkup:
    return TypstMarkup(typst_string("" if value is None else str(value)))


def _autoescape(name: str | None) -> bool:
    """HTML templates are escaped whatever their double extension (.html.j2)."""
    return name is None or name.endswith((".html.j2", ".html", ".htm", ".htm.j2"))


def _finalize_html(value: Any) -> Any:
    refuse_nested([value], "printing")
    return "" if value is None else value


def _finalize_markdown(value: Any) -> Any:
    refuse_nested([value], "printing")
    return "" if value is None else markdown_text(str(value))


def _finalize_typst(value: Any) -> Any:
    refuse_nested([value], "printing")
    if value is None:
        return ""
    if isinstance(value, TypstMarkup):
        return value
    return TypstMarkup(typst_escape(str(value)))


@functools.lru_cache(maxsize=32)
def cached_environment(module_templates: str | None, fmt: Format) -> HandoutEnvironment:
    """The environment for a module templates folder (None: the shared ones only) and format."""
    folders: list[tuple[Path, str]] = []
    if module_templates is not None:
        folders.append((Path(module_templates), str(Path(module_templates))))
    folders.append((paths.bundled_templates_dir(), ""))
    return HandoutEnvironment(TemplateLoader(folders, FORMAT_SUFFIX[fmt]), fmt)


def environment_for(module: Module, fmt: Format) -> HandoutEnvironment:
    """The sandboxed environment that renders this module's handouts in one format."""
    folder = module_templates_dir(module)
    # Keyed by the absolute folder: a relative one names another folder after a chdir
    # (tests, a long-lived process), and the cache would hand back that one's loader.
    return cached_environment(os.path.abspath(folder) if folder is not None else None, fmt)


def template_formats(module: Module, template: str) -> list[Format]:
    """The output formats a template name has files for (module templates, then shared)."""
    found: list[Format] = []
    for fmt in FORMATS:
        loader = environment_for(module, fmt).template_loader
        try:
            loader.get_source(environment_for(module, fmt), template + FORMAT_SUFFIX[fmt])
        except (jinja2.TemplateNotFound, TemplateRefused):
            continue
        found.append(fmt)
    return found


def template_refusals(module: Module, template: str) -> list[str]:
    """Why the loader refuses the files a template name has (one reason per refused
    format): a template that is there but refused is not a missing one."""
    reasons: list[str] = []
    for fmt in FORMATS:
        env = environment_for(module, fmt)
        try:
            env.template_loader.get_source(env, template + FORMAT_SUFFIX[fmt])
        except TemplateRefused as error:
            reasons.append(str(error.message).removeprefix("refused: "))
        except jinja2.TemplateNotFound:
            continue
    return reasons


def template_names(module: Module, fmt: Format) -> list[str]:
    """The template names a module can use in one format (partials, `_name`, left out)."""
    suffix = FORMAT_SUFFIX[fmt]
    names = environment_for(module, fmt).template_loader.list_templates()
    return [name[: -len(suffix)] for name in names if not name.split("/")[-1].startswith("_")]
