"""Generated scenarios, shared by the hostile-input tests and benchmarks/bench_inputs.py."""

from __future__ import annotations


def deep_scenario(levels: int) -> dict[str, object]:
    """A valid scenario with two scenes per level, each leading to both of the next level:
    2**(levels + 1) paths, 2 * levels + 2 scenes."""
    choice = {"label": "Go", "feedback": "Fine.", "twp": "Keep going."}
    scenes: dict[str, object] = {
        "intro": {"text": "Start.", "choices": [{**choice, "goto": "s0a"},
                                                {**choice, "goto": "s0b"}]},
    }
    for level in range(levels):
        nxt = [f"s{level + 1}a", f"s{level + 1}b"] if level + 1 < levels else ["end", "end"]
        for side in "ab":
            scenes[f"s{level}{side}"] = {
                "text": f"Level {level}.",
                "choices": [{**choice, "goto": target} for target in nxt],
            }
    scenes["end"] = {"text": "The end.", "ending": True, "outcome": "strong"}
    return {
        "id": "deep", "title": "Deep", "summary": "A deep scenario.",
        "indicators": {"trust": {"label": "Trust", "start": 50}},
        "start": "intro", "scenes": scenes, "reflection_questions": ["Why?"],
    }
