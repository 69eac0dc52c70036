"""ipywidgets views: the reflection form and the plenary's upload box.

Thin on purpose: every decision is made by :class:`~.form.ReflectionForm` or by
:func:`~.storage.add_files`; the widgets only pass values in and show the message back.
Learner text is shown in text widgets (never rendered as HTML).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ogp_curriculum.errors import InputError
from ogp_curriculum.files import shown_path
from ogp_curriculum.i18n import N_, _
from ogp_curriculum.reflections import storage
from ogp_curriculum.reflections.form import ReflectionForm
from ogp_curriculum.reflections.schema import LEVELS, PICK_FIELDS, PROMPTS

VOTE_ROWS = 5
_LEVEL_LABELS = {
    "national": N_("National"),
    "sub-national": N_("Sub-national"),
    "cross-country": N_("Cross-country"),
}
_PICK_TITLES = {
    "challenges": N_("Challenges you face (tick all that apply)"),
    "twp_approaches": N_("Ways of thinking and working politically you have used"),
    "support": N_("Support you need"),
}
_WIDE = widgets.Layout(width="95%")


class ReflectionFormView:
    """The widgets of the reflection form, wired to a :class:`ReflectionForm`."""

    def __init__(self, form: ReflectionForm) -> None:
        self.form = form
        self._syncing = False
        self.folder = widgets.Text(value=shown_path(form.folder), description=_("Save folder"),
                                   layout=_WIDE)
        self.use_folder = widgets.Button(description=_("Use this folder"), icon="folder-open")
        self.group = widgets.Text(description=_("Group name"), continuous_update=False)
        self.countries = widgets.Text(
            description=_("Countries"),
            placeholder=_("e.g. Costa Rica, Philippines"),
            continuous_update=False,
            layout=_WIDE,
        )
        self.level = widgets.ToggleButtons(
            options=[(_(_LEVEL_LABELS[v]), v) for v in LEVELS], description=_("Level")
        )
        self.prompts = {
            key: widgets.Textarea(
                placeholder=_(question),
                continuous_update=False,
                layout=widgets.Layout(width="95%", height="6em"),
            )
            for key, question in PROMPTS.items()
        }
        self.picks: dict[str, dict[str, widgets.Checkbox]] = {
            name: {
                o.id: widgets.Checkbox(description=o.label, indent=False, layout=_WIDE)
                for o in form.options.for_field(name)
            }
            for name in PICK_FIELDS
        }
        self.others = {
            name: widgets.Textarea(
                placeholder=_("Anything else, in your own words"),
                continuous_update=False,
                layout=widgets.Layout(width="95%", height="4em"),
            )
            for name in PICK_FIELDS
        }
        self.vote_rows = [
            (
                widgets.Text(
                    placeholder=_("Suggestion {number} to OGP and its partners").format(
                        number=i + 1),
                    continuous_update=False,
                    layout=widgets.Layout(width="75%"),
                ),
                widgets.BoundedIntText(value=0, min=0, max=1000, description=_("votes")),
            )
            for i in range(VOTE_ROWS)
        ]
        self.save_button = widgets.Button(description=_("Save now"), icon="save")
        self.load_button = widgets.Button(description=_("Load saved answers"), icon="upload")
        self.status = widgets.Label()
        self._wire()
        self.refresh()

    # --- wiring --------------------------------------------------------------------------
    def _on(self, widget: widgets.Widget, action: Callable[[Any], None]) -> None:
        def handler(change: dict[str, Any]) -> None:
            if not self._syncing:
                self._guard(lambda: action(change["new"]))

        widget.observe(handler, names="value")

    def _guard(self, action: Callable[[], Any]) -> None:
        # A learner's mistake becomes the status line, never a traceback.
        try:
            action()
        except InputError as error:
            self.form.state = "error"
            self.form.message = _("Not saved: {error}").format(error=error)
        self.refresh()

    def _select(self, name: str, _value: Any) -> None:
        self.form.set_selected(name, self._ticked(name))

    def _wire(self) -> None:
        form = self.form
        self._on(self.group, form.set_group)
        self._on(self.countries, form.set_countries)
        self._on(self.level, form.set_level)
        for key, area in self.prompts.items():
            self._on(area, partial(form.set_prompt, key))
        for name, boxes in self.picks.items():
            for box in boxes.values():
                self._on(box, partial(self._select, name))
            self._on(self.others[name], partial(form.set_other, name))
        for text, votes in self.vote_rows:
            self._on(text, lambda _value: form.set_votes(self._vote_values()))
            self._on(votes, lambda _value: form.set_votes(self._vote_values()))
        self.use_folder.on_click(lambda _b: self._guard(lambda: form.set_folder(self.folder.value)))
        self.save_button.on_click(lambda _b: self._guard(form.save))
        self.load_button.on_click(lambda _b: self._guard(lambda: form.load(self.group.value)))

    def _ticked(self, name: str) -> list[str]:
        ticked = [i for i, box in self.picks[name].items() if box.value]
        # Keep ids from an older option list that this form shows no box for.
        hidden = [i for i in self.form.document[name]["selected"] if i not in self.picks[name]]
        return hidden + ticked

    def _vote_values(self) -> list[tuple[str, int]]:
        return [(text.value, int(votes.value)) for text, votes in self.vote_rows]

    # --- showing the machine's state ------------------------------------------------------
    def refresh(self) -> None:
        """Show what the form holds (after loading, saving or an error)."""
        doc = self.form.document
        self._syncing = True
        try:
            self.folder.value = shown_path(self.form.folder)
            self.group.value = doc["group"]
            self.countries.value = ", ".join(doc["countries"])
            self.level.value = doc["level"]
            for key, area in self.prompts.items():
                area.value = doc["prompts"][key]
            for name, boxes in self.picks.items():
                for option_id, box in boxes.items():
                    box.value = option_id in doc[name]["selected"]
                self.others[name].value = doc[name]["other"]
            votes = doc["priority_votes"]
            for index, (text, count) in enumerate(self.vote_rows):
                row = votes[index] if index < len(votes) else {"suggestion": "", "votes": 0}
                text.value = row["suggestion"]
                count.value = row["votes"]
        finally:
            self._syncing = False
        self.status.value = self.form.message

    def widget(self) -> widgets.Widget:
        def heading(text: str) -> widgets.Label:
            return widgets.Label(value=text, style={"font_weight": "bold"})

        sections: list[widgets.Widget] = [
            widgets.HBox([self.folder, self.use_folder]),
            self.group,
            self.countries,
            self.level,
        ]
        for key, question in PROMPTS.items():
            sections += [heading(_(question)), self.prompts[key]]
        for name in PICK_FIELDS:
            boxes = list(self.picks[name].values())
            sections += [heading(_(_PICK_TITLES[name])), *boxes, self.others[name]]
        sections.append(heading(_("Suggestions to OGP and its partners, with the group's votes")))
        sections += [widgets.HBox([text, votes]) for text, votes in self.vote_rows]
        sections += [widgets.HBox([self.save_button, self.load_button]), self.status]
        return widgets.VBox(sections)


class UploadView:
    """The plenary's upload box: hand-ins go into the trainer's folder, never replacing a file."""

    def __init__(self, folder: str | Path, on_added: Callable[[], None] | None = None) -> None:
        self.folder = Path(folder).expanduser()
        self.on_added = on_added
        self.upload = widgets.FileUpload(accept=".json", multiple=True,
                                         description=_("Choose files"))
        self.add_button = widgets.Button(description=_("Add to the folder"), icon="plus")
        self.log = widgets.Textarea(disabled=True, layout=widgets.Layout(width="95%", height="6em"))
        self.add_button.on_click(lambda _b: self.add())

    def add(self) -> None:
        files = [(f["name"], bytes(f["content"])) for f in self.upload.value]
        if not files:
            self.log.value = _("Choose one or more .json files first.")
            return
        try:
            results = storage.add_files(self.folder, files)
        except InputError as error:
            self.log.value = _("Nothing added: {error}").format(error=error)
            return
        self.log.value = "\n".join(f"{r.name}: {r.message}" for r in results)
        self.upload.value = ()
        if self.on_added is not None:
            self.on_added()

    def widget(self) -> widgets.Widget:
        where = widgets.Label(value=_("Files are added to {folder}").format(
            folder=shown_path(self.folder)))
        return widgets.VBox([where, widgets.HBox([self.upload, self.add_button]), self.log])
