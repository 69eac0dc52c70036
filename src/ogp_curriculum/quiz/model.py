"""What a quiz is, once loaded: plain frozen data the renderers read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str
    source: str | None = None  # bibliography keys or book pages, see ogp_curriculum.sources


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    options: tuple[Option, ...]

    @property
    def several_correct(self) -> bool:
        return sum(option.correct for option in self.options) > 1


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
