"""What a notebook cell shows: ``quiz.show("<quiz id>")``."""

from __future__ import annotations

from dataclasses import dataclass

from ogp_curriculum.quiz.loading import load
from ogp_curriculum.quiz.model import Quiz
from ogp_curriculum.quiz.render import render_html, render_text


@dataclass(frozen=True)
class QuizView:
    """What a notebook cell displays: HTML in Jupyter and the book, text elsewhere."""

    quiz: Quiz
    heading_level: int = 3

    def _repr_html_(self) -> str:
        return render_html(self.quiz, heading_level=self.heading_level)

    def __repr__(self) -> str:
        return render_text(self.quiz)


def show(quiz_id: str, *, heading_level: int = 3, language: str | None = None) -> QuizView:
    """Load ``data/quizzes/<quiz_id>.yml`` (or its translation) ready to display in a cell."""
    return QuizView(load(quiz_id, language=language), heading_level=heading_level)
