"""How much YAML a module may hold: limits kept while files are read, before parsing.

Twenty files of 4.9 MB took 117 s and 1.2 GB to validate; every file was
parsed. Now a file is measured and read with a bounded read before it is
parsed: 5 MB a file, 16 MB a module, 10,000 files a module, each a located
problem, and a pipe with a `.yaml` name is refused instead of waited on.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.loader import (
    MAX_FILE_BYTES,
    MAX_MODULE_BYTES,
    MAX_MODULE_FILES,
    ModuleError,
    load_module,
)
from campaign.scaffold import create_module


def cpu_seconds() -> float:
    """CPU time of this process and its children (work moved into a child still counts)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    return create_module("Test Module", tmp_path)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ModuleError) as caught:
        load_module(folder)
    root = str(folder) + "/"
    return [line.replace(root, "") for line in caught.value.lines()]


def cheap_yaml(size: int) -> str:
    """`size` bytes of YAML comments: nothing to parse, so only the limit can refuse it."""
    line = "# " + "a" * 76 + "\n"
    whole, rest = divmod(size, len(line))
    return line * whole + "#" * max(rest - 1, 0) + ("\n" if rest else "")


def dense_yaml(size: int) -> str:
    """About `size` bytes of a flow list of short words: seconds of CPU to parse."""
    items = ",".join(f"x{index}" for index in range(size // 8))
    text = f"id: dense\nitems: [{items}]\n"
    assert len(text) < MAX_FILE_BYTES
    return text


def test_the_limits_are_the_documented_ones() -> None:
    assert (MAX_FILE_BYTES, MAX_MODULE_BYTES, MAX_MODULE_FILES) == (5 << 20, 16 << 20, 10_000)
    docs = (Path(__file__).resolve().parents[1] / "docs" / "authoring.md").read_text()
    assert "files over 5 MB" in docs and "16 MB" in docs and "10,000 YAML files" in docs


def test_past_the_module_total_the_largest_files_are_not_parsed(module_dir: Path) -> None:
    extra = module_dir / "extra"
    extra.mkdir()
    for index in range(3):  # 3 x 4.4 MB = 13.2 MB (with the scaffold's files): within 16 MB
        (extra / f"a{index}.yaml").write_text(cheap_yaml(4_600_000))
    for index in range(3):  # larger, and each would take seconds of CPU to parse
        (extra / f"z{index}.yaml").write_text(dense_yaml(5_100_000))
    total = sum(path.stat().st_size for path in module_dir.rglob("*.yaml"))
    size = (extra / "z0.yaml").stat().st_size
    start = cpu_seconds()
    problems = problems_of(module_dir)
    spent = cpu_seconds() - start
    assert problems == [
        f"extra/z{index}.yaml:1:1: refused: not read: the module's YAML files come to "
        f"{total / (1 << 20):.1f} MB, over the 16 MB limit for a module, and this file "
        f"of {size / (1 << 20):.1f} MB is among the largest"
        for index in range(3)
    ], problems
    assert spent < 4.0, f"{spent:.1f} s of CPU: files past the total were parsed"


def test_the_rest_of_a_module_past_its_total_is_still_checked(module_dir: Path) -> None:
    """The largest files are left out, so module.yaml and the small files are validated."""
    extra = module_dir / "extra"
    extra.mkdir()
    for index in range(4):  # 19.1 MB: the first of these four is left out
        (extra / f"a{index}.yaml").write_text(cheap_yaml(5_000_000))
    npc = module_dir / "npcs" / "smuggler.yaml"
    npc.write_text(npc.read_text().replace("health: 2", "health: lots"))
    problems = problems_of(module_dir)
    assert problems[0].startswith("extra/a0.yaml:1:1: refused: not read:"), problems
    assert any(line.startswith("npcs/smuggler.yaml:") and "health" in line for line in problems)
    assert len(problems) == 2, problems


def test_a_module_within_every_limit_loads(module_dir: Path) -> None:
    extra = module_dir / "extra"
    extra.mkdir()
    for index in range(3):  # 14.3 MB
        (extra / f"a{index}.yaml").write_text(cheap_yaml(5_000_000))
    assert load_module(module_dir).id == "test-module"


def test_too_many_files_are_refused_before_any_is_read(module_dir: Path) -> None:
    extra = module_dir / "extra"
    extra.mkdir()
    for index in range(MAX_MODULE_FILES):
        (extra / f"n{index:05}.yaml").write_text("# nothing here\n")
    start = cpu_seconds()
    problems = problems_of(module_dir)
    spent = cpu_seconds() - start
    assert problems[0] == (
        f"{module_dir}:1:1: refused: the module has 10,001 YAML files or more, "
        "over the limit of 10,000; none was read"
    ), problems[:3]
    assert spent < 4.0, f"{spent:.1f} s of CPU"


def test_a_file_over_5_mb_is_refused_by_its_size(module_dir: Path) -> None:
    dense = dense_yaml(4_900_000)
    (module_dir / "big.yaml").write_text(dense + "#" * (MAX_FILE_BYTES + 1 - len(dense)))
    size = (module_dir / "big.yaml").stat().st_size
    start = cpu_seconds()
    problems = problems_of(module_dir)
    assert cpu_seconds() - start < 2.0
    assert problems == [
        f"big.yaml:1:1: refused: {size:,} bytes is over the 5 MB limit for a module file"
    ]


def _campaign(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campaign", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        timeout=60,
        check=False,
    )


def test_a_pipe_named_yaml_is_refused_not_waited_on(module_dir: Path, tmp_path: Path) -> None:
    """Opening a FIFO to read it blocks until someone writes: validate hung for ever."""
    os.mkfifo(module_dir / "npcs" / "pipe.yaml")
    result = _campaign(["validate", str(module_dir)], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "npcs/pipe.yaml:1:1: refused: not a regular file" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
