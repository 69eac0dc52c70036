"""Widget view of a worksheet: a text box per question, save and resume."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ogp_curriculum.errors import InputError
from ogp_curriculum.i18n import _, format_number
from ogp_curriculum.outputs import html_text as escaped
from ogp_curriculum.tools.worksheet import Worksheet


def default_path(worksheet: Worksheet) -> Path:
    return Path("~/ogp-curriculum") / f"{worksheet.definition.id}.json"


class WorksheetView:
    def __init__(self, worksheet: Worksheet | None = None,
                 save_path: str | Path | None = None) -> None:
        self.sheet = worksheet or Worksheet()
        self._loading = False
        d = self.sheet.definition
        self.subject = w.Text(placeholder=d.subject_prompt, layout=w.Layout(width="95%"))
        self.subject.observe(lambda _: self._store(), names="value")
        self.boxes: dict[str, w.Textarea] = {}
        parts: list[w.Widget] = [w.HTML(f"<p>{escaped(d.intro)}</p>"),
                                 w.HTML(f"<b>{escaped(d.subject_prompt)}</b>"), self.subject]
        for step in d.steps:
            parts.append(w.HTML(f"<h4>{escaped(step.title)}</h4><p>{escaped(step.summary)}</p>"))
            for q in step.questions:
                box = w.Textarea(placeholder=q.hint, layout=w.Layout(width="95%", height="60px"))
                box.observe(lambda _: self._store(), names="value")
                self.boxes[q.key] = box
                parts += [w.HTML(f"<b>{escaped(q.text)}</b>"), box]
        self.path = w.Text(value=str(save_path or default_path(self.sheet)),
                           description=_("Answers file"), style={"description_width": "initial"},
                           layout=w.Layout(width="95%"))
        self.save_button = w.Button(description=_("Save answers"), icon="save")
        self.load_button = w.Button(description=_("Load answers"), icon="folder-open")
        self.save_button.on_click(lambda _: self.save())
        self.load_button.on_click(lambda _: self.load())
        self.status = w.Label()
        self.progress = w.Label()
        self.widget = w.VBox([*parts, self.progress, self.path,
                              w.HBox([self.save_button, self.load_button]), self.status])
        self._store()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _store(self) -> None:
        if self._loading:
            return
        try:
            self.sheet.set_subject(self.subject.value)
            for key, box in self.boxes.items():
                self.sheet.answer(key, box.value)
        except InputError as error:
            self.status.value = _("Not kept: {error}").format(error=error)
        done, total = self.sheet.progress
        self.progress.value = _("{done} of {total} questions answered").format(
            done=format_number(done), total=format_number(total))

    def save(self) -> None:
        try:
            path = self.sheet.save(self.path.value.strip())
        except OSError as error:
            self.status.value = _("Not saved: {error}").format(error=error)
            return
        self.status.value = _("Saved to {path}").format(path=path)

    def load(self) -> None:
        try:
            self.sheet.load(self.path.value.strip())
        except InputError as error:
            self.status.value = _("Not loaded (your answers are unchanged): {error}").format(
                error=error)
            return
        # Copy first: each widget update below re-stores the answers from all boxes.
        subject, answers = self.sheet.subject, dict(self.sheet.answers)
        self._loading = True
        self.subject.value = subject
        for key, box in self.boxes.items():
            box.value = answers.get(key, "")
        self._loading = False
        self._store()
        self.status.value = _("Loaded from {path}").format(path=self.path.value.strip())
