"""Self-check quizzes: defined as YAML data, shown as plain HTML.

A trainer writes ``data/quizzes/<quiz id>.yml`` (checked against
``schemas/quiz.schema.json``); a notebook calls ``quiz.show("<quiz id>")``.

The HTML uses one ``<details>``/``<summary>`` per answer option, so the feedback opens
without JavaScript and without a kernel: it works the same in Jupyter and in the built
static book. Every piece of trainer text is HTML-escaped.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ogp_curriculum import inputs, sources
from ogp_curriculum.errors import DefinitionError, InputError, one_line
from ogp_curriculum.i18n import _
from ogp_curriculum.outputs import html_text
from ogp_curriculum.paths import data_dir

QUIZ_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_LETTERS = "ABCDEFGH"  # the schema allows at most 8 options


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


# --- loading and validation -------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    return inputs.load_schema("quiz")


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


def _node_at(root: yaml.Node | None, parts: list[Any]) -> yaml.Node | None:
    """The deepest YAML node along a JSON path, to point the trainer at a line."""
    node = root
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        else:
            child = None
        if child is None:
            break
        node = child
    return node


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
        missing = re.search(r"'([^']+)'", error.message)
        return "this field is required but missing", missing.group(1) if missing else None
    if kind == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        given = error.instance if isinstance(error.instance, dict) else {}
        extra = sorted(set(given) - set(allowed))
        name = extra[0] if extra else None
        return f"unknown field (allowed fields: {', '.join(allowed)})", name
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
    errors = inputs.schema_errors(data, "quiz")
    for error in errors:
        parts = list(error.absolute_path)
        message, field = _explain(error)
        question, option = _locate(data, parts)
        # For an unknown field, point at the field itself rather than its parent.
        extra = [field] if error.validator == "additionalProperties" else []
        node = _node_at(root, parts + extra)
        line = node.start_mark.line + 1 if node is not None else None
        found.append(QuizDefinitionError(
            message, path=path, field=field, question=question, option=option, line=line
        ))
    if not found:
        found.extend(_duplicate_ids(data, path, root))
        found.extend(_unknown_sources(data, path, root))
    return found


def _unknown_sources(data: dict[str, Any], path: Path | None, root: yaml.Node | None):
    for index, question in enumerate(data["questions"]):
        for number, option in enumerate(question["options"]):
            missing = sources.unknown(option.get("source", ""))
            if missing:
                node = _node_at(root, ["questions", index, "options", number, "source"])
                yield QuizDefinitionError(
                    f"'{missing[0]}' is neither a key of references.bib nor a page of the book",
                    path=path, field="source", question=f"question {index + 1} "
                    f"('{question['id']}')", option=number + 1,
                    line=node.start_mark.line + 1 if node is not None else None,
                )


def _duplicate_ids(data: dict[str, Any], path: Path | None, root: yaml.Node | None):
    first_seen: dict[str, int] = {}
    for index, question in enumerate(data["questions"]):
        qid = question["id"]
        if qid in first_seen:
            node = _node_at(root, ["questions", index, "id"])
            yield QuizDefinitionError(
                f"the id '{qid}' is already used by question {first_seen[qid] + 1}; "
                "ids must be unique within a quiz",
                path=path,
                field="id",
                question=f"question {index + 1} ('{qid}')",
                line=node.start_mark.line + 1 if node is not None else None,
            )
        else:
            first_seen[qid] = index


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


# --- rendering ----------------------------------------------------------------------------

_STYLE = """<style>
.ogp-quiz{border:1px solid currentColor;border-radius:6px;padding:0.5em 1em;margin:1em 0}
.ogp-quiz ul.ogp-quiz-options{list-style:none;padding-left:0}
.ogp-quiz details{border:1px solid rgba(127,127,127,.6);border-radius:4px;margin:.4em 0;
padding:.3em .6em}
.ogp-quiz summary{cursor:pointer}
.ogp-quiz details[open] summary{font-weight:bold}
.ogp-quiz .ogp-quiz-feedback{margin:.4em 0 .2em 1.2em}
</style>"""


_e = html_text  # the one HTML escape (ogp_curriculum.outputs)


def render_html(quiz: Quiz, *, heading_level: int = 3) -> str:
    """The quiz as self-contained HTML: headings, then one <details> per option."""
    if not 1 <= heading_level <= 5:
        raise ValueError("heading_level must be between 1 and 5")
    h, hq = heading_level, heading_level + 1
    base = f"ogp-quiz-{_e(quiz.id)}"
    intro = quiz.intro or _(
        "Pick the answer you think is right, then open it to see the feedback. "
        "You can open the other answers too: each one explains why it is right or not."
    )
    out = [
        _STYLE,
        f'<section class="ogp-quiz" aria-labelledby="{base}-title">',
        f'<h{h} id="{base}-title">{_e(quiz.title)}</h{h}>',
        f"<p>{_e(intro)}</p>",
    ]
    total = len(quiz.questions)
    for number, question in enumerate(quiz.questions, start=1):
        qid = f"{base}-{_e(question.id)}"
        several = question.several_correct
        hint = _("More than one answer is right.") if several else _("One answer is right.")
        of_total = _("Question {number} of {total}").format(number=number, total=total)
        out += [
            f'<div class="ogp-quiz-question" role="group" aria-labelledby="{qid}">',
            f'<h{hq} id="{qid}">{_e(of_total)}</h{hq}>',
            f'<p class="ogp-quiz-prompt">{_e(question.prompt)}</p>',
            f'<p class="ogp-quiz-hint"><em>{hint}</em></p>',
            '<ul class="ogp-quiz-options">',
        ]
        for letter, option in zip(_LETTERS, question.options, strict=False):
            verdict = _("Correct.") if option.correct else _("Not quite.")
            symbol = "&#10003;" if option.correct else "&#10007;"
            cited = (' <span class="ogp-quiz-source">'
                     + _e(_("(Source: {source})").format(source=sources.label(option.source)))
                     + "</span>" if option.source else "")
            out.append(
                f"<li><details><summary>{letter}. {_e(option.text)}</summary>"
                f'<p class="ogp-quiz-feedback"><span aria-hidden="true">{symbol}</span> '
                f"<strong>{verdict}</strong> {_e(option.feedback)}{cited}</p></details></li>"
            )
        out += ["</ul>", "</div>"]
    out.append("</section>")
    return "\n".join(out)


def render_text(quiz: Quiz) -> str:
    """A plain-text version: the questions first, the answers after, for terminals."""
    lines = [quiz.title, ""]
    for number, question in enumerate(quiz.questions, start=1):
        lines.append(_("Question {number}: {prompt}").format(number=number,
                                                              prompt=question.prompt))
        lines += [f"  {letter}. {o.text}" for letter, o in zip(_LETTERS, question.options,
                                                               strict=False)]
        lines.append("")
    lines.append(_("Answers"))
    for number, question in enumerate(quiz.questions, start=1):
        for letter, option in zip(_LETTERS, question.options, strict=False):
            verdict = _("correct") if option.correct else _("not quite")
            cited = (" " + _("(Source: {source})").format(source=sources.label(option.source))
                     if option.source else "")
            lines.append(f"  {number}{letter} ({verdict}): {option.feedback}{cited}")
    return "\n".join(lines)


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


# --- command line -------------------------------------------------------------------------


def _cmd_check(args: argparse.Namespace) -> int:
    from ogp_curriculum.errors import UserError

    paths = [Path(p) for p in args.files] or sorted(quizzes_dir().glob("*.yml"))
    if not paths:
        raise UserError(_("no quiz files found in {folder}").format(folder=quizzes_dir()))
    problems = check_files(paths)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    print(_("ok: {count} quiz file(s) valid").format(count=len(paths)))
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from ogp_curriculum.errors import UserError

    try:
        print(render_text(load(args.quiz_id)))
    except InputError as error:
        raise UserError(str(error)) from None
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("quiz", help=_("check or print the self-check quizzes"))
    commands = parser.add_subparsers(dest="quiz_command", required=True)
    check = commands.add_parser("check", help=_("validate quiz YAML files (all by default)"))
    check.add_argument("files", nargs="*", help=_("quiz files; default: every data/quizzes/*.yml"))
    check.set_defaults(func=_cmd_check)
    show_cmd = commands.add_parser("show", help=_("print a quiz as text, answers at the end"))
    show_cmd.add_argument("quiz_id", help=_("file name in data/quizzes/ without .yml"))
    show_cmd.set_defaults(func=_cmd_show)
