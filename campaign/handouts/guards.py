"""The compile-time and run-time guards Jinja calls while a handout template renders.

`GuardTransformer` rewrites every `{% for %}` iterable and every `~` so they go
through `_loop_guard` and `_concat_guard`; `guard_filter` wraps each allowed
filter; `precheck_call` looks at a method call before it runs. Each counts a
step of the render budget and refuses to build an over-sized value (see
`campaign.handouts.limits`). Each also checks the render's deadline after
its work, so time spent inside a filter or a join counts at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import markup_join, str_join
from jinja2.visitor import NodeTransformer

from campaign.handouts.errors import TemplateLimitError
from campaign.handouts.limits import (
    MAX_RANGE,
    MAX_VALUE,
    check_format_fields,
    check_format_string,
    check_int_args,
    check_size,
    check_time,
    estimate_join,
    estimate_replace,
    refuse_nested,
    refuse_size,
    tick,
    value_size,
)
from campaign.handouts.markup import TypstMarkup

if TYPE_CHECKING:
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context


def capped_range(*args: int) -> range:
    """range() for templates: at most MAX_RANGE items."""
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise TemplateLimitError(f"refused: range() of {len(result):,} items (limit {MAX_RANGE:,})")
    return result


def count_iterations(iterable: Iterable[Any]) -> Iterator[Any]:
    """The iterable's items, one budget step each."""
    for item in iterable:
        tick()
        yield item


@jinja2.pass_context
def _loop_guard(context: Context, iterable: Any) -> Any:
    """Wraps every `{% for %}` iterable (inserted at compile time): counts iterations."""
    if isinstance(iterable, jinja2.Undefined):
        return iterable
    return count_iterations(iterable)


@jinja2.pass_eval_context
def _concat_guard(eval_ctx: EvalContext, values: list[Any]) -> str:
    """`a ~ b` with a size check before joining."""
    refuse_nested(values, "~")
    refuse_size(sum(value_size(value) if isinstance(value, str) else 32 for value in values), "~")
    joined: str = markup_join(values) if eval_ctx.autoescape else str_join(values)
    check_size(joined, "~")
    check_time()
    return joined


class GuardTransformer(NodeTransformer):
    """Compile-time rewrite: every loop iterable and every `~` goes through a guard."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(
            node.iter, "_loop_guard", [], [], None, None, lineno=node.iter.lineno
        )
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(
            nodes.List(node.nodes, lineno=node.lineno),
            "_concat_guard",
            [],
            [],
            None,
            None,
            lineno=node.lineno,
        )


GUARD_FILTERS: dict[str, Callable[..., Any]] = {
    "_loop_guard": _loop_guard,
    "_concat_guard": _concat_guard,
}
"""The filters `GuardTransformer` inserts, under the names it inserts them by."""


def _precheck_filter(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    what = f"the {name} filter"
    if not args:
        return
    value, rest = args[0], args[1:]
    check_int_args([*rest, *kwargs.values()], MAX_RANGE, what)
    refuse_nested([*args, *kwargs.values()], what)
    if name == "replace" and isinstance(value, str) and len(rest) >= 2:
        refuse_size(estimate_replace(str(value), *rest[:3]), what)
    elif name == "join":
        separator = rest[0] if rest and isinstance(rest[0], str) else kwargs.get("d", "")
        refuse_size(
            estimate_join(list(value) if isinstance(value, (list, tuple)) else [], str(separator)),
            what,
        )
    elif name == "format" and isinstance(value, str):
        check_format_string(value, what)
        check_format_fields(value, "%", [*rest, *kwargs.values()], what)
    elif name == "indent" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else int(width)
        refuse_size(len(value) + (value.count("\n") + 1) * pad, what)
    elif name == "wordwrap" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 79)
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring", "\n")
        lines = len(value) // max(1, int(width)) + 1
        refuse_size(len(value) + lines * len(str(wrap or "")), what)
    elif name == "sum":
        start = rest[1] if len(rest) > 1 else kwargs.get("start", 0)
        if not isinstance(start, (int, float)):
            raise TemplateLimitError("refused: sum() only adds numbers in handout templates")


MARKUP_GROWTH = 8
"""How much the toolkit's markup filters may grow a text: escaping one character can
take six ('"' is `&quot;`), so a body within the text limit always renders."""


def guard_filter(name: str, func: Callable[..., Any], growth: int = 1) -> Callable[..., Any]:
    """The filter `func` with a step counted, its arguments prechecked and its result sized
    (a converting filter's result may be `growth` times the usual value limit)."""
    pass_arg = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        tick()
        own = args[1:] if pass_arg is not None else args
        _precheck_filter(name, own, kwargs)
        try:
            result = func(*args, **kwargs)
            check_size(result, f"the {name} filter", MAX_VALUE * growth)
            check_time()
        except TemplateLimitError as error:
            # The text the filter was working on: when the template is the toolkit's own,
            # the refusal is placed at the YAML field that holds it (`text_source`).
            if own and isinstance(own[0], str) and error.subject is None:
                error.subject = own[0]
            raise
        return result

    return guarded


def checked_concat(parts: Iterable[str]) -> str:
    """`environment.concat`: joins captured blocks and macro bodies, within the size limit."""
    pieces: list[str] = []
    size = 0
    for piece in parts:
        size += len(piece)
        refuse_size(size, "a captured block or macro")
        check_time()
        pieces.append(piece)
    return "".join(pieces)


def checked_typst_concat(parts: Iterable[str]) -> TypstMarkup:
    return TypstMarkup(checked_concat(parts))


def precheck_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a str method call (format, replace, join) whose result would be over-sized."""
    refuse_nested([*args, *kwargs.values()], "a call")
    target = getattr(obj, "__wrapped__", obj)
    owner = getattr(target, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(target, "__name__", "")
    what = f"str.{name}()"
    check_int_args([*args, *kwargs.values()], MAX_VALUE, what)
    if name in ("format", "format_map"):
        check_format_string(owner, what)
        values = [*args, *kwargs.values()]
        if name == "format_map" and args and isinstance(args[0], dict):
            values = list(args[0].values())
        check_format_fields(owner, "{", values, what)
    elif name == "replace" and len(args) >= 2:
        refuse_size(estimate_replace(owner, *args[:3]), what)
    elif name == "join" and args:
        items = args[0]
        refuse_size(estimate_join(items if isinstance(items, (list, tuple)) else [], owner), what)
