"""Playing a scenario: pure state, no widgets, so every path can be tested.

A ``ScenarioRun`` holds where the learner is, the indicator values and the choices made.
Undo and restart rebuild state from the list of choices, so saved progress is just that list.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ogp_curriculum.errors import InputError
from ogp_curriculum.files import save_text
from ogp_curriculum.inputs import load_saved
from ogp_curriculum.scenarios.model import Choice, Scenario, Scene

LOW, HIGH = 0, 100
SAVE_FORMAT = "ogp-scenario-progress/1"


@dataclass(frozen=True)
class Step:
    """One choice taken: where it was made, what it was, and what it changed."""

    scene: str
    choice: int
    label: str
    feedback: str
    twp: str
    changes: dict[str, int]


@dataclass(frozen=True)
class Debrief:
    ending_title: str
    ending_text: str
    outcome: str
    path: tuple[Step, ...]
    indicators: dict[str, int]
    reflection_questions: tuple[str, ...]
    what_really_happened: str = ""
    literature_disagrees: str = ""
    sources: tuple[str, ...] = ()


def _clamp(value: int) -> int:
    return max(LOW, min(HIGH, value))


class ScenarioRun:
    """The state of one play-through of a scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.restart()

    # --- state ---------------------------------------------------------------------------
    def restart(self) -> None:
        self.current: str = self.scenario.start
        self.indicators: dict[str, int] = {
            key: ind.start for key, ind in self.scenario.indicators.items()
        }
        self.history: list[Step] = []

    @property
    def scene(self) -> Scene:
        return self.scenario.scene(self.current)

    @property
    def finished(self) -> bool:
        return self.scene.ending

    @property
    def choices(self) -> tuple[Choice, ...]:
        return self.scene.choices

    @property
    def last_step(self) -> Step | None:
        return self.history[-1] if self.history else None

    # --- moves ---------------------------------------------------------------------------
    def choose(self, index: int) -> Step:
        """Take choice ``index`` (0-based) in the current scene and return what happened."""
        choices = self.choices
        if self.finished:
            raise InputError("the scenario has ended; restart or go back", field="choice")
        if not 0 <= index < len(choices):
            raise InputError(
                f"scene '{self.current}' has {len(choices)} choices", field="choice", value=index
            )
        choice = choices[index]
        changes: dict[str, int] = {}
        for key, delta in choice.effects.items():
            new = _clamp(self.indicators[key] + delta)
            changes[key] = new - self.indicators[key]
            self.indicators[key] = new
        step = Step(self.current, index, choice.label, choice.feedback, choice.twp, changes)
        self.history.append(step)
        self.current = choice.goto
        return step

    def undo(self) -> bool:
        """Go back one choice; ``False`` when already at the start."""
        if not self.history:
            return False
        step = self.history.pop()
        self.current = step.scene
        for key, delta in step.changes.items():
            self.indicators[key] -= delta
        return True

    def replay(self, choices: list[int]) -> None:
        self.restart()
        for number, index in enumerate(choices, start=1):
            try:
                self.choose(index)
            except InputError as error:
                raise InputError(
                    f"saved choice {number} does not fit this scenario: {error.message}",
                    field="choices", row=number, value=index,
                ) from None

    # --- reporting -----------------------------------------------------------------------
    def transcript(self) -> list[dict[str, Any]]:
        """The path so far as plain records (scene, choice, feedback, TWP idea, changes)."""
        return [
            {
                "step": number,
                "scene": step.scene,
                "scene_title": self.scenario.scene(step.scene).title,
                "choice": step.label,
                "feedback": step.feedback,
                "twp": step.twp,
                "changes": dict(step.changes),
            }
            for number, step in enumerate(self.history, start=1)
        ]

    def debrief(self) -> Debrief:
        if not self.finished:
            raise InputError("the debrief comes at an ending", field="scene", value=self.current)
        scene = self.scene
        real = self.scenario.real_story
        return Debrief(
            ending_title=scene.title or "Ending",
            ending_text=scene.text,
            outcome=scene.outcome,
            path=tuple(self.history),
            indicators=dict(self.indicators),
            reflection_questions=self.scenario.reflection_questions,
            what_really_happened=real.what_really_happened if real else "",
            literature_disagrees=real.literature_disagrees if real else "",
            sources=(*real.sources, *real.literature_sources) if real else (),
        )

    # --- save and resume -----------------------------------------------------------------
    def to_dict(self, answers: dict[str, str] | None = None) -> dict[str, Any]:
        return {
            "format": SAVE_FORMAT,
            "scenario": self.scenario.id,
            "choices": [step.choice for step in self.history],
            "scene": self.current,
            "indicators": dict(self.indicators),
            "answers": dict(answers or {}),
        }

    def save(self, path: str | Path, answers: dict[str, str] | None = None) -> Path:
        """Write progress as JSON, via a temporary file so a failed write keeps the old one."""
        return save_text(path, json.dumps(self.to_dict(answers), indent=2, ensure_ascii=False))

    def load(self, path: str | Path) -> dict[str, str]:
        """Resume from a saved file; returns the saved reflection answers.

        On any problem the current state is left as it was.
        """
        path, data = load_saved(path, format_id=SAVE_FORMAT, what="scenario progress file")
        if data.get("scenario") != self.scenario.id:
            raise InputError(f"saved progress is for another scenario, not '{self.scenario.id}'",
                             path=path, field="scenario", value=data.get("scenario"))
        choices = data.get("choices")
        answers = data.get("answers", {})
        if not isinstance(choices, list) or not all(isinstance(c, int) for c in choices):
            raise InputError("choices must be a list of numbers", path=path, field="choices")
        if not isinstance(answers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
        ):
            raise InputError("answers must map questions to text", path=path, field="answers")
        before = [step.choice for step in self.history]
        try:
            self.replay(choices)
        except InputError as error:
            self.replay(before)
            raise InputError(error.message, path=path, field="choices", row=error.row) from None
        return answers


def walk_paths(scenario: Scenario, max_steps: int = 200) -> Iterator[list[int]]:
    """Every sequence of choices from the start, each choice edge taken at most once per path.

    Yields the choice lists of complete paths. A path that gets stuck before an ending is
    yielded too, so a caller (the tests) can see it does not end.
    """
    run = ScenarioRun(scenario)
    used: set[tuple[str, int]] = set()

    def walk() -> Iterator[list[int]]:
        if run.finished or len(run.history) >= max_steps:
            yield [s.choice for s in run.history]
            return
        options = [i for i in range(len(run.choices)) if (run.current, i) not in used]
        if not options:
            yield [s.choice for s in run.history]
            return
        for index in options:
            edge = (run.current, index)
            used.add(edge)
            run.choose(index)
            yield from walk()
            run.undo()
            used.discard(edge)

    yield from walk()
