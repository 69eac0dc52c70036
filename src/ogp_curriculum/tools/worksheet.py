"""A question worksheet (Everyday Political Analysis): a validated definition and the answers.

The definition is trainer-editable YAML checked against ``worksheet.schema.json``; the
learner's answers are saved as JSON beside nothing in the repository (default: home folder).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ogp_curriculum import inputs
from ogp_curriculum.errors import DefinitionError, InputError
from ogp_curriculum.files import save_text
from ogp_curriculum.i18n import _
from ogp_curriculum.inputs import load_saved
from ogp_curriculum.outputs import md_block, md_inline
from ogp_curriculum.paths import data_dir

FORMAT = "ogp-worksheet-answers/1"
MAX_ANSWER = 4000


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    source: str  # a key of references.bib: what the book cites, never what a reader sees

    @property
    def cited(self) -> str:
        """The source as the book cites it, ``(Hudson et al. 2016)``, never its BibTeX key."""
        from ogp_curriculum.citations import citation_text, default_bibfile, load_citations

        return citation_text("", [self.source], load_citations(default_bibfile()), strict=False)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    summary: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class WorksheetDefinition:
    id: str
    title: str
    intro: str
    subject_prompt: str
    steps: tuple[Step, ...]

    @property
    def questions(self) -> dict[str, Question]:
        return {q.key: q for step in self.steps for q in step.questions}


def load_definition(path: str | Path | None = None, *,
                    language: str | None = None) -> WorksheetDefinition:
    """Read and check a worksheet definition (default: the Everyday Political Analysis one),
    in ``language`` (default: the learner's) when it is a shipped one."""
    from ogp_curriculum.i18n.trainer_yaml import localized

    path = Path(path) if path else data_dir() / "worksheets" / "everyday_political_analysis.yml"
    path = localized(path, language)
    document = inputs.load_yaml(path, what="worksheet definition")
    data = document.data
    problem = inputs.first_schema_error(data, "worksheet", path=path, doc=document)
    if problem is not None:
        raise problem
    keys = [q["key"] for s in data["steps"] for q in s["questions"]]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise DefinitionError("question keys must be unique", path=path,
                              field="steps.questions.key", value=duplicates[0])
    return WorksheetDefinition(
        id=data["id"], title=data["title"], intro=" ".join(data["intro"].split()),
        subject_prompt=data.get("subject_prompt", _("What are you analysing?")),
        steps=tuple(
            Step(s["key"], s["title"], " ".join(s.get("summary", "").split()), tuple(
                Question(q["key"], q["text"], q.get("hint", ""), q["source"])
                for q in s["questions"]))
            for s in data["steps"]),
    )


class Worksheet:
    """A learner's answers to one worksheet."""

    def __init__(self, definition: WorksheetDefinition | None = None) -> None:
        self.definition = definition or load_definition()
        self.subject = ""
        self.answers: dict[str, str] = {}

    def answer(self, key: str, text: str) -> None:
        if key not in self.definition.questions:
            raise InputError("no such question", field="question", value=key)
        if not isinstance(text, str):
            raise InputError("an answer must be text", field=key)
        if len(text) > MAX_ANSWER:
            raise InputError(f"answers are limited to {MAX_ANSWER} characters", field=key)
        if text.strip():
            self.answers[key] = text
        else:
            self.answers.pop(key, None)

    def set_subject(self, text: str) -> None:
        if len(text) > 300:
            raise InputError("the subject is limited to 300 characters", field="subject")
        self.subject = text

    @property
    def progress(self) -> tuple[int, int]:
        return len(self.answers), len(self.definition.questions)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "worksheet": self.definition.id, "subject": self.subject,
                "answers": {k: self.answers[k] for k in self.definition.questions
                            if k in self.answers}}

    def save(self, path: str | Path) -> Path:
        return save_text(path, json.dumps(self.to_dict(), indent=2, ensure_ascii=False))

    def load(self, path: str | Path) -> None:
        """Replace answers with a saved file's; on any problem nothing changes."""
        path, data = load_saved(path, format_id=FORMAT, what="worksheet")
        if data.get("worksheet") != self.definition.id:
            raise InputError("answers for another worksheet", path=path, field="worksheet",
                             value=data.get("worksheet"))
        trial = Worksheet(self.definition)
        try:
            trial.set_subject(str(data.get("subject", "")))
            answers = data.get("answers", {})
            if not isinstance(answers, dict):
                raise InputError("answers must be an object", field="answers")
            for key, text in answers.items():
                trial.answer(key, text)
        except InputError as error:
            raise InputError(error.message, path=path, field=error.field,
                             value=error.value) from None
        self.subject, self.answers = trial.subject, trial.answers

    def to_markdown(self) -> str:
        """The worksheet and answers as Markdown; learner text is escaped, so it stays text."""
        lines = [f"# {md_inline(self.definition.title)}", ""]
        if self.subject:
            lines += ["**" + _("Subject:") + f"** {md_inline(self.subject)}", ""]
        for step in self.definition.steps:
            lines += [f"## {md_inline(step.title)}", ""]
            for q in step.questions:
                answer = md_block(self.answers.get(q.key, "").strip())
                text = answer or "_" + _("(no answer)") + "_"
                lines += [f"**{md_inline(q.text)}** {md_inline(q.cited)}", "", text, ""]
        return "\n".join(lines)
