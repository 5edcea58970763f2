"""Counts for the off-script campaign work (issue 25), for any module folder.

    .venv/bin/python scripts/story_counts.py modules/living-daylights

Scenes that do not end their act (an act ends at a scene with no exits or an
exit out of the act) and how many lead to two or more scenes; scene clues
that need no roll (no `check:` and no roll named in `requires`); read-aloud
variants; words of GM prose (acts' overview, goals, ending and alternative
paths, scenes' GM notes).
"""

from __future__ import annotations

import re
import sys

from campaign.loader import load_module

ROLL_WORDS = re.compile(r"\bvs\b|\bRoutine\b|\bTricky\b|\bHard\b|\bDesperate\b")


def words(text: str) -> int:
    return len(text.split())


def main(folder: str) -> None:
    module = load_module(folder)
    prose = branching = not_ending = variants = clues = free = 0
    for act in module.acts.values():
        prose += words(act.overview) + words(act.goals) + words(act.ending)
        prose += sum(words(path.trigger) + words(path.consequence) for path in act.alternatives)
        for scene_id in act.scenes:
            scene = module.scenes[scene_id]
            prose += words(scene.gm_notes)
            variants += len(scene.variants)
            destinations = {exit_.to for exit_ in scene.exits}
            if scene.exits and destinations <= set(act.scenes):
                not_ending += 1
                branching += len(destinations) >= 2
            for clue in scene.clues:
                clues += 1
                free += clue.check is None and not ROLL_WORDS.search(clue.requires)
    print(f"scenes not ending an act that lead to 2+ scenes: {branching} of {not_ending}")
    print(f"scene clues needing no roll: {free} of {clues}")
    print(f"read-aloud variants: {variants}")
    print(f"words of GM prose: {prose:,}")


if __name__ == "__main__":
    main(sys.argv[1])
