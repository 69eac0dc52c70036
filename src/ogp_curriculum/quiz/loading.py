"""Finding and reading quiz files: ``data/quizzes/<quiz id>.yml`` or its translation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ogp_curriculum import inputs
from ogp_curriculum.errors import InputError
from ogp_curriculum.paths import data_dir
from ogp_curriculum.quiz.model import Option, Question, Quiz
from ogp_curriculum.quiz.validate import QuizDefinitionError, validation_errors

QUIZ_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def quizzes_dir() -> Path:
    return data_dir() / "quizzes"


def quiz_path(quiz_id: str) -> Path:
    """The file of a quiz id; refuses ids that could point outside the quiz folder."""
    if not QUIZ_ID_PATTERN.match(quiz_id):
        raise InputError(
            "a quiz id is a file name in data/quizzes/ without '.yml' "
            "(letters, digits, '_' or '-')",
            field="quiz_id",
            value=quiz_id,
        )
    return quizzes_dir() / f"{quiz_id}.yml"


def _parse(path: Path) -> tuple[Any, yaml.Node | None]:
    if not path.exists() and not path.is_symlink():
        known = ", ".join(sorted(p.stem for p in path.parent.glob("*.yml"))) or "none"
        raise InputError(f"no such quiz file (quizzes here: {known})", path=path) from None
    try:
        document = inputs.load_yaml(path, what="quiz file")
    except InputError as error:
        line = error.row if isinstance(error.row, int) else None
        raise QuizDefinitionError(error.message, path=path, line=line) from None
    return document.data, document.root


def _build(quiz_id: str, data: dict[str, Any]) -> Quiz:
    return Quiz(
        id=quiz_id,
        title=data["title"],
        intro=data.get("intro"),
        questions=tuple(
            Question(
                id=q["id"],
                prompt=q["prompt"],
                options=tuple(Option(o["text"], o["correct"], o["feedback"], o.get("source"))
                              for o in q["options"]),
            )
            for q in data["questions"]
        ),
    )


def load_file(path: str | Path) -> Quiz:
    """Load and validate one quiz file; raise the first problem as a QuizDefinitionError."""
    path = Path(path)
    data, root = _parse(path)
    errors = validation_errors(data, path=path, root=root)
    if errors:
        raise errors[0]
    return _build(path.stem, data)


def load(quiz_id: str, *, language: str | None = None) -> Quiz:
    """A shipped quiz in ``language`` (default: the learner's; see ogp_curriculum.i18n)."""
    from ogp_curriculum.i18n.trainer_yaml import localized

    return load_file(localized(quiz_path(quiz_id), language))


def check_files(paths: list[Path]) -> list[InputError]:
    """Every problem in every file (for the command line and the tests)."""
    problems: list[InputError] = []
    for path in paths:
        try:
            data, root = _parse(path)
        except InputError as error:
            problems.append(error)
            continue
        problems.extend(validation_errors(data, path=path, root=root))
    return problems
