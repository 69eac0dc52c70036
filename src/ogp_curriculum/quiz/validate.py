"""Checking a parsed quiz: the schema, then unique ids and known sources.

Every problem becomes a ``QuizDefinitionError`` in plain words, naming the file, line,
question, option and field, so a trainer can fix the YAML without reading a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ogp_curriculum import inputs, sources
from ogp_curriculum.errors import DefinitionError, one_line


class QuizDefinitionError(DefinitionError):
    """A quiz file breaks the schema; names the file, line, question, option and field."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        field: str | None = None,
        question: str | None = None,
        option: int | None = None,
        line: int | None = None,
    ) -> None:
        # Set before super().__init__, which renders the message.
        self.question = question
        self.option = option
        self.line = line
        super().__init__(message, path=path, field=field)

    def _render(self) -> str:
        where: list[str] = []
        if self.path is not None:
            where.append(str(self.path))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.question is not None:
            where.append(self.question)
        if self.option is not None:
            where.append(f"option {self.option}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return one_line(f"{', '.join(where)}: {self.message}" if where else self.message)


def schema() -> dict[str, Any]:
    return inputs.load_schema("quiz")  # cached there


def _line(root: yaml.Node | None, parts: Sequence[object]) -> int | None:
    """The 1-based line a JSON path points at, to send the trainer there."""
    node = inputs.node_at(root, parts)
    return node.start_mark.line + 1 if node is not None else None


_TYPE_WORDS = {
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of 'field: value' lines",
    "integer": "a whole number",
}


def _explain(error: jsonschema.ValidationError) -> tuple[str, str | None]:
    """A plain-language message, and the field it is about, for one schema error."""
    parts = list(error.absolute_path)
    field = next((p for p in reversed(parts) if isinstance(p, str)), None)
    kind = error.validator
    if kind == "required":
        return "this field is required but missing", inputs.missing_property(error)
    if kind == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        position = inputs.error_position(error)  # ends with the first unknown field
        return f"unknown field (allowed fields: {', '.join(allowed)})", str(position[-1])
    if kind == "type":
        expected = error.validator_value
        words = _TYPE_WORDS.get(expected, str(expected)) if isinstance(expected, str) else expected
        return f"must be {words}, not {inputs.shorten(error.instance)}", field
    if kind == "minLength":
        return "must not be empty", field
    if kind == "minItems":
        return f"needs at least {error.validator_value} entries", field
    if kind == "maxItems":
        return f"allows at most {error.validator_value} entries", field
    if kind == "pattern" and field == "id":
        return "must use only lower-case letters, digits, '_' or '-'", field
    if kind == "contains":
        return "no option is marked 'correct: true'; mark at least one", field
    return inputs.message(error), field


def _locate(data: Any, parts: list[Any]) -> tuple[str | None, int | None]:
    """'question N ('id')' and the 1-based option number a JSON path points into."""
    if len(parts) < 2 or parts[0] != "questions" or not isinstance(parts[1], int):
        return None, None
    index = parts[1]
    label = f"question {index + 1}"
    questions = data.get("questions") if isinstance(data, dict) else None
    if isinstance(questions, list) and index < len(questions):
        qid = questions[index].get("id") if isinstance(questions[index], dict) else None
        if isinstance(qid, str):
            label += f" ('{qid}')"
    option = None
    if len(parts) >= 4 and parts[2] == "options" and isinstance(parts[3], int):
        option = parts[3] + 1
    return label, option


def validation_errors(
    data: Any, *, path: Path | None = None, root: yaml.Node | None = None
) -> list[QuizDefinitionError]:
    """Every problem in a parsed quiz, in file order; empty when the quiz is valid."""
    if not isinstance(data, dict):
        message = "expected a mapping with 'title' and 'questions'"
        if data is None:
            message = "the file is empty; " + message
        return [QuizDefinitionError(message, path=path, line=1)]
    found: list[QuizDefinitionError] = []
    for error in inputs.schema_errors(data, "quiz"):
        message, field = _explain(error)
        question, option = _locate(data, list(error.absolute_path))
        found.append(QuizDefinitionError(
            message, path=path, field=field, question=question, option=option,
            line=_line(root, inputs.error_position(error)),
        ))
    if not found:
        found.extend(_duplicate_ids(data, path, root))
        found.extend(_unknown_sources(data, path, root))
    return found


def _unknown_sources(data: dict[str, Any], path: Path | None,
                     root: yaml.Node | None) -> Iterator[QuizDefinitionError]:
    for index, question in enumerate(data["questions"]):
        for number, option in enumerate(question["options"]):
            missing = sources.unknown(option.get("source", ""))
            if missing:
                yield QuizDefinitionError(
                    f"'{missing[0]}' is neither a key of references.bib nor a page of the book",
                    path=path, field="source", question=f"question {index + 1} "
                    f"('{question['id']}')", option=number + 1,
                    line=_line(root, ["questions", index, "options", number, "source"]),
                )


def _duplicate_ids(data: dict[str, Any], path: Path | None,
                   root: yaml.Node | None) -> Iterator[QuizDefinitionError]:
    first_seen: dict[str, int] = {}
    for index, question in enumerate(data["questions"]):
        qid = question["id"]
        if qid in first_seen:
            yield QuizDefinitionError(
                f"the id '{qid}' is already used by question {first_seen[qid] + 1}; "
                "ids must be unique within a quiz",
                path=path,
                field="id",
                question=f"question {index + 1} ('{qid}')",
                line=_line(root, ["questions", index, "id"]),
            )
        else:
            first_seen[qid] = index
