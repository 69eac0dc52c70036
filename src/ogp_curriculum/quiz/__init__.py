"""Self-check quizzes: defined as YAML data, shown as plain HTML.

A trainer writes ``data/quizzes/<quiz id>.yml`` (checked against
``schemas/quiz.schema.json``); a notebook calls ``quiz.show("<quiz id>")``.

One module per job: ``model`` (the loaded quiz), ``validate`` (schema and cross-checks,
errors in plain words), ``loading`` (files and translations), ``render`` (HTML and text,
every trainer text escaped), ``view`` (what a cell shows) and ``cli``.
"""

from ogp_curriculum.quiz.loading import (
    QUIZ_ID_PATTERN,
    check_files,
    load,
    load_file,
    quiz_path,
    quizzes_dir,
)
from ogp_curriculum.quiz.model import Option, Question, Quiz
from ogp_curriculum.quiz.render import render_html, render_text
from ogp_curriculum.quiz.validate import QuizDefinitionError, schema, validation_errors
from ogp_curriculum.quiz.view import QuizView, show

__all__ = [
    "QUIZ_ID_PATTERN",
    "Option",
    "Question",
    "Quiz",
    "QuizDefinitionError",
    "QuizView",
    "check_files",
    "load",
    "load_file",
    "quiz_path",
    "quizzes_dir",
    "render_html",
    "render_text",
    "schema",
    "show",
    "validation_errors",
]
