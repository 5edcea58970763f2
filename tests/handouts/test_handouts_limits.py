"""A module's own templates render in a child with a deadline and a 512 MB memory cap that hold.

Each test asserts the outcome (a located refusal, or the output) and the CPU the
render cost, the render child's share counted (`render_costs.costs_under`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from handout_helpers import write_template
from render_costs import costs_under

from campaign.handouts import HandoutError, limits, render_handout, render_process
from campaign.loader import load_module

NOTE = "/templates/note.html.j2:"


def _refusal(spy_copy: Path, template: str, fmt: str = "html") -> str:
    suffix = {"html": "html", "md": "md", "pdf": "typ"}[fmt]
    write_template(spy_copy, f"note.{suffix}.j2", template)
    with pytest.raises(HandoutError) as caught:
        render_handout(load_module(spy_copy), "found-note", fmt=fmt)  # type: ignore[call-overload]
    return str(caught.value)


def test_the_wordwrap_loop_is_stopped_at_the_deadline(spy_copy: Path) -> None:
    # The template: each wordwrap takes seconds, and the old check came every
    # 1,024 steps, so it ran for half an hour. Now it stops at the deadline (5 s).
    template = (
        "first line\n{% set s='a'*600000 %}{% for i in range(500) %}"
        "{% set w=s|wordwrap(2) %}{% endfor %}"
    )
    with costs_under(5 + 3):
        message = _refusal(spy_copy, template)
    assert f"{NOTE}2: refused: rendering took longer than 5 s" in message


def test_one_long_filter_call_is_stopped_inside(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One call of about 4 s: only a check inside the call can stop it at 1 s.
    monkeypatch.setattr(limits, "RENDER_SECONDS", 1.0)
    with costs_under(1 + 2.5):
        message = _refusal(spy_copy, "x\n\n{{ ('a' * 600000)|wordwrap(2) }}", fmt="md")
    assert "/templates/note.md.j2:3: refused: rendering took longer than 1 s" in message


def test_string_building_counts_against_the_deadline(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.5)
    template = (
        "{% set s = 'a' * 999000 %}\n"
        "{% for i in range(10000) %}{% set t = s ~ i %}{% set u = s.replace('a', 'b') %}"
        "{% endfor %}"
    )
    with costs_under(0.5 + 2.5):
        message = _refusal(spy_copy, template)
    assert f"{NOTE}2: refused: rendering took longer than 0.5 s" in message


def test_a_child_that_never_answers_is_killed(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The child's own alarm fires at the deadline; were it stuck where no signal is
    # handled, the parent kills it RENDER_SECONDS + 2 s after asking.
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.3)
    monkeypatch.setattr(render_process, "_GRACE", -0.25)  # the parent gives up first
    template = "{% for i in range(10000) %}{{ ('a' * 600000)|wordwrap(2) }}{% endfor %}"
    with costs_under(0.3 + 2.5):
        message = _refusal(spy_copy, template)
    assert message == "refused: rendering took longer than 0.3 s (handout found-note)"
    assert render_process._WORKER is None  # killed, started afresh next time


_MEMORY_SCRIPT = """
import json, resource, sys
from campaign.handouts import HandoutError, render_handout, render_process
from campaign.loader import load_module
module = load_module(sys.argv[1])
try:
    outcome = render_handout(module, "found-note", fmt="html")
except HandoutError as error:
    outcome = str(error)
render_process.stop_worker()
# VmHWM, not RUSAGE_SELF: Linux carries the spawning process's peak (pytest's, when
# the whole suite has run) across exec into ru_maxrss, but VmHWM is this program's own.
with open("/proc/self/status") as status:
    own_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
child = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"outcome": outcome, "parent_kb": own_kb, "child_kb": child.ru_maxrss}))
"""


def _render_in_fresh_process(module: Path) -> dict[str, object]:
    """Render found-note in a new Python, so the peak memory read is this render's only."""
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, str(module)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_many_big_values_hit_the_memory_cap(spy_copy: Path) -> None:
    # The 14 KB template: 1,000 values of 999,999 '𝕏' (4 MB each) took 3.9 GB.
    values = ", ".join(["'𝕏' * 999999"] * 1000)
    write_template(spy_copy, "note.html.j2", "first\n{% set x = [" + values + "] %}{{ x|length }}")
    assert len((spy_copy / "templates/note.html.j2").read_bytes()) < 20_000
    with costs_under(4):
        result = _render_in_fresh_process(spy_copy)
    assert f"{NOTE}2: refused: the handout needs more than 512 MB" in str(result["outcome"])
    mb = 1024
    assert int(str(result["child_kb"])) < 512 * mb + 256 * mb  # the cap plus the child itself
    assert int(str(result["parent_kb"])) < 256 * mb


def test_a_render_under_the_memory_cap_succeeds(spy_copy: Path) -> None:
    # 100 distinct values of a million characters: about 100 MB, well under the cap.
    values = ", ".join(f"'{chr(97 + n % 26)}{n}' * 300000" for n in range(100))
    write_template(spy_copy, "note.md.j2", "{% set x = [" + values + "] %}{{ x[99][:3] }}")
    with costs_under(4):
        assert render_handout(load_module(spy_copy), "found-note", fmt="md") == "v99"


def test_the_child_is_reused_and_replaced_after_a_limit(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_template(spy_copy, "note.md.j2", "{{ handout.title }}")
    module = load_module(spy_copy)
    with costs_under(3):
        assert render_handout(module, "found-note", fmt="md").startswith("A note found")
        first = render_process._WORKER
        assert first is not None
        assert render_handout(module, "found-note", fmt="md").startswith("A note found")
        assert render_process._WORKER is first  # one child for many renders
        monkeypatch.setattr(limits, "RENDER_SECONDS", 0.3)
        write_template(spy_copy, "note.md.j2", "{{ ('a' * 600000)|wordwrap(2) }}")
        with pytest.raises(HandoutError, match=r"took longer than 0\.3 s"):
            render_handout(module, "found-note", fmt="md")
        assert render_process._WORKER is None  # a child that hit a limit is not reused
        write_template(spy_copy, "note.md.j2", "{{ handout.title }}")
        assert render_handout(module, "found-note", fmt="md").startswith("A note found")


def test_without_resource_module_templates_are_refused(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_template(spy_copy, "note.md.j2", "{{ handout.title }}")
    module = load_module(spy_copy)
    with costs_under(2):
        monkeypatch.setitem(sys.modules, "resource", None)  # `import resource` fails here
        assert not render_process.isolation_available()
        with pytest.raises(HandoutError, match="need Python's resource module"):
            render_handout(module, "found-note", fmt="md")
        # The shared templates (another format here) still render in this process.
        assert "A note found" in render_handout(module, "found-note", fmt="html")


def test_an_interrupted_render_does_not_leave_its_answer_for_the_next(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_template(spy_copy, "note.md.j2", "{{ handout.id }}")
    module = load_module(spy_copy)
    with costs_under(3):
        assert render_handout(module, "found-note", fmt="md") == "found-note"
        real = render_process._read_answer

        def interrupted(fd: int, deadline: float) -> object:
            monkeypatch.setattr(render_process, "_read_answer", real)
            raise KeyboardInterrupt

        monkeypatch.setattr(render_process, "_read_answer", interrupted)
        with pytest.raises(KeyboardInterrupt):
            render_handout(module, "ledger", fmt="md")
        assert render_process._WORKER is None
        assert render_handout(module, "found-note", fmt="md") == "found-note"
